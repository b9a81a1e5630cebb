"""The series of one indicator for one area: values, flags and provenance.

The source's observations become a panel (values and weights as matrices, built
once per version); an area's series is its units aggregated with the coverage rule,
or the source's own figure. Which units make up an area is ``units.py``'s.
"""

from __future__ import annotations

import pandas as pd

from data_sources.catalogue import Indicator, SeriesRef
from data_sources.lineage import read_lineage
from data_sources.periods import parse_period, period_label_nl

from ..aggregation import Panel, apply_coverage_rule
from ..areas import Area
from ..indeling import (
    members_per_period,
    on_period_indeling,
    weights_on_current_indeling,
)
from ..notes import Note
from .errors import QueryError, _stored_series
from .memo import consistent

OWN_GEMEENTE_NOTE = Note("note.own_gemeente")


class Series:
    """Observations, weights, panels and the series built from them."""

    def _observations(self, ref: SeriesRef, period: str | None = None) -> pd.DataFrame:
        """The source's observations of one series (of one ``period`` when given)."""

        def compute():
            frame = self.cache.observations(
                ref.dataset, ref.measure, period=period, dims=ref.dims
            )
            return frame[
                [
                    "area_code",
                    "period",
                    "period_start",
                    "value",
                    "status",
                    "missing_reason",
                ]
            ]

        key = ("obs", ref.dataset, ref.measure, ref.dims)
        return self._memoised(key if period is None else (*key, period), compute)

    def _source_codes(self, ref: SeriesRef) -> list[str]:
        """Every area code the series has, in any period (without its values)."""
        return self._memoised(
            ("obs_codes", ref.dataset, ref.measure, ref.dims),
            lambda: self.cache.observed_codes(ref.dataset, ref.measure, ref.dims),
        )

    def _weights(
        self,
        indicator: Indicator,
        values: pd.DataFrame,
        value_codes=None,
    ) -> pd.DataFrame | None:
        """Base or denominator aligned to the value periods (same period, or Jan 1 of
        the year). ``value_codes``: every area code of the value source when
        ``values`` are some of its periods only (which indeling it is on)."""
        ref = (
            indicator.denominator if indicator.aggregation == "rate" else indicator.base
        )
        if ref is None:
            return None
        base = self._observations(ref)[["area_code", "period", "value"]].rename(
            columns={"value": "weight"}
        )
        if ref.period == "same":
            return base
        lineage = read_lineage()
        codes = values["area_code"] if value_codes is None else value_codes
        if on_period_indeling(base["area_code"], lineage) and not on_period_indeling(
            codes, lineage
        ):
            # The numerator counts every period on the current gemeente indeling, the
            # base each year on that year's: the base of an area is the sum of its
            # predecessors in that year (Amsterdam 2021 = Amsterdam + Weesp).
            return weights_on_current_indeling(
                values["area_code"].unique(),
                values["period"].unique(),
                base.rename(columns={"period": "year_key"}),
                lineage,
            )
        keys = values[["period"]].drop_duplicates()
        keys["year_key"] = keys["period"].map(
            lambda p: f"{parse_period(p).start.year}JJ00"
        )
        base = base.rename(columns={"period": "year_key"})
        return keys.merge(base, on="year_key")[["area_code", "period", "weight"]]

    @consistent
    def series(self, indicator_id: str, area_id: str) -> pd.DataFrame:
        """All periods of one indicator for one area, with flags and provenance."""
        indicator = self.indicator(indicator_id)
        area = self.area(area_id)
        problem = self.problems().get(indicator.id)
        if problem is not None:  # e.g. a live-only table that was never fetched
            raise QueryError(f"{indicator.title.nl}: {problem}")
        return self._memoised(
            ("series", indicator.id, area.id),
            lambda: self._read_through(
                "series",
                f"{indicator.id}|{area.id}",
                lambda: self._series(indicator, area),
                _stored_series,
            ),
        )

    def _panel(self, indicator: Indicator) -> Panel:
        """The indicator's source and weights as matrices, built once per version."""
        problem = self.problems().get(indicator.id)
        if problem is not None:  # an online-only table offline: no matrix to build
            raise QueryError(f"{indicator.title.nl}: {problem}")

        def build():
            values = self._observations(indicator.source)
            return Panel(values, self._weights(indicator, values))

        return self._memoised(("panel", indicator.id), build)

    def _period_panel(self, indicator: Indicator, period: str) -> Panel:
        """The indicator's panel of one period alone, for a map of that period: the
        same matrices' column of it, from that period's rows only (a corona measure
        is some 55 000 rows, a map of it 342; reading them all took a second)."""
        problem = self.problems().get(indicator.id)
        if problem is not None:
            raise QueryError(f"{indicator.title.nl}: {problem}")

        def build():
            values = self._observations(indicator.source, period)
            if not len(values):  # no such period: the whole panel says so
                return Panel(values, None)
            codes = self._source_codes(indicator.source)
            return Panel(values, self._weights(indicator, values, codes))

        return self._memoised(("panel", indicator.id, period), build)

    def _series(self, indicator: Indicator, area: Area) -> pd.DataFrame:
        dataset = indicator.source.dataset
        own = self._own_gemeente_panel(indicator, area)
        if own is not None:
            # The source's own gemeente figure: its wijk file publishes small counts
            # as 0, so the wijken do not add up to the gemeente.
            panel, dataset = own, indicator.gemeente_source.dataset
            units, level_note, method = [area.id], OWN_GEMEENTE_NOTE, "direct"
        else:
            units, level_note, method = self._units(indicator, area)
            panel = self._panel(indicator)
        if method == "direct" and own is None:
            method, level_note = self._on_current_gemeente(indicator, units, level_note)
        coverage = None if method == "direct" else self._coverage_weights(indicator)
        mask = gaps = None
        if (
            method == "aggregate"
            and indicator.level == "gemeente"
            and self._on_period_indeling(indicator.source)
        ):
            # A region of today's gemeenten counts, in each period, the gemeenten of
            # that period's indeling that now lie in it (VR17 2022 with Brielle,
            # Hellevoetsluis and Westvoorne, 2023 with Voorne aan Zee).
            units, mask, gaps = members_per_period(units, panel.periods, read_lineage())
        out = panel.series(
            indicator.aggregation,
            units,
            coverage,
            indicator.multiplier,
            direct=method == "direct",
            mask=mask,
            gaps=gaps,
        )
        labels = self._memoised(("labels", indicator.id), lambda: {})
        out["period_label"] = [
            labels.setdefault(p, period_label_nl(p)) for p in out["period"]
        ]
        out["indicator"] = indicator.id
        out["area_id"] = area.id
        out["area_name"] = area.name
        out["level_note"] = level_note
        out["estimate"] = bool(indicator.is_estimate and method == "aggregate")
        unit_word = "wijken" if indicator.level == "wijk" else "gemeenten"
        if method == "direct":
            out["coverage"] = ""
            out["at_least"] = False
            out["low_coverage"] = False
        else:
            out = apply_coverage_rule(
                out, indicator.aggregation, indicator.coverage_threshold, unit_word
            )
        prov = self.provenance(dataset)
        out["dataset"] = dataset  # the figure's own source (a gemeente_source for some)
        out["table_id"] = prov.table_id if prov else None
        out["cbs_modified"] = prov.cbs_modified if prov else None
        out["fetched_at"] = prov.fetched_at if prov else None
        out["origin"] = prov.origin if prov else None
        return out

    @staticmethod
    def _missing_reason(values: pd.DataFrame, units: list[str]) -> str:
        reasons = values[values["area_code"].isin(units)]["missing_reason"].dropna()
        return reasons.mode().iloc[0] if len(reasons) else "geen gegevens"

    def _coverage_weights(self, indicator: Indicator) -> dict[str, float] | None:
        """Inhabitants per unit, to say which part of an area a partial figure covers."""
        if indicator.level == "wijk":
            ref = SeriesRef(dataset="wijken_2022", measure="population")
        else:
            ref = SeriesRef(
                dataset="cbs_03759ned",
                measure="M000352",
                dims="BurgerlijkeStaat=T001019;Geslacht=T001038;Leeftijd=10000",
            )

        def compute():
            frame = self._observations(ref).dropna(subset=["value"])
            if not len(frame):
                return None
            latest = frame.sort_values("period").groupby("area_code")["value"].last()
            return latest.to_dict()

        return self._memoised(("coverage", ref.dataset), compute)

    def unit_weights(self, indicator_id: str, period: str) -> dict[str, float] | None:
        """The weight of each source unit in ``period`` as the aggregation gives it
        (base of a share or mean, denominator of a rate); None for a count."""
        indicator = self.indicator(indicator_id)
        if indicator.aggregation not in ("share", "mean", "rate"):
            return None
        panel = self._panel(indicator)
        if panel.weights is None or period not in panel.periods:
            return None
        column = panel.weights[:, panel.periods.index(period)]
        return {code: float(column[row]) for code, row in panel.rows.items()}

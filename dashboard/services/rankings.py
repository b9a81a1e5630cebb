"""Areas side by side: map values, the profile of an area and the stapeling.

Map values are one indicator for every area of a level; the profile is every
indicator for one area; the stapeling scores each gebied against Nederland in
standard deviations of the source units.
"""

from __future__ import annotations

import json
import logging

import numpy as np
import pandas as pd

from data_sources.catalogue import Indicator

from ..areas import NL
from ..notes import Note, title
from .errors import QueryError
from .memo import consistent

log = logging.getLogger("coronadash")


class Rankings:
    """Values across areas and the warm-up of the first page."""

    @consistent
    def map_values(
        self, indicator_id: str, level: str, period: str | None = None
    ) -> pd.DataFrame:
        """Values of all areas of a level (gemeente, wijk or gebied) in one period,
        for maps and rankings: area_id, area_name, period, value, status."""
        indicator = self.indicator(indicator_id)
        if level not in ("gemeente", "wijk", "gebied"):
            raise QueryError(
                f"kaartniveau {level!r} bestaat niet (gemeente, wijk of gebied)"
            )
        if level == "gebied":
            return self._gebied_values(indicator, period)
        order = {"nederland": 0, "gemeente": 1, "wijk": 2}
        if order[level] > order[indicator.level]:
            raise QueryError(
                Note("map.no_level", title=title(indicator.title), level=_level(level))
            )
        prefix = "GM" if level == "gemeente" else "WK"
        panel = self._panel(indicator) if period is None else None
        if period is not None:
            # that period's rows only; the whole panel where they hold no area of
            # the level (it says why: no such level, or no such period)
            panel = self._period_panel(indicator, period)
            if period not in panel.periods or not any(
                c.startswith(prefix) for c in panel.rows
            ):
                panel = self._panel(indicator)
        codes = [c for c in panel.rows if c.startswith(prefix)]
        if not codes:
            raise QueryError(
                Note("map.no_values", title=title(indicator.title), level=_level(level))
            )
        rows = [panel.rows[c] for c in codes]
        values = panel.values[rows]
        if indicator.aggregation == "rate" and panel.weights is not None:
            with np.errstate(invalid="ignore", divide="ignore"):
                values = values / panel.weights[rows] * indicator.multiplier
        if period is not None:
            if period not in panel.periods:
                raise QueryError(
                    Note("map.no_period", title=title(indicator.title), period=period)
                )
            column = panel.periods.index(period)
        else:
            filled = np.flatnonzero(~np.isnan(values).all(axis=0))
            if not len(filled):
                raise QueryError(
                    Note(
                        "map.no_values",
                        title=title(indicator.title),
                        level=_level(level),
                    )
                )
            column = int(filled[-1])  # periods are sorted by start
        names = self._memoised(
            ("names", level),
            lambda: {a.id: a.name for a in self.registry.by_level(level)},
        )
        status_names = {0: "definitief", 1: "nader voorlopig", 2: "voorlopig"}
        out = pd.DataFrame(
            {
                "area_id": codes,
                "area_name": [names.get(c, c) for c in codes],
                "period": panel.periods[column],
                "value": values[:, column],
                "status": [status_names[int(v)] for v in panel.status[rows, column]],
            }
        )
        keep = panel.has_row[rows, column]
        return (
            out[keep]
            .sort_values("value", ascending=False, na_position="last")
            .reset_index(drop=True)
        )

    @consistent
    def wijk_indicators(self, gemeente_id: str) -> list[str]:
        """The wijk indicators (catalogue order) whose map, in its latest period,
        has a value for a wijk of the gemeente: the gebied page's map choices.
        Stored at refresh for the gemeenten of the gebieden; building every wijk
        panel for them took half a second of a gebied page's first view."""
        return self._memoised(
            ("wijk_indicators", gemeente_id),
            lambda: self._read_through(
                "wijk_indicators",
                gemeente_id,
                lambda: self._wijk_indicators(gemeente_id),
                json.loads,
            ),
        )

    def _wijk_indicators(self, gemeente_id: str) -> list[str]:
        gemeente = self.registry.areas.get(gemeente_id)
        if gemeente is None or not gemeente.wijken:
            return []
        wijken = set(gemeente.wijken)
        found = []
        for indicator in self.catalogue.indicators:
            if indicator.level != "wijk":
                continue
            try:
                values = self.map_values(indicator.id, "wijk")
            except QueryError:
                continue
            if (values["area_id"].isin(wijken) & values["value"].notna()).any():
                found.append(indicator.id)
        return found

    def _gebied_values(self, indicator: Indicator, period: str | None) -> pd.DataFrame:
        rows = []
        for area in self.registry.gebieden():
            try:
                series = self.series(indicator.id, area.id)
            except QueryError:
                continue
            rows.append(series)
        if not rows:
            raise QueryError(Note("map.no_gebied_values", title=title(indicator.title)))
        frame = pd.concat(rows, ignore_index=True)
        if period is None:
            filled = frame.dropna(subset=["value"])
            if not len(filled):
                raise QueryError(
                    Note("map.no_gebied_values", title=title(indicator.title))
                )
            period = filled.sort_values("period_start")["period"].iloc[-1]
        elif not (frame["period"] == period).any():
            raise QueryError(
                Note("map.no_period", title=title(indicator.title), period=period)
            )
        out = frame[frame["period"] == period]
        return (
            out[["area_id", "area_name", "period", "value", "status"]]
            .sort_values("value", ascending=False, na_position="last")
            .reset_index(drop=True)
        )

    def warm(self) -> None:
        """Compute what the first page needs, so the first visitor does not wait."""
        try:
            self.stapeling()
            for area in self.registry.gebieden():
                self.profile(area.id)
        except Exception:  # noqa: BLE001 - warming is best effort; requests recompute
            log.exception("opwarmen mislukt; de pagina's rekenen het zelf uit")

    @consistent
    def profile(self, area_id: str) -> pd.DataFrame:
        """One row per indicator with a value for the area: latest period and
        comparisons. Stored at refresh for the gebieden (a gebied page's key figures:
        about fifty comparisons, half a second, and the whole warm-up before)."""
        area = self.area(area_id)
        return self._memoised(
            ("profile", area.id),
            lambda: self._read_through("profile", area.id, lambda: self._profile(area)),
        )

    def _profile(self, area) -> pd.DataFrame:
        rows = []
        for indicator in self.catalogue.indicators:
            try:
                comparison = self.comparison(indicator.id, area.id)
            except QueryError:
                continue
            comparison["domain"] = indicator.domain
            rows.append(comparison)
        return pd.DataFrame(rows)

    @consistent
    def stapeling(self) -> pd.DataFrame:
        """Per gebied and indicator: deviation from NL in standard deviations, signed so
        that a positive score is worse (polarity), for indicators with a direction."""

        def compute():
            rows = []
            for indicator in self.catalogue.indicators:
                if (
                    indicator.polarity == "neutral"
                    or indicator.level == "nederland"
                    or not indicator.compares_with_nl  # a count has no score vs NL
                ):
                    continue
                for area in self.registry.gebieden():
                    try:
                        row = self.value(indicator.id, area.id)
                        nl = self._value_or_none(indicator.id, NL, row["period"])
                    except QueryError:
                        continue
                    if nl is None or pd.isna(row["value"]):
                        continue
                    spread = self._spread(indicator, row["period"])
                    if not spread:
                        continue
                    z = (row["value"] - nl) / spread
                    rows.append(
                        {
                            "area_id": area.id,
                            "area_name": area.name,
                            "indicator": indicator.id,
                            "title": indicator.title.nl,
                            "domain": indicator.domain,
                            "period": row["period"],
                            "value": row["value"],
                            "nederland": nl,
                            "spread": spread,
                            "z": z,
                            "score": z * indicator.polarity_sign,  # > 0: worse than NL
                            "level_note": row["level_note"],
                            "estimate": row["estimate"],
                            "coverage": row["coverage"],
                        }
                    )
            return pd.DataFrame(rows)

        return self._memoised(
            ("stapeling",), lambda: self._read_through("stapeling", "", compute)
        )

    def _spread(self, indicator: Indicator, period: str) -> float | None:
        """Standard deviation of the indicator across its source units in that period."""
        return self._memoised(
            ("spread", indicator.id, period),
            lambda: self._compute_spread(indicator, period),
        )

    def _compute_spread(self, indicator: Indicator, period: str) -> float | None:
        try:
            frame = self.map_values(indicator.id, indicator.level, period)
        except QueryError:
            return None
        values = frame["value"].dropna()
        if len(values) < 3:
            return None
        spread = float(values.std(ddof=1))
        return spread if spread > 0 else None


# the map level in a note: "wijkniveau", "district level"
LEVEL_WORDS = {"gemeente": "municipality", "wijk": "district", "gebied": "area"}


def _level(level: str) -> dict:
    return {"nl": f"{level}niveau", "en": f"{LEVEL_WORDS.get(level, level)} level"}

"""Corona burden per wave and the period a view opens on.

The waves come from ``data_sources/golven.yaml``; the totals per wave from
``dashboard/corona_burden.py``.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from data_sources.golven import Waves, read_golven

from .. import corona_burden
from ..areas import NL
from ..notes import Note, title
from .errors import QueryError
from .memo import consistent

# First national measures: the pre-corona period ends before this date.
CORONA_START = date(2020, 3, 1)
# The corona years of the coronakloof and of the default corona period end here.
CORONA_END = date(2022, 12, 31)


class Corona:
    """Waves, wave totals and burden, and the default period."""

    def waves(self) -> Waves:
        """The corona waves of ``data_sources/golven.yaml`` (validated once)."""
        return self._memoised(("waves",), read_golven)

    @consistent
    def default_period(self, indicator_id: str) -> str:
        """The period a view of the indicator opens on (catalogue ``default_period``):
        the national peak of the corona years, or the latest period with a value."""
        indicator = self.indicator(indicator_id)
        series = self.series(indicator_id, NL)
        with_value = series[series["value"].notna()]
        if not len(with_value):
            raise QueryError(f"{indicator.title.nl}: geen landelijke waarden")
        if indicator.default_period == "peak":
            starts = pd.to_datetime(with_value["period_start"]).dt.date
            corona = with_value[(starts >= CORONA_START) & (starts <= CORONA_END)]
            if len(corona):
                return corona.loc[corona["value"].idxmax(), "period"]
        return with_value.iloc[-1]["period"]

    @consistent
    def wave_totals(self, indicator_id: str) -> pd.DataFrame:
        """Per gemeente (and Nederland) and wave: the count per 100.000 inwoners with
        its coverage (``corona_burden.wave_totals``); shared, do not change it."""
        indicator = self.indicator(indicator_id)
        problem = self.problems().get(indicator.id)
        if problem is not None:
            raise QueryError(f"{indicator.title.nl}: {problem}")
        return self._memoised(
            ("wave_totals", indicator.id),
            lambda: self._read_through(
                "wave_totals",
                indicator.id,
                lambda: corona_burden.wave_totals(
                    self._observations(indicator.source),
                    self._observations(indicator.denominator),
                    self.waves(),
                ),
            ),
        )

    @consistent
    def wave_burden(
        self, indicator_id: str, area_id: str | None = None
    ) -> pd.DataFrame:
        """Per wave: count per 100.000 inwoners for an area (a gebied: its gemeente,
        labelled) or, without an area, for the gemeenten of the 16 gebieden ranked
        per wave (1 = highest burden); always with Nederland beside it."""
        indicator = self.indicator(indicator_id)
        if indicator.domain != "corona" or indicator.aggregation != "rate":
            raise QueryError(
                f"{indicator.title.nl}: geen ziektelast per golf (alleen voor "
                "corona-aantallen per inwoner)"
            )
        totals = self.wave_totals(indicator.id)
        # Nederland and the ranks are the same for every area asked: once per measure
        nl = self._memoised(
            ("wave_burden_nl", indicator.id),
            lambda: corona_burden.national(totals, NL).set_index("wave"),
        )
        ranked = sorted({a.gemeente for a in self.registry.gebieden() if a.gemeente})
        if area_id is None:
            codes, notes = ranked, {code: "" for code in ranked}
        else:
            area = self.area(area_id)
            if area.level not in ("gemeente", "gebied", "wijk", "rest"):
                raise QueryError(
                    Note(
                        "note.waves_per_gemeente",
                        title=title(indicator.title),
                        area=area.name,
                    )
                )
            code = area.id if area.level == "gemeente" else area.gemeente
            level_note = (
                ""
                if area.level == "gemeente"
                else Note("note.gemeente_level", name=self.area(code).name)
            )
            codes, notes = [code], {code: level_note}
        # The rank is among the gemeenten of the 16, also when one area is asked.
        rank = self._memoised(
            ("wave_burden_rank", indicator.id),
            lambda: _ranks(totals, ranked),
        )
        out = totals[totals["area_code"].isin(codes)].merge(
            rank[["area_code", "wave", "rang"]], on=["area_code", "wave"], how="left"
        )
        out["area_name"] = [self.area(c).name for c in out["area_code"]]
        out["level_note"] = out["area_code"].map(notes)
        out["nederland"] = out["wave"].map(nl["per_100k"])
        out["nederland_dekking"] = out["wave"].map(nl["coverage"])
        out["verschil_met_nederland"] = out["per_100k"] - out["nederland"]
        out["indicator"] = indicator.id
        prov = self.provenance(indicator.source.dataset)
        out["table_id"] = prov.table_id if prov else None
        out["fetched_at"] = prov.fetched_at if prov else None
        order = {w.id: n for n, w in enumerate(self.waves().waves)}
        out["_order"] = out["wave"].map(order)
        return (
            out.sort_values(["_order", "rang", "area_code"])
            .drop(columns="_order")
            .reset_index(drop=True)
        )


def _ranks(totals: pd.DataFrame, ranked: list[str]) -> pd.DataFrame:
    """Per wave the rank of each of ``ranked`` (1 = the highest burden)."""
    rank = totals[totals["area_code"].isin(ranked)].copy()
    rank["rang"] = (
        rank.groupby("wave")["per_100k"]
        .rank(ascending=False, method="min")
        .astype("Int64")
    )
    return rank

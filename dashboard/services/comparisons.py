"""One value of an area against Nederland, its gemeente and the rest of it.

The period asked (a key, a year or the latest), the change since a base period and
the corona gap (the gap to Nederland before March 2020 and after).
"""

from __future__ import annotations

import math

import pandas as pd

from data_sources.periods import PeriodError, parse_period, period_label_nl

from ..areas import NL
from .corona import CORONA_START
from .errors import CoverageError, QueryError
from .memo import consistent
from .results import Comparison, CoronaGap


class Comparisons:
    """Periods, values and comparisons of one area."""

    @consistent
    def resolve_period(
        self, indicator_id: str, series: pd.DataFrame, period: str | None
    ) -> str:
        """A period key of the series: given as a key (2020MM04), a year (2022) or None (latest)."""
        with_value = series[series["value"].notna()]
        if not len(series):
            raise QueryError(f"{indicator_id}: geen gegevens voor dit gebied")
        if period is None:
            if not len(with_value):
                if "low_coverage" in series and series["low_coverage"].any():
                    latest = series[series["low_coverage"].astype(bool)].iloc[-1]
                    raise CoverageError(
                        f"{indicator_id}: {latest['missing_reason']}",
                        latest["coverage"],
                    )
                raise QueryError(f"{indicator_id}: geen waarden voor dit gebied")
            return with_value.iloc[-1]["period"]
        text = period.strip()
        if text.isdigit() and len(text) == 4:
            for key in (f"{text}JJ00", f"{text}X000"):
                if (series["period"] == key).any():
                    return key
            in_year = series[series["period"].str.startswith(text)]
            if len(in_year):
                raise QueryError(
                    f"{indicator_id}: geen jaarcijfer voor {text}; kies een periode zoals "
                    f"{in_year.iloc[-1]['period']}"
                )
        else:
            try:
                parse_period(text)
            except (PeriodError, ValueError):
                raise QueryError(
                    f"ongeldige periode {period!r}: gebruik een jaar (2022) of een CBS-periode (2020MM04)"
                ) from None
            if (series["period"] == text).any():
                return text
        first, last = series["period"].iloc[0], series["period"].iloc[-1]
        raise QueryError(
            f"{indicator_id}: periode {period} valt buiten de gegevens ({period_label_nl(first)} t/m {period_label_nl(last)})"
        )

    @consistent
    def value(self, indicator_id: str, area_id: str, period: str | None = None) -> dict:
        series = self.series(indicator_id, area_id)
        key = self.resolve_period(indicator_id, series, period)
        return series[series["period"] == key].iloc[0].to_dict()

    def _value_or_none(
        self, indicator_id: str, area_id: str, period: str
    ) -> float | None:
        try:
            series = self.series(indicator_id, area_id)
        except QueryError:
            return None
        row = series[series["period"] == period]
        if not len(row) or pd.isna(row.iloc[0]["value"]):
            return None
        return float(row.iloc[0]["value"])

    @consistent
    def comparison(
        self,
        indicator_id: str,
        area_id: str,
        period: str | None = None,
        base_period: str | None = None,
    ) -> Comparison:
        """Value against NL, its gemeente and the rest of its gemeente; change and corona gap."""
        indicator = self.indicator(indicator_id)
        area = self.area(area_id)
        row = self.value(indicator_id, area_id, period)
        key = row["period"]
        value = row["value"]
        nl = self._value_or_none(indicator_id, NL, key)
        gemeente = (
            self._value_or_none(indicator_id, area.gemeente, key)
            if area.gemeente and area.level != "gemeente"
            else None
        )
        rest = (
            self._value_or_none(indicator_id, f"rest-{area.id}", key)
            if area.level == "gebied"
            else None
        )
        series = self.series(indicator_id, area_id)
        base_key = None
        change = None
        if base_period is not None:
            base_key = self.resolve_period(indicator_id, series, base_period)
            base_value = series[series["period"] == base_key].iloc[0]["value"]
            change = (
                None
                if pd.isna(base_value) or pd.isna(value)
                else float(value - base_value)
            )
        result: Comparison = {
            "indicator": indicator.id,
            "title": indicator.title.nl,
            "unit": indicator.unit.nl,
            "decimals": indicator.decimals,
            "area_id": area.id,
            "area_name": area.name,
            "period": key,
            "period_label": row["period_label"],
            "value": _num(value),
            "status": row["status"],
            "netherlands": nl,
            "municipality": gemeente,
            "rest_of_municipality": rest,
            "difference_from_nl": _num(value - nl)
            if nl is not None and not pd.isna(value)
            else None,
            "ratio_to_nl": _num(value / nl)
            if nl not in (None, 0) and not pd.isna(value)
            else None,
            "base_period": base_key,
            "change_since_base": change,
            "corona_gap": self.corona_gap(indicator_id, area_id),
            "estimate": bool(row["estimate"]),
            "coverage": row["coverage"],
            "level_note": row["level_note"],
            "missing_reason": row["missing_reason"]
            if isinstance(row["missing_reason"], str)
            else None,
            "table_id": row["table_id"],
            "cbs_modified": row["cbs_modified"],
            "fetched_at": row["fetched_at"],
            "origin": row["origin"],
        }
        return result

    @consistent
    def corona_gap(
        self, indicator_id: str, area_id: str, post: str | None = None
    ) -> CoronaGap | None:
        """Change in the gap to NL between the last pre-corona period and a later one."""
        if not self.indicator(indicator_id).compares_with_nl:
            return None  # a count has no gap with Nederland (growth instead)
        try:
            series = self.series(indicator_id, area_id)
            national = self.series(indicator_id, NL)
        except QueryError:
            return None
        merged = (
            series[["period", "period_start", "value"]]
            .merge(
                national[["period", "value"]].rename(columns={"value": "nl"}),
                on="period",
            )
            .dropna(subset=["value", "nl"])
        )
        ends = merged["period"].map(lambda p: parse_period(p).end)
        pre = merged[ends < CORONA_START]
        later = merged[merged["period_start"] >= CORONA_START]
        if post is not None:
            later = later[later["period"] == post]
        if not len(pre) or not len(later):
            return None
        before, after = pre.iloc[-1], later.iloc[-1]
        gap_before = float(before["value"] - before["nl"])
        gap_after = float(after["value"] - after["nl"])
        return {
            "before": before["period"],
            "after": after["period"],
            "gap_before": gap_before,
            "gap_after": gap_after,
            "gap_change": gap_after - gap_before,
        }


def _num(value) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value

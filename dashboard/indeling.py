"""Putting gemeente figures of different indelingen on one (the numerator's).

A source is either on the *current* gemeente indeling for all its periods (the corona
dashboard counts every week on the 2023 indeling, the police its history on today's)
or on the indeling *of each period* (CBS 03759ned: the inhabitants of 1 January
2021 of Weesp and of Amsterdam apart). Which one is read from the codes it holds: a
source with a gemeente that has since been abolished is on the period's indeling.

Two questions meet here, each answered once, with ``data_sources.lineage``:
- a denominator or base for an area of the current indeling in an earlier year is the
  sum over its predecessors in that year (``weights_on_current_indeling``);
- a regional total of a period-indeling source counts, in every period, the gemeenten
  of that period that now lie in the region (``members_per_period``).
Where a figure cannot be put on one indeling (a gemeente split in between) it is
missing with that reason, never silently short. No Dash, no database.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from data_sources.lineage import Lineage, LineageGap
from data_sources.periods import parse_period


def on_period_indeling(codes: Iterable[str], lineage: Lineage) -> bool:
    """True when a source holds figures of gemeenten that no longer exist."""
    return not lineage.abolished_codes.isdisjoint(codes)


def weights_on_current_indeling(
    units: Iterable[str],
    periods: Iterable[str],
    base: pd.DataFrame,
    lineage: Lineage,
) -> pd.DataFrame:
    """Jan-1 weights of each unit (on the current indeling) for each period.

    base: area_code, year_key (2021JJ00), weight, on the indeling of each year.
    Returns area_code, period, weight, weight_reason (why a weight is missing).
    """
    # Columns as lists, zipped: iterating rows of pandas' string arrays took most
    # of a first corona map at 10x (about 80 ms).
    lookup = dict(
        zip(
            zip(base["area_code"].tolist(), base["year_key"].tolist()),
            base["weight"].tolist(),
        )
    )
    periods = pd.DataFrame({"period": list(dict.fromkeys(periods))})
    periods["year"] = [parse_period(p).start.year for p in periods["period"]]
    # One lookup per unit and year (not per week), then spread over the periods.
    per_year = pd.DataFrame(
        [
            (unit, year, *_sum_of_predecessors(unit, year, lookup, lineage))
            for unit in dict.fromkeys(units)
            for year in sorted(set(periods["year"]))
        ],
        columns=["area_code", "year", "weight", "weight_reason"],
    )
    out = per_year.merge(periods, on="year")
    return out[["area_code", "period", "weight", "weight_reason"]]


def _sum_of_predecessors(
    unit: str, year: int, lookup: dict, lineage: Lineage
) -> tuple[float, str | None]:
    if not unit.startswith("GM"):  # Nederland, provinces: one indeling
        weight = lookup.get((unit, f"{year}JJ00"))
        return (np.nan, None) if weight is None else (float(weight), None)
    try:
        codes = lineage.predecessors(unit, year)
    except LineageGap as gap:
        return np.nan, str(gap)
    weights = [lookup.get((code, f"{year}JJ00")) for code in codes]
    if any(w is None or pd.isna(w) for w in weights):
        if len(codes) == 1:  # no inhabitants for that year at all: plain missing
            return np.nan, None
        absent = [c for c, w in zip(codes, weights) if w is None or pd.isna(w)]
        return np.nan, (
            f"geen inwonertal {year} voor {', '.join(absent)}, voorganger(s) van "
            f"{unit}; geen cijfer op de huidige gemeentelijke indeling"
        )
    return float(sum(weights)), None


def members_per_period(
    members: Iterable[str], periods: list[str], lineage: Lineage
) -> tuple[list[str], np.ndarray, dict[int, str]]:
    """The gemeenten of each period's indeling that make up today's ``members``.

    Returns the union of codes, a mask (codes x periods: counted in that period) and
    per period column the reason why the region cannot be put on that indeling.
    """
    # Codes abolished since (a source's own list may hold them) are reached as
    # predecessors of today's gemeenten, never counted as members themselves.
    members = [m for m in dict.fromkeys(members) if m not in lineage.abolished_codes]
    per_column: list[set[str]] = []
    gaps: dict[int, str] = {}
    for column, period in enumerate(periods):
        start = parse_period(period).start
        codes: set[str] = set()
        for member in members:
            try:
                codes.update(lineage.predecessors(member, start))
            except LineageGap as gap:
                gaps[column] = str(gap)
        per_column.append(codes)
    union = sorted(set().union(*per_column)) if per_column else []
    index = {code: i for i, code in enumerate(union)}
    mask = np.zeros((len(union), len(periods)), dtype=bool)
    for column, codes in enumerate(per_column):
        mask[[index[c] for c in codes], column] = True
    return union, mask, gaps

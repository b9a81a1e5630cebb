"""The coronakloof: did the corona years widen the gap between an area and its reference?

Why its own module: one rule for every indicator, written once. The gap is the area
minus its reference in the indicator's own unit (rates, shares, means); a count has
no meaningful gap, so for counts the growth in % of both is compared instead. Yearly
series compare 2019 with 2021 and with 2022; monthly and quarterly series the 2019
average with the average of each corona year (whole years only). A chosen pair of
periods (years or CBS keys) replaces the default pairs. What cannot be computed gets
a reason code and one plain Dutch line. Pure pandas: the service hands in the series.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data_sources.periods import PeriodError, parse_period, period_label_nl

from .formatting import format_number

BASE_YEAR = 2019
CORONA_YEARS = (2020, 2021, 2022)
# Default pairs per frequency: (before, after) as year keys of ``points``.
YEARLY_PAIRS = ((BASE_YEAR, 2021), (BASE_YEAR, 2022))
AVERAGE_PAIRS = tuple((BASE_YEAR, year) for year in CORONA_YEARS)
# A year average needs every period of the year.
PERIODS_PER_YEAR = {"M": 12, "Q": 4}

# Reason codes (stable, for exports and tests) -> what they mean.
NO_FIGURE = "geen_cijfer"
NOT_CACHED = "alleen_online"
NO_BEFORE = "geen_periode_voor_corona"
NO_CORONA = "geen_periode_in_coronajaren"
NO_REFERENCE = "geen_referentie"
NO_VALUES = "geen_waarden"
BAD_PERIOD = "ongeldige_periode"


@dataclass(frozen=True)
class Point:
    """A value to compare: one period, or the average of a whole year."""

    key: str  # 2019JJ00, 2020MM04, or "2019" for a year average
    label: str  # "2019", "april 2020", "gemiddelde 2019"
    value: float
    provisional: bool


def _frequencies(series: pd.DataFrame) -> dict[str, str]:
    """Period key -> its frequency, once per distinct key."""
    return {p: parse_period(p).frequency for p in series["period"].unique()}


def _preferred(found: set[str]) -> str | None:
    for preferred in ("Y", "X", "Q", "M"):
        if preferred in found:
            return preferred
    return found.pop() if found else None


def frequency(series: pd.DataFrame) -> str | None:
    """The frequency the comparison uses: yearly where the series has year figures
    (a CBS table may hold years and months side by side), else its own."""
    if not len(series):
        return None
    return _preferred(set(_frequencies(series).values()))


def year_points(series: pd.DataFrame) -> dict[int, Point]:
    """Year -> the point that stands for it: the year figure, or the mean of a
    whole year of months or quarters (a year with a missing period has none).

    Column-wise, no row objects: the gebied page asks this per indicator and per
    reference (iterrows and dropna were over a second of its first view)."""
    if not len(series):
        return {}
    kinds = _frequencies(series)
    freq = _preferred(set(kinds.values()))
    same = series[series["period"].map(kinds).eq(freq) & series["value"].notna()]
    points: dict[int, Point] = {}
    years = pd.to_datetime(same["period_start"]).dt.year
    if freq in ("Y", "X"):
        for period, value, status, year in zip(
            same["period"].tolist(),
            same["value"].tolist(),
            same["status"].tolist(),
            years.tolist(),
        ):
            points[int(year)] = Point(
                period, period_label_nl(period), float(value), status != "definitief"
            )
        return points
    needed = PERIODS_PER_YEAR.get(freq or "")
    if needed is None:
        return points
    provisional = (same["status"] != "definitief").groupby(years).any()
    for year, values in same["value"].groupby(years):
        if len(values) == needed:
            points[int(year)] = Point(
                str(year),
                f"gemiddelde {year}",
                float(values.mean()),
                bool(provisional[year]),
            )
    return points


def _point(row) -> Point:
    return Point(
        row["period"],
        period_label_nl(row["period"]),
        float(row["value"]),
        row["status"] != "definitief",
    )


def is_year(text: str) -> bool:
    text = text.strip()
    return text.isdigit() and len(text) == 4


def chosen_point(
    series: pd.DataFrame, text: str, points: dict[int, Point] | None = None
) -> Point | None:
    """A period as a user gives it: a year (2019) or a CBS key (2020MM04);
    ``points`` are the series' ``year_points`` when the caller has them already."""
    text = text.strip()
    if is_year(text):
        return (year_points(series) if points is None else points).get(int(text))
    parse_period(text)  # PeriodError / ValueError for a malformed key
    rows = series[(series["period"] == text) & series["value"].notna()]
    return _point(rows.iloc[0]) if len(rows) else None


def default_pairs(series: pd.DataFrame) -> tuple[tuple[int, int], ...]:
    return YEARLY_PAIRS if frequency(series) in ("Y", "X") else AVERAGE_PAIRS


def validate_period(text: str) -> str | None:
    """None when ``text`` is a year or a CBS period key, else the Dutch complaint."""
    text = text.strip()
    if text.isdigit() and len(text) == 4:
        return None
    try:
        parse_period(text)
    except (PeriodError, ValueError):
        return f"ongeldige periode {text!r}: gebruik een jaar (2019) of een CBS-periode (2019MM06)"
    return None


def signed(value: float, decimals: int) -> str:
    text = format_number(value, decimals)
    return (
        text
        if text.startswith("-") or text == format_number(0, decimals)
        else f"+{text}"
    )


def lower_first(title: str) -> str:
    """ "Woninginbraken per ..." -> "woninginbraken per ..."; "WW-uitkeringen" stays."""
    if len(title) > 1 and title[1].islower():
        return title[0].lower() + title[1:]
    return title


def _label(point: Point) -> str:
    return point.label + (" (voorlopig)" if point.provisional else "")


def gap_pair(
    area: tuple[Point, Point],
    reference: tuple[Point, Point],
    *,
    title: str,
    unit: str,
    decimals: int,
    reference_name: str,
) -> dict:
    """The gap before and after, its change and the sentence."""
    before, after = area
    gap_before = before.value - reference[0].value
    gap_after = after.value - reference[1].value
    change = gap_after - gap_before
    suffix = " procentpunt" if unit == "%" else ""
    shown_before = signed(gap_before, decimals) + suffix
    shown_after = signed(gap_after, decimals) + suffix
    if round(abs(gap_after), decimals) == round(abs(gap_before), decimals):
        direction = "gelijk"
        verb = f"bleef gelijk: {shown_before} in {_label(before)} en in {_label(after)}"
    else:
        flipped = gap_before * gap_after < 0
        direction = (
            "omgekeerd"
            if flipped
            else ("groter" if abs(gap_after) > abs(gap_before) else "kleiner")
        )
        word = "keerde om" if flipped else f"werd {direction}"
        verb = (
            f"{word}: van {shown_before} in {_label(before)} naar {shown_after} "
            f"in {_label(after)}"
        )
    sentence = f"Het verschil met {reference_name} in {lower_first(title)} {verb}."
    return {
        "kloof_voor": gap_before,
        "kloof_na": gap_after,
        "verandering": change,
        "richting": direction,
        "zin": sentence,
    }


def growth_pair(
    area: tuple[Point, Point],
    reference: tuple[Point, Point],
    *,
    title: str,
    area_name: str,
    reference_name: str,
) -> dict:
    """For counts: the growth in % of the area and of the reference."""
    before, after = area
    growth = _growth(before.value, after.value)
    growth_reference = _growth(reference[0].value, reference[1].value)
    shown = "onbekend" if growth is None else signed(growth, 1) + "%"
    shown_reference = (
        "onbekend" if growth_reference is None else signed(growth_reference, 1) + "%"
    )
    sentence = (
        f"{title} in {area_name} van {_label(before)} tot {_label(after)}: "
        f"{shown}; in {reference_name} {shown_reference}."
    )
    change = (
        None
        if growth is None or growth_reference is None
        else growth - growth_reference
    )
    return {
        "groei": growth,
        "groei_referentie": growth_reference,
        "verandering": change,
        "richting": None,
        "zin": sentence,
    }


def _growth(before: float, after: float) -> float | None:
    return None if before == 0 else (after / before - 1) * 100

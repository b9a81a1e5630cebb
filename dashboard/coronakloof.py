"""The coronakloof: did the corona years widen the gap between an area and its reference?

Why its own module: one rule for every indicator, written once. The gap is the area
minus its reference in the indicator's own unit (rates, shares, means); a count has
no meaningful gap, so for counts the growth in % of both is compared instead. Yearly
series compare 2019 with 2021 and with 2022; monthly and quarterly series the 2019
average with the average of each corona year (whole years only). A chosen pair of
periods (years or CBS keys) replaces the default pairs. What cannot be computed gets
a reason code and one plain Dutch line. Pure pandas: the service hands in the series.

Labels and sentences are :class:`~dashboard.notes.Note`: the Dutch text byte for byte
(the CLI's --json, the stored tables and the tests read it), worded in English from
the same facts (``note_text(pair["sentence"], "en")``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data_sources.periods import PeriodError, parse_period

from .formatting import signed_number
from .notes import Note
from .notes import signed as signed_value

BASE_YEAR = 2019
CORONA_YEARS = (2020, 2021, 2022)
# Default pairs per frequency: (before, after) as year keys of ``points``.
YEARLY_PAIRS = ((BASE_YEAR, 2021), (BASE_YEAR, 2022))
# The years a user may choose for a pair (the police table starts in 2012, nothing in
# the cache runs past 2025); before corona ends with the base year.
# The pair of years a gebied page's Coronakloof opens on (stored at refresh).
DEFAULT_PAIR = ("2019", "2021")
CHOOSABLE_YEARS = tuple(str(year) for year in range(2012, 2026))
BEFORE_YEARS = tuple(y for y in CHOOSABLE_YEARS if int(y) <= BASE_YEAR)
AFTER_YEARS = tuple(y for y in CHOOSABLE_YEARS if int(y) >= CORONA_YEARS[0])
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
                period,
                # the StatLine label in Dutch (period_label_nl), the reader's in English
                Note("kloof.point_period", period={"period": period}),
                float(value),
                status != "definitief",
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
                Note("kloof.point_average", year=str(year)),  # gemiddelde 2019
                float(values.mean()),
                bool(provisional[year]),
            )
    return points


def _point(row) -> Point:
    return Point(
        row["period"],
        # the StatLine label in Dutch (period_label_nl), the reader's in English
        Note("kloof.point_period", period={"period": row["period"]}),
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


def signed(value: float, decimals: int, lang: str = "nl") -> str:
    return signed_number(value, decimals, lang)


def lower_first(title: str) -> str:
    """ "Woninginbraken per ..." -> "woninginbraken per ..."; "WW-uitkeringen" stays."""
    if len(title) > 1 and title[1].islower():
        return title[0].lower() + title[1:]
    return title


def _label(point: Point) -> str:
    return (
        Note("kloof.provisional", label=point.label)
        if point.provisional
        else point.label
    )


def _title(title) -> object:
    """An indicator title inside a sentence: a Dutch str or an {"nl", "en"} dict."""
    if isinstance(title, dict):
        return {lang: lower_first(words) for lang, words in title.items()}
    return lower_first(title)


def _gap(value: float, decimals: int, unit: str) -> object:
    shown = signed_value(value, decimals)
    return Note("kloof.gap_points", gap=shown) if unit == "%" else shown


def gap_pair(
    area: tuple[Point, Point],
    reference: tuple[Point, Point],
    *,
    title,
    unit: str,
    decimals: int,
    reference_name: str,
) -> dict:
    """The gap before and after, its change and the sentence. ``title`` is the
    indicator's (a Dutch str, or {"nl", "en"} for a sentence in both languages)."""
    before, after = area
    gap_before = before.value - reference[0].value
    gap_after = after.value - reference[1].value
    change = gap_after - gap_before
    if round(abs(gap_after), decimals) == round(abs(gap_before), decimals):
        direction = "gelijk"
        key = "kloof.gap_equal"
    else:
        flipped = gap_before * gap_after < 0
        direction = (
            "omgekeerd"
            if flipped
            else ("groter" if abs(gap_after) > abs(gap_before) else "kleiner")
        )
        key = {
            "omgekeerd": "kloof.gap_flipped",
            "groter": "kloof.gap_larger",
            "kleiner": "kloof.gap_smaller",
        }[direction]
    sentence = Note(
        key,
        reference=reference_name,
        title=_title(title),
        gap_before=_gap(gap_before, decimals, unit),
        gap_after=_gap(gap_after, decimals, unit),
        before=_label(before),
        after=_label(after),
    )
    return {
        "gap_before": gap_before,
        "gap_after": gap_after,
        "change": change,
        "direction": direction,
        "sentence": sentence,
    }


def _growth_text(growth: float | None) -> object:
    if growth is None:
        return {"text": "kloof.growth_unknown"}  # onbekend
    return Note("kloof.growth_percent", growth=signed_value(growth, 1))


def growth_pair(
    area: tuple[Point, Point],
    reference: tuple[Point, Point],
    *,
    title,
    area_name: str,
    reference_name: str,
) -> dict:
    """For counts: the growth in % of the area and of the reference. ``title`` is the
    indicator's, as for :func:`gap_pair` ("Groei van <title> in ...")."""
    before, after = area
    growth = _growth(before.value, after.value)
    growth_reference = _growth(reference[0].value, reference[1].value)
    sentence = Note(
        "kloof.growth_sentence",
        title=_title(title),
        area=area_name,
        before=_label(before),
        after=_label(after),
        growth=_growth_text(growth),
        reference=reference_name,
        growth_reference=_growth_text(growth_reference),
    )
    change = (
        None
        if growth is None or growth_reference is None
        else growth - growth_reference
    )
    return {
        "growth": growth,
        "growth_reference": growth_reference,
        "change": change,
        "direction": None,
        "sentence": sentence,
    }


def _growth(before: float, after: float) -> float | None:
    return None if before == 0 else (after / before - 1) * 100

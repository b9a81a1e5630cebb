"""Periods in the reader's words: '2020 april' and '2019 t/m 2026' in Dutch, 'April
2020' and '2019 to 2026' in English.

Why here and not in ``data_sources.periods``: the words are messages of the catalogs
(``period.*``), and ``data_sources`` knows no language; ``period_label_nl`` stays the
StatLine label that files and the CLI write.
"""

from __future__ import annotations

from data_sources.periods import parse_period, period_label_nl

from .messages import _, language


def _month(number: int, lang: str) -> str:
    return _("period.months", lang).split()[number - 1]


def period_label(key: str, lang: str = "nl") -> str:
    """The label of a CBS period key or ISO date in ``lang``: ``2020 week 6``,
    ``January 2021``, ``2021 Q1``, ``6 February 2021``; Dutch as StatLine writes it."""
    if language(lang) == "nl":
        return period_label_nl(key)
    period = parse_period(key)
    year, start = period.start.year, period.start
    if period.frequency == "M":
        return _("period.month", lang, year=year, month=_month(start.month, lang))
    if period.frequency == "Q":
        return _("period.quarter", lang, year=year, n=(start.month - 1) // 3 + 1)
    if period.frequency == "H":
        return _("period.half", lang, year=year, n=1 if start.month == 1 else 2)
    if period.frequency == "W":
        iso_year, week, _weekday = start.isocalendar()  # ISO year, as period_label_nl
        return _("period.week", lang, year=iso_year, week=week)
    if period.frequency == "D":
        return _(
            "period.day",
            lang,
            day=start.day,
            month=_month(start.month, lang),
            year=year,
        )
    return str(year)


def period_range(first: str | None, last: str | None, lang: str = "nl") -> str:
    if not first:
        return "-"
    to = _("trend.to", lang)
    return f"{period_label(first, lang)} {to} {period_label(last or first, lang)}"

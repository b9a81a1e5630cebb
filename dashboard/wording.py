"""Key figures in words, without Dash: a value, its difference with Nederland, the
direction judged by polarity, the notes of a row.

Why here and not in ``components/``: the pages, the PDF brief and the CLI say the
same thing the same way, and the brief's path imports no Dash. The words are messages
``figures.*`` of the catalogs (``dashboard.messages``).
"""

from __future__ import annotations

import math

from .formatting import PLAIN_UNITS, format_number, format_value
from .messages import _
from .notes import note_text

COUNT_UNITS = ("aantal", "number")


def word(key: str, lang: str = "nl") -> str:
    return _(f"figures.{key}", lang)


def is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def noise(decimals: int) -> float:
    """Half a unit in the last shown decimal: smaller changes are rounding noise."""
    return 0.5 * 10 ** (-decimals)


def value_text(value, decimals: int, unit: str, lang: str = "nl") -> str:
    return format_value(value, decimals, unit, lang=lang)


def difference_text(value, decimals: int, unit: str, lang: str = "nl") -> str:
    """'+7,4 procentpunt', '-€ 76.900', '0'; 'geen gegevens' when missing."""
    if is_missing(value):
        return _("app.no_data", lang)
    if abs(value) < noise(decimals):
        value = 0.0
    number = format_number(abs(value), decimals, lang=lang)
    sign = "+" if value > 0 else ("-" if value < 0 else "")
    if unit in PLAIN_UNITS:  # '-€ 76.900', not '-76,9 x 1 000 euro'
        return sign + format_value(abs(value), decimals, unit, lang=lang)
    if unit in COUNT_UNITS:
        return f"{sign}{number}"
    suffix = word("procentpunt", lang) if unit == "%" else unit
    return f"{sign}{number} {suffix}"


def direction_text(difference, decimals: int, polarity: str, lang: str = "nl") -> str:
    """'hoger dan Nederland (ongunstig)': the direction in words, judged by polarity."""
    if is_missing(difference):
        return ""
    if abs(difference) < noise(decimals):
        return word("same", lang)
    higher = difference > 0
    text = word("higher" if higher else "lower", lang)
    if polarity == "higher_is_worse":
        text += f" ({word('worse' if higher else 'better', lang)})"
    elif polarity == "higher_is_better":
        text += f" ({word('better' if higher else 'worse', lang)})"
    return text


def notes_of(row: dict, lang: str = "nl") -> list[str]:
    """Estimate, coverage and level notes of a comparison or series row."""
    notes = []
    if row.get("estimate"):
        notes.append(word("estimate", lang))
    coverage = row.get("coverage")
    if isinstance(coverage, str) and coverage:
        notes.append(f"{word('coverage', lang)}: {note_text(coverage, lang)}")
    level = row.get("level_note")
    if isinstance(level, str) and level:
        notes.append(note_text(level, lang))
    return notes

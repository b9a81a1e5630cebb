"""Dutch number formatting: 1.234,5 (thousands with a dot, decimals with a comma)."""

from __future__ import annotations

import math


def format_number(
    value: float | None, decimals: int = 0, missing: str = "geen gegevens"
) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return missing
    rounded = round(float(value), decimals)
    if rounded == 0:  # -0.04 rounds to -0.0: a sign on nothing misleads ("-0,0")
        rounded = 0.0
    text = f"{rounded:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


MONTHS_NL = "jan feb mrt apr mei jun jul aug sep okt nov dec".split()


def format_date(value: object) -> str:
    """ISO date or datetime text -> '23 jun 2026'; unknown -> 'onbekend'."""
    if value is None:
        return "onbekend"
    text = str(value)
    if len(text) < 10 or text[4] != "-":
        return "onbekend"
    year, month, day = text[:4], int(text[5:7]), int(text[8:10])
    return f"{day} {MONTHS_NL[month - 1]} {year}"


def format_value(
    value: float | None, decimals: int, unit: str, missing: str = "geen gegevens"
) -> str:
    """A value with its unit: '12,3 %', '1.234 aantal' reads badly, so counts stay bare."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return missing
    number = format_number(value, decimals)
    if unit in ("aantal", "number"):
        return number
    if unit == "%":
        return f"{number}%"
    return f"{number} {unit}"

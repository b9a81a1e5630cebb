"""Dutch number formatting: 1.234,5 (thousands with a dot, decimals with a comma)."""

from __future__ import annotations

import math


def format_number(
    value: float | None, decimals: int = 0, missing: str = "geen gegevens"
) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return missing
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")

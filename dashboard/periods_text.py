"""Period ranges in words: '2019 t/m 2026' ('2019 to 2026' in English)."""

from __future__ import annotations

from data_sources.periods import period_label_nl

from .messages import _


def period_range(first: str | None, last: str | None, lang: str = "nl") -> str:
    if not first:
        return "-"
    to = _("trend.to", lang)
    return f"{period_label_nl(first)} {to} {period_label_nl(last or first)}"

"""Period ranges in words: '2019 t/m 2026'."""

from __future__ import annotations

from data_sources.periods import period_label_nl


def period_range(first: str | None, last: str | None) -> str:
    if not first:
        return "-"
    return f"{period_label_nl(first)} t/m {period_label_nl(last or first)}"

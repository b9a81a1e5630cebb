"""The key figures of one period: gebied, gemeente, rest of the gemeente, Nederland.

Why: a key figure and the trend line it belongs to are the same series, so they are
built from the same :class:`~.trends.TrendLine` objects; the estimate, coverage and
level notes are worded once (:func:`flags`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from dashboard.messages import _
from dashboard.notes import note_text
from dashboard.periods_text import period_label

from ..services import QueryError, Service


@dataclass
class KeyFigure:
    kind: str  # gebied, gemeente, rest, nederland
    label: str
    value: float | None
    note: str


def series_or_none(service: Service, indicator_id: str, area_id: str):
    """The area's series when it has at least one value, else None."""
    try:
        frame = service.series(indicator_id, area_id)
    except QueryError:
        return None
    return frame if frame["value"].notna().any() else None


def row_at(frame: pd.DataFrame | None, period: str | None) -> dict | None:
    if frame is None or period is None:
        return None
    rows = frame[frame["period"] == period]
    return rows.iloc[0].to_dict() if len(rows) else None


def flags(row: dict | None, lang: str = "nl") -> list[str]:
    """Estimate, coverage and level notes of one figure, in words."""
    if row is None:
        return []
    notes = []
    if row.get("estimate"):
        notes.append(_("common.estimate", lang))
    for key in ("coverage", "level_note"):
        value = row.get(key)
        if isinstance(value, str) and value:
            notes.append(note_text(value, lang))
    return notes


def key_figures(lines, period: str | None, lang: str = "nl") -> list[KeyFigure]:
    """One figure per trend line (drawn or not) at ``period``, with its note."""
    figures = []
    for line in lines:
        row = row_at(line.frame, period)
        value = row["value"] if row else None
        if isinstance(value, float) and math.isnan(value):
            value = None
        if line.frame is None:
            note = line.reason or ""
        elif value is None:
            reason = row.get("missing_reason") if row else None
            note = (
                note_text(reason, lang)
                if isinstance(reason, str)
                else (
                    f"{_('common.no_data', lang)} ({period_label(period, lang)})"
                    if period
                    else ""
                )
            )
        else:
            note = "; ".join(flags(row, lang))
        figures.append(KeyFigure(line.kind, line.label, value, note))
    return figures

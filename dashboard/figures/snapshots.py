"""Grouped bars for a measure with only a few snapshots (e.g. vaccination coverage).

A line through two or three dates suggests a trend between them that nobody measured;
bars per snapshot say what is known. Each bar carries its value as text, so the
comparison does not rest on colour or on reading the axis.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from ..formatting import format_value
from ..theme import SERIES_STYLE, new_figure, separators
from .trend import Line, period_labels


def snapshot_figure(
    lines: Sequence[Line], unit: str, decimals: int, lang: str = "nl"
) -> go.Figure:
    """One group per snapshot (period_label), one bar per line; gaps stay empty."""
    figure = new_figure()
    patterns = {"nederland": "/", "other": "."}
    for line in lines:
        style = SERIES_STYLE.get(line.kind, SERIES_STYLE["other"])
        frame = line.frame.sort_values("period_start")
        texts = [
            format_value(v, decimals, unit, missing="", lang=lang)
            for v in frame["value"]
        ]
        figure.add_trace(
            dict(
                type="bar",
                x=period_labels(frame, lang),
                y=frame["value"],
                name=line.label,
                marker={
                    "color": style["color"],
                    "pattern": {"shape": patterns.get(line.kind, "")},
                },
                text=texts,
                textposition="outside",
                cliponaxis=False,
                hovertemplate="%{x}: %{text}<extra>" + line.label + "</extra>",
            )
        )
    figure.update_layout(
        separators=separators(lang),
        barmode="group",
        yaxis={
            "title": {"text": unit},
            "tickformat": f",.{decimals}f",
            "rangemode": "tozero",
        },
        xaxis={"title": None, "type": "category"},
        height=360,
    )
    return figure

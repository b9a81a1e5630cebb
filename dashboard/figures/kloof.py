"""The small before/after chart of the coronakloof: area against its reference.

Why a figure of its own: the gap sentence says "van +1,2 in 2019 naar +0,4 in 2021";
the chart shows the two values behind each number side by side, so a reader sees
whether the gap moved because the area or the reference moved. For a count (no gap)
it shows the growth in % of both instead.
"""

from __future__ import annotations

import plotly.graph_objects as go

from ..formatting import PLAIN_UNITS, format_value, plain_unit
from ..theme import SERIES_STYLE

HEIGHT = 240


def _bars(figure: go.Figure, name: str, kind: str, x, y, decimals, unit) -> None:
    style = SERIES_STYLE.get(kind, SERIES_STYLE["other"])
    figure.add_trace(
        go.Bar(
            x=x,
            y=y,
            name=name,
            marker={"color": style["color"]},
            text=[format_value(v, decimals, unit) for v in y],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}: %{text}<extra>" + name + "</extra>",
        )
    )


def before_after_figure(
    periods: tuple[str, str],
    area: tuple[str, str, tuple[float, float]],
    reference: tuple[str, str, tuple[float, float]],
    unit: str,
    decimals: int,
) -> go.Figure:
    """Grouped bars: per period the area's and the reference's value.

    ``area`` and ``reference`` are (label, line kind, (before, after))."""
    figure = go.Figure()
    for label, kind, values in (area, reference):
        _bars(figure, label, kind, list(periods), list(values), decimals, unit)
    if unit in PLAIN_UNITS:  # '240,1 x 1 000 euro' is drawn as 240.100 euro
        factor = PLAIN_UNITS[unit][0]
        for trace in figure.data:
            trace.y = [v * factor for v in trace.y]
        return _layout(figure, plain_unit(unit), 0)
    return _layout(figure, unit, decimals)


def growth_figure(
    period_text: str,
    area: tuple[str, str, float | None],
    reference: tuple[str, str, float | None],
) -> go.Figure:
    """Two bars: the growth in % of the area and of the reference over the pair."""
    figure = go.Figure()
    for label, kind, value in (area, reference):
        if value is not None:
            _bars(figure, label, kind, [period_text], [value], 1, "%")
    return _layout(figure, "groei in %", 1)


def _layout(figure: go.Figure, unit: str, decimals: int) -> go.Figure:
    figure.update_layout(
        template="coronadash",
        barmode="group",
        height=HEIGHT,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        yaxis={
            "title": {"text": unit},
            "tickformat": f",.{decimals}f",
            "automargin": True,
            "zeroline": True,
        },
        xaxis={"title": None, "type": "category"},
        legend={"orientation": "h", "y": -0.2},
        showlegend=True,
    )
    return figure

"""The small before/after chart of the coronakloof: area against its reference.

Why a figure of its own: the gap sentence says "van +1,2 in 2019 naar +0,4 in 2021";
the chart shows the two values behind each number side by side, so a reader sees
whether the gap moved because the area or the reference moved. For a count (no gap)
it shows the growth in % of both instead.
"""

from __future__ import annotations

import plotly.graph_objects as go

from ..formatting import PLAIN_UNITS, format_number, format_value, plain_unit
from ..messages import _
from ..theme import SERIES_STYLE, new_figure, separators

HEIGHT = 240


def _bars(
    name: str, kind: str, x, y, decimals, unit, lang: str = "nl", shown=None
) -> dict:
    """One bar trace as a plain dict: the figure validates it once, when it is made
    (add_trace and update_layout validated per call: issue 14). ``shown`` are the
    drawn heights when they differ from ``y`` (a unit drawn in plain euros); the
    numbers on the bars are those of ``y``."""
    style = SERIES_STYLE.get(kind, SERIES_STYLE["other"])
    return {
        "type": "bar",
        "x": x,
        "y": y if shown is None else shown,
        "name": name,
        "marker": {"color": style["color"]},
        # the number on the bar, the unit on the axis (a long unit is unreadable
        # at this size); the hover has both
        "text": [_short(v, decimals, unit, lang) for v in y],
        "textposition": "auto",
        "customdata": [format_value(v, decimals, unit, lang=lang) for v in y],
        "hovertemplate": "%{x}: %{customdata}<extra>" + name + "</extra>",
    }


def _short(value: float, decimals: int, unit: str, lang: str = "nl") -> str:
    """'2,9' for a rate, '12%' for a share, '€ 282.910': what fits on a bar."""
    if unit == "%" or unit in PLAIN_UNITS:
        return format_value(value, decimals, unit, lang=lang)
    return format_number(value, decimals, lang=lang)


def before_after_figure(
    periods: tuple[str, str],
    area: tuple[str, str, tuple[float, float]],
    reference: tuple[str, str, tuple[float, float]],
    unit: str,
    decimals: int,
    lang: str = "nl",
) -> go.Figure:
    """Grouped bars: per period the area's and the reference's value.

    ``area`` and ``reference`` are (label, line kind, (before, after))."""
    factor = PLAIN_UNITS[unit][0] if unit in PLAIN_UNITS else None
    traces = [
        _bars(
            label,
            kind,
            list(periods),
            list(values),
            decimals,
            unit,
            lang,
            # '240,1 x 1 000 euro' is drawn as 240.100 euro
            shown=None if factor is None else [v * factor for v in values],
        )
        for label, kind, values in (area, reference)
    ]
    if factor is not None:
        return _figure(traces, plain_unit(unit), 0, lang)
    return _figure(traces, unit, decimals, lang)


def growth_figure(
    period_text: str,
    area: tuple[str, str, float | None],
    reference: tuple[str, str, float | None],
    lang: str = "nl",
) -> go.Figure:
    """Two bars: the growth in % of the area and of the reference over the pair."""
    traces = [
        _bars(label, kind, [period_text], [value], 1, "%", lang)
        for label, kind, value in (area, reference)
        if value is not None
    ]
    return _figure(traces, _("kloof.growth_axis", lang), 1, lang)


def _figure(
    traces: list[dict], unit: str, decimals: int, lang: str = "nl"
) -> go.Figure:
    """The figure made once from its traces and layout."""
    layout = {
        "separators": separators(lang),
        "barmode": "group",
        "height": HEIGHT,
        "margin": {"l": 10, "r": 10, "t": 50, "b": 30},  # room for the years
        "yaxis": {
            "title": {"text": unit},
            "tickformat": f",.{decimals}f",
            "automargin": True,
            "zeroline": True,
        },
        "xaxis": {"title": None, "type": "category"},
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        "showlegend": True,
    }
    return new_figure(data=traces, layout=layout)

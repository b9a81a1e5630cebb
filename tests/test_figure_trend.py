"""The trend chart's events draw as plotly's add_vline and add_annotation drew them.

Issue 14: one add_vline/add_annotation per event re-validated the whole layout each
call (half a second on the corona page); the figure now sets them in one update. The
expected shapes and annotations here are made by those plotly calls themselves.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.figures.trend import Line, Shade, trend_figure

FRAME = pd.DataFrame(
    {
        "period_start": pd.date_range("2019-01-01", periods=36, freq="MS"),
        "period_label": [f"maand {i}" for i in range(36)],
        "value": [float(i) if i % 5 else None for i in range(36)],
    }
)
EVENTS = pd.DataFrame(
    {
        "date": ["2020-03-15", "2020-12-15", "2021-06-26"],
        "label": ["Intelligente lockdown", "Tweede lockdown", "Heropening"],
    }
)
SHADE = Shade(pd.Timestamp("2020-03-01"), pd.Timestamp("2021-12-31"), "coronajaren")


def by_plotly_calls(shade: Shade | None) -> go.Figure:
    """The old way: the shade, then one add_vline and add_annotation per event."""
    figure = go.Figure()
    if shade is not None:
        figure.add_vrect(
            x0=shade.start,
            x1=shade.end,
            fillcolor="#8fcae7",
            opacity=0.3,
            line_width=0,
            layer="below",
            annotation_text=shade.label,
            annotation_position="top left",
            annotation_font={"size": 10, "color": "#333"},
        )
    for row in EVENTS.itertuples():
        figure.add_vline(
            x=pd.Timestamp(row.date),
            line={"color": "#b4b4b4", "width": 1, "dash": "dot"},
        )
        figure.add_annotation(
            x=pd.Timestamp(row.date),
            y=1,
            yref="paper",
            text=row.label,
            showarrow=False,
            textangle=-90,
            xanchor="right",
            yanchor="top",
            font={"size": 10, "color": "#555"},
        )
    return figure


def test_event_lines_and_labels_equal_those_of_add_vline_and_add_annotation():
    for shade in (None, SHADE):
        figure = trend_figure([Line("A", "gebied", FRAME)], "%", 1, EVENTS, shade)
        expected = by_plotly_calls(shade).to_plotly_json()["layout"]
        layout = figure.to_plotly_json()["layout"]
        assert layout["shapes"] == expected["shapes"]
        assert layout["annotations"] == expected["annotations"]
        assert len(layout["shapes"]) == len(EVENTS) + (shade is not None)


def test_without_events_the_figure_has_no_lines_or_labels():
    figure = trend_figure([Line("A", "gebied", FRAME)], "%", 1)
    assert figure.layout.shapes == ()
    assert figure.layout.annotations == ()
    assert list(figure.data[0].y) == pytest.approx(list(FRAME["value"]), nan_ok=True)

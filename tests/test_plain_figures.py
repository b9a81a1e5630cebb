"""The figures built unchecked (dashboard.theme.new_figure) are valid plotly figures.

Issue 14: the trend, bar, map and ranking figures are made from plain dicts without
plotly's validation (a third of a first-pass callback). Plotly then no longer
catches a misspelt property or a value of the wrong kind, so here every such
figure is validated once: rebuilt through the checking constructor it must give
the same JSON (a bad key raises, a coerced value differs).
"""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from plotly.io.json import to_json_plotly

from dashboard.figures.maps import choropleth_figure
from dashboard.figures.ranking import ranking_figure
from dashboard.figures.trend import Line, Shade, period_bars, trend_figure

WEEKS = pd.date_range("2020-01-06", periods=40, freq="W-MON")
AREAS = pd.DataFrame(
    {
        "area_id": ["GM0344", "GM0363", "GM0518", "GM0599"],
        "area_name": ["Utrecht", "Amsterdam", "'s-Gravenhage", "Rotterdam"],
        "value": [1.0, np.nan, 3.5, 2.0],
    }
)


def _line(number: int, kind: str, weeks: int = 40) -> Line:
    values = np.random.default_rng(number).random(weeks) * 100
    values[3] = np.nan  # a gap
    frame = pd.DataFrame(
        {
            "period_start": WEEKS.date[:weeks],
            "period_label": [f"week {i + 1}" for i in range(weeks)],
            "period": [f"2020W1{i + 1:02d}" for i in range(weeks)],
            "value": values,
        }
    )
    return Line(f"lijn {number}", kind, frame)


LINES = [_line(n, k) for n, k in enumerate(["gebied", "gemeente", "rest", "nederland"])]
EVENTS = pd.DataFrame(
    {"date": pd.date_range("2020-03-01", periods=5, freq="20D"), "label": list("abcde")}
)
FIGURES = {
    "trend": lambda: trend_figure(
        LINES,
        "per 100.000",
        1,
        EVENTS,
        Shade(date(2020, 3, 1), date(2020, 6, 1), "corona"),
        lang="en",
    ),
    "trend, one short line": lambda: trend_figure([_line(7, "other", 12)], "%", 0),
    "period bars": lambda: period_bars(LINES, "%", 1),
    "map, fixed classes, outlined": lambda: choropleth_figure(
        AREAS, "/geo/gemeente.json", [1.5, 2.5], "%", 1, outline_ids=["GM0344"]
    ),
    "map, own classes": lambda: choropleth_figure(AREAS, "/geo/x.json", [], "%", 1),
    "ranking": lambda: ranking_figure(AREAS, "%", 1, highlight=["GM0518"]),
}


def _without_empty(value):
    """Plotly leaves an empty object out when it checks a figure; it means nothing."""
    if isinstance(value, dict):
        kept = {k: _without_empty(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v != {}}
    if isinstance(value, list):
        return [_without_empty(v) for v in value]
    return value


@pytest.mark.parametrize("name", FIGURES)
def test_an_unchecked_figure_is_what_plotly_would_check(name):
    figure = FIGURES[name]()
    assert isinstance(figure, go.Figure)
    checked = go.Figure(figure.to_plotly_json())  # raises on an invalid property
    sent = json.loads(to_json_plotly(figure))
    assert _without_empty(sent) == _without_empty(json.loads(to_json_plotly(checked)))
    # the template is the dashboard's, not its bare name
    assert sent["layout"]["template"]["layout"]["colorway"]

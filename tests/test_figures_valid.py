"""Every chart on every page is a valid plotly figure.

The figures are made without plotly's validation (``theme.new_figure``: it was most
of the cost of a first view, issue 14). So a wrong property name would no longer
raise where the chart is made; plotly.js would silently ignore it in the browser.
This test rebuilds every chart of every page with validation on, so such a mistake
still fails, here.
"""

from __future__ import annotations

import plotly.graph_objects as go
import pytest
from dash import dcc
from page_helpers import page_module, walk
from test_english_mode import PAGES, PATH_VALUES

from dashboard.theme import new_figure


def _validated(figure) -> go.Figure:
    """The figure rebuilt with validation (raises ValueError on a wrong property)."""
    plain = figure.to_plotly_json() if hasattr(figure, "to_plotly_json") else figure
    return go.Figure(plain)


def _graphs(layout) -> list[dcc.Graph]:
    return [part for part in walk(layout) if isinstance(part, dcc.Graph)]


@pytest.fixture(scope="module")
def graphs(snapshot_app) -> dict[str, list[dcc.Graph]]:
    return {
        name: _graphs(page_module(name).layout(lang="nl", **PATH_VALUES.get(name, {})))
        for name in PAGES
    }


def test_the_check_catches_a_wrong_property():
    figure = new_figure([{"type": "bar", "x": [1], "y": [2], "colr": "red"}])
    with pytest.raises(ValueError, match="colr"):
        _validated(figure)


def test_the_house_style_survives_without_validation():
    figure = new_figure([{"type": "bar", "x": [1], "y": [2]}], {"height": 240})
    layout = _validated(figure).layout
    assert layout.template.layout.separators == ",."
    assert layout.height == 240


CHART_PAGES = [p for p in PAGES if p not in ("data", "over", "not_found_404")]


@pytest.mark.parametrize("name", CHART_PAGES)
def test_every_chart_of_a_page_is_a_valid_figure_in_the_house_style(graphs, name):
    figures = [g.figure for g in graphs[name] if g.figure is not None]
    assert figures, f"no chart on the {name} page"
    for figure in figures:
        validated = _validated(figure)
        assert validated.layout.template.layout.font.family  # the house template


def test_the_pages_hold_every_kind_of_chart(graphs):
    """Together the pages draw every trace type the figure builders make."""
    kinds = {
        trace.get("type", "scatter")
        for name in CHART_PAGES
        for graph in graphs[name]
        if graph.figure is not None
        for trace in _validated(graph.figure).to_plotly_json()["data"]
    }
    assert kinds >= {"bar", "scatter", "heatmap", "choroplethmap"}

"""Charts after the first of the gebied page wait for the first paint
(``components/deferred.py``); the layout still carries every figure."""

from __future__ import annotations

import json

import pytest
from browser_pages import wait_until_rendered
from dash import dcc, html
from test_first_view import _by_id, _layout

from dashboard.components import deferred

GEBIED = "/gebied/rotterdam-zuid"


def _mounted(node) -> list[str]:
    """Component types of a layout, leaving out what waits in a store's data."""
    found = []
    if isinstance(node, dict):
        if "type" in node and "props" in node:
            found.append(node["type"])
            if node["type"] == "Store":
                return found
        for value in node.get("props", {}).values():
            found += _mounted(value)
    elif isinstance(node, list):
        for item in node:
            found += _mounted(item)
    return found


def _graph(number: int, height: str | None = None) -> dcc.Graph:
    style = {"style": {"height": height}} if height else {}
    return dcc.Graph(id=f"g{number}", figure={"data": [{"y": [number]}]}, **style)


def test_graphs_after_the_first_wait_in_a_store_beside_a_slot_of_their_height():
    page = html.Div(
        [
            html.Div(_graph(1)),
            html.Section([html.P("tekst"), html.Div(_graph(2, "240px"))]),
            _graph(3),
        ]
    )
    tree = deferred.defer_graphs(page, keep=1)
    data = json.loads(
        json.dumps(tree.to_plotly_json(), default=lambda o: o.to_plotly_json())
    )
    assert _mounted(data).count("Graph") == 1
    assert _by_id(data, "g1")["type"] == "Graph"
    for number, height in ((2, "240px"), (3, deferred.DEFAULT_HEIGHT)):
        key = f"g{number}"
        store = _by_id(data, {"type": deferred.STORE, "graph": key})
        assert store["props"]["data"]["props"]["figure"] == {"data": [{"y": [number]}]}
        slot = _by_id(data, {"type": deferred.SLOT, "graph": key})["props"]
        assert slot["className"] == deferred.PENDING
        assert slot["style"] == {"minHeight": height}
    assert "tekst" in json.dumps(data)  # the rest of the page is untouched
    # read on the server, a waiting chart is the graph it will be
    stores = [c for c in tree._traverse() if deferred.waiting_graph(c) is not None]
    assert [deferred.waiting_graph(c).id for c in stores] == ["g2", "g3"]


def test_the_gebied_layout_carries_its_first_chart_and_every_other_figure(snapshot_app):
    _, layout = _layout(snapshot_app, f"http://localhost{GEBIED}")
    content = _by_id(layout, "_pages_content")
    waiting = json.dumps(content).count(f'"type": "{deferred.STORE}"')
    assert _mounted(content).count("Graph") == 1
    assert waiting >= 3  # map, trend and the national series at least
    # the chart cards' source lines and labels stay in the page itself
    assert _by_id(content, "gebied-kaart") is not None


@pytest.mark.browser
def test_every_waiting_chart_is_drawn_after_the_first(live_server, chromium_context):
    page = chromium_context.new_page()
    page.goto(live_server + GEBIED, wait_until="load")
    wait_until_rendered(page)
    assert page.locator(f".{deferred.PENDING}").count() == 0
    drawn = page.locator(".js-plotly-plot .main-svg").count()
    graphs = page.locator(".dash-graph").count()
    assert graphs > 1 and page.locator(".js-plotly-plot").count() == graphs
    assert drawn >= graphs
    page.close()

"""Charts after the first few mounted one frame at a time, after the first paint.

Why: the gebied page carries about twenty charts in its layout. Dash mounts them in
one React commit and Plotly draws every one before the browser paints anything (about
a second of main thread in Chromium here), so the first chart, and the page's text
above it, waited for the last chart. The layout still carries every figure (no extra
request; the source line, the table alternative and the chart's label stay where they
were), but each chart after the first ``keep`` waits in a store beside an empty slot
of its height; a clientside callback mounts them one at a time once the first paint
is done and the browser is idle. A slot is marked ``PENDING`` until its chart is in.
"""

from __future__ import annotations

from dash import MATCH, Input, Output, dcc, html
from dash.development.base_component import Component

STORE = "uitgesteld-figuur"
SLOT = "uitgesteld-vak"
PENDING = "chart-pending"  # a slot whose chart is not mounted yet (tests wait for it)
DEFAULT_HEIGHT = "450px"  # Plotly's default height of a chart without one

# Chained on one promise: one chart at a time, each after a paint and when the
# browser has nothing else to do (requestIdleCallback; at most a second's wait).
MOUNT_JS = """function(graph) {
    var before = window.__dashDeferredCharts || Promise.resolve();
    var idle = window.requestIdleCallback || function (run) {
        return window.setTimeout(run, 50);
    };
    var turn = before.then(function () {
        return new Promise(function (done) {
            window.requestAnimationFrame(function () {
                idle(function () { done(); }, {timeout: 1000});
            });
        });
    });
    window.__dashDeferredCharts = turn;
    return turn.then(function () { return [graph, ""]; });
}"""


def _height(graph: dcc.Graph) -> str:
    style = getattr(graph, "style", None) or {}
    return style.get("height", DEFAULT_HEIGHT)


def _slot(graph: dcc.Graph, number: int) -> html.Div:
    key = getattr(graph, "id", None) or f"grafiek-{number}"
    return html.Div(
        [
            dcc.Store(id={"type": STORE, "graph": key}, data=graph.to_plotly_json()),
            html.Div(
                id={"type": SLOT, "graph": key},
                className=PENDING,
                style={"minHeight": _height(graph)},
            ),
        ]
    )


def waiting_graph(component) -> dcc.Graph | None:
    """The chart a slot's store holds (None for any other component): what the page
    shows once it is mounted, for whoever reads a layout on the server."""
    key = getattr(component, "id", None)
    if not isinstance(component, dcc.Store) or not isinstance(key, dict):
        return None
    if key.get("type") != STORE:
        return None
    return dcc.Graph(**component.data["props"])


def defer_graphs(content: Component, keep: int) -> Component:
    """``content`` with every ``dcc.Graph`` after the first ``keep`` (in page order)
    in a slot that is filled after the first paint."""
    seen = 0

    def visit(node: Component) -> None:
        nonlocal seen
        children = getattr(node, "children", None)
        single = isinstance(children, Component)
        items = [children] if single else children
        if not isinstance(items, (list, tuple)):
            return
        out = []
        for child in items:
            if isinstance(child, dcc.Graph):
                seen += 1
                out.append(child if seen <= keep else _slot(child, seen))
                continue
            if isinstance(child, Component):
                visit(child)
            out.append(child)
        node.children = out[0] if single else out

    visit(content)
    return content


def register(app) -> None:
    """The callback that mounts each waiting chart (every app its own)."""
    app.clientside_callback(
        MOUNT_JS,
        Output({"type": SLOT, "graph": MATCH}, "children"),
        Output({"type": SLOT, "graph": MATCH}, "className"),
        Input({"type": STORE, "graph": MATCH}, "data"),
    )

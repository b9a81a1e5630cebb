"""A figure made from plain dicts without plotly's validation.

Why: validating a figure's traces, layout and template costs more than building
the view behind it (a first-pass filter callback spent a third of its time in
``Figure.update_layout`` and the trace constructors: issue 14). The figure
functions build their traces and layout as dicts, checked once by the tests
against the validated figure (tests/test_plain_figures.py); the result is still a
``go.Figure``, so callers, exports and tests read it as before.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

from .. import theme  # noqa: F401  (registers the "coronadash" template)


def plain_figure(data: list[dict], layout: dict) -> go.Figure:
    """``go.Figure(data, layout)`` unchecked; a template named by a string is
    looked up here (unchecked, the name would reach the browser as it is)."""
    template = layout.get("template")
    if isinstance(template, str):
        layout = {**layout, "template": pio.templates[template]}
    return go.Figure(data=data, layout=layout, _validate=False)

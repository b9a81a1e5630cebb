"""A filter control with its visible label, as one column of a page's filter row.

Why: the Data, Corona, Domein and Vergelijken pages each wrote the same column
(label bound to the control by ``htmlFor``, then the control); one function keeps
their labels alike and accessible.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html


def labelled_column(
    label: str, control_id: str, control, weight: str = "fw-bold", **widths
) -> dbc.Col:
    """``control`` under a label naming it, full width on a phone (``xs=12``) and
    ``widths`` (e.g. ``lg=4``) from there on."""
    return dbc.Col(
        [
            html.Label(label, htmlFor=control_id, className=f"form-label {weight}"),
            control,
        ],
        xs=12,
        **widths,
        className="mb-2",
    )

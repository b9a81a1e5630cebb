"""A dcc.Dropdown that speaks the page's language.

Why: Dash 4's dropdown shows English texts ("Select...", "Search", "No options
found") unless every one is set; written once here, no page forgets one.
"""

from __future__ import annotations

from dash import dcc, html

from ..messages import _

LABELS = (
    "select_all",
    "deselect_all",
    "selected_count",
    "search",
    "clear_search",
    "clear_selection",
    "no_options_found",
)


def dropdown_labels(lang: str = "nl") -> dict[str, str]:
    """The texts inside the dropdown ("{num_selected}" is filled by Dash)."""
    return {key: _(f"dropdown.{key}", lang) for key in LABELS}


def dropdown(lang: str, **props) -> dcc.Dropdown:
    """``dcc.Dropdown(**props)`` with its labels and placeholder in ``lang``."""
    props.setdefault("placeholder", _("dropdown.placeholder", lang))
    return dcc.Dropdown(labels=dropdown_labels(lang), **props)


def labelled_dropdown(
    lang: str, label: str, className: str = "mb-2", **props
) -> html.Div:
    """``dropdown(lang, **props)`` under a visible label that names it (for= its id)."""
    return html.Div(
        [
            html.Label(label, htmlFor=props["id"], className="form-label"),
            dropdown(lang, **props),
        ],
        className=className,
    )

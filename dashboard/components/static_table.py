"""Large tables as one component: the same table as ``data_table``, drawn cheaply.

In Dash 4.4 every component of a layout is subscribed to the renderer's store, and each
store update during a callback visits all of them. A table of 342 gemeenten is about
1,400 components; two of those on a page made a filter change take 15-30 s in a
(software-rendered) browser. Here the table is one HTML string inside a single
``dcc.Markdown``: the browser draws the same caption, headers with scope and numbers,
and the renderer sees one component. Every value is escaped.
"""

from __future__ import annotations

from html import escape

import pandas as pd
from dash import dcc

from ..formatting import format_number


def static_table(
    frame: pd.DataFrame,
    columns: dict[str, str],
    caption: str,
    decimals: dict[str, int] | None = None,
    missing: str = "geen gegevens",
    class_name: str = "table table-sm table-striped",
    caption_hidden: bool = False,
    cell_class: dict[str, str] | None = None,
    min_width: dict[str, str] | None = None,
    lang: str = "nl",
) -> dcc.Markdown:
    """columns: key -> header; keys in ``decimals`` are numbers (in the format of
    ``lang``, right-aligned).

    ``cell_class``: extra CSS classes per column (e.g. text-nowrap); ``min_width``: a
    CSS width per column header, for columns with running text in a wide table.
    """
    decimals = decimals or {}
    cell_class = cell_class or {}
    min_width = min_width or {}
    hidden = ' class="visually-hidden"' if caption_hidden else ""
    parts = [f'<table class="{escape(class_name)}"><caption{hidden}>{escape(caption)}']
    parts.append("</caption><thead><tr>")
    for key, header in columns.items():
        style = (
            f' style="min-width:{escape(min_width[key])}"' if key in min_width else ""
        )
        parts.append(f'<th scope="col"{style}>{escape(str(header))}</th>')
    parts.append("</tr></thead><tbody>")
    keys = list(columns)
    for record in frame[[k for k in keys if k in frame.columns]].to_dict("records"):
        parts.append("<tr>")
        for key in keys:
            value = record.get(key)
            if key in decimals:
                text = format_number(_number(value), decimals[key], missing, lang)
                css = ("text-end " + cell_class.get(key, "")).strip()
            else:
                text = "" if _number_missing(value) else str(value)
                css = cell_class.get(key, "")
            attr = f' class="{escape(css)}"' if css else ""
            parts.append(f"<td{attr}>{escape(text)}</td>")
        parts.append("</tr>")
    parts.append("</tbody></table>")
    return dcc.Markdown("".join(parts), dangerously_allow_html=True)


def _number(value) -> float | None:
    if _number_missing(value):
        return None
    return float(value)


def _number_missing(value) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False

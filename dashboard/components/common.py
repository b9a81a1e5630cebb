"""Small layout pieces used on every page."""

from __future__ import annotations

from collections.abc import Sequence

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard.messages import _

from ..formatting import format_number
from ..notes import note_text
from ..theme import graph_config
from .downloads import download_menu


def notices(messages: Sequence[str], language: str = "nl") -> html.Div:
    """Short notices (e.g. an unknown URL value was replaced); polite for screen readers."""
    if not messages:
        return html.Div(role="status", **{"aria-live": "polite"})
    return html.Div(
        dbc.Alert(
            [
                html.Strong(_("app.invalid", language) + ": "),
                "; ".join(note_text(m, language) for m in messages),
            ],
            color="warning",
            className="py-2",
        ),
        role="status",
        **{"aria-live": "polite"},
    )


def data_table(
    frame: pd.DataFrame,
    columns: dict[str, str],
    caption: str,
    decimals: dict[str, int] | None = None,
    missing: str | None = None,
    lang: str = "nl",
) -> html.Table:
    """A plain accessible table: caption, column headers with scope, numbers in the
    page's language."""
    decimals = decimals or {}
    header = html.Thead(
        html.Tr([html.Th(label, scope="col") for label in columns.values()])
    )
    rows = []
    for record in frame.to_dict(orient="records"):
        cells = []
        for key in columns:
            value = record.get(key)
            if key in decimals:
                text = format_number(value, decimals[key], missing, lang)
                cells.append(html.Td(text, className="text-end"))
            else:
                cells.append(
                    html.Td("" if value is None or value != value else str(value))
                )
        rows.append(html.Tr(cells))
    return html.Table(
        [html.Caption(caption), header, html.Tbody(rows)],
        className="table table-sm table-striped",
    )


def radio_group(
    component_id: str,
    legend: str,
    options: list[dict],
    value: str | None,
    inline: bool = True,
) -> html.Fieldset:
    """Radio buttons under a visible legend: plain <input type=radio> with <label>s.

    Use instead of dcc.RadioItems: Dash 4.4.1 renders that as role=listbox with radio
    inputs inside role=option labels and no accessible name (axe: nested-interactive,
    aria-input-field-name). The callback input stays ``(component_id, "value")``.
    """
    return html.Fieldset(
        [
            html.Legend(legend, className="form-label fs-6 mb-1"),
            dbc.RadioItems(
                id=component_id,
                options=options,
                value=value,
                inline=inline,
                name=component_id,  # one group: arrow keys move between the options
            ),
        ],
        className="mb-2",
    )


def scroll_region(table: html.Table, label: str) -> html.Div:
    """A table that may scroll sideways (375 px): focusable, so the keyboard can scroll it
    (axe scrollable-region-focusable), and named for screen readers."""
    return html.Div(
        table,
        className="table-responsive",
        tabIndex="0",
        role="group",
        **{"aria-label": label},
    )


def chart_card(
    card_id: str,
    title: str,
    subtitle: str,
    figure,
    table: html.Table | None,
    footer: Sequence[str],
    language: str = "nl",
    height: int | None = None,
    export: dict | None = None,
) -> html.Section:
    """A chart with its title, unit and period, source line(s), a table alternative and
    the download menu (CSV/Excel of ``export``, see ``downloads.export_spec``; PNG,
    SVG and the permalink of the figure as shown)."""
    heading_id = f"{card_id}-title"
    graph = dcc.Graph(
        id=f"{card_id}-graph",
        figure=figure,
        config=graph_config(language),
        # style=None reaches dcc.Graph as null and breaks it in the browser
        **({"style": {"height": f"{height}px"}} if height else {}),
    )
    menu = download_menu(
        card_id,
        export or {"kind": "figure", "lang": language},
        title,
        subtitle,
        footer,
        language,
    )
    parts = [
        html.Div(
            [
                html.Div(
                    [
                        html.H2(title, id=heading_id, className="h5 mb-0"),
                        html.P(subtitle, className="text-muted small mb-2"),
                    ],
                    className="chart-heading",
                ),
                menu,
            ],
            # wraps: a long status line under the menu never squeezes the title
            className="d-flex flex-wrap justify-content-between align-items-start gap-2",
        ),
        # role=figure, not img: the modebar inside has buttons (axe nested-interactive)
        html.Div(graph, role="figure", **{"aria-label": f"{title}. {subtitle}"}),
    ]
    if table is not None:
        parts.append(
            html.Details(
                [
                    html.Summary(_("app.table", language)),
                    scroll_region(table, f"{_('app.table', language)}: {title}"),
                ],
                className="mt-2",
            )
        )
    parts.append(
        html.Footer(
            [html.P(line, className="small text-muted mb-0") for line in footer]
        )
    )
    return html.Section(
        parts,
        className="chart-card card card-body mb-3",
        **{"aria-labelledby": heading_id},
    )

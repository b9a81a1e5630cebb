"""The Coronakloof section laid out from its view model (``views/kloof.py``).

Why: a page only places this block; the sentences, the grouping of what cannot be
answered and the small charts come from the view model, which the PDF brief reads
too. The gebied's own figures and its gemeente's figures sit in separate blocks, each
titled with its level; the full sources are listed once under the section, each
small chart carries one short source line.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.messages import _

from ..services import Service
from ..theme import graph_config
from ..views.kloof import YEARS, KloofItem, KloofView, kloof_view
from ..views.sources import short_source, source_lines
from .common import notices
from .gebied import select

BODY = "gebied-kloof-body"
KLOOF = "gebied-kloof"
KLOOF_VOOR = "gebied-kloof-voor"
KLOOF_NA = "gebied-kloof-na"
ITEM = "gebied-kloof-{}"


def _item(service: Service, item: KloofItem, lang: str) -> dbc.Col:
    indicator = item.indicator
    card_id = ITEM.format(indicator.id)
    return dbc.Col(
        html.Article(
            [
                html.H4(indicator.title.get(lang), className="h6 mb-1"),
                html.P(item.sentence, className="small mb-1 kloof-zin"),
                html.Div(
                    dcc.Graph(
                        id=f"{card_id}-graph",
                        figure=item.figure(),
                        config=graph_config(lang) | {"displayModeBar": False},
                        style={"height": "240px"},
                    ),
                    role="figure",
                    **{"aria-label": item.sentence},
                ),
                html.P(
                    short_source(service, indicator, lang),
                    className="small text-muted mb-0",
                ),
            ],
            id=card_id,
            className="border rounded p-2 h-100 kloof-item",
            **{"data-kloof": indicator.id},
        ),
        xs=12,
        md=6,
        xl=4,
        className="mb-2",
    )


def _block(service, title: str, intro: str | None, items, block_id: str, lang: str):
    heading_id = f"{block_id}-title"
    return html.Section(
        [
            html.H3(title, id=heading_id, className="h5"),
            html.P(intro, className="small text-muted") if intro else None,
            dbc.Row([_item(service, item, lang) for item in items]),
        ],
        id=block_id,
        className="mb-2",
        **{"aria-labelledby": heading_id},
    )


def kloof_body(service: Service, view: KloofView, lang: str) -> html.Div:
    """The pair shown, the two blocks of sentences and charts, the grouped reasons
    and the sources once."""
    parts: list = [
        html.P(
            _("gebied.kloof.pair", lang, voor=view.voor, na=view.na),
            id="gebied-kloof-paar",
            className="fw-semibold mb-2",
        )
    ]
    if view.own:
        parts.append(
            _block(
                service,
                _("gebied.kloof.own", lang, area=view.area_name),
                None,
                view.own,
                "gebied-kloof-eigen",
                lang,
            )
        )
    if view.gemeente:
        parts.append(
            _block(
                service,
                _("gebied.kloof.gemeente_block", lang, gemeente=view.gemeente_name),
                _("gebied.kloof.gemeente_intro", lang),
                view.gemeente,
                "gebied-kloof-gemeente",
                lang,
            )
        )
    if not view.items:
        parts.append(html.P(_("gebied.kloof.none", lang), className="text-muted"))
    if view.groups:
        parts.append(
            html.Div(
                [
                    html.H3(_("gebied.kloof.cannot", lang), className="h6"),
                    html.Ul(
                        [html.Li(group.line) for group in view.groups],
                        className="small mb-2",
                    ),
                ],
                id="gebied-kloof-niet",
            )
        )
    if view.items:
        parts.append(
            html.Footer(
                [
                    html.P(line, className="small text-muted mb-0")
                    for line in source_lines(service, view.indicators, language=lang)
                ],
                **{"aria-label": _("gebied.kloof.sources", lang)},
            )
        )
    return html.Div(parts)


def kloof_section(service, area, voor: str, na: str, lang: str) -> html.Div:
    view = kloof_view(service, area, voor, na, lang)
    body = kloof_body(service, view, lang)
    return html.Div([notices(view.notices, lang), body]) if view.notices else body


def kloof_block(service, area, voor: str, na: str, lang: str) -> html.Section:
    """The Coronakloof heading, the pair of years to choose and the section."""
    years = [{"label": y, "value": y} for y in YEARS]
    return html.Section(
        [
            html.H2(
                _("gebied.kloof.heading", lang), id=KLOOF + "-title", className="h4"
            ),
            html.P(
                _("gebied.kloof.intro", lang, voor=voor, na=na),
                className="small text-muted",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        select(
                            KLOOF_VOOR,
                            _("gebied.kloof.voor", lang),
                            years,
                            voor,
                            lang,
                        ),
                        xs=12,
                        sm=6,
                        md=3,
                    ),
                    dbc.Col(
                        select(KLOOF_NA, _("gebied.kloof.na", lang), years, na, lang),
                        xs=12,
                        sm=6,
                        md=3,
                    ),
                ]
            ),
            html.Div(
                kloof_section(service, area, voor, na, lang),
                id=BODY,
                **{"aria-live": "polite"},
            ),
        ],
        id=KLOOF,
        className="card card-body mb-3 mt-4",
        **{"aria-labelledby": KLOOF + "-title"},
    )

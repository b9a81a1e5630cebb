"""Scenario (c) of issue 12: a page with a map and a trend is one short module.

Why: with the view models (dashboard/views) and the shared cards
(dashboard/components/cards.py) a page only wires a filter to two cards. This test
page draws any wijk indicator for a chosen gebied: the wijken of its gemeente on a
map and the trend of the gebied, its gemeente, the rest and Nederland.
"""

from __future__ import annotations

import dash
from dash import Input, Output, dcc, html

from dashboard import state
from dashboard.components.cards import map_card, trend_card
from dashboard.url_state import language, text_value
from dashboard.views.gebied import map_options
from dashboard.views.maps import wijk_map
from dashboard.views.trends import trend_view

PATH = "/scenario-kaart-en-trend"
dash.register_page(__name__, path=PATH, title="Scenario: kaart en trend", order=99)

INDICATOR = "scenario-indicator"
GEBIED = "scenario-gebied"
MAP = "scenario-kaart"
TREND = "scenario-trend"


def cards(indicator_id: str, gebied_id: str, lang: str = "nl") -> tuple:
    service = state.service()
    indicator, gebied = service.indicator(indicator_id), service.area(gebied_id)
    try:
        shown = wijk_map(service, indicator, gebied, None, lang)
    except Exception as exc:  # noqa: BLE001 - the card says why there is no map
        shown = str(exc)
    return (
        map_card(service, MAP, shown, indicator.title.get(lang), lang),
        trend_card(service, TREND, trend_view(service, indicator, gebied, lang), lang),
    )


def chosen(indicator: object, gebied: object, lang: str = "nl") -> tuple:
    """Known choices, or the first ones offered (a URL or a request may say anything)."""
    service = state.service()
    gebieden = service.registry.gebieden()
    gebied = gebied if gebied in {a.id for a in gebieden} else gebieden[0].id
    options = map_options(service, service.area(gebied), lang)
    ids = [o["value"] for o in options]
    return (indicator if indicator in ids else ids[0]), gebied, gebieden, options


def layout(indicator: str | None = None, gebied: str | None = None, **query):
    lang = language(query.get("lang"))
    indicator, gebied, gebieden, options = chosen(
        text_value(indicator), text_value(gebied), lang
    )
    map_part, trend_part = cards(indicator, gebied, lang)
    return html.Div(
        [
            html.H1("Kaart en trend"),
            dcc.Dropdown(id=INDICATOR, options=options, value=indicator),
            dcc.Dropdown(
                id=GEBIED,
                options=[{"label": a.name, "value": a.id} for a in gebieden],
                value=gebied,
            ),
            html.Div(map_part, id=MAP + "-body"),
            html.Div(trend_part, id=TREND + "-body"),
        ]
    )


@dash.callback(
    Output(MAP + "-body", "children"),
    Output(TREND + "-body", "children"),
    Input(INDICATOR, "value"),
    Input(GEBIED, "value"),
    prevent_initial_call=True,
)
def update(indicator, gebied):
    return cards(*chosen(text_value(indicator), text_value(gebied))[:2])

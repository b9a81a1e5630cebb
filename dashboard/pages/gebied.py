"""Gebied: the profile of one of the 16 gebieden across all domains.

Why: a policymaker responsible for one area wants, on one page, what the area is
(which CBS wijken, how sure that composition is and why), how it compares with
Nederland, its gemeente and the rest of its gemeente in every domain, where it lies
within its gemeente, and how one figure developed over time. A domain without figures
for the area says so and names the CBS table that would fill it.

URL: ``/gebied/<gebied_id>?indicator=<wijk indicator for the map>&trend=<indicator>
&kloof_voor=<year>&kloof_na=<year>&lang=nl|en``. Unknown ids and values give a notice, never a traceback.

Component ids (stable; browser tests use them):

- ``gebied-url``: dcc.Location (refresh=False) whose ``search`` the selects write
- ``gebied-nav``: dcc.Location (callback-nav) that the gebied select navigates with
- ``gebied-context``: dcc.Store {"gebied": id, "lang": nl|en}
- ``gebied-kies``: Dropdown to switch gebied
- ``gebied-definitie``: the definition block (wijken, confidence, source)
- ``gebied-kerncijfers``: key figures; per domain ``gebied-domein-<domain id>``
- ``gebied-kaart-indicator``: Dropdown of the map indicator; ``gebied-kaart-body``
  holds the chart card ``gebied-kaart`` (graph ``gebied-kaart-graph``)
- ``gebied-trend-indicator``: Dropdown of the trend indicator; ``gebied-trend-body``
  holds the chart card ``gebied-trend`` (graph ``gebied-trend-graph``)
- ``gebied-kloof-voor``, ``gebied-kloof-na``: the pair of years of the Coronakloof
  (``?kloof_voor=2019&kloof_na=2021``); ``gebied-kloof-body`` holds the sentences,
  the small charts (``gebied-kloof-<indicator>``) and the grouped reasons
- ``gebied-onbekend``: the message for an unknown gebied id
- ``gebied-brief-knop``: button that downloads the one-page PDF brief through
  ``gebied-brief-download`` (dcc.Download); ``gebied-brief-status`` says what happened
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html, no_update
from dash.exceptions import MissingCallbackContextException

from dashboard import history, state
from dashboard.callback_cache import memoise_outputs
from dashboard.components.cards import map_card, trend_card, unavailable_card
from dashboard.components.common import notices, radio_group
from dashboard.components.gebied import (  # noqa: F401 - ids the tests read here
    BRIEF_BUTTON,
    BRIEF_DOWNLOAD,
    BRIEF_STATUS,
    DEFINITION,
    DOMAIN,
    FIGURES,
    UNKNOWN,
    _suffix,
    _t,
    brief_block,
    definition,
    key_figures,
    select,
    unknown_gebied,
)
from dashboard.components.kloof import BODY as KLOOF_BODY
from dashboard.components.kloof import kloof_body
from dashboard.services import QueryError
from dashboard.url_state import (
    ViewState,
    language,
    search_string,
    store_data,
    text_value,
)
from dashboard.views import gebied as gebied_views
from dashboard.views import kloof as kloof_views
from dashboard.views import policy
from dashboard.views.gebied import (
    default_map,
    default_trend,
    map_options,
    trend_options,
)
from dashboard.views.text import text
from data_sources.catalogue import read_catalogue


def _title(gebied_id: str | None = None, **_other) -> str:
    try:
        name = state.service().registry.get(gebied_id or "").name
    except Exception:  # noqa: BLE001 - a title never breaks a page
        name = "Gebied"
    return f"{name} – Coronadashboard Sociaal Domein"


dash.register_page(
    __name__,
    path_template="/gebied/<gebied_id>",
    title=_title,
    order=2,
    nav="nav.gebieden",
    nav_path=f"/gebied/{read_catalogue().pages.gebied}",
)

URL = "gebied-url"
NAV = "gebied-nav"
CONTEXT = "gebied-context"
SELECT = "gebied-kies"
MAP_INDICATOR = "gebied-kaart-indicator"
MAP_BODY = "gebied-kaart-body"
MAP = "gebied-kaart"
TREND_INDICATOR = "gebied-trend-indicator"
TREND_BODY = "gebied-trend-body"
TREND = "gebied-trend"
MEASURES = "gebied-maatregelen"
CONTEXT_INDICATOR = "gebied-context-indicator"
CONTEXT_BODY = "gebied-context-body"
CONTEXT_TREND = "gebied-landelijk"
KLOOF_VOOR = "gebied-kloof-voor"
KLOOF_NA = "gebied-kloof-na"
KLOOF = "gebied-kloof"
HISTORY_FIELDS = [
    history.Field("indicator", MAP_INDICATOR),
    history.Field("trend", TREND_INDICATOR),
    history.Field("maatregelen", MEASURES),
    history.Field("context", CONTEXT_INDICATOR),
    history.Field("kloof_voor", KLOOF_VOOR),
    history.Field("kloof_na", KLOOF_NA),
]


# ------------------------------------------------------------- map and trend


def map_section(service, area, indicator_id: str | None, lang: str):
    gemeente = service.registry.areas.get(area.gemeente)
    name = gemeente.name if gemeente else str(area.gemeente)
    title = _t("map_heading", lang)
    if indicator_id is None or gemeente is None:
        return unavailable_card(MAP, title, _t("map_none", lang).format(gemeente=name))
    try:
        view = gebied_views.gebied_map(service, area, indicator_id, lang)
    except QueryError as exc:
        view = str(exc)
    return map_card(service, MAP, view, title, lang)


def trend_section(
    service, area, indicator_id: str | None, lang: str, measures: bool = False
):
    if indicator_id is None:
        return html.P(_t("trend_none", lang), className="text-muted small")
    view = gebied_views.gebied_trend(service, area, indicator_id, lang, measures)
    return trend_card(service, TREND, view, lang)


def context_section(service, indicator_id: str | None, lang: str, measures: bool):
    """A national series (bijstand, WW, AO, werkloosheid per maand) as context."""
    if indicator_id is None:
        return html.P(text("common.no_data", lang), className="text-muted small")
    view = gebied_views.national_trend(service, indicator_id, lang, measures)
    return trend_card(service, CONTEXT_TREND, view, lang)


def kloof_section(service, area, voor: str, na: str, lang: str) -> html.Div:
    view = gebied_views.gebied_kloof(service, area, voor, na, lang)
    body = kloof_body(service, view, lang)
    return html.Div([notices(view.notices, lang), body]) if view.notices else body


def kloof_block(service, area, voor: str, na: str, lang: str) -> html.Section:
    """The Coronakloof heading, the pair of years to choose and the section."""
    years = [{"label": y, "value": y} for y in kloof_views.YEARS]
    return html.Section(
        [
            html.H2(text("kloof.heading", lang), id=KLOOF + "-title", className="h4"),
            html.P(
                text("kloof.intro", lang, voor=voor, na=na),
                className="small text-muted",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        select(KLOOF_VOOR, text("kloof.voor", lang), years, voor, lang),
                        xs=6,
                        md=3,
                    ),
                    dbc.Col(
                        select(KLOOF_NA, text("kloof.na", lang), years, na, lang),
                        xs=6,
                        md=3,
                    ),
                ]
            ),
            html.Div(
                kloof_section(service, area, voor, na, lang),
                id=KLOOF_BODY,
                **{"aria-live": "polite"},
            ),
        ],
        id=KLOOF,
        className="card card-body mb-3 mt-4",
        **{"aria-labelledby": KLOOF + "-title"},
    )


# ---------------------------------------------------------------------- brief


# --------------------------------------------------------------------- layout


def layout(
    gebied_id=None,
    lang=None,
    indicator=None,
    trend=None,
    kloof_voor=None,
    kloof_na=None,
    maatregelen=None,
    context=None,
    **_other,
):
    lang = language(lang)
    service = state.service()
    gebieden = service.registry.gebieden()
    choose = select(
        SELECT,
        _t("choose", lang),
        [{"label": a.name, "value": a.id} for a in gebieden],
        None,
        lang,
    )
    area = service.registry.areas.get(str(gebied_id)) if gebied_id else None
    if area is None or area.level != "gebied":
        return html.Div(
            [
                dcc.Location(id=NAV, refresh="callback-nav"),
                dcc.Store(id=CONTEXT, data={"gebied": None, "lang": lang}),
                unknown_gebied(service, gebied_id, lang),
                dbc.Row(dbc.Col(choose, xs=12, md=6)),
            ]
        )
    choose.children[1].value = area.id
    view = ViewState()
    maps = map_options(service, area, lang)
    map_ids = [o["value"] for o in maps]
    map_id = view.one(
        "indicator",
        indicator,
        map_ids,
        default_map(service, maps),
    )
    trends = trend_options(service, area, lang)
    trend_id = view.one(
        "trend", trend, [o["value"] for o in trends], default_trend(service, trends)
    )
    voor, na = kloof_views.chosen_pair(kloof_voor, kloof_na, view)
    measures = view.one("maatregelen", maatregelen, gebied_views.MEASURES, "nee")
    contexts = gebied_views.context_options(service, lang)
    context_id = view.one(
        "context",
        context,
        [o["value"] for o in contexts],
        gebied_views.default_context(contexts),
    )
    return html.Div(
        [
            dcc.Location(id=URL, refresh=False),
            dcc.Location(id=NAV, refresh="callback-nav"),
            dcc.Store(id=CONTEXT, data={"gebied": area.id, "lang": lang}),
            dbc.Row(
                [
                    dbc.Col(html.H1(area.name), xs=12, md=8),
                    dbc.Col(choose, xs=12, md=4),
                ],
                className="align-items-end",
            ),
            notices(view.notices, lang),
            brief_block(lang),
            definition(service, area, lang),
            key_figures(service, area, lang),
            kloof_block(service, area, voor, na, lang),
            html.H2(_t("map_heading", lang), className="h4 mt-4"),
            dbc.Row(
                dbc.Col(
                    select(MAP_INDICATOR, _t("map_label", lang), maps, map_id, lang),
                    xs=12,
                    md=6,
                )
            ),
            html.Div(
                map_section(service, area, map_id, lang),
                id=MAP_BODY,
                **{"aria-live": "polite"},
            ),
            html.H2(_t("trend_heading", lang), className="h4 mt-4"),
            dbc.Row(
                dbc.Col(
                    select(
                        TREND_INDICATOR, _t("trend_label", lang), trends, trend_id, lang
                    ),
                    xs=12,
                    md=6,
                )
            ),
            radio_group(
                MEASURES,
                text("trend.measures_show", lang),
                gebied_views.measure_options(lang),
                measures,
            ),
            html.Div(
                trend_section(service, area, trend_id, lang, measures == "ja"),
                id=TREND_BODY,
                **{"aria-live": "polite"},
            ),
            html.H2(text("gebied.context_heading", lang), className="h4 mt-4"),
            html.P(text("gebied.context_intro", lang), className="small text-muted"),
            dbc.Row(
                dbc.Col(
                    select(
                        CONTEXT_INDICATOR,
                        text("gebied.context_label", lang),
                        contexts,
                        context_id,
                        lang,
                    ),
                    xs=12,
                    md=6,
                )
            ),
            html.Div(
                context_section(service, context_id, lang, measures == "ja"),
                id=CONTEXT_BODY,
                **{"aria-live": "polite"},
            ),
        ]
    )


# ------------------------------------------------------------------ callbacks


@dash.callback(
    Output(NAV, "href"),
    Input(SELECT, "value"),
    State(CONTEXT, "data"),
    prevent_initial_call=True,
)
def switch_gebied(gebied_id, context):
    """Navigate to the chosen gebied (keeping the language)."""
    gebied_id, context = text_value(gebied_id), store_data(context)
    if not gebied_id or gebied_id == context.get("gebied"):
        return no_update
    ids = {a.id for a in state.service().registry.gebieden()}
    if gebied_id not in ids:
        return no_update
    return f"/gebied/{gebied_id}{_suffix(language(context.get('lang')))}"


def _triggered() -> set[str]:
    """Ids of the inputs that fired; empty (= redraw all) outside a request."""
    try:
        return {item["prop_id"].split(".")[0] for item in dash.ctx.triggered}
    except MissingCallbackContextException:
        return set()


@dash.callback(
    Output(MAP_BODY, "children"),
    Output(TREND_BODY, "children"),
    Output(KLOOF_BODY, "children"),
    Output(CONTEXT_BODY, "children"),
    Output(URL, "search"),
    Input(MAP_INDICATOR, "value"),
    Input(TREND_INDICATOR, "value"),
    Input(KLOOF_VOOR, "value"),
    Input(KLOOF_NA, "value"),
    Input(MEASURES, "value"),
    Input(CONTEXT_INDICATOR, "value"),
    State(CONTEXT, "data"),
    State(URL, "search"),
    prevent_initial_call=True,
)
def update_views(
    map_id, trend_id, voor, na, measures, context_id, context, current=None
):
    """Re-draw the map, the trend chart or the Coronakloof that changed; write all
    to the URL."""
    map_id, trend_id = text_value(map_id), text_value(trend_id)
    context = store_data(context)
    lang = language(context.get("lang"))
    service = state.service()
    area = service.registry.areas.get(str(context.get("gebied")))
    if area is None or area.level != "gebied":
        return (no_update,) * 6
    # Validate against the catalogue only (fast); the sections explain missing data.
    view = ViewState()
    indicators = service.catalogue.indicators
    map_ids = [i.id for i in indicators if i.level == "wijk"]
    trend_ids = [i.id for i in indicators if not policy.is_national_only(i)]
    defaults = service.catalogue.pages
    map_id = view.one("indicator", map_id, map_ids, defaults.gebied_map)
    trend_id = view.one(
        "trend", trend_id, trend_ids, (defaults.gebied_trends or [None])[-1]
    )
    voor, na = kloof_views.chosen_pair(text_value(voor), text_value(na), view)
    measures = view.one(
        "maatregelen", text_value(measures), gebied_views.MEASURES, "nee"
    )
    national = [i.id for i in indicators if policy.is_national_only(i)]
    context_id = view.one(
        "context", text_value(context_id), national, gebied_views.CONTEXT_DEFAULT
    )
    triggered = _triggered()
    map_body = trend_body = kloof_body_ = context_body = no_update
    if MAP_INDICATOR in triggered or not triggered:
        map_body = map_section(service, area, map_id, lang)
        if view.notices:
            map_body = html.Div([notices(view.notices, lang), map_body])
    if triggered & {TREND_INDICATOR, MEASURES} or not triggered:
        trend_body = trend_section(service, area, trend_id, lang, measures == "ja")
        if view.notices:
            trend_body = html.Div([notices(view.notices, lang), trend_body])
    if triggered & {KLOOF_VOOR, KLOOF_NA} or not triggered:
        kloof_body_ = kloof_section(service, area, voor, na, lang)
        if view.notices:
            kloof_body_ = html.Div([notices(view.notices, lang), kloof_body_])
    if triggered & {CONTEXT_INDICATOR, MEASURES} or not triggered:
        context_body = context_section(service, context_id, lang, measures == "ja")
    search = search_string(
        {
            "indicator": map_id,
            "trend": trend_id,
            "maatregelen": measures,
            "context": context_id,
            "kloof_voor": voor,
            "kloof_na": na,
            "lang": lang if lang != "nl" else None,
        }
    )
    search = history.new_search(
        search, text_value(current), HISTORY_FIELDS, _defaults(context)
    )
    return map_body, trend_body, kloof_body_, context_body, search


@dash.callback(
    Output(BRIEF_DOWNLOAD, "data"),
    Output(BRIEF_STATUS, "children"),
    Input(BRIEF_BUTTON, "n_clicks"),
    State(CONTEXT, "data"),
    State(KLOOF_VOOR, "value"),
    State(KLOOF_NA, "value"),
    prevent_initial_call=True,
)
def download_brief(n_clicks, context, voor=None, na=None):
    """The one-page PDF of this gebied (same numbers as the page, the Coronakloof
    of the pair of years shown), as a download."""
    from dashboard.exports.brief import brief_file_name, gebied_brief
    from dashboard.exports.images import geojson_from_store, image_server
    from dashboard.geo import geo_store

    context = store_data(context)
    lang = language(text_value(context.get("lang")))
    service = state.service()
    area = service.registry.areas.get(str(context.get("gebied")))
    if not n_clicks or area is None or area.level != "gebied":
        return no_update, no_update
    pair = kloof_views.chosen_pair(text_value(voor), text_value(na), ViewState())
    try:
        with image_server():
            pdf = gebied_brief(
                service, area.id, geojson_from_store(geo_store(service)), pair
            )
    except Exception as exc:  # noqa: BLE001 - one line for the user, never a traceback
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return no_update, _t("brief_failed", lang).format(reason=reason)
    return (
        dcc.send_bytes(pdf, brief_file_name(area.id)),
        _t("brief_done", lang).format(name=area.name),
    )


def _defaults(context: dict) -> dict:
    """The map and trend a gebied page opens with (its address without a query)."""
    service = state.service()
    area = service.registry.areas.get(str(context.get("gebied")))
    if area is None or area.level != "gebied":
        return {}
    lang = language(context.get("lang"))
    return {
        "indicator": default_map(service, map_options(service, area, lang)),
        "trend": default_trend(service, trend_options(service, area, lang)),
        "maatregelen": "nee",
        "context": gebied_views.CONTEXT_DEFAULT,
        "kloof_voor": kloof_views.DEFAULT_PAIR[0],
        "kloof_na": kloof_views.DEFAULT_PAIR[1],
    }


# Back/Forward set the map and trend indicators from the address.
follow = history.follow_history(URL, HISTORY_FIELDS, _defaults, CONTEXT)

# The rendered responses depend only on the request and the data version.
memoise_outputs(NAV, MAP_BODY)

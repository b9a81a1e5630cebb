"""Gebied: the profile of one of the 16 gebieden across all domains.

Why: a policymaker responsible for one area wants, on one page, what the area is
(which CBS wijken, how sure that composition is and why), how it compares with
Nederland, its gemeente and the rest of its gemeente in every domain, whether the
corona years widened the gap (Coronakloof), where it lies within its gemeente, and
how one figure developed over time against the corona years. The page only places
the parts of ``components/gebied.py`` and ``components/kloof.py`` and wires the
callbacks; the data work is in ``views/`` (gebied, gebied_profile, kloof).

URL: ``/gebied/<gebied_id>?indicator=<wijk indicator for the map>&trend=<indicator>
&maatregelen=ja|nee&context=<national series>&kloof_voor=<year>&kloof_na=<year>
&lang=nl|en``. Unknown ids and values give a notice, never a traceback.

Component ids (stable; browser tests use them):

- ``gebied-url``: dcc.Location (refresh=False) whose ``search`` the selects write
- ``gebied-nav``: dcc.Location (callback-nav) that the gebied select navigates with
- ``gebied-context``: dcc.Store {"gebied": id, "lang": nl|en}
- ``gebied-kies``: Dropdown to switch gebied
- ``gebied-definitie``: the definition block (wijken, confidence, source)
- ``gebied-kerncijfers``: key figures; per domain ``gebied-domein-<domain id>``, the
  gemeente's figures in ``gebied-domein-<domain id>-gemeente``
- ``gebied-kloof-voor``, ``gebied-kloof-na``: the pair of years of the Coronakloof;
  ``gebied-kloof-body`` holds the sentences, the small charts
  (``gebied-kloof-<indicator>``) and the grouped reasons (``gebied-kloof-niet``)
- ``gebied-kaart-indicator``: Dropdown of the map indicator; ``gebied-kaart-body``
  holds the chart card ``gebied-kaart`` (graph ``gebied-kaart-graph``)
- ``gebied-trend-indicator``: Dropdown of the trend indicator; ``gebied-maatregelen``
  the national measures on or off; ``gebied-trend-body`` holds the chart card
  ``gebied-trend`` (graph ``gebied-trend-graph``)
- ``gebied-context-indicator``: Dropdown of the national series;
  ``gebied-context-body`` holds the chart card ``gebied-landelijk``
- ``gebied-onbekend``: the message for an unknown gebied id
- ``gebied-brief-knop``: button that downloads the one-page PDF brief through
  ``gebied-brief-download`` (dcc.Download); ``gebied-brief-status`` says what happened
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html, no_update
from dash.exceptions import MissingCallbackContextException

from dashboard import expensive, history, state
from dashboard.callback_cache import memoise_outputs
from dashboard.components import kloof as kloof_parts
from dashboard.components.common import notices, radio_group
from dashboard.components.deferred import defer_graphs
from dashboard.components.gebied import (  # noqa: F401 - ids the tests read here
    BRIEF_BUTTON,
    BRIEF_DOWNLOAD,
    BRIEF_STATUS,
    CONTEXT_TREND,
    DEFINITION,
    DOMAIN,
    FIGURES,
    MAP,
    TREND,
    UNKNOWN,
    _suffix,
    brief_block,
    chosen_section,
    context_section,
    definition,
    key_figures,
    map_section,
    select,
    trend_section,
    unknown_gebied,
)
from dashboard.components.kloof import (  # noqa: F401 - ids the tests read here
    BODY as KLOOF_BODY,
)
from dashboard.components.kloof import (
    KLOOF_NA,
    KLOOF_VOOR,
    kloof_block,
    kloof_section,
)
from dashboard.messages import _
from dashboard.url_state import (
    ViewState,
    language,
    store_data,
    text_value,
)
from dashboard.views import gebied as gebied_views
from dashboard.views import kloof as kloof_views
from dashboard.views.catalogue import opening_pages


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
    nav_path=f"/gebied/{opening_pages().gebied}",
)

URL = "gebied-url"
KLOOF = kloof_parts.KLOOF  # the Coronakloof section (tests read the ids here)
NAV = "gebied-nav"
CONTEXT = "gebied-context"
SELECT = "gebied-kies"
MAP_INDICATOR = "gebied-kaart-indicator"
MAP_BODY = "gebied-kaart-body"
TREND_INDICATOR = "gebied-trend-indicator"
TREND_BODY = "gebied-trend-body"
MEASURES = "gebied-maatregelen"
CONTEXT_INDICATOR = "gebied-context-indicator"
CONTEXT_BODY = "gebied-context-body"
HISTORY_FIELDS = [
    history.Field("indicator", MAP_INDICATOR),
    history.Field("trend", TREND_INDICATOR),
    history.Field("maatregelen", MEASURES),
    history.Field("context", CONTEXT_INDICATOR),
    history.Field("kloof_voor", KLOOF_VOOR),
    history.Field("kloof_na", KLOOF_NA),
]
FIELD_NAMES = [field.name for field in HISTORY_FIELDS]


# --------------------------------------------------------------------- layout


def layout(gebied_id=None, lang=None, **query):
    lang = language(lang)
    service = state.service()
    gebieden = service.registry.gebieden()
    choose = select(
        SELECT,
        _("gebied.choose", lang),
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
    options = gebied_views.Options.of(service, area, lang)
    shown = gebied_views.choices(service, query, view, options)
    measures = shown.maatregelen == "ja"
    page = html.Div(
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
            kloof_block(service, area, shown.kloof_voor, shown.kloof_na, lang),
            *chosen_section(
                _("gebied.map_heading", lang),
                select(
                    MAP_INDICATOR,
                    _("gebied.map_label", lang),
                    options.maps,
                    shown.indicator,
                    lang,
                ),
                map_section(service, area, shown.indicator, lang),
                MAP_BODY,
            ),
            *chosen_section(
                _("gebied.trend_heading", lang),
                select(
                    TREND_INDICATOR,
                    _("gebied.trend_label", lang),
                    options.trends,
                    shown.trend,
                    lang,
                ),
                [
                    radio_group(
                        MEASURES,
                        _("trend.measures_show", lang),
                        gebied_views.measure_options(lang),
                        shown.maatregelen,
                    ),
                    html.Div(
                        trend_section(service, area, shown.trend, lang, measures),
                        id=TREND_BODY,
                        **{"aria-live": "polite"},
                    ),
                ],
                TREND_BODY + "-keuze",
            ),
            *chosen_section(
                _("gebied.context_heading", lang),
                select(
                    CONTEXT_INDICATOR,
                    _("gebied.context_label", lang),
                    options.contexts,
                    shown.context,
                    lang,
                ),
                context_section(service, shown.context, lang, measures),
                CONTEXT_BODY,
                intro=_("gebied.context_intro", lang),
            ),
        ]
    )
    # every chart is far below the fold (the first at about 6,900 px at 1280x720):
    # the first comes with the page, the others one at a time after the first paint
    return defer_graphs(page, keep=1)


# ------------------------------------------------------------------ callbacks


@dash.callback(
    Output(NAV, "href"),
    Input(SELECT, "value"),
    State(CONTEXT, "data"),
    prevent_initial_call=True,
)
def switch_gebied(gebied_id, context):
    """Navigate to the chosen gebied (keeping the language)."""
    return switch_uses(gebied_id, context) or no_update


def switch_uses(gebied_id, context) -> str | None:
    """The address to go to, or None (the callback cache's key too)."""
    gebied_id, context = text_value(gebied_id), store_data(context)
    if not gebied_id or gebied_id == context.get("gebied"):
        return None
    ids = {a.id for a in state.service().registry.gebieden()}
    if gebied_id not in ids:
        return None
    return f"/gebied/{gebied_id}{_suffix(language(context.get('lang')))}"


def _triggered() -> set[str]:
    """Ids of the inputs that fired; empty (= redraw all) outside a request."""
    try:
        return {item["prop_id"].split(".")[0] for item in dash.ctx.triggered}
    except MissingCallbackContextException:
        return set()


# the sections of update_views and the inputs that redraw each
SECTIONS = (
    {MAP_INDICATOR},
    {TREND_INDICATOR, MEASURES},
    {KLOOF_VOOR, KLOOF_NA},
    {CONTEXT_INDICATOR, MEASURES},
)


def _checked(map_id, trend_id, voor, na, measures, context_id, context):
    """(area, lang, choices, notices) of update_views' raw values; area None: the
    context names no gebied."""
    context = store_data(context)
    lang = language(context.get("lang"))
    service = state.service()
    area = service.registry.areas.get(str(context.get("gebied")))
    if area is None or area.level != "gebied":
        return None, lang, None, ViewState()
    view = ViewState()
    raw = dict(zip(FIELD_NAMES, (map_id, trend_id, measures, context_id, voor, na)))
    return area, lang, gebied_views.choices(service, raw, view), view


def _redrawn(triggered: set[str]) -> list[bool]:
    """Which sections a request redraws (every one outside a request)."""
    return [not (triggered and not triggered & ids) for ids in SECTIONS]


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
    """Re-draw the map, the trend chart, the Coronakloof or the national context
    that changed; write every choice to the URL."""
    area, lang, shown, view = _checked(
        map_id, trend_id, voor, na, measures, context_id, context
    )
    if area is None:
        return (no_update,) * 5
    service = state.service()
    measured = shown.maatregelen == "ja"
    makers = (
        lambda: map_section(service, area, shown.indicator, lang),
        lambda: trend_section(service, area, shown.trend, lang, measured),
        lambda: kloof_section(service, area, shown.kloof_voor, shown.kloof_na, lang),
        lambda: context_section(service, shown.context, lang, measured),
    )

    def redraw(make):
        body = make()
        return html.Div([notices(view.notices, lang), body]) if view.notices else body

    drawn = [
        redraw(make) if wanted else no_update
        for make, wanted in zip(makers, _redrawn(_triggered()))
    ]
    return (*drawn, _search(shown, lang, current, context))


def _search(shown, lang: str, current, context):
    return history.new_search(
        shown.search(lang), text_value(current), HISTORY_FIELDS, _defaults(context)
    )


def update_uses(
    map_id, trend_id, voor, na, measures, context_id, context, current=None, changed=()
) -> list | None:
    """What ``update_views``' answer depends on (the callback cache's key): the
    gebied, the checked choices with their notices, the sections redrawn and the
    address written."""
    area, lang, shown, view = _checked(
        map_id, trend_id, voor, na, measures, context_id, context
    )
    if area is None:
        return None
    # as dash.ctx.triggered: no changed input reads as one of id ""
    triggered = set(changed) if changed else {""}
    search = _search(shown, lang, current, context)
    return [
        area.id,
        lang,
        shown.search(lang),
        view.notices,
        _redrawn(triggered),
        None if search is no_update else search,
    ]


def _brief_area(n_clicks, context, *_pair):
    """The gebied a brief request asks for, or None: it asks for nothing to render."""
    area = state.service().registry.areas.get(str(store_data(context).get("gebied")))
    if not n_clicks or area is None or area.level != "gebied":
        return None
    return area


# checked before a render slot is taken: a refused request never waits for one
expensive.refuses(BRIEF_DOWNLOAD, lambda *values: _brief_area(*values) is None)


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
    area = _brief_area(n_clicks, context)
    if area is None:
        return no_update, no_update
    pair = kloof_views.chosen_pair(text_value(voor), text_value(na), ViewState())
    try:
        with image_server():
            pdf = gebied_brief(
                service, area.id, geojson_from_store(geo_store(service)), pair
            )
    except Exception as exc:  # noqa: BLE001 - one line for the user, never a traceback
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return no_update, _("gebied.brief_failed", lang).format(reason=reason)
    return (
        dcc.send_bytes(pdf, brief_file_name(area.id)),
        _("gebied.brief_done", lang).format(name=area.name),
    )


def _defaults(context: dict) -> dict:
    """The choices a gebied page opens with (its address without a query)."""
    service = state.service()
    area = service.registry.areas.get(str(context.get("gebied")))
    if area is None or area.level != "gebied":
        return {}
    return gebied_views.default_choices(service, area, language(context.get("lang")))


# Back/Forward set the map and trend indicators from the address.
follow = history.follow_history(URL, HISTORY_FIELDS, _defaults, CONTEXT)

# The rendered responses depend only on the checked values and the data version.
memoise_outputs(NAV, canonical=switch_uses)
memoise_outputs(MAP_BODY, canonical=update_uses, changed=True)

"""Domein: the indicators of one social domain, per gebied, gemeente, wijk and NL.

Why: a policymaker picks a domain (werk & inkomen, schulden, ...) and wants to see
where a gebied stands: on a map (all gemeenten, or the wijken of the gebied's
gemeente), over time against its gemeente, the rest of the gemeente and Nederland,
and in a ranking. A domain without data in this data set says so and names the CBS
tables that fill it online; a national-only indicator says there is no regional figure.

The whole view state is in the URL (``/domein/<domein>?indicator=&periode=&niveau=
&gebied=&rangorde=&lang=``); ``layout`` renders it, the callback re-renders on a
filter change and writes the query string back (``domein-url``, no reload, one
history entry per change); ``follow_history`` sets the filters again on Back/Forward.

Component ids (stable for browser tests):

- ``domein-url`` (dcc.Location), ``domein-context`` (dcc.Store: domain and language)
- filters: ``domein-indicator``, ``domein-periode``, ``domein-niveau``,
  ``domein-gebied``, ``domein-rangorde``
- ``domein-notices`` (unknown URL values), ``domein-content`` (everything below the filters)
- ``domein-kerncijfer-<gebied|gemeente|rest|nederland>`` (key figures of the period)
- chart cards ``domein-kaart``, ``domein-trend``, ``domein-ranglijst`` (graphs: ``<card>-graph``)
- ``domein-geen-gegevens`` (domain without data), ``domein-landelijk`` (NL-only note),
  ``domein-onbekend`` (unknown domain)
"""

from dataclasses import asdict
from urllib.parse import parse_qs

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html

from dashboard import state, titles
from dashboard.callback_cache import memoise_outputs
from dashboard.components.cards import (
    key_figure_row,
    map_card,
    ranking_card,
    trend_card,
)
from dashboard.components.common import notices
from dashboard.components.dropdowns import dropdown
from dashboard.i18n import t
from dashboard.url_state import (
    ViewState,
    language,
    search_string,
    store_data,
    text_value,
)
from dashboard.views import domein as views
from dashboard.views import policy
from dashboard.views.domein import LATEST, View
from dashboard.views.sources import absent_online_tables
from dashboard.views.text import text
from data_sources.catalogue import read_catalogue

dash.register_page(
    __name__,
    path_template="/domein/<domein>",
    title=titles.for_page("domein"),
    order=1,
    nav="nav.domeinen",
    nav_path=f"/domein/{read_catalogue().pages.domain}",
)

URL = "domein-url"
CONTEXT = "domein-context"
INDICATOR = "domein-indicator"
PERIOD = "domein-periode"
LEVEL = "domein-niveau"
GEBIED = "domein-gebied"
RANKING = "domein-rangorde"
NOTICES = "domein-notices"
CONTENT = "domein-content"
KEY_FIGURE = "domein-kerncijfer"  # + "-gebied", "-gemeente", "-rest", "-nederland"
MAP_CARD = "domein-kaart"
TREND_CARD = "domein-trend"
RANK_CARD = "domein-ranglijst"
NO_DATA = "domein-geen-gegevens"
NATIONAL_ONLY = "domein-landelijk"
UNKNOWN = "domein-onbekend"


def resolve(domain_id: str, query: dict, strict: bool = True) -> View:
    return views.resolve(state.service(), domain_id, query, strict)


# -- layout --------------------------------------------------------------------


def _domain_links(service, current: str | None, lang: str) -> html.Nav:
    suffix = "?lang=en" if lang == "en" else ""
    items = []
    for domain in service.catalogue.domains:
        active = domain.id == current
        items.append(
            html.Li(
                html.A(
                    domain.title.get(lang),
                    href=f"/domein/{domain.id}{suffix}",
                    className="nav-link" + (" active" if active else ""),
                    **({"aria-current": "page"} if active else {}),
                ),
                className="nav-item",
            )
        )
    return html.Nav(
        html.Ul(items, className="nav nav-pills flex-wrap small"),
        **{"aria-label": text("domein.domains", lang)},
        className="mb-3",
    )


def _unknown_domain(service, domein, lang: str) -> html.Div:
    vs = ViewState()
    vs.one("domein", domein, [d.id for d in service.catalogue.domains], None)
    suffix = "?lang=en" if lang == "en" else ""
    return html.Div(
        [
            html.H1(text("domein.domains", lang)),
            html.Div(notices(vs.notices, lang), id=NOTICES),
            html.Div(
                [
                    html.P(text("domein.unknown", lang)),
                    html.Ul(
                        [
                            html.Li(
                                html.A(
                                    d.title.get(lang), href=f"/domein/{d.id}{suffix}"
                                )
                            )
                            for d in service.catalogue.domains
                        ]
                    ),
                ],
                id=UNKNOWN,
            ),
        ]
    )


def _no_data_panel(service, domain, lang: str) -> html.Section:
    """A domain without data in this data set: say so, and where it is online."""
    problems = service.problems()
    parts = [
        html.H2(t("no_data_set", lang).capitalize(), className="h4"),
    ]
    if domain.note:
        parts.append(html.P(domain.note.get(lang)))
    online = absent_online_tables(service, domain)
    if online:
        parts.append(html.P(text("domein.online", lang), className="mb-1"))
        parts.append(
            html.Ul(
                [
                    html.Li(
                        html.A(
                            f"CBS-tabel {table}",
                            href=f"https://opendata.cbs.nl/statline/#/CBS/nl/dataset/{table}/table",
                            rel="noopener",
                        )
                    )
                    for table in online
                ]
            )
        )
    missing = [i for i in service.catalogue.in_domain(domain.id) if i.id in problems]
    if missing:
        parts.append(
            html.Ul(
                [html.Li(f"{i.title.get(lang)}: {problems[i.id]}") for i in missing],
                className="small text-muted",
            )
        )
    return html.Section(
        parts, id=NO_DATA, className="card card-body mb-3 border-warning"
    )


def _online_note(service, domain, lang: str) -> html.P | None:
    online = absent_online_tables(service, domain)
    if not online:
        return None
    return html.P(
        [
            text("domein.online", lang) + " ",
            ", ".join(online) + ".",
        ],
        className="small text-muted",
    )


def _control(label: str, control_id: str, control, width: dict) -> dbc.Col:
    return dbc.Col(
        [
            html.Label(label, htmlFor=control_id, className="form-label fw-semibold"),
            control,
        ],
        xs=12,
        **width,
        className="mb-2",
    )


def _radio(legend: str, control_id: str, options: list[dict], value) -> dbc.Col:
    return dbc.Col(
        html.Fieldset(
            [
                html.Legend(legend, className="form-label fw-semibold fs-6 mb-1"),
                # dbc, not dcc.RadioItems: plain radio inputs with labels (dcc's
                # listbox markup has no accessible name in Dash 4.4.1).
                dbc.RadioItems(
                    id=control_id,
                    options=options,
                    value=value,
                    inline=True,
                    name=control_id,
                ),
            ]
        ),
        xs=12,
        md=6,
        className="mb-2",
    )


def _filters(service, view: View) -> html.Div:
    lang = view.lang
    indicator = service.catalogue.indicator(view.indicator)
    national = policy.is_national_only(indicator)
    return html.Div(
        [
            dbc.Row(
                [
                    _control(
                        t("indicator", lang),
                        INDICATOR,
                        dropdown(
                            lang,
                            id=INDICATOR,
                            options=views.indicator_options(service, view.domain, lang),
                            value=view.indicator,
                            clearable=False,
                            searchable=True,
                        ),
                        {"md": 12, "lg": 5},
                    ),
                    _control(
                        t("gebied", lang),
                        GEBIED,
                        dropdown(
                            lang,
                            id=GEBIED,
                            options=views.gebied_options(service),
                            value=view.gebied,
                            clearable=False,
                            searchable=True,
                            disabled=national,
                        ),
                        {"md": 6, "lg": 4},
                    ),
                    _control(
                        t("period", lang),
                        PERIOD,
                        dropdown(
                            lang,
                            id=PERIOD,
                            options=views.period_options(service, view),
                            value=view.period,
                            clearable=False,
                            searchable=True,
                        ),
                        {"md": 6, "lg": 3},
                    ),
                ],
                className="g-3",
            ),
            dbc.Row(
                [
                    _radio(
                        t("level", lang),
                        LEVEL,
                        views.level_options(service, view),
                        view.level,
                    ),
                    _radio(
                        text("domein.ranking", lang),
                        RANKING,
                        views.ranking_options(service, view),
                        view.ranking,
                    ),
                ],
                className="g-3",
            ),
        ],
        className="mb-3",
    )


def layout(domein: str | None = None, **query):
    service = state.service()
    lang = language(query.get("lang"))
    try:
        domain = service.catalogue.domain(str(domein))
    except KeyError:
        return _unknown_domain(service, domein, lang)
    view = resolve(domain.id, query)
    header = [
        html.H1(domain.title.get(lang)),
        _domain_links(service, domain.id, lang),
    ]
    if view.indicator is None:
        return html.Div(
            [*header, _no_data_panel(service, domain, lang)],
        )
    return html.Div(
        [
            dcc.Location(id=URL, refresh=False),
            dcc.Store(
                id=CONTEXT,
                data={"domain": domain.id, "lang": lang},
            ),
            *header,
            html.Div(notices(view.notices, lang), id=NOTICES),
            _filters(service, view),
            dcc.Loading(
                html.Div(content(view), id=CONTENT),
                type="default",
                delay_show=300,
            ),
            _online_note(service, domain, lang),
        ]
    )


# -- content -------------------------------------------------------------------


def content(view: View):
    """Everything below the filters for one view (key figures and three cards)."""
    service = state.service()
    lang = view.lang
    shown = views.content(service, view)
    indicator = shown.indicator
    intro = html.P(
        [
            html.Strong(indicator.title.get(lang) + ". "),
            indicator.definition.get(lang),
            " ",
            html.Em(indicator.contrast.get(lang) + " ") if indicator.contrast else None,
            html.A("Definitie (CBS)", href=indicator.definition_url, rel="noopener")
            if indicator.definition_url
            else None,
        ],
        className="mb-2",
    )
    figures = key_figure_row(
        KEY_FIGURE, shown.key_figures, indicator, shown.period, lang
    )
    trend = trend_card(service, TREND_CARD, shown.trend, lang)
    if shown.map is None:
        national = dbc.Alert(
            text("domein.national_only", lang), color="info", id=NATIONAL_ONLY
        )
        return html.Div([intro, national, figures, trend])
    title = indicator.title.get(lang)
    cards = dbc.Row(
        [
            dbc.Col(
                map_card(
                    service,
                    MAP_CARD,
                    shown.map,
                    f"{text('domein.map', lang)}: {title}",
                    lang,
                ),
                xs=12,
                lg=7,
            ),
            dbc.Col(
                ranking_card(
                    service,
                    RANK_CARD,
                    shown.ranking,
                    text("ranking.title", lang, title=title),
                    lang,
                ),
                xs=12,
                lg=5,
            ),
        ]
    )
    return html.Div([intro, figures, cards, trend])


# -- callback ------------------------------------------------------------------


@dash.callback(
    Output(CONTENT, "children"),
    Output(NOTICES, "children"),
    Output(PERIOD, "options"),
    Output(PERIOD, "value"),
    Output(LEVEL, "options"),
    Output(LEVEL, "value"),
    Output(RANKING, "options"),
    Output(RANKING, "value"),
    Output(GEBIED, "disabled"),
    Output(URL, "search"),
    Input(INDICATOR, "value"),
    Input(PERIOD, "value"),
    Input(LEVEL, "value"),
    Input(GEBIED, "value"),
    Input(RANKING, "value"),
    State(CONTEXT, "data"),
    State(URL, "search"),
    prevent_initial_call=True,
)
def update(indicator, periode, niveau, gebied, rangorde, context, search=None):
    """A filter changed: re-render the cards, fit the other filters, write the URL."""
    view, search = _filtered_view(
        indicator, periode, niveau, gebied, rangorde, context, search
    )
    if view.indicator is None:
        raise dash.exceptions.PreventUpdate
    service = state.service()
    national = policy.is_national_only(service.catalogue.indicator(view.indicator))
    return (
        content(view),
        notices([], view.lang),
        views.period_options(service, view),
        view.period,
        views.level_options(service, view),
        view.level,
        views.ranking_options(service, view),
        view.ranking,
        national,
        _new_search(view, search),
    )


def _filtered_view(indicator, periode, niveau, gebied, rangorde, context, search):
    """The checked view of ``update``'s raw inputs, and the address it was sent from."""
    indicator, periode, niveau, gebied, rangorde, search = map(
        text_value, (indicator, periode, niveau, gebied, rangorde, search)
    )
    context = store_data(context)
    query = {
        "indicator": indicator,
        "periode": periode,
        "niveau": niveau,
        "gebied": gebied,
        "rangorde": rangorde,
        "lang": context.get("lang"),
    }
    return resolve(str(context.get("domain")), query, strict=False), search


def update_uses(*values) -> list | None:
    """What ``update``'s answer depends on (the callback cache's key): the checked
    view and the address it writes, so every unknown value shares the fallback's."""
    view, search = _filtered_view(*values)
    if view.indicator is None:
        return None  # nothing to show: PreventUpdate
    new_search = _new_search(view, search)
    return [asdict(view), None if new_search is dash.no_update else new_search]


def _new_search(view: View, search: str | None):
    """The query string of the view, or no_update when the address already shows this
    view (after Back/Forward, or a first URL like ``?indicator=x``): writing it again
    would add a history entry and cut off Forward."""
    wanted = search_string(view.query())
    if search is not None and search != wanted:
        query = {k: v[0] for k, v in parse_qs(search.lstrip("?")).items()}
        query["lang"] = view.lang
        if search_string(resolve(view.domain, query, strict=False).query()) == wanted:
            return dash.no_update
    return wanted


@dash.callback(
    Output(INDICATOR, "value"),
    Output(GEBIED, "value"),
    Output(PERIOD, "value", allow_duplicate=True),
    Output(LEVEL, "value", allow_duplicate=True),
    Output(RANKING, "value", allow_duplicate=True),
    Input(URL, "search"),
    State(INDICATOR, "value"),
    State(PERIOD, "value"),
    State(LEVEL, "value"),
    State(GEBIED, "value"),
    State(RANKING, "value"),
    State(CONTEXT, "data"),
    prevent_initial_call=True,
)
def follow_history(search, indicator, periode, niveau, gebied, rangorde, context):
    """Back/forward in the browser changes only the query string (the page router does
    not see it): set the filters to that URL. The URL that ``update`` itself writes
    matches the filters already, so nothing happens then."""
    search, indicator, periode, niveau, gebied, rangorde = map(
        text_value, (search, indicator, periode, niveau, gebied, rangorde)
    )
    context = store_data(context)
    lang = language(context.get("lang"))
    current = View(
        str(context.get("domain")), lang, indicator, periode or LATEST, niveau, gebied
    )
    current.ranking = rangorde
    if (search or "") == search_string(current.query()):
        raise dash.exceptions.PreventUpdate
    query = {k: v[0] for k, v in parse_qs((search or "").lstrip("?")).items()}
    query["lang"] = lang
    view = resolve(current.domain, query, strict=False)
    wanted = (view.indicator, view.gebied, view.period, view.level, view.ranking)
    if view.indicator is None or wanted == (
        indicator,
        gebied,
        periode,
        niveau,
        rangorde,
    ):
        raise dash.exceptions.PreventUpdate  # e.g. the first URL, before normalising
    return wanted


# The rendered responses depend only on the request and the data version.
memoise_outputs(INDICATOR)
memoise_outputs(CONTENT, canonical=update_uses)

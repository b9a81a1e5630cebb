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
from dashboard.components.filters import labelled_column
from dashboard.messages import _
from dashboard.url_state import language
from dashboard.views import domein as views
from dashboard.views import policy
from dashboard.views.catalogue import opening_pages
from dashboard.views.domein import View
from dashboard.views.sources import absent_online_tables

dash.register_page(
    __name__,
    path_template="/domein/<domein>",
    title=titles.for_page("domein"),
    order=1,
    nav="nav.domeinen",
    nav_path=f"/domein/{opening_pages().domain}",
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
        **{"aria-label": _("domein.domains", lang)},
        className="mb-3",
    )


def _unknown_domain(service, domein, lang: str) -> html.Div:
    suffix = "?lang=en" if lang == "en" else ""
    return html.Div(
        [
            html.H1(_("domein.domains", lang)),
            html.Div(
                notices(views.unknown_domain_notices(service, domein), lang),
                id=NOTICES,
            ),
            html.Div(
                [
                    html.P(_("domein.unknown", lang)),
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
        html.H2(_("app.no_data_set", lang).capitalize(), className="h4"),
    ]
    if domain.note:
        parts.append(html.P(domain.note.get(lang)))
    online = absent_online_tables(service, domain)
    if online:
        parts.append(html.P(_("domein.online", lang), className="mb-1"))
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
            _("domein.online", lang) + " ",
            ", ".join(online) + ".",
        ],
        className="small text-muted",
    )


def _control(label: str, control_id: str, control, width: dict) -> dbc.Col:
    return labelled_column(label, control_id, control, "fw-semibold", **width)


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
                        _("app.indicator", lang),
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
                        _("app.gebied", lang),
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
                        _("app.period", lang),
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
                        _("app.level", lang),
                        LEVEL,
                        views.level_options(service, view),
                        view.level,
                    ),
                    _radio(
                        _("domein.ranking", lang),
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
            _("domein.national_only", lang), color="info", id=NATIONAL_ONLY
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
                    f"{_('domein.map', lang)}: {title}",
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
                    _("ranking.title", lang, title=title),
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
    service = state.service()
    view, search = views.filtered_view(
        service, indicator, periode, niveau, gebied, rangorde, context, search
    )
    if view.indicator is None:
        raise dash.exceptions.PreventUpdate
    national = policy.is_national_only(service.catalogue.indicator(view.indicator))
    written = views.new_search(service, view, search)
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
        dash.no_update if written is None else written,
    )


def update_uses(*values) -> list | None:
    """What ``update``'s answer depends on (the callback cache's key)."""
    return views.update_uses(state.service(), *values)


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
    wanted = history_uses(search, indicator, periode, niveau, gebied, rangorde, context)
    if wanted is None:
        raise dash.exceptions.PreventUpdate
    return wanted


def history_uses(*values) -> tuple | None:
    """``follow_history``'s answer (the callback cache's key): the filters, or None."""
    return views.history_values(state.service(), *values)


# The rendered responses depend only on the request and the data version.
memoise_outputs(INDICATOR, canonical=history_uses)
memoise_outputs(CONTENT, canonical=update_uses)

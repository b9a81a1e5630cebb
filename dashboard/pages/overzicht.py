"""Overzicht: the first page for policymakers.

What the 16 stedelijke vernieuwingsgebieden look like together against Nederland in
every domain, where disadvantages pile up (the stapeling heatmap), and whether the
gap to Nederland changed since corona. Domains without data say so and name the CBS
table that would fill them, so an empty domain is never mistaken for a zero.

URL query: ``sorteer`` (totaal | naam), ``gebied`` (comma-separated gebied ids: the
heatmap rows), the gap table's ``kloof_sorteer``, ``kloof_domein``, ``kloof_gebied``,
``kloof_voor``, ``kloof_na`` and ``kloof_rijen`` (views/overzicht.py), ``lang``.

Component ids (stable; browser tests use them):

- ``overzicht-url``: dcc.Location (refresh=False) whose ``search`` the filters write
- ``overzicht-lang``: dcc.Store with the language
- ``overzicht-laatste-gegevens``: the "Laatste gegevens" block
- ``overzicht-domeinen``: the row of domain cards; each card ``overzicht-domein-<id>``
- ``overzicht-sorteer``: RadioItems, sort the heatmap by total score or name
- ``overzicht-gebied``: Dropdown (multi, searchable), the gebieden in the heatmap
- ``overzicht-stapeling-body``: container the callback refills
- ``overzicht-stapeling``: the chart card (graph ``overzicht-stapeling-graph``),
  its table ``overzicht-stapeling-tabel``
- ``overzicht-coronakloof``: the corona gap section (controls, table and download
  ids in components/gap_card.py; ``overzicht-kloof-notices``)
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html

from dashboard import history, state
from dashboard.callback_cache import memoise_outputs
from dashboard.components import gap_card, overzicht_cards
from dashboard.components.common import (
    chart_card,
    data_table,
    notices,
    radio_group,
)
from dashboard.components.downloads import chart_export
from dashboard.components.dropdowns import dropdown
from dashboard.figures.heatmap import stapeling_figure
from dashboard.messages import _
from dashboard.services import QueryError
from dashboard.url_state import (
    ViewState,
    language,
    search_string,
    store_data,
    text_list,
    text_value,
)
from dashboard.views import overzicht_sections as sections
from dashboard.views.gebied import gebieden_counts
from dashboard.views.overzicht import DEFAULT_SORT, gap_view, resolve_filters
from dashboard.views.sources import source_lines

dash.register_page(
    __name__,
    path="/",
    title="Overzicht – Coronadashboard Sociaal Domein",
    order=0,
    nav="nav.overzicht",
)

URL = "overzicht-url"
LANG = "overzicht-lang"
UPDATED = overzicht_cards.UPDATED
DOMAINS = "overzicht-domeinen"
DOMAIN_CARD = overzicht_cards.DOMAIN_CARD
KEY_NOTES = overzicht_cards.KEY_NOTES
SORT = "overzicht-sorteer"
GEBIED_FILTER = "overzicht-gebied"
HEATMAP_BODY = "overzicht-stapeling-body"
HEATMAP = "overzicht-stapeling"
HEATMAP_TABLE = "overzicht-stapeling-tabel"
GAP = "overzicht-coronakloof"
GAP_NOTICES = "overzicht-kloof-notices"
# Each section writes its part of the address here; one callback joins them.
HEATMAP_QUERY = "overzicht-stapeling-query"
GAP_QUERY = "overzicht-kloof-query"
GAP_FIELDS = ("kloof_sorteer", "kloof_domein", "kloof_gebied", "kloof_voor", "kloof_na")

SORTS = sections.SORTS
FIGURE_SORT = {"totaal": "total", "naam": "name"}
HEATMAP_MIN_WIDTH = 720


# ------------------------------------------------------------------ sections


def stapeling_section(service, sort: str, chosen: list[str], lang: str):
    try:
        view = sections.stapeling_view(service, sort, chosen, lang)
    except QueryError as exc:
        return html.P(str(exc), className="text-muted small")
    if view is None:
        return html.P(_("app.no_data", lang), className="text-muted small")
    frame, indicators = view.frame, view.indicators
    figure = stapeling_figure(frame, FIGURE_SORT[sort], lang)
    figure.update_layout(margin={"t": 36})  # room for the mode bar above the cells
    columns = {
        "area_name": _("app.gebied", lang),
        "__total": _("overzicht.total", lang),
    }
    columns.update({title: title for title in view.table.columns[2:]})
    table = data_table(
        view.table,
        columns,
        caption=_("overzicht.stapeling_caption", lang),
        decimals={key: 1 for key in columns if key != "area_name"},
        missing="–",
    )
    table.id = HEATMAP_TABLE
    notes = []
    if view.gemeente_titles:
        notes.append(
            _("overzicht.gemeente_note", lang).format(
                titles=", ".join(view.gemeente_titles)
            )
        )
    notes.append(f"{_('overzicht.periods_note', lang)}: {view.periods_text}.")
    card = chart_card(
        HEATMAP,
        _("overzicht.stapeling_title", lang),
        _("overzicht.stapeling_subtitle", lang),
        figure,
        table,
        source_lines(service, indicators, notes=notes, language=lang),
        language=lang,
        export=chart_export(
            service,
            [i.id for i in indicators],
            list(dict.fromkeys(frame["area_id"])),
            cells=list(zip(frame["indicator"], frame["area_id"], frame["period"])),
            kind="stapeling",
            lang=lang,
        ),
    )
    return _scrollable(card, HEATMAP_MIN_WIDTH)


def _scrollable(card, min_width: int):
    """Let a wide chart keep its width on a phone and scroll sideways instead."""
    for child in card.children:
        graph = getattr(child, "children", None)
        if isinstance(graph, dcc.Graph):
            graph.style = {
                **(getattr(graph, "style", None) or {}),
                "minWidth": f"{min_width}px",
            }
            child.style = {"overflowX": "auto"}
            child.tabIndex = "0"  # scrollable region reachable by keyboard
    return card


def gap_section(service, filters, gap_notices, lang: str) -> html.Section:
    """The coronakloof table over every gebied x indicator (views.overzicht)."""
    n = gebieden_counts(service)["n"]
    return html.Section(
        [
            html.H2(_("kloof.heading", lang), className="h4 mt-4", id=f"{GAP}-title"),
            html.P(_("kloof.intro", lang)),
            gap_card.controls(service, filters, lang, n),
            html.Div(notices(gap_notices, lang), id=GAP_NOTICES),
            html.Div(
                gap_card.body(service, gap_view(service, filters, lang), lang),
                id=gap_card.BODY,
                **{"aria-live": "polite"},
            ),
        ],
        id=GAP,
        **{"aria-labelledby": f"{GAP}-title"},
    )


# -------------------------------------------------------------------- layout


def layout(lang=None, sorteer=None, gebied=None, **other):
    lang = language(lang)
    service = state.service()
    view = ViewState()
    sort = view.one("sorteer", sorteer, SORTS, "totaal")
    gebieden = service.registry.gebieden()
    counts = gebieden_counts(service)
    chosen = view.many("gebied", gebied, [a.id for a in gebieden], [])
    gap_state = ViewState()
    filters = resolve_filters(service, other, gap_state)
    domain_cards, key_notes = overzicht_cards.key_figures(service, lang)
    gebied_links = []
    for index, area in enumerate(gebieden):
        if index:
            gebied_links.append(", ")
        gebied_links.append(
            html.A(
                area.name,
                href=f"/gebied/{area.id}" + ("?lang=en" if lang == "en" else ""),
            )
        )
    return html.Div(
        [
            dcc.Location(id=URL, refresh=False),
            dcc.Store(id=LANG, data=lang),
            dcc.Store(id=HEATMAP_QUERY, data={"sorteer": sort, "gebied": chosen}),
            dcc.Store(id=GAP_QUERY, data=filters.query()),
            html.H1(_("overzicht.heading", lang).format(**counts)),
            dbc.Row(
                [
                    dbc.Col(
                        html.P(
                            [
                                _("overzicht.intro", lang).format(**counts),
                                " ",
                                *gebied_links,
                                ".",
                            ]
                        ),
                        xs=12,
                        lg=8,
                    ),
                    dbc.Col(overzicht_cards.latest_data(service, lang), xs=12, lg=4),
                ]
            ),
            notices(view.notices, lang),
            html.H2(
                _("overzicht.key_heading", lang).format(**counts), className="h4 mt-2"
            ),
            html.P(
                _("overzicht.key_intro", lang).format(**counts), className="text-muted"
            ),
            dbc.Row(domain_cards, id=DOMAINS),
            key_notes,
            html.H2(_("overzicht.stapeling_heading", lang), className="h4 mt-4"),
            dbc.Row(
                [
                    dbc.Col(
                        radio_group(
                            SORT,
                            _("overzicht.sort_legend", lang),
                            [
                                {"label": _(f"overzicht.sort_{s}", lang), "value": s}
                                for s in SORTS
                            ],
                            sort,
                        ),
                        xs=12,
                        md=5,
                        className="mb-2",
                    ),
                    dbc.Col(
                        [
                            html.Label(
                                _("overzicht.filter_label", lang).format(**counts),
                                htmlFor=GEBIED_FILTER,
                                className="form-label",
                            ),
                            dropdown(
                                lang,
                                id=GEBIED_FILTER,
                                options=[
                                    {"label": a.name, "value": a.id} for a in gebieden
                                ],
                                value=chosen,
                                multi=True,
                                searchable=True,
                                placeholder=_(
                                    "overzicht.filter_placeholder", lang
                                ).format(**counts),
                            ),
                        ],
                        xs=12,
                        md=7,
                        className="mb-2",
                    ),
                ]
            ),
            html.P(
                _("overzicht.score_note", lang),
                className="small",
                id=f"{HEATMAP}-uitleg",
            ),
            html.Div(
                stapeling_section(service, sort, chosen, lang),
                id=HEATMAP_BODY,
                **{"aria-live": "polite"},
            ),
            gap_section(service, filters, gap_state.notices, lang),
        ]
    )


# ----------------------------------------------------------------- callbacks


@dash.callback(
    Output(HEATMAP_BODY, "children"),
    Output(HEATMAP_QUERY, "data"),
    Input(SORT, "value"),
    Input(GEBIED_FILTER, "value"),
    State(LANG, "data"),
    prevent_initial_call=True,
)
def update_stapeling(sort, chosen, lang):
    """Re-draw the heatmap for the chosen sort and gebieden; hand them to the URL."""
    sort, chosen, lang, messages = stapeling_uses(sort, chosen, lang)
    body = stapeling_section(state.service(), sort, chosen, lang)
    if messages:
        body = html.Div([notices(messages, lang), body])
    return body, {"sorteer": sort, "gebied": chosen}


def stapeling_uses(sort, chosen, lang) -> tuple:
    """The checked sort, gebieden, language and notices: all that
    ``update_stapeling``'s answer depends on (the callback cache's key)."""
    sort, chosen, lang = text_value(sort), text_list(chosen), language(lang)
    view = ViewState()
    sort = view.one("sorteer", sort, SORTS, "totaal")
    chosen = view.many(
        "gebied",
        ",".join(chosen or []),
        [a.id for a in state.service().registry.gebieden()],
        [],
    )
    return sort, chosen, lang, view.notices


@dash.callback(
    Output(gap_card.BODY, "children"),
    Output(GAP_NOTICES, "children"),
    Output(GAP_QUERY, "data"),
    Input(gap_card.SORT, "value"),
    Input(gap_card.DOMAIN, "value"),
    Input(gap_card.GEBIED, "value"),
    Input(gap_card.BEFORE, "value"),
    Input(gap_card.AFTER, "value"),
    State(LANG, "data"),
    State(GAP_QUERY, "data"),
    prevent_initial_call=True,
)
def update_gap(sort, domain, gebied, before, after, lang, previous=None):
    """The gap table for the chosen filters and pair; its part of the URL (whether
    every row is shown stays as the address had it)."""
    filters, lang, messages = _gap_filters(
        sort, domain, gebied, before, after, lang, previous
    )
    service = state.service()
    body = gap_card.body(service, gap_view(service, filters, lang), lang)
    return body, notices(messages, lang), filters.query()


def _gap_filters(sort, domain, gebied, before, after, lang, previous=None):
    """(checked filters, language, notices) of ``update_gap``'s raw values."""
    lang = language(lang)
    raw = dict(zip(GAP_FIELDS, map(text_value, (sort, domain, gebied, before, after))))
    raw["kloof_rijen"] = text_value(store_data(previous).get("kloof_rijen"))
    view = ViewState()
    filters = resolve_filters(state.service(), raw, view)
    return filters, lang, view.notices


def gap_uses(*values) -> list:
    """What ``update_gap``'s answer depends on (the callback cache's key)."""
    filters, lang, messages = _gap_filters(*values)
    return [filters.query(), lang, messages]


@dash.callback(
    Output(URL, "search"),
    Input(HEATMAP_QUERY, "data"),
    Input(GAP_QUERY, "data"),
    State(LANG, "data"),
    prevent_initial_call=True,
)
def write_address(heatmap, gap, lang):
    """One address for both sections; the stores come from the client, so their
    values are checked again (an unknown one is left out)."""
    service = state.service()
    heatmap, gap, lang = store_data(heatmap), store_data(gap), language(lang)
    view = ViewState()
    sort = view.one("sorteer", heatmap.get("sorteer"), SORTS, "totaal")
    chosen = view.many(
        "gebied",
        ",".join(text_list(heatmap.get("gebied"))),
        [a.id for a in service.registry.gebieden()],
        [],
    )
    filters = resolve_filters(service, gap, view)
    # Not history.new_search: that needs the address as a further State. So Back to
    # the bare "/" writes "?sorteer=totaal" once and Forward is lost from there.
    return search_string(
        {
            "sorteer": sort,
            "gebied": chosen,
            **filters.query(),
            "lang": lang if lang != "nl" else None,
        }
    )


# Back/Forward set the sort and the chosen gebieden from the address.
HISTORY_FIELDS = [
    history.Field("sorteer", SORT),
    history.Field("gebied", GEBIED_FILTER, many=True),
    history.Field("kloof_sorteer", gap_card.SORT),
    history.Field("kloof_domein", gap_card.DOMAIN),
    history.Field("kloof_gebied", gap_card.GEBIED),
    history.Field("kloof_voor", gap_card.BEFORE),
    history.Field("kloof_na", gap_card.AFTER),
]
# kloof_rijen is no control: it changes with a link, which loads the page anew.
HISTORY_DEFAULTS = {"sorteer": "totaal", "gebied": [], "kloof_sorteer": DEFAULT_SORT}
follow = history.follow_history(
    URL, HISTORY_FIELDS, lambda _context: HISTORY_DEFAULTS, LANG
)

# The rendered responses depend only on the checked values and the data version.
memoise_outputs(HEATMAP_BODY, canonical=stapeling_uses)
memoise_outputs(gap_card.BODY, canonical=gap_uses)

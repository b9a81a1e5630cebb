"""Vergelijken: several gebieden and gemeenten side by side for chosen indicators.

Why: a policymaker wants to put Den Haag Zuidwest next to Rotterdam-Zuid, the 16
gebieden together and a gemeente, for a few indicators at once, with Nederland as the
reference. A combination without a figure says why (the service's message), never a
blank or a zero.

URL: ``/vergelijken?gebied=a,b,GM0344&indicator=x,y&periode=2022&lang=en``
(``periode`` is ``laatste`` by default: the latest period of each indicator, the same
for every area). ``layout`` renders it; the callback re-renders on a change and writes
the query string back (``vergelijken-url``, no reload); ``follow_history`` sets the
filters again on Back/Forward.

Component ids (stable for browser tests):

- ``vergelijken-url`` (dcc.Location), ``vergelijken-context`` (dcc.Store: language)
- filters: ``vergelijken-gebieden`` (multi), ``vergelijken-indicatoren`` (multi),
  ``vergelijken-periode``
- ``vergelijken-notices``, ``vergelijken-content``, ``vergelijken-tabel`` (the table;
  each value cell has ``data-area`` and ``data-indicator``)
- chart cards ``vergelijken-grafiek-<indicator id>`` (graph ``...-graph``)
"""

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, dcc, html

from dashboard import state, titles
from dashboard.areas import NL
from dashboard.callback_cache import memoise_outputs
from dashboard.components.common import (
    chart_card,
    data_table,
    notices,
    scroll_region,
)
from dashboard.components.downloads import chart_export
from dashboard.components.dropdowns import dropdown
from dashboard.components.filters import labelled_column
from dashboard.figures.comparison import comparison_figure
from dashboard.messages import _
from dashboard.views import vergelijken as views
from dashboard.views.sources import source_lines
from dashboard.views.vergelijken import (  # noqa: F401 - the tests read them here
    DEFAULT_AREAS,
    DEFAULT_INDICATORS,
    LATEST,
)

dash.register_page(
    __name__,
    path="/vergelijken",
    title=titles.for_page("vergelijken"),
    order=3,
    nav="nav.vergelijken",
)

URL = "vergelijken-url"
CONTEXT = "vergelijken-context"
AREAS = "vergelijken-gebieden"
INDICATORS = "vergelijken-indicatoren"
PERIOD = "vergelijken-periode"
NOTICES = "vergelijken-notices"
CONTENT = "vergelijken-content"
TABLE = "vergelijken-tabel"
CHART = "vergelijken-grafiek"  # + "-<indicator id>"


def _card(card_id: str, *args, **kwargs):
    """chart_card with the card id on the section itself (for tests and links)."""
    card = chart_card(card_id, *args, **kwargs)
    card.id = card_id
    return card


# -- layout pieces ---------------------------------------------------------------


def _table(service, frame: pd.DataFrame, indicators: list[str], lang: str):
    """Areas as rows, indicators as columns; every cell a value or the reason."""
    header = [html.Th(_("app.gebied", lang), scope="col")]
    for indicator_id in indicators:
        indicator = service.indicator(indicator_id)
        part = frame[frame["indicator"] == indicator_id]
        label = part["period_label"].dropna()
        header.append(
            html.Th(
                [
                    indicator.title.get(lang),
                    html.Br(),
                    html.Small(
                        f"{indicator.unit.get(lang)} · "
                        + (label.iloc[0] if len(label) else _("app.no_data", lang)),
                        className="fw-normal text-muted",
                    ),
                ],
                scope="col",
            )
        )
    indicator_titles = {i: service.indicator(i).title.nl for i in indicators}
    body = []
    for area_id in dict.fromkeys(frame["area_id"]):
        cells = frame[frame["area_id"] == area_id]
        first = cells.iloc[0]
        name = first["area_name"]
        if first["reference"]:
            name = f"{name} ({_('vergelijken.reference', lang)})"
        row = [html.Th(name, scope="row")]
        for indicator_id in indicators:
            cell = cells[cells["indicator"] == indicator_id].iloc[0]
            attrs = {
                "data-area": area_id,
                "data-indicator": indicator_id,
                "data-value": "" if pd.isna(cell["value"]) else repr(cell["value"]),
            }
            if pd.isna(cell["value"]):
                reason = cell["reason"] or ""
                # The column names the indicator already; the reason need not repeat it.
                for prefix in (
                    indicator_titles[indicator_id] + ": ",
                    indicator_id + ": ",
                ):
                    reason = reason.removeprefix(prefix)
                content = [
                    html.Span(_("app.no_data", lang)),
                    html.Br(),
                    html.Small(reason, className="text-muted fst-italic"),
                ]
            else:
                content = [html.Span(cell["text"], className="fw-semibold")]
                if cell["flags"]:
                    content += [
                        html.Br(),
                        html.Small(cell["flags"], className="text-muted"),
                    ]
            row.append(html.Td(content, className="text-end", **attrs))
        body.append(html.Tr(row))
    table = html.Table(
        [
            html.Caption(_("vergelijken.table_caption", lang)),
            html.Thead(html.Tr(header)),
            html.Tbody(body),
        ],
        id=TABLE,
        className="table table-sm table-striped align-top",
    )
    # scrolls sideways on a phone: reachable by keyboard
    return scroll_region(table, _("vergelijken.table_caption", lang))


def _chart(service, frame: pd.DataFrame, indicator_id: str, lang: str):
    indicator = service.indicator(indicator_id)
    unit = indicator.unit.get(lang)
    part = frame[frame["indicator"] == indicator_id].reset_index(drop=True)
    label = part["period_label"].dropna()
    period_text = label.iloc[0] if len(label) else _("app.no_data", lang)
    card_id = f"{CHART}-{indicator_id}"
    title = indicator.title.get(lang)
    if not part["value"].notna().any():
        reasons = "; ".join(dict.fromkeys(r for r in part["reason"] if r))
        return html.Section(
            [
                html.H2(title, className="h5"),
                html.P(
                    reasons or _("app.no_data", lang),
                    className="text-muted small fst-italic",
                ),
            ],
            id=card_id,
            className="card card-body mb-3",
        )
    reference = part[part["area_id"] == NL]["value"]
    shown = part.assign(
        area_name=[
            f"{n} ({_('vergelijken.reference', lang)})" if r else n
            for n, r in zip(part["area_name"], part["reference"])
        ]
    )
    figure = comparison_figure(
        shown,
        unit,
        indicator.decimals,
        reference=None if reference.isna().all() else float(reference.iloc[0]),
        reference_label=_("app.nederland", lang),
        missing=_("app.no_data", lang),
        lang=lang,
    )
    notes = []
    note = part["period_note"].dropna()
    if len(note):
        notes.append(
            _("vergelijken.period_line", lang, note=note.iloc[0], period=period_text)
        )
    estimated = [row.area_name for row in part.itertuples() if row.estimate]
    if estimated:
        notes.append(f"{_('app.estimate', lang).capitalize()}: {', '.join(estimated)}.")
    for row in part.itertuples():
        if pd.isna(row.value) and row.reason:
            notes.append(f"{row.area_name}: {row.reason}.")
        elif row.details:
            notes.append(f"{row.area_name}: {row.details}.")
    notes.append(
        "Nederland: gearceerde staaf en stippellijn (referentie)."
        if lang == "nl"
        else "Netherlands: hatched bar and dotted line (reference)."
    )
    table = data_table(
        shown.assign(note=[r or f for r, f in zip(shown["reason"], shown["flags"])]),
        {
            "area_name": _("app.gebied", lang),
            "value": f"{title} ({unit})",
            "note": "Opmerking" if lang == "nl" else "Note",
        },
        caption=f"{title}, {period_text}",
        decimals={"value": indicator.decimals},
        missing=_("app.no_data", lang),
    )
    return _card(
        card_id,
        title,
        f"{unit} · {period_text}",
        figure,
        table,
        source_lines(service, [indicator], notes, lang),
        lang,
        export=chart_export(
            service,
            [indicator_id],
            list(part["area_id"]),
            cells=[
                (indicator_id, a, p)
                for a, p in zip(part["area_id"], part["period"])
                if isinstance(p, str)
            ],
            kind="comparison",
            lang=lang,
        ),
    )


def content(areas: list[str], indicators: list[str], periode: str, lang: str):
    service = state.service()
    if not areas:
        return html.P(_("vergelijken.choose_area", lang), className="text-muted")
    if not indicators:
        return html.P(_("vergelijken.choose_indicator", lang), className="text-muted")
    frame = views.comparison_frame(service, areas, indicators, periode, lang)
    charts = [dbc.Col(_chart(service, frame, i, lang), xs=12, lg=6) for i in indicators]
    return html.Div(
        [
            _table(service, frame, indicators, lang),
            html.P(_("vergelijken.marks", lang), className="small text-muted"),
            dbc.Row(charts),
        ]
    )


def _filter(label: str, lang: str, width: int, **props) -> dbc.Col:
    """A labelled searchable dropdown in a column of the filter row."""
    control = dropdown(lang, searchable=True, **props)
    return labelled_column(label, props["id"], control, "fw-semibold", lg=width)


def layout(**query):
    service = state.service()
    choice = views.resolve(service, query)
    lang, areas, indicators = choice.lang, choice.areas, choice.indicators
    periode, messages = choice.periode, choice.notices
    return html.Div(
        [
            dcc.Location(id=URL, refresh=False),
            dcc.Store(
                id=CONTEXT,
                data={"lang": lang},
            ),
            html.H1(_("vergelijken.title", lang)),
            html.P(_("vergelijken.intro", lang)),
            html.Div(notices(messages, lang), id=NOTICES),
            dbc.Row(
                [
                    _filter(
                        _("vergelijken.areas", lang),
                        lang,
                        5,
                        id=AREAS,
                        options=views.area_options(service, lang),
                        value=areas,
                        multi=True,
                        closeOnSelect=False,
                    ),
                    _filter(
                        _("vergelijken.indicators", lang),
                        lang,
                        5,
                        id=INDICATORS,
                        options=views.indicator_options(service, lang),
                        value=indicators,
                        multi=True,
                        closeOnSelect=False,
                    ),
                    _filter(
                        _("app.period", lang),
                        lang,
                        2,
                        id=PERIOD,
                        options=views.period_options(service, indicators, areas, lang),
                        value=periode,
                        clearable=False,
                    ),
                ],
                className="g-3 mb-3",
            ),
            dcc.Loading(
                html.Div(content(areas, indicators, periode, lang), id=CONTENT),
                type="default",
                delay_show=300,
            ),
        ]
    )


@dash.callback(
    Output(CONTENT, "children"),
    Output(NOTICES, "children"),
    Output(PERIOD, "options"),
    Output(PERIOD, "value"),
    Output(URL, "search"),
    Input(AREAS, "value"),
    Input(INDICATORS, "value"),
    Input(PERIOD, "value"),
    State(CONTEXT, "data"),
    State(URL, "search"),
    prevent_initial_call=True,
)
def update(areas, indicators, periode, context, current=None):
    """A filter changed: re-render table and charts, fit the periods, write the URL."""
    shown = views.filtered(
        state.service(), areas, indicators, periode, context, current
    )
    choice = shown.choice
    return (
        content(choice.areas, choice.indicators, choice.periode, choice.lang),
        notices([], choice.lang),
        shown.options,
        choice.periode,
        dash.no_update if shown.search is None else shown.search,
    )


def update_uses(areas, indicators, periode, context, current=None) -> list:
    """What ``update``'s answer depends on (the callback cache's key): the checked
    choice and the address it writes, so every unknown value shares one entry."""
    service = state.service()
    return views.filtered(service, areas, indicators, periode, context, current).uses()


@dash.callback(
    Output(AREAS, "value"),
    Output(INDICATORS, "value"),
    Output(PERIOD, "value", allow_duplicate=True),
    Input(URL, "search"),
    State(AREAS, "value"),
    State(INDICATORS, "value"),
    State(PERIOD, "value"),
    State(CONTEXT, "data"),
    prevent_initial_call=True,
)
def follow_history(search, areas, indicators, periode, context):
    """Back/forward in the browser changes only the query string (the page router does
    not see it): set the filters to that URL. The URL that ``update`` writes matches
    the filters already, so nothing happens then."""
    wanted = history_uses(search, areas, indicators, periode, context)
    if wanted is None:
        raise dash.exceptions.PreventUpdate
    return tuple(wanted)


def history_uses(search, areas, indicators, periode, context) -> list | None:
    """``follow_history``'s answer (its cache key): the filters of the address, or
    None when nothing changes."""
    service = state.service()
    return views.history_values(service, search, areas, indicators, periode, context)


# The rendered responses depend only on the checked values and the data version.
memoise_outputs(AREAS, canonical=history_uses)
memoise_outputs(CONTENT, canonical=update_uses)

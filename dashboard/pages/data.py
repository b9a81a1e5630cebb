"""Data: the figures behind every chart as one table, for analysts.

Pick indicators x areas x periods and get one row per combination with everything
needed to cite or reuse a figure: codes, names, level, period key and label, unit,
the value in Dutch format, status, the estimate / coverage / level notes, the source
table, the catalog, the CBS modification date and when it was fetched.
``dashboard.exports.tables.selection_frame`` builds the rows; the CSV and Excel
downloads write exactly this frame (every page of it), so a download equals the screen.

URL: ``/data?indicator=a,b&gebied=x,y&periode=p,q&pagina=2&lang=en``. Period choices are the
periods in which the chosen indicators have a figure for the chosen areas; by default
the latest period of each indicator.

Component ids (stable; browser tests use them):
    data-url               dcc.Location (writes the query string)
    data-lang              dcc.Store with the language
    data-indicator         indicator multi-select (searchable)
    data-gebied            area multi-select (searchable: name or code)
    data-periode           period multi-select (searchable)
    data-notices           notices about unknown URL values
    data-count             number of rows (and the cap message)
    data-problems          combinations without a figure, with the reason
    data-table             container of the table (one page of PAGE_SIZE rows)
    data-pager, data-page  html.Nav around the dbc.Pagination (active_page)
    data-download          button group; data-download-csv, data-download-xlsx
    data-download-note     what a download holds
    data-download-file     dcc.Download of the CSV / Excel file
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, ctx, dcc, html

from dashboard import history, state, titles
from dashboard.callback_cache import memoise_outputs
from dashboard.components.common import notices, scroll_region
from dashboard.components.downloads import send_frame
from dashboard.components.dropdowns import dropdown
from dashboard.components.filters import labelled_column
from dashboard.components.static_table import static_table
from dashboard.exports import tables
from dashboard.exports.tables import COLUMNS
from dashboard.messages import _
from dashboard.notes import Note
from dashboard.services import Service
from dashboard.url_state import (
    ViewState,
    search_string,
    text_list,
    text_value,
    whole_number,
)
from dashboard.views import data as views
from dashboard.views.data import CHOICE_LIMIT

dash.register_page(
    __name__, path="/data", title=titles.for_page("data"), order=6, nav="nav.data"
)

URL_ID = "data-url"
LANG_ID = "data-lang"
INDICATOR_ID = "data-indicator"
AREA_ID = "data-gebied"
PERIOD_ID = "data-periode"
NOTICES_ID = "data-notices"
COUNT_ID = "data-count"
PROBLEMS_ID = "data-problems"
TABLE_ID = "data-table"
PAGE_ID = "data-page"
PAGER_ID = "data-pager"
DOWNLOAD_ID = "data-download"
DOWNLOAD_CSV_ID = "data-download-csv"
DOWNLOAD_XLSX_ID = "data-download-xlsx"
DOWNLOAD_NOTE_ID = "data-download-note"
DOWNLOAD_FILE_ID = "data-download-file"

MAX_PROBLEMS = 8

# Columns with running text wrap within this width; all others stay on one line.
WIDE_COLUMNS = {"title": "16rem", "coverage": "14rem", "level_note": "16rem"}
WIDE_COLUMNS["missing_reason"] = "12rem"
# which filter changed, in the words of views.data.choose
CHANGED = {PERIOD_ID: "periode", PAGE_ID: "pagina"}


# -- rendering ----------------------------------------------------------------


def render_table(service: Service, frame: pd.DataFrame, lang: str, page: int = 1):
    """One page of the frame as an accessible table (one component: see static_table)."""
    index = 1 if lang == "en" else 0
    rows = views.page_rows(frame, page)
    nowrap = {key: "text-nowrap" for key in COLUMNS if key not in WIDE_COLUMNS}
    return static_table(
        views.display_frame(service, rows, lang),
        {key: names[index] for key, names in COLUMNS.items()},
        caption=_("data.caption", lang),
        class_name="table table-sm table-striped small data-table",
        cell_class={**nowrap, "value": "text-end text-nowrap"},
        min_width=WIDE_COLUMNS,
    )


def problems_list(problems: list[str], lang: str):
    if not problems:
        return None
    unique = list(dict.fromkeys(problems))
    shown = [html.Li(p) for p in unique[:MAX_PROBLEMS]]
    if len(unique) > MAX_PROBLEMS:
        shown.append(
            html.Li(_("data.more_problems", lang, n=len(unique) - MAX_PROBLEMS))
        )
    return html.Details(
        [
            html.Summary(f"{_('data.problems', lang)} ({len(unique)})"),
            html.Ul(shown, className="small mb-0"),
        ],
        className="mb-2 text-muted",
    )


def view(
    service: Service,
    indicators: list[str],
    areas: list[str],
    periods: list[str],
    found: dict,
    problems: list[str],
    lang: str,
    page: int = 1,
):
    """(table, count text, problems, pages) for a resolved choice and page."""
    if not indicators:
        return html.P(_("data.choose_indicator", lang)), "", None, 1
    if not areas:
        return html.P(_("data.choose_area", lang)), "", None, 1
    frame, empty = views.selection_frame(
        service, found, indicators, areas, periods, lang
    )
    problems = problems + empty
    if not len(frame):
        return (
            html.P(_("data.no_rows", lang), className="text-muted"),
            views.count_text(0, lang),
            problems_list(problems, lang),
            1,
        )
    pages = views.page_count(len(frame))
    page = min(max(page, 1), pages)
    return (
        scroll_region(
            render_table(service, frame, lang, page), _("data.caption", lang)
        ),
        views.count_text(len(frame), lang, page),
        problems_list(problems, lang),
        pages,
    )


def pager(pages: int, page: int, lang: str) -> html.Nav:
    return html.Nav(
        dbc.Pagination(
            id=PAGE_ID,
            active_page=page,
            max_value=pages,
            fully_expanded=False,
            previous_next=True,
            size="sm",
        ),
        id=PAGER_ID,
        className="" if pages > 1 else "d-none",
        **{"aria-label": _("data.pages", lang)},
    )


# -- layout and callback ------------------------------------------------------


def _control(label: str, control_id: str, control) -> dbc.Col:
    return labelled_column(label, control_id, control, lg=4)


def downloads(lang: str) -> html.Div:
    return html.Div(
        [
            html.Div(
                [
                    dbc.Button(
                        _("data.download_csv", lang),
                        id=DOWNLOAD_CSV_ID,
                        color="primary",
                        outline=True,
                    ),
                    dbc.Button(
                        _("data.download_xlsx", lang),
                        id=DOWNLOAD_XLSX_ID,
                        color="primary",
                        outline=True,
                    ),
                ],
                id=DOWNLOAD_ID,
                role="group",
                className="btn-group btn-group-sm",
                **{"aria-label": _("data.downloads", lang)},
            ),
            html.Span(
                _("data.download_note", lang),
                id=DOWNLOAD_NOTE_ID,
                className="text-muted small ms-2",
            ),
            dcc.Download(id=DOWNLOAD_FILE_ID),
        ],
        className="d-flex align-items-center flex-wrap gap-2",
    )


def download(
    fmt: str,
    indicators: list[str] | None,
    areas: list[str] | None,
    periods: list[str] | None,
    lang: str | None,
) -> dict | None:
    """The callback body (tests call it): the whole chosen selection (every page of
    the table, also beyond the MAX_ROWS shown) as CSV or Excel, for dcc.Download."""
    service = state.service()
    chosen = views.download_selection(service, indicators, areas, periods, lang)
    if chosen is None:
        return None
    frame = tables.export_frame(service, chosen)
    return send_frame(service, frame, fmt, "coronadash-data", chosen.lang)


def layout(**query):
    service = state.service()
    vs, periods, found, problems = views.resolve(service, query)
    lang = vs.values["lang"]
    indicators, areas, chosen = (
        vs.values["indicator"],
        vs.values["gebied"],
        vs.values["periode"],
    )
    asked = views.read_page(vs, query.get("pagina"))
    table, count, problem_part, pages = view(
        service, indicators, areas, chosen, found, problems, lang, asked
    )
    page = min(asked, pages)
    if asked > pages:
        vs.notices.append(Note("data.page_missing", asked=asked, pages=pages))
    controls = dbc.Row(
        [
            _control(
                _("data.indicators", lang),
                INDICATOR_ID,
                dropdown(
                    lang,
                    id=INDICATOR_ID,
                    options=views.indicator_options(service, lang),
                    value=indicators,
                    multi=True,
                ),
            ),
            _control(
                _("data.areas", lang),
                AREA_ID,
                dropdown(
                    lang,
                    id=AREA_ID,
                    options=views.area_options(service, lang),
                    value=areas,
                    multi=True,
                ),
            ),
            _control(
                _("data.periods", lang),
                PERIOD_ID,
                dropdown(
                    lang,
                    id=PERIOD_ID,
                    options=periods,
                    value=chosen,
                    multi=True,
                ),
            ),
        ],
        className="mb-2",
    )
    return html.Div(
        [
            dcc.Location(id=URL_ID, refresh=False),
            dcc.Store(id=LANG_ID, data=lang),
            html.H1(_("data.heading", lang)),
            html.P(_("data.intro", lang)),
            html.Div(notices(vs.notices, lang), id=NOTICES_ID),
            controls,
            dbc.Row(
                [
                    dbc.Col(
                        html.P(count, id=COUNT_ID, role="status", className="mb-2"),
                        xs=12,
                        md=6,
                    ),
                    dbc.Col(downloads(lang), xs=12, md=6, className="mb-2"),
                ],
                className="align-items-center",
            ),
            html.Div(problem_part, id=PROBLEMS_ID),
            html.Div(table, id=TABLE_ID),
            pager(pages, page, lang),
        ],
        lang=lang,
    )


def update(
    indicators: list[str] | None,
    areas: list[str] | None,
    periods: list[str] | None,
    page: int | None,
    lang: str | None,
    triggered: str | None = None,
):
    """The callback body (tests call it directly): new choice -> table and URL.

    Chosen periods that still exist are kept; an indicator without any chosen period
    (e.g. one just added) brings its latest period along. A new choice starts at page 1.
    """
    service = state.service()
    choice = views.choose(
        service, indicators, areas, periods, page, lang, CHANGED.get(triggered or "")
    )
    lang = choice.lang
    messages = [_("data.too_many_areas", lang, n=views.MAX_AREAS)] if choice.cut else []
    table, count, problem_part, pages = view(
        service,
        choice.indicators,
        choice.areas,
        choice.periods,
        choice.found,
        choice.problems,
        lang,
        choice.asked,
    )
    vs = ViewState()
    vs.values.update(
        lang=lang,
        indicator=choice.indicators,
        gebied=choice.areas,
        periode=choice.periods,
    )
    vs.values["pagina"] = min(choice.asked, pages)
    return (
        choice.options,
        choice.periods,
        vs.values["gebied"] if messages else dash.no_update,
        table,
        count,
        problem_part,
        dbc.Alert(messages, color="warning", className="py-2") if messages else None,
        vs.values["pagina"],
        pages,
        "" if pages > 1 else "d-none",
        search_string(views.query_of(vs)),
    )


@dash.callback(
    Output(PERIOD_ID, "options"),
    Output(PERIOD_ID, "value"),
    Output(AREA_ID, "value"),
    Output(TABLE_ID, "children"),
    Output(COUNT_ID, "children"),
    Output(PROBLEMS_ID, "children"),
    Output(NOTICES_ID, "children"),
    Output(PAGE_ID, "active_page"),
    Output(PAGE_ID, "max_value"),
    Output(PAGER_ID, "className"),
    Output(URL_ID, "search"),
    Input(INDICATOR_ID, "value"),
    Input(AREA_ID, "value"),
    Input(PERIOD_ID, "value"),
    Input(PAGE_ID, "active_page"),
    State(LANG_ID, "data"),
    State(URL_ID, "search"),
    prevent_initial_call=True,
)
def _on_choice(indicators, areas, periods, page, lang, current):
    *shown, search = update(
        text_list(indicators, CHOICE_LIMIT),
        text_list(areas, CHOICE_LIMIT),
        text_list(periods, CHOICE_LIMIT),
        whole_number(page),
        text_value(lang),
        ctx.triggered_id,
    )
    # the address after Back already shows this view: a new entry would cut Forward
    current = text_value(current)
    return *shown, history.new_search(search, current, WRITTEN_FIELDS, _defaults({}))


@dash.callback(
    Output(DOWNLOAD_FILE_ID, "data"),
    Input(DOWNLOAD_CSV_ID, "n_clicks"),
    Input(DOWNLOAD_XLSX_ID, "n_clicks"),
    State(INDICATOR_ID, "value"),
    State(AREA_ID, "value"),
    State(PERIOD_ID, "value"),
    State(LANG_ID, "data"),
    prevent_initial_call=True,
)
def _on_download(_csv, _xlsx, indicators, areas, periods, lang):
    fmt = "xlsx" if ctx.triggered_id == DOWNLOAD_XLSX_ID else "csv"
    chosen = [text_list(v, CHOICE_LIMIT) for v in (indicators, areas, periods)]
    return download(fmt, *chosen, text_value(lang)) or dash.no_update


def update_uses(indicators, areas, periods, page, lang, current=None, changed=()):
    """What ``_on_choice``'s answer depends on (the callback cache's key): the
    checked choice, so every unknown value shares the fallback's entry, and the
    address it is asked from (it decides whether the URL is written again)."""
    choice = views.choose(
        state.service(),
        text_list(indicators, CHOICE_LIMIT),
        text_list(areas, CHOICE_LIMIT),
        text_list(periods, CHOICE_LIMIT),
        whole_number(page),
        text_value(lang),
        CHANGED.get(changed[0] if changed else ""),
    )
    return [*choice.uses(), text_value(current)]


# The rendered response depends only on the checked choice and the data version.
memoise_outputs(TABLE_ID, canonical=update_uses, changed=True)


# -- Back/Forward: the filters follow the address ------------------------------

HISTORY_FIELDS = [
    history.Field("indicator", INDICATOR_ID, many=True),
    history.Field("gebied", AREA_ID, many=True),
    history.Field("periode", PERIOD_ID, many=True),
]
# what the address holds: the table's page as well (Back does not turn pages back)
WRITTEN_FIELDS = [*HISTORY_FIELDS, history.Field("pagina", PAGE_ID, "active_page")]


def _defaults(_context) -> dict[str, object]:
    """The filters of /data without a query (the page's first address)."""
    vs, *_ = views.resolve(state.service(), {})
    return {
        **{name: vs.values[name] for name in ("indicator", "gebied", "periode")},
        "pagina": "1",
    }


follow = history.follow_history(URL_ID, HISTORY_FIELDS, _defaults, LANG_ID)

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

from dashboard import state, titles
from dashboard.areas import ALL_GEBIEDEN, NL
from dashboard.callback_cache import memoise_outputs
from dashboard.components.common import notices
from dashboard.components.downloads import send_frame
from dashboard.components.dropdowns import dropdown
from dashboard.components.static_table import static_table
from dashboard.exports import tables
from dashboard.exports.tables import COLUMNS, collect_series
from dashboard.exports.tables import sort_key as _sort_key
from dashboard.formatting import format_number
from dashboard.messages import _
from dashboard.services import Service
from dashboard.url_state import (
    ViewState,
    language,
    search_string,
    text_list,
    text_value,
    whole_number,
)
from dashboard.views.gebied import gebieden_counts

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

MAX_ROWS = 2000  # the table pages through at most this many rows
PAGE_SIZE = 200  # rows per page; the table of a page is one component (static_table)
MAX_PROBLEMS = 8
# A forged request may list anything: at most this many items of a choice are read.
CHOICE_LIMIT = 1000
MAX_AREAS = 100  # each area is a series query; "select all" wijken must not hang
DEFAULT_INDICATORS = ["inwoners", "laag-inkomen-wijk"]
DEFAULT_AREAS = [NL, "GM0599", "rotterdam-zuid", ALL_GEBIEDEN]

# Columns with running text wrap within this width; all others stay on one line.
WIDE_COLUMNS = {"title": "16rem", "coverage": "14rem", "level_note": "16rem"}
WIDE_COLUMNS["missing_reason"] = "12rem"

# the area levels the table names in words (messages "data.level.<level>")
LEVELS = ("nederland", "gemeente", "wijk", "gebied", "gebieden", "rest")
LEVELS += ("veiligheidsregio",)


def _level(level: str, lang: str) -> str:
    if level not in LEVELS:
        return level
    return _(f"data.level.{level}", lang, **gebieden_counts(state.service()))


# -- choices ------------------------------------------------------------------


def indicator_options(service: Service, lang: str) -> list[dict]:
    """Every catalogue indicator; one whose data is not loaded is listed but disabled."""
    problems = service.problems()
    options = []
    for indicator in service.catalogue.indicators:
        domain = service.catalogue.domain(indicator.domain).title.get(lang)
        label = f"{indicator.title.get(lang)} ({domain})"
        disabled = indicator.id in problems
        if disabled:
            label += f" — {_('data.not_loaded', lang)}"
        options.append({"label": label, "value": indicator.id, "disabled": disabled})
    return options


def area_options(service: Service, lang: str) -> list[dict]:
    """All areas, most used first: NL, gebieden, gemeenten, regions, wijken."""
    registry = service.registry
    gemeente_names = {a.id: a.name for a in registry.by_level("gemeente")}
    order = ["nederland", "gebieden", "gebied", "rest", "gemeente", "veiligheidsregio"]
    options = []
    for level in order + ["wijk"]:
        areas = sorted(registry.by_level(level), key=lambda a: a.name)
        for area in areas:
            where = _level(level, lang)
            if level in ("wijk", "gebied") and area.gemeente:
                where += f", {gemeente_names.get(area.gemeente, area.gemeente)}"
            options.append(
                {"label": f"{area.name} ({where}; {area.id})", "value": area.id}
            )
    return options


def period_choices(
    found: dict[tuple[str, str], pd.DataFrame], indicators: list[str]
) -> tuple[list[dict], list[str]]:
    """Options (newest first) and the default: the latest period of each indicator."""
    labels: dict[str, str] = {}
    latest: dict[str, str] = {}
    for (indicator_id, _area), series in found.items():
        known = series[series["value"].notna()]
        for key, label in zip(known["period"], known["period_label"]):
            labels.setdefault(key, label)
            if indicator_id not in latest or _sort_key(key) > _sort_key(
                latest[indicator_id]
            ):
                latest[indicator_id] = key
    keys = sorted(labels, key=_sort_key, reverse=True)
    options = [{"label": f"{labels[k]} ({k})", "value": k} for k in keys]
    default = list(
        dict.fromkeys(latest[i] for i in indicators if i in latest)
    )  # in indicator order, without repeats
    return options, default


def selection_frame(
    service: Service,
    found: dict[tuple[str, str], pd.DataFrame],
    indicators: list[str],
    areas: list[str],
    periods: list[str],
    lang: str = "nl",
) -> tuple[pd.DataFrame, list[str]]:
    """One row per indicator x area x period (value numeric); the screen and exports."""
    return tables.selection_frame(
        service,
        found,
        indicators,
        areas,
        periods,
        lang,
        no_period=_("data.no_period", lang),
    )


# -- rendering ----------------------------------------------------------------


def display_frame(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The frame as shown: value in Dutch format with the indicator's decimals, level
    and estimate in words, empty text for missing notes."""
    shown = frame.copy()
    shown["value"] = [
        format_number(
            None if pd.isna(v) else float(v),
            int(d),
            missing=_("data.no_data", lang),
            lang=lang,
        )
        for v, d in zip(frame["value"], frame["decimals"])
    ]
    shown["level"] = frame["level"].map(lambda v: _level(str(v), lang))
    shown["estimate"] = frame["estimate"].map(
        lambda v: _("data.yes", lang) if v else ""
    )
    return shown.fillna("")


def render_table(frame: pd.DataFrame, lang: str, page: int = 1):
    """One page of the frame as an accessible table (one component: see static_table)."""
    index = 1 if lang == "en" else 0
    rows = frame.iloc[(page - 1) * PAGE_SIZE : min(page * PAGE_SIZE, MAX_ROWS)]
    nowrap = {key: "text-nowrap" for key in COLUMNS if key not in WIDE_COLUMNS}
    return static_table(
        display_frame(rows, lang),
        {key: names[index] for key, names in COLUMNS.items()},
        caption=_("data.caption", lang),
        class_name="table table-sm table-striped small data-table",
        cell_class={**nowrap, "value": "text-end text-nowrap"},
        min_width=WIDE_COLUMNS,
    )


def page_count(total: int) -> int:
    return max(1, -(-min(total, MAX_ROWS) // PAGE_SIZE))


def count_text(total: int, lang: str, page: int = 1) -> str:
    """'912 rijen (rij 101-200)'; above MAX_ROWS: the cap and what to do."""
    shown = min(total, MAX_ROWS)
    text = f"{format_number(total, lang=lang)} {_('data.row' if total == 1 else 'data.rows', lang)}"
    if shown > PAGE_SIZE:
        first, last = (page - 1) * PAGE_SIZE + 1, min(page * PAGE_SIZE, shown)
        text += f" ({_('data.row', lang)} {format_number(first, lang=lang)}–{format_number(last, lang=lang)})"
    if total > MAX_ROWS:
        text += ". " + _(
            "data.capped",
            lang,
            shown=format_number(MAX_ROWS, lang=lang),
            total=format_number(total, lang=lang),
        )
    return text


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
    frame, empty = selection_frame(service, found, indicators, areas, periods, lang)
    problems = problems + empty
    if not len(frame):
        return (
            html.P(_("data.no_rows", lang), className="text-muted"),
            count_text(0, lang),
            problems_list(problems, lang),
            1,
        )
    pages = page_count(len(frame))
    page = min(max(page, 1), pages)
    return (
        html.Div(
            render_table(frame, lang, page),
            className="table-responsive",
            tabIndex="0",  # the keyboard can scroll the wide table sideways
            role="group",
            **{"aria-label": _("data.caption", lang)},
        ),
        count_text(len(frame), lang, page),
        problems_list(problems, lang),
        pages,
    )


# -- URL state ----------------------------------------------------------------


def resolve(
    service: Service, query: dict
) -> tuple[ViewState, list[dict], dict, list[str]]:
    """Read indicator, gebied, periode from the URL; unknown values -> default + notice."""
    lang = language(query.get("lang"))
    vs = ViewState()
    vs.values["lang"] = lang
    usable = [o["value"] for o in indicator_options(service, lang) if not o["disabled"]]
    defaults = [i for i in DEFAULT_INDICATORS if i in usable] or usable[:1]
    indicators = vs.many(
        "indicator", query.get("indicator"), usable, defaults, limit=len(usable)
    )
    area_ids = list(service.registry.areas)
    area_defaults = [a for a in DEFAULT_AREAS if a in service.registry.areas]
    areas = vs.many(
        "gebied", query.get("gebied"), area_ids, area_defaults, limit=MAX_AREAS
    )
    found, problems = collect_series(service, indicators, areas)
    options, default = period_choices(found, indicators)
    keys = [o["value"] for o in options]
    raw = query.get("periode")
    if isinstance(raw, str):  # a plain year (2022) means its year figure (2022JJ00)
        raw = ",".join(
            f"{p.strip()}JJ00" if f"{p.strip()}JJ00" in keys else p
            for p in raw.split(",")
        )
    vs.many("periode", raw, keys, default, limit=max(len(keys), 1))
    return vs, options, found, problems


def _query(vs: ViewState) -> dict:
    lang = vs.values["lang"]
    return {
        "indicator": vs.values["indicator"],
        "gebied": vs.values["gebied"],
        "periode": vs.values["periode"],
        "pagina": vs.values.get("pagina") if vs.values.get("pagina", 1) > 1 else None,
        "lang": lang if lang != "nl" else None,
    }


def read_page(vs: ViewState, raw: object) -> int:
    """?pagina=N: a positive whole number (checked against the row count later)."""
    text = str(raw[0] if isinstance(raw, (list, tuple)) and raw else raw or "")
    if text and not (text.isdigit() and 0 < int(text) <= page_count(MAX_ROWS)):
        vs.notices.append(f"pagina: onbekende waarde {text[:20]!r}")
        text = ""
    return int(text) if text else 1


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
    return dbc.Col(
        [
            html.Label(label, htmlFor=control_id, className="form-label fw-bold"),
            control,
        ],
        xs=12,
        lg=4,
        className="mb-2",
    )


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
    lang = language(lang)
    usable = {o["value"] for o in indicator_options(service, lang) if not o["disabled"]}
    chosen = tables.Selection(
        [i for i in (indicators or []) if i in usable],
        [a for a in (areas or []) if a in service.registry.areas][:MAX_AREAS],
        list(periods or []),
        lang=lang,
    )
    if not chosen.indicators or not chosen.areas:
        return None
    frame = tables.export_frame(service, chosen)
    return send_frame(service, frame, fmt, "coronadash-data", lang)


def layout(**query):
    service = state.service()
    vs, periods, found, problems = resolve(service, query)
    lang = vs.values["lang"]
    indicators, areas, chosen = (
        vs.values["indicator"],
        vs.values["gebied"],
        vs.values["periode"],
    )
    asked = read_page(vs, query.get("pagina"))
    table, count, problem_part, pages = view(
        service, indicators, areas, chosen, found, problems, lang, asked
    )
    page = min(asked, pages)
    if asked > pages:
        vs.notices.append(f"pagina: {asked} bestaat niet (1 t/m {pages})")
    controls = dbc.Row(
        [
            _control(
                _("data.indicators", lang),
                INDICATOR_ID,
                dropdown(
                    lang,
                    id=INDICATOR_ID,
                    options=indicator_options(service, lang),
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
                    options=area_options(service, lang),
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
    lang = language(lang)
    vs = ViewState()
    vs.values["lang"] = lang
    usable = {o["value"] for o in indicator_options(service, lang) if not o["disabled"]}
    vs.values["indicator"] = [i for i in (indicators or []) if i in usable]
    vs.values["gebied"] = [a for a in (areas or []) if a in service.registry.areas]
    messages = []
    if len(vs.values["gebied"]) > MAX_AREAS:
        vs.values["gebied"] = vs.values["gebied"][:MAX_AREAS]
        messages.append(_("data.too_many_areas", lang, n=MAX_AREAS))
    found, problems = collect_series(
        service, vs.values["indicator"], vs.values["gebied"]
    )
    options, default = period_choices(found, vs.values["indicator"])
    keys = {o["value"] for o in options}
    kept = [p for p in (periods or []) if p in keys]
    if triggered not in (PERIOD_ID, PAGE_ID):
        for indicator_id in vs.values["indicator"]:
            own = {
                p
                for (i, _a), s in found.items()
                if i == indicator_id
                for p in s.loc[s["value"].notna(), "period"]
            }
            if own and not own.intersection(kept):
                kept.append(max(own, key=_sort_key))
        if not kept:
            kept = default
    vs.values["periode"] = kept
    asked = int(page or 1) if triggered == PAGE_ID else 1
    table, count, problem_part, pages = view(
        service,
        vs.values["indicator"],
        vs.values["gebied"],
        kept,
        found,
        problems,
        lang,
        asked,
    )
    vs.values["pagina"] = min(asked, pages)
    return (
        options,
        kept,
        vs.values["gebied"] if messages else dash.no_update,
        table,
        count,
        problem_part,
        dbc.Alert(messages, color="warning", className="py-2") if messages else None,
        vs.values["pagina"],
        pages,
        "" if pages > 1 else "d-none",
        search_string(_query(vs)),
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
    prevent_initial_call=True,
)
def _on_choice(indicators, areas, periods, page, lang):
    return update(
        text_list(indicators, CHOICE_LIMIT),
        text_list(areas, CHOICE_LIMIT),
        text_list(periods, CHOICE_LIMIT),
        whole_number(page),
        text_value(lang),
        ctx.triggered_id,
    )


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


# The rendered response depends only on the request and the data version.
memoise_outputs(TABLE_ID)

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

import math
from urllib.parse import parse_qs

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, dcc, html

from dashboard import state, titles
from dashboard.areas import ALL_GEBIEDEN, NL
from dashboard.callback_cache import memoise_outputs
from dashboard.components.common import chart_card, data_table, notices
from dashboard.components.downloads import chart_export
from dashboard.components.dropdowns import dropdown
from dashboard.figures.comparison import comparison_figure
from dashboard.formatting import format_value
from dashboard.messages import _
from dashboard.services import QueryError
from dashboard.url_state import (
    MAX_ITEMS,
    ViewState,
    language,
    search_string,
    store_data,
    text_list,
    text_value,
)
from dashboard.views.sources import source_lines
from data_sources.periods import period_label_nl

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

LATEST = "laatste"
DEFAULT_AREAS = [
    "den-haag-zuidwest",
    "rotterdam-zuid",
    "amsterdam-nieuw-west",
    ALL_GEBIEDEN,
]
DEFAULT_INDICATORS = [
    "laag-inkomen-wijk",
    "arbeidsparticipatie-wijk",
    "vaccinatie-volledig-18plus",
]


def _card(card_id: str, *args, **kwargs):
    """chart_card with the card id on the section itself (for tests and links)."""
    card = chart_card(card_id, *args, **kwargs)
    card.id = card_id
    return card


# -- options -------------------------------------------------------------------


def _area_options(service, lang: str) -> list[dict]:
    """The 16 gebieden, the 16 together, Nederland, then the gemeenten (with wijken
    in the 2022 indeling: the current gemeenten)."""
    registry = service.registry
    options = [
        {
            "label": f"{a.name} ({_('vergelijken.group_gebied', lang)})",
            "value": a.id,
            "search": f"{a.name} {a.id} gebied",
        }
        for a in sorted(registry.gebieden(), key=lambda a: a.name)
    ]
    if ALL_GEBIEDEN in registry.areas:
        area = registry.get(ALL_GEBIEDEN)
        options.append({"label": area.name, "value": area.id, "search": area.name})
    options.append(
        {"label": _("app.nederland", lang), "value": NL, "search": "Nederland NL01"}
    )
    gemeenten = sorted(
        (a for a in registry.by_level("gemeente") if a.wijken), key=lambda a: a.name
    )
    for area in gemeenten:
        alias = " Den Haag" if area.id == "GM0518" else ""
        options.append(
            {
                "label": f"{area.name} ({_('vergelijken.group_gemeente', lang)})",
                "value": area.id,
                "search": f"{area.name}{alias} {area.id}",
            }
        )
    return options


def _indicator_options(service, lang: str) -> list[dict]:
    problems = service.problems()
    titles = {d.id: d.title.get(lang) for d in service.catalogue.domains}
    return [
        {
            "label": f"{i.title.get(lang)} · {titles.get(i.domain, i.domain)}",
            "value": i.id,
            "search": f"{i.title.get(lang)} {i.id} {titles.get(i.domain, '')}",
        }
        for i in service.catalogue.indicators
        if i.id not in problems
    ]


def _series_or_none(service, indicator_id: str, area_id: str):
    try:
        frame = service.series(indicator_id, area_id)
    except QueryError:
        return None
    return frame if frame["value"].notna().any() else None


def _reference_series(service, indicator_id: str, areas: list[str]):
    """The series that sets the period: Nederland, else the first chosen area with data."""
    for area_id in [NL, *areas]:
        frame = _series_or_none(service, indicator_id, area_id)
        if frame is not None:
            return frame.dropna(subset=["value"])
    return None


def _years(service, indicators: list[str], areas: list[str]) -> list[int]:
    years: set[int] = set()
    for indicator_id in indicators:
        frame = _reference_series(service, indicator_id, areas)
        if frame is not None:
            years |= {pd.Timestamp(s).year for s in frame["period_start"]}
    return sorted(years, reverse=True)


def _period_options(service, indicators, areas, lang: str) -> list[dict]:
    return [{"label": _("vergelijken.latest", lang), "value": LATEST}] + [
        {"label": str(y), "value": str(y)} for y in _years(service, indicators, areas)
    ]


# -- the figures -----------------------------------------------------------------


def period_for(
    service, indicator_id: str, areas: list[str], periode: str
) -> tuple[str | None, str | None]:
    """(period key, note) for one indicator: the latest, or the year's figure, or the
    last period within that year (weekly and monthly series). Key None: the note says why."""
    frame = _reference_series(service, indicator_id, areas)
    if frame is None:
        return None, "geen gegevens voor de gekozen gebieden"
    if periode in (None, "", LATEST):
        return frame["period"].iloc[-1], None
    try:
        return service.resolve_period(indicator_id, frame, periode), None
    except QueryError as exc:
        if periode.isdigit():
            starts = pd.to_datetime(frame["period_start"])
            in_year = frame[starts.dt.year == int(periode)]
            if len(in_year):
                key = in_year["period"].iloc[-1]
                return (
                    key,
                    f"geen jaarcijfer voor {periode}: laatste periode in dat jaar",
                )
        return None, str(exc)


def _kind(service, area_id: str) -> str:
    level = service.area(area_id).level
    return {"gebied": "gebied", "gemeente": "gemeente", "nederland": "nederland"}.get(
        level, "other"
    )


def comparison_frame(
    areas: list[str], indicators: list[str], periode: str = LATEST, lang: str = "nl"
) -> pd.DataFrame:
    """One row per indicator and area (Nederland always included as the reference):
    value, text as shown, period, flags, and the reason when there is no figure."""
    service = state.service()
    shown = [*areas, *([] if NL in areas else [NL])]
    rows = []
    for indicator_id in indicators:
        indicator = service.indicator(indicator_id)
        key, period_note = period_for(service, indicator_id, areas, periode)
        for area_id in shown:
            area = service.area(area_id)
            row = {
                "indicator": indicator_id,
                "area_id": area_id,
                "area_name": area.name,
                "kind": _kind(service, area_id),
                "reference": area_id == NL and NL not in areas,
                "period": key,
                "period_label": period_label_nl(key) if key else None,
                "period_note": period_note,
                "value": math.nan,
                "text": _("app.no_data", lang),
                "flags": "",
                "estimate": False,
                "details": "",
                "reason": None,
            }
            if key is None:
                row["reason"] = period_note
                rows.append(row)
                continue
            try:
                series = service.series(indicator_id, area_id)
            except QueryError as exc:
                row["reason"] = str(exc)
                rows.append(row)
                continue
            at = series[series["period"] == key]
            if not len(at) or pd.isna(at.iloc[0]["value"]):
                reason = at.iloc[0]["missing_reason"] if len(at) else None
                row["reason"] = (
                    reason
                    if isinstance(reason, str)
                    else f"geen gegevens voor {period_label_nl(key)}"
                )
                rows.append(row)
                continue
            found = at.iloc[0]
            row["value"] = float(found["value"])
            row["text"] = format_value(
                row["value"], indicator.decimals, indicator.unit.get(lang), lang=lang
            )
            details = [
                found[column]
                for column in ("coverage", "level_note")
                if isinstance(found[column], str) and found[column]
            ]
            row["estimate"] = bool(found["estimate"])
            row["details"] = "; ".join(details)
            row["flags"] = "; ".join(
                [_("app.estimate", lang)] * row["estimate"] + details
            )
            rows.append(row)
    return pd.DataFrame(rows)


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
    return html.Div(
        html.Table(
            [
                html.Caption(_("vergelijken.table_caption", lang)),
                html.Thead(html.Tr(header)),
                html.Tbody(body),
            ],
            id=TABLE,
            className="table table-sm table-striped align-top",
        ),
        className="table-responsive",
        tabIndex="0",  # scrolls sideways on a phone: reachable by keyboard
        role="group",
        **{"aria-label": _("vergelijken.table_caption", lang)},
    )


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
        notes.append(f"Periode: {note.iloc[0]} ({period_text}).")
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
    frame = comparison_frame(areas, indicators, periode, lang)
    charts = [dbc.Col(_chart(service, frame, i, lang), xs=12, lg=6) for i in indicators]
    return html.Div(
        [
            _table(service, frame, indicators, lang),
            html.P(_("vergelijken.marks", lang), className="small text-muted"),
            dbc.Row(charts),
        ]
    )


def _resolve(query: dict, strict: bool = True):
    """Areas, indicators, period and notices from a URL query (or the filters)."""
    service = state.service()
    lang = language(query.get("lang"))
    vs = ViewState()
    area_ids = [o["value"] for o in _area_options(service, lang)]
    indicator_ids = [o["value"] for o in _indicator_options(service, lang)]
    areas = vs.many("gebied", query.get("gebied"), area_ids, DEFAULT_AREAS)
    indicators = vs.many(
        "indicator",
        query.get("indicator"),
        indicator_ids,
        [i for i in DEFAULT_INDICATORS if i in indicator_ids],
    )
    years = [str(y) for y in _years(service, indicators, areas)]
    periode = vs.one(
        "periode", query.get("periode") or LATEST, [LATEST, *years], LATEST
    )
    return lang, areas, indicators, periode, (vs.notices if strict else [])


def _label(text: str, control_id: str) -> html.Label:
    return html.Label(text, htmlFor=control_id, className="form-label fw-semibold")


def _filter(label: str, lang: str, width: int, **props) -> dbc.Col:
    """A labelled searchable dropdown in a column of the filter row."""
    return dbc.Col(
        [_label(label, props["id"]), dropdown(lang, searchable=True, **props)],
        xs=12,
        lg=width,
        className="mb-2",
    )


def layout(**query):
    service = state.service()
    lang, areas, indicators, periode, messages = _resolve(query)
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
                        options=_area_options(service, lang),
                        value=areas,
                        multi=True,
                        closeOnSelect=False,
                    ),
                    _filter(
                        _("vergelijken.indicators", lang),
                        lang,
                        5,
                        id=INDICATORS,
                        options=_indicator_options(service, lang),
                        value=indicators,
                        multi=True,
                        closeOnSelect=False,
                    ),
                    _filter(
                        _("app.period", lang),
                        lang,
                        2,
                        id=PERIOD,
                        options=_period_options(service, indicators, areas, lang),
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


def _search(areas: list[str], indicators: list[str], periode, lang: str) -> str:
    return search_string(
        {
            "gebied": areas,
            "indicator": indicators,
            "periode": None if periode in (None, LATEST) else periode,
            "lang": lang if lang != "nl" else None,
        }
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
    periode, current = text_value(periode), text_value(current)
    service = state.service()
    lang = language(store_data(context).get("lang"))
    # Only what the dropdowns offer (a forged request may name anything).
    known_areas = {o["value"] for o in _area_options(service, lang)}
    known_indicators = {o["value"] for o in _indicator_options(service, lang)}
    areas = [a for a in text_list(areas) if a in known_areas][:MAX_ITEMS]
    indicators = [i for i in text_list(indicators) if i in known_indicators]
    indicators = indicators[:MAX_ITEMS]
    options = _period_options(service, indicators, areas, lang)
    if periode not in {o["value"] for o in options}:
        periode = LATEST
    search = _search(areas, indicators, periode, lang)
    if current is not None and current != search:
        # The address may show this view in other words (after Back/Forward, or a
        # first URL without some values): writing it again would cut off Forward.
        query = {k: v[0] for k, v in parse_qs(current.lstrip("?")).items()}
        query["lang"] = lang
        _l, old_areas, old_indicators, old_periode, _n = _resolve(query, strict=False)
        if _search(old_areas, old_indicators, old_periode, lang) == search:
            search = dash.no_update
    return (
        content(areas, indicators, periode, lang),
        notices([], lang),
        options,
        periode,
        search,
    )


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
    search, periode = text_value(search), text_value(periode)
    areas, indicators = text_list(areas), text_list(indicators)
    lang = language(store_data(context).get("lang"))
    if (search or "") == _search(
        list(areas or []), list(indicators or []), periode, lang
    ):
        raise dash.exceptions.PreventUpdate
    query = {k: v[0] for k, v in parse_qs((search or "").lstrip("?")).items()}
    query["lang"] = lang
    _lang, new_areas, new_indicators, new_periode, _ = _resolve(query, strict=False)
    wanted = (new_areas, new_indicators, new_periode)
    if wanted == (list(areas or []), list(indicators or []), periode):
        raise dash.exceptions.PreventUpdate
    return wanted


# The rendered responses depend only on the request and the data version.
memoise_outputs(AREAS, CONTENT)

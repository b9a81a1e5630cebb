"""Corona per gemeente: positive tests, hospital admissions, deaths and vaccination.

A policymaker asks "how hard was my area hit, and when?". The map shows one week for
all gemeenten (the gemeenten of the 16 gebieden outlined); the chart shows the chosen
area against Nederland over time with the national measures drawn on it, read from
``data_sources/maatregelen.yaml``. Vaccination has only a few snapshots, so it is
shown as bars per snapshot, not as a line. Corona figures exist per gemeente only: a
gebied shows its gemeente's figure and says so.

URL: ``/corona?maat=<indicator>&periode=<period key>&gebied=<area id>&lang=en``.

Component ids (stable; browser tests use them):
    corona-url              dcc.Location (writes the query string)
    corona-lang             dcc.Store with the language
    corona-maat             measure dropdown
    corona-periode          week / snapshot date dropdown
    corona-gebied           gemeente, veiligheidsregio or gebied dropdown (searchable)
    corona-notices          notices about unknown URL values
    corona-level-note       "cijfer van de gemeente ..." for a gebied
    corona-summary          the chosen area and Nederland in the chosen period
    corona-map              container of the map card (graph: corona-kaart-graph)
    corona-trend            container of the time-series card (graph: corona-reeks-graph)
    corona-maatregelen      the list of national measures under the chart
"""

from __future__ import annotations

from datetime import timedelta

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, ctx, dcc, html

from dashboard import state
from dashboard.areas import NL
from dashboard.callback_cache import memoise_outputs
from dashboard.components.common import chart_card, notices
from dashboard.components.downloads import chart_export
from dashboard.components.key_figures import dropdown_labels
from dashboard.components.static_table import static_table
from dashboard.figures.maps import choropleth_figure
from dashboard.figures.snapshots import snapshot_figure
from dashboard.figures.trend import Line, trend_figure
from dashboard.formatting import format_value
from dashboard.i18n import t
from dashboard.services import QueryError, Service
from dashboard.url_state import ViewState, language, search_string, text_value
from dashboard.views.events import chart_events, timeline_events
from dashboard.views.gebied import gebieden_counts
from dashboard.views.sources import source_lines
from data_sources.maatregelen import read_maatregelen
from data_sources.periods import parse_period, period_label_nl

dash.register_page(
    __name__, path="/corona", title="Corona per gemeente", order=5, nav="nav.corona"
)

URL_ID = "corona-url"
LANG_ID = "corona-lang"
MEASURE_ID = "corona-maat"
PERIOD_ID = "corona-periode"
AREA_ID = "corona-gebied"
NOTICES_ID = "corona-notices"
LEVEL_NOTE_ID = "corona-level-note"
SUMMARY_ID = "corona-summary"
MAP_ID = "corona-map"
TREND_ID = "corona-trend"
MAATREGELEN_ID = "corona-maatregelen"
MAP_CARD = "corona-kaart"
TREND_CARD = "corona-reeks"

MEASURES = [
    "positieve-testen",
    "ziekenhuisopnames",
    "overleden",
    "vaccinatie-volledig-18plus",
]
SNAPSHOT_MEASURES = {"vaccinatie-volledig-18plus"}  # a few dates: bars, not a line
DEFAULT_MEASURE = "positieve-testen"
DEFAULT_AREA = "GM0599"  # Rotterdam
GEOJSON = "/geo/gemeenten.json"

TEXT = {
    "heading": {"nl": "Corona per gemeente", "en": "Corona by municipality"},
    "intro": {
        "nl": "Positief geteste personen, ziekenhuisopnames en overledenen per week per "
        "100.000 inwoners, en de vaccinatiegraad. Kies een maat, een week en een gebied; "
        "het webadres bewaart de keuze.",
        "en": "Positive tests, hospital admissions and deaths per week per 100,000 "
        "inhabitants, and vaccination coverage. Choose a measure, a week and an area; "
        "the address keeps the choice.",
    },
    "measure": {"nl": "Maat", "en": "Measure"},
    "period": {"nl": "Week of peildatum", "en": "Week or date"},
    "area": {
        "nl": "Gemeente, veiligheidsregio of gebied",
        "en": "Municipality, safety region or area",
    },
    "map": {"nl": "per gemeente", "en": "by municipality"},
    "vs_nl": {"nl": "en Nederland", "en": "and the Netherlands"},
    "outline": {
        "nl": "Rood omlijnd: de gemeenten met een van de {n} gebieden.",
        "en": "Outlined in red: the municipalities with one of the {n} areas.",
    },
    "events": {
        "nl": "Stippellijnen: landelijke maatregelen (Rijksoverheid, Coronavirus "
        "tijdlijn); de lijst staat bij de kaart. Lichtblauw vlak: de gekozen week.",
        "en": "Dotted lines: national measures (Rijksoverheid, Coronavirus timeline); "
        "the list is beside the map. Light blue band: the chosen week.",
    },
    "snapshots": {
        "nl": "Van deze maat zijn alleen enkele peildata beschikbaar; daarom staven per "
        "peildatum in plaats van een lijn.",
        "en": "This measure has only a few reference dates, so bars per date instead of "
        "a line.",
    },
    "measures_list": {
        "nl": "Landelijke maatregelen op de tijdlijn",
        "en": "National measures on the timeline",
    },
    "date": {"nl": "Datum", "en": "Date"},
    "source_link": {"nl": "bron", "en": "source"},
    "measure_short": {"nl": "Maatregel", "en": "Measure"},
    "description": {"nl": "Toelichting", "en": "Description"},
    "timeline_error": {
        "nl": "De tijdlijn met maatregelen kon niet worden gelezen",
        "en": "The timeline of measures could not be read",
    },
    "level.gemeente": {"nl": "gemeente", "en": "municipality"},
    "level.gebied": {"nl": "gebied in", "en": "area in"},
    "level.gebieden": {"nl": "alle {n} gebieden", "en": "all {n} areas"},
    "nl_note": {"nl": "Nederland", "en": "Netherlands"},
}


def _t(key: str, lang: str) -> str:
    entry = TEXT[key]
    return entry.get(lang, entry["nl"])


# -- choices ------------------------------------------------------------------


def measure_options(service: Service, lang: str) -> list[dict]:
    return [
        {"label": service.indicator(m).title.get(lang), "value": m} for m in MEASURES
    ]


def area_options(service: Service, lang: str) -> list[dict]:
    """Gemeenten, then the gebieden, then the veiligheidsregio's (searchable by name)."""
    registry = service.registry
    names = {a.id: a.name for a in registry.by_level("gemeente")}
    # The current gemeenten are those placed in a veiligheidsregio; the registry also
    # knows gemeenten that merged away (no corona figures).
    current = {g for r in registry.by_level("veiligheidsregio") for g in r.gemeenten}
    gemeenten = [a for a in registry.by_level("gemeente") if a.id in current] or list(
        registry.by_level("gemeente")
    )
    options = [
        {"label": f"{a.name} ({_t('level.gemeente', lang)})", "value": a.id}
        for a in sorted(gemeenten, key=lambda a: a.name)
    ]
    for area in registry.gebieden():
        where = names.get(area.gemeente, area.gemeente)
        options.append(
            {
                "label": f"{area.name} ({_t('level.gebied', lang)} {where})",
                "value": area.id,
            }
        )
    for area in registry.by_level("gebieden"):
        options.append(
            {
                "label": f"{area.name} ({_t('level.gebieden', lang).format(**gebieden_counts(service))})",
                "value": area.id,
            }
        )
    for area in sorted(registry.by_level("veiligheidsregio"), key=lambda a: a.name):
        options.append({"label": area.name, "value": area.id})
    return options


def period_options(service: Service, measure: str) -> list[dict]:
    """Periods with a national figure, newest first (the map has data for each)."""
    try:
        national = service.series(measure, NL)
    except QueryError:
        return []
    known = national[national["value"].notna()]
    return [
        {"label": label, "value": key}
        for key, label in zip(known["period"][::-1], known["period_label"][::-1])
    ]


# -- measures timeline --------------------------------------------------------


def maatregelen_list(events: pd.DataFrame, error: str | None, lang: str) -> html.Div:
    if error:
        return html.P(
            f"{_t('timeline_error', lang)}: {error}", className="small text-danger"
        )
    rows = [
        html.Tr(
            [
                html.Td(f"{row.date:%d-%m-%Y}", className="text-nowrap"),
                html.Td(row.label),
                html.Td(
                    [
                        row.description,
                        " ",
                        html.A(f"({_t('source_link', lang)})", href=row.source),
                    ]
                ),
            ]
        )
        for row in events.itertuples()
    ]
    return html.Details(
        [
            html.Summary(_t("measures_list", lang)),
            html.Div(
                html.Table(
                    [
                        html.Caption(
                            _t("measures_list", lang), className="visually-hidden"
                        ),
                        html.Thead(
                            html.Tr(
                                [
                                    html.Th(_t("date", lang), scope="col"),
                                    html.Th(_t("measure_short", lang), scope="col"),
                                    html.Th(_t("description", lang), scope="col"),
                                ]
                            )
                        ),
                        html.Tbody(rows),
                    ],
                    className="table table-sm small",
                ),
                className="table-responsive",
                tabIndex="0",
                role="group",
                **{"aria-label": _t("measures_list", lang)},
            ),
        ],
        open=True,
        className="mb-3",
    )


# -- the view -----------------------------------------------------------------


def _muted(message: str) -> html.P:
    return html.P(message, className="text-muted small")


def _line_kind(level: str) -> str:
    return {"gemeente": "gemeente", "gebied": "gebied", "gebieden": "gebied"}.get(
        level, "other"
    )


def _gebied_gemeenten(service: Service) -> list[str]:
    return sorted({a.gemeente for a in service.registry.gebieden() if a.gemeente})


def map_card(service: Service, measure: str, period: str, lang: str):
    indicator = service.indicator(measure)
    unit = indicator.unit.get(lang)
    title = f"{indicator.title.get(lang)} {_t('map', lang)}"
    try:
        frame = service.map_values(measure, "gemeente", period)
    except QueryError as exc:
        return html.Section([html.H2(title, className="h5"), _muted(str(exc))])
    label = period_label_nl(period)
    figure = choropleth_figure(
        frame,
        GEOJSON,
        indicator.map_bins,
        unit,
        indicator.decimals,
        outline_ids=_gebied_gemeenten(service),
    )
    table = static_table(
        frame,
        {"area_name": t("gemeente", lang), "area_id": "Code", "value": unit},
        caption=f"{title}, {label}",
        decimals={"value": indicator.decimals},
        missing=t("no_data", lang),
    )
    return chart_card(
        MAP_CARD,
        title,
        f"{unit} · {label}",
        figure,
        table,
        source_lines(
            service,
            [indicator],
            [_t("outline", lang).format(**gebieden_counts(service))],
            lang,
        ),
        lang,
        height=480,
        export=chart_export(
            service, [measure], list(frame["area_id"]), [period], "map", lang
        ),
    )


def _series_pair(service: Service, measure: str, area_id: str):
    return service.series(measure, area_id), service.series(measure, NL)


def trend_card(
    service: Service, measure: str, period: str, area_id: str, lang: str
) -> html.Section:
    indicator = service.indicator(measure)
    unit = indicator.unit.get(lang)
    decimals = indicator.decimals
    area = service.area(area_id)
    title = f"{indicator.title.get(lang)}: {area.name} {_t('vs_nl', lang)}"
    try:
        series, national = _series_pair(service, measure, area_id)
    except QueryError as exc:
        return html.Section([html.H2(title, className="h5"), _muted(str(exc))])
    nl_name = t("nederland", lang)
    lines = [
        Line(area.name, _line_kind(area.level), series),
        Line(nl_name, "nederland", national),
    ]
    known = pd.concat([series, national]).dropna(subset=["value"])
    if not len(known):
        return html.Section(
            [html.H2(title, className="h5"), _muted(t("no_data", lang))]
        )
    notes = []
    if measure in SNAPSHOT_MEASURES:
        figure = snapshot_figure(lines, unit, decimals)
        subtitle = f"{unit} · " + ", ".join(dict.fromkeys(known["period_label"]))
        notes.append(_t("snapshots", lang))
    else:
        events, error = timeline_events(read_maatregelen)
        figure = trend_figure(lines, unit, decimals, events=chart_events(events))
        _highlight(figure, period)
        figure.update_yaxes(automargin=True)
        ordered = known.sort_values("period_start")
        subtitle = (
            f"{unit} · {ordered['period_label'].iloc[0]} t/m "
            f"{ordered['period_label'].iloc[-1]}"
        )
        notes.append(
            f"{_t('timeline_error', lang)}: {error}" if error else _t("events", lang)
        )
    notes.extend(_series_notes(series, national, period, nl_name))
    table_frame = series[["period", "period_start", "period_label", "value"]].merge(
        national[["period", "value"]].rename(columns={"value": "nl"}),
        on="period",
        how="outer",
    )
    table_frame = table_frame.sort_values("period", ascending=False)
    table = static_table(
        table_frame,
        {"period_label": t("period", lang), "value": area.name, "nl": nl_name},
        caption=f"{title} ({unit})",
        decimals={"value": decimals, "nl": decimals},
        missing=t("no_data", lang),
    )
    return chart_card(
        TREND_CARD,
        title,
        subtitle,
        figure,
        table,
        source_lines(service, [indicator], notes, lang),
        lang,
        export=chart_export(service, [measure], [area_id, NL], None, "trend", lang),
    )


def _highlight(figure, period: str) -> None:
    try:
        parsed = parse_period(period)
    except ValueError:
        return
    figure.add_vrect(
        x0=pd.Timestamp(parsed.start),
        x1=pd.Timestamp(parsed.end + timedelta(days=1)),
        fillcolor="#8fcae7",
        opacity=0.35,
        line_width=0,
        layer="below",
    )


def _series_notes(
    series: pd.DataFrame, national: pd.DataFrame, period: str, nl_name: str
) -> list[str]:
    """Level notes and the coverage of the chosen period, for area and Nederland."""
    notes = []
    note = series["level_note"].iloc[0] if len(series) else ""
    if note:
        notes.append(f"{series['area_name'].iloc[0]}: {note}.")
    nl_note = national["level_note"].iloc[0] if len(national) else ""
    if nl_note:
        notes.append(f"{nl_name}: {nl_note}.")
    for frame, name in ((series, None), (national, nl_name)):
        row = frame[frame["period"] == period]
        if len(row) and row.iloc[0]["coverage"]:
            who = name or row.iloc[0]["area_name"]
            notes.append(
                f"{who}, {row.iloc[0]['period_label']}: {row.iloc[0]['coverage']}."
            )
    return notes


def summary(service: Service, measure: str, period: str, area_id: str, lang: str):
    """One line: the chosen area and Nederland in the chosen period, or why not."""
    indicator = service.indicator(measure)
    unit = indicator.unit.get(lang)
    parts = []
    for target in (area_id, NL):
        try:
            series = service.series(measure, target)
        except QueryError as exc:
            parts.append(str(exc))
            continue
        row = series[series["period"] == period]
        name = series["area_name"].iloc[0] if len(series) else target
        if not len(row):
            parts.append(f"{name}: {t('no_data', lang)}")
            continue
        value = row.iloc[0]["value"]
        reason = row.iloc[0]["missing_reason"]
        text = format_value(
            None if pd.isna(value) else float(value),
            indicator.decimals,
            unit,
            missing=reason if isinstance(reason, str) else t("no_data", lang),
        )
        if row.iloc[0]["estimate"] and not pd.isna(value):
            text += f" ({t('estimate', lang)})"
        parts.append(f"{name}: {text}")
    return html.P(
        [html.Strong(period_label_nl(period) + ": "), "; ".join(parts)],
        className="mb-2",
    )


def level_note(service: Service, measure: str, area_id: str):
    try:
        series = service.series(measure, area_id)
    except QueryError:
        return None
    note = series["level_note"].iloc[0] if len(series) else ""
    if not note:
        return None
    return dbc.Alert(
        f"{series['area_name'].iloc[0]}: {note}.", color="info", className="py-2 mb-2"
    )


def view(service: Service, measure: str, period: str | None, area_id: str, lang: str):
    """Everything that depends on the choice: map, chart, summary, level note."""
    if period is None:
        message = f"{service.indicator(measure).title.get(lang)}: {t('no_data', lang)}"
        return (_muted(message), _muted(message), None, None)
    return (
        map_card(service, measure, period, lang),
        trend_card(service, measure, period, area_id, lang),
        summary(service, measure, period, area_id, lang),
        level_note(service, measure, area_id),
    )


def resolve(service: Service, query: dict) -> tuple[ViewState, list[dict]]:
    """Read maat, periode and gebied from the URL; unknown values -> default + notice."""
    lang = language(query.get("lang"))
    vs = ViewState()
    vs.values["lang"] = lang
    measure = vs.one("maat", query.get("maat"), MEASURES, DEFAULT_MEASURE)
    periods = period_options(service, measure)
    keys = [o["value"] for o in periods]
    vs.one("periode", query.get("periode"), keys, keys[0] if keys else None)
    areas = area_options(service, lang)
    vs.one("gebied", query.get("gebied"), [o["value"] for o in areas], DEFAULT_AREA)
    return vs, periods


def _query(vs: ViewState) -> dict:
    values = vs.values
    return {
        "maat": values["maat"],
        "periode": values["periode"],
        "gebied": values["gebied"],
        "lang": values["lang"] if values["lang"] != "nl" else None,
    }


# -- layout and callback ------------------------------------------------------


def _control(label: str, control_id: str, control) -> dbc.Col:
    return dbc.Col(
        [
            html.Label(label, htmlFor=control_id, className="form-label fw-bold"),
            control,
        ],
        xs=12,
        md=4,
        className="mb-2",
    )


def layout(**query):
    service = state.service()
    vs, periods = resolve(service, query)
    lang = vs.values["lang"]
    measure, period, area_id = (
        vs.values["maat"],
        vs.values["periode"],
        vs.values["gebied"],
    )
    map_part, trend_part, summary_part, note_part = view(
        service, measure, period, area_id, lang
    )
    events, error = timeline_events(read_maatregelen)
    labels = dropdown_labels(lang)
    controls = dbc.Row(
        [
            _control(
                _t("measure", lang),
                MEASURE_ID,
                dcc.Dropdown(
                    id=MEASURE_ID,
                    options=measure_options(service, lang),
                    value=measure,
                    clearable=False,
                    searchable=False,
                    labels=labels,
                ),
            ),
            _control(
                _t("period", lang),
                PERIOD_ID,
                dcc.Dropdown(
                    id=PERIOD_ID,
                    options=periods,
                    value=period,
                    clearable=False,
                    labels=labels,
                ),
            ),
            _control(
                _t("area", lang),
                AREA_ID,
                dcc.Dropdown(
                    id=AREA_ID,
                    options=area_options(service, lang),
                    value=area_id,
                    clearable=False,
                    labels=labels,
                ),
            ),
        ],
        className="mb-2",
    )
    return html.Div(
        [
            dcc.Location(id=URL_ID, refresh=False),
            dcc.Store(id=LANG_ID, data=lang),
            html.H1(_t("heading", lang)),
            html.P(_t("intro", lang)),
            html.Div(notices(vs.notices, lang), id=NOTICES_ID),
            controls,
            html.Div(note_part, id=LEVEL_NOTE_ID),
            html.Div(summary_part, id=SUMMARY_ID, role="status"),
            html.Div(trend_part, id=TREND_ID),
            dbc.Row(
                [
                    dbc.Col(html.Div(map_part, id=MAP_ID), xs=12, lg=7),
                    dbc.Col(
                        html.Div(
                            maatregelen_list(events, error, lang), id=MAATREGELEN_ID
                        ),
                        xs=12,
                        lg=5,
                    ),
                ]
            ),
        ],
        lang=lang,
    )


def update(
    measure: str | None,
    period: str | None,
    area_id: str | None,
    lang: str | None,
    triggered: str | None = None,
):
    """The callback body (tests call it directly): new choice -> new view and URL.

    When the measure changes, the chosen week stays if the new measure has it;
    otherwise the latest period of the new measure is chosen.
    """
    service = state.service()
    lang = language(lang)
    query = {"maat": measure, "gebied": area_id, "lang": lang}
    if triggered != MEASURE_ID or period in {
        o["value"] for o in period_options(service, measure or DEFAULT_MEASURE)
    }:
        query["periode"] = period
    vs, periods = resolve(service, query)
    map_part, trend_part, summary_part, note_part = view(
        service, vs.values["maat"], vs.values["periode"], vs.values["gebied"], lang
    )
    return (
        periods,
        vs.values["periode"],
        vs.values["gebied"],
        map_part,
        trend_part,
        summary_part,
        note_part,
        notices(vs.notices, lang),
        search_string(_query(vs)),
    )


@dash.callback(
    Output(PERIOD_ID, "options"),
    Output(PERIOD_ID, "value"),
    Output(AREA_ID, "value"),
    Output(MAP_ID, "children"),
    Output(TREND_ID, "children"),
    Output(SUMMARY_ID, "children"),
    Output(LEVEL_NOTE_ID, "children"),
    Output(NOTICES_ID, "children"),
    Output(URL_ID, "search"),
    Input(MEASURE_ID, "value"),
    Input(PERIOD_ID, "value"),
    Input(AREA_ID, "value"),
    State(LANG_ID, "data"),
    prevent_initial_call=True,
)
def _on_choice(measure, period, area_id, lang):
    measure, period, area_id, lang = map(text_value, (measure, period, area_id, lang))
    return update(measure, period, area_id, lang, ctx.triggered_id)


# The rendered response depends only on the request and the data version.
memoise_outputs(MAP_ID)

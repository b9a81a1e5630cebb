"""The Corona page's cards: map, trend with the measures, summary, the burden per
wave and the list of measures.

Why here: the page module wires the controls to ``views.corona`` and lays these out;
the cards only draw what the service and the view give them (one place for the
words: the catalogs' ``corona.*`` messages).
"""

from __future__ import annotations

from datetime import timedelta

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard.messages import _
from data_sources.maatregelen import read_maatregelen
from data_sources.periods import parse_period

from ..areas import NL
from ..figures.maps import choropleth_figure
from ..figures.snapshots import snapshot_figure
from ..figures.trend import Line, trend_figure
from ..formatting import format_value
from ..notes import exc_text, note_text
from ..periods_text import period_label, period_range
from ..services import QueryError, Service
from ..views import corona as corona_views
from ..views import events as events_view
from ..views.corona import SNAPSHOT_MEASURES
from ..views.gebied import gebieden_counts
from ..views.sources import source_lines
from .common import chart_card
from .downloads import chart_export
from .static_table import static_table

MAP_CARD = "corona-kaart"
TREND_CARD = "corona-reeks"
BURDEN_ID = "corona-ziektelast"
GEOJSON = "/geo/gemeenten.json"


# -- measures timeline --------------------------------------------------------


def timeline_events() -> tuple[pd.DataFrame, str | None]:
    """The measures as events (views.events, shared with the trend card), read
    through this module's name so a test can hand in a broken file."""
    return events_view.timeline_events(read_maatregelen)


chart_events = events_view.chart_events


def maatregelen_list(events: pd.DataFrame, error: str | None, lang: str) -> html.Div:
    if error:
        return html.P(
            f"{_('corona.timeline_error', lang)}: {error}",
            className="small text-danger",
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
                        html.A(f"({_('corona.source_link', lang)})", href=row.source),
                    ]
                ),
            ]
        )
        for row in events.itertuples()
    ]
    return html.Details(
        [
            html.Summary(_("corona.measures_list", lang)),
            html.Div(
                html.Table(
                    [
                        html.Caption(
                            _("corona.measures_list", lang), className="visually-hidden"
                        ),
                        html.Thead(
                            html.Tr(
                                [
                                    html.Th(_("corona.date", lang), scope="col"),
                                    html.Th(
                                        _("corona.measure_short", lang), scope="col"
                                    ),
                                    html.Th(_("corona.description", lang), scope="col"),
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
                **{"aria-label": _("corona.measures_list", lang)},
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
    title = f"{indicator.title.get(lang)} {_('corona.map', lang)}"
    try:
        frame = service.map_values(measure, "gemeente", period)
    except QueryError as exc:
        return html.Section([html.H2(title, className="h5"), _muted(str(exc))])
    label = period_label(period, lang)
    figure = choropleth_figure(
        frame,
        GEOJSON,
        indicator.map_bins,
        unit,
        indicator.decimals,
        outline_ids=_gebied_gemeenten(service),
        lang=lang,
    )
    table = static_table(
        frame,
        {"area_name": _("app.gemeente", lang), "area_id": "Code", "value": unit},
        caption=f"{title}, {label}",
        decimals={"value": indicator.decimals},
        missing=_("app.no_data", lang),
        lang=lang,
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
            [_("corona.outline", lang).format(**gebieden_counts(service))],
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
    title = f"{indicator.title.get(lang)}: {area.name} {_('corona.vs_nl', lang)}"
    try:
        series, national = _series_pair(service, measure, area_id)
    except QueryError as exc:
        return html.Section([html.H2(title, className="h5"), _muted(str(exc))])
    nl_name = _("app.nederland", lang)
    lines = [
        Line(area.name, _line_kind(area.level), series),
        Line(nl_name, "nederland", national),
    ]
    known = pd.concat([series, national]).dropna(subset=["value"])
    if not len(known):
        return html.Section(
            [html.H2(title, className="h5"), _muted(_("app.no_data", lang))]
        )
    notes = []
    if measure in SNAPSHOT_MEASURES:
        figure = snapshot_figure(lines, unit, decimals, lang)
        labels = (period_label(p, lang) for p in known["period"])
        subtitle = f"{unit} · " + ", ".join(dict.fromkeys(labels))
        notes.append(_("corona.snapshots", lang))
    else:
        events, error = timeline_events()
        figure = trend_figure(
            lines, unit, decimals, events=chart_events(events), lang=lang
        )
        _highlight(figure, period)
        figure.update_yaxes(automargin=True)
        ordered = known.sort_values("period_start")
        span = period_range(ordered["period"].iloc[0], ordered["period"].iloc[-1], lang)
        subtitle = f"{unit} · {span}"
        notes.append(
            f"{_('corona.timeline_error', lang)}: {error}"
            if error
            else _("corona.events", lang)
        )
    notes.extend(_series_notes(series, national, period, nl_name, lang))
    table_frame = series[["period", "period_start", "period_label", "value"]].merge(
        national[["period", "value"]].rename(columns={"value": "nl"}),
        on="period",
        how="outer",
    )
    table_frame = table_frame.sort_values("period", ascending=False)
    table_frame["period_label"] = [period_label(p, lang) for p in table_frame["period"]]
    table = static_table(
        table_frame,
        {"period_label": _("app.period", lang), "value": area.name, "nl": nl_name},
        caption=f"{title} ({unit})",
        decimals={"value": decimals, "nl": decimals},
        missing=_("app.no_data", lang),
        lang=lang,
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
    # the shape add_vrect makes, without its subplot search (a third of the trend
    # card's time on a first pass)
    figure.add_shape(
        type="rect",
        xref="x",
        yref="y domain",
        x0=pd.Timestamp(parsed.start),
        x1=pd.Timestamp(parsed.end + timedelta(days=1)),
        y0=0,
        y1=1,
        fillcolor="#8fcae7",
        opacity=0.35,
        line={"width": 0},
        layer="below",
    )


def _series_notes(
    series: pd.DataFrame,
    national: pd.DataFrame,
    period: str,
    nl_name: str,
    lang: str = "nl",
) -> list[str]:
    """Level notes and the coverage of the chosen period, for area and Nederland."""
    notes = []
    note = series["level_note"].iloc[0] if len(series) else ""
    if note:
        notes.append(f"{series['area_name'].iloc[0]}: {note_text(note, lang)}.")
    nl_note = national["level_note"].iloc[0] if len(national) else ""
    if nl_note:
        notes.append(f"{nl_name}: {note_text(nl_note, lang)}.")
    for frame, name in ((series, None), (national, nl_name)):
        row = frame[frame["period"] == period]
        if len(row) and row.iloc[0]["coverage"]:
            who = name or row.iloc[0]["area_name"]
            coverage = note_text(row.iloc[0]["coverage"], lang)
            notes.append(f"{who}, {row.iloc[0]['period_label']}: {coverage}.")
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
            parts.append(exc_text(exc, lang))
            continue
        row = series[series["period"] == period]
        name = series["area_name"].iloc[0] if len(series) else target
        if not len(row):
            parts.append(f"{name}: {_('app.no_data', lang)}")
            continue
        value = row.iloc[0]["value"]
        reason = row.iloc[0]["missing_reason"]
        text = format_value(
            None if pd.isna(value) else float(value),
            indicator.decimals,
            unit,
            missing=note_text(reason, lang)
            if isinstance(reason, str)
            else _("app.no_data", lang),
            lang=lang,
        )
        if row.iloc[0]["estimate"] and not pd.isna(value):
            text += f" ({_('app.estimate', lang)})"
        parts.append(f"{name}: {text}")
    return html.P(
        [html.Strong(period_label(period, lang) + ": "), "; ".join(parts)],
        className="mb-2",
    )


def level_note(service: Service, measure: str, area_id: str, lang: str = "nl"):
    try:
        series = service.series(measure, area_id)
    except QueryError:
        return None
    note = series["level_note"].iloc[0] if len(series) else ""
    if not note:
        return None
    return dbc.Alert(
        f"{series['area_name'].iloc[0]}: {note_text(note, lang)}.",
        color="info",
        className="py-2 mb-2",
    )


def burden_section(service: Service, measure: str, area_id: str, wave, lang: str):
    """The burden per wave of the chosen gemeente and the ranking in the wave."""
    burden = corona_views.burden_view(service, measure, area_id, wave, lang)
    parts: list = [html.H2(burden.title, className="h5", id=f"{BURDEN_ID}-title")]
    if burden.reason:
        return html.Section([*parts, _muted(burden.reason)])
    line = corona_views.burden_line(burden, lang)
    if line:
        parts.append(html.P(line))
    number = {
        "decimals": {"per_100k": 1, "nederland": 1},
        "cell_class": {"verschil": "text-end text-nowrap"},
    }
    if len(burden.per_wave):
        parts.append(
            html.Div(
                static_table(
                    burden.per_wave,
                    {
                        "label": _("corona.col.wave", lang),
                        "per_100k": burden.area_name,
                        "nederland": _("corona.col.nl", lang),
                        "verschil": _("corona.col.difference", lang),
                        "rang_text": _("corona.col.rank", lang),
                    },
                    caption=_(
                        "corona.per_wave_caption",
                        lang,
                        title=burden.title,
                        area=burden.area_name,
                    ),
                    missing=_("app.no_data", lang),
                    **number,
                    lang=lang,
                ),
                id=f"{BURDEN_ID}-golven",
                className="table-responsive",
                tabIndex="0",  # scrolls sideways at 375 px: reachable by keyboard
                role="group",
                **{"aria-label": burden.title},
            )
        )
    if len(burden.ranking):
        parts.append(
            html.Div(
                static_table(
                    burden.ranking,
                    {
                        "rang": _("corona.col.place", lang),
                        "area_name": _("corona.col.gemeente", lang),
                        "per_100k": service.indicator(burden.measure).unit.get(lang),
                        "nederland": _("corona.col.nl", lang),
                        "verschil": _("corona.col.difference", lang),
                    },
                    caption=_(
                        "corona.ranking_caption",
                        lang,
                        wave=burden.wave_label,
                        **gebieden_counts(service),
                    ),
                    missing=_("app.no_data", lang),
                    **number,
                    lang=lang,
                ),
                id=f"{BURDEN_ID}-rangorde",
                className="table-responsive",
                tabIndex="0",
                role="group",
                **{"aria-label": f"{burden.title}: {burden.wave_label}"},
            )
        )
    indicator = service.indicator(burden.measure)
    footer = source_lines(service, [indicator], burden.notes, lang)
    parts.append(
        html.Footer([html.P(x, className="small text-muted mb-0") for x in footer])
    )
    return html.Section(
        parts,
        className="card card-body mb-3",
        **{"aria-labelledby": f"{BURDEN_ID}-title"},
    )


def shown_line(service: Service, choice) -> html.P:
    """Which week (and wave) the map and summary show, and why it opened there."""
    if choice.period is None:
        return html.P()
    label = period_label(choice.period, choice.lang)
    wave = (
        _(
            "corona.shown_wave",
            choice.lang,
            wave=service.waves().wave(choice.wave).label_in(choice.lang),
        )
        if choice.wave
        else ""
    )
    return html.P(
        [
            html.Strong(_("corona.shown", choice.lang, period=label, wave=wave)),
            " ",
            _("corona.opening", choice.lang),
        ],
        className="small mb-1",
    )


def view(service: Service, choice):
    """Everything that depends on the choice: map, chart, summary, level note, the
    shown line and the burden."""
    measure, period, area_id, lang = (
        choice.measure,
        choice.period,
        choice.area,
        choice.lang,
    )
    burden = burden_section(service, measure, area_id, choice.wave, lang)
    if period is None:
        message = (
            f"{service.indicator(measure).title.get(lang)}: {_('app.no_data', lang)}"
        )
        return (_muted(message), _muted(message), None, None, html.P(), burden)
    return (
        map_card(service, measure, period, lang),
        trend_card(service, measure, period, area_id, lang),
        summary(service, measure, period, area_id, lang),
        level_note(service, measure, area_id, lang),
        shown_line(service, choice),
        burden,
    )

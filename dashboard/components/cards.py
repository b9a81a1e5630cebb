"""The shared cards: map, trend, ranking and key figures, laid out from view models.

Why: every page that shows a map, a trend or a ranking shows it the same way (title,
unit and period, the figure, an HTML legend, a table alternative, the "Bron: ..."
lines and the download menu), and what a card shows is what ``exports/charts`` draws,
because both take the figure from the same view model (``dashboard/views``).
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard.messages import _

from ..formatting import PLAIN_UNITS, format_number, format_value
from ..periods_text import period_label
from ..services import Service
from ..views.key_figures import KeyFigure
from ..views.maps import MAP_HEIGHT, MapView
from ..views.rankings import RankingView
from ..views.sources import source_lines
from ..views.trends import TrendView
from .common import chart_card, data_table
from .downloads import chart_export


def _with_id(card_id: str, card: html.Section) -> html.Section:
    card.id = card_id  # on the section itself, for tests and links
    return card


def unavailable_card(card_id: str, title: str, reason: str) -> html.Section:
    return html.Section(
        [
            html.H2(title, className="h5"),
            html.P(
                reason, id=f"{card_id}-reden", className="text-muted small fst-italic"
            ),
        ],
        id=card_id,
        className="card card-body mb-3",
    )


def map_legend(figure, unit: str, lang: str) -> html.Div:
    """The map classes as an HTML legend under the map (wraps on a phone), in place
    of Plotly's colour bar, which takes half the width of a small screen."""
    trace = figure.data[0]
    labels = list(trace.colorbar.ticktext)
    colours = [pair[1] for pair in trace.colorscale[::2]]
    trace.showscale = False
    items = [
        html.Li(
            [
                html.Span(
                    className="d-inline-block border me-1 align-middle",
                    style={"width": "1.1em", "height": "1.1em", "background": colour},
                ),
                label,
            ],
            className="list-inline-item small me-3",
        )
        for colour, label in zip(colours, labels)
    ]
    return html.Div(
        [
            html.Span(f"{unit}: ", className="small fw-semibold me-1"),
            html.Ul(items, className="list-inline d-inline mb-0"),
        ],
        className="mt-1",
        role="group",
        **{"aria-label": _("map.legend", lang, unit=unit)},
    )


def map_card(
    service: Service, card_id: str, view: MapView | str, title: str, lang: str
) -> html.Section:
    """The map of a view model, or why there is none (``view`` is then the reason)."""
    if isinstance(view, str):
        return unavailable_card(card_id, title, view)
    indicator = view.indicator
    figure = view.figure()
    legend = map_legend(figure, view.unit, lang)
    marked = set(view.outline)
    yes, no = _("common.yes", lang), _("common.no", lang)
    frame = view.frame.assign(
        marked=[yes if a in marked else no for a in view.frame["area_id"]]
    ).sort_values("value", ascending=False, na_position="last")
    if view.level == "gemeente":
        frame = frame.dropna(subset=["value"])
    wijk = view.level == "wijk"
    table = data_table(
        frame,
        {
            "area_name": _("map.col_wijk" if wijk else "map.col_gemeente", lang),
            "value": f"{_('common.value', lang)} ({view.unit})",
            "marked": _("map.col_in_gebied" if wijk else "map.col_has_gebied", lang),
        },
        caption=f"{view.title}, {view.period_label}",
        decimals={"value": indicator.decimals},
        missing=_("common.no_data", lang),
        lang=lang,
    )
    card = chart_card(
        card_id,
        view.title,
        view.subtitle,
        figure,
        table,
        source_lines(service, [indicator], view.notes, lang),
        lang,
        height=MAP_HEIGHT,
        export=chart_export(
            service,
            [indicator.id],
            list(view.frame["area_id"]),
            [view.period],
            "map",
            lang,
            subject=view.subject,
        ),
    )
    card.children.insert(2, legend)  # after the graph, before the table
    return _with_id(card_id, card)


def trend_table(view: TrendView, lang: str) -> html.Table:
    merged = None
    lines = view.drawn
    for n, line in enumerate(lines):
        part = line.frame[["period", "period_start", "period_label", "value"]].rename(
            columns={"value": f"v{n}"}
        )
        merged = (
            part
            if merged is None
            else merged.merge(
                part, on=["period", "period_start", "period_label"], how="outer"
            )
        )
    merged = merged.sort_values("period_start", ascending=False)
    merged["period_label"] = [period_label(p, lang) for p in merged["period"]]
    columns = {"period_label": _("common.period", lang)}
    columns.update({f"v{n}": line.label for n, line in enumerate(lines)})
    return data_table(
        merged,
        columns,
        caption=_("trend.caption", lang, title=view.title) + f" ({view.unit})",
        decimals={f"v{n}": view.indicator.decimals for n in range(len(lines))},
        missing=_("common.no_data", lang),
        lang=lang,
    )


def trend_card(
    service: Service, card_id: str, view: TrendView, lang: str
) -> html.Section:
    heading = (
        "trend.heading_single" if view.drawn and view.single_period else "trend.heading"
    )
    title = _(heading, lang, title=view.title)
    if not view.drawn:
        return unavailable_card(
            card_id, title, " ".join(view.notes) or _("common.no_data", lang)
        )
    notes = view.notes_shown
    if view.single_period:
        notes.append(_("trend.one_period", lang))
    return _with_id(
        card_id,
        chart_card(
            card_id,
            title,
            view.subtitle,
            view.figure(),
            trend_table(view, lang),
            source_lines(service, [view.indicator], notes, lang),
            lang,
            export=chart_export(
                service,
                [view.indicator.id],
                [line.area_id for line in view.drawn],
                None,
                "trend",
                lang,
            ),
        ),
    )


def ranking_card(
    service: Service, card_id: str, view: RankingView | str, title: str, lang: str
) -> html.Section:
    if isinstance(view, str):
        return unavailable_card(card_id, title, view)
    indicator = view.indicator
    table = data_table(
        view.frame,
        {
            "rank": _("ranking.rank", lang),
            "area_name": _("ranking.area", lang),
            "value": f"{_('common.value', lang)} ({view.unit})",
            "note": _("common.note", lang),
        },
        caption=f"{view.title}, {period_label(view.period, lang)}",
        decimals={"value": indicator.decimals, "rank": 0},
        missing=_("common.no_data", lang),
        lang=lang,
    )
    choice = _(
        f"ranking.choice_{view.choice}", lang, n=len(service.registry.gebieden())
    )
    return _with_id(
        card_id,
        chart_card(
            card_id,
            view.title,
            f"{view.subtitle} · {choice}",
            view.figure(),
            table,
            source_lines(service, [indicator], view.notes, lang),
            lang,
            export=chart_export(
                service,
                [indicator.id],
                list(view.frame["area_id"]),
                [view.period],
                "ranking",
                lang,
            ),
        ),
    )


def _value_parts(value: float, decimals: int, unit: str, lang: str) -> list:
    """'14,2' large with ' per 100.000 inwoners' small; '53%' stays together; a CBS
    unit like 'x 1 000' as the plain number a reader writes (405.000)."""
    number = format_number(value, decimals, lang=lang)
    if unit in ("aantal", "number"):
        return [number]
    if unit == "%" or unit in PLAIN_UNITS:  # '53%', '€ 240.000'
        return [format_value(value, decimals, unit, lang=lang)]
    return [number, html.Span(" " + unit, className="fs-6 fw-normal text-nowrap")]


def key_figure_row(
    id_prefix: str,
    figures: list[KeyFigure],
    indicator,
    period: str | None,
    lang: str,
) -> html.Div:
    """One small card per key figure; the number's id is ``<id_prefix>-<kind>``."""
    unit = indicator.unit.get(lang)
    cols = []
    for figure in figures:
        shown = (
            _("common.no_data", lang)
            if figure.value is None or pd.isna(figure.value)
            else _value_parts(figure.value, indicator.decimals, unit, lang)
        )
        cols.append(
            dbc.Col(
                html.Div(
                    [
                        html.Div(figure.label, className="small text-muted"),
                        html.Div(
                            shown,
                            id=f"{id_prefix}-{figure.kind}",
                            className="fs-4 fw-bold",
                            **{
                                "data-value": ""
                                if figure.value is None
                                else repr(figure.value)
                            },
                        ),
                        html.Div(figure.note, className="small text-muted"),
                    ],
                    className="border rounded p-2 h-100",
                ),
                xs=12,
                sm=6,
                lg=3,
                className="mb-2",
            )
        )
    label = (
        {"aria-label": f"{indicator.title.get(lang)}, {period_label(period, lang)}"}
        if period
        else {}
    )
    return html.Div(
        dbc.Row(cols, className="g-2"), role="group", className="mb-3", **label
    )

"""The Overzicht's gap table laid out: filters, the table, what cannot be answered.

Why a component of its own: the page only wires the filters to
``views.overzicht.gap_view``; this module turns that view model into an accessible
table (caption, column and row headers, right-aligned numbers), the download menu
(CSV and Excel of the same view model) and the grouped reasons.
"""

from __future__ import annotations

from urllib.parse import urlencode

from dash import html

from dashboard.messages import _

from ..notes import note_text
from ..services import Service
from ..views.overzicht import (
    AFTER_YEARS,
    BEFORE_YEARS,
    SORTS,
    GapFilters,
    GapView,
    meaning_cell,
    periods_cell,
    unit_cell,
    value_cells,
)
from .common import radio_group, scroll_region
from .downloads import download_menu, gap_spec
from .dropdowns import labelled_dropdown

PREFIX = "overzicht-kloof"
SORT = f"{PREFIX}-sorteer"
DOMAIN = f"{PREFIX}-domein"
GEBIED = f"{PREFIX}-gebied"
BEFORE = f"{PREFIX}-voor"
AFTER = f"{PREFIX}-na"
BODY = f"{PREFIX}-body"
TABLE = f"{PREFIX}-tabel"
REASONS = f"{PREFIX}-redenen"
NUMERIC = ("before", "after", "change")


def _dropdown(control_id, label, options, value, placeholder, lang, searchable=False):
    return labelled_dropdown(
        lang,
        label,
        className="col-12 col-md-6 col-xl-3 mb-2",
        id=control_id,
        options=options,
        value=value,
        clearable=True,
        searchable=searchable,
        placeholder=placeholder,
    )


def _years(years: list[str], chosen: str | None) -> list[dict]:
    options = [{"label": y, "value": y} for y in years]
    if chosen and chosen not in years:  # a CBS key from the URL (2020MM04)
        options.append({"label": chosen, "value": chosen})
    return options


def controls(service: Service, filters: GapFilters, lang: str, n: int) -> html.Div:
    default = _("kloof.default_pair", lang)
    return html.Div(
        [
            html.Div(
                radio_group(
                    SORT,
                    _("kloof.sort", lang),
                    [{"label": _(f"kloof.sort.{s}", lang), "value": s} for s in SORTS],
                    filters.sort,
                ),
                className="col-12 mb-1",
            ),
            _dropdown(
                DOMAIN,
                _("kloof.domain", lang),
                [
                    {"label": d.title.get(lang), "value": d.id}
                    for d in service.catalogue.domains
                ],
                filters.domain,
                _("kloof.all_domains", lang),
                lang,
            ),
            _dropdown(
                GEBIED,
                _("kloof.gebied", lang),
                [{"label": a.name, "value": a.id} for a in service.registry.gebieden()],
                filters.gebied,
                _("kloof.all_gebieden", lang, n=n),
                lang,
                searchable=True,
            ),
            _dropdown(
                BEFORE,
                _("kloof.before", lang),
                _years(BEFORE_YEARS, filters.before),
                filters.before,
                default,
                lang,
            ),
            _dropdown(
                AFTER,
                _("kloof.after", lang),
                _years(AFTER_YEARS, filters.after),
                filters.after,
                default,
                lang,
            ),
        ],
        className="row",
    )


def _row(service: Service, row: dict, lang: str) -> html.Tr:
    indicator = service.indicator(row["indicator"])
    before, after, change = value_cells(row, indicator.decimals, lang)
    gebied = [row["area_name"]]
    if row["level_note"]:  # the note under the table says what it means
        level = _("kloof.gemeente_level", lang)
        gebied += [html.Br(), html.Small(level, className="text-muted")]
    end = {"className": "text-end text-nowrap"}
    return html.Tr(
        [
            html.Th(gebied, scope="row", className="fw-normal"),
            html.Td(
                [
                    indicator.title.get(lang),
                    " ",
                    html.Small(f"({unit_cell(row, lang, indicator.unit)})"),
                ]
            ),
            html.Td(note_text(row["reference_name"], lang)),
            html.Td(periods_cell(row, lang), className="text-nowrap"),
            html.Td(before, **end),
            html.Td(after, **end),
            html.Td(change, **end),
            html.Td(meaning_cell(row, lang)),
        ],
        **{
            "data-area": row["area_id"],
            "data-indicator": row["indicator"],
            "data-after": row["period_after"],
        },
    )


def table(service: Service, view: GapView, lang: str) -> html.Table:
    keys = ("gebied", "indicator", "reference", "periods", *NUMERIC, "meaning")
    header = html.Tr(
        [
            html.Th(
                _(f"kloof.col.{k}", lang),
                scope="col",
                className="text-end" if k in NUMERIC else None,
            )
            for k in keys
        ]
    )
    rows = [_row(service, r, lang) for r in view.shown.to_dict(orient="records")]
    return html.Table(
        [
            html.Caption(_("kloof.caption", lang, n=len(rows), total=len(view.frame))),
            html.Thead(header),
            html.Tbody(rows),
        ],
        id=TABLE,
        className="table table-sm table-striped small",
    )


def reasons(view: GapView, lang: str) -> html.Div:
    if not view.reasons:
        return html.Div(id=REASONS)
    return html.Div(
        [
            html.H3(_("kloof.not_heading", lang), className="h6 mt-3"),
            *[
                html.Details(
                    [
                        html.Summary(f"{group.heading} ({len(group.lines)})"),
                        html.Ul(
                            [html.Li(line) for line in group.lines], className="small"
                        ),
                    ],
                    open=index == 0,
                    **{"data-reason": group.code},
                )
                for index, group in enumerate(view.reasons)
            ],
        ],
        id=REASONS,
    )


def body(service: Service, view: GapView, lang: str) -> list:
    """What the filters change: periods line, download menu, table, reasons, sources."""
    title = _("kloof.download", lang)
    periods = _("kloof.periods", lang, periods=view.periods_text)
    parts: list = [
        html.Div(
            [
                html.P(periods, className="small mb-1"),
                download_menu(
                    PREFIX,
                    gap_spec(service, view.filters.query(), view.indicators, lang),
                    title,
                    periods,
                    view.sources,
                    lang,
                    formats=("csv", "xlsx", "link"),
                ),
            ],
            className="d-flex justify-content-between align-items-start gap-2",
        )
    ]
    if len(view.frame):
        parts.append(scroll_region(table(service, view, lang), title))
        if len(view.shown) < len(view.frame):
            parts.append(
                html.P(
                    [
                        _(
                            "kloof.first_rows",
                            lang,
                            n=len(view.shown),
                            total=len(view.frame),
                        ),
                        " ",
                        html.A(
                            _("kloof.all_rows", lang, total=len(view.frame)),
                            href="?"
                            + urlencode(
                                {
                                    k: v
                                    for k, v in {
                                        **view.filters.query(),
                                        "kloof_rijen": "alle",
                                    }.items()
                                    if v
                                }
                            )
                            + f"#{PREFIX}",
                            id=f"{PREFIX}-alle",
                        ),
                    ],
                    className="small",
                )
            )
    else:
        parts.append(html.P(_("kloof.none", lang), className="text-muted"))
    parts.append(reasons(view, lang))
    parts.append(
        html.Footer(
            [html.P(line, className="small text-muted mb-0") for line in view.sources]
        )
    )
    return parts

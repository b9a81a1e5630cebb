"""The gebied page's parts: its texts, the definition block, the key figures per
domain (the gebied's own figures and its gemeente's apart) and the brief button.

Why a module of its own: the page (``pages/gebied.py``) only places these and wires
its callbacks; the numbers come from the view models (``views/gebied_profile.py``,
``views/gebied.py``), so the page does no data work.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from ..areas import gebied_status
from ..messages import _
from ..notes import exc_text, note_text
from ..services import QueryError
from ..views import gebied as gebied_views
from ..views import policy
from ..views.gebied import gebieden_counts
from ..views.gebied_profile import Card, DomainProfile, gebied_profile, period_text
from .cards import map_card, trend_card, unavailable_card
from .dropdowns import labelled_dropdown
from .key_figures import (
    card_footnote,
    difference_text,
    direction_text,
    is_missing,
    marks_sup,
    missing_domain,
    section_notes,
    trend,
    value_text,
)

MAP = "gebied-kaart"
TREND = "gebied-trend"
CONTEXT_TREND = "gebied-landelijk"
DEFINITION = "gebied-definitie"
FIGURES = "gebied-kerncijfers"
DOMAIN = "gebied-domein-{}"
UNKNOWN = "gebied-onbekend"
BRIEF_BUTTON = "gebied-brief-knop"
BRIEF_DOWNLOAD = "gebied-brief-download"
BRIEF_STATUS = "gebied-brief-status"


def _suffix(lang: str) -> str:
    return "?lang=en" if lang == "en" else ""


# ----------------------------------------------------------------- definition


def unknown_gebied(service, gebied_id, lang: str) -> html.Div:
    """A helpful message with links to the 16 gebieden (a normal page, status 200)."""
    shown = repr(str(gebied_id)[:40])
    return html.Div(
        [
            html.H1(_("gebied.unknown_title", lang)),
            html.P(
                _("gebied.unknown", lang).format(id=shown, **gebieden_counts(service))
            ),
            html.Ul(
                [
                    html.Li(html.A(a.name, href=f"/gebied/{a.id}{_suffix(lang)}"))
                    for a in service.registry.gebieden()
                ]
            ),
        ],
        id=UNKNOWN,
    )


def definition(service, area, lang: str) -> html.Section:
    """Name, gemeente, wijken with names, confidence in words, reason, codes, source."""
    registry = service.registry
    gemeente = registry.areas.get(area.gemeente)
    gemeente_name = gemeente.name if gemeente else (area.gemeente or "")
    status = gebied_status(area, lang)
    meta = area.meta or {}
    parts: list = [
        html.P(
            [html.Strong(f"{_('gebied.gemeente', lang)}: "), gemeente_name],
            className="mb-1",
        ),
        html.P(
            [html.Strong(f"{_('gebied.status', lang)}: "), status],
            className="mb-1 gebied-status",
        ),
    ]
    if area.wijken:
        wijken = [
            html.Li(
                f"{code} {registry.areas[code].name}"
                if code in registry.areas
                else code
            )
            for code in area.wijken
        ]
        parts.append(
            html.P(html.Strong(_("gebied.wijken", lang) + ":"), className="mb-0")
        )
        parts.append(html.Ul(wijken, className="mb-1 gebied-wijken"))
    else:
        parts.append(html.P(_("gebied.no_codes", lang), className="mb-1"))
    if meta.get("wijk_names"):
        parts.append(
            html.P(
                [
                    html.Strong(f"{_('gebied.programme_names', lang)}: "),
                    ", ".join(meta["wijk_names"]),
                ],
                className="mb-1",
            )
        )
    if meta.get("optional"):
        optional = [
            f"{code} {registry.areas[code].name}" if code in registry.areas else code
            for code in meta["optional"]
        ]
        parts.append(
            html.P(
                [html.Strong(f"{_('gebied.optional', lang)}: "), ", ".join(optional)],
                className="mb-1",
            )
        )
    reason = "confidence_reason_en" if lang == "en" else "confidence_reason"
    codes = "codes_note_en" if lang == "en" else "codes_note"
    for key, label in (
        (reason if meta.get(reason) else "confidence_reason", _("gebied.why", lang)),
        (codes if meta.get(codes) else "codes_note", _("gebied.codes_note", lang)),
        ("source", _("gebied.source", lang)),
    ):
        if meta.get(key):
            parts.append(
                html.P(
                    [html.Strong(f"{label}: "), str(meta[key])],
                    className="small mb-1",
                )
            )
    return html.Section(
        parts,
        id=DEFINITION,
        className="border rounded p-2 mb-3 bg-light",
        style={"overflowWrap": "anywhere"},  # long source URLs wrap on a phone
        **{"aria-label": _("gebied.composition", lang)},
    )


# --------------------------------------------------------------- key figures


def _pair(label: str, value, extra=None) -> list:
    return [
        html.Dt(label, className="col-6 fw-normal text-muted"),
        html.Dd(
            [value, *([html.Br(), extra] if extra else [])],
            className="col-6 text-end mb-1",
        ),
    ]


def indicator_card(card: Card, lang: str) -> dbc.Col:
    """One indicator: its value with its markers, Nederland and the difference, the
    gemeente and the rest (own figures only), the trend, one short footnote."""
    indicator, row = card.indicator, card.row
    unit = indicator.unit.get(lang)
    decimals = indicator.decimals
    value = row["value"]
    if is_missing(value):
        shown = note_text(row.get("missing_reason"), lang) or _("app.no_data", lang)
    else:
        shown = value_text(value, decimals, unit, lang)
    # A count (inhabitants, dwellings) minus the national count says nothing.
    diff = row["difference_from_nl"] if policy.compares_with_nl(indicator) else None
    direction = direction_text(diff, decimals, indicator.polarity, lang)
    arrow = trend(card.change, card.previous, decimals, lang)
    pairs = _pair(
        _("gebied.col_nl", lang), value_text(row["netherlands"], decimals, unit, lang)
    )
    if policy.compares_with_nl(indicator):
        pairs += _pair(
            _("gebied.col_difference", lang),
            difference_text(diff, decimals, unit, lang)
            if not is_missing(diff)
            else "–",
            html.Span(direction, className="small text-muted") if direction else None,
        )
    if policy.has_gebied_figure(indicator):  # the gemeente block is the gemeente
        pairs += _pair(
            _("gebied.col_gemeente", lang),
            value_text(row["municipality"], decimals, unit, lang),
        )
    if policy.has_rest_figure(indicator):
        pairs += _pair(
            _("gebied.col_rest", lang),
            value_text(row["rest_of_municipality"], decimals, unit, lang),
        )
    return dbc.Col(
        html.Article(
            [
                html.H4(indicator.title.get(lang), className="h6 mb-0"),
                html.P(period_text(row, lang), className="small text-muted mb-1"),
                html.P(
                    [
                        html.Span(shown, className="key-value"),
                        marks_sup(card.marks),
                    ],
                    className="fs-4 fw-bold mb-1",
                ),
                html.Dl(pairs, className="row small mb-1"),
                html.P(arrow, className="small mb-1") if arrow is not None else None,
                card_footnote(card.marks, lang),
                # two "laag inkomen" figures side by side say how they differ
                html.P(indicator.contrast.get(lang), className="small fst-italic mb-0")
                if indicator.contrast
                else None,
            ],
            className="border rounded p-2 h-100 key-figure",
            **{"data-indicator": indicator.id},
        ),
        xs=12,
        md=6,
        xl=4,
        className="mb-2",
    )


def _domain_section(profile: DomainProfile, area, gemeente: str, lang: str):
    domain = profile.domain
    section_id = DOMAIN.format(domain.id)
    heading_id = section_id + "-title"
    body: list = []
    if profile.empty:
        body.append(missing_domain(domain, lang))
    else:
        body.append(
            dbc.Row([indicator_card(card, lang) for card in profile.own])
            if profile.own
            else html.P(
                _("profile.own_none", lang, area=area.name),
                className="small text-muted",
            )
        )
    if profile.gemeente:
        block_id = section_id + "-gemeente"
        body.append(
            html.Section(
                [
                    html.H4(
                        _("gebied.kloof.gemeente_block", lang, gemeente=gemeente),
                        id=block_id + "-title",
                        className="h6 mt-2",
                    ),
                    dbc.Row([indicator_card(card, lang) for card in profile.gemeente]),
                ],
                id=block_id,
                className="gemeente-block",
                **{"aria-labelledby": block_id + "-title"},
            )
        )
    body.append(section_notes([*profile.footnotes, *profile.sources]))
    return html.Section(
        [html.H3(domain.title.get(lang), id=heading_id, className="h5"), *body],
        id=section_id,
        className="card card-body mb-3",
        **{"aria-labelledby": heading_id},
    )


def key_figures(service, area, lang: str) -> html.Section:
    """Per domain the gebied's own key figures, then its gemeente's in a block
    titled with the level; footnotes and sources once per domain."""
    try:
        profiles = gebied_profile(service, area, lang)
    except QueryError as exc:
        return html.Section(
            html.P(exc_text(exc, lang), className="text-muted small"), id=FIGURES
        )
    gemeente = service.registry.areas.get(area.gemeente or "")
    name = gemeente.name if gemeente else str(area.gemeente or "")
    return html.Section(
        [
            html.H2(_("gebied.key_heading", lang), className="h4 mt-3"),
            html.P(_("gebied.key_intro", lang), className="text-muted small"),
            *[_domain_section(p, area, name, lang) for p in profiles],
        ],
        id=FIGURES,
    )


def brief_block(lang: str) -> html.Div:
    """The download button for the PDF brief, with what it holds and a live status."""
    return html.Div(
        [
            html.Button(
                _("gebied.brief", lang),
                id=BRIEF_BUTTON,
                type="button",
                className="btn btn-outline-primary btn-sm me-2",
                **{"aria-describedby": BRIEF_BUTTON + "-uitleg"},
            ),
            html.Span(
                _("gebied.brief_help", lang),
                id=BRIEF_BUTTON + "-uitleg",
                className="small text-muted",
            ),
            dcc.Loading(
                html.Div(
                    id=BRIEF_STATUS,
                    role="status",
                    className="small mt-1",
                    **{"aria-live": "polite"},
                ),
                type="dot",
            ),
            dcc.Download(id=BRIEF_DOWNLOAD),
        ],
        className="mb-3",
    )


def select(id_: str, label: str, options, value, lang: str) -> html.Div:
    return labelled_dropdown(
        lang, label, id=id_, options=options, value=value, clearable=False
    )


# ------------------------------------------------------------- map and trend


def map_section(service, area, indicator_id: str | None, lang: str):
    gemeente = service.registry.areas.get(area.gemeente)
    name = gemeente.name if gemeente else str(area.gemeente)
    title = _("gebied.map_heading", lang)
    if indicator_id is None or gemeente is None:
        return unavailable_card(
            MAP, title, _("gebied.map_none", lang).format(gemeente=name)
        )
    try:
        view = gebied_views.gebied_map(service, area, indicator_id, lang)
    except QueryError as exc:
        view = exc_text(exc, lang)
    return map_card(service, MAP, view, title, lang)


def trend_section(
    service, area, indicator_id: str | None, lang: str, measures: bool = False
):
    if indicator_id is None:
        return html.P(_("gebied.trend_none", lang), className="text-muted small")
    view = gebied_views.gebied_trend(service, area, indicator_id, lang, measures)
    return trend_card(service, TREND, view, lang)


def context_section(service, indicator_id: str | None, lang: str, measures: bool):
    """A national series (bijstand, WW, AO, werkloosheid per maand) as context."""
    if indicator_id is None:
        return html.P(_("common.no_data", lang), className="text-muted small")
    view = gebied_views.national_trend(service, indicator_id, lang, measures)
    return trend_card(service, CONTEXT_TREND, view, lang)


def chosen_section(heading: str, control, body, body_id: str, intro=None) -> list:
    """A heading, its control (a select) and the body the control redraws."""
    return [
        html.H2(heading, className="h4 mt-4"),
        html.P(intro, className="small text-muted") if intro else None,
        dbc.Row(dbc.Col(control, xs=12, md=6)),
        html.Div(body, id=body_id, **{"aria-live": "polite"}),
    ]

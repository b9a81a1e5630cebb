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
from ..i18n import t
from ..services import QueryError
from ..views import gebied as gebied_views
from ..views import policy
from ..views.gebied import gebieden_counts
from ..views.gebied_profile import Card, DomainProfile, gebied_profile, period_text
from ..views.text import text
from .cards import map_card, trend_card, unavailable_card
from .key_figures import (
    card_footnote,
    difference_text,
    direction_text,
    dropdown_labels,
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

TEXT = {
    "unknown_title": {"nl": "Onbekend gebied", "en": "Unknown area"},
    "unknown": {
        "nl": "Het gebied {id} bestaat niet in dit dashboard. Kies een van de {n} "
        "stedelijke vernieuwingsgebieden:",
        "en": "The area {id} does not exist in this dashboard. Choose one of the {n} "
        "urban renewal areas:",
    },
    "choose": {"nl": "Kies een ander gebied", "en": "Choose another area"},
    "brief": {
        "nl": "Download gebiedsprofiel (PDF, 1 pagina)",
        "en": "Download area brief (PDF, 1 page, in Dutch)",
    },
    "brief_help": {
        "nl": "Kerncijfers per domein, coronakloof, kaart, trend en bronnen op één A4.",
        "en": "Key figures per domain, corona gap, map, trend and sources on one A4.",
    },
    "brief_done": {
        "nl": "Gebiedsprofiel {name} is gedownload.",
        "en": "Area brief {name} downloaded.",
    },
    "brief_failed": {
        "nl": "Het gebiedsprofiel kon niet worden gemaakt: {reason}",
        "en": "The area brief could not be made: {reason}",
    },
    "gemeente": {"nl": "Gemeente", "en": "Municipality"},
    "composition": {"nl": "Samenstelling", "en": "Composition"},
    "status": {"nl": "Zekerheid", "en": "Certainty"},
    "wijken": {
        "nl": "CBS-wijken (indeling 2021) die samen het gebied vormen",
        "en": "CBS wijken (2021 division) that together form the area",
    },
    "programme_names": {
        "nl": "Namen in het programma",
        "en": "Names used by the programme",
    },
    "optional": {
        "nl": "Mogelijk ook (niet meegeteld)",
        "en": "Possibly also (not counted)",
    },
    "why": {"nl": "Toelichting", "en": "Explanation"},
    "codes_note": {"nl": "Over de codes", "en": "About the codes"},
    "source": {"nl": "Bron van de samenstelling", "en": "Source of the composition"},
    "no_codes": {
        "nl": "Voor dit gebied zijn geen CBS-wijkcodes bekend; er zijn daarom geen "
        "gebiedscijfers, alleen cijfers van de gemeente.",
        "en": "No CBS wijk codes are known for this area, so there are no area figures, "
        "only municipal ones.",
    },
    "key_heading": {"nl": "Kerncijfers per domein", "en": "Key figures per domain"},
    "key_intro": {
        "nl": "Laatste periode per indicator. Het gebied naast Nederland, de gemeente en "
        "de rest van de gemeente (de gemeente zonder het gebied). Een pijl staat er "
        "alleen als het cijfer meer veranderde dan de afronding.",
        "en": "Latest period per indicator. The area next to the Netherlands, the "
        "municipality and the rest of the municipality. An arrow is shown only when the "
        "figure changed by more than rounding.",
    },
    "col_nl": {"nl": "Nederland", "en": "Netherlands"},
    "col_gemeente": {"nl": "Gemeente", "en": "Municipality"},
    "col_rest": {"nl": "Rest van de gemeente", "en": "Rest of municipality"},
    "col_difference": {
        "nl": "Verschil met Nederland",
        "en": "Difference with the Netherlands",
    },
    "map_heading": {
        "nl": "Het gebied in zijn gemeente",
        "en": "The area in its municipality",
    },
    "map_label": {"nl": "Indicator op de kaart", "en": "Indicator on the map"},
    "map_none": {
        "nl": "Geen wijkcijfers voor {gemeente} in deze gegevensset.",
        "en": "No wijk figures for {gemeente} in this data set.",
    },
    "trend_heading": {"nl": "Ontwikkeling in de tijd", "en": "Development over time"},
    "trend_label": {"nl": "Indicator in de grafiek", "en": "Indicator in the chart"},
    "trend_none": {
        "nl": "Geen indicator met meer dan één periode voor dit gebied.",
        "en": "No indicator with more than one period for this area.",
    },
}


def _t(key: str, lang: str) -> str:
    entry = TEXT.get(key)
    if entry is None:
        return t(key, lang)
    return entry.get(lang, entry["nl"])


def _suffix(lang: str) -> str:
    return "?lang=en" if lang == "en" else ""


# ----------------------------------------------------------------- definition


def unknown_gebied(service, gebied_id, lang: str) -> html.Div:
    """A helpful message with links to the 16 gebieden (a normal page, status 200)."""
    shown = repr(str(gebied_id)[:40])
    return html.Div(
        [
            html.H1(_t("unknown_title", lang)),
            html.P(_t("unknown", lang).format(id=shown, **gebieden_counts(service))),
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
    status = gebied_status(area)
    meta = area.meta or {}
    parts: list = [
        html.P(
            [html.Strong(f"{_t('gemeente', lang)}: "), gemeente_name],
            className="mb-1",
        ),
        html.P(
            [html.Strong(f"{_t('status', lang)}: "), status],
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
        parts.append(html.P(html.Strong(_t("wijken", lang) + ":"), className="mb-0"))
        parts.append(html.Ul(wijken, className="mb-1 gebied-wijken"))
    else:
        parts.append(html.P(_t("no_codes", lang), className="mb-1"))
    if meta.get("wijk_names"):
        parts.append(
            html.P(
                [
                    html.Strong(f"{_t('programme_names', lang)}: "),
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
                [html.Strong(f"{_t('optional', lang)}: "), ", ".join(optional)],
                className="mb-1",
            )
        )
    reason = "confidence_reason_en" if lang == "en" else "confidence_reason"
    codes = "codes_note_en" if lang == "en" else "codes_note"
    for key, label in (
        (reason if meta.get(reason) else "confidence_reason", "why"),
        (codes if meta.get(codes) else "codes_note", "codes_note"),
        ("source", "source"),
    ):
        if meta.get(key):
            parts.append(
                html.P(
                    [html.Strong(f"{_t(label, lang)}: "), str(meta[key])],
                    className="small mb-1",
                )
            )
    return html.Section(
        parts,
        id=DEFINITION,
        className="border rounded p-2 mb-3 bg-light",
        style={"overflowWrap": "anywhere"},  # long source URLs wrap on a phone
        **{"aria-label": _t("composition", lang)},
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
        shown = row.get("missing_reason") or t("no_data", lang)
    else:
        shown = value_text(value, decimals, unit, lang)
    # A count (inhabitants, dwellings) minus the national count says nothing.
    diff = row["verschil_met_nederland"] if policy.compares_with_nl(indicator) else None
    direction = direction_text(diff, decimals, indicator.polarity, lang)
    arrow = trend(card.change, card.previous, decimals, lang)
    pairs = _pair(
        _t("col_nl", lang), value_text(row["nederland"], decimals, unit, lang)
    )
    if policy.compares_with_nl(indicator):
        pairs += _pair(
            _t("col_difference", lang),
            difference_text(diff, decimals, unit, lang)
            if not is_missing(diff)
            else "–",
            html.Span(direction, className="small text-muted") if direction else None,
        )
    if policy.has_gebied_figure(indicator):  # the gemeente block is the gemeente
        pairs += _pair(
            _t("col_gemeente", lang), value_text(row["gemeente"], decimals, unit, lang)
        )
    if policy.has_rest_figure(indicator):
        pairs += _pair(
            _t("col_rest", lang),
            value_text(row["rest_van_gemeente"], decimals, unit, lang),
        )
    return dbc.Col(
        html.Article(
            [
                html.H4(indicator.title.get(lang), className="h6 mb-0"),
                html.P(period_text(row), className="small text-muted mb-1"),
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
                text("profile.own_none", lang, area=area.name),
                className="small text-muted",
            )
        )
    if profile.gemeente:
        block_id = section_id + "-gemeente"
        body.append(
            html.Section(
                [
                    html.H4(
                        text("gebied.kloof.gemeente_block", lang, gemeente=gemeente),
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
        return html.Section(html.P(str(exc), className="text-muted small"), id=FIGURES)
    gemeente = service.registry.areas.get(area.gemeente or "")
    name = gemeente.name if gemeente else str(area.gemeente or "")
    return html.Section(
        [
            html.H2(_t("key_heading", lang), className="h4 mt-3"),
            html.P(_t("key_intro", lang), className="text-muted small"),
            *[_domain_section(p, area, name, lang) for p in profiles],
        ],
        id=FIGURES,
    )


def brief_block(lang: str) -> html.Div:
    """The download button for the PDF brief, with what it holds and a live status."""
    return html.Div(
        [
            html.Button(
                _t("brief", lang),
                id=BRIEF_BUTTON,
                type="button",
                className="btn btn-outline-primary btn-sm me-2",
                **{"aria-describedby": BRIEF_BUTTON + "-uitleg"},
            ),
            html.Span(
                _t("brief_help", lang),
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
    return html.Div(
        [
            html.Label(label, htmlFor=id_, className="form-label"),
            dcc.Dropdown(
                id=id_,
                options=options,
                value=value,
                clearable=False,
                searchable=True,
                labels=dropdown_labels(lang),
            ),
        ],
        className="mb-2",
    )


# ------------------------------------------------------------- map and trend


def map_section(service, area, indicator_id: str | None, lang: str):
    gemeente = service.registry.areas.get(area.gemeente)
    name = gemeente.name if gemeente else str(area.gemeente)
    title = _t("map_heading", lang)
    if indicator_id is None or gemeente is None:
        return unavailable_card(MAP, title, _t("map_none", lang).format(gemeente=name))
    try:
        view = gebied_views.gebied_map(service, area, indicator_id, lang)
    except QueryError as exc:
        view = str(exc)
    return map_card(service, MAP, view, title, lang)


def trend_section(
    service, area, indicator_id: str | None, lang: str, measures: bool = False
):
    if indicator_id is None:
        return html.P(_t("trend_none", lang), className="text-muted small")
    view = gebied_views.gebied_trend(service, area, indicator_id, lang, measures)
    return trend_card(service, TREND, view, lang)


def context_section(service, indicator_id: str | None, lang: str, measures: bool):
    """A national series (bijstand, WW, AO, werkloosheid per maand) as context."""
    if indicator_id is None:
        return html.P(text("common.no_data", lang), className="text-muted small")
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

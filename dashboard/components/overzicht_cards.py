"""The Overzicht's first sections laid out: latest data and the domain cards.

Why here: the page composes; the figures come from ``views.overzicht_sections`` (the
service's comparison and its coverage rule), the words from ``views/text.py``.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from data_sources.periods import period_label_nl

from ..formatting import format_date
from ..i18n import t
from ..views import overzicht_sections as sections
from ..views import policy
from ..views.gebied import gebieden_counts
from ..views.sources import source_lines
from ..views.text import TEXT, text
from .key_figures import (
    difference_text,
    direction_text,
    is_missing,
    missing_domain,
    notes_of,
    value_text,
)

UPDATED = "overzicht-laatste-gegevens"
DOMAIN_CARD = "overzicht-domein-{}"


def _t(key: str, lang: str) -> str:
    """The page's words (views/text.py, ``overzicht.*``), else the shared i18n key."""
    name = f"overzicht.{key}"
    return text(name, lang) if name in TEXT else t(key, lang)


def latest_data(service, lang: str) -> html.Section:
    """Newest fetched-at and the newest source dates (views.overzicht_sections)."""
    facts = sections.latest_data(service)
    items = []
    if facts is None:
        items.append(html.Li(t("no_data", lang)))
    else:
        origin = _t("snapshot", lang) if facts.origin == "snapshot" else facts.origin
        items.append(
            html.Li(
                f"{_t('fetched', lang)}: {format_date(facts.fetched_at)} ({origin})"
            )
        )
        if facts.cbs_modified:
            items.append(
                html.Li(
                    f"{_t('cbs_modified', lang)}: {format_date(facts.cbs_modified)} "
                    f"(tabel {facts.cbs_table}, {facts.cbs_title})"
                )
            )
        if facts.corona_modified:
            items.append(
                html.Li(
                    f"{_t('corona_source', lang)} {format_date(facts.corona_modified)}"
                )
            )
    return html.Section(
        [
            html.H2(t("updated", lang), className="h6 mb-1"),
            html.Ul(items, className="small mb-1"),
            html.A(
                _t("all_sources", lang),
                href="/over" + ("?lang=en" if lang == "en" else ""),
                className="small",
            ),
        ],
        id=UPDATED,
        className="border rounded p-2 mb-3 bg-light",
        **{"aria-label": t("updated", lang)},
    )


def _figure_block(service, comparison: dict, lang: str) -> html.Div:
    indicator = service.indicator(comparison["indicator"])
    unit = indicator.unit.get(lang)
    decimals = indicator.decimals
    # A count minus the national count says nothing: no difference for counts.
    diff = (
        comparison["verschil_met_nederland"]
        if policy.compares_with_nl(indicator)
        else None
    )
    notes = notes_of(comparison, lang)
    return html.Div(
        [
            html.H4(indicator.title.get(lang), className="h6 mb-0"),
            html.P(
                period_label_nl(comparison["period"]), className="small text-muted mb-1"
            ),
            html.P(
                value_text(comparison["value"], decimals, unit, lang),
                className="fs-4 fw-bold mb-0 key-value",
            ),
            html.P(
                [
                    f"{_t('nl_value', lang)}: ",
                    html.Span(
                        value_text(comparison["nederland"], decimals, unit, lang),
                        className="key-nl",
                    ),
                ],
                className="mb-0 small",
            ),
            html.P(
                [
                    f"{_t('difference', lang)}: ",
                    html.Span(
                        difference_text(diff, decimals, unit, lang),
                        className="key-difference",
                    ),
                    (
                        f" – {direction_text(diff, decimals, indicator.polarity, lang)}"
                        if not is_missing(diff)
                        else ""
                    ),
                ],
                className="mb-1 small",
            ),
            *[html.P(note, className="small text-muted mb-0") for note in notes],
        ],
        className="key-figure mb-2",
        **{"data-indicator": indicator.id},
    )


def domain_card(service, domain, lang: str) -> dbc.Col:
    figures, partial = sections.domain_figures(service, domain)
    reason = (
        _t("partial", lang).format(coverage=partial, **gebieden_counts(service))
        if partial
        else None
    )
    heading_id = DOMAIN_CARD.format(domain.id) + "-title"
    if figures:
        body = [_figure_block(service, c, lang) for c in figures]
        indicators = [service.indicator(c["indicator"]) for c in figures]
        footer = source_lines(service, indicators, language=lang)
        body.append(
            html.Footer(
                [html.P(line, className="small text-muted mb-0") for line in footer],
                className="mt-auto pt-1 border-top",
            )
        )
    else:
        body = [missing_domain(domain, lang, reason)]
    more = html.A(
        f"{_t('more', lang)} {domain.title.get(lang).lower()}",
        href=f"/domein/{domain.id}" + ("?lang=en" if lang == "en" else ""),
        className="small d-block mt-2",
    )
    return dbc.Col(
        html.Section(
            [
                html.H3(domain.title.get(lang), id=heading_id, className="h5"),
                *body,
                more,
            ],
            id=DOMAIN_CARD.format(domain.id),
            className="card card-body h-100",
            **{"aria-labelledby": heading_id},
        ),
        xs=12,
        md=6,
        xl=4,
        className="mb-3",
    )

"""The Overzicht's first sections laid out: latest data and the domain cards.

Why here: the page composes; the figures come from ``views.overzicht_sections`` (the
service's comparison and its coverage rule), the words from the catalogs (``overzicht.*``).
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.messages import _

from ..formatting import format_date
from ..notes import note_text
from ..periods_text import period_label
from ..views import overzicht_sections as sections
from ..views import policy
from ..views.gebied import gebieden_counts
from ..views.gebied_profile import ESTIMATE, GEMEENTE, marks_of, used_marks
from ..views.sources import source_lines
from ..wording import word
from .key_figures import (
    card_footnote,
    difference_text,
    direction_text,
    is_missing,
    marks_sup,
    missing_domain,
    section_notes,
    value_text,
)

UPDATED = "overzicht-laatste-gegevens"
DOMAIN_CARD = "overzicht-domein-{}"
KEY_NOTES = "overzicht-kerncijfers-toelichting"


def latest_data(service, lang: str) -> html.Section:
    """Newest fetched-at and the newest source dates (views.overzicht_sections)."""
    facts = sections.latest_data(service)
    items = []
    if facts is None:
        items.append(html.Li(_("app.no_data", lang)))
    else:
        origin = (
            _("overzicht.snapshot", lang)
            if facts.origin == "snapshot"
            else facts.origin
        )
        items.append(
            html.Li(
                f"{_('overzicht.fetched', lang)}: {format_date(facts.fetched_at)} ({origin})"
            )
        )
        if facts.cbs_modified:
            items.append(
                html.Li(
                    f"{_('overzicht.cbs_modified', lang)}: {format_date(facts.cbs_modified)} "
                    f"(tabel {facts.cbs_table}, {facts.cbs_title})"
                )
            )
        if facts.corona_modified:
            items.append(
                html.Li(
                    f"{_('overzicht.corona_source', lang)} {format_date(facts.corona_modified)}"
                )
            )
    return html.Section(
        [
            html.H2(_("app.updated", lang), className="h6 mb-1"),
            html.Ul(items, className="small mb-1"),
            html.A(
                _("overzicht.all_sources", lang),
                href="/over" + ("?lang=en" if lang == "en" else ""),
                className="small",
            ),
        ],
        id=UPDATED,
        className="border rounded p-2 mb-3 bg-light",
        **{"aria-label": _("app.updated", lang)},
    )


def _coverage(comparison: dict, lang: str) -> list[str]:
    coverage = comparison.get("coverage")
    if isinstance(coverage, str) and coverage:
        return [f"{word('coverage', lang)}: {note_text(coverage, lang)}"]
    return []


def _figure_block(service, comparison: dict, lang: str) -> html.Div:
    """One figure: value with its markers, Nederland, the difference and one short
    footnote (markers and coverage); the long estimate and source paragraphs are
    said once under the section (``key_figures``)."""
    indicator = service.indicator(comparison["indicator"])
    unit = indicator.unit.get(lang)
    decimals = indicator.decimals
    # A count minus the national count says nothing: no difference for counts.
    diff = (
        comparison["difference_from_nl"] if policy.compares_with_nl(indicator) else None
    )
    marks = marks_of(indicator, comparison)
    return html.Div(
        [
            html.H4(indicator.title.get(lang), className="h6 mb-0"),
            html.P(
                period_label(comparison["period"], lang),
                className="small text-muted mb-1",
            ),
            html.P(
                [
                    html.Span(
                        value_text(comparison["value"], decimals, unit, lang),
                        className="key-value",
                    ),
                    marks_sup(marks),
                ],
                className="fs-4 fw-bold mb-0",
            ),
            html.P(
                [
                    f"{_('overzicht.nl_value', lang)}: ",
                    html.Span(
                        value_text(comparison["netherlands"], decimals, unit, lang),
                        className="key-nl",
                    ),
                ],
                className="mb-0 small",
            ),
            html.P(
                [
                    f"{_('overzicht.difference', lang)}: ",
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
            card_footnote(marks, lang, _coverage(comparison, lang)),
        ],
        className="key-figure mb-2",
        **{"data-indicator": indicator.id},
    )


def domain_card(service, domain, lang: str, found=None) -> dbc.Col:
    """A domain's card; ``found`` is ``sections.domain_figures`` when the caller
    has it already (``key_figures`` lists the sources of all cards once)."""
    figures, partial = found or sections.domain_figures(service, domain)
    reason = (
        _("overzicht.partial", lang).format(
            coverage=note_text(partial, lang), **gebieden_counts(service)
        )
        if partial
        else None
    )
    heading_id = DOMAIN_CARD.format(domain.id) + "-title"
    if figures:
        body = [_figure_block(service, c, lang) for c in figures]
    else:
        body = [missing_domain(domain, lang, reason)]
    more = html.A(
        f"{_('overzicht.more', lang)} {domain.title.get(lang).lower()}",
        href=f"/domein/{domain.id}" + ("?lang=en" if lang == "en" else ""),
        className="small d-block mt-auto pt-2",
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


def key_figures(service, lang: str) -> tuple[list[dbc.Col], html.Footer | None]:
    """The domain cards, and under them once: what the markers mean (¹ schatting,
    ² gemeentecijfer) and the sources of every figure shown, the tables linked
    (``section_notes``, the gebied page's component)."""
    cards, shown, marks = [], [], []
    for domain in service.catalogue.domains:
        found = sections.domain_figures(service, domain)
        cards.append(domain_card(service, domain, lang, found))
        for comparison in found[0]:
            indicator = service.indicator(comparison["indicator"])
            shown.append(indicator)
            marks.append(marks_of(indicator, comparison))
    keys = {
        ESTIMATE: "overzicht.mark_estimate_note",
        GEMEENTE: "overzicht.mark_gemeente_note",
    }
    counts = gebieden_counts(service)
    explained = [_(keys[m], lang, **counts) for m in used_marks(marks)]
    sources = source_lines(service, shown, language=lang) if shown else []
    return cards, section_notes([*explained, *sources], KEY_NOTES)

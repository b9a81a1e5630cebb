"""Key figures in words: a value against Nederland, the difference, the trend, the notes.

Shared by the Overzicht and Gebied pages so both say the same thing the same way:
a difference between percentages is in procentpunt, a trend arrow is shown only when
the change is larger than rounding noise and always comes with a word, and a domain
without data names the CBS table that would fill it.
"""

from __future__ import annotations

import re

from dash import html

from dashboard.messages import _
from dashboard.periods_text import period_label
from data_sources.catalogue import Domain

from ..wording import (
    COUNT_UNITS,
    difference_text,
    direction_text,
    is_missing,
    noise,
    notes_of,
    value_text,
    word,
)

# pages not yet moved to dashboard.wording import these here
__all__ = [
    "COUNT_UNITS",
    "difference_text",
    "direction_text",
    "is_missing",
    "notes_of",
    "value_text",
]

STATLINE = "https://opendata.cbs.nl/#/CBS/nl/dataset/{table}/table"
# "tabel 85318NED" in a source line: a CBS table id (five digits, three letters)
CBS_TABLE = re.compile(r"(?<=tabel )(\d{5}[a-z]{3})\b", re.IGNORECASE)
# The words of a card's markers (views.gebied_profile.marks_of), short.
MARK_WORDS = {"¹": "profile.mark_estimate", "²": "profile.mark_gemeente"}


def marks_sup(marks: list[str]) -> html.Sup | None:
    """The markers beside a value ('47,4%¹'), explained once under the section."""
    return html.Sup(",".join(marks), className="ms-1 key-marks") if marks else None


def card_footnote(marks: list[str], lang: str = "nl", extra=()) -> html.P | None:
    """One short footnote per card: '¹ schatting · ² gemeentecijfer' (and e.g. the
    coverage); what a marker means and where the figures come from is said once
    per section (``section_notes``), not on every card."""
    parts = [_(MARK_WORDS[mark], lang) for mark in marks] + [e for e in extra if e]
    if not parts:
        return None
    return html.P(" · ".join(parts), className="small text-muted mb-0 key-footnote")


def linked_source(line: str) -> list:
    """A source line with its CBS table ids as links to StatLine."""
    parts: list = []
    last = 0
    for match in CBS_TABLE.finditer(line):
        parts.append(line[last : match.start()])
        table = match.group(1)
        parts.append(html.A(table, href=STATLINE.format(table=table)))
        last = match.end()
    parts.append(line[last:])
    return [part for part in parts if part != ""]


def section_notes(lines, section_id: str | None = None) -> html.Footer | None:
    """A section's marker explanations and sources, once, the tables linked."""
    lines = list(dict.fromkeys(line for line in lines if line))
    if not lines:
        return None
    extra = {"id": section_id} if section_id else {}
    return html.Footer(
        [
            html.P(linked_source(line), className="small text-muted mb-0")
            for line in lines
        ],
        className="section-notes mt-1",
        **extra,
    )


def trend(
    change: float | None, previous: str | None, decimals: int, lang: str = "nl"
) -> html.Span | None:
    """An arrow with a word ('↑ gestegen sinds 2021'), or 'gelijk gebleven' within noise.

    Never colour alone: the word carries the meaning, the arrow is decorative.
    """
    if change is None or previous is None:
        return None
    since = f"{word('since', lang)} {period_label(previous, lang)}"
    if abs(change) <= noise(decimals):
        return html.Span(f"{word('flat', lang)} {since}", className="trend trend-flat")
    up = change > 0
    return html.Span(
        [
            html.Span("↑ " if up else "↓ ", **{"aria-hidden": "true"}),
            f"{word('up' if up else 'down', lang)} {since}",
        ],
        className="trend " + ("trend-up" if up else "trend-down"),
    )


def missing_domain(domain: Domain, lang: str = "nl", reason: str | None = None):
    """'geen gegevens in deze gegevensset' with the CBS table(s) that would fill it;
    with a ``reason`` (some wijken do have figures) that reason is the heading, so
    the card does not say "geen gegevens" and then "3 van 80 wijken hebben cijfers"."""
    heading = reason or _("app.no_data_set", lang)
    parts = [html.P(heading, className="fw-semibold mb-1")]
    if domain.note is not None:
        parts.append(html.P(domain.note.get(lang), className="small mb-1"))
    if domain.online_tables:
        links = []
        for index, table in enumerate(domain.online_tables):
            if index:
                links.append(", ")
            links.append(html.A(table, href=STATLINE.format(table=table)))
        parts.append(
            html.P([word("online", lang), " ", *links], className="small mb-0")
        )
    return html.Div(parts, className="text-muted missing-domain")


def text_table(
    rows: list[dict],
    columns: dict[str, str],
    caption: str,
    numeric: tuple[str, ...] = (),
    table_id: str | None = None,
) -> html.Table:
    """A small accessible table of preformatted text; numeric columns right-aligned."""
    header = html.Thead(
        html.Tr(
            [
                html.Th(
                    label, scope="col", className="text-end" if k in numeric else None
                )
                for k, label in columns.items()
            ]
        )
    )
    body = []
    for row in rows:
        cells = []
        for index, key in enumerate(columns):
            value = row.get(key, "")
            if index == 0:
                cells.append(html.Th(value, scope="row", className="fw-normal"))
            else:
                cells.append(
                    html.Td(value, className="text-end" if key in numeric else None)
                )
        body.append(html.Tr(cells))
    extra = {"id": table_id} if table_id else {}
    return html.Table(
        [html.Caption(caption), header, html.Tbody(body)],
        className="table table-sm table-striped",
        **extra,
    )

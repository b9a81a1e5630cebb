"""Key figures in words: a value against Nederland, the difference, the trend, the notes.

Shared by the Overzicht and Gebied pages so both say the same thing the same way:
a difference between percentages is in procentpunt, a trend arrow is shown only when
the change is larger than rounding noise and always comes with a word, and a domain
without data names the CBS table that would fill it.
"""

from __future__ import annotations

import math

from dash import html

from data_sources.catalogue import Domain
from data_sources.periods import period_label_nl

from ..formatting import PLAIN_UNITS, format_number, format_value
from ..i18n import t

COUNT_UNITS = ("aantal", "number")
STATLINE = "https://opendata.cbs.nl/#/CBS/nl/dataset/{table}/table"

WORDS = {
    "procentpunt": {"nl": "procentpunt", "en": "percentage points"},
    "higher": {"nl": "hoger dan Nederland", "en": "higher than the Netherlands"},
    "lower": {"nl": "lager dan Nederland", "en": "lower than the Netherlands"},
    "same": {"nl": "gelijk aan Nederland", "en": "equal to the Netherlands"},
    "worse": {"nl": "ongunstig", "en": "unfavourable"},
    "better": {"nl": "gunstig", "en": "favourable"},
    "up": {"nl": "gestegen", "en": "risen"},
    "down": {"nl": "gedaald", "en": "fallen"},
    "flat": {"nl": "gelijk gebleven", "en": "unchanged"},
    "since": {"nl": "sinds", "en": "since"},
    "estimate": {
        "nl": "schatting (gewogen met een benaderde basis)",
        "en": "estimate (weighted with an approximate base)",
    },
    "coverage": {"nl": "dekking", "en": "coverage"},
    "online": {
        "nl": "Online te vullen met CBS-tabel",
        "en": "Could be filled online from CBS table",
    },
}


def word(key: str, lang: str = "nl") -> str:
    entry = WORDS[key]
    return entry.get(lang, entry["nl"])


def is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def noise(decimals: int) -> float:
    """Half a unit in the last shown decimal: smaller changes are rounding noise."""
    return 0.5 * 10 ** (-decimals)


def value_text(value, decimals: int, unit: str, lang: str = "nl") -> str:
    return format_value(value, decimals, unit, missing=t("no_data", lang))


def difference_text(value, decimals: int, unit: str, lang: str = "nl") -> str:
    """'+7,4 procentpunt', '-€ 76.900', '0'; 'geen gegevens' when missing."""
    if is_missing(value):
        return t("no_data", lang)
    if abs(value) < noise(decimals):
        value = 0.0
    number = format_number(abs(value), decimals)
    sign = "+" if value > 0 else ("-" if value < 0 else "")
    if unit in PLAIN_UNITS:  # '-€ 76.900', not '-76,9 x 1 000 euro'
        return sign + format_value(abs(value), decimals, unit)
    if unit in COUNT_UNITS:
        return f"{sign}{number}"
    suffix = word("procentpunt", lang) if unit == "%" else unit
    return f"{sign}{number} {suffix}"


def direction_text(difference, decimals: int, polarity: str, lang: str = "nl") -> str:
    """'hoger dan Nederland (ongunstig)': the direction in words, judged by polarity."""
    if is_missing(difference):
        return ""
    if abs(difference) < noise(decimals):
        return word("same", lang)
    higher = difference > 0
    text = word("higher" if higher else "lower", lang)
    if polarity == "higher_is_worse":
        text += f" ({word('worse' if higher else 'better', lang)})"
    elif polarity == "higher_is_better":
        text += f" ({word('better' if higher else 'worse', lang)})"
    return text


def trend(
    change: float | None, previous: str | None, decimals: int, lang: str = "nl"
) -> html.Span | None:
    """An arrow with a word ('↑ gestegen sinds 2021'), or 'gelijk gebleven' within noise.

    Never colour alone: the word carries the meaning, the arrow is decorative.
    """
    if change is None or previous is None:
        return None
    since = f"{word('since', lang)} {period_label_nl(previous)}"
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


def notes_of(row: dict, lang: str = "nl") -> list[str]:
    """Estimate, coverage and level notes of a comparison or series row."""
    notes = []
    if row.get("estimate"):
        notes.append(word("estimate", lang))
    coverage = row.get("coverage")
    if isinstance(coverage, str) and coverage:
        notes.append(f"{word('coverage', lang)}: {coverage}")
    level = row.get("level_note")
    if isinstance(level, str) and level:
        notes.append(level)
    return notes


def missing_domain(domain: Domain, lang: str = "nl", reason: str | None = None):
    """'geen gegevens in deze gegevensset' with the CBS table(s) that would fill it."""
    parts = [html.P(t("no_data_set", lang), className="fw-semibold mb-1")]
    if reason:
        parts.append(html.P(reason, className="small mb-1"))
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


DROPDOWN_LABELS = {
    "nl": {
        "select_all": "Alles kiezen",
        "deselect_all": "Niets kiezen",
        "selected_count": "{num_selected} gekozen",
        "search": "Zoeken",
        "clear_search": "Zoekterm wissen",
        "clear_selection": "Keuze wissen",
        "no_options_found": "Niets gevonden",
    },
    "en": {
        "select_all": "Select all",
        "deselect_all": "Deselect all",
        "selected_count": "{num_selected} selected",
        "search": "Search",
        "clear_search": "Clear search",
        "clear_selection": "Clear selection",
        "no_options_found": "No options found",
    },
}


def dropdown_labels(lang: str = "nl") -> dict:
    """Texts inside dcc.Dropdown (Dash 4 shows English by default)."""
    return DROPDOWN_LABELS.get(lang, DROPDOWN_LABELS["nl"])

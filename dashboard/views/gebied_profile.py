"""The key figures of a gebied per domain: its own figures and its gemeente's apart.

Why: Rotterdam-Zuid's first key figure used to be "Inwoners 673.804", Rotterdam's
number in the gebied's own slot (the gebied has about 209.000). Here a figure that
exists only for the whole gemeente goes into the gemeente's block, never among the
gebied's own figures, and one figure in two wijk indelingen ("Inwoners (wijken
2022)" and "(wijken 2024)") is one card per level. Each card gets short markers
(¹ schatting, ² gemeentecijfer) that the domain explains once, under its sources.
The page and the brief lay this out; no Dash here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from dashboard.messages import _
from data_sources.catalogue import Domain, Indicator

from ..notes import note_text, status_text
from ..periods_text import period_label
from ..services import QueryError, Service
from . import policy
from .sources import source_lines

ESTIMATE, GEMEENTE = "¹", "²"


@dataclass
class Card:
    indicator: Indicator
    row: dict  # Service.comparison of the latest period
    change: float | None = None  # since the previous period (the trend arrow)
    previous: str | None = None
    marks: list[str] = field(default_factory=list)


def period_text(row: dict, lang: str = "nl") -> str:
    """'2025 (voorlopig)': a provisional period is marked wherever it is shown."""
    label = period_label(row["period"], lang)
    status = row.get("status")
    if status in (None, "definitief"):
        return label
    return f"{label} ({status_text(status, lang)})"  # CBS's word, in the language


@dataclass
class DomainProfile:
    domain: Domain
    own: list[Card]  # the gebied's own figures (from its wijken)
    gemeente: list[Card]  # the gemeente's figures (gemeente level only)
    sources: list[str]
    footnotes: list[str]  # what the markers of this domain's cards mean

    @property
    def empty(self) -> bool:
        return not self.own and not self.gemeente


def previous_change(series, period: str) -> tuple[float, str] | None:
    """Change from the previous period with a value to ``period``, with that period."""
    with_value = series[series["value"].notna()]
    keys = list(with_value["period"])
    if period not in keys:
        return None
    index = keys.index(period)
    if index == 0:
        return None
    before = with_value.iloc[index - 1]
    now = with_value.iloc[index]
    return float(now["value"] - before["value"]), str(before["period"])


def same_figure(indicator: Indicator) -> str:
    """'Inwoners (wijken 2024)' and 'Inwoners (wijken 2022)' are one figure in two
    indelingen: the title without its parenthesis, per level."""
    return f"{indicator.level}:{indicator.title.nl.split(' (')[0]}"


def _one_per_figure(cards: list[Card]) -> list[Card]:
    """Of one figure in several indelingen, the card of the latest period."""
    chosen: dict[str, Card] = {}
    for card in cards:
        key = same_figure(card.indicator)
        kept = chosen.get(key)
        if kept is None or str(card.row["period"]) > str(kept.row["period"]):
            chosen[key] = card
    return [card for card in cards if chosen[same_figure(card.indicator)] is card]


def marks_of(indicator: Indicator, row: dict) -> list[str]:
    """The short markers of one figure: ¹ an estimate (weighted with an approximate
    base), ² a figure that exists per gemeente only. Shared by the gebied page, the
    Overzicht and the brief, so a marker means the same everywhere."""
    marks = []
    if row.get("estimate"):
        marks.append(ESTIMATE)
    if not policy.has_gebied_figure(indicator):
        marks.append(GEMEENTE)
    return marks


def used_marks(marks: list[list[str]]) -> list[str]:
    """The markers used by a section's cards, in marker order (¹ before ²)."""
    used = {mark for card_marks in marks for mark in card_marks}
    return [mark for mark in (ESTIMATE, GEMEENTE) if mark in used]


def _card(service: Service, area, row: dict) -> Card:
    indicator = service.indicator(row["indicator"])
    try:
        found = previous_change(service.series(indicator.id, area.id), row["period"])
    except QueryError:
        found = None
    return Card(
        indicator,
        row,
        found[0] if found else None,
        found[1] if found else None,
        marks_of(indicator, row),
    )


def gebied_profile(service: Service, area, lang: str = "nl") -> list[DomainProfile]:
    """Per domain of the catalogue: the gebied's cards, the gemeente's cards, the
    sources once and the footnotes of the markers used (raises QueryError)."""
    profile = service.profile(area.id)
    records = profile.to_dict(orient="records") if len(profile) else []
    gemeente = service.registry.areas.get(area.gemeente or "")
    gemeente_name = gemeente.name if gemeente else str(area.gemeente or "")
    domains = []
    for domain in service.catalogue.domains:
        cards = [_card(service, area, r) for r in records if r["domain"] == domain.id]
        own = _one_per_figure([c for c in cards if GEMEENTE not in c.marks])
        of_gemeente = _one_per_figure([c for c in cards if GEMEENTE in c.marks])
        shown = [c.indicator for c in own + of_gemeente]
        used = used_marks([card.marks for card in own + of_gemeente])
        keys = {ESTIMATE: "profile.estimate", GEMEENTE: "profile.gemeente"}
        footnotes = [_(keys[mark], lang, gemeente=gemeente_name) for mark in used]
        notes = [
            note
            for card in own + of_gemeente
            for note in _coverage_notes(card.row, lang)
        ]
        domains.append(
            DomainProfile(
                domain,
                own,
                of_gemeente,
                source_lines(service, shown, notes, lang) if shown else [],
                footnotes,
            )
        )
    return domains


def _coverage_notes(row: dict, lang: str) -> list[str]:
    """A coverage note (how many wijken or gemeenten are in a figure), once."""
    coverage = row.get("coverage")
    if isinstance(coverage, str) and coverage and not pd.isna(coverage):
        title = row.get("title") or row["indicator"]
        coverage = note_text(coverage, lang)
        return [_("profile.coverage", lang, title=title, coverage=coverage)]
    return []

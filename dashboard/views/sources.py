"""The "Bron: ..." lines under every chart: source and date, secondary source, estimate,
coverage. Plain strings, so the PDF brief and the CLI use them without Dash."""

from __future__ import annotations

from collections.abc import Iterable

from data_sources.catalogue import Indicator

from ..formatting import format_date
from ..messages import _
from ..services import Service


def source_lines(
    service: Service,
    indicators: Iterable[Indicator],
    notes: Iterable[str] = (),
    language: str = "nl",
) -> list[str]:
    lines: list[str] = []
    seen: set[str] = set()
    for indicator in indicators:
        for ref in indicator.inputs:
            if ref.dataset in seen:
                continue
            seen.add(ref.dataset)
            prov = service.provenance(ref.dataset)
            if prov is None:
                missing = _("source.not_loaded", language, dataset=ref.dataset)
                lines.append(_("source.prefix", language, sources=missing))
                continue
            changed = (
                _(
                    "source.changed",
                    language,
                    date=format_date(prov.cbs_modified, language),
                )
                if prov.cbs_modified
                else ""
            )
            where = "snapshot" if prov.origin == "snapshot" else "live"
            lines.append(
                _(
                    "source.line",
                    language,
                    who=prov.attribution.removeprefix("Bron: "),
                    table=prov.table_id,
                    changed=changed,
                    fetched=format_date(prov.fetched_at, language),
                    where=_(f"source.{where}", language),
                    licence=prov.licence,
                )
            )
        if indicator.secondary:
            lines.append(_("source.secondary", language))
        if indicator.is_estimate and indicator.base_note:
            note = indicator.base_note.get(language)
            lines.append(_("source.estimate", language, note=note))
    for note in dict.fromkeys(n for n in notes if n):
        lines.append(note)
    return list(dict.fromkeys(lines))  # e.g. one "Secundaire bron" line for several


def absent_online_tables(service: Service, domain) -> list[str]:
    """The domain's CBS tables that fill it online and are not in this cache: a
    table that is loaded (47018NED offline) is not "niet in deze gegevensset"."""
    sources = service.sources()
    loaded = set(sources["table_id"].str.upper()) if len(sources) else set()
    return [t for t in domain.online_tables if t.upper() not in loaded]


def short_source(service: Service, indicator: Indicator, lang: str = "nl") -> str:
    """'Bron: CBS/Politie, tabel 47018NED; CBS, tabel 03759ned': one short line for a
    small chart whose section lists the full sources once (with dates and licence)."""
    parts = []
    for ref in dict.fromkeys(ref.dataset for ref in indicator.inputs):
        prov = service.provenance(ref)
        if prov is None:
            parts.append(_("source.not_loaded", lang, dataset=ref))
            continue
        who = prov.attribution.removeprefix("Bron: ")
        parts.append(_("source.table", lang, who=who, table=prov.table_id))
    return _("source.prefix", lang, sources="; ".join(dict.fromkeys(parts)))

"""Figures computed when a refresh lands, so no worker computes them per request.

Why: a first view used to wait for a worker to read whole datasets and aggregate
them (a warm-up of 43 s per worker, 0.5-2 s for a view nobody had asked for). The
aggregates do not change until the next refresh, so the refresh computes them once:
every indicator for every area of ``AREA_LEVELS`` (Nederland, today's gemeenten,
veiligheidsregio's, the gebieden, the gebieden together, the rest of each gemeente)
with its periods, coverage, estimate flag and level note (``Service.series``), the
stapeling scores, the coronakloof table, the wave totals, the wijk indicators of
the gebieden's gemeenten (their map choices) and the list of indicators the cache
cannot fill. They are stored under the generation they were computed from
(``Cache.store_precomputed``); ``Service`` reads them through (``_read_through``) and
computes on the fly whatever is not stored, e.g. wijk values for a map.

This module lives in ``dashboard`` because it runs the query service;
``data_sources.refresh`` calls it through its ``after_land`` hook (no Dash import
below ``dashboard``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from data_sources import frames
from data_sources.cache import Cache

from . import gc_policy
from .coronakloof import DEFAULT_PAIR
from .notes import Note, dump_notes, dumps_with_notes
from .services import QueryError, Service
from .services.coronakloof import gap_subject

# The area levels whose series are stored; wijken stay per map, on demand.
# The boundaries of today's gemeenten (the maps' indeling).
CURRENT_GEMEENTEN = "gemeenten_2023"
AREA_LEVELS = (
    "nederland",
    "gemeente",
    "veiligheidsregio",
    "gebied",
    "gebieden",
    "rest",
)


def series_subject(indicator_id: str, area_id: str) -> str:
    return f"{indicator_id}|{area_id}"


def error_payload(exc: QueryError) -> str:
    """A query the data cannot answer, stored so that the reader raises it again
    (with its note's structure, for the English pages, when it has one)."""
    stored = {
        "error": type(exc).__name__,
        "message": str(exc),
        "coverage": getattr(exc, "coverage", None),
    }
    note = exc.args[0] if exc.args else None
    if isinstance(note, Note):
        stored["note"] = note.to_json()
    if isinstance(stored["coverage"], Note):
        stored["coverage_note"] = stored["coverage"].to_json()
    return json.dumps(stored, ensure_ascii=False)


def items(
    service: Service,
    indicator_ids: list[str] | None = None,
    area_ids: list[str] | None = None,
) -> Iterator[tuple[str, str, str]]:
    """(kind, subject, payload) of everything stored for the service's generation
    (only some indicators and areas when asked: tests and benchmarks)."""
    yield "problems", "", json.dumps(service.problems(), ensure_ascii=False)
    areas = area_ids or default_areas(service)
    chosen = [
        i
        for i in service.catalogue.indicators
        if indicator_ids is None or i.id in indicator_ids
    ]
    for indicator in chosen:
        for area_id in areas:
            try:
                payload = frames.dumps(
                    dump_notes(service.series(indicator.id, area_id))
                )
            except QueryError as exc:
                payload = error_payload(exc)
            yield "series", series_subject(indicator.id, area_id), payload
        if indicator.domain == "corona" and indicator.aggregation == "rate":
            try:
                totals = service.wave_totals(indicator.id)
            except QueryError:
                continue
            yield "wave_totals", indicator.id, frames.dumps(dump_notes(totals))
    # the gebied pages' map choices: which wijk indicators their gemeente has
    for gemeente in sorted({a.gemeente for a in service.registry.gebieden()} - {None}):
        yield "wijk_indicators", gemeente, json.dumps(service.wijk_indicators(gemeente))
    # the gebied pages' key figures (every indicator: not for a partial store)
    for gebied in service.registry.gebieden() if indicator_ids is None else []:
        if area_ids is not None and gebied.id not in area_ids:
            continue
        try:
            payload = frames.dumps(dump_notes(service.profile(gebied.id)))
        except (QueryError, ValueError):  # ValueError: a NaN JSON cannot hold
            continue  # computed when asked, as before
        yield "profile", gebied.id, payload
    # the gebied pages' Coronakloof: every indicator, its default pairs and the
    # pair the page opens on (the gebieden's table below reads the first)
    for gebied in service.registry.gebieden():
        if area_ids is not None and gebied.id not in area_ids:
            continue
        for indicator in chosen:
            for pair in ((None, None), DEFAULT_PAIR):
                try:
                    result = service.coronakloof(indicator.id, gebied.id, *pair)
                except QueryError:
                    continue  # computed when asked, as before
                subject = gap_subject(indicator.id, gebied.id, *pair)
                yield "kloof", subject, dumps_with_notes(result)
    yield "stapeling", "", frames.dumps(service.stapeling())
    tabel = service.coronakloof_tabel()
    yield "kloof_tabel", kloof_subject(service), frames.dumps(dump_notes(tabel))


def default_areas(service: Service) -> list[str]:
    """Every area of ``AREA_LEVELS``, the gemeenten of today's map only: the
    registry also holds every gemeente a source ever named (835 against 342), and
    a page opens on today's; the others are computed when asked for."""
    registry = service.registry
    today = set(
        service.cache.current("areas", CURRENT_GEMEENTEN, level="gemeente")["area_code"]
    )
    return [
        a.id
        for level in AREA_LEVELS
        for a in registry.by_level(level)
        if level != "gemeente" or not today or a.id in today
    ]


def kloof_subject(service: Service, area_ids: tuple[str, ...] | None = None) -> str:
    """The coronakloof table is stored for the default areas (every gebied)."""
    return ",".join(area_ids or [a.id for a in service.registry.gebieden()])


def store(
    cache: Cache,
    indicator_ids: list[str] | None = None,
    area_ids: list[str] | None = None,
) -> int:
    """Compute and store the figures of the cache's current generation; returns how
    many were stored (0 when a refresh landed meanwhile: its own hook stores)."""
    # unbounded: it computes every view once and reuses most parts many times
    service = Service(cache, reads_precomputed=False, memo_bytes=None)
    service.checks_each_memo = False  # the versions are compared once, below
    versions = cache.versions()
    with gc_policy.paused():  # 45 s -> 34 s, the same peak memory
        stored = list(
            service.pinned(lambda: list(items(service, indicator_ids, area_ids)))
        )
    if cache.versions() != versions:
        return 0
    return cache.store_precomputed(versions, stored)

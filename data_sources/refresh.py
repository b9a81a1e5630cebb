"""Refresh: fetch each dataset (live, snapshot or auto), validate, write atomically.

``auto`` tries the live catalogs; a catalog that cannot be reached is marked as such
after its first failure and the snapshot is used for its tables, said once per
catalog. A table that fails for another reason (HTTP error, bad answer, a column
the indicators need is gone) fails alone: the other tables still load and the cache
keeps the previous version of the failed one. Whatever a table's failure (also an
unforeseen one: a drifted schema, a damaged file), it is one line naming the table
and the reason; the refresh goes on with the next table.

The tables that loaded land together at the end (``Cache.land``): readers see the
previous generation of the whole cache until then, and the new one after, never a
mix of the two. How each kind of dataset is fetched is the loader registry's job
(``data_sources/loaders.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import requests
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from . import loaders
from .cache import Cache, CacheError, Staged, has_precomputed
from .http import HttpPolicy, describe_error
from .messages import dutch
from .model import NOT_A_NUMBER, LoadedDataset, SourceError
from .settings import Settings
from .validation import validate

DATASETS_FILE = Path(__file__).with_name("datasets.yaml")
Source = Literal["auto", "live", "snapshot"]


class DatasetSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    kind: str  # a kind of the loader registry (data_sources/loaders.py)
    table_id: str
    catalog: str | None = None
    filters: str | None = None
    select: list[str] | None = None
    required: list[str] = []
    snapshot: str | None = None
    year: int | None = None
    tables: dict[int, str] = {}  # cbs_kwb: one CBS table per year
    enabled: bool = True

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, kind: str) -> str:
        if kind not in loaders.KINDS:
            known = ", ".join(sorted(loaders.KINDS))
            raise ValueError(f"soort {kind!r} onbekend (bekend: {known})")
        return kind


def load_registry(path: Path = DATASETS_FILE) -> list[DatasetSpec]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    try:
        return [DatasetSpec.model_validate(entry) for entry in raw["datasets"]]
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise SourceError(f"{path}: {where}: {dutch(first)}") from None


@dataclass
class Outcome:
    dataset: str
    ok: bool
    origin: str | None = None
    rows: int = 0
    message: str = ""
    unchanged: bool = False
    skipped: bool = False  # an online-only table in an offline refresh
    coerced: int = 0  # values that were not numbers, stored as missing


@dataclass
class RefreshReport:
    outcomes: list[Outcome] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(o.ok for o in self.outcomes)


class UnknownDatasetError(SourceError):
    pass


def select_specs(
    specs: list[DatasetSpec], only: Iterable[str] | None
) -> list[DatasetSpec]:
    """The datasets a refresh asks for: enabled ones, or exactly those named."""
    if not only:
        return [s for s in specs if s.enabled]
    by_key = {}
    for spec in specs:
        by_key[spec.id.lower()] = spec
        by_key.setdefault(spec.table_id.lower(), spec)
    chosen, unknown = [], []
    for name in only:
        spec = by_key.get(name.lower())
        (chosen.append(spec) if spec else unknown.append(name))
    if unknown:
        known = ", ".join(s.id for s in specs)
        raise UnknownDatasetError(
            f"onbekende dataset of tabel: {', '.join(unknown)} (bekend: {known})"
        )
    return list({spec.id: spec for spec in chosen}.values())


class Loader:
    """Fetches one dataset from live catalogs or from the snapshot folder."""

    def __init__(self, settings: Settings, snapshot_dir: Path | None = None) -> None:
        self.settings = settings
        self.snapshot_dir = Path(snapshot_dir or settings.snapshot_dir)
        self.policy = HttpPolicy(
            settings.http.timeout_s, settings.http.retries, settings.http.backoff_s
        )

    def catalog_url(self, spec: DatasetSpec) -> str | None:
        """The live catalog of the dataset; None for kinds read from files only."""
        return loaders.kind_of(spec).catalog(self, spec)

    def snapshot_path(self, spec: DatasetSpec) -> Path:
        if spec.snapshot is None:
            raise SourceError(
                f"{spec.id}: tabel {spec.table_id} zit niet in de momentopname; alleen live te laden"
            )
        if not self.snapshot_dir.is_dir():
            raise SourceError(f"momentopnamemap {self.snapshot_dir} bestaat niet")
        path = self.snapshot_dir / spec.snapshot
        if not path.exists():
            raise SourceError(f"{spec.id}: {path} ontbreekt in de momentopname")
        return path

    def load(
        self, spec: DatasetSpec, origin: Literal["live", "snapshot"]
    ) -> LoadedDataset:
        kind = loaders.kind_of(spec)
        url = kind.catalog(self, spec)
        if origin == "live" and url is not None:
            return kind.live(self, spec, url)
        return kind.snapshot(self, spec)


def _unreachable(exc: BaseException | None) -> bool:
    """A connection error or timeout, also when a loader wrapped it (``raise ... from``)."""
    while exc is not None:
        if isinstance(exc, (requests.ConnectionError, requests.Timeout)):
            return True
        exc = exc.__cause__
    return False


def refresh(
    cache: Cache,
    settings: Settings,
    source: Source = "auto",
    only: Iterable[str] | None = None,
    snapshot_dir: Path | None = None,
    on_progress: Callable[[str, Outcome | None], None] | None = None,
    after_land: Callable[[Cache], object] | None = None,
) -> RefreshReport:
    """Refresh the chosen datasets; never raises for a single dataset's failure.

    Every table is fetched, checked and staged first; the staged tables then land
    in one transaction, so readers switch from the old generation to the new one
    once (one memo drop in a serving app instead of one per table).

    ``after_land(cache)`` runs once the new generation has landed (the dashboard
    passes ``dashboard.precompute.store``: the aggregates of that generation); if
    it fails, the data stays landed and a notice says so; readers then compute
    the figures themselves, as they would without it."""
    specs = select_specs(load_registry(), only)
    loader = Loader(settings, snapshot_dir)
    report = RefreshReport()
    unreachable: set[str] = set()
    staged: list[tuple[Outcome, Staged]] = []
    for spec in specs:
        if on_progress:
            on_progress(spec.id, None)
        outcome, item = _refresh_one(cache, loader, spec, source, unreachable, report)
        report.outcomes.append(outcome)
        if item is not None:
            staged.append((outcome, item))
        if on_progress:
            on_progress(spec.id, outcome)
    landed = False
    try:
        cache.land([item for _, item in staged])
        landed = bool(staged)
    except CacheError as exc:
        for outcome, _ in staged:
            outcome.ok, outcome.rows, outcome.message = False, 0, f"cache: {exc}"
    if after_land is not None and (landed or not has_precomputed(cache)):
        try:
            after_land(cache)
        except Exception as exc:  # noqa: BLE001 - the data landed; say what did not
            report.notices.append(
                "voorberekende cijfers niet opgeslagen (de pagina's rekenen ze zelf "
                f"uit): {_one_line(str(exc) or type(exc).__name__)}"
            )
    for outcome in report.outcomes:
        try:
            cache.record_attempt(
                outcome.dataset, outcome.ok, outcome.origin, outcome.message
            )
        except CacheError:
            pass  # the outcome itself already says what went wrong
    return report


def _live_only(spec: DatasetSpec, catalog: str | None) -> bool:
    """An enabled online-only table (no snapshot): offline it is absent, not failed."""
    return spec.snapshot is None and catalog is not None and spec.enabled


def _skipped(spec: DatasetSpec) -> Outcome:
    return Outcome(
        spec.id,
        True,
        None,
        message=f"tabel {spec.table_id} alleen live: niet in de momentopname, "
        "overgeslagen",
        skipped=True,
    )


def _refresh_one(
    cache, loader, spec, source, unreachable, report
) -> tuple[Outcome, Staged | None]:
    origin: Literal["live", "snapshot"] = "snapshot" if source == "snapshot" else "live"
    catalog = None
    try:
        catalog = loader.catalog_url(spec)
        if source == "auto" and catalog in unreachable:
            origin = "snapshot"
        if origin == "snapshot" and _live_only(spec, catalog):
            return _skipped(spec), None
        try:
            loaded = loader.load(spec, origin)
        except Exception as exc:
            if not (source == "auto" and origin == "live" and _unreachable(exc)):
                raise
            unreachable.add(catalog)
            report.notices.append(
                f"{catalog} niet bereikbaar ({describe_error(exc)}): momentopname gebruikt"
            )
            origin = "snapshot"
            if _live_only(spec, catalog):
                return _skipped(spec), None
            loaded = loader.load(spec, origin)
        validate(loaded)
        coerced = _not_numbers(loaded)
        if coerced:
            note = (
                f"{coerced} {'waarde' if coerced == 1 else 'waarden'} zonder getal "
                f"als ontbrekend ({NOT_A_NUMBER}) opgeslagen"
            )
            loaded.provenance.notes = "; ".join(
                n for n in (loaded.provenance.notes, note) if n
            )
            report.notices.append(f"{spec.id} (tabel {spec.table_id}): {note}")
        item = cache.stage(loaded)
    except CacheError as exc:
        return Outcome(spec.id, False, origin, message=f"cache: {exc}"), None
    except SourceError as exc:
        return Outcome(spec.id, False, origin, message=_one_line(str(exc))), None
    except Exception as exc:  # noqa: BLE001 - one bad table must not stop the others
        # A drifted schema or a damaged file raises whatever the parser raises
        # (AttributeError, EOFError, ...): name the table and the reason, go on.
        if isinstance(exc, (requests.RequestException, ValueError)):
            reason = describe_error(exc)
        else:
            reason = f"onverwachte gegevens ({type(exc).__name__}: {exc})"
        message = _one_line(f"tabel {spec.table_id}: {reason}")
        return Outcome(spec.id, False, origin, message=message), None
    outcome = Outcome(
        spec.id,
        True,
        loaded.provenance.origin,
        rows=int(item.row["row_count"]),
        unchanged=item.unchanged,
        coerced=coerced,
    )
    return outcome, item


def _not_numbers(loaded: LoadedDataset) -> int:
    """Cells the source sent as something other than a number (stored as missing)."""
    reasons = loaded.observations["missing_reason"]
    return int((reasons == NOT_A_NUMBER).sum()) if len(reasons) else 0


def _one_line(text: str, limit: int = 500) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"

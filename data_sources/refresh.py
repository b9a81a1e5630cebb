"""Refresh: fetch each dataset (live, snapshot or auto), validate, write atomically.

``auto`` tries the live catalogs; a catalog that cannot be reached is marked as such
after its first failure and the snapshot is used for its tables, said once per
catalog. A table that fails for another reason (HTTP error, bad answer, a column
the indicators need is gone) fails alone: the other tables still load and the cache
keeps the previous version of the failed one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import requests
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from . import areas, cbs_v3, cbs_v4, coronadashboard, local_csv, politie
from .cache import Cache, CacheError
from .http import HttpPolicy, describe_error
from .model import LoadedDataset, SourceError
from .settings import Settings
from .validation import validate

DATASETS_FILE = Path(__file__).with_name("datasets.yaml")
LOCAL_SOURCES_FILE = Path(__file__).with_name("local_sources.yaml")
Source = Literal["auto", "live", "snapshot"]
# Kinds read from files only: their "live" source is the configured file itself.
FILE_KINDS = {"local_csv", "geo_wijken", "geo_gemeenten", "gebieden"}


class DatasetSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    kind: Literal[
        "cbs_v3",
        "cbs_v4",
        "corona",
        "politie",
        "local_csv",
        "geo_wijken",
        "geo_gemeenten",
        "gebieden",
    ]
    table_id: str
    catalog: str | None = None
    filters: str | None = None
    select: list[str] | None = None
    required: list[str] = []
    snapshot: str | None = None
    year: int | None = None
    enabled: bool = True


def load_registry(path: Path = DATASETS_FILE) -> list[DatasetSpec]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    try:
        return [DatasetSpec.model_validate(entry) for entry in raw["datasets"]]
    except ValidationError as exc:
        first = exc.errors()[0]
        raise SourceError(f"{path}: {first['loc']}: {first['msg']}") from None


@dataclass
class Outcome:
    dataset: str
    ok: bool
    origin: str | None = None
    rows: int = 0
    message: str = ""
    unchanged: bool = False


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

    def catalog_url(self, spec: DatasetSpec) -> str:
        if spec.kind == "corona":
            return self.settings.catalogs.corona
        name = spec.catalog or ("cbs_v4" if spec.kind == "cbs_v4" else "cbs_v3")
        return getattr(self.settings.catalogs, name)

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
        if spec.kind in FILE_KINDS:
            return self._load_file_kind(spec)
        if origin == "live":
            return self._load_live(spec)
        return self._load_snapshot(spec)

    def _load_live(self, spec: DatasetSpec) -> LoadedDataset:
        url = self.catalog_url(spec)
        if spec.kind == "cbs_v3":
            entities = cbs_v3.fetch(
                spec.table_id, url, self.policy, spec.select, spec.filters
            )
            return cbs_v3.normalise(
                spec.id,
                spec.table_id,
                entities,
                catalog_url=url,
                origin="live",
                required_columns=spec.required,
            )
        if spec.kind == "cbs_v4":
            capture = cbs_v4.fetch(spec.table_id, url, self.policy, spec.filters)
            return cbs_v4.normalise(
                spec.id,
                spec.table_id,
                capture,
                catalog_url=url,
                origin="live",
                required_measures=spec.required,
            )
        if spec.kind == "politie":
            entities = politie.fetch(url, self.policy, spec.filters)
            return politie.normalise(spec.id, entities, catalog_url=url, origin="live")
        if spec.kind == "corona":
            codes = self._corona_codes(spec)
            documents = coronadashboard.fetch(codes, url, self.policy)
            return coronadashboard.normalise(
                spec.id, documents, catalog_url=url, origin="live"
            )
        raise SourceError(f"{spec.id}: soort {spec.kind} heeft geen live bron")

    def _load_snapshot(self, spec: DatasetSpec) -> LoadedDataset:
        path = self.snapshot_path(spec)
        where = str(path)
        if spec.kind == "cbs_v3":
            return cbs_v3.normalise(
                spec.id,
                spec.table_id,
                cbs_v3.read_folder(path),
                catalog_url=where,
                origin="snapshot",
                required_columns=spec.required,
            )
        if spec.kind == "cbs_v4":
            return cbs_v4.normalise(
                spec.id,
                spec.table_id,
                cbs_v4.read_folder(path),
                catalog_url=where,
                origin="snapshot",
                required_measures=spec.required,
            )
        if spec.kind == "politie":
            entities = politie.document_entities(politie.read_document(path))
            return politie.normalise(
                spec.id, entities, catalog_url=where, origin="snapshot"
            )
        if spec.kind == "corona":
            documents = coronadashboard.read_folder(path)
            return coronadashboard.normalise(
                spec.id, documents, catalog_url=where, origin="snapshot"
            )
        raise SourceError(f"{spec.id}: soort {spec.kind} onbekend")

    def _load_file_kind(self, spec: DatasetSpec) -> LoadedDataset:
        if spec.kind == "gebieden":
            definition = areas.read_gebieden(self.settings.gebieden_file)
            loaded = areas.gebieden_dataset(definition, self.settings.gebieden_file)
            if spec.snapshot:
                known = areas.read_wijk_codes_tsv(self.snapshot_path(spec))
                problems = areas.check_gebieden(definition, known)
                # The 2021 list is partial for two gemeenten (see its SOURCES): only codes
                # of gemeenten the list covers can be judged.
                covered = {code[:6] for code in known}
                problems = [p for p in problems if p.split(" wijk ")[1][:6] in covered]
                if problems:
                    raise SourceError("; ".join(problems))
            return loaded
        path = self.snapshot_path(spec)
        if spec.kind == "geo_wijken":
            attributes = (
                areas.WIJK_2022_ATTRIBUTES
                if spec.year == 2022
                else areas.WIJK_2024_ATTRIBUTES
            )
            return areas.wijk_boundaries(path, spec.year or 0, spec.id, attributes)
        if spec.kind == "geo_gemeenten":
            return areas.gemeente_boundaries(path, spec.id)
        specs = {s.id: s for s in local_csv.load_specs(LOCAL_SOURCES_FILE)}
        if spec.table_id not in specs:
            raise SourceError(
                f"{spec.id}: geen beschrijving {spec.table_id} in {LOCAL_SOURCES_FILE.name}"
            )
        csv_spec = specs[spec.table_id]
        frame = local_csv.read(csv_spec, self.snapshot_dir)
        return local_csv.normalise(spec.id, csv_spec, frame, origin="snapshot")

    def _corona_codes(self, spec: DatasetSpec) -> list[str]:
        if spec.snapshot and (self.snapshot_dir / spec.snapshot).is_dir():
            return coronadashboard.snapshot_codes(self.snapshot_dir / spec.snapshot)
        raise SourceError(
            f"{spec.id}: geen lijst van gemeentecodes om live op te halen"
        )


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
) -> RefreshReport:
    """Refresh the chosen datasets; never raises for a single dataset's failure."""
    specs = select_specs(load_registry(), only)
    loader = Loader(settings, snapshot_dir)
    report = RefreshReport()
    unreachable: set[str] = set()
    for spec in specs:
        if on_progress:
            on_progress(spec.id, None)
        outcome = _refresh_one(cache, loader, spec, source, unreachable, report)
        report.outcomes.append(outcome)
        try:
            cache.record_attempt(spec.id, outcome.ok, outcome.origin, outcome.message)
        except CacheError:
            pass  # the outcome itself already says what went wrong
        if on_progress:
            on_progress(spec.id, outcome)
    return report


def _refresh_one(cache, loader, spec, source, unreachable, report) -> Outcome:
    origin: Literal["live", "snapshot"] = "snapshot" if source == "snapshot" else "live"
    catalog = loader.catalog_url(spec) if spec.kind not in FILE_KINDS else None
    if source == "auto" and catalog in unreachable:
        origin = "snapshot"
    try:
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
            loaded = loader.load(spec, origin)
        validate(loaded)
        result = cache.write(loaded)
    except CacheError as exc:
        return Outcome(spec.id, False, origin, message=f"cache: {exc}")
    except SourceError as exc:
        return Outcome(spec.id, False, origin, message=str(exc))
    except (requests.RequestException, ValueError, KeyError, TypeError) as exc:
        return Outcome(
            spec.id, False, origin, message=f"{spec.table_id}: {describe_error(exc)}"
        )
    return Outcome(
        spec.id,
        True,
        loaded.provenance.origin,
        rows=result.rows,
        unchanged=result.unchanged,
    )

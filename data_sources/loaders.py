"""The loader registry: one entry per dataset kind of datasets.yaml.

Why a registry instead of ``if kind == ...`` in the refresh: a new source (a police
table, a new CBS API) is one ``@register("kind")`` class here, and the refresh, the
registry check of datasets.yaml and the CLI pick it up without being edited.

A kind answers three questions: which catalog serves it live (``catalog``; None for
kinds read from configured files only), how to load it from that catalog (``live``)
and how to load it from the snapshot folder (``snapshot``). File kinds have the same
answer for live and snapshot: the file itself.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from . import areas, cbs_v3, cbs_v4, coronadashboard, kwb, local_csv, politie
from .model import LoadedDataset, SourceError

if TYPE_CHECKING:  # pragma: no cover - types only
    from .refresh import DatasetSpec, Loader

LOCAL_SOURCES_FILE = Path(__file__).with_name("local_sources.yaml")


class Kind(Protocol):
    """How one kind of dataset is fetched."""

    def catalog(self, ctx: Loader, spec: DatasetSpec) -> str | None:
        """Base URL of the live catalog; None: read from files only."""

    def live(self, ctx: Loader, spec: DatasetSpec, url: str) -> LoadedDataset: ...

    def snapshot(self, ctx: Loader, spec: DatasetSpec) -> LoadedDataset: ...


KINDS: dict[str, Kind] = {}


def register(name: str) -> Callable[[type], type]:
    """Class decorator: ``@register("police")`` makes ``kind: police`` loadable."""

    def add(cls: type) -> type:
        KINDS[name] = cls()
        return cls

    return add


def kind_of(spec: DatasetSpec) -> Kind:
    try:
        return KINDS[spec.kind]
    except KeyError:
        raise SourceError(f"{spec.id}: soort {spec.kind} onbekend") from None


class FileKind:
    """A kind read from a configured file: live and snapshot are the same file."""

    def catalog(self, ctx: Loader, spec: DatasetSpec) -> str | None:
        return None

    def live(self, ctx: Loader, spec: DatasetSpec, url: str) -> LoadedDataset:
        return self.snapshot(ctx, spec)


class CbsTable:
    """A CBS table through one API module (``cbs_v3`` or ``cbs_v4``): fetched live,
    read from its snapshot folder, and normalised the same way either way."""

    api = cbs_v3
    default_catalog = "cbs_v3"
    required = "required_columns"  # the normalise argument for ``spec.required``

    def catalog(self, ctx: Loader, spec: DatasetSpec) -> str:
        return getattr(ctx.settings.catalogs, spec.catalog or self.default_catalog)

    def fetch(self, ctx: Loader, spec: DatasetSpec, url: str):
        raise NotImplementedError

    def live(self, ctx: Loader, spec: DatasetSpec, url: str) -> LoadedDataset:
        return self._normalise(spec, self.fetch(ctx, spec, url), url, "live")

    def snapshot(self, ctx: Loader, spec: DatasetSpec) -> LoadedDataset:
        path = ctx.snapshot_path(spec)
        raw = self.api.read_folder(path)
        return self._normalise(spec, raw, str(path), "snapshot")

    def _normalise(self, spec, raw, where: str, origin: str) -> LoadedDataset:
        return self.api.normalise(
            spec.id,
            spec.table_id,
            raw,
            catalog_url=where,
            origin=origin,
            **{self.required: spec.required},
        )


@register("cbs_v3")
class CbsV3(CbsTable):
    def fetch(self, ctx: Loader, spec: DatasetSpec, url: str):
        return cbs_v3.fetch(spec.table_id, url, ctx.policy, spec.select, spec.filters)


@register("cbs_v4")
class CbsV4(CbsTable):
    api = cbs_v4
    default_catalog = "cbs_v4"
    required = "required_measures"

    def fetch(self, ctx: Loader, spec: DatasetSpec, url: str):
        return cbs_v4.fetch(spec.table_id, url, ctx.policy, spec.filters)


@register("cbs_kwb")
class CbsKwb:
    """Kerncijfers wijken en buurten: one v3 table per year (``tables``), one dataset."""

    def catalog(self, ctx: Loader, spec: DatasetSpec) -> str:
        return getattr(ctx.settings.catalogs, spec.catalog or "cbs_v3")

    def live(self, ctx: Loader, spec: DatasetSpec, url: str) -> LoadedDataset:
        if not spec.tables:
            raise SourceError(f"{spec.id}: geen tabellen per jaar (tables)")
        years = {
            year: (table, cbs_v3.fetch(table, url, ctx.policy, filters=spec.filters))
            for year, table in spec.tables.items()
        }
        return kwb.normalise(spec.id, years, catalog_url=url, origin="live")

    def snapshot(self, ctx: Loader, spec: DatasetSpec) -> LoadedDataset:
        ctx.snapshot_path(spec)  # not in the snapshot: says so
        raise SourceError(f"{spec.id}: geen momentopname")


@register("corona")
class Corona:
    def catalog(self, ctx: Loader, spec: DatasetSpec) -> str:
        return ctx.settings.catalogs.corona

    def live(self, ctx: Loader, spec: DatasetSpec, url: str) -> LoadedDataset:
        folder = ctx.snapshot_dir / spec.snapshot if spec.snapshot else None
        if folder is None or not folder.is_dir():
            raise SourceError(
                f"{spec.id}: geen lijst van gemeentecodes om live op te halen"
            )
        codes = coronadashboard.snapshot_codes(folder)
        documents = coronadashboard.fetch(codes, url, ctx.policy)
        return coronadashboard.normalise(
            spec.id, documents, catalog_url=url, origin="live"
        )

    def snapshot(self, ctx: Loader, spec: DatasetSpec) -> LoadedDataset:
        path = ctx.snapshot_path(spec)
        return coronadashboard.normalise(
            spec.id,
            coronadashboard.read_folder(path),
            catalog_url=str(path),
            origin="snapshot",
        )


@register("politie")
class Politie:
    """CBS/Politie 47018NED: cbsodata live, the arranged JSON document offline."""

    def catalog(self, ctx: Loader, spec: DatasetSpec) -> str:
        return getattr(ctx.settings.catalogs, spec.catalog or "cbs_v3_third_party")

    def live(self, ctx: Loader, spec: DatasetSpec, url: str) -> LoadedDataset:
        entities = politie.fetch(url, ctx.policy, spec.filters)
        return politie.normalise(spec.id, entities, catalog_url=url, origin="live")

    def snapshot(self, ctx: Loader, spec: DatasetSpec) -> LoadedDataset:
        path = ctx.snapshot_path(spec)
        entities = politie.document_entities(politie.read_document(path))
        return politie.normalise(
            spec.id, entities, catalog_url=str(path), origin="snapshot"
        )


@register("gebieden")
class Gebieden(FileKind):
    def snapshot(self, ctx: Loader, spec: DatasetSpec) -> LoadedDataset:
        source = ctx.settings.gebieden_file
        definition = areas.read_gebieden(source)
        loaded = areas.gebieden_dataset(definition, source)
        if spec.snapshot:
            known = areas.read_wijk_codes_tsv(ctx.snapshot_path(spec))
            problems = areas.check_gebieden(definition, known)
            # The 2021 list is partial for two gemeenten (see its SOURCES): only codes
            # of gemeenten the list covers can be judged.
            covered = {code[:6] for code in known}
            problems = [p for p in problems if p.split(" wijk ")[1][:6] in covered]
            if problems:
                raise SourceError("; ".join(problems))
        return loaded


@register("geo_wijken")
class GeoWijken(FileKind):
    def snapshot(self, ctx: Loader, spec: DatasetSpec) -> LoadedDataset:
        attributes = (
            areas.WIJK_2022_ATTRIBUTES
            if spec.year == 2022
            else areas.WIJK_2024_ATTRIBUTES
        )
        return areas.wijk_boundaries(
            ctx.snapshot_path(spec), spec.year or 0, spec.id, attributes
        )


@register("geo_gemeenten")
class GeoGemeenten(FileKind):
    def snapshot(self, ctx: Loader, spec: DatasetSpec) -> LoadedDataset:
        return areas.gemeente_boundaries(ctx.snapshot_path(spec), spec.id)


@register("local_csv")
class LocalCsv(FileKind):
    def snapshot(self, ctx: Loader, spec: DatasetSpec) -> LoadedDataset:
        ctx.snapshot_path(spec)  # the folder must be there (clear message if not)
        specs = {s.id: s for s in local_csv.load_specs(LOCAL_SOURCES_FILE)}
        if spec.table_id not in specs:
            raise SourceError(
                f"{spec.id}: geen beschrijving {spec.table_id} in {LOCAL_SOURCES_FILE.name}"
            )
        csv_spec = specs[spec.table_id]
        frame = local_csv.read(csv_spec, ctx.snapshot_dir)
        return local_csv.normalise(spec.id, csv_spec, frame, origin="snapshot")

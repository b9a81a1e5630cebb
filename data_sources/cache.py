"""The SQL cache: tidy observations, areas and provenance, refreshed atomically.

SQLAlchemy Core, SQLite by default and PostgreSQL by URL. A refresh first *stages*
each dataset (inserts its next version's rows beside the current ones), then *lands*
them all in one small transaction that points ``sources`` at the new versions, and
only then deletes the old rows. Readers join on ``sources.version`` in a single
statement, so a read never mixes two versions of a table, and a refresh of many
tables becomes visible at once (one generation: old or new, never a mix). Until the
landing commits readers see the old data (SQLite in WAL mode, PostgreSQL by MVCC); a
refresh that dies leaves at most unreachable staged rows, removed by the next one.
The version numbers double as cache keys for memoised queries.

Figures computed from a generation (aggregates per area, stapeling, coronakloof;
``dashboard/precompute.py``) are stored in ``precomputed`` under a digest of every
dataset's version and of the code that computed them, all of them in one transaction with their
``precomputed_sets`` row: a reader whose versions give that key reads them, any other
reader finds none and computes (never a figure of another generation).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from psycopg.copy import QueuedLibpqWriter
from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    create_engine,
    delete,
    event,
    false,
    func,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy import text as sql_text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from .code_version import code_version
from .model import (
    AREA_COLUMNS,
    GEOMETRY_COLUMNS,
    MEASURE_COLUMNS,
    MEMBER_COLUMNS,
    NOT_A_NUMBER,
    OBSERVATION_COLUMNS,
    PARTS,
    LoadedDataset,
)

metadata = MetaData()


def _keyed(name: str, *columns: Column, indexes: Sequence[Index] = ()) -> Table:
    return Table(
        name,
        metadata,
        Column("dataset", String(64), nullable=False),
        Column("version", Integer, nullable=False),
        *columns,
        *indexes,
    )


sources = Table(
    "sources",
    metadata,
    Column("dataset", String(64), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("table_id", String(64), nullable=False),
    Column("title", Text, nullable=False),
    Column("catalog_url", Text, nullable=False),
    Column("origin", String(16), nullable=False),
    Column("licence", Text, nullable=False),
    Column("attribution", Text, nullable=False),
    Column("cbs_modified", String(40)),
    Column("fetched_at", DateTime(timezone=True), nullable=False),
    Column("row_count", Integer, nullable=False),
    Column("checksum", String(64), nullable=False),
    Column("periods_from", String(16)),
    Column("periods_to", String(16)),
    Column("notes", Text),
    Column("frequency", String(40)),
    Column("release_date", String(40)),
)
# Columns added to ``sources`` after the first release: a cache made before gets
# them (nullable, so old rows read as "unknown") instead of failing on every read.
ADDED_SOURCE_COLUMNS = {
    "frequency": "ALTER TABLE sources ADD COLUMN frequency VARCHAR(40)",
    "release_date": "ALTER TABLE sources ADD COLUMN release_date VARCHAR(40)",
}

# Columns that were VARCHAR(n) in caches made before: reasons grew past 64
# characters ("te weinig dekking ...: 215 van 342 gemeenten, ..."), subjects past
# 255 (PostgreSQL refused the whole precomputed set).
WIDENED_COLUMNS = {
    ("observations", "missing_reason"): (
        "ALTER TABLE observations ALTER COLUMN missing_reason TYPE TEXT"
    ),
    (
        "precomputed",
        "subject",
    ): "ALTER TABLE precomputed ALTER COLUMN subject TYPE TEXT",
}

refresh_log = Table(
    "refresh_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("dataset", String(64), nullable=False),
    Column("attempted_at", DateTime(timezone=True), nullable=False),
    Column("ok", Integer, nullable=False),
    Column("origin", String(16)),
    Column("message", Text),
)

observations = _keyed(
    "observations",
    Column("measure", String(96), nullable=False),
    Column("dims", String(255), nullable=False),
    Column("area_code", String(64), nullable=False),
    Column("period", String(16), nullable=False),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("frequency", String(1), nullable=False),
    Column("value", Float),
    Column("status", String(24), nullable=False),
    Column("missing_reason", Text),  # reasons name areas, dates and coverage
    indexes=(
        Index(
            "ix_observations_lookup",
            "dataset",
            "version",
            "measure",
            "area_code",
            "period",
        ),
        Index("ix_observations_area", "area_code", "dataset", "measure"),
    ),
)
measures = _keyed(
    "measures",
    Column("measure", String(96), nullable=False),
    Column("title", Text),
    Column("unit", String(64)),
    Column("decimals", Integer),
    Column("description", Text),
    indexes=(Index("ix_measures_lookup", "dataset", "version", "measure"),),
)
areas = _keyed(
    "areas",
    Column("area_code", String(64), nullable=False),
    Column("name", Text),
    Column("level", String(24), nullable=False),
    Column("parent_code", String(64)),
    Column("boundary_year", Integer),
    Column("meta", Text),
    indexes=(Index("ix_areas_lookup", "dataset", "version", "level", "area_code"),),
)
area_members = _keyed(
    "area_members",
    Column("area_code", String(64), nullable=False),
    Column("member_code", String(64), nullable=False),
    Column("member_level", String(24), nullable=False),
    Column("role", String(16), nullable=False),
    Column("boundary_year", Integer),
    indexes=(Index("ix_area_members_lookup", "dataset", "version", "area_code"),),
)
geometries = _keyed(
    "geometries",
    Column("area_code", String(64), nullable=False),
    Column("level", String(24), nullable=False),
    Column("boundary_year", Integer),
    Column("geojson", Text, nullable=False),
    indexes=(
        Index("ix_geometries_lookup", "dataset", "version", "level", "area_code"),
    ),
)

# Figures computed at refresh time, per generation (see the module docstring).
precomputed = Table(
    "precomputed",
    metadata,
    Column("generation", String(64), nullable=False),
    Column("kind", String(32), nullable=False),
    # e.g. "indicator|area"; the coronakloof table's names every gebied (275 chars)
    Column("subject", Text, nullable=False),
    Column("payload", Text, nullable=False),  # JSON (data_sources.frames)
    Index("ix_precomputed_lookup", "generation", "kind", "subject"),
)
precomputed_sets = Table(
    "precomputed_sets",
    metadata,
    Column("generation", String(64), primary_key=True),
    Column("versions", Text, nullable=False),
    Column("computed_at", DateTime(timezone=True), nullable=False),
    Column("items", Integer, nullable=False),
)


def generation_key(versions: dict[str, int]) -> str:
    """The key of one generation of the cache: a digest of every dataset's version."""
    listed = json.dumps(sorted(versions.items()), separators=(",", ":"))
    return hashlib.sha256(listed.encode()).hexdigest()[:32]


def precompute_generation(versions: dict[str, int]) -> str:
    """The key of the figures computed at refresh from this generation by this code:
    after an upgrade that changes how a figure or note is built, the old code's set
    is not read (the pages compute until the next refresh stores a new one)."""
    text = f"{generation_key(versions)}\n{code_version()}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def has_precomputed(cache: Cache) -> bool:
    """Are the figures of the current generation stored (an unchanged refresh of
    a cache made before they existed should still store them)? Here, not in
    ``refresh``: the server start asks it without importing the refresh code."""
    try:
        return cache.has_precomputed(precompute_generation(cache.versions()))
    except CacheError:
        return True  # unreadable: nothing to compute from either


PART_TABLES: dict[str, tuple[Table, list[str]]] = {
    "observations": (observations, OBSERVATION_COLUMNS),
    "measures": (measures, MEASURE_COLUMNS),
    "areas": (areas, AREA_COLUMNS),
    "members": (area_members, MEMBER_COLUMNS),
    "geometries": (geometries, GEOMETRY_COLUMNS),
}


@dataclass(frozen=True)
class Staged:
    """A dataset version written but not yet visible: its ``sources`` row to be."""

    row: dict
    replaces: int | None  # the version it replaces (None: a new dataset)
    unchanged: bool  # the same content as the version it replaces


def _is_current(table: Table):
    """Rows of ``table`` at their dataset's current version (the join that reads one
    generation and never a mix)."""
    return and_(
        sources.c.dataset == table.c.dataset, sources.c.version == table.c.version
    )


class CacheError(Exception):
    """The cache cannot be opened, read or written; the message says why."""


@dataclass(frozen=True)
class WriteResult:
    dataset: str
    version: int
    rows: int
    checksum: str
    unchanged: bool


def _describe_db_error(url: str, exc: BaseException) -> str:
    text = str(getattr(exc, "orig", exc)).splitlines()[0]
    lowered = text.lower()
    if "not a database" in lowered or "malformed" in lowered:
        return f"cachebestand is beschadigd ({text}); verwijder het en ververs opnieuw"
    if "locked" in lowered:
        return f"cache is bezet door een ander proces ({text})"
    if "readonly" in lowered or "read-only" in lowered:
        return f"cache is alleen-lezen ({text})"
    if "connection" in lowered or "could not" in lowered:
        return f"database niet bereikbaar ({text})"
    return text


class Cache:
    """Access to the cache database. One instance per process; thread-safe."""

    def __init__(
        self, url: str, *, create: bool = True, lock_timeout_s: float = 30.0
    ) -> None:
        self.url = url
        # lock_timeout_s: how long SQLite waits for another process's write lock.
        self.engine = _make_engine(url, lock_timeout_s)
        if create:
            try:
                metadata.create_all(self.engine)
                self._add_missing_source_columns()
                self._widen_text_columns()
            except SQLAlchemyError as exc:
                raise CacheError(_describe_db_error(url, exc)) from None

    def _add_missing_source_columns(self) -> None:
        present = {c["name"] for c in inspect(self.engine).get_columns("sources")}
        missing = [s for c, s in ADDED_SOURCE_COLUMNS.items() if c not in present]
        if missing:
            with self.engine.begin() as conn:
                for statement in missing:  # constant statements, no input in them
                    conn.execute(sql_text(statement))

    def _widen_text_columns(self) -> None:
        """Caches made with a VARCHAR where texts outgrew it get TEXT (PostgreSQL
        enforces the length; SQLite does not)."""
        if self.engine.dialect.name != "postgresql":
            return  # SQLite does not enforce a VARCHAR length
        for (table, column), statement in WIDENED_COLUMNS.items():
            columns = inspect(self.engine).get_columns(table)
            kind = next(c["type"] for c in columns if c["name"] == column)
            if getattr(kind, "length", None) is not None:
                with self.engine.begin() as conn:  # a constant statement
                    conn.execute(sql_text(statement))

    @property
    def _dbapi_error(self) -> type[Exception]:
        return self.engine.dialect.loaded_dbapi.Error

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    # -- writing -----------------------------------------------------------------

    def write(self, loaded: LoadedDataset) -> WriteResult:
        """Replace one dataset atomically; the previous version stays until commit."""
        return self.land([self.stage(loaded)])[0]

    def stage(self, loaded: LoadedDataset) -> Staged:
        """Write a dataset's next version beside the current one, invisible to readers
        (they join on ``sources.version``) until :meth:`land` switches to it."""
        checksum = loaded.checksum()
        obs = loaded.observations
        periods = obs["period_start"] if len(obs) else pd.Series(dtype="object")
        prov = loaded.provenance
        try:
            with self.engine.begin() as conn:
                current = conn.execute(
                    select(sources.c.version, sources.c.checksum).where(
                        sources.c.dataset == loaded.dataset
                    )
                ).first()
                version = (current.version + 1) if current else 1
                for part in PARTS:
                    table, columns = PART_TABLES[part]
                    # Left-overs of a refresh killed after staging, with this number.
                    conn.execute(
                        delete(table).where(
                            and_(
                                table.c.dataset == loaded.dataset,
                                table.c.version == version,
                            )
                        )
                    )
                    _bulk_insert(
                        conn,
                        table,
                        columns,
                        getattr(loaded, part),
                        loaded.dataset,
                        version,
                    )
        except (SQLAlchemyError, self._dbapi_error) as exc:
            # The COPY fast path talks to the driver directly: its errors are raw DBAPI.
            raise CacheError(_describe_db_error(self.url, exc)) from None
        row = {
            "dataset": loaded.dataset,
            "version": version,
            "kind": prov.kind,
            "table_id": prov.table_id,
            "title": prov.title,
            "catalog_url": prov.catalog_url,
            "origin": prov.origin,
            "licence": prov.licence,
            "attribution": prov.attribution,
            "cbs_modified": prov.cbs_modified,
            "row_count": loaded.row_count,
            "checksum": checksum,
            "periods_from": _period_key(obs, periods.idxmin()) if len(obs) else None,
            "periods_to": _period_key(obs, periods.idxmax()) if len(obs) else None,
            "notes": prov.notes,
            "frequency": prov.frequency,
            "release_date": prov.release_date,
        }
        unchanged = bool(current) and current.checksum == checksum
        return Staged(
            row, replaces=current.version if current else None, unchanged=unchanged
        )

    def land(self, staged: Sequence[Staged]) -> list[WriteResult]:
        """Point ``sources`` at every staged version in one transaction: readers see
        all of them or none (one refresh generation, never a mix of two). The old
        rows are removed afterwards; they are unreachable from then on."""
        now = dt.datetime.now(dt.timezone.utc)
        try:
            with self.engine.begin() as conn:
                for item in staged:
                    row = {**item.row, "fetched_at": now}
                    if item.replaces is not None:
                        conn.execute(
                            update(sources)
                            .where(sources.c.dataset == row["dataset"])
                            .values(**row)
                        )
                    else:
                        conn.execute(insert(sources).values(**row))
        except (SQLAlchemyError, self._dbapi_error) as exc:
            raise CacheError(_describe_db_error(self.url, exc)) from None
        try:
            with self.engine.begin() as conn:
                for item in staged:
                    for table, _ in PART_TABLES.values():
                        conn.execute(
                            delete(table).where(
                                and_(
                                    table.c.dataset == item.row["dataset"],
                                    table.c.version != item.row["version"],
                                )
                            )
                        )
        except (SQLAlchemyError, self._dbapi_error):
            pass  # landed all the same; the next landing removes the old rows
        return [
            WriteResult(
                item.row["dataset"],
                item.row["version"],
                item.row["row_count"],
                item.row["checksum"],
                item.unchanged,
            )
            for item in staged
        ]

    def store_precomputed(
        self, versions: dict[str, int], items: Iterable[tuple[str, str, str]]
    ) -> int:
        """Store the figures computed from the generation ``versions`` (kind, subject,
        payload) in one transaction, then drop those of other generations. Returns
        the number stored. Nothing is visible before the commit; a failure leaves
        the previous set as it was."""
        generation = precompute_generation(versions)
        rows = [
            {"generation": generation, "kind": k, "subject": s, "payload": p}
            for k, s, p in items
        ]
        try:
            with self.engine.begin() as conn:
                for table in (precomputed, precomputed_sets):
                    conn.execute(delete(table).where(table.c.generation == generation))
                for start in range(0, len(rows), 5000):
                    conn.execute(insert(precomputed), rows[start : start + 5000])
                conn.execute(
                    insert(precomputed_sets).values(
                        generation=generation,
                        versions=json.dumps(versions, sort_keys=True),
                        computed_at=dt.datetime.now(dt.timezone.utc),
                        items=len(rows),
                    )
                )
            # Keep this set and the current generation's (a refresh may have landed
            # meanwhile and stored its own); the rest can no longer be asked for.
            keep = {generation, precompute_generation(self.versions())}
            with self.engine.begin() as conn:
                for table in (precomputed, precomputed_sets):
                    conn.execute(delete(table).where(table.c.generation.not_in(keep)))
        except (SQLAlchemyError, self._dbapi_error) as exc:
            raise CacheError(_describe_db_error(self.url, exc)) from None
        return len(rows)

    def has_precomputed(self, generation: str) -> bool:
        """Is the set of figures of this generation stored (completely)?"""
        frame = self.read_sql(
            select(precomputed_sets.c.generation).where(
                precomputed_sets.c.generation == generation
            )
        )
        return len(frame) > 0

    def precomputed(self, generation: str, kind: str, subject: str = "") -> str | None:
        """One stored figure of a generation (its JSON payload), or None."""
        query = select(precomputed.c.payload).where(
            and_(
                precomputed.c.generation == generation,
                precomputed.c.kind == kind,
                precomputed.c.subject == subject,
            )
        )
        try:  # one value: no DataFrame around it (read per series, thousands)
            with self.engine.connect() as conn:
                return conn.execute(query).scalar()
        except SQLAlchemyError as exc:
            raise CacheError(_describe_db_error(self.url, exc)) from None

    def record_attempt(
        self, dataset: str, ok: bool, origin: str | None, message: str
    ) -> None:
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    insert(refresh_log).values(
                        dataset=dataset,
                        attempted_at=dt.datetime.now(dt.timezone.utc),
                        ok=int(ok),
                        origin=origin,
                        message=message[:2000],
                    )
                )
        except SQLAlchemyError as exc:
            raise CacheError(_describe_db_error(self.url, exc)) from None

    # -- reading -----------------------------------------------------------------

    def read_sql(self, statement) -> pd.DataFrame:
        try:
            with self.engine.connect() as conn:
                result = conn.execute(statement)
                columns = list(result.keys())
                # Plain tuples: pandas probing Row objects costs more than the query.
                rows = [tuple(row) for row in result.fetchall()]
                return pd.DataFrame.from_records(rows, columns=columns)
        except SQLAlchemyError as exc:
            raise CacheError(_describe_db_error(self.url, exc)) from None

    def sources(self) -> pd.DataFrame:
        """Provenance per dataset; absent values are None (not NaN) for display."""
        frame = self.read_sql(select(sources).order_by(sources.c.dataset))
        return frame.astype(object).where(frame.notna(), None)

    def versions(self) -> dict[str, int]:
        """Current version per dataset: the key that memoised queries depend on."""
        frame = self.read_sql(select(sources.c.dataset, sources.c.version))
        return dict(zip(frame["dataset"], frame["version"]))

    def last_attempts(self) -> pd.DataFrame:
        latest = (
            select(refresh_log.c.dataset, func.max(refresh_log.c.id).label("id"))
            .group_by(refresh_log.c.dataset)
            .subquery()
        )
        return self.read_sql(
            select(refresh_log).join(latest, refresh_log.c.id == latest.c.id)
        )

    def current(self, part: str, dataset: str | None = None, **filters) -> pd.DataFrame:
        """Rows of one part at the current version, in one statement (never mixed)."""
        table, columns = PART_TABLES[part]
        query = select(table.c.dataset, *(table.c[c] for c in columns)).join(
            sources, _is_current(table)
        )
        if dataset is not None:
            filters = {"dataset": dataset, **filters}
        for column, wanted in filters.items():
            if wanted is None:
                continue
            if isinstance(wanted, (list, tuple, set, frozenset)):
                query = query.where(table.c[column].in_(_storable(wanted)))
            elif _storable([wanted]):
                query = query.where(table.c[column] == wanted)
            else:
                query = query.where(false())
        return self.read_sql(query)

    def observations(
        self,
        dataset: str,
        measure: str | Iterable[str] | None = None,
        area_code: str | Iterable[str] | None = None,
        period: str | Iterable[str] | None = None,
        dims: str | None = None,
    ) -> pd.DataFrame:
        def listed(value):
            return value if value is None or isinstance(value, str) else tuple(value)

        return self.current(
            "observations",
            dataset,
            measure=listed(measure),
            area_code=listed(area_code),
            period=listed(period),
            dims=dims,
        )

    def observed_codes(
        self, dataset: str, measure: str, dims: str | None = None
    ) -> list[str]:
        """The distinct area codes of one series at the current version, in one
        statement: which gemeente indeling a source is on, without reading its
        values (a map of one period reads only that period's rows)."""
        query = (
            select(observations.c.area_code)
            .distinct()
            .join(sources, _is_current(observations))
            .where(observations.c.dataset == dataset)
            .where(observations.c.measure == measure)
        )
        if dims is not None:
            query = query.where(observations.c.dims == dims)
        return sorted(self.read_sql(query)["area_code"].tolist())

    def observed_series(self) -> pd.DataFrame:
        """The series the current versions hold observations for: one row per
        distinct (dataset, measure, dims), in one statement (never mixed); the
        service checks the catalogue against it (``Service.problems``)."""
        query = (
            select(observations.c.dataset, observations.c.measure, observations.c.dims)
            .distinct()
            .join(sources, _is_current(observations))
        )
        return self.read_sql(query)

    def not_numbers(self) -> dict[str, int]:
        """Per dataset: values the source sent as something else than a number
        (stored as missing with the reason ``NOT_A_NUMBER``), for ``status``."""
        query = (
            select(observations.c.dataset, func.count().label("cells"))
            .join(sources, _is_current(observations))
            .where(observations.c.missing_reason == NOT_A_NUMBER)
            .group_by(observations.c.dataset)
        )
        frame = self.read_sql(query)
        return {row.dataset: int(row.cells) for row in frame.itertuples()}

    def is_empty(self) -> bool:
        return self.read_sql(select(func.count()).select_from(sources)).iloc[0, 0] == 0


def _storable(values) -> list:
    """Values that can be stored at all: text with a NUL byte matches nothing (and
    PostgreSQL refuses it as a parameter), so it is left out of a filter."""
    return [v for v in values if not (isinstance(v, str) and "\x00" in v)]


def _period_key(frame: pd.DataFrame, index) -> str:
    return str(frame.at[index, "period"])


CONNECT_TIMEOUT_S = 10


def _make_engine(url: str, lock_timeout_s: float = 30.0) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:" and not path.startswith("file:"):
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": lock_timeout_s})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # pragma: no cover - trivial
            cursor = dbapi_connection.cursor()
            # WAL: readers never wait for a refresh and see the old version until commit.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute(
                "PRAGMA cache_size=-262144"
            )  # 256 MiB: index builds in memory
            cursor.close()

        return engine
    # A server that accepts and never answers must not hang status, refresh or
    # serve: libpq gives up after this many seconds (unless the URL says otherwise).
    connect_args = {}
    if url.startswith("postgresql") and "connect_timeout" not in url:
        connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)


def _column_values(series: pd.Series, iso_dates: bool) -> list:
    """One column as Python values with None for missing, fast for millions of rows."""
    if series.dtype == object and iso_dates:
        # Dates repeat (one per period): convert each distinct value once.
        distinct = {
            v: (v.isoformat() if isinstance(v, dt.date) else v) for v in series.unique()
        }
        series = series.map(distinct)
    values = series.astype(object).tolist()
    if series.hasnans:
        return [None if v is None or v != v else v for v in values]
    return values


def _rows(frame: pd.DataFrame, columns: list[str], iso_dates: bool) -> list[tuple]:
    return list(zip(*(_column_values(frame[c], iso_dates) for c in columns)))


CSV_NULL = "\\N"  # unquoted: NULL; an unquoted empty field stays "" (dims)
CSV_CHUNK_ROWS = 100_000  # a chunk's CSV text is tens of MB, not the whole table's
# Texts holding these are quoted: the CSV syntax, and the backslash so that the text
# "\\N" is not read as NULL nor a line "\\." as the end of the data.
CSV_QUOTED = (",", '"', "\n", "\r", "\\")


def _csv_field(value) -> str:
    if isinstance(value, str):
        if any(mark in value for mark in CSV_QUOTED):
            return '"' + value.replace('"', '""') + '"'
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (float, np.floating)):
        return repr(float(value))  # the shortest text that reads back exactly
    return str(value)


def _csv_column(series: pd.Series, integer: bool) -> np.ndarray:
    """One column as CSV fields. Each distinct value is formatted once: columns
    repeat (dataset, measure, area, period, dates; values with one decimal), and
    pandas' own ``to_csv`` formats every cell (four times slower at 100x)."""
    codes, distinct = pd.factorize(series, use_na_sentinel=True)
    values = distinct.tolist()
    if integer:  # an integer column with a gap arrives as floats: 2023.0 -> 2023
        values = [int(v) if isinstance(v, float) else v for v in values]
    fields = [_csv_field(v) for v in values]
    return np.array([*fields, CSV_NULL], dtype=object)[codes]  # code -1: missing


def _csv_chunks(table: Table, frame: pd.DataFrame, names: list[str]) -> Iterable[str]:
    columns = [
        _csv_column(frame[name], isinstance(table.c[name].type, Integer))
        for name in names
    ]
    for start in range(0, len(frame), CSV_CHUNK_ROWS):
        part = [column[start : start + CSV_CHUNK_ROWS].tolist() for column in columns]
        yield "\n".join(map(",".join, zip(*part))) + "\n"


def _bulk_insert(
    conn: Connection,
    table: Table,
    columns: list[str],
    frame: pd.DataFrame,
    dataset: str,
    version: int,
) -> None:
    if frame is None or not len(frame):
        return
    names = ["dataset", "version", *columns]
    frame = frame.assign(dataset=dataset, version=version)
    if table is observations:
        # Rows in index order make the B-tree grow at its end: about 40 % faster.
        frame = frame.sort_values(["measure", "area_code", "period"], kind="stable")
    dialect = conn.dialect.name
    # Table and column names come from this module's schema, never from input.
    column_list = ", ".join(names)
    if dialect == "sqlite":
        marks = ", ".join("?" for _ in names)
        conn.exec_driver_sql(
            f"INSERT INTO {table.name} ({column_list}) VALUES ({marks})",
            _rows(frame, names, iso_dates=True),
        )
    elif dialect == "postgresql" and conn.dialect.driver == "psycopg":
        raw = conn.connection.dbapi_connection
        with raw.cursor() as cursor:
            # CSV built from each column's distinct values, parsed by PostgreSQL in
            # one stream (write_row converted every row in Python); the writer
            # thread sends a chunk while the next one is joined.
            with cursor.copy(
                f"COPY {table.name} ({column_list}) FROM STDIN "
                "(FORMAT csv, NULL '\\N')",
                writer=QueuedLibpqWriter(cursor),
            ) as copy:
                for chunk in _csv_chunks(table, frame, names):
                    copy.write(chunk)
    else:
        conn.execute(
            insert(table), [dict(zip(names, r)) for r in _rows(frame, names, False)]
        )


def meta_of(raw: str | None) -> dict:
    """The JSON ``meta`` column of an area as a dict ({} when empty)."""
    return json.loads(raw) if raw else {}

"""The query service: the one way pages, exports and the CLI get figures.

Every result is a tidy frame (or a dict for a single comparison) that carries its
provenance (table id, CBS modified date, fetched-at, live or snapshot) and its flags
(estimate, coverage, level note). Results are memoised per version of the cached
datasets, so a landed refresh invalidates them without a restart.

What a refresh stored for the current generation (``dashboard/precompute.py``: the
series of every area but wijken, stapeling, coronakloof table, wave totals) is read
from the cache instead of computed (``_read_through``); anything not stored, or a
cache whose generation has no stored set yet, is computed as before.
"""

from __future__ import annotations

import functools
import json
import math
import threading
import time
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from data_sources import frames
from data_sources.cache import Cache, CacheError, generation_key
from data_sources.catalogue import (
    Catalogue,
    Indicator,
    SeriesRef,
    check_against_cache,
    read_catalogue,
)
from data_sources.freshness import Expectation, next_release
from data_sources.golven import Waves, read_golven
from data_sources.lineage import read_lineage
from data_sources.periods import PeriodError, parse_period, period_label_nl

from . import corona_burden
from . import coronakloof as kloof
from .aggregation import Panel, apply_coverage_rule
from .areas import ALL_GEBIEDEN, NL, WIJK_DATASET, Area, AreaRegistry, UnknownAreaError
from .indeling import (
    members_per_period,
    on_period_indeling,
    weights_on_current_indeling,
)
from .wijk_indeling import WijkIndelingError
from .wijk_indeling import resolve as resolve_wijken

OWN_GEMEENTE_NOTE = (
    "cijfer van de bron voor de hele gemeente; de wijkcijfers tellen niet op tot de "
    "gemeente, want de bron publiceert kleine aantallen als 0"
)
# First national measures: the pre-corona period ends before this date.
CORONA_START = date(2020, 3, 1)
# The corona years of the coronakloof and of the default corona period end here.
CORONA_END = date(2022, 12, 31)
# Memoised results are checked against the cache versions at most this often.
VERSION_CHECK_S = 1.0
# A query that saw a refresh land while it computed is computed again at most this often.
CONSISTENT_TRIES = 3
# A wijk source with fewer wijken than this is regional (NL has about 3,300 wijken).
NATIONAL_WIJKEN = 3000


class QueryError(ValueError):
    """A request the data cannot answer; the message says why, in Dutch."""


class UnknownIndicatorError(QueryError):
    pass


class CoverageError(QueryError):
    """No period of a composite area has enough coverage to be shown; ``coverage``
    says how little there is ("3 van 80 wijken, 6,8% van de inwoners")."""

    def __init__(self, message: str, coverage: str) -> None:
        super().__init__(message)
        self.coverage = coverage


# Why "gewijzigd door bron" is empty, per kind of source (shown on Over and in the
# Excel sources sheet; the CSV keeps the column empty).
UNKNOWN_MODIFIED = {
    "cbs_v3": "de kopie mist de tabelinformatie (TableInfos) van CBS met die datum",
    "geo": "het grenzen- en kerncijferbestand noemt geen wijzigingsdatum",
    "local_csv": "de bron noemt geen wijzigingsdatum; de versie staat vast in het webadres",
    "gebieden": "eigen samenstelling van dit project (gebieden.yaml), geen bron met datum",
    "": "de bron noemt geen wijzigingsdatum",
}


@dataclass(frozen=True)
class Provenance:
    dataset: str
    table_id: str
    title: str
    cbs_modified: str | None
    fetched_at: str
    origin: str
    licence: str
    attribution: str
    catalog_url: str | None = None
    kind: str | None = None
    notes: str | None = None
    frequency: str | None = None
    release_date: str | None = None

    def unknown_modified_reason(self) -> str | None:
        """Why the source's modification date is not known (None when it is)."""
        if self.cbs_modified:
            return None
        return UNKNOWN_MODIFIED.get(self.kind or "", UNKNOWN_MODIFIED[""])

    def next_release(self) -> Expectation:
        """When the source expects to publish again (data_sources.freshness)."""
        return next_release(self.frequency, self.release_date)

    def footer(self) -> str:
        modified = f" (gewijzigd {self.cbs_modified[:10]})" if self.cbs_modified else ""
        return f"{self.attribution}, tabel {self.table_id}{modified}"


def consistent(method):
    """One public query reads one generation of the cache, never a mix.

    Memoised parts are computed at different moments; a refresh that lands between
    two of them would combine the old and the new version of a table (e.g. an area's
    value from the old, Nederland's from the new). See :meth:`Service.pinned`.
    """

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        return self.pinned(lambda: method(self, *args, **kwargs))

    return wrapper


class Service:
    def __init__(
        self,
        cache: Cache,
        catalogue: Catalogue | None = None,
        *,
        reads_precomputed: bool = True,
    ) -> None:
        self.cache = cache
        # False for the service that computes what is stored (dashboard/precompute).
        self.reads_precomputed = reads_precomputed
        # Each memo entry asks the cache whether a refresh landed meanwhile; the
        # precompute, which checks once at its end, turns that off.
        self.checks_each_memo = True
        self.catalogue = catalogue or read_catalogue()
        self._lock = threading.RLock()
        self._versions: dict[str, int] | None = None
        self._memo: dict[tuple, object] = {}
        self._gates: dict[tuple, threading.Lock] = {}
        self._checked_at = -math.inf
        self._generation = 0  # counts memo drops (see ``consistent``)
        self._local = threading.local()

    # -- memo and basics -----------------------------------------------------

    def _fresh(self) -> None:
        # Ask the cache for its versions at most once a second: one tiny query, and a
        # landed refresh shows within a second without a restart.
        now = time.monotonic()
        if now - self._checked_at < VERSION_CHECK_S:
            return
        versions = self.cache.versions()
        with self._lock:
            if self._checked_at > now:
                return  # a thread that asked later answered first: never step back
            self._checked_at = now
            if versions != self._versions:
                self._memo.clear()
                self._versions = versions
                self._generation += 1

    def pinned(self, call):
        """Run ``call`` (a query, or a whole view of several) on one generation.

        The outermost call notes the generation it starts from and, if it read the
        database, asks the cache for its versions again when done: if a refresh
        landed meanwhile, the memo is dropped and ``call`` runs again (versions only
        grow, so equal means no refresh in between). Nested calls join the outer one.
        """
        local = self._local
        if getattr(local, "depth", 0):
            return call()
        for _attempt in range(CONSISTENT_TRIES):
            try:
                self._fresh()
            except CacheError:
                pass  # unreadable now: the call itself meets it and shows the alert
            with self._lock:
                start, generation = self._versions, self._generation
            local.depth, local.read = 1, False
            try:
                result = call()
            finally:
                local.depth = 0
            if not local.read and generation == self._generation:
                return result
            try:
                landed = self.cache.versions() != start
            except CacheError:
                # The database went away after the answer was made (it then holds
                # the "niet te lezen" alert, which is never memoised): show it, not
                # a 503 page in place of a callback answer.
                return result
            if not landed and generation == self._generation:
                return result
            with self._lock:
                self._checked_at = -math.inf  # the next _fresh drops the memo
        return result

    def _memoised(self, key: tuple, compute):
        self._fresh()
        with self._lock:
            if key in self._memo:
                return self._memo[key]
            gate = self._gates.setdefault(key, threading.Lock())
            versions, generation = self._versions, self._generation
        # One computation per key: a request that needs what the warm-up thread (or
        # another request) is computing waits for it instead of computing it again.
        with gate:
            with self._lock:
                if key in self._memo:
                    return self._memo[key]
            self._local.read = True
            value = compute()
            # Keep only what was computed on the memo's own generation: a refresh
            # that landed unnoticed (versions are asked once a second) must not
            # put a new value beside old ones, for another request to combine.
            same = not self.checks_each_memo or self.cache.versions() == versions
            with self._lock:
                if same and generation == self._generation:
                    self._memo[key] = value
                else:
                    self._checked_at = -math.inf
                self._gates.pop(key, None)
        return value

    def _read_through(self, kind: str, subject: str, compute, decode=frames.loads):
        """What the refresh stored for this generation, else ``compute()``.

        Called inside a memo computation: the memo's versions name the generation,
        and ``_memoised`` keeps the value only if they were still current."""
        if self.reads_precomputed:
            with self._lock:
                versions = self._versions
            if versions:
                generation = generation_key(versions)
                stored = self._memoised(
                    ("precomputed_set", generation),
                    lambda: self.cache.has_precomputed(generation),
                )
                payload = (
                    self.cache.precomputed(generation, kind, subject)
                    if stored
                    else None
                )
                if payload is not None:
                    return decode(payload)
        return compute()

    def version_token(self) -> str:
        """The cached datasets' versions as one string: it changes when a refresh
        lands (checked at most once a second), so caches keyed by it invalidate."""
        self._fresh()
        with self._lock:
            versions = self._versions or {}
        # The database too: two caches can hold the same version numbers.
        listed = ";".join(f"{name}={versions[name]}" for name in sorted(versions))
        return f"{self.cache.url}|{listed}"

    @property
    def registry(self) -> AreaRegistry:
        return self._memoised(("registry",), lambda: AreaRegistry(self.cache))

    def indicator(self, indicator_id: str) -> Indicator:
        try:
            return self.catalogue.indicator(indicator_id)
        except KeyError:
            raise UnknownIndicatorError(
                f"onbekende indicator: {indicator_id!r}"
            ) from None

    def area(self, area_id: str) -> Area:
        try:
            return self.registry.get(area_id)
        except UnknownAreaError as exc:
            raise QueryError(str(exc)) from None

    @consistent
    def problems(self) -> dict[str, str]:
        """Indicators whose inputs are missing from the cache (reported, not fatal)."""

        def compute():
            measures = self.cache.current("measures")
            observed = self.cache.read_sql(
                __import__("sqlalchemy").text(
                    "SELECT DISTINCT o.dataset, o.measure, o.dims FROM observations o "
                    "JOIN sources s ON s.dataset = o.dataset AND s.version = o.version"
                )
            )
            available: dict[str, set[tuple[str, str]]] = {}
            for row in observed.itertuples():
                available.setdefault(row.dataset, set()).add((row.measure, row.dims))
            del measures
            return check_against_cache(self.catalogue, available)

        return self._memoised(
            ("problems",),
            lambda: self._read_through("problems", "", compute, json.loads),
        )

    @consistent
    def sources(self) -> pd.DataFrame:
        """The cache's provenance per dataset (memoised: every chart's vintage and
        footer reads it). Shared between callers: read it, do not change it."""
        return self._memoised(("sources",), self.cache.sources)

    def provenance(self, dataset: str) -> Provenance | None:
        # every series asks for it: one lookup per dataset and version
        return self._memoised(
            ("provenance", dataset), lambda: self._provenance(dataset)
        )

    def _provenance(self, dataset: str) -> Provenance | None:
        sources = self.sources()
        rows = sources[sources["dataset"] == dataset]
        if not len(rows):
            return None
        row = rows.iloc[0]
        return Provenance(
            dataset,
            row["table_id"],
            row["title"],
            row["cbs_modified"],
            str(row["fetched_at"])[:19],
            row["origin"],
            row["licence"],
            row["attribution"],
            row["catalog_url"],
            row.get("kind"),
            row.get("notes") or None,
            row.get("frequency"),
            row.get("release_date"),
        )

    def _observations(self, ref: SeriesRef) -> pd.DataFrame:
        def compute():
            frame = self.cache.observations(ref.dataset, ref.measure, dims=ref.dims)
            return frame[
                [
                    "area_code",
                    "period",
                    "period_start",
                    "value",
                    "status",
                    "missing_reason",
                ]
            ]

        return self._memoised(("obs", ref.dataset, ref.measure, ref.dims), compute)

    def _weights(
        self, indicator: Indicator, values: pd.DataFrame
    ) -> pd.DataFrame | None:
        """Base or denominator aligned to the value periods (same period, or Jan 1 of the year)."""
        ref = (
            indicator.denominator if indicator.aggregation == "rate" else indicator.base
        )
        if ref is None:
            return None
        base = self._observations(ref)[["area_code", "period", "value"]].rename(
            columns={"value": "weight"}
        )
        if ref.period == "same":
            return base
        lineage = read_lineage()
        if on_period_indeling(base["area_code"], lineage) and not on_period_indeling(
            values["area_code"], lineage
        ):
            # The numerator counts every period on the current gemeente indeling, the
            # base each year on that year's: the base of an area is the sum of its
            # predecessors in that year (Amsterdam 2021 = Amsterdam + Weesp).
            return weights_on_current_indeling(
                values["area_code"].unique(),
                values["period"].unique(),
                base.rename(columns={"period": "year_key"}),
                lineage,
            )
        keys = values[["period"]].drop_duplicates()
        keys["year_key"] = keys["period"].map(
            lambda p: f"{parse_period(p).start.year}JJ00"
        )
        base = base.rename(columns={"period": "year_key"})
        return keys.merge(base, on="year_key")[["area_code", "period", "weight"]]

    # -- figures --------------------------------------------------------------

    @consistent
    def series(self, indicator_id: str, area_id: str) -> pd.DataFrame:
        """All periods of one indicator for one area, with flags and provenance."""
        indicator = self.indicator(indicator_id)
        area = self.area(area_id)
        problem = self.problems().get(indicator.id)
        if problem is not None:  # e.g. a live-only table that was never fetched
            raise QueryError(f"{indicator.title.nl}: {problem}")
        return self._memoised(
            ("series", indicator.id, area.id),
            lambda: self._read_through(
                "series",
                f"{indicator.id}|{area.id}",
                lambda: self._series(indicator, area),
                _stored_series,
            ),
        )

    def _panel(self, indicator: Indicator) -> Panel:
        """The indicator's source and weights as matrices, built once per version."""
        problem = self.problems().get(indicator.id)
        if problem is not None:  # an online-only table offline: no matrix to build
            raise QueryError(f"{indicator.title.nl}: {problem}")

        def build():
            values = self._observations(indicator.source)
            return Panel(values, self._weights(indicator, values))

        return self._memoised(("panel", indicator.id), build)

    def _series(self, indicator: Indicator, area: Area) -> pd.DataFrame:
        dataset = indicator.source.dataset
        own = self._own_gemeente_panel(indicator, area)
        if own is not None:
            # The source's own gemeente figure: its wijk file publishes small counts
            # as 0, so the wijken do not add up to the gemeente.
            panel, dataset = own, indicator.gemeente_source.dataset
            units, level_note, method = [area.id], OWN_GEMEENTE_NOTE, "direct"
        else:
            units, level_note, method = self._units(indicator, area)
            panel = self._panel(indicator)
        if method == "direct" and own is None:
            method, level_note = self._on_current_gemeente(indicator, units, level_note)
        coverage = None if method == "direct" else self._coverage_weights(indicator)
        mask = gaps = None
        if (
            method == "aggregate"
            and indicator.level == "gemeente"
            and self._on_period_indeling(indicator.source)
        ):
            # A region of today's gemeenten counts, in each period, the gemeenten of
            # that period's indeling that now lie in it (VR17 2022 with Brielle,
            # Hellevoetsluis and Westvoorne, 2023 with Voorne aan Zee).
            units, mask, gaps = members_per_period(units, panel.periods, read_lineage())
        out = panel.series(
            indicator.aggregation,
            units,
            coverage,
            indicator.multiplier,
            direct=method == "direct",
            mask=mask,
            gaps=gaps,
        )
        labels = self._memoised(("labels", indicator.id), lambda: {})
        out["period_label"] = [
            labels.setdefault(p, period_label_nl(p)) for p in out["period"]
        ]
        out["indicator"] = indicator.id
        out["area_id"] = area.id
        out["area_name"] = area.name
        out["level_note"] = level_note
        out["estimate"] = bool(indicator.is_estimate and method == "aggregate")
        unit_word = "wijken" if indicator.level == "wijk" else "gemeenten"
        if method == "direct":
            out["coverage"] = ""
            out["at_least"] = False
            out["low_coverage"] = False
        else:
            out = apply_coverage_rule(
                out, indicator.aggregation, indicator.coverage_threshold, unit_word
            )
        prov = self.provenance(dataset)
        out["dataset"] = dataset  # the figure's own source (a gemeente_source for some)
        out["table_id"] = prov.table_id if prov else None
        out["cbs_modified"] = prov.cbs_modified if prov else None
        out["fetched_at"] = prov.fetched_at if prov else None
        out["origin"] = prov.origin if prov else None
        return out

    @staticmethod
    def _missing_reason(values: pd.DataFrame, units: list[str]) -> str:
        reasons = values[values["area_code"].isin(units)]["missing_reason"].dropna()
        return reasons.mode().iloc[0] if len(reasons) else "geen gegevens"

    def _coverage_weights(self, indicator: Indicator) -> dict[str, float] | None:
        """Inhabitants per unit, to say which part of an area a partial figure covers."""
        if indicator.level == "wijk":
            ref = SeriesRef(dataset="wijken_2022", measure="population")
        else:
            ref = SeriesRef(
                dataset="cbs_03759ned",
                measure="M000352",
                dims="BurgerlijkeStaat=T001019;Geslacht=T001038;Leeftijd=10000",
            )

        def compute():
            frame = self._observations(ref).dropna(subset=["value"])
            if not len(frame):
                return None
            latest = frame.sort_values("period").groupby("area_code")["value"].last()
            return latest.to_dict()

        return self._memoised(("coverage", ref.dataset), compute)

    def _units(self, indicator: Indicator, area: Area) -> tuple[list[str], str, str]:
        """Which source units make up the area, a note on the level, and how."""
        level = indicator.level
        if level == "nederland":
            if area.level != "nederland":
                raise QueryError(
                    f"{indicator.title.nl}: alleen een landelijk cijfer (geen cijfer voor {area.name})"
                )
            return [NL], "", "direct"
        if level == "gemeente":
            if area.level == "nederland":
                if self._has_unit(indicator, NL):
                    return [NL], "", "direct"
                return (
                    self._aggregable(
                        indicator, self._gemeenten_in_source(indicator), area
                    ),
                    "som van de gemeenten",
                    "aggregate",
                )
            if area.level == "gemeente":
                return [area.id], "", "direct"
            if area.level in ("gebied", "wijk"):
                return (
                    [area.gemeente],
                    f"cijfer van de gemeente {self.area(area.gemeente).name} (alleen op gemeenteniveau)",
                    "direct",
                )
            if area.level == "veiligheidsregio":
                units = list(area.gemeenten)
                return self._aggregable(indicator, units, area), "", "aggregate"
            if area.level == "gebieden":
                units = list(area.gemeenten)
                return (
                    self._aggregable(indicator, units, area),
                    f"{len(units)} gemeenten van de gebieden samen (alleen op gemeenteniveau)",
                    "aggregate",
                )
            raise QueryError(
                f"{indicator.title.nl}: alleen op gemeenteniveau; geen cijfer voor {area.name}"
            )
        # wijk level
        if area.level == "veiligheidsregio":
            raise QueryError(
                f"{indicator.title.nl}: niet per veiligheidsregio beschikbaar"
            )
        if area.level == "wijk":
            return [area.id], "", "direct"
        if not area.wijken and area.level == "gebied":
            raise QueryError(f"{area.name}: samenstelling onbekend, geen gebiedscijfer")
        if area.level == "nederland":
            units = self._units_in_source(indicator)
            if (
                len(units) < 1000
            ):  # a regional secondary source does not make a national figure
                raise QueryError(
                    f"{indicator.title.nl}: de bron dekt niet heel Nederland; geen landelijk cijfer"
                )
            return self._aggregable(indicator, units, area), "", "aggregate"
        if area.level == "gemeente":
            units = self._wijken_per_gemeente(indicator).get(area.id[2:], [])
            if not units:
                raise QueryError(
                    f"{indicator.title.nl}: geen wijkcijfers voor {area.name} in deze gegevensset"
                )
            return (
                self._aggregable(indicator, units, area),
                "",
                "aggregate",
            )
        units = self._wijk_units(indicator, area)
        covered = set(self._units_in_source(indicator))
        if not covered.intersection(units):
            raise QueryError(
                f"{indicator.title.nl}: geen wijkcijfers voor {area.name} in deze gegevensset"
            )
        return self._aggregable(indicator, units, area), "", "aggregate"

    def _wijk_units(self, indicator: Indicator, area: Area) -> list[str]:
        """The source's wijk codes of a gebied, the gebieden or a rest area, on the
        source's own wijk indeling (see ``wijk_indeling``)."""
        dataset = indicator.source.dataset
        listed = self._memoised(
            ("boundary", dataset),
            lambda: self.cache.current("areas", dataset, level="wijk"),
        )
        years = listed["boundary_year"].dropna() if len(listed) else listed
        if dataset == WIJK_DATASET or not len(years):
            # The defining indeling itself, or a source without a known indeling
            # (ELAN: Den Haag's wijk codes, not checked).
            return list(area.wijken)
        defined = self._memoised(
            ("wijk_names", WIJK_DATASET),
            lambda: {a.id: a.name for a in self.registry.by_level("wijk")},
        )
        source = self._memoised(
            ("wijk_names", dataset),
            lambda: dict(zip(listed["area_code"], listed["name"])),
        )
        core = (
            self.area(area.meta["of"]).wijken if area.level == "rest" else area.wijken
        )
        try:
            return resolve_wijken(
                area.level,
                area.name,
                area.gemeente,
                core,
                defined,
                source,
                int(years.iloc[0]),
            )
        except WijkIndelingError as exc:
            raise QueryError(f"{indicator.title.nl}: {exc}") from None

    def _aggregable(
        self, indicator: Indicator, units: list[str], area: Area
    ) -> list[str]:
        if indicator.aggregation == "none":
            raise QueryError(
                f"{indicator.title.nl}: niet op te tellen over gebieden; geen cijfer voor {area.name}"
            )
        return units

    def _wijken_per_gemeente(self, indicator: Indicator) -> dict[str, list[str]]:
        """The source's units by the gemeente digits of their code (WK0344xx)."""
        ref = indicator.source

        def compute():
            grouped: dict[str, list[str]] = {}
            for unit in self._units_in_source(indicator):
                grouped.setdefault(unit[2:6], []).append(unit)
            return grouped

        return self._memoised(
            ("per_gemeente", ref.dataset, ref.measure, ref.dims), compute
        )

    def _units_in_source(self, indicator: Indicator) -> list[str]:
        ref = indicator.source
        return self._memoised(
            ("units", ref.dataset, ref.measure, ref.dims),
            lambda: sorted(self._observations(ref)["area_code"].unique().tolist()),
        )

    def _on_current_gemeente(
        self, indicator: Indicator, units: list[str], level_note: str
    ) -> tuple[str, str]:
        """A gemeente of today from a source on each year's indeling: earlier years
        are the sum of its predecessors (Voorne aan Zee 2021 = Brielle +
        Hellevoetsluis + Westvoorne), so its series is on one indeling throughout."""
        if (
            len(units) != 1
            or not units[0].startswith("GM")
            or indicator.aggregation == "none"
            or not self._on_period_indeling(indicator.source)
        ):
            return "direct", level_note
        merged = read_lineage().merged_into(units[0])
        if not merged:
            return "direct", level_note
        names = sorted(e.name for e in merged)
        listed = " en ".join([", ".join(names[:-1]), names[-1]] if names[1:] else names)
        last = max(e.date for e in merged)
        note = (
            "gemeentelijke indeling van nu: cijfers van vóór "
            f"{last.day}-{last.month}-{last.year} tellen {listed} mee"
        )
        return "aggregate", f"{level_note}; {note}" if level_note else note

    def _own_gemeente_panel(self, indicator: Indicator, area: Area) -> Panel | None:
        """The panel of the indicator's ``gemeente_source`` if it holds the gemeente."""
        ref = indicator.gemeente_source
        if ref is None or area.level != "gemeente":
            return None
        if ref.dataset not in set(self.sources()["dataset"]):
            return None  # not loaded: the gemeente is the sum of its wijken

        def build():
            values = self._observations(ref)
            return Panel(values, None) if len(values) else None

        panel = self._memoised(("own_gemeente_panel", indicator.id), build)
        return panel if panel is not None and area.id in panel.rows else None

    def _on_period_indeling(self, ref: SeriesRef) -> bool:
        """Does the source give each period on that period's gemeente indeling?"""
        return self._memoised(
            ("period_indeling", ref.dataset, ref.measure, ref.dims),
            lambda: on_period_indeling(
                self._observations(ref)["area_code"].unique(), read_lineage()
            ),
        )

    def _gemeenten_in_source(self, indicator: Indicator) -> list[str]:
        return [u for u in self._units_in_source(indicator) if u.startswith("GM")]

    def _has_unit(self, indicator: Indicator, unit: str) -> bool:
        return unit in self._units_in_source(indicator)

    @consistent
    def resolve_period(
        self, indicator_id: str, series: pd.DataFrame, period: str | None
    ) -> str:
        """A period key of the series: given as a key (2020MM04), a year (2022) or None (latest)."""
        with_value = series[series["value"].notna()]
        if not len(series):
            raise QueryError(f"{indicator_id}: geen gegevens voor dit gebied")
        if period is None:
            if not len(with_value):
                if "low_coverage" in series and series["low_coverage"].any():
                    latest = series[series["low_coverage"].astype(bool)].iloc[-1]
                    raise CoverageError(
                        f"{indicator_id}: {latest['missing_reason']}",
                        latest["coverage"],
                    )
                raise QueryError(f"{indicator_id}: geen waarden voor dit gebied")
            return with_value.iloc[-1]["period"]
        text = period.strip()
        if text.isdigit() and len(text) == 4:
            for key in (f"{text}JJ00", f"{text}X000"):
                if (series["period"] == key).any():
                    return key
            in_year = series[series["period"].str.startswith(text)]
            if len(in_year):
                raise QueryError(
                    f"{indicator_id}: geen jaarcijfer voor {text}; kies een periode zoals "
                    f"{in_year.iloc[-1]['period']}"
                )
        else:
            try:
                parse_period(text)
            except (PeriodError, ValueError):
                raise QueryError(
                    f"ongeldige periode {period!r}: gebruik een jaar (2022) of een CBS-periode (2020MM04)"
                ) from None
            if (series["period"] == text).any():
                return text
        first, last = series["period"].iloc[0], series["period"].iloc[-1]
        raise QueryError(
            f"{indicator_id}: periode {period} valt buiten de gegevens ({period_label_nl(first)} t/m {period_label_nl(last)})"
        )

    @consistent
    def value(self, indicator_id: str, area_id: str, period: str | None = None) -> dict:
        series = self.series(indicator_id, area_id)
        key = self.resolve_period(indicator_id, series, period)
        return series[series["period"] == key].iloc[0].to_dict()

    def _value_or_none(
        self, indicator_id: str, area_id: str, period: str
    ) -> float | None:
        try:
            series = self.series(indicator_id, area_id)
        except QueryError:
            return None
        row = series[series["period"] == period]
        if not len(row) or pd.isna(row.iloc[0]["value"]):
            return None
        return float(row.iloc[0]["value"])

    @consistent
    def comparison(
        self,
        indicator_id: str,
        area_id: str,
        period: str | None = None,
        base_period: str | None = None,
    ) -> dict:
        """Value against NL, its gemeente and the rest of its gemeente; change and corona gap."""
        indicator = self.indicator(indicator_id)
        area = self.area(area_id)
        row = self.value(indicator_id, area_id, period)
        key = row["period"]
        value = row["value"]
        nl = self._value_or_none(indicator_id, NL, key)
        gemeente = (
            self._value_or_none(indicator_id, area.gemeente, key)
            if area.gemeente and area.level != "gemeente"
            else None
        )
        rest = (
            self._value_or_none(indicator_id, f"rest-{area.id}", key)
            if area.level == "gebied"
            else None
        )
        series = self.series(indicator_id, area_id)
        base_key = None
        change = None
        if base_period is not None:
            base_key = self.resolve_period(indicator_id, series, base_period)
            base_value = series[series["period"] == base_key].iloc[0]["value"]
            change = (
                None
                if pd.isna(base_value) or pd.isna(value)
                else float(value - base_value)
            )
        result = {
            "indicator": indicator.id,
            "title": indicator.title.nl,
            "unit": indicator.unit.nl,
            "decimals": indicator.decimals,
            "area_id": area.id,
            "area_name": area.name,
            "period": key,
            "period_label": row["period_label"],
            "value": _num(value),
            "status": row["status"],
            "nederland": nl,
            "gemeente": gemeente,
            "rest_van_gemeente": rest,
            "verschil_met_nederland": _num(value - nl)
            if nl is not None and not pd.isna(value)
            else None,
            "ratio_tot_nederland": _num(value / nl)
            if nl not in (None, 0) and not pd.isna(value)
            else None,
            "basisperiode": base_key,
            "verandering_sinds_basis": change,
            "coronakloof": self.corona_gap(indicator_id, area_id),
            "estimate": bool(row["estimate"]),
            "coverage": row["coverage"],
            "level_note": row["level_note"],
            "missing_reason": row["missing_reason"]
            if isinstance(row["missing_reason"], str)
            else None,
            "table_id": row["table_id"],
            "cbs_modified": row["cbs_modified"],
            "fetched_at": row["fetched_at"],
            "origin": row["origin"],
        }
        return result

    @consistent
    def corona_gap(
        self, indicator_id: str, area_id: str, post: str | None = None
    ) -> dict | None:
        """Change in the gap to NL between the last pre-corona period and a later one."""
        if not self.indicator(indicator_id).compares_with_nl:
            return None  # a count has no gap with Nederland (growth instead)
        try:
            series = self.series(indicator_id, area_id)
            national = self.series(indicator_id, NL)
        except QueryError:
            return None
        merged = (
            series[["period", "period_start", "value"]]
            .merge(
                national[["period", "value"]].rename(columns={"value": "nl"}),
                on="period",
            )
            .dropna(subset=["value", "nl"])
        )
        ends = merged["period"].map(lambda p: parse_period(p).end)
        pre = merged[ends < CORONA_START]
        later = merged[merged["period_start"] >= CORONA_START]
        if post is not None:
            later = later[later["period"] == post]
        if not len(pre) or not len(later):
            return None
        before, after = pre.iloc[-1], later.iloc[-1]
        gap_before = float(before["value"] - before["nl"])
        gap_after = float(after["value"] - after["nl"])
        return {
            "voor": before["period"],
            "na": after["period"],
            "kloof_voor": gap_before,
            "kloof_na": gap_after,
            "verandering_kloof": gap_after - gap_before,
        }

    @consistent
    def map_values(
        self, indicator_id: str, level: str, period: str | None = None
    ) -> pd.DataFrame:
        """Values of all areas of a level (gemeente, wijk or gebied) in one period,
        for maps and rankings: area_id, area_name, period, value, status."""
        indicator = self.indicator(indicator_id)
        if level not in ("gemeente", "wijk", "gebied"):
            raise QueryError(
                f"kaartniveau {level!r} bestaat niet (gemeente, wijk of gebied)"
            )
        if level == "gebied":
            return self._gebied_values(indicator, period)
        order = {"nederland": 0, "gemeente": 1, "wijk": 2}
        if order[level] > order[indicator.level]:
            raise QueryError(f"{indicator.title.nl}: bestaat niet op {level}niveau")
        panel = self._panel(indicator)
        prefix = "GM" if level == "gemeente" else "WK"
        codes = [c for c in panel.rows if c.startswith(prefix)]
        if not codes:
            raise QueryError(f"{indicator.title.nl}: geen waarden op {level}niveau")
        rows = [panel.rows[c] for c in codes]
        values = panel.values[rows]
        if indicator.aggregation == "rate" and panel.weights is not None:
            with np.errstate(invalid="ignore", divide="ignore"):
                values = values / panel.weights[rows] * indicator.multiplier
        if period is not None:
            if period not in panel.periods:
                raise QueryError(
                    f"{indicator.title.nl}: periode {period} niet in de gegevens"
                )
            column = panel.periods.index(period)
        else:
            filled = np.flatnonzero(~np.isnan(values).all(axis=0))
            if not len(filled):
                raise QueryError(f"{indicator.title.nl}: geen waarden op {level}niveau")
            column = int(filled[-1])  # periods are sorted by start
        names = self._memoised(
            ("names", level),
            lambda: {a.id: a.name for a in self.registry.by_level(level)},
        )
        status_names = {0: "definitief", 1: "nader voorlopig", 2: "voorlopig"}
        out = pd.DataFrame(
            {
                "area_id": codes,
                "area_name": [names.get(c, c) for c in codes],
                "period": panel.periods[column],
                "value": values[:, column],
                "status": [status_names[int(v)] for v in panel.status[rows, column]],
            }
        )
        keep = panel.has_row[rows, column]
        return (
            out[keep]
            .sort_values("value", ascending=False, na_position="last")
            .reset_index(drop=True)
        )

    def _gebied_values(self, indicator: Indicator, period: str | None) -> pd.DataFrame:
        rows = []
        for area in self.registry.gebieden():
            try:
                series = self.series(indicator.id, area.id)
            except QueryError:
                continue
            rows.append(series)
        if not rows:
            raise QueryError(f"{indicator.title.nl}: geen waarden voor de gebieden")
        frame = pd.concat(rows, ignore_index=True)
        if period is None:
            filled = frame.dropna(subset=["value"])
            if not len(filled):
                raise QueryError(f"{indicator.title.nl}: geen waarden voor de gebieden")
            period = filled.sort_values("period_start")["period"].iloc[-1]
        elif not (frame["period"] == period).any():
            raise QueryError(
                f"{indicator.title.nl}: periode {period} niet in de gegevens"
            )
        out = frame[frame["period"] == period]
        return (
            out[["area_id", "area_name", "period", "value", "status"]]
            .sort_values("value", ascending=False, na_position="last")
            .reset_index(drop=True)
        )

    def warm(self) -> None:
        """Compute what the first page needs, so the first visitor does not wait."""
        try:
            self.stapeling()
            for area in self.registry.gebieden():
                self.profile(area.id)
        except Exception:  # noqa: BLE001 - warming is best effort; requests recompute
            pass

    @consistent
    def profile(self, area_id: str) -> pd.DataFrame:
        """One row per indicator with a value for the area: latest period and comparisons."""
        area = self.area(area_id)
        rows = []
        for indicator in self.catalogue.indicators:
            try:
                comparison = self.comparison(indicator.id, area.id)
            except QueryError:
                continue
            comparison["domain"] = indicator.domain
            rows.append(comparison)
        return pd.DataFrame(rows)

    @consistent
    def stapeling(self) -> pd.DataFrame:
        """Per gebied and indicator: deviation from NL in standard deviations, signed so
        that a positive score is worse (polarity), for indicators with a direction."""

        def compute():
            rows = []
            for indicator in self.catalogue.indicators:
                if (
                    indicator.polarity == "neutral"
                    or indicator.level == "nederland"
                    or not indicator.compares_with_nl  # a count has no score vs NL
                ):
                    continue
                for area in self.registry.gebieden():
                    try:
                        row = self.value(indicator.id, area.id)
                        nl = self._value_or_none(indicator.id, NL, row["period"])
                    except QueryError:
                        continue
                    if nl is None or pd.isna(row["value"]):
                        continue
                    spread = self._spread(indicator, row["period"])
                    if not spread:
                        continue
                    z = (row["value"] - nl) / spread
                    rows.append(
                        {
                            "area_id": area.id,
                            "area_name": area.name,
                            "indicator": indicator.id,
                            "title": indicator.title.nl,
                            "domain": indicator.domain,
                            "period": row["period"],
                            "value": row["value"],
                            "nederland": nl,
                            "spread": spread,
                            "z": z,
                            "score": z * indicator.polarity_sign,  # > 0: worse than NL
                            "level_note": row["level_note"],
                            "estimate": row["estimate"],
                            "coverage": row["coverage"],
                        }
                    )
            return pd.DataFrame(rows)

        return self._memoised(
            ("stapeling",), lambda: self._read_through("stapeling", "", compute)
        )

    def unit_weights(self, indicator_id: str, period: str) -> dict[str, float] | None:
        """The weight of each source unit in ``period`` as the aggregation gives it
        (base of a share or mean, denominator of a rate); None for a count."""
        indicator = self.indicator(indicator_id)
        if indicator.aggregation not in ("share", "mean", "rate"):
            return None
        panel = self._panel(indicator)
        if panel.weights is None or period not in panel.periods:
            return None
        column = panel.weights[:, panel.periods.index(period)]
        return {code: float(column[row]) for code, row in panel.rows.items()}

    def _spread(self, indicator: Indicator, period: str) -> float | None:
        """Standard deviation of the indicator across its source units in that period."""
        return self._memoised(
            ("spread", indicator.id, period),
            lambda: self._compute_spread(indicator, period),
        )

    def _compute_spread(self, indicator: Indicator, period: str) -> float | None:
        try:
            frame = self.map_values(indicator.id, indicator.level, period)
        except QueryError:
            return None
        values = frame["value"].dropna()
        if len(values) < 3:
            return None
        spread = float(values.std(ddof=1))
        return spread if spread > 0 else None

    @consistent
    def indicators_frame(self) -> pd.DataFrame:
        rows = []
        problems = self.problems()
        for indicator in self.catalogue.indicators:
            periods = None
            if indicator.id not in problems:
                obs = self._observations(indicator.source).dropna(subset=["value"])
                if len(obs):
                    keys = sorted(
                        obs["period"].unique(), key=lambda p: parse_period(p).start
                    )
                    periods = f"{keys[0]} t/m {keys[-1]}"
            rows.append(
                {
                    "id": indicator.id,
                    "title": indicator.title.nl,
                    "domain": indicator.domain,
                    "unit": indicator.unit.nl,
                    "level": indicator.level,
                    "aggregation": indicator.aggregation,
                    "periods": periods,
                    "problem": problems.get(indicator.id),
                }
            )
        return pd.DataFrame(rows)

    # -- the coronakloof ----------------------------------------------------------

    @consistent
    def coronakloof(
        self,
        indicator_id: str,
        area_id: str,
        voor: str | None = None,
        na: str | None = None,
    ) -> dict:
        """Gap to the reference before corona and in the corona years (see
        dashboard/coronakloof.py), per pair of periods, with a sentence each; when
        it cannot be computed ``reden_code`` and ``reden`` say why."""
        indicator = self.indicator(indicator_id)
        area = self.area(area_id)
        if (voor is None) != (na is None):
            raise QueryError("kies twee perioden voor de coronakloof: voor en na")
        for text in (voor, na):
            complaint = text is not None and kloof.validate_period(text)
            if complaint:
                raise QueryError(complaint)
        result = {
            "indicator": indicator.id,
            "title": indicator.title.nl,
            "unit": indicator.unit.nl,
            "area_id": area.id,
            "area_name": area.name,
            "soort": "groei" if indicator.aggregation == "count" else "verschil",
            "referentie_id": None,
            "referentie_naam": None,
            "level_note": "",
            "paren": [],
            "reden_code": None,
            "reden": None,
        }

        def cannot(code: str, line: str) -> dict:
            return {**result, "reden_code": code, "reden": line}

        if indicator.id in self.problems():
            return cannot(kloof.NOT_CACHED, self._online_only_line(indicator))
        try:
            series = self.series(indicator.id, area.id)
        except QueryError as exc:
            return cannot(kloof.NO_FIGURE, f"{exc}.")
        result["level_note"] = series["level_note"].iloc[0] if len(series) else ""
        ref_id, ref_name, reference = self._kloof_reference(indicator, area)
        if reference is None:
            return cannot(
                kloof.NO_REFERENCE,
                f"Voor {kloof.lower_first(indicator.title.nl)} in {area.name} is er "
                "geen cijfer van Nederland of van de rest van de gemeente om mee te "
                "vergelijken.",
            )
        result["referentie_id"], result["referentie_naam"] = ref_id, ref_name
        if voor is not None:
            pairs = [
                (
                    (kloof.chosen_point(series, voor), kloof.chosen_point(series, na)),
                    (
                        kloof.chosen_point(reference, voor),
                        kloof.chosen_point(reference, na),
                    ),
                    (voor, na),
                )
            ]
        else:
            points = kloof.year_points(series)
            ref_points = kloof.year_points(reference)
            missing = self._kloof_period_reason(indicator, series, points)
            if missing is not None:
                return cannot(*missing)
            pairs = [
                (
                    (points.get(before), points.get(after)),
                    (ref_points.get(before), ref_points.get(after)),
                    (str(before), str(after)),
                )
                for before, after in kloof.default_pairs(series)
            ]
        for area_points, ref_points, asked in pairs:
            result["paren"].append(
                self._kloof_pair(
                    indicator, area, ref_name, area_points, ref_points, asked
                )
            )
        if not any(p["reden_code"] is None for p in result["paren"]):
            first = result["paren"][0]
            return cannot(first["reden_code"], first["reden"])
        return result

    def _online_only_line(self, indicator: Indicator) -> str:
        """What would fill an indicator whose table is not in the cache."""
        from data_sources.refresh import load_registry

        spec = next(
            (s for s in load_registry() if s.id == indicator.source.dataset), None
        )
        tables = (
            ", ".join(spec.tables.values()) if spec and spec.tables else None
        ) or (spec.table_id if spec else indicator.source.dataset)
        years = (
            f" {min(spec.tables)}-{max(spec.tables)}" if spec and spec.tables else ""
        )
        return (
            f"Voor {kloof.lower_first(indicator.title.nl)} zijn er in deze gegevens "
            f"geen cijfers; met internettoegang haalt `coronadash refresh --source "
            f"live` ze{years} bij CBS (tabel {tables})."
        )

    def _kloof_reference(self, indicator: Indicator, area: Area):
        """Nederland where the indicator has a national figure, else the rest of the
        gemeente (for a gebied); (id, name in a sentence, series) or Nones."""
        if area.level != "nederland":
            try:
                national = self.series(indicator.id, NL)
            except QueryError:
                national = None
            if national is not None and national["value"].notna().any():
                return NL, "Nederland", national
        if area.level == "gebied" and area.gemeente:
            rest = f"rest-{area.id}"
            try:
                series = self.series(indicator.id, rest)
            except QueryError:
                series = None
            if series is not None and series["value"].notna().any():
                name = self.area(area.gemeente).name
                return rest, f"de rest van de gemeente {name}", series
        return None, None, None

    def _kloof_period_reason(self, indicator, series, points) -> tuple | None:
        """Why the default pairs cannot be made: no period before March 2020 or
        none in 2020-2022 (with what the data holds and what fills it online)."""
        title = kloof.lower_first(indicator.title.nl)
        with_value = series.dropna(subset=["value"])
        held = (
            f"in deze gegevens {period_label_nl(with_value['period'].iloc[0])} t/m "
            f"{period_label_nl(with_value['period'].iloc[-1])}"
            if len(with_value)
            else "in deze gegevens geen waarden"
        )
        online = self.catalogue.domain(indicator.domain).online_tables
        hint = f"; online vult CBS-tabel {', '.join(online)} dit aan" if online else ""
        if kloof.BASE_YEAR not in points:
            return (
                kloof.NO_BEFORE,
                f"Voor {title} is er geen cijfer van {kloof.BASE_YEAR} (vóór corona): "
                f"{held}{hint}.",
            )
        if not any(year in points for year in kloof.CORONA_YEARS):
            return (
                kloof.NO_CORONA,
                f"Voor {title} is er geen cijfer uit 2020-2022: {held}{hint}.",
            )
        return None

    def _kloof_pair(self, indicator, area, ref_name, area_points, ref_points, asked):
        before, after = area_points
        pair = {
            "voor": before.key if before else asked[0],
            "na": after.key if after else asked[1],
            "voor_label": before.label if before else asked[0],
            "na_label": after.label if after else asked[1],
            "waarde_voor": before.value if before else None,
            "waarde_na": after.value if after else None,
            "referentie_voor": ref_points[0].value if ref_points[0] else None,
            "referentie_na": ref_points[1].value if ref_points[1] else None,
            "voorlopig": bool(
                (before and before.provisional) or (after and after.provisional)
            ),
            "reden_code": None,
            "reden": None,
        }
        if None in (*area_points, *ref_points):
            where = area.name if None in area_points else ref_name
            pair["reden_code"] = kloof.NO_VALUES
            pair["reden"] = pair["zin"] = (
                f"Voor {kloof.lower_first(indicator.title.nl)} is er geen waarde voor "
                f"{asked[0]} en {asked[1]} in {where}."
            )
            return pair
        note = self.series(indicator.id, area.id)["level_note"].iloc[0]
        if indicator.aggregation == "count":
            # A gebied's gemeente-level count is the gemeente's: name the gemeente.
            pair |= kloof.growth_pair(
                area_points,
                ref_points,
                title=f"Groei van {kloof.lower_first(indicator.title.nl)}",
                area_name=self.area(area.gemeente).name
                if note and area.gemeente
                else area.name,
                reference_name=ref_name,
            )
        else:
            pair |= kloof.gap_pair(
                area_points,
                ref_points,
                title=indicator.title.nl,
                unit=indicator.unit.nl,
                decimals=indicator.decimals,
                reference_name=ref_name,
            )
        if note:
            pair["zin"] += f" {note[0].upper()}{note[1:]}."
        return pair

    @consistent
    def coronakloof_tabel(self, area_ids: list[str] | None = None) -> pd.DataFrame:
        """The gap table: every gebied (or the given areas) x every indicator, one
        row per pair of periods, or one row with the reason it cannot be computed
        (memoised per cache version and shared: read it, do not change it)."""
        areas = tuple(area_ids or [a.id for a in self.registry.gebieden()])
        return self._memoised(
            ("kloof_tabel", areas),
            lambda: self._read_through(
                "kloof_tabel", ",".join(areas), lambda: self._kloof_tabel(areas)
            ),
        )

    def _kloof_tabel(self, areas: tuple[str, ...]) -> pd.DataFrame:
        rows = []
        for area_id in areas:
            for indicator in self.catalogue.indicators:
                result = self.coronakloof(indicator.id, area_id)
                head = {
                    k: result[k]
                    for k in (
                        "area_id",
                        "area_name",
                        "indicator",
                        "title",
                        "unit",
                        "soort",
                        "referentie_id",
                        "referentie_naam",
                        "level_note",
                    )
                }
                if result["reden_code"] is not None:
                    rows.append(
                        head
                        | {"reden_code": result["reden_code"], "reden": result["reden"]}
                    )
                    continue
                rows.extend(head | pair for pair in result["paren"])
        return pd.DataFrame(rows)

    # -- corona burden per wave and the default period -------------------------

    def waves(self) -> Waves:
        """The corona waves of ``data_sources/golven.yaml`` (validated once)."""
        return self._memoised(("waves",), read_golven)

    @consistent
    def default_period(self, indicator_id: str) -> str:
        """The period a view of the indicator opens on (catalogue ``default_period``):
        the national peak of the corona years, or the latest period with a value."""
        indicator = self.indicator(indicator_id)
        series = self.series(indicator_id, NL)
        with_value = series[series["value"].notna()]
        if not len(with_value):
            raise QueryError(f"{indicator.title.nl}: geen landelijke waarden")
        if indicator.default_period == "peak":
            starts = pd.to_datetime(with_value["period_start"]).dt.date
            corona = with_value[(starts >= CORONA_START) & (starts <= CORONA_END)]
            if len(corona):
                return corona.loc[corona["value"].idxmax(), "period"]
        return with_value.iloc[-1]["period"]

    @consistent
    def wave_totals(self, indicator_id: str) -> pd.DataFrame:
        """Per gemeente (and Nederland) and wave: the count per 100.000 inwoners with
        its coverage (``corona_burden.wave_totals``); shared, do not change it."""
        indicator = self.indicator(indicator_id)
        problem = self.problems().get(indicator.id)
        if problem is not None:
            raise QueryError(f"{indicator.title.nl}: {problem}")
        return self._memoised(
            ("wave_totals", indicator.id),
            lambda: self._read_through(
                "wave_totals",
                indicator.id,
                lambda: corona_burden.wave_totals(
                    self._observations(indicator.source),
                    self._observations(indicator.denominator),
                    self.waves(),
                ),
            ),
        )

    @consistent
    def wave_burden(
        self, indicator_id: str, area_id: str | None = None
    ) -> pd.DataFrame:
        """Per wave: count per 100.000 inwoners for an area (a gebied: its gemeente,
        labelled) or, without an area, for the gemeenten of the 16 gebieden ranked
        per wave (1 = highest burden); always with Nederland beside it."""
        indicator = self.indicator(indicator_id)
        if indicator.domain != "corona" or indicator.aggregation != "rate":
            raise QueryError(
                f"{indicator.title.nl}: geen ziektelast per golf (alleen voor "
                "corona-aantallen per inwoner)"
            )
        totals = self.wave_totals(indicator.id)
        nl = corona_burden.national(totals, NL).set_index("wave")
        ranked = sorted({a.gemeente for a in self.registry.gebieden() if a.gemeente})
        if area_id is None:
            codes, notes = ranked, {code: "" for code in ranked}
        else:
            area = self.area(area_id)
            if area.level not in ("gemeente", "gebied", "wijk", "rest"):
                raise QueryError(
                    f"{indicator.title.nl}: ziektelast per golf alleen per gemeente "
                    f"(en voor een gebied: zijn gemeente), niet voor {area.name}"
                )
            code = area.id if area.level == "gemeente" else area.gemeente
            level_note = (
                ""
                if area.level == "gemeente"
                else f"cijfer van de gemeente {self.area(code).name} (alleen op gemeenteniveau)"
            )
            codes, notes = [code], {code: level_note}
        # The rank is among the gemeenten of the 16, also when one area is asked.
        rank = totals[totals["area_code"].isin(ranked)].copy()
        rank["rang"] = (
            rank.groupby("wave")["per_100k"]
            .rank(ascending=False, method="min")
            .astype("Int64")
        )
        out = totals[totals["area_code"].isin(codes)].merge(
            rank[["area_code", "wave", "rang"]], on=["area_code", "wave"], how="left"
        )
        out["area_name"] = [self.area(c).name for c in out["area_code"]]
        out["level_note"] = out["area_code"].map(notes)
        out["nederland"] = out["wave"].map(nl["per_100k"])
        out["nederland_dekking"] = out["wave"].map(nl["coverage"])
        out["verschil_met_nederland"] = out["per_100k"] - out["nederland"]
        out["indicator"] = indicator.id
        prov = self.provenance(indicator.source.dataset)
        out["table_id"] = prov.table_id if prov else None
        out["fetched_at"] = prov.fetched_at if prov else None
        order = {w.id: n for n, w in enumerate(self.waves().waves)}
        out["_order"] = out["wave"].map(order)
        return (
            out.sort_values(["_order", "rang", "area_code"])
            .drop(columns="_order")
            .reset_index(drop=True)
        )


STORED_ERRORS = {
    "QueryError": QueryError,
    "UnknownIndicatorError": UnknownIndicatorError,
}


def _stored_series(payload: str) -> pd.DataFrame:
    """A stored series, or the QueryError its computation raised, raised again."""
    if payload.startswith('{"error"'):
        raised = json.loads(payload)
        if raised["error"] == "CoverageError":
            raise CoverageError(raised["message"], raised["coverage"])
        raise STORED_ERRORS.get(raised["error"], QueryError)(raised["message"])
    return frames.loads(payload)


def _num(value) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


__all__ = [
    "Service",
    "QueryError",
    "CoverageError",
    "UnknownIndicatorError",
    "ALL_GEBIEDEN",
    "NL",
]

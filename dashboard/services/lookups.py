"""The basics every query starts from: indicator, area, sources and provenance.

Also what the catalogue asks that the cache lacks (``problems``) and the list of
indicators with their periods.
"""

from __future__ import annotations

import json

import pandas as pd

from data_sources.catalogue import Indicator, check_against_cache
from data_sources.periods import parse_period

from ..areas import Area, AreaRegistry, UnknownAreaError
from .errors import QueryError, UnknownIndicatorError
from .memo import consistent
from .provenance import Provenance


class Lookups:
    """Catalogue, area registry and provenance, memoised per version."""

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
            observed = self.cache.observed_series()
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

    def provenance_rows(self) -> dict[str, dict]:
        """``sources()`` as a dict per dataset, once per version (every chart's
        export names its vintage from it; ``to_dict`` per chart was a tenth of a
        second of a page). Shared between callers: read it, do not change it."""
        return self._memoised(
            ("provenance_rows",),
            lambda: {
                row["dataset"]: row for row in self.sources().to_dict(orient="records")
            },
        )

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

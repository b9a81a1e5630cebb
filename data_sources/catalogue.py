"""The indicator catalogue: a validated model of ``catalogue.yaml``.

Validation has two steps. Reading checks the file itself (fields, units, the
aggregation's inputs). ``check_against_cache`` then reports each indicator whose
dataset or measure is not in the cache: a broken entry is reported, never fatal,
and the other indicators keep working.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .model import read_yaml_model

CATALOGUE_FILE = Path(__file__).with_name("catalogue.yaml")
Level = Literal["nederland", "gemeente", "wijk"]
# Part of an area's inhabitants its units must hold for a composite share or rate.
DEFAULT_COVERAGE_THRESHOLD = 0.8


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    nl: str
    en: str

    def get(self, language: str) -> str:
        return self.en if language == "en" else self.nl


class SeriesRef(_Strict):
    dataset: str
    measure: str
    dims: str = ""
    period: Literal["same", "year"] = "same"  # "year": the Jan-1 figure of that year


class Domain(_Strict):
    id: str
    title: Text
    online_tables: list[str] = []
    note: Text | None = None
    featured: list[str] = []  # the domain's key indicators, in order (Overzicht)


class PageDefaults(_Strict):
    """What a page opens with when the URL names nothing: policy, not page code."""

    domain: str | None = None  # the navigation's Domein link
    gebied: str | None = None  # Domein and Gebied pages
    gebied_map: str | None = None  # the gebied page's (and brief's) map
    gebied_trends: list[str] = []  # the gebied page's trend: the first one it has


class Indicator(_Strict):
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    title: Text
    definition: Text
    domain: str
    unit: Text
    # Shown decimals everywhere (cards, tables, hover, exports): the precision the
    # source publishes, also for aggregates of it (see dashboard/formatting.py).
    decimals: int = Field(ge=0, le=6)
    source: SeriesRef
    level: Level
    aggregation: Literal["count", "rate", "share", "mean", "none"]
    base: SeriesRef | None = None
    denominator: SeriesRef | None = None
    multiplier: float = 1.0
    base_is_proxy: bool = False
    base_note: Text | None = None
    polarity: Literal["higher_is_better", "higher_is_worse", "neutral"]
    map_bins: list[float] = []
    definition_url: str | None = None
    # How it differs from an indicator with a similar name (two "laag inkomen"
    # figures of 52,7 % and 11,2 % side by side read as a contradiction otherwise);
    # shown beside the figure wherever the definition is.
    contrast: Text | None = None
    secondary: bool = False
    # The period a view opens on: the latest one, or the national peak of the
    # corona years (corona series end in a tail that says little).
    default_period: Literal["latest", "peak"] = "latest"
    # A share, mean or rate of a composite area (gebied, rest, gemeente from wijken,
    # region) is shown only when its units hold at least this part of the inhabitants.
    coverage_threshold: float = Field(DEFAULT_COVERAGE_THRESHOLD, gt=0, le=1)
    # The source's own figure for the whole gemeente, preferred there to a sum of
    # wijken that holds suppressed small counts (ELAN publishes both files).
    gemeente_source: SeriesRef | None = None

    @property
    def is_count(self) -> bool:
        """Inhabitants, dwellings, offences: the size of the area, not a rate."""
        return self.aggregation == "count"

    @property
    def compares_with_nl(self) -> bool:
        """A difference with, ratio to, score against or corona gap with Nederland makes
        sense for rates, shares and means only: a count minus the national count
        says nothing. The one rule; pages ask through dashboard.views.policy."""
        return not self.is_count

    @model_validator(mode="after")
    def _inputs_fit_the_aggregation(self) -> Indicator:
        if self.aggregation == "rate" and self.denominator is None:
            raise ValueError("rate heeft een denominator nodig")
        if self.aggregation in ("share", "mean") and self.base is None:
            raise ValueError(f"{self.aggregation} heeft een base (weging) nodig")
        if self.base_is_proxy and self.base_note is None:
            raise ValueError("base_is_proxy vraagt om base_note (welke benadering)")
        if self.map_bins != sorted(self.map_bins):
            raise ValueError("map_bins moeten oplopen")
        return self

    @property
    def is_estimate(self) -> bool:
        """Aggregated figures use a proxy base: labelled as an estimate everywhere."""
        return self.base_is_proxy

    @property
    def inputs(self) -> list[SeriesRef]:
        return [r for r in (self.source, self.base, self.denominator) if r is not None]

    @property
    def polarity_sign(self) -> int:
        """+1 when a higher value is worse, -1 when better, 0 when neutral."""
        return {"higher_is_worse": 1, "higher_is_better": -1}.get(self.polarity, 0)


class Catalogue(_Strict):
    domains: list[Domain]
    indicators: list[Indicator]
    pages: PageDefaults = PageDefaults()

    @model_validator(mode="after")
    def _unique_and_known(self) -> Catalogue:
        domain_ids = [d.id for d in self.domains]
        if len(set(domain_ids)) != len(domain_ids):
            raise ValueError("dubbele domein-id")
        seen: set[str] = set()
        for indicator in self.indicators:
            if indicator.id in seen:
                raise ValueError(f"dubbele indicator-id {indicator.id}")
            seen.add(indicator.id)
            if indicator.domain not in domain_ids:
                raise ValueError(f"{indicator.id}: onbekend domein {indicator.domain}")
        in_domain = {i.id: i.domain for i in self.indicators}
        for domain in self.domains:
            for indicator_id in domain.featured:
                if in_domain.get(indicator_id) != domain.id:
                    raise ValueError(
                        f"{domain.id}: uitgelichte indicator {indicator_id} hoort niet "
                        "bij dit domein"
                    )
        named = [self.pages.gebied_map, *self.pages.gebied_trends]
        for indicator_id in filter(None, named):
            if indicator_id not in in_domain:
                raise ValueError(f"pages: onbekende indicator {indicator_id}")
        if self.pages.domain is not None and self.pages.domain not in domain_ids:
            raise ValueError(f"pages: onbekend domein {self.pages.domain}")
        return self

    def indicator(self, indicator_id: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.id == indicator_id:
                return indicator
        raise KeyError(indicator_id)

    def domain(self, domain_id: str) -> Domain:
        for domain in self.domains:
            if domain.id == domain_id:
                return domain
        raise KeyError(domain_id)

    def in_domain(self, domain_id: str) -> list[Indicator]:
        return [i for i in self.indicators if i.domain == domain_id]


def read_catalogue(path: Path = CATALOGUE_FILE) -> Catalogue:
    return read_yaml_model(path, Catalogue, "catalogus")


def check_against_cache(
    catalogue: Catalogue, available: dict[str, set[tuple[str, str]]]
) -> dict[str, str]:
    """Indicator id -> problem, for indicators whose inputs are not in the cache.

    ``available`` maps dataset id -> {(measure, dims)} present in the cache.
    """
    problems: dict[str, str] = {}
    for indicator in catalogue.indicators:
        for ref in indicator.inputs:
            if ref.dataset not in available:
                problems[indicator.id] = f"dataset {ref.dataset} niet in de cache"
                break
            if (ref.measure, ref.dims) not in available[ref.dataset]:
                problems[indicator.id] = (
                    f"onderwerp {ref.measure}"
                    + (f" ({ref.dims})" if ref.dims else "")
                    + f" niet in dataset {ref.dataset}"
                )
                break
    return problems

"""The gebied page's map and trend choices, shared with the brief and the exports.

Why: the page, the one-page brief and ``coronadash export`` must open with the same
map and trend of a gebied; the defaults and the options are decided here once.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from dashboard.messages import _

from ..areas import NL
from ..services import QueryError, Service
from ..url_state import ViewState, search_string, text_value
from . import policy
from .kloof import KloofView, chosen_pair, kloof_view
from .maps import MapView, wijk_map, wijk_map_options
from .trends import TrendView, trend_options, trend_view


def map_options(service: Service, area, lang: str) -> list[dict]:
    """Wijk indicators with a value in the gebied's gemeente."""
    return wijk_map_options(
        service, service.registry.areas.get(area.gemeente or ""), lang
    )


def default_map(service: Service, options: list[dict]) -> str | None:
    """The catalogue's default map (``pages.gebied_map``) when the gebied has it."""
    ids = [o["value"] for o in options]
    wanted = service.catalogue.pages.gebied_map
    return wanted if wanted in ids else (ids[0] if ids else None)


def default_trend(service: Service, options: list[dict]) -> str | None:
    """The first of the catalogue's ``pages.gebied_trends`` that the gebied has."""
    values = [o["value"] for o in options]
    for candidate in service.catalogue.pages.gebied_trends:
        if candidate in values:
            return candidate
    return values[0] if values else None


def gebied_map(service: Service, area, indicator_id: str, lang: str = "nl") -> MapView:
    """The latest wijk figures of the gebied's gemeente (raises QueryError)."""
    return wijk_map(service, service.indicator(indicator_id), area, None, lang)


def gebied_trend(
    service: Service, area, indicator_id: str, lang: str = "nl", measures: bool = False
) -> TrendView:
    return trend_view(
        service, service.indicator(indicator_id), area, lang, measures=measures
    )


# The national measures on the trend charts: shown or not (``?maatregelen=ja``).
MEASURES = ["nee", "ja"]
# National monthly series offered as context (catalogue ids); the first is the default.
CONTEXT_DEFAULT = "bijstandsuitkeringen"


def measure_options(lang: str) -> list[dict]:
    return [
        {"label": _("common.no", lang), "value": "nee"},
        {"label": _("common.yes", lang), "value": "ja"},
    ]


def context_options(service: Service, lang: str) -> list[dict]:
    """The national-only series with two or more periods (bijstand, WW, AO,
    werkloosheid per maand, ...): context for a gebied, shaded like its trends."""
    options = []
    for indicator in service.catalogue.indicators:
        if not policy.is_national_only(indicator):
            continue
        try:
            series = service.series(indicator.id, NL)
        except QueryError:
            continue
        if int(series["value"].notna().sum()) >= 2:
            options.append({"label": indicator.title.get(lang), "value": indicator.id})
    return options


def default_context(options: list[dict]) -> str | None:
    values = [o["value"] for o in options]
    if CONTEXT_DEFAULT in values:
        return CONTEXT_DEFAULT
    return values[0] if values else None


def national_trend(
    service: Service, indicator_id: str, lang: str = "nl", measures: bool = False
) -> TrendView:
    """A national series alone (no gebied line: it has no regional figure)."""
    return trend_view(
        service, service.indicator(indicator_id), None, lang, measures=measures
    )


__all__ = [
    "default_map",
    "default_trend",
    "gebied_kloof",
    "gebied_map",
    "gebied_trend",
    "gebieden_counts",
    "map_options",
    "trend_options",
]


def gebieden_counts(service: Service) -> dict[str, int]:
    """How many gebieden, and in how many gemeenten: the numbers every text that
    names them uses (from the gebieden file, never written into a string)."""
    gebieden = service.registry.gebieden()
    return {
        "n": len(gebieden),
        "g": len({a.gemeente for a in gebieden if a.gemeente}),
    }


def gebied_kloof(
    service: Service, area, voor: str, na: str, lang: str = "nl"
) -> KloofView:
    """The Coronakloof section of the page and of the brief (one view model)."""
    return kloof_view(service, area, voor, na, lang)


# -- the page's choices from the address or a callback --------------------------------


@dataclass
class Choices:
    """What a gebied page shows, as its address holds it (validated)."""

    indicator: str | None
    trend: str | None
    maatregelen: str
    context: str | None
    kloof_voor: str
    kloof_na: str

    def search(self, lang: str) -> str:
        return search_string({**asdict(self), "lang": lang if lang != "nl" else None})


@dataclass
class Options:
    """The choices a gebied page offers (from its data: slower than the catalogue)."""

    maps: list[dict]
    trends: list[dict]
    contexts: list[dict]

    @classmethod
    def of(cls, service: Service, area, lang: str) -> Options:
        return cls(
            map_options(service, area, lang),
            trend_options(service, area, lang),
            context_options(service, lang),
        )


def choices(
    service: Service, raw: dict, view: ViewState, options: Options | None = None
) -> Choices:
    """Each value checked against the options (the page's first render) or, in a
    callback, against the catalogue only (fast: the sections explain missing data);
    an unknown value adds a notice to ``view`` and gives the default."""
    if options is not None:
        maps = [o["value"] for o in options.maps]
        trends = [o["value"] for o in options.trends]
        contexts = [o["value"] for o in options.contexts]
        map_default = default_map(service, options.maps)
        trend_default = default_trend(service, options.trends)
        context_fallback = default_context(options.contexts)
    else:
        indicators = service.catalogue.indicators
        maps = [i.id for i in indicators if i.level == "wijk"]
        trends = [i.id for i in indicators if not policy.is_national_only(i)]
        contexts = [i.id for i in indicators if policy.is_national_only(i)]
        map_default = service.catalogue.pages.gebied_map
        trend_default = (service.catalogue.pages.gebied_trends or [None])[-1]
        context_fallback = CONTEXT_DEFAULT
    text_of = {key: text_value(value) for key, value in raw.items()}
    voor, na = chosen_pair(text_of.get("kloof_voor"), text_of.get("kloof_na"), view)
    return Choices(
        indicator=view.one("indicator", text_of.get("indicator"), maps, map_default),
        trend=view.one("trend", text_of.get("trend"), trends, trend_default),
        maatregelen=view.one(
            "maatregelen", text_of.get("maatregelen"), MEASURES, "nee"
        ),
        context=view.one("context", text_of.get("context"), contexts, context_fallback),
        kloof_voor=voor,
        kloof_na=na,
    )


def default_choices(service: Service, area, lang: str) -> dict:
    """The values of an address without a query (Back/Forward compare with them)."""
    options = Options.of(service, area, lang)
    return asdict(choices(service, {}, ViewState(), options))

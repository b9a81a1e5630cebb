"""The gebied page's charts as exportable objects: figure, title, subtitle, sources.

The brief (one map, one trend) and ``coronadash export`` (the map and a trend per key
indicator) draw the same figures the gebied page draws: the figure comes from the same
view model (dashboard/views), with the page's choices and "Bron: ..." lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import plotly.graph_objects as go

from ..services import QueryError, Service
from ..views.gebied import (
    default_map,
    default_trend,
    gebied_map,
    gebied_trend,
    map_options,
    trend_options,
)
from ..views.sources import source_lines

MAX_TRENDS = 9  # one per domain at most: a batch stays a handful of files per gebied


@dataclass
class Chart:
    kind: str  # "kaart" or "trend"
    indicator: object
    figure: go.Figure
    title: str
    subtitle: str
    sources: list[str]
    notes: list[str] = field(default_factory=list)
    # what the picture shows, for its file name: a period key, or the first and last
    periods: tuple[str, ...] = ()


def map_chart(service: Service, area, indicator_id: str | None = None) -> Chart | str:
    """The wijk map of the gebied's gemeente (gebied outlined), or why there is none."""
    if indicator_id is None:
        indicator_id = default_map(service, map_options(service, area, "nl"))
    if indicator_id is None:
        gemeente = service.registry.areas.get(area.gemeente or "")
        name = gemeente.name if gemeente else str(area.gemeente)
        return f"Kaart: geen wijkcijfers voor {name} in deze gegevensset."
    try:
        view = gebied_map(service, area, indicator_id)
    except QueryError as exc:
        return f"Kaart {service.indicator(indicator_id).title.nl}: {exc}"
    return Chart(
        "kaart",
        view.indicator,
        view.figure(),
        view.title,
        view.subtitle,
        source_lines(service, [view.indicator], notes=view.notes),
        view.notes,
        (view.period,) if view.period else (),
    )


def trend_chart(service: Service, area, indicator_id: str) -> Chart | str:
    """Gebied, gemeente, rest and NL over time (as the page draws it), or why not."""
    view = gebied_trend(service, area, indicator_id)
    if not view.drawn:
        return f"Trend {view.indicator.title.nl}: geen gegevens."
    keys = sorted(str(k) for line in view.drawn for k in line.frame["period"])
    return Chart(
        "trend",
        view.indicator,
        view.figure(),
        view.title,
        view.subtitle,
        source_lines(service, [view.indicator], notes=view.notes_shown),
        view.notes_shown,
        (keys[0], keys[-1]) if keys else (),
    )


def brief_trend_id(service: Service, area) -> str | None:
    """The trend the gebied page opens with."""
    return default_trend(service, trend_options(service, area, "nl"))


def key_trend_ids(service: Service, area) -> list[str]:
    """Per domain the first indicator with a trend for the gebied (at most 9)."""
    options = [o["value"] for o in trend_options(service, area, "nl")]
    chosen: dict[str, str] = {}
    for indicator_id in options:
        domain = service.indicator(indicator_id).domain
        chosen.setdefault(domain, indicator_id)
    order = [d.id for d in service.catalogue.domains]
    ids = sorted(
        chosen.values(), key=lambda i: order.index(service.indicator(i).domain)
    )
    return ids[:MAX_TRENDS]

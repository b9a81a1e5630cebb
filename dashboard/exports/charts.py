"""The gebied page's charts as exportable objects: figure, title, subtitle, sources.

The brief (one map, one trend) and ``coronadash export`` (the map and a trend per key
indicator) draw the same figures the gebied page draws, with the page's choices from
dashboard/gebied_views.py and the page's "Bron: ..." lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from data_sources.periods import period_label_nl

from ..figures.maps import choropleth_figure
from ..figures.trend import trend_figure
from ..gebied_views import (
    default_trend,
    map_frame,
    map_indicator,
    map_options,
    map_view,
    trend_lines,
    trend_options,
)
from ..services import Service
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


def map_chart(service: Service, area, indicator_id: str | None = None) -> Chart | str:
    """The wijk map of the gebied's gemeente (gebied outlined), or why there is none."""
    gemeente = service.registry.areas.get(area.gemeente)
    name = gemeente.name if gemeente else str(area.gemeente)
    if indicator_id is None:
        indicator_id = map_indicator(map_options(service, gemeente, "nl"))
    if indicator_id is None or gemeente is None:
        return f"Kaart: geen wijkcijfers voor {name} in deze gegevensset."
    indicator = service.indicator(indicator_id)
    frame = map_frame(service, indicator.id, gemeente)
    if not frame["value"].notna().any():
        return f"Kaart {indicator.title.nl}: geen wijkcijfers voor {name}."
    period = frame["period"].dropna().iloc[0]
    centre, zoom = map_view(service, gemeente)
    figure = choropleth_figure(
        frame,
        f"/geo/wijken/{gemeente.id}.json",
        indicator.map_bins,
        indicator.unit.nl,
        indicator.decimals,
        outline_ids=list(area.wijken),
        center=centre,
        zoom=zoom,
    )
    notes = [f"Omlijnd (robijnrood, dikke rand): de wijken van {area.name}."]
    missing = int(frame["value"].isna().sum())
    if missing:
        notes.append(f"{missing} van {len(frame)} wijken zonder cijfer (grijs).")
    return Chart(
        "kaart",
        indicator,
        figure,
        f"{indicator.title.nl} per wijk in {name}",
        f"{indicator.unit.nl}, {period_label_nl(period)}",
        source_lines(service, [indicator], notes=notes),
        notes,
    )


def trend_chart(service: Service, area, indicator_id: str) -> Chart | str:
    """Gebied, gemeente, rest and NL over time, or why there is no chart."""
    indicator = service.indicator(indicator_id)
    lines, notes = trend_lines(service, area, indicator, "nl")
    if not lines:
        return f"Trend {indicator.title.nl}: geen gegevens."
    periods = pd.concat([line.frame for line in lines])
    periods = periods[periods["value"].notna()].sort_values("period_start")
    span = (
        f"{period_label_nl(periods['period'].iloc[0])} – "
        f"{period_label_nl(periods['period'].iloc[-1])}"
    )
    return Chart(
        "trend",
        indicator,
        trend_figure(lines, indicator.unit.nl, indicator.decimals),
        indicator.title.nl,
        f"{indicator.unit.nl}, {span}",
        source_lines(service, [indicator], notes=notes),
        notes,
    )


def brief_trend_id(service: Service, area) -> str | None:
    """The trend the gebied page opens with."""
    return default_trend(trend_options(service, area, "nl"))


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

"""The map frame a page, the brief and the exports draw: values, geometry, extent, classes.

Why: the Domein and Gebied pages used to fit the same gemeente at different zooms and
class the same values with different algorithms. Here there is one fitting rule
(:func:`fit`) and one class rule (:func:`dashboard.figures.maps.map_classes`), and the
geometry comes from the service's one :class:`~dashboard.geo.GeoStore`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from dashboard.messages import _
from dashboard.periods_text import period_label
from data_sources.catalogue import Indicator

from ..figures.maps import choropleth_figure, map_classes
from ..geo import geo_store
from ..services import QueryError, Service

NL_ZOOM = 5.6  # all of the Netherlands, also on a phone
FALLBACK_ZOOM = 6.0
MAP_HEIGHT = 480
# The box the extent must fit: what a phone (375 px) shows of a 480 px high map;
# wider screens show some surroundings.
FIT_WIDTH_PX, FIT_HEIGHT_PX = 340, MAP_HEIGHT - 80
TILE_PX = 512  # MapLibre draws the world 512 px wide at zoom 0


@dataclass
class MapView:
    indicator: Indicator
    level: str  # "gemeente" (all gemeenten) or "wijk" (the wijken of one gemeente)
    period: str | None
    frame: pd.DataFrame  # area_id, area_name, value
    geojson: str
    outline: list[str]
    centre: dict | None
    zoom: float
    classes: list[float]
    class_decimals: int
    title: str
    unit: str
    notes: list[str] = field(default_factory=list)
    gemeente_name: str | None = None
    # The gebied a wijk map is about: its file marks the gebied's wijken and adds
    # the gebied's aggregate row (exports.tables), so the figure can be rebuilt.
    subject: str | None = None
    lang: str = "nl"  # the language of the labels

    @property
    def period_label(self) -> str:
        return period_label(self.period, self.lang) if self.period else "-"

    @property
    def subtitle(self) -> str:
        return f"{self.unit}, {self.period_label}"

    def figure(self) -> go.Figure:
        return choropleth_figure(
            self.frame,
            self.geojson,
            self.classes,
            self.unit,
            self.indicator.decimals,
            outline_ids=self.outline,
            center=self.centre,
            zoom=self.zoom,
            class_decimals=self.class_decimals,
            lang=self.lang,
        )


def fit(extent: tuple | None) -> tuple[dict | None, float]:
    """Centre and zoom that fit an extent (west, south, east, north) in the map box."""
    if extent is None:
        return None, FALLBACK_ZOOM
    west, south, east, north = extent

    def mercator(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    zoom_lon = math.log2(FIT_WIDTH_PX * 360 / (TILE_PX * max(east - west, 1e-4)))
    zoom_lat = math.log2(
        FIT_HEIGHT_PX
        * 2
        * math.pi
        / (TILE_PX * max(mercator(north) - mercator(south), 1e-6))
    )
    centre = {"lat": (south + north) / 2, "lon": (west + east) / 2}
    return centre, max(6.0, min(13.0, min(zoom_lon, zoom_lat)))


def _classes(indicator: Indicator, frame: pd.DataFrame) -> tuple[list[float], int]:
    return map_classes(frame["value"], indicator.map_bins, indicator.decimals)


def wijk_map(
    service: Service,
    indicator: Indicator,
    gebied,
    period: str | None = None,
    lang: str = "nl",
) -> MapView:
    """All wijken of the gebied's gemeente (registry indeling), the gebied outlined.

    ``period`` None takes the latest period with wijk values. Raises QueryError when
    the indicator has no wijk figures or the gebied no gemeente.
    """
    gemeente = service.registry.areas.get(gebied.gemeente or "")
    if gemeente is None or not gemeente.wijken:
        raise QueryError(_("map.no_wijken", lang, gemeente=gebied.gemeente or "-"))
    values = service.map_values(indicator.id, "wijk", period)
    wijken = list(gemeente.wijken)
    names = {c: service.registry.areas[c].name for c in wijken}
    frame = pd.DataFrame({"area_id": wijken, "area_name": [names[c] for c in wijken]})
    found = values[values["area_id"].isin(wijken)][["area_id", "value", "period"]]
    frame = frame.merge(found, on="area_id", how="left")
    if not frame["value"].notna().any():
        raise QueryError(_("map.no_wijken", lang, gemeente=gemeente.name))
    period = period or frame["period"].dropna().iloc[0]
    centre, zoom = fit(geo_store(service).wijk_extent(gemeente.id))
    notes = [_("map.outline_wijken", lang, area=gebied.name)]
    missing = int(frame["value"].isna().sum())
    if missing:
        notes.append(_("map.missing", lang, missing=missing, total=len(frame)))
    classes, decimals = _classes(indicator, frame)
    return MapView(
        indicator=indicator,
        level="wijk",
        period=period,
        frame=frame[["area_id", "area_name", "value"]],
        geojson=f"/geo/wijken/{gemeente.id}.json",
        outline=list(gebied.wijken),
        subject=gebied.id,
        centre=centre,
        zoom=zoom,
        classes=classes,
        class_decimals=decimals,
        title=_(
            "map.title_wijk",
            lang,
            title=indicator.title.get(lang),
            gemeente=gemeente.name,
        ),
        unit=indicator.unit.get(lang),
        notes=notes,
        gemeente_name=gemeente.name,
        lang=lang,
    )


def gemeente_map(
    service: Service, indicator: Indicator, period: str | None, lang: str = "nl"
) -> MapView:
    """All gemeenten, the gemeenten with a gebied outlined."""
    frame = service.map_values(indicator.id, "gemeente", period)
    frame = frame[frame["area_id"].isin(service.registry.areas)]
    if not frame["value"].notna().any():
        raise QueryError(_("map.no_values", lang, period=period_label(period, lang)))
    period = period or frame["period"].dropna().iloc[0]
    classes, decimals = _classes(indicator, frame)
    outline = sorted({a.gemeente for a in service.registry.gebieden() if a.gemeente})
    return MapView(
        indicator=indicator,
        level="gemeente",
        period=period,
        frame=frame[["area_id", "area_name", "value"]],
        geojson="/geo/gemeenten.json",
        outline=outline,
        centre=None,
        zoom=NL_ZOOM,
        classes=classes,
        class_decimals=decimals,
        title=_("map.title_gemeente", lang, title=indicator.title.get(lang)),
        unit=indicator.unit.get(lang),
        notes=[_("map.outline_gemeenten", lang, n=len(service.registry.gebieden()))],
        lang=lang,
    )


def wijk_map_options(service: Service, gemeente, lang: str) -> list[dict]:
    """Wijk indicators with at least one value among the gemeente's wijken."""
    if gemeente is None or not gemeente.wijken:
        return []
    return [
        {"label": service.indicator(i).title.get(lang), "value": i}
        for i in service.wijk_indicators(gemeente.id)
    ]

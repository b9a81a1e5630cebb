"""What the gebied page shows, computed without Dash: map data and view, trend lines.

The gebied page (dashboard/pages/gebied.py) and the gebied brief
(dashboard/exports/brief.py) both draw the map of the gebied in its gemeente and the
trend of one indicator; both take the choices and the data from here, so the PDF shows
what the page shows.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache

import pandas as pd

from .areas import NL, REST_PREFIX, WIJK_DATASET
from .figures.trend import Line
from .i18n import t
from .services import QueryError

DEFAULT_MAP = "laag-inkomen-wijk"
DEFAULT_TRENDS = ("bijstand-dh", "inwoners")
MAP_HEIGHT = 480

TEXT = {
    "trend_gemeente_only": {
        "nl": "Dit cijfer bestaat alleen per gemeente: de lijn van {gemeente} is ook "
        "het cijfer van het gebied.",
        "en": "This figure exists per municipality only: the line of {gemeente} is "
        "also the figure of the area.",
    },
    "trend_count": {
        "nl": "Nederland staat er niet bij: een aantal is niet te vergelijken met het "
        "landelijke aantal.",
        "en": "The Netherlands is left out: a count cannot be compared with the "
        "national count.",
    },
    "rest_label": {
        "nl": "{gemeente} zonder het gebied",
        "en": "{gemeente} without the area",
    },
    "gemeente_line": {
        "nl": "{gemeente} (ook het cijfer van het gebied)",
        "en": "{gemeente} (also the area's figure)",
    },
}


def _t(key: str, lang: str) -> str:
    entry = TEXT[key]
    return entry.get(lang, entry["nl"])


def map_indicator(options: list[dict]) -> str | None:
    """The page's default map indicator among the options."""
    ids = [o["value"] for o in options]
    return DEFAULT_MAP if DEFAULT_MAP in ids else (ids[0] if ids else None)


@lru_cache(maxsize=64)
def _extent(
    service, gemeente: str, codes: tuple[str, ...], version: str
) -> tuple | None:
    """Bounding box (lon0, lat0, lon1, lat1) of the gemeente's wijken."""
    rows = service.cache.current("geometries", WIJK_DATASET, area_code=list(codes))
    lons, lats = [], []

    def walk(coords):
        if coords and isinstance(coords[0], (int, float)):
            lons.append(coords[0])
            lats.append(coords[1])
            return
        for part in coords:
            walk(part)

    for row in rows.itertuples():
        walk(json.loads(row.geojson).get("coordinates", []))
    if not lons:
        return None
    return min(lons), min(lats), max(lons), max(lats)


def map_view(service, gemeente) -> tuple[dict | None, float]:
    """Centre and zoom that fit the gemeente's wijken in the map."""
    version = str(service.cache.versions().get(WIJK_DATASET))
    extent = _extent(service, gemeente.id, tuple(gemeente.wijken), version)
    if extent is None:
        return None, 6.0
    lon0, lat0, lon1, lat1 = extent
    centre = {"lat": (lat0 + lat1) / 2, "lon": (lon0 + lon1) / 2}

    def mercator(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    # MapLibre draws the world 512 px wide at zoom 0. Fit the extent in a box that a
    # phone shows too (about 340 x 400 px); wider screens show some surroundings.
    width, height, tile = 340, MAP_HEIGHT - 80, 512
    zoom_lon = math.log2(width * 360 / (tile * max(lon1 - lon0, 1e-4)))
    zoom_lat = math.log2(
        height * 2 * math.pi / (tile * max(mercator(lat1) - mercator(lat0), 1e-6))
    )
    return centre, max(6.0, min(13.0, min(zoom_lon, zoom_lat)))


def map_frame(service, indicator_id: str, gemeente) -> pd.DataFrame:
    """All wijken of the gemeente (2022 indeling) with the indicator's latest value."""
    values = service.map_values(indicator_id, "wijk")
    wijken = list(gemeente.wijken)
    names = {code: service.registry.areas[code].name for code in wijken}
    frame = pd.DataFrame({"area_id": wijken, "area_name": [names[c] for c in wijken]})
    found = values[values["area_id"].isin(wijken)][["area_id", "value", "period"]]
    return frame.merge(found, on="area_id", how="left")


def map_options(service, gemeente, lang: str) -> list[dict]:
    """Wijk indicators with at least one value among the gemeente's wijken."""
    options = []
    if gemeente is None or not gemeente.wijken:
        return options
    wijken = set(gemeente.wijken)
    for indicator in service.catalogue.indicators:
        if indicator.level != "wijk":
            continue
        try:
            values = service.map_values(indicator.id, "wijk")
        except QueryError:
            continue
        if (values["area_id"].isin(wijken) & values["value"].notna()).any():
            options.append({"label": indicator.title.get(lang), "value": indicator.id})
    return options


def valued(frame: pd.DataFrame) -> int:
    return int(frame["value"].notna().sum()) if len(frame) else 0


def trend_options(service, area, lang: str) -> list[dict]:
    """Indicators with two or more periods with a value for the gebied."""
    options = []
    for indicator in service.catalogue.indicators:
        if indicator.level == "nederland":
            continue
        try:
            series = service.series(indicator.id, area.id)
        except QueryError:
            continue
        if valued(series) >= 2:
            options.append({"label": indicator.title.get(lang), "value": indicator.id})
    return options


def default_trend(options: list[dict]) -> str | None:
    values = [o["value"] for o in options]
    for candidate in DEFAULT_TRENDS:
        if candidate in values:
            return candidate
    return values[0] if values else None


def trend_lines(
    service, area, indicator, lang: str = "nl"
) -> tuple[list[Line], list[str]]:
    """The lines of the trend chart (gebied, gemeente, rest, NL) and why any is missing.

    An indicator that exists only per gemeente shows the gemeente's line, labelled as
    also the gebied's figure; a count leaves NL out (not comparable).
    """
    gemeente = service.registry.areas.get(area.gemeente)
    gemeente_name = gemeente.name if gemeente else str(area.gemeente)
    notes: list[str] = []
    wanted: list[tuple[str, str, str]] = []  # (area id, label, kind)
    if indicator.level == "gemeente":
        wanted.append(
            (
                area.gemeente,
                _t("gemeente_line", lang).format(gemeente=gemeente_name),
                "gemeente",
            )
        )
        notes.append(_t("trend_gemeente_only", lang).format(gemeente=gemeente_name))
    else:
        wanted += [
            (area.id, area.name, "gebied"),
            (area.gemeente, gemeente_name, "gemeente"),
            (
                REST_PREFIX + area.id,
                _t("rest_label", lang).format(gemeente=gemeente_name),
                "rest",
            ),
        ]
    if indicator.aggregation == "count":
        notes.append(_t("trend_count", lang))
    else:
        wanted.append((NL, t("nederland", lang), "nederland"))
    lines: list[Line] = []
    for area_id, label, kind in wanted:
        try:
            series = service.series(indicator.id, area_id)
        except QueryError as exc:
            notes.append(f"{label}: {exc}")
            continue
        if not valued(series):
            notes.append(f"{label}: {t('no_data', lang)}")
            continue
        lines.append(Line(label, kind, series))
    return lines, notes

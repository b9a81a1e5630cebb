"""GeoJSON for the maps, built once per cache version and served as static files.

Routes (registered by the app factory): ``/geo/gemeenten.json``,
``/geo/veiligheidsregios.json``, ``/geo/gebieden.json`` (outline of each gebied) and
``/geo/wijken/<GMxxxx>.json`` (the wijken of one gemeente). Figures reference these
URLs, so geometry reaches the browser once and is cached there.
"""

from __future__ import annotations

import json
import re
import threading
import weakref

from flask import Flask, Response, abort
from shapely.geometry import mapping, shape
from shapely.ops import unary_union

from data_sources import topology

from .areas import WIJK_DATASET
from .services import Service

GEMEENTE = re.compile(r"^GM\d{4}$")
MAX_AGE_S = 24 * 3600


class GeoStore:
    """The geometry of one service's cache: GeoJSON documents and map extents.

    The only place that reads geometry from the cache; pages and views ask it (via
    :func:`geo_store`), so each document and extent is built once per cache version.
    """

    def __init__(self, service: Service) -> None:
        self.service = service
        self._lock = threading.Lock()
        self._built: dict[str, bytes] = {}
        self._extents: dict[str, tuple | None] = {}
        self._versions: dict | None = None

    def _fresh(self) -> None:
        versions = self.service.cache.versions()
        if versions != self._versions:
            self._built.clear()
            self._extents.clear()
            self._versions = versions

    def wijk_extent(self, gemeente: str) -> tuple | None:
        """Bounding box (west, south, east, north) of a gemeente's wijken."""
        with self._lock:
            self._fresh()
            if gemeente not in self._extents:
                area = self.service.registry.areas.get(gemeente)
                shapes = (
                    self._wijk_shapes(list(area.wijken)) if area and area.wijken else {}
                )
                bounds = [s.bounds for s in shapes.values()]
                self._extents[gemeente] = (
                    (
                        min(b[0] for b in bounds),
                        min(b[1] for b in bounds),
                        max(b[2] for b in bounds),
                        max(b[3] for b in bounds),
                    )
                    if bounds
                    else None
                )
            return self._extents[gemeente]

    def document(self, name: str) -> bytes | None:
        with self._lock:
            self._fresh()
            if name not in self._built:
                built = self._build(name)
                if built is None:
                    return None
                self._built[name] = json.dumps(built, separators=(",", ":")).encode()
            return self._built[name]

    def _topology(self) -> dict | None:
        rows = self.service.cache.current(
            "geometries", "gemeenten_2023", level="topojson"
        )
        return json.loads(rows.iloc[0]["geojson"]) if len(rows) else None

    def _build(self, name: str) -> dict | None:
        registry = self.service.registry
        if name in ("gemeenten", "veiligheidsregios"):
            document = self._topology()
            if document is None:
                return None
            layer = "gm_features" if name == "gemeenten" else "vr_features"
            features = topology.features(document, layer)
            for feature in features:
                code = feature["properties"]["code"]
                area = registry.areas.get(code)
                feature["properties"]["name"] = area.name if area else code
            return {"type": "FeatureCollection", "features": features}
        if name == "gebieden":
            wijken = self._wijk_shapes(
                [w for a in registry.gebieden() for w in a.wijken]
            )
            features = []
            for area in registry.gebieden():
                parts = [wijken[w] for w in area.wijken if w in wijken]
                if parts:
                    outline = unary_union(parts).simplify(0.0002)
                    features.append(
                        {
                            "type": "Feature",
                            "properties": {"code": area.id, "name": area.name},
                            "geometry": mapping(outline),
                        }
                    )
            return {"type": "FeatureCollection", "features": features}
        if name.startswith("wijken/"):
            code = name.split("/", 1)[1]
            if not GEMEENTE.match(code) or code not in registry.areas:
                return None
            rows = self.service.cache.current(
                "geometries", WIJK_DATASET, area_code=list(registry.areas[code].wijken)
            )
            features = [
                {
                    "type": "Feature",
                    "properties": {
                        "code": row.area_code,
                        "name": registry.areas[row.area_code].name
                        if row.area_code in registry.areas
                        else row.area_code,
                    },
                    "geometry": json.loads(row.geojson),
                }
                for row in rows.itertuples()
            ]
            return {"type": "FeatureCollection", "features": features}
        return None

    def _wijk_shapes(self, codes: list[str]) -> dict:
        rows = self.service.cache.current("geometries", WIJK_DATASET, area_code=codes)
        return {
            row.area_code: shape(json.loads(row.geojson)).buffer(0)
            for row in rows.itertuples()
        }


_STORES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_STORES_LOCK = threading.Lock()


def geo_store(service: Service) -> GeoStore:
    """The one GeoStore held with this service (built on first use)."""
    with _STORES_LOCK:
        store = _STORES.get(service)
        if store is None:
            store = _STORES[service] = GeoStore(service)
        return store


def register_routes(server: Flask, store: GeoStore) -> None:
    def serve(name: str) -> Response:
        body = store.document(name)
        if body is None:
            abort(404)
        response = Response(body, mimetype="application/geo+json")
        response.headers["Cache-Control"] = f"public, max-age={MAX_AGE_S}"
        return response

    @server.route("/geo/<name>.json")
    def geo_layer(name: str):
        return serve(name)

    @server.route("/geo/wijken/<code>.json")
    def geo_wijken(code: str):
        return serve(f"wijken/{code}")

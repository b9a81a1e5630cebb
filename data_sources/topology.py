"""TopoJSON to GeoJSON, for the gemeente and veiligheidsregio outlines.

The snapshot keeps boundaries as TopoJSON (shared arcs, quantised coordinates);
maps and point-in-polygon tests need plain GeoJSON geometries. The decoding follows
the TopoJSON specification: arcs are delta-encoded when the topology has a
``transform``, and a negative arc index ``~i`` means arc ``i`` reversed.
"""

from __future__ import annotations

from typing import Any


def _decode_arcs(topology: dict) -> list[list[list[float]]]:
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy, *_ in arc:
                x += dx
                y += dy
                points.append([round(x * sx + tx, 6), round(y * sy + ty, 6)])
        else:
            points = [list(p[:2]) for p in arc]
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs: list[list[list[float]]]) -> list[list[float]]:
    ring: list[list[float]] = []
    for index in indexes:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points if not ring else points[1:])  # shared end points once
    return ring


def _geometry(geometry: dict, arcs) -> dict | None:
    kind = geometry.get("type")
    if kind == "Polygon":
        return {
            "type": "Polygon",
            "coordinates": [_ring(r, arcs) for r in geometry["arcs"]],
        }
    if kind == "MultiPolygon":
        return {
            "type": "MultiPolygon",
            "coordinates": [
                [_ring(r, arcs) for r in polygon] for polygon in geometry["arcs"]
            ],
        }
    return None  # null geometries and other kinds do not occur in area layers


def features(topology: dict, layer: str) -> list[dict[str, Any]]:
    """GeoJSON features of one TopoJSON object (layer), properties kept."""
    arcs = _decode_arcs(topology)
    out = []
    for geometry in topology["objects"][layer]["geometries"]:
        shape = _geometry(geometry, arcs)
        if shape is not None:
            out.append(
                {
                    "type": "Feature",
                    "properties": geometry.get("properties", {}),
                    "geometry": shape,
                }
            )
    return out

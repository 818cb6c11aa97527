"""Loose values of folium elements read safely: numbers, lat/lon pairs, Leaflet shapes.

Leaflet locations (lat/lon lists, however deeply nested) become shapely geometries in
lon/lat; anything malformed reads as nothing rather than failing.
"""

from __future__ import annotations

import math

import numpy as np
import shapely
from shapely.geometry import MultiLineString, Polygon
from shapely.geometry.base import BaseGeometry


def _number(value: object, default: float) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default
    return number if math.isfinite(number) else default


def _latlon(value: object) -> tuple[float, float] | None:
    """Return a ``[lat, lon]`` pair as floats, or None when it is not one."""
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        return None
    try:
        lat, lon = float(value[0]), float(value[1])
    except (TypeError, ValueError):
        return None
    return (lat, lon) if math.isfinite(lat) and math.isfinite(lon) else None


def _latlon_list(value: object) -> list[tuple[float, float]]:
    if not isinstance(value, (list, tuple)):
        return []
    return [p for v in value if (p := _latlon(v)) is not None]


def _is_point(value: object) -> bool:
    return isinstance(value, (list, tuple)) and len(value) == 2 and all(
        isinstance(v, (int, float)) for v in value)


def _rings(value: object) -> list[list[tuple[float, float]]]:
    """Return the point lists of Leaflet locations, however deeply nested."""
    if not isinstance(value, (list, tuple)) or not value:
        return []
    if _is_point(value[0]):
        return [_latlon_list(value)]
    return [ring for part in value for ring in _rings(part)]


def _lines(locations: object) -> BaseGeometry | None:
    parts = [[(lon, lat) for lat, lon in ring] for ring in _rings(locations) if len(ring) >= 2]
    return MultiLineString(parts) if parts else None


def _polygons(locations: object) -> BaseGeometry | None:
    """Return a Leaflet polygon's shape: one ring, a ring and holes, or several polygons."""
    if not isinstance(locations, (list, tuple)) or not locations:
        return None
    if _is_point(locations[0]):
        groups = [[locations]]
    elif locations[0] and _is_point(locations[0][0]):
        groups = [list(locations)]  # an outer ring, then holes
    else:
        groups = [list(p) for p in locations]
    polygons = []
    for group in groups:
        rings = [[(lon, lat) for lat, lon in _latlon_list(r)] for r in group]
        rings = [r for r in rings if len(r) >= 3]
        if rings:
            polygons.append(Polygon(rings[0], rings[1:]))
    return shapely.multipolygons(polygons) if polygons else None


def _flatten(geom: BaseGeometry) -> np.ndarray:
    """Return the simple parts of any geometry, collections opened."""
    parts = shapely.get_parts(geom)
    while any(p.geom_type.startswith(("Multi", "Geometry")) for p in parts):
        parts = shapely.get_parts(parts)
    return np.asarray(parts)

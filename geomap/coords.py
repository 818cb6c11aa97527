"""The one place where coordinate order is converted.

shapely and GeoJSON use (lon, lat); folium and geopy use (lat, lon). Every other module calls
these helpers instead of swapping tuples itself.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

from shapely import affinity
from shapely.geometry import MultiPolygon, Point, Polygon, box
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel, unary_union
from shapely.validation import make_valid

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

__all__ = ["bounds_latlon", "km", "label_latlon", "latlon", "latlon_path", "main_part",
           "on_globe", "point", "split_antimeridian"]


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance in km between two (lat, lon) points (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def point(lat: float, lon: float) -> Point:
    """Build a shapely point from a latitude and a longitude.

    Examples
    --------
    >>> point(8.9936, -79.51973).x
    -79.51973
    """
    return Point(lon, lat)


def latlon(geom: BaseGeometry) -> tuple[float, float]:
    """Return ``(lat, lon)`` of a point, or of a representative point of any other geometry.

    Examples
    --------
    >>> latlon(point(1.5, 2.5))
    (1.5, 2.5)
    """
    p = geom if isinstance(geom, Point) else geom.representative_point()
    return (round(p.y, 6), round(p.x, 6))


def latlon_path(points: Iterable[BaseGeometry]) -> list[tuple[float, float]]:
    """Return a folium-ready list of ``(lat, lon)`` pairs for a sequence of geometries."""
    return [latlon(p) for p in points]


def bounds_latlon(geoms: Iterable[BaseGeometry]) -> list[list[float]] | None:
    """Return ``[[south, west], [north, east]]`` around the geometries, or ``None`` if empty."""
    boxes = [g.bounds for g in geoms if g is not None and not g.is_empty]
    if not boxes:
        return None
    west = min(b[0] for b in boxes)
    south = min(b[1] for b in boxes)
    east = max(b[2] for b in boxes)
    north = max(b[3] for b in boxes)
    return [[south, west], [north, east]]


def on_globe(points: gpd.GeoSeries) -> pd.Series:
    """Return which of a series of points have usable coordinates.

    Missing, empty, not finite (NaN, inf) or off the globe (|lat| > 90, |lon| > 180) are
    not: a table from anywhere may hold them, and one such point breaks a map's bounds.
    """
    present = points.notna() & ~points.is_empty
    xs = points.x.where(present)
    ys = points.y.where(present)
    return xs.between(-180, 180) & ys.between(-90, 90)  # NaN and inf are never between


_WEST = box(-180, -90, 180, 90)
_EAST = box(180, -90, 540, 90)


def _unwrapped(ring: Iterable[tuple[float, ...]]) -> list[tuple[float, float]]:
    """Return a ring's points with longitudes made continuous (no jump of 360°)."""
    out: list[tuple[float, float]] = []
    shift = 0.0
    for x, y, *_ in ring:
        if out:
            step = x + shift - out[-1][0]
            shift -= 360.0 * round(step / 360.0)
        out.append((x + shift, y))
    return out


def split_antimeridian(geom: BaseGeometry) -> BaseGeometry:
    """Cut polygons whose rings jump across ±180° into parts on either side of it.

    Some sources write a polygon crossing the antimeridian (Chukotka, Fiji) with longitudes
    jumping from 179.9 to -179.9; drawn as is, it becomes a stripe across the whole map.

    Examples
    --------
    >>> cut = split_antimeridian(Polygon([(170, 0), (-170, 0), (-170, 5), (170, 5)]))
    >>> cut.geom_type, [round(b) for b in cut.bounds]
    ('MultiPolygon', [-180, 0, 180, 5])
    """
    if isinstance(geom, MultiPolygon):
        parts = [split_antimeridian(p) for p in geom.geoms]
        return unary_union(parts) if any(p is not q for p, q in zip(parts, geom.geoms,
                                                                    strict=True)) else geom
    if not isinstance(geom, Polygon):
        return geom
    shell = _unwrapped(geom.exterior.coords)
    if all(abs(a[0] - b[0]) <= 180 for a, b in zip(geom.exterior.coords, shell, strict=True)):
        return geom
    whole = Polygon(shell, [_unwrapped(r.coords) for r in geom.interiors]).buffer(0)
    if whole.bounds[0] < -180:  # unwrapped westwards: move it into [-180, 540)
        whole = affinity.translate(whole, xoff=360)
    east = affinity.translate(whole.intersection(_EAST), xoff=-360)
    return unary_union([whole.intersection(_WEST), east])


def main_part(geom: BaseGeometry) -> BaseGeometry:
    """Return the largest polygon of an area (a country's mainland), else the geometry.

    Areas are compared on the ground (degrees² scaled by the cosine of latitude), so a
    high-latitude island does not outweigh a mainland by the stretch of the degrees.
    """
    if not isinstance(geom, MultiPolygon):
        return geom
    return max(geom.geoms, key=lambda p: (p.area * math.cos(math.radians(p.centroid.y)),
                                          p.bounds))


def label_latlon(geom: BaseGeometry, within: BaseGeometry | None = None) -> tuple[float, float]:
    """Return ``(lat, lon)`` where an area's name reads best: deep inside its largest part.

    The pole of inaccessibility of the mainland (:func:`shapely.ops.polylabel`), never a
    centroid at sea or on another continent ("United States" in the Russian Far East).
    With ``within`` (a view box), the part of the area inside it is used.

    Examples
    --------
    >>> label_latlon(Polygon([(0, 0), (2, 0), (2, 2), (0, 2)]))
    (1.0, 1.0)
    """
    if not geom.is_valid:  # a crossing ring has no inside until repaired
        geom = make_valid(geom)
    area = geom if within is None else geom.intersection(within)
    if area.is_empty:
        area = geom
    part = main_part(area)
    if not isinstance(part, Polygon):
        return latlon(part)
    west, south, east, north = part.bounds
    p = polylabel(part, tolerance=max(east - west, north - south) / 100 or 1e-6)
    return (round(p.y, 4), round(p.x, 4))

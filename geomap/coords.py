"""The one place where coordinate order is converted.

shapely and GeoJSON use (lon, lat); folium and geopy use (lat, lon). Every other module calls
these helpers instead of swapping tuples itself.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

__all__ = ["bounds_latlon", "km", "latlon", "latlon_path", "on_globe", "point"]


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

"""One folium element into drawable items: GeoJSON, circles, DivIcon text, many points."""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import folium
import numpy as np
import shapely
from branca.element import Element
from shapely.geometry import MultiLineString, Polygon, shape

from .items import _Cloud, _Dot, _Item, _Note, _Shape
from .locations import _flatten, _latlon, _number
from .style import _style
from .text import _clean, _shorten

if TYPE_CHECKING:
    from ..layers.points import FastPoints


def _marker_shape(el: Element, options: Mapping[str, Any], location: object,
                  z: float) -> list[_Item]:
    """Return a CircleMarker (radius in pixels) or a Circle (radius in metres)."""
    where = _latlon(location)
    if where is None:
        return []
    lat, lon = where
    style = _style(options, fill=False)
    radius = _number(options.get("radius"), 10.0)
    if isinstance(el, folium.CircleMarker):
        return [_Dot(lat, lon, max(0.0, radius), style, z)]
    # A circle in metres: as Leaflet, a circle in degrees of latitude, widened east-west.
    angles = np.linspace(0, 2 * np.pi, 73)[:-1]
    dlat = max(0.0, radius) / 111_320.0
    dlon = dlat / max(0.01, math.cos(math.radians(min(abs(lat), 89.0))))
    ring = list(zip(lon + dlon * np.cos(angles), lat + dlat * np.sin(angles), strict=True))
    return [_Shape(Polygon(ring), style, z)] if dlat > 0 else []


def _geojson(el: folium.GeoJson, z: float) -> list[_Item]:
    """Return a GeoJson layer's features, each styled by its ``style_function``."""
    data = el.data
    if not isinstance(data, Mapping):
        return []
    features: list[Any]
    if data.get("type") == "FeatureCollection":
        features = list(data.get("features") or [])
    elif data.get("type") == "Feature":
        features = [data]
    else:
        features = [{"type": "Feature", "properties": {}, "geometry": data}]
    style_function: Callable[[Any], Any] | None = getattr(el, "style_function", None)
    marker = getattr(el, "marker", None)
    items: list[_Item] = []
    for feature in features:
        if not isinstance(feature, Mapping) or not isinstance(feature.get("geometry"), Mapping):
            continue
        style: Mapping[str, Any] = {}
        if style_function is not None:
            got = style_function(feature)
            style = got if isinstance(got, Mapping) else {}
        try:
            geom = shape(feature["geometry"])
        except Exception:  # a malformed feature draws nothing, as in Leaflet
            continue
        polygons = [g for g in shapely.get_parts(_flatten(geom))
                    if g.geom_type in ("Polygon", "MultiPolygon")]
        lines = [g for g in shapely.get_parts(_flatten(geom))
                 if g.geom_type in ("LineString", "LinearRing", "MultiLineString")]
        points = [g for g in shapely.get_parts(_flatten(geom)) if g.geom_type == "Point"]
        if polygons:
            items.append(_Shape(shapely.multipolygons(polygons), _style(style, fill=True), z))
        if lines:
            items.append(_Shape(MultiLineString(lines), _style(style, fill=False), z))
        if points and isinstance(marker, (folium.CircleMarker, folium.Circle)):
            options = {**marker.options, **style}
            for p in points:
                items += _marker_shape(marker, options, (p.y, p.x), z)
    return items


_TAG = re.compile(r"<[^>]*>")


def _div_icon_note(el: folium.Marker, z: float) -> _Note | None:
    """Return the text of a marker drawn with a DivIcon; icon markers are left out."""
    where = _latlon(el.location)
    icon = next((c for c in el._children.values() if isinstance(c, folium.DivIcon)), None)
    if where is None or icon is None:
        return None
    text = _clean(html.unescape(_TAG.sub(" ", str(icon.options.get("html", "")))))
    return _Note(where[0], where[1], _shorten(text, 60), z) if text else None


def _cloud(el: FastPoints, z: float) -> _Cloud | None:
    """Return the points of geomap's many-points layer from its columns."""
    try:
        scale = float(el.scale)
        lat = np.asarray(json.loads(el.lat), dtype=np.float64) / scale
        lon = np.asarray(json.loads(el.lon), dtype=np.float64) / scale
        kinds = np.asarray(json.loads(el.types), dtype=np.int64)
        table = json.loads(el.type_table)
    except (AttributeError, TypeError, ValueError):
        return None
    if not len(lat) or len(lat) != len(lon) or len(kinds) != len(lat):
        return None
    colors = tuple(str(row[2]) if len(row) > 2 else "#333333" for row in table)
    if not colors or kinds.min() < 0 or kinds.max() >= len(colors):
        return None
    return _Cloud(lat, lon, colors, kinds, z)

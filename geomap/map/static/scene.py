"""Walking a built map's element tree into a scene: its items, view, labels and texts."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import folium
from branca.element import Element
from shapely.geometry import box

from ..chrome import DEFAULT_CREDITS, MapText
from ..layers.base import LegendKey
from .elements import _cloud, _div_icon_note, _geojson, _marker_shape
from .items import _Dot, _Item, _Note, _Shape
from .locations import _latlon, _latlon_list, _lines, _number, _polygons
from .projection import Bounds
from .style import _style

_PADDING = 30.0  # pixels around the view, as the HTML map's FitBounds
# Leaflet's panes and their z-index: vector paths sit in the overlay pane, markers above.
_PANES = {"tilePane": 200, "overlayPane": 400, "shadowPane": 500, "markerPane": 600,
          "tooltipPane": 650, "popupPane": 700}


@dataclass(frozen=True)
class _MapLabel:
    """A label the map itself carries (its ``PlaceLabels`` element), in priority order."""

    text: str
    lat: float
    lon: float
    priority: int
    area: bool
    key: bool = False
    anchors: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True)
class _Scene:
    items: list[_Item]
    bounds: Bounds | None
    padding: tuple[float, float]
    labels: list[_MapLabel]
    title: str = ""
    credits: str = DEFAULT_CREDITS
    legend: Sequence[LegendKey] = ()


def _children(el: Element) -> list[Element]:
    """Return an element's children, the Figure's header, html and script parts first."""
    parts = [getattr(el, a, None) for a in ("header", "html", "script")]
    return [p for p in parts if isinstance(p, Element)] + list(el._children.values())


_SKIPPED = (folium.TileLayer, folium.LayerControl, folium.Popup, folium.Tooltip)


def _walk(root: Element) -> Iterator[Element]:
    """Yield the page's elements in tree order, leaving out layers shown off at load."""
    stack = [root]
    seen: set[int] = set()
    while stack:
        el = stack.pop(0)
        if id(el) in seen or isinstance(el, _SKIPPED):
            continue
        seen.add(id(el))
        if isinstance(el, folium.map.Layer) and not getattr(el, "show", True):
            continue
        yield el
        stack[0:0] = _children(el)


def _collect(m: folium.Map) -> _Scene:
    """Return what the map draws, in drawing order, and the view it fits."""
    from ..layers.points import FastPoints

    elements = list(_walk(m.get_root()))
    panes: dict[str, float] = dict(_PANES)
    for el in elements:
        if isinstance(el, folium.map.CustomPane):
            panes[str(el.name)] = _number(el.z_index, 400)
    items: list[_Item] = []
    bounds: Bounds | None = None
    padding = (_PADDING, _PADDING)
    labels: list[_MapLabel] = []
    title, credits = "", DEFAULT_CREDITS
    legend: Sequence[LegendKey] = ()
    for el in elements:
        options: Mapping[str, Any] = getattr(el, "options", None) or {}
        z = panes.get(str(options.get("pane")), 0) / 100 if isinstance(options, Mapping) else 0
        if isinstance(el, folium.map.FitBounds) or el._name == "FitView":
            # The last fit wins, as in the browser; geomap's FitView pads for its panels in
            # the browser, here the view gets the usual padding.
            bounds, padding = _fit(el) or (bounds, padding)
        elif el._name == "PlaceLabels":
            labels = _map_labels(getattr(el, "labels", None))
        elif isinstance(el, MapText):
            title = el.title or title
            credits = el.credits or credits
            legend = el.keys or legend
        elif isinstance(el, folium.GeoJson):
            items += _geojson(el, z or 4.0)
        elif isinstance(el, folium.Rectangle):
            corners = _latlon_list(el.locations)
            if len(corners) == 2:
                (s, w), (n, e) = corners
                geom = box(min(w, e), min(s, n), max(w, e), max(s, n))
                items.append(_Shape(geom, _style(el.options, fill=False), z or 4.0))
        elif isinstance(el, folium.PolyLine):
            geom = _lines(el.locations)
            if geom is not None:
                items.append(_Shape(geom, _style(el.options, fill=False), z or 4.0))
        elif isinstance(el, folium.Polygon):
            geom = _polygons(el.locations)
            if geom is not None:
                items.append(_Shape(geom, _style(el.options, fill=False), z or 4.0))
        elif isinstance(el, (folium.CircleMarker, folium.Circle)):
            items += _marker_shape(el, el.options, el.location, z or 4.0)
        elif isinstance(el, folium.Marker):
            note = _div_icon_note(el, z or 6.0)
            if note is not None:
                items.append(note)
        elif isinstance(el, FastPoints):
            cloud = _cloud(el, z or 4.0)
            if cloud is not None:
                items.append(cloud)
    # Panes order the drawing (the offline basemap's pane lies under everything); within a
    # pane, tree order. The sort is stable.
    items.sort(key=lambda item: item.z)
    return _Scene(items, bounds, padding, labels, title, credits, legend)


def _map_labels(rows: object) -> list[_MapLabel]:
    """Return the labels of geomap's ``PlaceLabels`` element (dicts, most important first)."""
    labels = []
    for order, row in enumerate(rows if isinstance(rows, list) else []):
        if not isinstance(row, Mapping):
            continue
        where = _latlon([row.get("lat"), row.get("lon")])
        if where is None:
            continue
        labels.append(_MapLabel(str(row.get("text") or ""), where[0], where[1], order,
                                bool(row.get("area")), bool(row.get("key")),
                                tuple(_latlon_list(row.get("anchors")))))
    return labels


def _fit(el: Element) -> tuple[Bounds, tuple[float, float]] | None:
    corners = _latlon_list(getattr(el, "bounds", None))
    if len(corners) != 2:
        return None
    (s, w), (n, e) = corners
    options = getattr(el, "options", None)
    raw = (options.get("padding") if isinstance(options, Mapping) else None) or (
        _PADDING, _PADDING)
    try:
        pad = (float(raw[0]), float(raw[1]))
    except (TypeError, ValueError, IndexError):
        pad = (_PADDING, _PADDING)
    return ((min(s, n), min(w, e)), (max(s, n), max(w, e))), pad


def _extent(items: Sequence[_Item]) -> Bounds | None:
    """Return the bounds of what is drawn, the offline basemap aside."""
    xs: list[float] = []
    ys: list[float] = []
    for item in items:
        if item.z < _PANES["tilePane"] / 100:
            continue  # under the tiles: the basemap
        if isinstance(item, _Shape):
            west, south, east, north = item.geom.bounds
            xs += [west, east]
            ys += [south, north]
        elif isinstance(item, (_Dot, _Note)):
            xs.append(item.lon)
            ys.append(item.lat)
        else:
            xs += [float(item.lon.min()), float(item.lon.max())]
            ys += [float(item.lat.min()), float(item.lat.max())]
    finite = [(x, y) for x, y in zip(xs, ys, strict=True)
              if math.isfinite(x) and math.isfinite(y)]
    if not finite:
        return None
    return ((min(y for _, y in finite), min(x for x, _ in finite)),
            (max(y for _, y in finite), max(x for x, _ in finite)))

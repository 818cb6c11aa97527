"""The map's frame: the opening view kept clear of the panels, and a locator inset.

:class:`FitView` fits the story's view (:func:`geomap.map.view.story_view`) into the part of
the frame the title, legend and timeline leave free, measured in the browser, so nothing the
story is about opens under a panel. :class:`LocatorInset` is a small world map in a corner
with a box where the view lies, kept up to date as the reader pans and zooms.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from branca.element import MacroElement
from jinja2 import Template
from shapely.geometry import MultiPolygon, Polygon

from .chrome import PANELS

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from .view import Bounds

__all__ = ["FitView", "LocatorInset", "world_path"]

INSET_NORTH, INSET_SOUTH = 84.0, -58.0  # the inhabited world; Antarctica left out
_SIMPLIFY = 0.8  # degrees: a 124-pixel world needs no more


class FitView(MacroElement):
    """Open the map on ``bounds``, padded by the panels' real size; add it after the controls.

    Parameters
    ----------
    bounds
        ``((south, west), (north, east))``.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var bounds = {{ this.bounds|tojson }};
  var panels = {{ this.panels|tojson }};
  function fit() {
    var size = map.getSize(), box = map.getContainer().getBoundingClientRect();
    var top = 0, bottom = 0;
    panels.forEach(function (sel) {
      document.querySelectorAll(sel).forEach(function (p) {
        var r = p.getBoundingClientRect();
        if (!r.width || !r.height) { return; }
        if ((r.top + r.bottom) / 2 - box.top < size.y / 2) {
          top = Math.max(top, r.bottom - box.top);
        } else {
          bottom = Math.max(bottom, box.bottom - r.top);
        }
      });
    });
    top = Math.min(top, size.y / 4);
    bottom = Math.min(bottom, size.y / 4);
    if (size.x <= 40 || size.y <= top + bottom + 32) {
      // No room yet (a hidden or unsized frame): Leaflet would compute a NaN zoom.
      map.once("resize", fit);
      return;
    }
    map.fitBounds(bounds, {paddingTopLeft: [20, top + 16],
                           paddingBottomRight: [20, bottom + 16], animate: false});
  }
  fit();
})();
{% endmacro %}
""")

    def __init__(self, bounds: Bounds) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "FitView"
        (s, w), (n, e) = bounds
        self.bounds = [[s, w], [n, e]]
        self.panels = list(PANELS)


def _ring(coords: Iterable[tuple[float, ...]]) -> str:
    points = [(round(x + 180, 1), round(INSET_NORTH - y, 1)) for x, y, *_ in coords]
    return "M" + "L".join(f"{x:g} {y:g}" for x, y in points) + "Z"


def world_path(outlines: Mapping[str, BaseGeometry]) -> str:
    """Return an SVG path of the world's countries, 1 unit a degree, north at the top.

    Examples
    --------
    >>> world_path({"X": Polygon([(0, 0), (10, 0), (10, 10)])})
    'M180 84L190 84L190 74L180 84Z'
    """
    parts: list[str] = []
    for _, geom in sorted(outlines.items()):
        shape = geom.simplify(_SIMPLIFY, preserve_topology=False)
        polys = shape.geoms if isinstance(shape, MultiPolygon) else [shape]
        for poly in polys:
            if isinstance(poly, Polygon) and not poly.is_empty and poly.area >= 1.0:
                parts.append(_ring(poly.exterior.coords))
    return "".join(parts)


class LocatorInset(MacroElement):
    """A small world map with a box where the view lies; add it after the layer control.

    Parameters
    ----------
    path
        From :func:`world_path`.
    """

    _template = Template("""
{% macro header(this, kwargs) %}
<style>
.geomap-inset{background:#d5e5ef;border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3);
line-height:0;overflow:hidden}
.geomap-inset svg{width:124px;height:49px;display:block}
@media (max-width:640px){.geomap-inset svg{width:84px;height:33px}}
</style>
{% endmacro %}
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var NORTH = {{ this.north }}, HEIGHT = {{ this.height }};
  var ns = "http://www.w3.org/2000/svg";
  var control = L.control({position: "topright"});
  var frame;
  control.onAdd = function () {
    var div = L.DomUtil.create("div", "geomap-inset");
    div.setAttribute("role", "img");
    div.setAttribute("aria-label", "Where the map lies in the world");
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 360 " + HEIGHT);
    svg.setAttribute("aria-hidden", "true");
    var land = document.createElementNS(ns, "path");
    land.setAttribute("d", {{ this.path|tojson }});
    land.setAttribute("fill", "#bdb8ad");
    svg.appendChild(land);
    frame = document.createElementNS(ns, "rect");
    frame.setAttribute("fill", "rgba(215,48,31,.25)");
    frame.setAttribute("stroke", "#d7301f");
    frame.setAttribute("stroke-width", "2.5");
    svg.appendChild(frame);
    div.appendChild(svg);
    return div;
  };
  function update() {
    var b = map.getBounds();
    var w = Math.max(-180, b.getWest()), e = Math.min(180, b.getEast());
    var n = Math.min(NORTH, b.getNorth()), s = Math.max(NORTH - HEIGHT, b.getSouth());
    var x = w + 180, y = NORTH - n, width = Math.max(0, e - w), height = Math.max(0, n - s);
    // A view too small to see is drawn as a box of at least 8 degrees around its centre.
    if (width < 8) { x -= (8 - width) / 2; width = 8; }
    if (height < 8) { y -= (8 - height) / 2; height = 8; }
    frame.setAttribute("x", x.toFixed(1));
    frame.setAttribute("y", y.toFixed(1));
    frame.setAttribute("width", width.toFixed(1));
    frame.setAttribute("height", height.toFixed(1));
  }
  control.addTo(map);
  map.on("moveend zoomend resize", update);
  map.whenReady(update);
})();
{% endmacro %}
""")

    def __init__(self, path: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "LocatorInset"
        self.path = path
        self.north = INSET_NORTH
        self.height = INSET_NORTH - INSET_SOUTH

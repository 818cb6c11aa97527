"""Many points, light and quick: 100,000 events or a million in one map.

folium writes one JavaScript statement per marker and the browser builds one object per
marker up front; past a few thousand the page crawls. Here the points travel as compact
columns (integer coordinates, a type index, a day number, an index into a table of texts) and
the browser draws only what the view needs, on a canvas: counts per screen cell when more
than :data:`POINT_LIMIT` points are in view (click a cell to zoom in), the points themselves
once zoomed in. Popups are built on click from the columns, with ``textContent``, so no text
can inject markup. The layer listens to the timeline, and to the layer control through its
parent group.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any

import folium
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from ... import coords
from ..pages import inert_json
from ..timeline import mark_dated_range
from .events import EVENT_COLOURS

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["POINT_LIMIT", "FastPoints", "points_group"]

POINT_LIMIT = 3000  # points drawn one by one when no more than this many are in view
_SCALE = 100_000  # coordinates travel as integers: 1e-5 degrees, about a metre


class FastPoints(MacroElement):
    """The columns and the drawing code; a child of the ``FeatureGroup`` it draws into."""

    _template = Template("""
{% macro header(this, kwargs) %}
<style>.geomap-cell{background:rgba(33,102,172,.82);color:#fff;border-radius:50%;
border:2px solid #fff;display:flex;align-items:center;justify-content:center;
font:600 11px system-ui,sans-serif;box-shadow:0 1px 3px rgba(0,0,0,.4)}</style>
{% endmacro %}
{% macro script(this, kwargs) %}
(function () {
  var parent = {{ this._parent.get_name() }}, map = {{ this.map_name }};
  var LAT = {{ this.lat }}, LON = {{ this.lon }}, T = {{ this.types }}, D = {{ this.days }};
  var S = {{ this.texts }}, TYPES = {{ this.type_table }}, STR = {{ this.strings }};
  var DAY0 = Date.parse("{{ this.day0 }}"), DAY = 86400000, LIMIT = {{ this.limit }};
  var n = LAT.length, X = new Float64Array(n), Y = new Float64Array(n);
  for (var i = 0; i < n; i++) {
    var s = Math.sin(LAT[i] / {{ this.scale }} * Math.PI / 180);
    X[i] = (LON[i] / {{ this.scale }} + 180) / 360;
    Y[i] = 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
  }
  var layer = L.layerGroup().addTo(parent);
  var canvas = L.canvas({padding: 0.3});
  function iso(d) {
    return d < 0 ? "date not given" : new Date(DAY0 + d * DAY).toISOString().slice(0, 10);
  }
  function popup(i) {
    var box = document.createElement("div"), b = document.createElement("b");
    box.className = "geomap-popup";
    b.textContent = TYPES[T[i]][1];
    box.appendChild(b);
    var rows = [["Date", iso(D[i])], ["Where", (LAT[i] / {{ this.scale }}).toFixed(4) + ", " +
                (LON[i] / {{ this.scale }}).toFixed(4)]];
    if (S[i] >= 0) { rows.push(["", STR[S[i]]]); }
    rows.forEach(function (r) {
      var p = document.createElement("div");
      p.textContent = (r[0] ? r[0] + ": " : "") + r[1];
      box.appendChild(p);
    });
    return box;
  }
  function redraw() {
    layer.clearLayers();
    if (!map.hasLayer(parent)) { return; }
    var scale = 256 * Math.pow(2, map.getZoom()), px = map.getPixelBounds();
    var x0 = px.min.x - 40, x1 = px.max.x + 40, y0 = px.min.y - 40, y1 = px.max.y + 40;
    var win = map._geomapWindow, lo = -Infinity, hi = Infinity;
    if (win) { lo = (win[0] - DAY0) / DAY; hi = (win[1] - DAY0) / DAY; }
    var seen = [];
    for (var i = 0; i < n; i++) {
      var x = X[i] * scale;
      if (x < x0 || x > x1) { continue; }
      var y = Y[i] * scale;
      if (y < y0 || y > y1) { continue; }
      if (D[i] >= 0 && (D[i] < lo || D[i] >= hi)) { continue; }
      seen.push(i);
    }
    if (seen.length <= LIMIT) {
      seen.forEach(function (i) {
        L.circleMarker([LAT[i] / {{ this.scale }}, LON[i] / {{ this.scale }}], {
          renderer: canvas, radius: 5, weight: 1, color: "#ffffff", fillColor: TYPES[T[i]][2],
          fillOpacity: 0.9
        }).bindPopup(function () { return popup(i); }).addTo(layer);
      });
      return;
    }
    var CELL = 56, cells = {};
    seen.forEach(function (i) {
      var x = X[i] * scale, y = Y[i] * scale;
      var key = Math.floor(x / CELL) + ":" + Math.floor(y / CELL);
      var c = cells[key] || (cells[key] = [0, 0, 0]);
      c[0] += 1; c[1] += x; c[2] += y;
    });
    Object.keys(cells).forEach(function (key) {
      var c = cells[key], at = map.unproject([c[1] / c[0], c[2] / c[0]], map.getZoom());
      var size = Math.round(22 + 6 * Math.log10(c[0]));
      L.marker(at, {
        icon: L.divIcon({className: "geomap-cell", iconSize: [size, size],
                         html: "<span>" + c[0].toLocaleString("en") + "</span>"}),
        title: c[0] + " events: click to zoom in", keyboard: false
      }).on("click", function () { map.setView(at, Math.min(map.getZoom() + 2, 18)); })
        .addTo(layer);
    });
  }
  map.on("moveend", redraw);
  map.on("geomap:timeline", redraw);
  parent.on("add", redraw);
  redraw();
})();
{% endmacro %}
""")

    def __init__(self, lat: list[int], lon: list[int], types: list[int], days: list[int],
                 texts: list[int], type_table: list[list[str]], strings: list[str],
                 day0: dt.date) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "FastPoints"
        self.lat, self.lon = inert_json(lat), inert_json(lon)
        self.types, self.days, self.texts = inert_json(types), inert_json(days), inert_json(texts)
        self.type_table, self.strings = inert_json(type_table), inert_json(strings)
        self.day0 = day0.isoformat()
        self.scale = _SCALE
        self.limit = POINT_LIMIT
        self.map_name = "map"

    def render(self, **kwargs: Any) -> Any:
        """Find the map this layer's group sits on, then render as usual."""
        node = self._parent
        while node is not None and not isinstance(node, folium.Map):
            node = node._parent
        if node is not None:
            self.map_name = node.get_name()
        return super().render(**kwargs)  # type: ignore[no-untyped-call]


def points_group(frame: gpd.GeoDataFrame, title: str, *, code: str = "code",
                 label: str = "label", date: str = "date", text: str | None = None
                 ) -> folium.FeatureGroup:
    """Return a layer drawing every point of ``frame``, however many, quickly.

    Parameters
    ----------
    frame
        Points in EPSG:4326; rows without usable coordinates are skipped.
    title
        The layer's name in the layer control.
    code, label
        Columns with each point's type code (its colour) and readable type.
    date
        Column of ISO dates (or dates); empty for undated points, which the timeline never
        hides.
    text
        Column with a line of text shown in each point's popup (escaped in the browser).
    """
    rows = frame[coords.on_globe(frame.geometry).to_numpy()]
    xs, ys = rows.geometry.x.to_numpy(), rows.geometry.y.to_numpy()
    codes = rows[code].astype(str).tolist() if code in rows else [""] * len(rows)
    labels = rows[label].astype(str).tolist() if label in rows else codes
    type_index: dict[tuple[str, str], int] = {}
    types = [type_index.setdefault((c, lab), len(type_index)) for c, lab in zip(
        codes, labels, strict=True)]
    table = [[c, lab, EVENT_COLOURS.get(c, "#333333")] for (c, lab) in type_index]
    parsed = [_as_date(v) for v in (rows[date].tolist() if date in rows else [None] * len(rows))]
    dated = [d for d in parsed if d is not None]
    day0 = min(dated) if dated else dt.date(2000, 1, 1)
    days = [-1 if d is None else (d - day0).days for d in parsed]
    strings: dict[str, int] = {}
    texts = [-1 for _ in range(len(rows))]
    if text is not None and text in rows:
        texts = [-1 if v is None or v != v else strings.setdefault(str(v), len(strings))
                 for v in rows[text].tolist()]
    group = folium.FeatureGroup(name=title)
    points = FastPoints([round(float(v) * _SCALE) for v in ys],
                        [round(float(v) * _SCALE) for v in xs],
                        types, days, texts, table, list(strings), day0)
    if dated:
        mark_dated_range(points, (min(dated), max(dated) + dt.timedelta(days=1)))
    group.add_child(points)
    return group


def _as_date(value: object) -> dt.date | None:
    """Return a cell as a date, or None; the calendar's last day (it has no end) is None."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            return None
    return day if day < dt.date.max else None

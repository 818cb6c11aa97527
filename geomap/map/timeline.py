"""A time control that filters the map's dated items and works with the layer control.

folium's ``TimestampedGeoJson`` owns its features, so the layer control cannot hide them
(folium issue 2175). Here every layer stays an ordinary ``FeatureGroup``; a layer marks its
dated elements with :func:`mark_dated`, and the control adds them to or removes them from
their own group as the reader moves the sliders. Hiding a group in the layer control hides
everything in it; showing it again shows only what the timeline lets through. Undated
items are never touched, so they stay visible.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

__all__ = ["Timeline", "dated_items", "mark_dated", "mark_dated_range"]

_ATTR = "_geomap_dates"
_RANGE = "_geomap_date_range"


def mark_dated(element: Element, span: tuple[dt.date, dt.date] | None) -> Element:
    """Mark a map element as standing for the days ``[start, end)``; ``None`` leaves it undated.

    Returns the element, so a layer can write ``mark_dated(folium.Marker(...), span)``.
    """
    if span is not None:
        setattr(element, _ATTR, (span[0].isoformat(), span[1].isoformat()))
    return element


def mark_dated_range(element: Element, span: tuple[dt.date, dt.date]) -> Element:
    """Mark an element that filters itself by date (it listens to ``geomap:timeline``).

    The timeline's range then covers ``[start, end)`` too.
    """
    setattr(element, _RANGE, (span[0].isoformat(), span[1].isoformat()))
    return element


def _ranges(group: Element) -> Iterator[tuple[str, str]]:
    stack = list(group._children.values())
    while stack:
        el = stack.pop(0)
        span = getattr(el, _RANGE, None)
        if span is not None:
            yield span
        stack[0:0] = list(el._children.values())


def dated_items(group: Element) -> Iterator[tuple[Element, Element, str, str]]:
    """Yield ``(group, element, start, end)`` for every dated element under ``group``."""
    stack = list(group._children.values())
    while stack:
        el = stack.pop(0)
        span = getattr(el, _ATTR, None)
        if span is not None:
            yield group, el, span[0], span[1]
        stack[0:0] = list(el._children.values())


class Timeline(MacroElement):
    """Two sliders (from, to) and a reset button; hides dated items outside the window.

    Parameters
    ----------
    items
        ``(group, element, start, end)`` from :func:`dated_items`, ISO dates, end exclusive.
    """

    _template = Template("""
{% macro header(this, kwargs) %}
<style>
.geomap-timeline{background:rgba(255,255,255,.95);padding:4px 8px;border-radius:6px;
font:11px/1.3 system-ui,sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3);width:250px}
.geomap-timeline b{display:block;font-size:12px}
.geomap-timeline-row{display:flex;gap:8px}
.geomap-timeline label{flex:1;min-width:0}
.geomap-timeline input[type=range]{width:100%;margin:0;height:14px}
.geomap-timeline output{font-weight:600}
.geomap-timeline button{font:inherit;cursor:pointer;padding:0 4px;margin-left:4px}
</style>
{% endmacro %}
{% macro script(this, kwargs) %}
(function () {
  var items = [
  {%- for group, el, start, end in this.items %}
    [{{ group.get_name() }}, {{ el.get_name() }},
     "{{ start }}", "{{ end }}"]{{ "," if not loop.last }}
  {%- endfor %}
  ];
  var DAY = 86400000, t0 = Date.parse("{{ this.first }}"), days = {{ this.days }};
  var iso = function (t) { return new Date(t).toISOString().slice(0, 10); };
  var control = L.control({position: "bottomright"});
  var from, to, out;
  control.onAdd = function () {
    var div = L.DomUtil.create("div", "geomap-timeline");
    div.setAttribute("role", "group");
    div.setAttribute("aria-label", "Timeline: show only what happened between two dates");
    div.innerHTML = "<b>Timeline</b><div class='geomap-timeline-body'>" +
      "<div class='geomap-timeline-row'>" +
      "<label>From <input type='range' class='geomap-from' min='0' max='" + days +
      "' value='0' step='1'></label>" +
      "<label>To <input type='range' class='geomap-to' min='0' max='" + days +
      "' value='" + days + "' step='1'></label></div>" +
      "<output aria-live='polite' title='Undated items are always shown'></output>" +
      "<button type='button' class='geomap-all'>All dates</button></div>";
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    from = div.querySelector(".geomap-from");
    to = div.querySelector(".geomap-to");
    out = div.querySelector("output");
    from.addEventListener("input", function () { apply("from"); });
    to.addEventListener("input", function () { apply("to"); });
    div.querySelector(".geomap-all").addEventListener("click", function () {
      from.value = 0; to.value = days; apply();
    });
    return div;
  };
  function apply(moved) {
    var a = +from.value, b = +to.value;
    if (a > b) { if (moved === "from") { to.value = a; b = a; } else { from.value = b; a = b; } }
    var lo = t0 + a * DAY, hi = t0 + (b + 1) * DAY, shown = 0;
    items.forEach(function (it) {
      var on = Date.parse(it[2]) < hi && Date.parse(it[3]) > lo;
      if (on) { shown += 1; if (!it[0].hasLayer(it[1])) { it[0].addLayer(it[1]); } }
      else if (it[0].hasLayer(it[1])) { it[0].removeLayer(it[1]); }
    });
    out.textContent = iso(lo) + " to " + iso(hi - DAY) + (items.length ? ": " + shown +
      " of " + items.length + " dated items" : "");
    map._geomapWindow = [lo, hi];
    map.fire("geomap:timeline", {from: lo, to: hi});
  }
  var map = {{ this._parent.get_name() }};
  control.addTo(map);
  apply();
})();
{% endmacro %}
""")

    def __init__(self, items: list[tuple[Any, Any, str, str]],
                 ranges: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "Timeline"
        self.items = items
        spans = [(s, e) for _, _, s, e in items] + list(ranges)
        first = min(dt.date.fromisoformat(s) for s, _ in spans)
        last = max(dt.date.fromisoformat(e) for _, e in spans) - dt.timedelta(days=1)
        self.first = first.isoformat()
        self.days = max(0, (last - first).days)

    @classmethod
    def for_map(cls, m: folium.Map, groups: Sequence[Element]) -> Timeline | None:
        """Return a timeline over the dated items of ``groups``; None below two distinct dates.

        With one date there is nothing to narrow: the control would only take room.
        """
        items = [item for g in groups for item in dated_items(g)]
        ranges = [span for g in groups for span in _ranges(g)]
        # A range stands for many dated items: its first and last day count.
        last = {(dt.date.fromisoformat(e) - dt.timedelta(days=1)).isoformat() for _, e in ranges}
        if len({s for _, _, s, _ in items} | {s for s, _ in ranges} | last) < 2:
            return None
        timeline = cls(items, ranges)
        timeline.add_to(m)
        return timeline

"""Place names on the interactive map, laid out again at every zoom so none collide.

The labels of :func:`geomap.map.labels.story_labels` go into a pane of their own. After
every move or zoom, and when a panel opens or folds, they are placed in priority order: a
town's name beside its dot (each side, then each corner), an area's name over the first of
its anchors in view (centred, nudged up or down, slid sideways at the frame's edge). A name
that would overlap a name already placed, a panel, or the frame's edge is hidden until there
is room for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from branca.element import MacroElement
from jinja2 import Template

from .chrome import PANELS
from .pages import inert_json

if TYPE_CHECKING:
    from .labels import Label

__all__ = ["LABEL_PANE", "PlaceLabels"]

LABEL_PANE = "geomap-labels"  # over the markers (600), under the popups (700)


class PlaceLabels(MacroElement):
    """The map's place names, with collision avoidance; add it to the map after the controls.

    Parameters
    ----------
    labels
        From :func:`geomap.map.labels.story_labels`, most important first.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var labels = {{ this.labels_json }};
  var panels = {{ this.panels|tojson }};
  var pane = map.createPane({{ this.pane|tojson }});
  pane.style.zIndex = 650;
  pane.style.pointerEvents = "none";
  var els = labels.map(function (lab) {
    var el = L.DomUtil.create("div", "geomap-label" + (lab.area ? " geomap-label-area" : "") +
                              (lab.key ? " geomap-label-key" : ""), pane);
    el.textContent = lab.text;
    el.setAttribute("data-place", lab.place);
    if (lab.key) { el.setAttribute("data-key", "1"); }
    return el;
  });
  function rect(l, t, w, h) { return {left: l, top: t, right: l + w, bottom: t + h}; }
  function hit(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }
  function layout() {
    var size = map.getSize(), box = map.getContainer().getBoundingClientRect();
    var taken = [], view = map.getBounds();
    panels.forEach(function (sel) {
      document.querySelectorAll(sel).forEach(function (p) {
        var r = p.getBoundingClientRect();
        if (r.width && r.height) {
          taken.push(rect(r.left - box.left - 2, r.top - box.top - 2, r.width + 4, r.height + 4));
        }
      });
    });
    pane.classList.remove("geomap-labels-moving");
    labels.forEach(function (lab, i) {
      var el = els[i];
      el.style.display = "block";
      var w = el.offsetWidth, h = el.offsetHeight, placed = null;
      var anchors = [[lab.lat, lab.lon]].concat(lab.anchors);
      for (var a = 0; a < anchors.length && !placed; a++) {
        if (!view.contains(anchors[a])) { continue; }
        var pt = map.latLngToContainerPoint(anchors[a]);
        // A town's name beside its dot: the sides first, then the corners. An area's name
        // over its anchor (the point of the visible outline furthest from its edges):
        // centred, nudged up or down, then slid sideways at the frame's edge, the anchor
        // always under the name.
        var spots = [];
        if (lab.area) {
          [-w / 2, 8 - w, -8].forEach(function (dx) {
            [-h / 2, -1.6 * h, 0.6 * h, -2.7 * h, 1.7 * h].forEach(function (dy) {
              spots.push([dx, dy]);
            });
          });
        } else {
          spots = [[9, -h / 2], [-9 - w, -h / 2], [-w / 2, -h - 7], [-w / 2, 7],
                   [6, -h - 3], [6, 3], [-6 - w, -h - 3], [-6 - w, 3]];
        }
        for (var s = 0; s < spots.length; s++) {
          var left = pt.x + spots[s][0];
          if (spots[s][0] === -w / 2) {
            // Centred above or below: slide along the frame's edge, still over the point.
            left = Math.max(3, Math.min(size.x - 3 - w, left));
          }
          var r = rect(left, pt.y + spots[s][1], w, h);
          if (r.left < 2 || r.top < 2 || r.right > size.x - 2 || r.bottom > size.y - 2) {
            continue;
          }
          if (taken.some(function (t) { return hit(r, t); })) { continue; }
          placed = r;
          break;
        }
      }
      if (!placed) {
        el.style.display = "none";
        el.removeAttribute("data-shown");
        return;
      }
      taken.push(placed);
      L.DomUtil.setPosition(el, map.containerPointToLayerPoint([placed.left, placed.top]));
      el.setAttribute("data-shown", "1");
    });
  }
  map.on("zoomstart", function () { pane.classList.add("geomap-labels-moving"); });
  map.on("zoomend moveend resize", layout);
  window.addEventListener("geomap:panels", layout);
  map.whenReady(function () { setTimeout(layout, 0); });
})();
{% endmacro %}
""")

    def __init__(self, labels: Sequence[Label]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "PlaceLabels"
        self.pane = LABEL_PANE
        self.panels = list(PANELS)
        labels_data: list[dict[str, Any]] = [
            {"text": lab.text, "lat": lab.lat, "lon": lab.lon,
             "anchors": [list(a) for a in lab.anchors], "area": lab.area, "key": lab.key,
             "place": lab.place_id} for lab in labels]
        self.labels = labels_data
        # Names come from articles: through inert JSON only (branca reads scripts again).
        self.labels_json = inert_json(labels_data)

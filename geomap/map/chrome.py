"""The page around the map: title, legend with credits, styles, and the compact mode.

In a frame narrower than 640 px (a phone, a narrow article column) the map would vanish
under its own furniture, so the page folds it: the title is clamped to two lines, and the
legend, the layer list and the timeline shrink to buttons a reader can open (keyboard
included: they are ``<details>`` and ``<button>`` elements).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from branca.element import MacroElement
from jinja2 import Template
from markupsafe import Markup

from .pages import render_fragment

if TYPE_CHECKING:
    import geopandas as gpd

    from ..story import Story
    from .layers.base import LegendKey

__all__ = ["STYLE", "CompactMode", "legend_html", "points_legend_html", "title_html"]

COMPACT_WIDTH = 640

STYLE = """<style>
html .leaflet-container{background:#d5e5ef}
.geomap-area-label{background:rgba(255,255,255,.8);border:0;box-shadow:none;font-weight:600;
color:#333;padding:1px 5px;pointer-events:none;margin-top:-26px}
.geomap-area-label:before{display:none}
.geomap-popup table{border-collapse:collapse;font-size:12px}
.geomap-popup th{text-align:left;padding-right:6px;vertical-align:top;color:#555}
.geomap-popup ul{padding-left:16px;margin:6px 0 0;max-height:240px;overflow-y:auto}
.geomap-title{position:fixed;top:10px;left:54px;z-index:9999;background:rgba(255,255,255,.94);
padding:6px 12px;border-radius:6px;font:600 16px/1.3 system-ui,sans-serif;max-width:60%;
box-shadow:0 1px 4px rgba(0,0,0,.3)}
.geomap-legend{position:fixed;bottom:24px;left:10px;z-index:9999;max-width:260px;
background:rgba(255,255,255,.94);padding:8px 10px;border-radius:6px;
font:12px/1.45 system-ui,sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3)}
.geomap-legend summary{font-weight:700;cursor:pointer}
.geomap-fold{display:none;font:600 12px system-ui,sans-serif;padding:4px 8px;cursor:pointer;
background:#fff;border:0;border-radius:4px}
@media (max-width:640px){
.geomap-title{font-size:13px;padding:4px 8px 0;border-bottom:4px solid rgba(255,255,255,.94);
max-width:calc(100% - 150px);display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;
overflow:hidden;max-height:calc(2.6em + 4px)}
.geomap-legend{max-width:70%;bottom:44px;padding:4px 8px}
.geomap-fold{display:block}
.geomap-folded .leaflet-control-layers-list,.geomap-folded .geomap-timeline-body,
.geomap-timeline.geomap-folded>b{display:none!important}
.geomap-timeline{max-width:180px}
}
</style>"""

_COMPACT_SCRIPT = """
(function () {
  if (window.innerWidth >= COMPACT_WIDTH) { return; }
  var legend = document.querySelector(".geomap-legend");
  if (legend) { legend.removeAttribute("open"); }
  function foldable(box, label) {
    if (!box) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "geomap-fold";
    button.textContent = label;
    button.setAttribute("aria-expanded", "false");
    box.classList.add("geomap-folded");
    button.addEventListener("click", function () {
      var open = !box.classList.toggle("geomap-folded");
      button.setAttribute("aria-expanded", String(open));
    });
    box.insertBefore(button, box.firstChild);
  }
  foldable(document.querySelector(".leaflet-control-layers"), "Layers");
  foldable(document.querySelector(".geomap-timeline"), "Timeline");
})();
""".replace("COMPACT_WIDTH", str(COMPACT_WIDTH))

_TILE_CREDITS = {"openstreetmap": "© OpenStreetMap contributors (ODbL)",
                 "cartodb positron": "© OpenStreetMap contributors, © CARTO",
                 "cartodb dark_matter": "© OpenStreetMap contributors, © CARTO"}


def _credits(story: Story, tiles: str | None) -> str:
    outlets = sorted({a.outlet for a in story.articles if a.outlet})
    parts = [f"Articles: {', '.join(outlets) or 'unnamed outlets'}",
             "Places: GeoNames (CC BY 4.0) and geomap's curated, sourced records",
             "Outlines: Natural Earth, US Census"]
    if tiles:
        parts.append(f"Tiles: {_TILE_CREDITS.get(tiles.lower(), tiles)}")
    return "Sources — " + "; ".join(parts) + "."


def points_legend_html(frame: gpd.GeoDataFrame, source: str | None, tiles: str | None) -> str:
    """Return the legend of a many-points map: its types, cells, and credits."""
    from .layers.events import EVENT_COLOURS

    kinds: dict[str, str] = {}
    if "code" in frame:
        labels = frame["label"] if "label" in frame else frame["code"]
        for code, label in zip(frame["code"], labels, strict=True):
            kinds.setdefault(str(code), str(label))
    rows = [(EVENT_COLOURS.get(c, "#333333"), label) for c, label in sorted(kinds.items())]
    parts = [f"Events: {source or 'unnamed source'}"]
    if tiles:
        parts.append(f"Tiles: {_TILE_CREDITS.get(tiles.lower(), tiles)}")
    return render_fragment("points_legend.html", rows=rows,
                           credits="Sources — " + "; ".join(parts) + ".")


# How each legend symbol is drawn (fixed markup; a key's colour and label are escaped).
_SYMBOLS = {"dot": "&#9679;", "ring": "&#9711;", "dashed-ring": "&#9711;", "line": "&mdash;",
            "dashed": "- - -", "dotted": "&middot;&middot;&middot;", "arrow": "&mdash;&#9654;",
            "dashed-arrow": "- -&#9654;", "dotted-arrow": "&middot;&middot;&#9654;"}
_COLOUR = re.compile(r"^#[0-9a-fA-F]{3,8}$")


def legend_html(story: Story, tiles: str | None, keys: Sequence[LegendKey] = ()) -> str:
    """Return the legend: the keys of what the layers drew, then the credit line."""
    for key in keys:
        if not _COLOUR.match(key.color):
            raise ValueError(f"legend colour {key.color!r} is not a #rgb hex colour")
    return render_fragment("legend.html", keys=list(dict.fromkeys(keys)),
                           symbols={k: Markup(v) for k, v in _SYMBOLS.items()},
                           credits=_credits(story, tiles))


def title_html(title: str) -> str:
    """Return the map's visible title (escaped)."""
    return render_fragment("title.html", title=title)


class CompactMode(MacroElement):
    """The script that folds the furniture in narrow frames; add it to the map last."""

    _template = Template("{% macro script(this, kwargs) %}" + _COMPACT_SCRIPT
                         + "{% endmacro %}")

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "CompactMode"

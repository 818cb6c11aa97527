"""The page around the map: title, legend with credits, styles, and the compact mode.

In a frame narrower than 640 px (a phone, a narrow article column) the map would vanish
under its own furniture, so the page folds it: the title is clamped to two lines, and the
legend, the layer list and the timeline shrink to buttons a reader can open (keyboard
included: they are ``<details>`` and ``<button>`` elements).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from branca.element import MacroElement
from jinja2 import Template

from .pages import PageElement, render_fragment

if TYPE_CHECKING:
    import geopandas as gpd

    from ..story import Story
    from .layers.base import LegendKey

__all__ = ["DEFAULT_CREDITS", "PANELS", "STYLE", "CompactMode", "MapText", "credit_line",
           "legend_html", "points_legend_html", "title_html"]

COMPACT_WIDTH = 640
COMPACT_HEIGHT = 560

# The panels over the map, for the label layout (labels never go under them), the fitted
# view (it keeps clear of them) and the browser tests (they measure how much they cover).
PANELS = (".geomap-title", ".geomap-legend", ".leaflet-control-layers", ".geomap-timeline",
          ".geomap-inset", ".leaflet-control-zoom", ".leaflet-control-attribution",
          ".leaflet-control-scale")
# An open legend larger than this share of the frame starts folded to its one-line summary.
LEGEND_SHARE = 0.03

STYLE = """<style>
html .leaflet-container{background:#d5e5ef}
.geomap-popup table{border-collapse:collapse;font-size:12px}
.geomap-popup th{text-align:left;padding-right:6px;vertical-align:top;color:#555}
.geomap-popup ul{padding-left:16px;margin:6px 0 0;max-height:240px;overflow-y:auto}
.geomap-title{position:fixed;top:10px;left:54px;z-index:9999;background:rgba(255,255,255,.94);
padding:5px 10px 0;border-bottom:5px solid transparent;border-radius:6px;
font:600 15px/1.3 system-ui,sans-serif;
max-width:min(44%,560px);box-shadow:0 1px 4px rgba(0,0,0,.3);display:-webkit-box;
-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden}
.geomap-legend{position:fixed;bottom:46px;left:10px;z-index:9999;max-width:250px;
max-height:calc(100% - 120px);overflow:auto;background:rgba(255,255,255,.94);
padding:4px 8px;border-radius:6px;font:12px/1.4 system-ui,sans-serif;
box-shadow:0 1px 4px rgba(0,0,0,.3)}
.geomap-legend summary{font-weight:700;cursor:pointer;white-space:nowrap}
.geomap-legend[open] .geomap-key-dot{display:none}
.geomap-key-dot{display:inline-block;width:8px;height:8px;border-radius:50%;margin-left:4px}
.geomap-legend-group b{display:block;margin-top:4px;color:#333}
.geomap-key{white-space:nowrap}
.geomap-swatch{vertical-align:middle;margin-right:4px}
.geomap-credits{margin-top:4px;color:#444;white-space:normal}
.geomap-fold{font:600 12px system-ui,sans-serif;padding:4px 8px;cursor:pointer;
background:#fff;border:0;border-radius:4px}
.geomap-folded .leaflet-control-layers-list,.geomap-folded .geomap-timeline-body,
.geomap-timeline.geomap-folded>b{display:none!important}
.leaflet-control-layers.geomap-folded,.geomap-timeline.geomap-folded{padding:0;width:auto}
.geomap-label{position:absolute;white-space:nowrap;pointer-events:none;
font:600 12px/1.2 system-ui,sans-serif;color:#1a1a1a;
text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 3px #fff,0 0 4px #fff}
.geomap-label-area{font-weight:700;font-size:11px;letter-spacing:.08em;text-transform:uppercase;
color:#4a4a4a}
.geomap-label-key{font-size:13px}
.geomap-label-area.geomap-label-key{font-size:12px}
.geomap-labels-moving .geomap-label{visibility:hidden}
@media (max-width:640px){
.geomap-title{font-size:13px;padding:4px 8px 0;border-bottom-width:4px;
max-width:calc(100% - 170px)}
.geomap-legend{max-width:70%;bottom:46px}
.geomap-timeline{max-width:180px}
}
</style>"""

_FURNITURE_SCRIPT = """
(function () {
  var narrow = window.innerWidth < COMPACT_WIDTH;
  var legend = document.querySelector(".geomap-legend");
  if (legend && legend.open) {
    var box = legend.getBoundingClientRect();
    if (narrow || box.width * box.height > LEGEND_SHARE * window.innerWidth * window.innerHeight) {
      legend.removeAttribute("open");
    }
  }
  function changed() { window.dispatchEvent(new Event("geomap:panels")); }
  if (legend) { legend.addEventListener("toggle", changed); }
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
      changed();
    });
    box.insertBefore(button, box.firstChild);
  }
  foldable(document.querySelector(".leaflet-control-layers"), "Layers");
  // The timeline folds where it would take a tenth of a small frame (phones, short embeds).
  if (narrow || window.innerHeight < COMPACT_HEIGHT) {
    foldable(document.querySelector(".geomap-timeline"), "Timeline");
  }
  changed();
})();
""".replace("COMPACT_WIDTH", str(COMPACT_WIDTH)).replace("COMPACT_HEIGHT", str(COMPACT_HEIGHT)) \
    .replace("LEGEND_SHARE", str(LEGEND_SHARE))

_TILE_CREDITS = {"openstreetmap": "© OpenStreetMap contributors (ODbL)",
                 "cartodb positron": "© OpenStreetMap contributors, © CARTO",
                 "cartodb dark_matter": "© OpenStreetMap contributors, © CARTO"}


# The map's data sources: (what, in the legend, in an image's one-line credits).
_SOURCES = (("Places", "GeoNames (CC BY 4.0) and geomap's curated, sourced records",
             "GeoNames (CC BY 4.0)"),
            ("Outlines", "Natural Earth, US Census", "Natural Earth, US Census"))


def credit_line(outlets: Iterable[str | None] = (), tiles: str | None = None, *,
                short: bool = False) -> str:
    """Return the credits of a story's map: its articles' outlets, then the map's data.

    The legend's sentence by default; with ``short``, the one line a static image carries.

    Examples
    --------
    >>> credit_line(["Reuters", "AP", "Reuters"], short=True)[:30]
    'Articles: AP, Reuters · Places'
    """
    names = sorted({o.strip() for o in outlets if o and o.strip()})
    if short:
        return " · ".join([*([f"Articles: {', '.join(names)}"] if names else []),
                           *(f"{what}: {brief}" for what, _, brief in _SOURCES), "Map: geomap"])
    parts = [f"Articles: {', '.join(names) or 'unnamed outlets'}",
             *(f"{what}: {full}" for what, full, _ in _SOURCES)]
    if tiles:
        parts.append(f"Tiles: {_TILE_CREDITS.get(tiles.lower(), tiles)}")
    return "Sources — " + "; ".join(parts) + "."


DEFAULT_CREDITS = credit_line(short=True)
"""An image's credits when it has no articles' outlets to name."""


class MapText(PageElement):
    """A finished piece of the page's text that also tells other renderers what it says.

    The static renderer (:mod:`geomap.map.static`) reads the title, credits and legend keys
    of a built map from these elements instead of parsing HTML.
    """

    def __init__(self, html: str, *, title: str = "", credits: str = "",
                 keys: Sequence[LegendKey] = ()) -> None:
        super().__init__(html)
        self.title = title
        self.credits = credits
        self.keys = list(keys)


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


_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")


def legend_html(story: Story, tiles: str | None,
                groups: Sequence[tuple[str, Sequence[LegendKey]]] = ()) -> str:
    """Return the legend: each drawn layer's title and keys, then the credit line.

    Its one-line summary (what a folded legend shows) carries a dot of each colour drawn.
    """
    shown = [(title, list(dict.fromkeys(keys))) for title, keys in groups if keys]
    for _, keys in shown:
        for key in keys:
            if not _COLOUR.fullmatch(key.color):
                raise ValueError(f"legend colour {key.color!r} is not a #rgb hex colour")
    preview = list(dict.fromkeys(k.color for _, keys in shown for k in keys
                                 if k.symbol in ("dot", "line", "arrow")))[:8]
    return render_fragment("legend.html", groups=shown, preview=preview,
                           credits=credit_line((a.outlet for a in story.articles), tiles))


def title_html(title: str) -> str:
    """Return the map's visible title (escaped)."""
    return render_fragment("title.html", title=title)


class CompactMode(MacroElement):
    """The script that folds the furniture; add it after the controls.

    The layer list is always folded behind a button, the legend where it would cover too much
    of the frame, the timeline in narrow frames.
    """

    _template = Template("{% macro script(this, kwargs) %}" + _FURNITURE_SCRIPT
                         + "{% endmacro %}")

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "CompactMode"

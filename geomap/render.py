"""Assemble the map: layers, layer control, title, legend, credits; save it deterministically.

:func:`build_map` returns a real :class:`folium.Map` that callers may keep customising;
:func:`save_map` writes it with stable element ids (byte-identical output for the same input),
either linking folium's CDN assets or inlining Leaflet from the XStatic-Leaflet package so the
file needs no network except optional map tiles.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import folium
from branca.element import Element, Figure
from shapely.geometry import box, mapping
from shapely.geometry.base import BaseGeometry

from . import coords
from .files import atomic_write_text
from .layers.base import escape, get_layer
from .timeline import Timeline

if TYPE_CHECKING:
    from .story import Story

__all__ = ["DEFAULT_LAYERS", "build_map", "save_map"]

DEFAULT_LAYERS = ("regions", "corridor", "visits", "events", "places")
BASEMAP_NAME = "Offline basemap (country outlines)"
BASEMAP_PANE = "geomap-basemap"  # z-index 150: under the tiles (200), over the background

_STYLE = """<style>
html .leaflet-container{background:#d5e5ef}
.geomap-area-label{background:rgba(255,255,255,.8);border:0;box-shadow:none;font-weight:600;
color:#333;padding:1px 5px;pointer-events:none;margin-top:-26px}
.geomap-area-label:before{display:none}
.geomap-popup table{border-collapse:collapse;font-size:12px}
.geomap-popup th{text-align:left;padding-right:6px;vertical-align:top;color:#555}
.geomap-popup ul{padding-left:16px;margin:6px 0 0;max-height:240px;overflow-y:auto}
</style>"""

_LEGEND = """
<div class="geomap-legend" role="region" aria-label="Legend" style="position:fixed;bottom:24px;
left:10px;z-index:9999;background:rgba(255,255,255,.94);padding:8px 10px;border-radius:6px;
font:12px/1.45 system-ui,sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3);max-width:260px">
<b>Legend</b><br>
<span style="color:#1f4e79">&#9679;</span> country &nbsp;
<span style="color:#6a3d9a">&#9679;</span> region / province<br>
<span style="color:#b2182b">&#9679;</span> city &nbsp;
<span style="color:#e66101">&#9679;</span> village &nbsp;
<span style="color:#888">&#9679;</span> only in a link<br>
<span style="color:#e66101">&#9711;</span> dashed circle: approximate location<br>
<span style="color:#1f78b4">- - -</span> boat &nbsp;
<span style="color:#b15928">&middot;&middot;&middot;</span> on foot &nbsp; <span style="color:#33a02c">&mdash;</span> bus (corridor)<br>
<span style="color:#d7301f">&mdash;&#9654;</span> visit that happened &nbsp;
<span style="color:#737373">- -&#9654;</span> proposed<br>
<b>Events</b>: <span style="color:#d7301f">&#9679;</span> visit
<span style="color:#984ea3">&#9679;</span> meeting
<span style="color:#1a9850">&#9679;</span> agreement
<span style="color:#525252">&#9679;</span> troops
<span style="color:#2166ac">&#9679;</span> migration<br>
filled: happened &nbsp; dashed ring: proposed &nbsp; grey dotted: denied
<div style="margin-top:4px;color:#444">{credits}</div>
</div>
"""


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
    return escape("Sources — " + "; ".join(parts) + ".")


def _title_html(title: str) -> str:
    return (f'<div class="geomap-title" role="heading" aria-level="1" style="position:fixed;'
            f"top:10px;left:54px;z-index:9999;background:rgba(255,255,255,.94);padding:6px 12px;"
            f"border-radius:6px;font:600 16px/1.3 system-ui,sans-serif;max-width:60%;"
            f'box-shadow:0 1px 4px rgba(0,0,0,.3)">{escape(title)}</div>')


def _focus_bounds(story: Story) -> list[list[float]] | None:
    """Fit the view to the places the story is about, not every country it names."""
    body = [p for p in story.places if not p.only_in_related_links]
    geoms = {p.id: story.gazetteer.geometry(p.id) for p in body}
    # Local places and small regions make the focus; countries and large regions are context.
    local = [g for p in body if p.candidate.kind not in ("country", "continent")
             and _span_degrees(g := geoms[p.id]) <= FOCUS_MAX_DEGREES]
    bounds = coords.bounds_latlon(local or [geoms[p.id] for p in body])
    if bounds is None:
        return None
    # Never zoom in so far that the surroundings (neighbours, coasts) disappear.
    (s, w), (n, e) = bounds
    lat_pad = max(0.0, (FOCUS_MIN_DEGREES - (n - s)) / 2)
    lon_pad = max(0.0, (FOCUS_MIN_DEGREES - (e - w)) / 2)
    return [[s - lat_pad, w - lon_pad], [n + lat_pad, e + lon_pad]]


FOCUS_MAX_DEGREES = 6.0
FOCUS_MIN_DEGREES = 4.0


def _span_degrees(geom: BaseGeometry) -> float:
    west, south, east, north = geom.bounds
    return float(max(east - west, north - south))


def _basemap(story: Story, bounds: list[list[float]] | None) -> folium.FeatureGroup:
    """Country outlines around the view, in a pane under the tiles.

    With tiles the outlines stay hidden beneath them; without tiles (offline, a blocked tile
    server, ``tiles=None``) they show through, so the map still reads.
    """
    (s, w), (n, e) = bounds or [[-60.0, -180.0], [80.0, 180.0]]
    area = box(w - 25, s - 20, e + 25, n + 20)
    shapes = [{"type": "Feature", "properties": {},
               "geometry": mapping(geom.simplify(0.02, preserve_topology=True))}
              for _, geom in sorted(story.gazetteer.country_outlines().items())
              if geom.intersects(area)]
    group = folium.FeatureGroup(name=BASEMAP_NAME, control=False)
    folium.GeoJson({"type": "FeatureCollection", "features": shapes},
                   style_function=lambda _f: {"color": "#9a9a9a", "weight": 0.6,
                                              "fillColor": "#f2efe9", "fillOpacity": 1.0},
                   interactive=False, smooth_factor=1.0, pane=BASEMAP_PANE).add_to(group)
    return group


def build_map(story: Story, layers: Sequence[str] | None = None, *, title: str | None = None,
              tiles: str | None = "OpenStreetMap", basemap: bool = True,
              timeline: bool = True) -> folium.Map:
    """Build the story's map.

    Parameters
    ----------
    story
        From :func:`geomap.read`.
    layers
        Registered layer names, drawn in this order (see ``geomap layers``);
        :data:`DEFAULT_LAYERS` when ``None``.
    title
        Shown at the top of the map and as the page title; the first article's headline
        by default.
    tiles
        A folium tile name, or ``None`` for no tiles.
    basemap
        Draw light country outlines under everything, so the map reads offline.
    timeline
        Add a time control over the items the layers mark as dated (see
        :func:`geomap.timeline.mark_dated`), when there are any.

    Returns
    -------
    folium.Map
        With a layer control, legend and credits; keep customising it as you like.

    Examples
    --------
    >>> import geomap
    >>> m = geomap.build_map(geomap.read("seeds/"), layers=["places"])  # doctest: +SKIP
    >>> m.save("places.html")  # doctest: +SKIP
    """
    names = list(DEFAULT_LAYERS if layers is None else layers)
    chosen = [get_layer(n) for n in names]  # unknown names fail before any work
    bounds = _focus_bounds(story)
    m = folium.Map(location=[0, 0], zoom_start=2, tiles=None, control_scale=True)
    if tiles:
        # A readable name in the layer control instead of folium's key ("openstreetmap").
        folium.TileLayer(tiles, name=f"Street map ({tiles})").add_to(m)
    root = m.get_root()
    assert isinstance(root, Figure)
    root.header.add_child(Element(_STYLE), name="geomap_style")
    if basemap:
        folium.map.CustomPane(BASEMAP_PANE, z_index=150, pointer_events=False).add_to(m)
        _basemap(story, bounds).add_to(m)
    groups = [layer.build(story) for layer in chosen]
    for group in groups:
        group.add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    if timeline:
        Timeline.for_map(m, groups)
    if bounds:
        m.fit_bounds(bounds, padding=(30, 30))
    heading = title or next((a.title for a in story.articles if a.title), story.name)
    root.header.add_child(Element(f"<title>{escape(heading)}</title>"), name="title")
    root.html.add_child(Element(_title_html(heading)), name="geomap_title")
    root.html.add_child(Element(_LEGEND.replace("{credits}", _credits(story, tiles))),
                        name="geomap_legend")
    return m


@cache
def _leaflet_assets() -> tuple[str, str]:
    """Return (scripts, stylesheet) to inline: Leaflet, and jQuery that folium's popups use."""
    import xstatic.pkg.jquery as xjq
    import xstatic.pkg.leaflet as xs

    base = Path(xs.BASE_DIR)
    jquery = (Path(xjq.BASE_DIR) / "jquery.min.js").read_text(encoding="utf-8")
    js = (base / "leaflet.js").read_text(encoding="utf-8") + "\n" + jquery
    css = (base / "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match[str]) -> str:
        img = base / match.group(1)
        data = base64.b64encode(img.read_bytes()).decode()
        return f"url(data:image/png;base64,{data})"

    css = re.sub(r"url\((images/[\w.-]+\.png)\)", inline, css)
    return js, css


def _stable_ids(m: folium.Map) -> None:
    """Replace folium's random element ids by sequence numbers, in tree order.

    Children are also re-keyed, since some templates use the key an element was added under.
    """
    order: list[tuple[Element, str]] = []
    stack: list[Element] = [m.get_root()]
    seen: set[int] = set()
    while stack:
        el = stack.pop(0)
        if id(el) in seen:
            continue
        seen.add(id(el))
        order.append((el, el.get_name()))
        # Figures and popups keep parts outside _children (header, html, script).
        parts = [getattr(el, a, None) for a in ("header", "html", "script")]
        stack[0:0] = [p for p in parts if isinstance(p, Element)] + list(el._children.values())
    renamed: dict[str, str] = {}
    for counter, (el, old) in enumerate(order):
        el._id = f"{counter:06d}"
        renamed[old] = el.get_name()
    for el, _ in order:
        el._children = type(el._children)(
            (renamed.get(key, key), child) for key, child in el._children.items())


def render_html(m: folium.Map, *, self_contained: bool = False) -> str:
    """Render a map to one HTML string, with stable ids; inline Leaflet if asked."""
    if self_contained:
        js, css = _leaflet_assets()
        m.default_js = []
        m.default_css = []
        root = m.get_root()
        assert isinstance(root, Figure)
        root.header.add_child(Element(f"<style>{css}</style>\n<script>{js}</script>"),
                              name="leaflet_inline")
    _stable_ids(m)
    return m.get_root().render()


def save_map(m: folium.Map, path: str | Path, *, self_contained: bool = False) -> Path:
    """Write the map atomically (a killed build never leaves half a file).

    Parameters
    ----------
    m
        The map from :func:`build_map`.
    path
        Where to write the HTML.
    self_contained
        Inline Leaflet (from XStatic-Leaflet) instead of linking folium's CDN files.
    """
    return atomic_write_text(path, render_html(m, self_contained=self_contained))

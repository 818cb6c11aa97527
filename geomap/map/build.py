"""Assemble the map: layers, layer control, title, legend, credits.

:func:`build_map` returns a real :class:`folium.Map` that callers may keep customising;
:mod:`geomap.map.save` writes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import folium
from branca.element import Figure
from shapely.geometry import box, mapping
from shapely.geometry.base import BaseGeometry

from .. import coords
from ..ingest import GENERATOR_META
from ..tables import as_points
from .chrome import (
    STYLE,
    CompactMode,
    MapText,
    credit_line,
    legend_html,
    points_legend_html,
    title_html,
)
from .frame import FitView, LocatorInset, world_path
from .label_layer import PlaceLabels
from .labels import Label, story_labels
from .layers.base import get_layer, legend_keys
from .pages import PageElement, render_fragment
from .textalt import points_text_html, skip_link_html, text_alternative_html
from .timeline import Timeline
from .view import Bounds, story_view

if TYPE_CHECKING:
    import geopandas as gpd

    from ..story import Story

__all__ = ["DEFAULT_LAYERS", "build_map", "build_points_map", "map_title"]

DEFAULT_LAYERS = ("regions", "corridor", "visits", "events", "places")
BASEMAP_NAME = "Offline basemap (country outlines)"
BASEMAP_PANE = "geomap-basemap"  # z-index 150: under the tiles (200), over the background


def _basemap(outlines: dict[str, BaseGeometry], bounds: Bounds | None) -> folium.FeatureGroup:
    """Country outlines around the view, in a pane under the tiles.

    With tiles the outlines stay hidden beneath them; without tiles (offline, a blocked tile
    server, ``tiles=None``) they show through, so the map still reads.
    """
    (s, w), (n, e) = bounds or [[-60.0, -180.0], [80.0, 180.0]]
    area = box(w - 25, s - 20, e + 25, n + 20)
    shapes = [{"type": "Feature", "properties": {},
               "geometry": mapping(geom.simplify(0.02, preserve_topology=True))}
              for _, geom in sorted(outlines.items())
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
        :func:`geomap.map.timeline.mark_dated`), when there are any.

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
    bounds = story_view(story)
    outlines = story.gazetteer.country_outlines()
    m = _base_map(outlines if basemap else None, bounds, tiles)
    built = [(layer, layer.build(story)) for layer in chosen]
    # A layer with nothing to draw is left out: the layer control lists only what is there.
    drawn = [(layer, group) for layer, group in built if group._children]
    keys = [(layer.title, legend_keys(layer)) for layer, _ in drawn]
    heading = map_title(story, title)
    legend = MapText(legend_html(story, tiles, keys), keys=[k for _, ks in keys for k in ks],
                     credits=credit_line((a.outlet for a in story.articles), short=True))
    _finish(m, [group for _, group in drawn], bounds, heading, legend=legend,
            text=text_alternative_html(story, heading), timeline=timeline,
            world=world_path(outlines), labels=story_labels(story, bounds))
    return m


def build_points_map(frame: gpd.GeoDataFrame, *, title: str, text: str | None = None,
                     source: str | None = None, tiles: str | None = "OpenStreetMap",
                     basemap: bool = True, timeline: bool = True) -> folium.Map:
    """Build a map of many events from a table: 100,000 or a million stay quick.

    Parameters
    ----------
    frame
        Points in EPSG:4326 with ``code``, ``label`` and ``date`` columns (missing ones are
        allowed), such as :attr:`Story.events_frame` or a GeoParquet read with geopandas.
    title
        The map's title.
    text
        Column with a line shown in each point's popup.
    source
        Where the events come from, for the credit line.
    tiles, basemap, timeline
        As for :func:`build_map`.

    Returns
    -------
    folium.Map
        Points drawn on a canvas, counted per screen cell where they crowd (see
        :mod:`geomap.map.layers.points`).
    """
    from ..gazetteer import load
    from .layers.points import points_group

    frame = as_points(frame)  # a places table's areas at their points
    usable = frame.geometry[coords.on_globe(frame.geometry).to_numpy()]
    west, south, east, north = (float(v) for v in usable.total_bounds) if len(usable) else (
        -180.0, -60.0, 180.0, 80.0)
    bounds = ((south, west), (north, east))
    outlines = load().country_outlines()
    m = _base_map(outlines if basemap else None, bounds, tiles)
    group = points_group(frame, "Events", text=text)
    legend = MapText(points_legend_html(frame, source, tiles),
                     credits=credit_line([source] if source else [], short=True))
    _finish(m, [group], bounds, title, legend=legend,
            text=points_text_html(frame, title), timeline=timeline, world=world_path(outlines))
    return m


def _base_map(outlines: dict[str, BaseGeometry] | None, bounds: Bounds | None,
              tiles: str | None) -> folium.Map:
    """Return an empty map with geomap's styles, tiles and the offline basemap if given."""
    # Quarter zoom steps: the opening view fills the frame instead of the next whole level
    # out, which on a phone would crowd the names.
    m = folium.Map(location=[0, 0], zoom_start=2, tiles=None, control_scale=True,
                   zoom_snap=0.25, zoom_delta=0.5)
    if tiles:
        # A readable name in the layer control instead of folium's key ("openstreetmap").
        folium.TileLayer(tiles, name=f"Street map ({tiles})").add_to(m)
    root = m.get_root()
    assert isinstance(root, Figure)
    root.header.add_child(PageElement(STYLE), name="geomap_style")
    # First in <head>: ingest knows the page as geomap's own and never reads it as an article.
    root.header.add_child(PageElement(GENERATOR_META.decode()), name="geomap_generator")
    root.header._children.move_to_end("geomap_generator", last=False)
    if outlines is not None:
        folium.map.CustomPane(BASEMAP_PANE, z_index=150, pointer_events=False).add_to(m)
        _basemap(outlines, bounds).add_to(m)
    return m


def _finish(m: folium.Map, groups: Sequence[folium.FeatureGroup], bounds: Bounds | None,
            heading: str, *, legend: MapText, text: str, timeline: bool, world: str,
            labels: Sequence[Label] = ()) -> None:
    """Add the layers, controls, title, legend, labels and text version, and fit the view.

    Order matters in the page's script: the panels exist before the view is fitted clear of
    them, and the labels are laid out last, around all of them.
    """
    for group in groups:
        group.add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    LocatorInset(world).add_to(m)
    if timeline:
        Timeline.for_map(m, groups)
    CompactMode().add_to(m)
    if bounds:
        FitView(bounds).add_to(m)
    if labels:
        PlaceLabels(labels).add_to(m)
    root = m.get_root()
    assert isinstance(root, Figure)
    root.header.add_child(PageElement(render_fragment("page_title.html", title=heading)),
                          name="title")
    # The text version comes first for screen readers and keyboards, and is shown outright
    # where JavaScript is off.
    root.html.add_child(PageElement(skip_link_html()), name="geomap_skip")
    root.html._children.move_to_end("geomap_skip", last=False)
    root.html.add_child(MapText(title_html(heading), title=heading), name="geomap_title")
    root.html.add_child(legend, name="geomap_legend")
    root.html.add_child(PageElement(text), name="geomap_text")


def map_title(story: Story, title: str | None = None) -> str:
    """Return the map's title: ``title``, else the first headline, else the story's name."""
    return title or next((a.title for a in story.articles if a.title), story.name)



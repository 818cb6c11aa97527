from __future__ import annotations

import json
import re
from pathlib import Path

import folium
import pytest

import geomap


def test_map_has_a_layer_control_with_every_default_layer(story: geomap.Story) -> None:
    m = geomap.build_map(story)
    assert isinstance(m, folium.Map)
    html = geomap.map.save.render_html(m)
    assert "L.control.layers" in html
    overlays = [json.loads(f'"{name}"') for name in re.findall(r'"([^"]+)" : feature_group_',
                                                              html)]
    assert overlays == ["Countries & regions", "Migration corridor", "Official visits",
                        "Events", "Places"]
    assert "<title>Senior Biden officials" in html
    assert "GeoNames" in html and "Natural Earth" in html  # credits
    assert "NBC News" in html and "OpenStreetMap contributors" in html
    assert "geomap-timeline" in html  # the story has dated events


def test_same_story_gives_byte_identical_maps(story: geomap.Story, tmp_path: Path) -> None:
    a = geomap.save_map(geomap.build_map(story), tmp_path / "a.html")
    b = geomap.save_map(geomap.build_map(story), tmp_path / "b.html")
    assert a.read_bytes() == b.read_bytes()


def test_self_contained_map_links_no_script_or_stylesheet(story: geomap.Story,
                                                          tmp_path: Path) -> None:
    path = geomap.save_map(geomap.build_map(story, tiles=None), tmp_path / "m.html",
                           self_contained=True)
    html = path.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+stylesheet", html)
    assert "L.map(" in html and "Leaflet" in html


def test_view_is_fitted_to_the_story_not_the_world(story: geomap.Story) -> None:
    html = geomap.map.save.render_html(geomap.build_map(story))
    bounds = re.search(r"var bounds = \[\[([-\d.]+), ([-\d.]+)\], \[([-\d.]+), ([-\d.]+)\]\]",
                       html)
    assert bounds is not None
    south, west, north, east = map(float, bounds.groups())
    assert south < 8.27 < north and west < -77.5 < east  # Bajo Chiquito in view
    assert north - south < 10 and east - west < 10  # not zoomed out to the Americas


def test_default_mode_still_links_the_cdn(story: geomap.Story, tmp_path: Path) -> None:
    html = geomap.save_map(geomap.build_map(story), tmp_path / "cdn.html").read_text(
        encoding="utf-8")
    assert re.search(r"<script[^>]+src=\"https://[^\"]+leaflet", html)


def test_text_alternative_lists_every_event_and_place(story: geomap.Story) -> None:
    html = geomap.map.save.render_html(geomap.build_map(story))
    start = html.index('id="geomap-text-version"')
    text = html[start:html.index("</section>", start)]
    assert text.count("<li>") == len(story.events) + len(
        [p for p in story.places if not p.only_in_related_links])
    assert "Make a visit — occurred, 2023-05-22" in text
    assert "Bajo Chiquito — village" in text and "approximate (± 15 km)" in text
    # Reached first: the skip link is the first thing in the body.
    body = html[html.index("<body>"):]
    assert body.index('class="geomap-skip"') < body.index('class="folium-map"')


def test_embed_snippets_are_responsive_and_escaped() -> None:
    from geomap.map.embed import embed_snippets

    snippets = embed_snippets("https://example.org/maps/a b.html", 'Title "with" <tags>')
    assert 'src="https://example.org/maps/a b.html"' in snippets["iframe"]
    assert "width:100%" in snippets["iframe"] and "aspect-ratio:4/3" in snippets["iframe"]
    assert "<tags>" not in snippets["iframe"] + snippets["script"]
    assert "addEventListener(\"resize\"" in snippets["script"]


def test_self_contained_inlines_marker_clusters_and_refuses_what_it_cannot(
        story: geomap.Story, tmp_path: Path) -> None:
    from folium.plugins import MarkerCluster

    m = geomap.build_map(story, layers=["places"], tiles=None)
    cluster = MarkerCluster(name="Clustered").add_to(m)
    folium.CircleMarker((8.3, -77.6), radius=4).add_to(cluster)
    html = geomap.save_map(m, tmp_path / "c.html", self_contained=True).read_text(
        encoding="utf-8")
    assert "L.markerClusterGroup" in html and "MarkerCluster" in html
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?://", html)
    m = geomap.build_map(story, layers=["places"], tiles=None)
    folium.Marker((8.3, -77.6), icon=folium.Icon(icon="info-sign")).add_to(m)
    with pytest.raises(geomap.GeomapError, match="Font Awesome"):
        geomap.save_map(m, tmp_path / "d.html", self_contained=True)
    assert not (tmp_path / "d.html").exists()

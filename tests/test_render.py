from __future__ import annotations

import json
import re
from pathlib import Path

import folium

import geomap


def test_map_has_a_layer_control_with_every_default_layer(story: geomap.Story) -> None:
    m = geomap.build_map(story)
    assert isinstance(m, folium.Map)
    html = geomap.render.render_html(m)
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
    html = geomap.render.render_html(geomap.build_map(story))
    bounds = re.search(r"fitBounds\(\s*\[\[([-\d.]+), ([-\d.]+)\], \[([-\d.]+), ([-\d.]+)\]\]",
                       html)
    assert bounds is not None
    south, west, north, east = map(float, bounds.groups())
    assert south < 8.27 < north and west < -77.5 < east  # Bajo Chiquito in view
    assert north - south < 10 and east - west < 10  # not zoomed out to the Americas

"""Many points: compact columns drawn on a canvas, counted per screen cell where they crowd."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import numpy as np
import pytest

import geomap
import geomap.map.layers.events
from geomap.map.save import render_html

HOSTILE = "<img src=x onerror=alert(1)> & </script>"


def synthetic(n: int) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(3)
    days = rng.integers(0, 60, n)
    return gpd.GeoDataFrame({
        "code": rng.choice(["042", "MIG"], n),
        "label": ["Make a visit"] * n,
        "date": [(dt.date(2024, 1, 1) + dt.timedelta(days=int(d))).isoformat() for d in days],
        "text": [HOSTILE if i == 0 else f"event {i}" for i in range(n)],
    }, geometry=gpd.points_from_xy(rng.uniform(-80, -76, n), rng.uniform(7, 10, n)),
        crs="EPSG:4326")


def test_points_travel_as_columns_not_one_statement_each() -> None:
    html = render_html(geomap.build_points_map(synthetic(5000), title="5k", text="text",
                                               tiles=None))
    assert html.count("L.circleMarker(") <= 2  # the drawing code, not one per point
    assert "var LAT = [" in html and "geomap:timeline" in html
    # Text is JSON inside a script: it can neither close the script nor become markup.
    assert HOSTILE not in html and "\\u003cimg src=x onerror=alert(1)\\u003e" in html
    assert "5,000 events." in html  # the text version counts them


def test_a_big_story_switches_the_events_layer_to_columns(
        story: geomap.Story, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(geomap.map.layers.events, "MANY_EVENTS", 0)
    html = render_html(geomap.build_map(story, layers=["events"], tiles=None))
    assert "var LAT = [" in html
    assert "Make a visit: Laura J. Richardson, 2023-05-22" in html  # one-line popups


def test_points_map_is_deterministic(tmp_path: pytest.TempPathFactory) -> None:
    frame = synthetic(500)
    a = geomap.save_map(geomap.build_points_map(frame, title="a", tiles=None),
                        tmp_path / "a.html", self_contained=True)  # type: ignore[operator]
    b = geomap.save_map(geomap.build_points_map(frame, title="a", tiles=None),
                        tmp_path / "b.html", self_contained=True)  # type: ignore[operator]
    assert a.read_bytes() == b.read_bytes()

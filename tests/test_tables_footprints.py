"""The places tables give an area (country, region, pack polygon) as its outline."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import shape

import geomap
from geomap.tables import OUTLINE_TOLERANCE, read_points, table_outline, write_table

AREAS = {"Panama": "geonames:3703430", "Colombia": "geonames:3686110",
         "Darién Gap": "geomap:darien-gap"}
POINTS = ("Bajo Chiquito", "Rio de Janeiro")


def _features(story: geomap.Story, tmp_path: Path) -> dict[str, dict[str, Any]]:
    path = tmp_path / "places.geojson"
    write_table(story, "places", "geojson", path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    return {f["properties"]["name"]: f for f in doc["features"]}


def test_places_geojson_gives_areas_as_outlines_and_points_as_points(
        story: geomap.Story, tmp_path: Path) -> None:
    features = _features(story, tmp_path)
    for name, place_id in AREAS.items():
        feature = features[name]
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon"), name
        outline = shape(feature["geometry"])
        assert outline.is_valid
        # The gazetteer's outline, simplified within the tolerance; the point stays as
        # properties.
        assert outline.hausdorff_distance(story.geometry(place_id)) <= OUTLINE_TOLERANCE + 1e-6
        place = story.place(place_id)
        assert place is not None
        props = feature["properties"]
        assert (props["lat"], props["lon"]) == (place.candidate.lat, place.candidate.lon)
    for name in POINTS:
        assert features[name]["geometry"]["type"] == "Point", name
        lon, lat = features[name]["geometry"]["coordinates"]
        assert (lat, lon) == (features[name]["properties"]["lat"],
                              features[name]["properties"]["lon"])


def test_outlines_follow_rfc_7946(story: geomap.Story, tmp_path: Path) -> None:
    for feature in _features(story, tmp_path).values():
        geom = shape(feature["geometry"])
        if geom.geom_type == "Point":
            continue
        assert geom.is_valid
        west, south, east, north = geom.bounds
        assert -180 <= west <= east <= 180 and -90 <= south <= north <= 90
        for part in getattr(geom, "geoms", [geom]):
            # Exterior rings counter-clockwise, holes clockwise; coordinates short.
            assert part.exterior.is_ccw and not any(r.is_ccw for r in part.interiors)
            assert all(round(v, 6) == v for xy in part.exterior.coords for v in xy)


def test_outlines_are_small_and_the_same_every_time(story: geomap.Story,
                                                    tmp_path: Path) -> None:
    first = write_table(story, "places", "geojson", None)
    assert first is not None and first == write_table(story, "places", "geojson", None)
    panama = story.geometry(AREAS["Panama"])
    simplified = table_outline(panama)
    assert simplified is not None
    assert len(simplified.wkb) < len(panama.wkb)
    assert table_outline(story.geometry("geomap:bajo-chiquito")) is None


def test_places_frame_holds_outlines_with_lat_lon_columns(story: geomap.Story) -> None:
    frame = story.places_frame.set_index("name")
    for name in AREAS:
        assert frame.loc[name, "geometry"].geom_type in ("Polygon", "MultiPolygon")
    for name in POINTS:
        assert frame.loc[name, "geometry"].geom_type == "Point"
    assert frame["lat"].notna().all() and frame["lon"].notna().all()
    assert frame.crs.to_epsg() == 4326
    # Other tables stay points.
    assert set(story.events_frame.geometry.dropna().geom_type) <= {"Point"}


def test_geoparquet_round_trips_the_outlines(story: geomap.Story, tmp_path: Path) -> None:
    path = tmp_path / "places.parquet"
    write_table(story, "places", "parquet", path)
    back = gpd.read_parquet(path).set_index("name")
    mine = story.places_frame.set_index("name")
    assert back.crs.to_epsg() == 4326
    for name in (*AREAS, *POINTS):
        assert back.loc[name, "geometry"].equals_exact(mine.loc[name, "geometry"], 0), name
    assert back.loc["Panama", "geometry"].geom_type in ("Polygon", "MultiPolygon")


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_csv_and_json_keep_lat_lon_without_outlines(story: geomap.Story, fmt: str) -> None:
    text = write_table(story, "places", fmt, None)  # type: ignore[arg-type]
    assert text is not None and "Polygon" not in text and "geometry" not in text
    if fmt == "csv":
        from io import StringIO

        rows = pd.read_csv(StringIO(text)).set_index("name")
        assert abs(rows.loc["Panama", "lat"] - 9.0) < 1e-9
    else:
        rows = {r["name"]: r for r in json.loads(text)}
        assert (rows["Panama"]["lat"], rows["Panama"]["lon"]) == (9.0, -80.0)


def test_a_places_table_maps_at_its_points(story: geomap.Story, tmp_path: Path,
                                           caplog: pytest.LogCaptureFixture) -> None:
    for fmt in ("geojson", "parquet"):
        path = tmp_path / f"places.{fmt}"
        write_table(story, "places", fmt, path)  # type: ignore[arg-type]
        with caplog.at_level(logging.WARNING):
            points = read_points(path).set_index("name")
        assert set(points.geometry.geom_type) == {"Point"}
        panama = points.loc["Panama", "geometry"]
        assert (panama.y, panama.x) == (9.0, -80.0)  # its point, not a point inside it
        assert "not all rows are points" not in caplog.text

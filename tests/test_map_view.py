"""Where the map opens and where names go, computed before any browser: view, labels, outlines."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re

import pytest
from shapely.geometry import box, shape

import geomap
from geomap import coords
from geomap.map.labels import story_labels
from geomap.map.save import render_html
from geomap.map.view import story_view
from geomap.model import Article


def _story(text: str, gazetteer: geomap.Gazetteer) -> geomap.Story:
    return geomap.story_from_articles([Article("a", text, published=dt.date(2024, 3, 6))],
                                      gazetteer=gazetteer, name="a")


def _inside(view: tuple[tuple[float, float], tuple[float, float]], lat: float,
            lon: float) -> bool:
    (s, w), (n, e) = view
    return s <= lat <= n and w <= lon <= e


def test_a_far_capital_stays_on_the_map_but_out_of_the_view(
        gazetteer: geomap.Gazetteer) -> None:
    story = _story(
        "Migrants set out on foot from Tapachula on Sunday. The caravan reached Huixtla on "
        "Monday and Escuintla on Tuesday. Officials in Washington said they were watching.",
        gazetteer)
    view = story_view(story)
    assert view is not None
    assert _inside(view, 14.9, -92.3)  # Tapachula
    assert not _inside(view, 38.9, -77.0)  # Washington: named once, far away
    (s, w), (n, e) = view
    assert n - s < 10 and e - w < 10  # not the whole of North America
    names = {lab.text: lab for lab in story_labels(story)}
    assert names["Tapachula"].key and names["Huixtla"].key
    assert not names["Washington"].key  # labelled if ever in view, but not a key place


def test_a_single_town_opens_with_its_surroundings(gazetteer: geomap.Gazetteer) -> None:
    story = _story("A landslide buried houses in Wabag on Friday, officials said.", gazetteer)
    (s, w), (n, e) = story_view(story) or ((0, 0), (0, 0))
    assert n - s >= 5 and e - w >= 5


@pytest.mark.parametrize(("name", "south", "west", "north", "east"), [
    ("United States", 25, -125, 49, -67),  # not in the Aleutians or the Russian Far East
    ("France", 42, -5, 51, 8),  # metropolitan France, not French Guiana
    ("European Union", 36, -10, 60, 30),  # Europe, not off Venezuela
    ("Russia", 45, 30, 75, 140),
])
def test_an_area_is_named_inside_its_mainland(gazetteer: geomap.Gazetteer, name: str,
                                              south: float, west: float, north: float,
                                              east: float) -> None:
    (place,) = gazetteer.candidates(name)[:1]
    outline = gazetteer.geometry(place.id)
    lat, lon = coords.label_latlon(outline)
    assert south <= lat <= north and west <= lon <= east
    assert outline.contains(coords.point(lat, lon))


def test_an_areas_name_stays_in_the_part_in_view(gazetteer: geomap.Gazetteer) -> None:
    colombia = gazetteer.geometry(gazetteer.candidates("Colombia")[0].id)
    view = ((5.5, -79.8), (10.5, -74.8))  # the Darién: Colombia's north-west corner
    lat, lon = coords.label_latlon(colombia, within=box(-79.8, 5.5, -74.8, 10.5))
    assert _inside(view, lat, lon) and colombia.contains(coords.point(lat, lon))


def test_no_outline_jumps_across_the_antimeridian(gazetteer: geomap.Gazetteer) -> None:
    for code in ("RU", "FJ", "US"):
        outline = gazetteer.country_outlines()[code]
        for part in getattr(outline, "geoms", [outline]):
            xs = [x for x, _ in part.exterior.coords]
            assert max(abs(a - b) for a, b in itertools.pairwise(xs)) < 180, code


def test_the_basemap_draws_no_stripe_across_the_map(story: geomap.Story) -> None:
    html = render_html(geomap.build_map(story, tiles=None))
    for match in re.finditer(r'"geometry": (\{"coordinates": .*?"type": "(?:Multi)?Polygon"\})',
                             html):
        geom = shape(json.loads(match.group(1)))
        for part in getattr(geom, "geoms", [geom]):
            xs = [x for x, _ in part.exterior.coords]
            assert max(abs(a - b) for a, b in itertools.pairwise(xs)) < 180


def test_the_timeline_needs_two_dates(gazetteer: geomap.Gazetteer) -> None:
    one = _story("Protesters marched in Santiago on Monday.", gazetteer)
    two = _story("Protesters marched in Santiago on Monday. Police arrested 40 people in "
                 "Valparaiso on Friday.", gazetteer)
    assert len({e.date for e in two.events if e.date}) >= 2
    assert "L.DomUtil.create(\"div\", \"geomap-timeline\")" not in render_html(
        geomap.build_map(one, tiles=None))
    assert "L.DomUtil.create(\"div\", \"geomap-timeline\")" in render_html(
        geomap.build_map(two, tiles=None))


def test_a_places_table_with_outlines_maps_as_points(story: geomap.Story) -> None:
    # The places table gives areas as outlines; a point map puts each at its own point.
    frame = story.places_frame
    assert "Polygon" in set(frame.geom_type) or "MultiPolygon" in set(frame.geom_type)
    html = render_html(geomap.build_points_map(frame, title="Places", tiles=None))
    panama = frame[frame["name"] == "Panama"].iloc[0]
    lats = json.loads(re.search(r"var LAT = (\[[^\]]*\])", html).group(1))  # type: ignore[union-attr]
    assert len(lats) == len(frame)  # every place, areas included
    assert round(panama["lat"] * 1e5) in lats  # (1e-5 degrees)


def test_a_union_is_not_named_over_its_member(story: geomap.Story) -> None:
    # In the Darién view, what shows of Central America is Panama: Panama is named there,
    # Central America only where it shows whole.
    view = story_view(story)
    assert view is not None
    names = {lab.text: lab for lab in story_labels(story)}
    assert _inside(view, names["Panama"].lat, names["Panama"].lon)
    assert not _inside(view, names["Central America"].lat, names["Central America"].lon)


def test_a_helper_from_a_capital_abroad_does_not_stretch_a_local_view(
        gazetteer: geomap.Gazetteer) -> None:
    story = _story(
        "A wildfire spread from Varnavas toward Marathon and Nea Makri on Sunday, and "
        "residents of Grammatiko fled to Athens. Italy sent two planes from Rome on Monday.",
        gazetteer)
    view = story_view(story)
    assert view is not None
    assert _inside(view, 38.2, 23.9)  # Marathon and Varnavas, north of Athens
    assert not _inside(view, 41.9, 12.5)  # Rome, 1,050 km away: on the map, out of the fit

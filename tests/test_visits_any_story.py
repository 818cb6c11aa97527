"""Visits for any visitor: arcs whose origin is stated, inferred from an office or an
organisation, or curated, on articles written for these tests (not the seed)."""

from __future__ import annotations

import datetime as dt
import json

import folium
import pytest

import geomap
from geomap.model import Article
from geomap.origins import event_origins
from geomap.story import story_from_articles

TEXT = ("French President Emmanuel Macron arrived in Tunis on Monday for talks "
        "with President Kais Saied. Turkish Foreign Minister Hakan Fidan flew from Ankara to "
        "Baghdad on Wednesday. UNHCR chief Filippo Grandi visited refugee camps in Chad on "
        "Sunday.")


@pytest.fixture(scope="module")
def visits(gazetteer: geomap.Gazetteer) -> geomap.Story:
    return story_from_articles([Article("v", TEXT, published=dt.date(2023, 6, 6),
                                        outlet="Test Wire")], gazetteer=gazetteer, name="v")


def _origins(story: geomap.Story) -> dict[str, tuple[str, str]]:
    """Each traveller's destination's name → (origin name, basis)."""
    out = {}
    for event in story.events:
        for actor, origin in event_origins(story, event):
            place = story.place(event.place_ids[0])
            assert place is not None
            out[f"{actor.name} → {place.candidate.name}"] = (origin.name, origin.basis)
    return out


def test_each_visitor_gets_an_origin_and_says_how_it_is_known(visits: geomap.Story) -> None:
    found = _origins(visits)
    assert found["Emmanuel Macron → Tunis"] == ("Paris", "office")
    assert found["Hakan Fidan → Baghdad"] == ("Ankara", "stated")
    origin, basis = found["Filippo Grandi → Chad"]
    assert basis == "organisation" and "Geneva" in origin
    # The host of the talks travels nowhere.
    assert not any(k.startswith("Kais Saied") for k in found)


def test_the_events_table_carries_the_origin(visits: geomap.Story) -> None:
    frame = visits.events_frame
    macron = frame[frame["evidence"].str.contains("Macron arrived")].iloc[0]
    assert (macron["origin_name"], macron["origin_basis"]) == ("Paris", "office")
    assert abs(macron["origin_lat"] - 48.85) < 0.1 and abs(macron["origin_lon"] - 2.35) < 0.1
    no_journey = frame[frame["origin_name"].isna()]
    assert len(no_journey) < len(frame)


def test_inferred_arcs_are_drawn_apart_and_their_popups_say_why(
        visits: geomap.Story) -> None:
    group = geomap.get_layer("visits").build(visits)
    lines = [c for c in group._children.values() if isinstance(c, folium.PolyLine)]
    by_origin = {}
    for line in lines:
        popup = next(iter(line._children.values()))
        html = next(iter(popup.html._children.values())).data
        by_origin[line.options.get("dashArray")] = html
    # Stated: a solid line; inferred (office, organisation): dotted.
    assert "stated in the text" in by_origin[None]
    assert "inferred from the office" in by_origin["2 7"] or \
        "inferred from the organisation" in by_origin["2 7"]
    assert len(lines) == 3


def test_the_visits_legend_lists_only_the_arcs_drawn(visits: geomap.Story) -> None:
    layer = geomap.get_layer("visits")
    layer.build(visits)
    labels = [k.label for k in layer.legend()]  # type: ignore[attr-defined]
    assert labels == ["visit that happened (origin inferred)", "visit that happened"]


def test_a_story_without_journeys_has_no_visits_layer(gazetteer: geomap.Gazetteer) -> None:
    story = story_from_articles([Article("q", "An earthquake struck near Izmir on Monday.",
                                         published=dt.date(2023, 6, 6))],
                                gazetteer=gazetteer, name="q")
    html = geomap.build_map(story).get_root().render()
    assert "Official visits" not in html and "Migration corridor" not in html
    assert "visit that happened" not in html and "(corridor)" not in html


def test_a_places_only_map_has_a_legend_of_places_only(visits: geomap.Story) -> None:
    html = geomap.build_map(visits, layers=["places"]).get_root().render()
    legend = html[html.index('class="geomap-legend"'):]
    legend = legend[:legend.index("</details>")]
    assert "city" in legend and "country" in legend
    for other in ("visit", "corridor", "boat", "proposed"):
        assert other not in legend


def test_events_geojson_export_has_origin_columns(visits: geomap.Story, tmp_path) -> None:
    from geomap.tables import export

    paths = export(visits, tmp_path)
    events = next(p for p in paths if str(p).endswith(".events.geojson"))
    props = [f["properties"] for f in json.loads(events.read_text())["features"]]
    assert {"origin_name", "origin_lat", "origin_lon", "origin_basis"} <= set(props[0])
    assert {p["origin_basis"] for p in props} >= {"office", "stated", "organisation"}

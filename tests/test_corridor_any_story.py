"""The Migration corridor for any story: a library route beneath the story's own legs."""

from __future__ import annotations

import datetime as dt

import folium
import pytest

import geomap
from geomap.map.layers.corridor import routes_for
from geomap.model import Article
from geomap.story import story_from_articles

CHANNEL = ("Forty-two migrants left Calais in a small boat before dawn on Tuesday and reached "
           "Dover hours later, the Home Office said.")


@pytest.fixture(scope="module")
def channel(gazetteer: geomap.Gazetteer) -> geomap.Story:
    return story_from_articles([Article("c", CHANNEL, published=dt.date(2024, 3, 6),
                                        outlet="Test Wire")], gazetteer=gazetteer, name="c")


def _popups(group: folium.FeatureGroup) -> list[str]:
    out = []
    for child in group._children.values():
        for sub in child._children.values():
            if isinstance(sub, folium.Popup):
                out.extend(h.data for h in sub.html._children.values())
    return out


def test_a_story_of_a_known_route_draws_it_with_its_figures(channel: geomap.Story) -> None:
    assert [r["id"] for r in routes_for(channel)] == ["english-channel"]
    group = geomap.get_layer("corridor").build(channel)
    popups = " ".join(_popups(group))
    # The route's sourced yearly figures and its waypoints' sources are in its popups.
    assert "Home Office" in popups and "45,774" in popups
    lines = [c for c in group._children.values() if isinstance(c, folium.PolyLine)]
    assert len(lines) >= 3  # Dunkirk → Calais → Boulogne-sur-Mer → Dover


def test_a_story_of_no_route_has_no_corridor(gazetteer: geomap.Gazetteer) -> None:
    story = story_from_articles([Article("g", "Greek and Turkish ministers argued over the "
                                         "Aegean Sea on Monday.")], gazetteer=gazetteer,
                                name="g")
    assert routes_for(story) == []
    assert not geomap.get_layer("corridor").build(story)._children


def test_a_pack_route_takes_the_place_of_the_library_route(story: geomap.Story) -> None:
    # The seed's pack holds its own Darién route (with Bajo Chiquito), under the library id.
    routes = routes_for(story)
    assert [r["id"] for r in routes] == ["darien-gap"]
    assert any(w["name"] == "Bajo Chiquito" and w["place"] for w in routes[0]["waypoints"])


def test_the_storys_own_movements_are_drawn_leg_by_leg(gazetteer: geomap.Gazetteer) -> None:
    story = story_from_articles([Article("m", (
        "The caravan had travelled by bus from Tapachula through Puebla before reaching "
        "Ciudad Juárez on Monday."), published=dt.date(2024, 3, 6))], gazetteer=gazetteer,
        name="m")
    assert len(story.movements) == 1
    layer = geomap.get_layer("corridor")
    group = layer.build(story)
    tips = [t.text for c in group._children.values() if isinstance(c, folium.PolyLine)
            for t in c._children.values() if isinstance(t, folium.Tooltip)]
    # The known route beneath (US–Mexico border), the story's own legs over it, in order.
    assert [r["id"] for r in routes_for(story)] == ["us-mexico-border"]
    assert [t for t in tips if t.startswith("caravan")] == ["caravan: Tapachula → Puebla (bus)",
                        "caravan: Puebla → Ciudad Juárez (bus)"]
    waypoints = [c for c in group._children.values() if isinstance(c, folium.CircleMarker)
                 and any(isinstance(t, folium.Popup) for t in c._children.values())
                 and c.options.get("fillColor") == "#ffffff"]
    assert len(waypoints) == 3  # each waypoint of the story marked, quoting its sentence
    # ...and named on the map: the story's waypoints are key places of its labels.
    from geomap.map.labels import story_labels

    named = {lab.text for lab in story_labels(story) if lab.key}
    assert {"Tapachula", "Puebla", "Ciudad Juárez"} <= named
    keys = [k.label for k in layer.legend()]  # type: ignore[attr-defined]
    assert "bus (corridor)" in keys and "waypoint of a known route" in keys
    frame = story.movements_frame
    assert list(frame[["origin", "destination", "mode"]].iloc[0]) == [
        "Tapachula", "Ciudad Juárez", "bus"]

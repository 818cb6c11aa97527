"""The route library (data/routes/*.json): the main migration routes news covers."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import geomap
from geomap.map.layers.corridor import load_routes
from geomap.resources import data_dir

ROUTES_DIR = data_dir() / "routes"
ROUTE_FILES = sorted(ROUTES_DIR.glob("*.json"))
MODES = {"boat", "on foot", "bus", "truck", "train", "plane", "car"}
EXPECTED = {"darien-gap", "central-mediterranean", "western-mediterranean-atlantic",
            "eastern-mediterranean", "western-balkans", "english-channel", "us-mexico-border",
            "eastern-route-yemen", "andaman-sea"}
# A gazetteer id written inside an alternative, e.g. "Turbo (geonames:3666570)".
PLACE_ID = re.compile(r"\b(?:geonames:\d+|geomap:[a-z0-9-]+|iso3166-2:[A-Z]{2}-[A-Z0-9]+)")


def _route(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _places(route: dict[str, Any]) -> list[tuple[str, str]]:
    """Every (where, place id) of a route: its waypoints' places and ids in their alternatives."""
    found = []
    for w in route["waypoints"]:
        if w.get("place") is not None:
            found.append((w["name"], w["place"]))
        for alt in w.get("alternatives", []):
            found += [(f"{w['name']} / {alt}", i) for i in PLACE_ID.findall(alt)]
    return found


def test_library_covers_the_main_routes() -> None:
    assert {p.stem for p in ROUTE_FILES} >= EXPECTED


def test_every_route_loads_with_its_sources() -> None:
    load_routes.cache_clear()
    routes = load_routes()
    assert [r["id"] for r in routes] == [p.stem for p in ROUTE_FILES]


@pytest.mark.parametrize("path", ROUTE_FILES, ids=lambda p: p.stem)
def test_route_record_is_complete(path: Path) -> None:
    route = _route(path)
    assert route["id"] == path.stem
    for key in ("name", "description", "direction", "source"):
        assert isinstance(route[key], str) and route[key].strip(), key
    countries = route["countries"]
    assert countries and all(re.fullmatch(r"[A-Z]{2}", c) for c in countries)
    assert len(set(countries)) == len(countries)
    waypoints = route["waypoints"]
    assert sum(w.get("place") is not None for w in waypoints) >= 3
    for w in waypoints:
        assert w["name"].strip() and w["source"].strip()
        assert w.get("place") is None or isinstance(w["place"], str)
        assert all(isinstance(a, str) and a for a in w.get("aliases", []))
        assert all(isinstance(a, str) and a for a in w.get("alternatives", []))
        if w.get("place") is None:
            assert w.get("note"), f"{w['name']}: a waypoint with no place says why in 'note'"
    for w in waypoints[:-1]:
        assert w["mode_to_next"] in MODES, w["name"]
    assert waypoints[-1].get("mode_to_next") is None


@pytest.mark.parametrize("path", ROUTE_FILES, ids=lambda p: p.stem)
def test_route_has_sourced_yearly_figures(path: Path) -> None:
    figures = _route(path)["figures"]
    assert figures
    for f in figures:
        assert f["label"].strip() and f["source"].strip() and f["unit"].strip()
        assert isinstance(f["value"], int) and not isinstance(f["value"], bool)
        assert f["value"] > 0
        assert isinstance(f["year"], int) and 1990 <= f["year"] <= 2100
    years = [(f["label"], f["year"]) for f in figures]
    assert len(set(years)) == len(years), "one value per label and year"


@pytest.mark.parametrize("path", ROUTE_FILES, ids=lambda p: p.stem)
def test_route_places_exist_and_lie_in_its_countries(path: Path,
                                                     gazetteer: geomap.Gazetteer) -> None:
    route = _route(path)
    if route["region"] is not None:
        assert gazetteer.get(route["region"]) is not None, route["region"]
    for where, place in _places(route):
        cand = gazetteer.get(place)
        assert cand is not None, f"{where}: {place} is not in the gazetteer"
        if cand.countrycode:  # seas and regions of several countries have none
            assert cand.countrycode in route["countries"], (
                f"{where}: {place} ({cand.name}) lies in {cand.countrycode}, "
                f"not in {route['countries']}")

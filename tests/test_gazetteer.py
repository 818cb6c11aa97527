from __future__ import annotations

import math

import pytest
from geopy.location import Location

from geomap.errors import DataError
from geomap.gazetteer import Gazetteer, normalize
from geomap.gazetteer.build import _require_source


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 6371 * 2 * math.asin(math.sqrt(h))


def test_geonames_cities_countries_and_states_are_present(gazetteer: Gazetteer) -> None:
    assert len(gazetteer) > 200_000  # GeoNames cities500
    assert gazetteer.candidates("Panama")[0].kind == "country"
    assert gazetteer.candidates("Bogota")[0].geonameid == 3688689  # accents folded
    assert gazetteer.candidates("U.S.")[0].countrycode == "US"
    assert gazetteer.candidates("Texas")[0].kind == "admin1"
    assert gazetteer.candidates("South America")[0].kind == "continent"


def test_countries_sit_at_their_centre_not_their_capital(gazetteer: Gazetteer) -> None:
    us = gazetteer.candidates("United States")[0]
    washington = gazetteer.get("geonames:4140963")
    assert washington is not None
    assert km((us.lat, us.lon), (washington.lat, washington.lon)) > 1000
    assert gazetteer.geometry(us.id).geom_type == "MultiPolygon"
    assert gazetteer.geometry(us.id).contains(
        gazetteer.geometry("geonames:4140963"))  # Washington is inside the outline


def test_curated_places_carry_geometry_uncertainty_and_source(
        seed_gazetteer: Gazetteer) -> None:
    gazetteer = seed_gazetteer  # the seed story's pack holds the Darién Gap and Bajo Chiquito
    gap = gazetteer.candidates("Darien Gap")[0]
    assert gap.kind == "region"
    outline = gazetteer.geometry(gap.id)
    assert outline.geom_type == "Polygon"
    yaviza = gazetteer.geometry("geonames:3699980")
    turbo = gazetteer.geometry("geonames:3666570")
    assert outline.buffer(0.05).contains(yaviza) and outline.buffer(0.05).contains(turbo)
    village = gazetteer.candidates("Bajo Chiquito")[0]
    assert village.precision == "approximate" and village.uncertainty_km
    assert "Al Jazeera" in village.source and "Estimated" in village.source


def test_geocode_follows_geopys_contract(gazetteer: Gazetteer) -> None:
    loc = gazetteer.geocode("Panama City, Panama")
    assert isinstance(loc, Location)
    assert loc.raw["geonameid"] == 3703443
    florida = gazetteer.geocode("Panama City", country_codes="US")
    assert florida is not None and florida.raw["admin1"] == "FL"
    assert gazetteer.geocode("Qwxzzy Nowhere") is None
    many = gazetteer.geocode("Darien", exactly_one=False)
    assert isinstance(many, list) and len(many) > 2


def test_curated_record_without_source_is_refused() -> None:
    with pytest.raises(DataError, match="no 'source'"):
        _require_source({"name": "Somewhere"}, "data/places.geojson")


def test_normalize_folds_case_accents_and_quotes() -> None:
    assert normalize("Darién  Gap") == normalize("DARIEN GAP")
    assert normalize("Côte d’Ivoire") == "cote d'ivoire"

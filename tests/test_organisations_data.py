"""The curated table of organisation headquarters (data/organisations.json)."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest

import geomap
from geomap.resources import data_path

KINDS = {"intergovernmental", "un-agency", "eu-institution", "ngo", "government", "military"}

# National bodies headquartered abroad: their place lies outside their country on purpose.
ABROAD = {
    "org:eucom": "DE",  # US European Command, Patch Barracks, Stuttgart
    "org:africom": "DE",  # US Africa Command, Kelley Barracks, Stuttgart
}


def _load() -> tuple[str, dict[str, Any]]:
    text = data_path("organisations.json").read_text(encoding="utf-8")
    return text, json.loads(text)


TEXT, DATA = _load()
RECORDS: list[dict[str, Any]] = DATA["organisations"]


def _ids() -> list[str]:
    return [r["id"] for r in RECORDS]


def test_file_is_formatted_as_documented() -> None:
    assert DATA["description"].strip()
    assert set(DATA) == {"description", "organisations"}
    assert json.dumps(DATA, indent=2, ensure_ascii=False) + "\n" == TEXT


def test_ids_are_unique_and_well_formed() -> None:
    counts = Counter(_ids())
    assert not [i for i, n in counts.items() if n > 1]
    assert all(i.startswith("org:") and i == i.strip() and " " not in i for i in counts)


@pytest.mark.parametrize("record", RECORDS, ids=_ids())
def test_record_fields(record: dict[str, Any]) -> None:
    assert set(record) == {"id", "name", "aliases", "kind", "country", "headquarters", "source"}
    assert isinstance(record["name"], str) and record["name"].strip()
    assert isinstance(record["source"], str) and record["source"].strip()
    assert record["kind"] in KINDS
    country = record["country"]
    assert country is None or (len(country) == 2 and country.isascii() and country.isupper())
    hq = record["headquarters"]
    assert set(hq) == {"name", "place"}
    assert hq["name"].strip() and hq["place"].strip()
    aliases = record["aliases"]
    assert aliases and all(isinstance(a, str) and a.strip() == a and a for a in aliases)
    assert len(aliases) == len(set(aliases)), "an alias is repeated within the record"


def test_national_bodies_have_a_country() -> None:
    for record in RECORDS:
        if record["kind"] == "government":
            assert record["country"], record["id"]
        if record["kind"] in {"un-agency", "eu-institution", "intergovernmental", "ngo"}:
            assert record["country"] is None, record["id"]


def test_aliases_are_unique_across_records() -> None:
    owner: dict[str, str] = {}
    clashes = []
    for record in RECORDS:
        for name in {n.casefold() for n in [record["name"], *record["aliases"]]}:
            if name in owner and owner[name] != record["id"]:
                clashes.append((name, owner[name], record["id"]))
            owner.setdefault(name, record["id"])
    assert not clashes


@pytest.mark.parametrize("record", RECORDS, ids=_ids())
def test_headquarters_is_a_gazetteer_city_in_the_country(
        record: dict[str, Any], gazetteer: geomap.Gazetteer) -> None:
    place = gazetteer.get(record["headquarters"]["place"])
    assert place is not None, f"{record['headquarters']['place']} is not in the gazetteer"
    assert place.kind == "city"
    if record["country"] is not None:
        expected = ABROAD.get(record["id"], record["country"])
        assert place.countrycode == expected


def test_abroad_exceptions_are_current() -> None:
    records = {r["id"]: r for r in RECORDS}
    for record_id, country in ABROAD.items():
        assert record_id in records
        assert records[record_id]["country"] not in {None, country}


def test_required_organisations_are_present() -> None:
    required = {
        "org:un", "org:un-secretariat", "org:unsc", "org:unga", "org:unhcr", "org:iom",
        "org:wfp", "org:unicef", "org:who", "org:ocha", "org:undp", "org:unfpa", "org:fao",
        "org:unesco", "org:ilo", "org:iaea", "org:ohchr", "org:unrwa", "org:un-women",
        "org:unep", "org:un-habitat", "org:unctad", "org:wmo", "org:itu", "org:upu",
        "org:european-commission", "org:european-council", "org:council-of-the-eu",
        "org:european-parliament", "org:ecb", "org:eeas", "org:frontex", "org:europol",
        "org:cjeu", "org:nato", "org:au", "org:ecowas", "org:sadc", "org:igad", "org:eac",
        "org:oas", "org:asean", "org:arab-league", "org:gcc", "org:oic", "org:osce",
        "org:council-of-europe", "org:commonwealth", "org:opec", "org:wto", "org:imf",
        "org:world-bank", "org:idb", "org:adb", "org:afdb", "org:icc", "org:icj",
        "org:interpol", "org:icrc", "org:ifrc", "org:msf", "org:amnesty", "org:hrw",
        "org:save-the-children", "org:oxfam", "org:irc", "org:nrc", "org:care",
        "org:world-vision", "org:us-state", "org:us-dod", "org:us-dhs", "org:us-doj",
        "org:us-treasury", "org:us-commerce", "org:us-usda", "org:us-interior",
        "org:us-labor", "org:us-hhs", "org:us-hud", "org:us-dot", "org:us-doe",
        "org:us-education", "org:us-va", "org:usaid", "org:fema", "org:cbp", "org:ice",
        "org:dea", "org:fbi", "org:cia", "org:uscg", "org:us-white-house", "org:us-nsc",
        "org:southcom", "org:northcom", "org:centcom", "org:eucom", "org:africom",
        "org:indopacom", "org:socom", "org:transcom", "org:stratcom", "org:cybercom",
        "org:spacecom",
    }
    assert required <= set(_ids())


def test_known_headquarters(gazetteer: geomap.Gazetteer) -> None:
    def city(record_id: str) -> str:
        record = next(r for r in RECORDS if r["id"] == record_id)
        place = gazetteer.get(record["headquarters"]["place"])
        assert place is not None
        return place.name

    assert city("org:un") == "New York City"
    assert city("org:unhcr") == "Geneva"
    assert city("org:nato") == "Brussels"
    assert city("org:us-dod") == "Arlington"
    assert city("org:southcom") == "Doral"
    assert city("org:centcom") == "Tampa"

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from geopy.location import Location

import geomap
from geomap.cli import main
from geomap.model import Article

from .conftest import write

DUMP_ROWS = [
    # geonameid, name, asciiname, alternatenames, lat, lon, class, code, cc, cc2, admin1,
    # admin2, admin3, admin4, population, elevation, dem, timezone, modified
    ["9000001", "Zyxville", "Zyxville", "Zyx Town,ZYX", "45.5", "-73.6", "P", "PPL", "CA", "",
     "10", "", "", "", "1200", "", "30", "America/Toronto", "2024-01-01"],
    ["9000002", "Lake Qwerty", "Lake Qwerty", "", "46.0", "-74.0", "H", "LK", "CA", "", "10",
     "", "", "", "0", "", "200", "America/Toronto", "2024-01-01"],
    ["9000003", "Plonkton", "Plonkton", "", "44.0", "-79.0", "P", "PPL", "CA", "", "08", "",
     "", "", "300", "", "200", "America/Toronto", "2024-01-01"],
]


def test_geoparse_records_offsets_and_resolution(gazetteer: geomap.Gazetteer) -> None:
    text = "Flooding hit Alexandria, Louisiana, on Monday. Later the UN met in Geneva."
    (out,) = list(geomap.geoparse([Article("a1", text)], gazetteer=gazetteer))
    assert out["id"] == "a1"
    names = [t["name"] for t in out["toponyms"]]
    assert names == ["Alexandria", "Louisiana", "Geneva"]
    for t in out["toponyms"]:
        assert text[t["start"]:t["end"]] == t["name"]
        assert {"lat", "lon", "geonameid", "kind", "precision", "score"} <= set(t)
    alexandria = out["toponyms"][0]
    assert abs(alexandria["lat"] - 31.31) < 0.1 and alexandria["kind"] == "city"


def test_a_possessive_inside_a_name_keeps_the_whole_name(gazetteer: geomap.Gazetteer) -> None:
    text = "Officials of the People's Republic of China met in Taipei."
    (out,) = list(geomap.geoparse([Article("a1", text)], gazetteer=gazetteer))
    china, taipei = out["toponyms"]
    assert china["name"] == "People's Republic of China"
    assert china["kind"] == "country" and china["lon"] > 100 and china["lat"] > 30  # not Taiwan
    assert taipei["name"] == "Taipei"


def test_geoparse_cli_keeps_input_order_and_reads_stdin() -> None:
    lines = [{"id": "b", "text": "Rain in Lima."}, {"id": "a", "text": "Snow in Oslo."},
             {"id": "c", "text": "Nothing here."}]
    stdin = "\n".join(json.dumps(x) for x in lines)
    result = CliRunner().invoke(main, ["-q", "geoparse", "-"], input=stdin)
    assert result.exit_code == 0, result.output
    out = [json.loads(x) for x in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["b", "a", "c"]
    assert out[0]["toponyms"][0]["name"] == "Lima"
    assert out[2]["toponyms"] == []


def test_unresolved_mentions_have_null_coordinates_and_a_reason(
        gazetteer: geomap.Gazetteer) -> None:
    class Nothing:
        def geocode(self, query: str, **_: Any) -> None:
            return None

    resolver = geomap.GeopyResolver(Nothing(), min_delay_seconds=0)
    (out,) = list(geomap.geoparse([Article("x", "Talks in Lima.")], gazetteer=gazetteer,
                                  resolver=resolver))
    (lima,) = out["toponyms"]
    assert lima["lat"] is None and lima["lon"] is None and "found nothing" in lima["reason"]


def test_gazetteer_build_from_a_geonames_dump(tmp_path: Path) -> None:
    dump = write(tmp_path / "cities.txt", "\n".join("\t".join(r) for r in DUMP_ROWS) + "\n")
    out = tmp_path / "big.gazetteer"
    result = CliRunner().invoke(main, ["gazetteer", "build", str(dump), "--out", str(out),
                                       "--min-population", "500"])
    assert result.exit_code == 0, result.output
    big = geomap.load_gazetteer(path=out)
    zyx = big.candidates("Zyxville")[0]
    assert (zyx.lat, zyx.lon, zyx.countrycode, zyx.geonameid) == (45.5, -73.6, "CA", 9000001)
    assert big.candidates("Zyx Town")[0].geonameid == 9000001  # alternate names
    assert big.candidates("Plonkton") == []  # below --min-population
    assert big.candidates("Lake Qwerty") == []  # class H not asked for
    assert big.candidates("Panama")[0].kind == "country"  # embedded sources kept
    article = json.dumps({"id": "n", "text": "A festival opened in Zyxville on Friday."})
    result = CliRunner().invoke(main, ["-q", "geoparse", "-", "--gazetteer", str(out)],
                                input=article)
    assert json.loads(result.stdout)["toponyms"][0]["geonameid"] == 9000001


def test_gazetteer_build_refuses_a_file_that_is_not_a_dump(tmp_path: Path) -> None:
    bad = write(tmp_path / "notes.txt", "just some text\n")
    result = CliRunner().invoke(main, ["gazetteer", "build", str(bad), "--out",
                                       str(tmp_path / "x")])
    assert result.exit_code == 1
    assert "19 tab-separated GeoNames columns" in result.stderr


def test_gazetteer_build_skips_damaged_dump_lines_and_says_so(tmp_path: Path) -> None:
    damaged = [[*DUMP_ROWS[0][:4], "nan", *DUMP_ROWS[0][5:]],
               [*DUMP_ROWS[0][:4], "95.0", *DUMP_ROWS[0][5:]],
               [*DUMP_ROWS[0][:14], "-3", *DUMP_ROWS[0][15:]],
               ["x1", *DUMP_ROWS[0][1:]]]
    rows = [*damaged, *DUMP_ROWS]
    dump = write(tmp_path / "cities.txt", "\n".join("\t".join(r) for r in rows) + "\n")
    out = tmp_path / "big.gazetteer"
    result = CliRunner().invoke(main, ["gazetteer", "build", str(dump), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "skipped 4 lines with malformed or impossible numbers (first: line 1)" in result.stderr
    zyx = geomap.load_gazetteer(path=out).candidates("Zyxville")
    assert [(c.lat, c.lon) for c in zyx] == [(45.5, -73.6)]


def test_gazetteer_build_refuses_a_dump_that_is_not_utf8(tmp_path: Path) -> None:
    bad = tmp_path / "cities.txt"
    bad.write_bytes("\t".join(DUMP_ROWS[0]).encode("utf-16"))
    result = CliRunner().invoke(main, ["gazetteer", "build", str(bad), "--out",
                                       str(tmp_path / "x")])
    assert result.exit_code == 1
    assert "not UTF-8" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_cli_geocoder_option_uses_geopy_rate_limited_and_cached(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    class FakeService:
        def __init__(self, *, user_agent: str) -> None:
            assert user_agent == "test-agent"

        def geocode(self, query: str, **_: Any) -> Location | None:
            calls.append(query)
            return Location("Lima, Peru", (-12.05, -77.04), {})

    import geopy.geocoders

    monkeypatch.setattr(geopy.geocoders, "get_geocoder_for_service", lambda name: FakeService)
    cache = tmp_path / "geo.json"
    args = ["-q", "geoparse", "-", "--geocoder", "fake", "--user-agent", "test-agent",
            "--geocoder-cache", str(cache), "--min-delay", "0"]
    text = json.dumps({"id": "g", "text": "Lima, then Lima again."})
    result = CliRunner().invoke(main, args, input=text)
    assert result.exit_code == 0, result.output
    lima = json.loads(result.stdout)["toponyms"]
    assert [t["lat"] for t in lima] == [-12.05, -12.05]
    assert calls == ["Lima"]
    CliRunner().invoke(main, args, input=text)
    assert calls == ["Lima"]  # second run answered from the cache file


def test_unknown_geocoder_is_a_clear_error() -> None:
    result = CliRunner().invoke(main, ["geoparse", "-", "--geocoder", "no-such-service"],
                                input='{"text": "Lima"}')
    assert result.exit_code == 2 and "unknown geocoder" in result.stderr  # bad usage


def _toponyms(gazetteer: geomap.Gazetteer, text: str) -> list[dict[str, Any]]:
    (out,) = list(geomap.geoparse([Article("t", text)], gazetteer=gazetteer))
    return list(out["toponyms"])


def test_streets_and_numbered_roads_are_places_finer_than_the_gazetteer(
        gazetteer: geomap.Gazetteer) -> None:
    text = ("The crash closed N. High St. and Highway 19 near Main Street in Athens, Ga. "
            "The Wall Street Journal and the Highway Patrol reported it.")
    found = {t["name"]: t for t in _toponyms(gazetteer, text)}
    assert {"N. High St.", "Highway 19", "Main Street", "Athens"} <= set(found)
    assert "Wall Street" not in found and "Highway" not in " ".join(
        n for n in found if n != "Highway 19")
    assert found["Main Street"]["lat"] is None and found["Main Street"]["reason"]


def test_town_names_inside_hyphenated_words(gazetteer: geomap.Gazetteer) -> None:
    text = ("Rep. Barbara Lee, D-Oakland, met Houston-based contractors. Later Wal-Mart "
            "closed, and Fargo-Moorhead schools in Moorhead reopened.")
    names = [t["name"] for t in _toponyms(gazetteer, text)]
    assert {"Oakland", "Houston", "Fargo", "Moorhead"} <= set(names)
    assert "Wal" not in names and "Mart" not in names


def test_a_list_of_counties_names_each_county(gazetteer: geomap.Gazetteer) -> None:
    text = "Schools closed in Butler, Clark and Preble counties in Ohio on Monday."
    found = {t["name"]: t for t in _toponyms(gazetteer, text)}
    assert {"Butler", "Clark", "Preble"} <= set(found)
    assert all(found[n]["kind"] == "admin2" for n in ("Butler", "Clark", "Preble"))


def test_names_the_gazetteer_must_read_whole_and_right(gazetteer: geomap.Gazetteer) -> None:
    names = {t["name"]: t for t in _toponyms(
        gazetteer, "The ferry left Waiheke Island for Auckland. Aid reached Dar es Salaam. "
                   "Sydney and Toronto reported new cases.")}
    # A word of the landscape is no country's other name (Iceland is "Island" in Icelandic);
    # "es" joins an Arabic name; a city of millions before "reported" is the city.
    assert "Island" not in names and names["Dar es Salaam"]["kind"] == "city"
    assert {"Auckland", "Sydney", "Toronto"} <= set(names)


def test_kenyas_former_provinces_are_regions_of_their_counties(
        gazetteer: geomap.Gazetteer) -> None:
    found = {t["name"]: t for t in _toponyms(
        gazetteer, "Cholera spread in Nyanza Province and in Kenya's North Eastern Province.")}
    nyanza = found["Nyanza Province"]
    assert nyanza["kind"] == "region" and abs(nyanza["lat"] + 0.54) < 0.3  # near Kisumu
    assert found["North Eastern Province"]["kind"] == "region"


def test_oceans_and_seas_are_places(gazetteer: geomap.Gazetteer) -> None:
    found = {t["name"]: t for t in _toponyms(
        gazetteer, "Migrants drowned in the Mediterranean after crossing the Aegean Sea; storms "
                   "over the Pacific hit Fiji.")}
    assert found["Mediterranean"]["kind"] == "region" and found["Aegean Sea"]["lat"] == 39.0
    assert abs(found["Pacific"]["lon"] + 160) < 1  # the ocean, not Pacific, Missouri


def test_older_names_of_places_resolve(gazetteer: geomap.Gazetteer) -> None:
    found = {t["name"]: t for t in _toponyms(
        gazetteer, "Meningitis killed 1,000 people in Warab state, South Sudan, as Zaire did "
                   "in 1990.")}
    assert found["Warab"]["kind"] == "admin1"  # Warrap State's older spelling
    assert found["Zaire"]["kind"] == "country"  # the DR Congo's name from 1971 to 1997


def test_a_dateline_in_capitals_is_the_city_not_an_acronym(gazetteer: geomap.Gazetteer) -> None:
    found = _toponyms(gazetteer, "LIMA, Dec 1 (GeoWire) - An earthquake struck southern Peru. "
                                 "The president flew from Lima to Arequipa. The UN said so.")
    assert [(t["name"], t["kind"]) for t in found if t["name"].lower() == "lima"] == [
        ("LIMA", "city"), ("Lima", "city")]  # not Lima Region, for both mentions
    assert "UN" not in {t["name"] for t in found}

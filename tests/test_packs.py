"""Story packs: what is known about one story, beside its articles or given with --pack."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import geomap
from geomap.cli import main
from geomap.errors import DataError
from geomap.packs import load_pack
from geomap.resources import data_fingerprint

from .conftest import SEEDS, write

ARTICLE = ("Minister Ana Vidal visited Camp Zeta on Monday, where 3,000 people displaced by the "
           "floods are sheltering. She later met aid workers in Kisumu.")


def _pack(folder: Path, *, source: str = "Reporting notes of the test newsroom") -> Path:
    write(folder / "pack.json", json.dumps({"name": "Lake floods", "source": source}))
    write(folder / "places.geojson", json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "id": "pack:camp-zeta",
        "properties": {"name": "Camp Zeta", "kind": "facility", "countrycode": "KE",
                       "precision": "approximate", "uncertainty_km": 5,
                       "source": "UNHCR site map, March 2024 (test)"},
        "geometry": {"type": "Point", "coordinates": [34.6, -0.2]}}]}))
    write(folder / "actors.json", json.dumps({"actors": [{
        "id": "actor:ana-vidal", "name": "Ana Vidal", "kind": "person",
        "aliases": ["Minister Ana Vidal"], "role": "Minister of Special Programmes",
        "home_base": {"name": "Nairobi", "place": "geonames:184745"},
        "source": "Government gazette (test)"}]}))
    return folder


def _article(folder: Path) -> Path:
    write(folder / "floods.txt", ARTICLE)
    return folder


def _events(out: Path) -> list[dict[str, object]]:
    path = next(out.glob("*.events.geojson"))
    return [f["properties"] for f in json.loads(path.read_text())["features"]]


def test_a_pack_beside_the_articles_is_applied(tmp_path: Path) -> None:
    story_dir = _article(tmp_path / "story")
    _pack(story_dir / "pack")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["-q", "build", str(story_dir), "--out", str(out),
                                       "--self-contained", "--no-tiles"])
    assert result.exit_code == 0, result.output
    visit = next(e for e in _events(out) if e["family"] == "VISIT")
    # The pack's place is where the visit went; its actor came from its curated home base.
    assert [p["name"] for p in visit["places"]] == ["Camp Zeta"]  # type: ignore[index]
    assert (visit["origin_name"], visit["origin_basis"]) == ("Nairobi", "curated")
    html = (out / "camp-zeta.html").read_text()
    assert "Camp Zeta" in html and "Official visits" in html


def test_a_pack_from_elsewhere_is_applied_with_the_pack_option(tmp_path: Path) -> None:
    story_dir = _article(tmp_path / "story")
    pack = _pack(tmp_path / "elsewhere" / "lake-floods")
    out = tmp_path / "out"
    without = CliRunner().invoke(main, ["-q", "extract", str(story_dir), "--what", "places"])
    assert without.exit_code == 0 and "pack:camp-zeta" not in without.output
    result = CliRunner().invoke(main, ["-q", "build", str(story_dir), "--pack", str(pack),
                                       "--out", str(out), "--no-tiles"])
    assert result.exit_code == 0, result.output
    assert any(e["origin_basis"] == "curated" for e in _events(out))
    story = geomap.read(story_dir, packs=[pack])
    assert "pack:camp-zeta" in {p.id for p in story.places}
    assert story.packs[0].name == "Lake floods"


def test_a_pack_record_without_a_source_is_refused_by_name(tmp_path: Path) -> None:
    pack = _pack(tmp_path / "p")
    data = json.loads((pack / "actors.json").read_text())
    del data["actors"][0]["source"]
    (pack / "actors.json").write_text(json.dumps(data))
    with pytest.raises(DataError, match=r"Ana Vidal.*source"):
        load_pack(pack)
    result = CliRunner().invoke(main, ["build", str(_article(tmp_path / "s")), "--pack",
                                       str(pack), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1 and "actors.json" in result.output


@pytest.mark.parametrize("geometry", [
    {"type": "Point", "coordinates": [200, 10]},
    {"type": "Point", "coordinates": ["x", 1]},
    {"type": "LineString", "coordinates": [[1, 1], [2, 2]]},
    None,
    # A bowtie: its ring crosses itself, so it has no inside to name or fit.
    {"type": "Polygon", "coordinates": [[[-80, -10], [-70, -5], [-70, -10], [-80, -5],
                                         [-80, -10]]]},
])
def test_a_pack_place_with_a_bad_geometry_is_refused(tmp_path: Path, geometry: object) -> None:
    pack = _pack(tmp_path / "p")
    data = json.loads((pack / "places.geojson").read_text())
    data["features"][0]["geometry"] = geometry
    (pack / "places.geojson").write_text(json.dumps(data))
    with pytest.raises(DataError, match="Camp Zeta"):
        load_pack(pack)


def test_editing_a_pack_never_rebuilds_the_gazetteer_index(tmp_path: Path) -> None:
    from geomap.gazetteer.build import SOURCES

    before = data_fingerprint(*SOURCES)
    pack = _pack(tmp_path / "p")
    story = geomap.read(_article(tmp_path / "s"), packs=[pack])
    assert "pack:camp-zeta" in {p.id for p in story.places}
    # The pack lives in memory: the shared gazetteer and the index key are untouched.
    assert geomap.load_gazetteer().get("pack:camp-zeta") is None
    assert data_fingerprint(*SOURCES) == before


def test_the_seed_story_keeps_its_knowledge_in_its_pack(story: geomap.Story) -> None:
    pack = load_pack(SEEDS / "pack")
    assert {p["id"] for p in pack.places} == {"geomap:darien-gap", "geomap:bajo-chiquito",
                                               "geomap:san-vicente-station"}
    assert [s.name for s in story.packs] == [pack.name]
    # Without its pack the general gazetteer knows no Bajo Chiquito.
    assert geomap.load_gazetteer().get("geomap:bajo-chiquito") is None
    assert story.place("geomap:bajo-chiquito") is not None
    # The data folder of the wheel holds no actor of the story.
    assert not (Path(geomap.__file__).parent.parent / "data" / "actors.json").exists()

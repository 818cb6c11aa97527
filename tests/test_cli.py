from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.cli import main

from .conftest import SEEDS, write


def test_help_lists_commands() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "build" in result.output and "layers" in result.output


def test_build_writes_map_and_tables(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["-q", "build", str(SEEDS), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = result.stdout.split()
    assert [Path(p).name for p in written] == [
        "darien-gap.html", "darien-gap.embed-iframe.html", "darien-gap.embed-script.html",
        "darien-gap.preview.html", "darien-gap.places.geojson", "darien-gap.actors.geojson",
        "darien-gap.events.geojson", "darien-gap.events.csv",
        "darien-gap.movements.geojson"]
    places = json.loads((tmp_path / "darien-gap.places.geojson").read_text(encoding="utf-8"))
    assert len(places["features"]) >= 8


def test_build_reads_jsonl_from_stdin(tmp_path: Path) -> None:
    line = json.dumps({"id": "s1", "text": "Minister Ana Ruiz visited Lima, Peru, on Monday.",
                       "published": "2024-03-06"})
    result = CliRunner().invoke(main, ["-q", "build", "-", "--out", str(tmp_path),
                                       "--layer", "places", "--name", "lima"], input=line)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "lima.html").is_file()


def test_errors_are_one_line_on_stderr_with_exit_code_1(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(tmp_path / "missing")])
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0
    assert "no such file or folder" in result.stderr
    bad = write(tmp_path / "bad.jsonl", '{"title": "no text"}\n')
    result = CliRunner().invoke(main, ["build", str(bad), "--out", str(tmp_path)])
    assert result.exit_code == 1 and "missing 'text'" in result.stderr


def test_unknown_layer_is_an_error_listing_valid_ones(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(SEEDS), "--out", str(tmp_path),
                                       "--layer", "nope"])
    assert result.exit_code == 2  # bad usage, found before any work
    assert "choose from" in result.stderr and "places" in result.stderr
    assert not list(tmp_path.iterdir())


def test_layers_command_lists_built_ins() -> None:
    result = CliRunner().invoke(main, ["layers"])
    assert result.exit_code == 0
    assert "corridor\tMigration corridor" in result.output


LIMA = json.dumps({"id": "s1", "text": "Minister Ana Ruiz visited Lima, Peru, on Monday.",
                   "published": "2024-03-06"}) + "\n"
EVENT_COLUMNS = ["id", "code", "label", "family", "modality", "date", "date_precision", "dead",
                 "injured", "people", "actors", "places", "trigger", "origin_name",
                 "origin_lat", "origin_lon", "origin_basis", "evidence", "corrected",
                 "correction", "lat", "lon"]


def test_extract_one_table_as_json_is_its_list_of_rows() -> None:
    result = CliRunner().invoke(main, ["-q", "extract", "-", "--format", "json"], input=LIMA)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert isinstance(rows, list) and rows
    visit = rows[0]
    assert visit["family"] == "VISIT" and visit["code"] == "042"
    assert {"dead", "injured", "people"} <= set(visit)


@pytest.mark.parametrize("fmt", ["json", "geojson"])
def test_extract_several_tables_is_one_json_document_keyed_by_table(fmt: str) -> None:
    result = CliRunner().invoke(main, ["-q", "extract", "-", "--what", "places", "--what",
                                       "events", "--what", "places", "--format", fmt],
                                input=LIMA)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)  # one document, not tables back to back
    assert list(doc) == ["events", "places"]
    if fmt == "geojson":
        assert {doc[t]["type"] for t in doc} == {"FeatureCollection"}
        names = {f["properties"]["name"] for f in doc["places"]["features"]}
        assert doc["events"]["features"][0]["properties"]["family"] == "VISIT"
    else:
        names = {row["name"] for row in doc["places"]}
        assert doc["events"][0]["family"] == "VISIT"
    assert {"Lima", "Peru"} <= names


def test_extract_several_tables_as_csv_needs_a_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["extract", "-", "--what", "places", "--what", "events",
                                       "--format", "csv"], input=LIMA)
    assert result.exit_code == 2 and "--out" in result.stderr and not result.stdout
    result = CliRunner().invoke(main, ["-q", "extract", "-", "--what", "places", "--what",
                                       "events", "--format", "csv", "--name", "s1",
                                       "--out", str(tmp_path / "tables")], input=LIMA)
    assert result.exit_code == 0, result.output
    events = (tmp_path / "tables" / "s1.events.csv").read_text(encoding="utf-8")
    assert events.splitlines()[0].split(",") == EVENT_COLUMNS


def test_events_table_carries_family_and_counts_in_every_format(tmp_path: Path) -> None:
    import geopandas as gpd

    out = tmp_path / "events.parquet"
    result = CliRunner().invoke(main, ["-q", "extract", "-", "--format", "parquet", "--out",
                                       str(out)], input=LIMA)
    assert result.exit_code == 0, result.output
    frame = gpd.read_parquet(out)
    assert list(frame.columns) == [*EVENT_COLUMNS[:-2], "geometry"]
    assert frame["family"].tolist() == ["VISIT"]
    assert str(frame["dead"].dtype) == "Int64" and frame["dead"].isna().all()
    result = CliRunner().invoke(main, ["-q", "extract", "-", "--format", "csv"], input=LIMA)
    assert result.stdout.splitlines()[0].split(",") == EVENT_COLUMNS

from __future__ import annotations

import json
from pathlib import Path

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
        "darien-gap.events.geojson", "darien-gap.events.csv"]
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

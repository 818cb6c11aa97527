"""Corpus mode: the local engine and Dask give the same tables; one gazetteer per worker."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from click.testing import CliRunner

from geomap.cli import main
from geomap.corpus import extract_corpus, gazetteer_loads

from .conftest import ROOT

# Dask's sockets and threads outlive a test by design; their ResourceWarnings say nothing about
# geomap.
pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning",
                                        "ignore::pytest.PytestUnraisableExceptionWarning")

# The gold corpora are data only, never shipped: found next to the project, or where
# GEOMAP_GOLD points.
GOLD = Path(os.environ.get("GEOMAP_GOLD", ROOT.parent / "shared" / "benchmarks"))
WRITTEN = [ROOT / "tests" / "articles", ROOT / "tests" / "articles_more", ROOT / "seeds"]
TABLES = ("places", "actors", "events")


def read(folder: Path) -> gpd.GeoDataFrame:
    frame = gpd.read_parquet(folder)
    return frame.sort_values(["position", "id"], kind="stable").reset_index(drop=True)


@pytest.fixture(scope="module")
def cluster() -> Iterator[tuple[str, object]]:
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as local, Client(local) as client:
        yield local.scheduler_address, client


def same_tables(local: Path, dask: Path) -> None:
    for table in TABLES:
        a, b = read(local / table), read(dask / table)
        assert len(a) > 0, table
        pd.testing.assert_frame_equal(a, b)
        assert a.crs == b.crs and a.crs.to_epsg() == 4326


def test_dask_and_local_engines_agree_on_written_articles(
        tmp_path: Path, cluster: tuple[str, object]) -> None:
    address, _ = cluster
    extract_corpus(WRITTEN, tmp_path / "local", tables=TABLES, progress=False)
    extract_corpus(WRITTEN, tmp_path / "dask", tables=TABLES, engine="dask",
                   scheduler=address, partition_size=2, progress=False)
    same_tables(tmp_path / "local", tmp_path / "dask")
    events = read(tmp_path / "local" / "events")
    assert {"article", "position", "code", "modality", "date"} <= set(events.columns)
    assert len(list((tmp_path / "dask" / "events").glob("*.parquet"))) > 1  # partitioned


@pytest.mark.slow
@pytest.mark.skipif(not GOLD.is_dir(), reason="the gold corpora (../shared/benchmarks) are absent")
@pytest.mark.parametrize("corpus", ["lgl.jsonl", "geovirus.jsonl"])
def test_dask_and_local_engines_agree_on_the_gold_corpora(
        tmp_path: Path, cluster: tuple[str, object], corpus: str) -> None:
    address, _ = cluster
    extract_corpus(GOLD / corpus, tmp_path / "local", tables=TABLES, progress=False)
    extract_corpus(GOLD / corpus, tmp_path / "dask", tables=TABLES, engine="dask",
                   scheduler=address, progress=False)
    same_tables(tmp_path / "local", tmp_path / "dask")


def test_the_gazetteer_is_loaded_once_per_worker(tmp_path: Path,
                                                 cluster: tuple[str, object]) -> None:
    address, client = cluster
    extract_corpus(WRITTEN, tmp_path / "out", tables=("events",), engine="dask",
                   scheduler=address, partition_size=1, progress=False)
    loads = client.run(gazetteer_loads)  # type: ignore[attr-defined]
    assert len(loads) == 2 and set(loads.values()) <= {0, 1}
    assert sum(loads.values()) >= 1


def test_cli_corpus_mode_and_a_map_from_its_geoparquet(
        tmp_path: Path, cluster: tuple[str, object]) -> None:
    address, _ = cluster
    result = CliRunner().invoke(main, ["-q", "extract", *map(str, WRITTEN[:2]), "--engine",
                                       "dask", "--scheduler", address, "--what", "events",
                                       "--what", "places", "--out", str(tmp_path / "t")])
    assert result.exit_code == 0, result.output
    assert read(tmp_path / "t" / "events")["code"].isin(["042", "057", "0332"]).any()
    result = CliRunner().invoke(main, ["map", str(tmp_path / "t" / "places"), "--out",
                                       str(tmp_path / "places.html"), "--self-contained",
                                       "--no-tiles"])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "places.html").read_text(encoding="utf-8")
    assert "var LAT = [" in html and "Vilnius" in html


def test_corpus_mode_needs_an_output_folder() -> None:
    result = CliRunner().invoke(main, ["extract", str(WRITTEN[0]), "--engine", "local"])
    assert result.exit_code == 2 and "--out" in result.stderr  # bad usage

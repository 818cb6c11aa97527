"""Gazetteer indexes and caches are data, never code: foreign files are refused in one line."""

from __future__ import annotations

import logging
import os
import pickle
import random
import threading
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgpack
import pytest
from click.testing import CliRunner

from geomap.cli import main
from geomap.errors import GazetteerError
from geomap.gazetteer import Gazetteer, storage, store
from geomap.gazetteer.build import INDEX_VERSION, cache_dir

from .conftest import SEEDS

DUMP_LINES = [
    # GeoNames' 19 columns: id, name, ascii name, alternate names, lat, lon, feature class and
    # code, country, cc2, admin1-4, population, elevation, dem, time zone, modified.
    ["99000001", "Zyxwville", "Zyxwville", "Zyxw Town,Zyxwburg", "8.51", "-79.93", "P", "PPL",
     "PA", "", "08", "", "", "", "1500", "", "10", "America/Panama", "2024-01-01"],
    ["99000002", "Qorvath Lodge", "Qorvath Lodge", "", "8.1", "-77.5", "S", "HTL", "PA", "",
     "", "", "", "", "0", "", "900", "America/Panama", "2024-01-01"],
]


class _Marker:
    """A pickle payload that creates ``path`` when unpickled, as an attacker's would."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[Any, ...]:
        return (open, (str(self.path), "w"))


def evil_pickle(marker: Path) -> bytes:
    data = pickle.dumps(_Marker(marker))
    # Prove the payload is live: unpickling a twin really creates its marker file.
    twin = marker.with_name(marker.name + ".twin")
    pickle.loads(pickle.dumps(_Marker(twin))).close()
    assert twin.exists()
    twin.unlink()
    return data


def framed(payload: bytes, magic: bytes = storage.MAGIC_INDEX) -> bytes:
    """Wrap raw msgpack bytes in a correct frame, so only the payload is wrong."""
    return storage.HEADER.pack(magic, storage.FORMAT_VERSION, len(payload),
                              zlib.crc32(payload)) + payload


def one_error_line(text: str, path: Path) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert str(path) in lines[0]
    assert "Traceback" not in text
    return lines[0]


@pytest.fixture(scope="module")
def built_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real index from ``build_from_dump`` over a two-place dump (~10 s, built once)."""
    folder = tmp_path_factory.mktemp("index")
    dump = folder / "tiny.txt"
    dump.write_text("".join("\t".join(cols) + "\n" for cols in DUMP_LINES), encoding="utf-8")
    return store.build_from_dump(dump, folder / "tiny.gazetteer")


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """No gazetteer loaded in this process yet (restored afterwards)."""
    monkeypatch.setattr(store, "_LOADED", {})


# -- an index the user names -----------------------------------------------------------------

ENTRY = ["geomap:nowhere", "Nowhere", 1.5, 2.5, "village", "PA", None, 0, "a test", None, None,
         None]


def mini_index(**changes: Any) -> bytes:
    """A one-place index in a correct frame, with ``changes`` to its payload."""
    payload = {"version": INDEX_VERSION, "entries": [ENTRY], "name_keys": ["nowhere"],
               "name_values": [[0]], "geometry": {}, "capitals": [], "max_name_words": 1}
    return framed(msgpack.packb({**payload, **changes}))


def test_a_small_handmade_index_loads(tmp_path: Path, fresh: None) -> None:
    path = tmp_path / "mini.gazetteer"
    path.write_bytes(mini_index())
    [found] = store.load(path=path).candidates("Nowhere")
    assert (found.id, found.lat, found.lon, found.kind) == ("geomap:nowhere", 1.5, 2.5, "village")


def _pickle(tmp_path: Path) -> bytes:
    return evil_pickle(tmp_path / "pwned")


BAD_FILES: dict[str, tuple[Callable[[Path], bytes], str]] = {
    "pickle": (_pickle, "pickle"),
    "random bytes": (lambda _: random.Random(1).randbytes(4096), "not a gazetteer index"),
    "empty": (lambda _: b"", "empty"),
    "plain msgpack": (lambda _: msgpack.packb({"entries": []}), "not a gazetteer index"),
    "wrong shape": (lambda _: framed(msgpack.packb({"entries": [1, 2]})), "malformed"),
    "entries of the wrong arity": (lambda _: mini_index(entries=[ENTRY[:2]]), "bad entries"),
    "a latitude in words": (lambda _: mini_index(entries=[[*ENTRY[:2], "north", *ENTRY[3:]]]),
                            "bad entry lats"),
    "a latitude off the globe": (lambda _: mini_index(entries=[[*ENTRY[:2], 91.0, *ENTRY[3:]]]),
                                 "bad coordinates"),
    "a NaN longitude": (lambda _: mini_index(entries=[[*ENTRY[:3], float("nan"), *ENTRY[4:]]]),
                        "bad coordinates"),
    "a negative population": (lambda _: mini_index(entries=[[*ENTRY[:7], -5, *ENTRY[8:]]]),
                              "bad populations"),
    "a name of nothing": (lambda _: mini_index(name_values=[[7]]), "bad name targets"),
    "an unknown outline": (lambda _: mini_index(geometry={"geomap:nowhere": ["/etc/x", "a"]}),
                           "bad geometry"),
    "a region made of itself": (lambda _: mini_index(geometry={
        "geomap:nowhere": ["parts", ["geomap:nowhere"]]}), "bad geometry"),
    "an older version": (lambda _: mini_index(version=INDEX_VERSION - 1),
                         f"version {INDEX_VERSION - 1}"),
    "an extension type": (lambda _: mini_index(capitals=[msgpack.ExtType(5, b"x")]),
                          "extension type"),
    "not a map": (lambda _: framed(msgpack.packb([1, 2, 3])), "malformed"),
    "deep nesting": (lambda _: framed(b"\x91" * 100_000 + b"\xc0"), "undecodable"),
    "huge array claimed": (lambda _: framed(b"\xdd\xff\xff\xff\xff"), "undecodable"),
    "bad checksum": (lambda _: framed(msgpack.packb({}))[:-1] + b"\x81", "checksum"),
    "newer format": (lambda _: storage.HEADER.pack(storage.MAGIC_INDEX, 99, 0, 0), "newer"),
    "outline cache": (lambda _: framed(msgpack.packb({}), storage.MAGIC_OUTLINES),
                      "outline cache, not a gazetteer index"),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_a_bad_index_on_the_command_line_is_refused_in_one_line(
        kind: str, tmp_path: Path, fresh: None) -> None:
    make, why = BAD_FILES[kind]
    bad = tmp_path / "given.gazetteer"
    bad.write_bytes(make(tmp_path))
    result = CliRunner().invoke(main, ["build", str(SEEDS), "--out", str(tmp_path / "out"),
                                       "--gazetteer", str(bad)])
    assert result.exit_code == 1, result.output
    line = one_error_line(result.stderr, bad)
    assert why in line and "geomap gazetteer build" in line  # what it is, and what to do
    assert not (tmp_path / "pwned").exists()
    assert not (tmp_path / "out").exists()


def test_paths_that_are_no_file_are_refused_in_one_line(tmp_path: Path, fresh: None) -> None:
    for path, why in [(tmp_path, "a directory"), (tmp_path / "missing.gazetteer", "no such"),
                      (Path("/dev/zero"), "not a regular file")]:
        with pytest.raises(GazetteerError) as caught:
            store.load(path=path)
        assert why in one_error_line(str(caught.value), path)


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path, fresh: None) -> None:
    fifo = tmp_path / "index.fifo"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def attempt() -> None:
        try:
            store.load(path=fifo)
        except BaseException as err:
            outcome.append(err)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(timeout=10)
    if worker.is_alive():  # unblock the reader so the thread ends, then fail
        with fifo.open("wb"):
            pass
        pytest.fail("loading a FIFO waited for a writer")
    assert isinstance(outcome[0], GazetteerError)
    assert "not a regular file" in one_error_line(str(outcome[0]), fifo)


def test_the_environment_variable_is_checked_too(tmp_path: Path, fresh: None,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "env.gazetteer"
    bad.write_bytes(evil_pickle(tmp_path / "pwned"))
    monkeypatch.setenv("GEOMAP_GAZETTEER", str(bad))
    with pytest.raises(GazetteerError, match="pickle"):
        store.load()
    assert not (tmp_path / "pwned").exists()


@pytest.mark.slow
def test_a_built_index_round_trips_and_a_truncated_one_is_refused(
        built_index: Path, gazetteer: Gazetteer, tmp_path: Path, fresh: None) -> None:
    assert built_index.read_bytes().startswith(b"GEOMAPGZ")
    loaded = store.load(path=built_index)
    assert len(loaded) == len(gazetteer) + 2
    town = loaded.candidates("Zyxwville")
    assert [(c.geonameid, c.kind, c.population, c.countrycode) for c in town] == [
        (99000001, "city", 1500, "PA")]
    assert loaded.candidates("Zyxw Town")[0].alternate
    assert loaded.candidates("Qorvath Lodge")[0].kind == "facility"
    for name in ("Panama", "Darien Gap", "South America", "Texas"):
        assert loaded.candidates(name) == gazetteer.candidates(name)
    panama = loaded.candidates("Panama")[0].id
    assert loaded.geometry(panama).equals(gazetteer.geometry(panama))

    data = built_index.read_bytes()
    for size in (len(data) - 1, len(data) // 2, 20, 5):
        cut = tmp_path / f"cut-{size}.gazetteer"
        cut.write_bytes(data[:size])
        result = CliRunner().invoke(main, ["build", str(SEEDS), "--out", str(tmp_path / "out"),
                                           "--gazetteer", str(cut)])
        assert result.exit_code == 1
        assert "truncated" in one_error_line(result.stderr, cut)


# -- the cache in cache_dir() ----------------------------------------------------------------

@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh: None) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(folder))
    monkeypatch.delenv("GEOMAP_GAZETTEER", raising=False)
    assert cache_dir() == folder
    return folder


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.mark.slow
@pytest.mark.parametrize("damage", ["pickle", "garbage", "truncated"])
def test_a_broken_cached_index_is_rebuilt_with_a_warning(
        damage: str, built_index: Path, cache: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    # The real build takes ~10 s; the index built from the dump stands in for it.
    index = storage.read_index(built_index, thorough=True)
    builds: list[int] = []
    monkeypatch.setattr(store, "build_index", lambda: builds.append(1) or index)
    path = store._index_path()
    cache.mkdir()
    data = built_index.read_bytes()
    path.write_bytes({"pickle": evil_pickle(cache / "pwned"),
                      "garbage": b"\x00\xff" * 999,
                      "truncated": data[: len(data) // 3]}[damage])
    # Caches of earlier versions, pickled: removed, never loaded.
    stale = [cache / "gazetteer-v2-gnc3.0.2-0-0.pickle", cache / "outlines-0.pickle"]
    for old in stale:
        old.write_bytes(evil_pickle(cache / "pwned"))

    with caplog.at_level(logging.WARNING, logger="geomap"):
        first = store.load()
    assert builds == [1]
    [warning] = _warnings(caplog)
    assert str(path) in warning and "rebuilding" in warning and "\n" not in warning
    assert first.candidates("Zyxwville")
    assert path.read_bytes().startswith(b"GEOMAPGZ")
    assert not any(old.exists() for old in stale)
    assert not (cache / "pwned").exists()

    caplog.clear()
    store._LOADED.clear()
    second = store.load()
    assert builds == [1]  # read from the repaired cache, not built again
    assert not _warnings(caplog)
    assert second is not first and second.candidates("Zyxwville") == first.candidates("Zyxwville")


@pytest.mark.parametrize("damage", ["pickle", "garbage", "index"])
def test_a_broken_outline_cache_is_rebuilt_with_a_warning(
        damage: str, cache: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = store._outlines_path()
    cache.mkdir()
    path.write_bytes({"pickle": evil_pickle(cache / "pwned"),
                      "garbage": random.Random(2).randbytes(999),
                      "index": framed(msgpack.packb({}))}[damage])
    empty = {"entries": [], "names": {}, "geometry": {}}

    with caplog.at_level(logging.WARNING, logger="geomap"):
        outlines = Gazetteer(empty).country_outlines()
    [warning] = _warnings(caplog)
    assert str(path) in warning and "rebuilding" in warning and "\n" not in warning
    assert outlines["PA"].geom_type in ("Polygon", "MultiPolygon")
    assert path.read_bytes().startswith(b"GEOMAPOL")
    assert not (cache / "pwned").exists()

    caplog.clear()
    again = Gazetteer(empty).country_outlines()
    assert not _warnings(caplog)
    assert again.keys() == outlines.keys()
    assert all(again[k].equals_exact(outlines[k], 0) for k in outlines)


def test_a_region_of_divisions_must_lie_in_one_country() -> None:
    from geomap.errors import DataError
    from geomap.gazetteer.build import _add_division_region

    entries = {"SD-DN": ("iso3166-2:SD-DN", "North Darfur", 16.0, 26.0, "admin1",
                         "SD", None, 0, "s", None, None, None),
               "TD-BG": ("iso3166-2:TD-BG", "Bahr el Gazel", 14.0, 16.0, "admin1",
                         "TD", None, 0, "s", None, None, None)}
    region = {"id": "geomap:x", "name": "X", "members": ["SD-DN", "TD-BG"]}
    with pytest.raises(DataError, match="spans countries"):
        _add_division_region(lambda *a, **k: None, {}, region, "src", entries.get)
    with pytest.raises(DataError, match="unknown ISO 3166-2"):
        _add_division_region(lambda *a, **k: None, {}, {**region, "members": ["SD-ZZ"]},
                             "src", entries.get)

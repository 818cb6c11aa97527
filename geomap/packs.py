"""Story packs: what is known about one story, kept beside its articles.

A pack is a folder (``pack/`` beside a story's articles, or any folder given with
``--pack``) holding curated, sourced facts about that story only:

- ``pack.json``: its ``name``, ``description`` and ``source`` (required);
- ``places.geojson``: places the gazetteer lacks or places badly (a region drawn by hand,
  a village with no published coordinate), in the format of ``data/places.geojson``;
- ``actors.json``: ``{"actors": [...]}``, the story's people and bodies with their roles and
  home bases (``{"name", "place"}``, a gazetteer or pack place id);
- ``routes/*.json``: the story's routes, in the format of the route library in
  ``data/routes/``; a pack route with a library route's id takes its place.

Every record carries its ``source``. Packs are plain JSON read with :mod:`json` (never code),
checked on load, and applied in memory: the gazetteer index on disk is never rebuilt for them.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

from .errors import DataError
from .model import MoveMode

if TYPE_CHECKING:
    from .extract.actors import ActorBook
    from .gazetteer import Gazetteer

__all__ = ["PACK_FOLDER", "Pack", "apply_packs", "check_route", "load_pack", "packs_beside"]

PACK_FOLDER = "pack"
"""The name of a pack folder beside a story's articles (``seeds/pack/``)."""

MANIFEST = "pack.json"
MAX_FILE_BYTES = 20_000_000  # a pack is hand-made: anything larger is a mistake or an attack
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9:._-]{0,99}$")
_KINDS = ("region", "admin1", "admin2", "city", "village", "facility", "country", "continent")
_ACTOR_KINDS = ("person", "organisation")
_MODES: tuple[str, ...] = get_args(MoveMode)


@dataclass(frozen=True)
class Pack:
    """A story pack, loaded and checked (see the module's docstring for its files)."""

    path: str
    name: str
    description: str
    source: str
    places: tuple[dict[str, Any], ...] = ()
    actors: tuple[dict[str, Any], ...] = ()
    routes: tuple[dict[str, Any], ...] = ()


def load_pack(folder: str | Path) -> Pack:
    """Read and check a story pack.

    Parameters
    ----------
    folder
        The pack's folder, holding ``pack.json`` and any of ``places.geojson``,
        ``actors.json`` and ``routes/*.json``.

    Returns
    -------
    Pack

    Raises
    ------
    DataError
        When the folder is no pack, a file is not valid JSON, or a record lacks its source,
        id, name or a valid geometry; the message names the file and the record.

    Examples
    --------
    >>> pack = load_pack("seeds/pack")  # doctest: +SKIP
    >>> [p["id"] for p in pack.places]  # doctest: +SKIP
    ['geomap:darien-gap', 'geomap:bajo-chiquito', 'geomap:san-vicente-station']
    """
    root = Path(folder)
    manifest = root / MANIFEST
    if not manifest.is_file():
        raise DataError(f"{root}: not a story pack (no {MANIFEST} in it)")
    meta = _object(_read_json(manifest), manifest)
    for key in ("name", "source"):
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            raise DataError(f"{manifest}: {key!r} is missing; a pack says what it is and where "
                            "its facts come from")
    places: list[dict[str, Any]] = []
    if (path := root / "places.geojson").is_file():
        places = [_check_place(f, path) for f in _list(_object(_read_json(path), path),
                                                        "features", path)]
    actors: list[dict[str, Any]] = []
    if (path := root / "actors.json").is_file():
        actors = [_check_actor(a, path) for a in _list(_object(_read_json(path), path),
                                                        "actors", path)]
    routes = []
    if (folder_routes := root / "routes").is_dir():
        for path in sorted(folder_routes.glob("*.json")):
            routes.append(check_route(_object(_read_json(path), path), path))
    _unique([p["id"] for p in places], root / "places.geojson")
    _unique([a["id"] for a in actors], root / "actors.json")
    _unique([r["id"] for r in routes], root / "routes")
    return Pack(path=str(root), name=meta["name"].strip(),
                description=str(meta.get("description") or ""), source=meta["source"],
                places=tuple(places), actors=tuple(actors), routes=tuple(routes))


def packs_beside(paths: Iterable[str | Path]) -> list[Pack]:
    """Return the packs found beside the given inputs: ``<folder>/pack`` of each folder."""
    found = []
    for p in paths:
        folder = Path(p)
        if str(p) != "-" and folder.is_dir() and (folder / PACK_FOLDER / MANIFEST).is_file():
            found.append(load_pack(folder / PACK_FOLDER))
    return found


def check_route(route: dict[str, Any], where: Path | str) -> dict[str, Any]:
    """Check a route record (library or pack): ids, sources, waypoints, modes and figures."""
    _require(route, ("id", "name", "source"), where)
    for w in _list(route, "waypoints", where):
        _require(_object(w, where), ("name", "source"), where)
        if w.get("place") is not None and not isinstance(w["place"], str):
            raise DataError(f"{where}: waypoint {w['name']!r}: 'place' must be an id or null")
        if w.get("mode_to_next") not in (None, *_MODES):
            raise DataError(f"{where}: waypoint {w['name']!r}: unknown mode "
                            f"{w['mode_to_next']!r}; use one of {', '.join(_MODES)}")
    for f in route.get("figures", []):
        _require(_object(f, where), ("label", "source"), where)
        if not isinstance(f.get("value"), int) or not isinstance(f.get("year"), int):
            raise DataError(f"{where}: figure {f['label']!r} needs an integer 'year' and "
                            "'value'")
    return route


def _check_place(value: Any, where: Path) -> dict[str, Any]:
    feature = _object(value, where)
    props = _object(feature.get("properties"), where)
    record = {**props, "id": feature.get("id")}
    _require(record, ("id", "name", "kind", "source"), where)
    if props["kind"] not in _KINDS:
        raise DataError(f"{where}: place {props['name']!r}: unknown kind {props['kind']!r}; "
                        f"use one of {', '.join(_KINDS)}")
    from shapely.geometry import shape

    try:
        geom = shape(feature.get("geometry"))
    except (AttributeError, KeyError, TypeError, ValueError, IndexError) as err:
        raise DataError(f"{where}: place {props['name']!r}: unreadable geometry") from err
    if geom.is_empty or geom.geom_type not in ("Point", "Polygon", "MultiPolygon") or not all(
            math.isfinite(v) for v in geom.bounds):
        raise DataError(f"{where}: place {props['name']!r}: the geometry must be a point or "
                        "polygon with coordinates")
    if not geom.is_valid:
        from shapely.validation import explain_validity

        # A crossing ring has no inside: its label point, view and table outline are undefined.
        raise DataError(f"{where}: place {props['name']!r}: the outline is not a valid polygon "
                        f"({explain_validity(geom)}); shapely.make_valid can repair it")
    west, south, east, north = geom.bounds
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise DataError(f"{where}: place {props['name']!r}: coordinates off the globe "
                        "(GeoJSON is longitude, latitude)")
    names = props.get("alternatenames", [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise DataError(f"{where}: place {props['name']!r}: 'alternatenames' must be a list "
                        "of names")
    return feature


def _check_actor(value: Any, where: Path) -> dict[str, Any]:
    record = _object(value, where)
    _require(record, ("id", "name", "kind", "source"), where)
    if record["kind"] not in _ACTOR_KINDS:
        raise DataError(f"{where}: actor {record['name']!r}: kind must be one of "
                        f"{', '.join(_ACTOR_KINDS)}")
    aliases = record.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a for a in aliases):
        raise DataError(f"{where}: actor {record['name']!r}: 'aliases' must be a list of names")
    base = record.get("home_base")
    if base is not None:
        _require(_object(base, where), ("name",), where)
        if base.get("place") is not None and not isinstance(base["place"], str):
            raise DataError(f"{where}: actor {record['name']!r}: the home base's 'place' "
                            "must be a place id, or null when no coordinate is known")
    return record


def _read_json(path: Path) -> Any:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise DataError(f"{path}: larger than {MAX_FILE_BYTES:,} bytes; not a pack file")
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as err:
        raise DataError(f"{path}: cannot read it as UTF-8 JSON ({err})") from err


def _object(value: Any, where: Path | str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise DataError(f"{where}: expected a JSON object, found {type(value).__name__}")
    return value


def _list(obj: dict[str, Any], key: str, where: Path | str) -> list[Any]:
    value = obj.get(key, [])
    if not isinstance(value, list):
        raise DataError(f"{where}: {key!r} must be a list")
    return value


def _require(record: dict[str, Any], keys: Sequence[str], where: Path | str) -> None:
    label = record.get("name") or record.get("label") or record.get("id")
    for key in keys:
        value = record.get(key)
        if not isinstance(value, str) or not value.strip():
            hint = ("; every curated fact must say where it was read" if key == "source"
                    else "")
            raise DataError(f"{where}: record {label!r} has no {key!r}{hint}")
    if "id" in keys and not _ID.match(record["id"]):
        raise DataError(f"{where}: id {record['id']!r} must be letters, digits and : . _ - "
                        "(at most 100)")


def _unique(ids: list[str], where: Path) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise DataError(f"{where}: the id {i!r} is used twice")
        seen.add(i)


def apply_packs(gazetteer: Gazetteer, packs: Sequence[Pack]) -> tuple[Gazetteer, ActorBook]:
    """Return the gazetteer with the packs' places, and the packs' actors as a book.

    Raises
    ------
    DataError
        When an actor's home base names a place neither the gazetteer nor a pack holds.
    """
    from .extract.actors import ActorBook

    gaz = gazetteer
    for pack in packs:
        if pack.places:
            gaz = gaz.with_places(pack.places, f"{pack.path}/places.geojson")
    actors = [a for pack in packs for a in pack.actors]
    for record in actors:
        base = record.get("home_base")
        if base and base.get("place") and gaz.get(base["place"]) is None:
            raise DataError(f"story pack: actor {record['name']!r} has a home base "
                            f"{base['place']!r} that no gazetteer entry or pack place has")
    return gaz, ActorBook(actors)

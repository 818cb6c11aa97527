"""The story's tables: places, actors and events as GeoDataFrames and files.

One feature builder per table feeds both the GeoDataFrames of the Python API and the files
of ``geomap extract`` and ``geomap build`` (GeoJSON, JSON, CSV, GeoParquet), so every format
holds the same rows. Text formats are written with sorted keys and fixed float formatting,
so the same story gives byte-identical files.

A place that is an area (a country, a region, a pack's polygon) has its outline as its
geometry in GeoJSON, GeoParquet and the GeoDataFrame, simplified for the table
(:data:`OUTLINE_TOLERANCE`); its point stays in ``lat``/``lon``. Other rows are points.
JSON and CSV give every row as ``lat``/``lon``.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, get_args

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from . import coords
from .errors import InputError
from .files import atomic_write, atomic_write_text
from .origins import event_origins, home_base

if TYPE_CHECKING:
    from .model import Actor, Event, Movement, Place
    from .story import Story

__all__ = ["FORMATS", "OUTLINE_TOLERANCE", "TABLES", "At", "Format", "Table", "as_points", "export",
           "features", "frame", "read_points", "rows_frame", "table_outline", "write_table",
           "write_tables"]

Table = Literal["places", "actors", "events", "movements"]
Format = Literal["geojson", "json", "csv", "parquet"]
TABLES: tuple[Table, ...] = get_args(Table)
FORMATS: tuple[Format, ...] = get_args(Format)


class At(NamedTuple):
    """Where a row is: its point, and for a place that is an area, the area's outline."""

    lat: float
    lon: float
    outline: BaseGeometry | None = None
    """A (Multi)Polygon as the tables give it (:func:`table_outline`), else ``None``."""


Feature = tuple[dict[str, Any], At | tuple[float, float] | None]
"""A row: ``(properties, At(lat, lon, outline) or a (lat, lon) pair, or None)``."""

OUTLINE_TOLERANCE = 0.01
"""How far (degrees, about 1 km) a table's outline may stray from the gazetteer's."""
DIGITS = 6
"""Decimals of the coordinates of the tables' outlines (as :func:`geomap.coords.latlon`)."""
_AREAS = ("Polygon", "MultiPolygon")

log = logging.getLogger(__name__)


def table_outline(geom: BaseGeometry) -> BaseGeometry | None:
    """Return an area's outline as the tables give it, or ``None`` for no area.

    Simplified within :data:`OUTLINE_TOLERANCE` without changing its topology (a country
    stays recognisable, its rings never cross), on a grid of :data:`DIGITS` decimals, valid,
    with its rings oriented as RFC 7946 asks (exterior counter-clockwise). The same outline
    always gives the same coordinates.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> table_outline(box(0, 0, 1.0000001, 1)).bounds
    (0.0, 0.0, 1.0, 1.0)
    """
    if geom is None or geom.is_empty or geom.geom_type not in _AREAS:
        return None
    return _simplified(geom)


@functools.lru_cache(maxsize=1024)
def _simplified(geom: BaseGeometry) -> BaseGeometry | None:
    # Once per outline: stories and a corpus's articles name the same countries again and
    # again, and simplifying a country takes milliseconds.
    small = shapely.simplify(geom, OUTLINE_TOLERANCE, preserve_topology=True)
    small = shapely.set_precision(small, 10.0 ** -DIGITS)  # valid on the grid
    # Each coordinate as the nearest float to its decimal, so text formats print it short.
    small = shapely.transform(small, lambda xy: np.round(xy, DIGITS))
    if small.is_empty or small.geom_type not in _AREAS:
        return None
    # Exterior rings counter-clockwise, holes clockwise (shapely 2.0 has no orient_polygons).
    if isinstance(small, Polygon):
        return orient(small)
    return MultiPolygon([orient(part) for part in small.geoms])


def _at(row: At | tuple[float, float] | None) -> BaseGeometry | None:
    """Return a row's geometry: its area's outline, else its point (None without either)."""
    if row is None:
        return None
    outline = row.outline if isinstance(row, At) else None
    return outline if outline is not None else coords.point(row[0], row[1])


def _corrected(story: Story, table: str, item_id: str) -> dict[str, Any]:
    """Return the ``corrected`` and ``correction`` columns of an item."""
    reason = story.correction(table.removesuffix("s"), item_id)
    return {"corrected": reason is not None, "correction": reason}


def _place(story: Story, place: Place) -> Feature:
    c = place.candidate
    mentions = [{
        "article": m.article_id, "outlet": story.article(m.article_id).outlet,
        "sentence": m.sentence, "start": m.start, "end": m.end, "text": m.text,
        "section": m.section, "quote": story.quote(m.article_id, m.sentence, m.start, m.end),
    } for m in place.mentions]
    props = {
        "id": place.id, "name": c.name, "kind": c.kind, "precision": c.precision or c.kind,
        "uncertainty_km": c.uncertainty_km, "lat": c.lat, "lon": c.lon,
        "countrycode": c.countrycode, "geonameid": c.geonameid, "population": c.population,
        "score": place.score, "reason": place.reason, "source": c.source,
        "n_mentions": len(mentions),
        "only_in_related_links": place.only_in_related_links,
        "mentions": mentions,
        **_corrected(story, "places", place.id),
    }
    return props, At(c.lat, c.lon, table_outline(story.geometry(place.id)))


def _actor(story: Story, actor: Actor, events: list[str]) -> Feature:
    record = actor.record or {}
    base = home_base(story, actor)
    props = {
        "id": actor.id, "name": actor.name, "kind": actor.kind, "country": actor.country,
        "titles": list(actor.titles), "roles": list(actor.roles),
        "role": record.get("role"), "organisation": record.get("organisation"),
        "home_base": base[2] if base else None,
        "source": record.get("source"),
        "n_mentions": len(actor.mentions),
        "events": events,
        "mentions": [{
            "article": m.article_id, "sentence": m.sentence, "start": m.start, "end": m.end,
            "text": m.text, "title": m.title, "role": m.role,
        } for m in actor.mentions],
        **_corrected(story, "actors", actor.id),
    }
    return props, At(base[0], base[1]) if base else None


def _event(story: Story, event: Event) -> Feature:
    first = story.place(event.place_ids[0]) if event.place_ids else None
    origin = next((o for _, o in event_origins(story, event)), None)
    props = {
        "id": event.id, "code": event.code, "label": event.label, "family": event.family,
        "modality": event.modality,
        "date": event.date.isoformat() if event.date else None,
        "date_precision": event.date_precision,
        "dead": event.dead, "injured": event.injured, "people": event.people,
        "actors": [{"id": p.actor_id, "role": p.role,
                    "name": a.name if (a := story.actor(p.actor_id)) else p.actor_id}
                   for p in event.participants],
        "places": [{"id": pid, "name": pl.candidate.name if (pl := story.place(pid)) else pid}
                   for pid in event.place_ids],
        "trigger": event.trigger,
        # Where the (first) traveller came from, and how that is known.
        "origin_name": origin.name if origin else None,
        "origin_lat": origin.lat if origin else None,
        "origin_lon": origin.lon if origin else None,
        "origin_basis": origin.basis if origin else None,
        "evidence": [{"article": ev.article_id, "outlet": story.article(ev.article_id).outlet,
                      "sentence": ev.sentence, "start": ev.start, "end": ev.end,
                      "quote": ev.quote} for ev in event.evidence],
        **_corrected(story, "events", event.id),
    }
    return props, At(first.candidate.lat, first.candidate.lon) if first else None


def _movement(story: Story, move: Movement) -> Feature:
    def name(pid: str | None) -> str | None:
        place = story.place(pid) if pid else None
        return place.candidate.name if place else None

    ev = move.evidence
    props = {
        "id": move.id, "who": move.who, "count": move.count,
        "origin": name(move.origin_id), "origin_id": move.origin_id,
        "via": [{"id": pid, "name": name(pid)} for pid in move.via_ids],
        "destination": name(move.destination_id), "destination_id": move.destination_id,
        "mode": move.mode, "date": move.date.isoformat() if move.date else None,
        "date_precision": move.date_precision, "modality": move.modality,
        "trigger": move.trigger,
        "evidence": [{"article": ev.article_id, "outlet": story.article(ev.article_id).outlet,
                      "sentence": ev.sentence, "start": ev.start, "end": ev.end,
                      "quote": ev.quote}],
    }
    at = story.place(move.destination_id or move.origin_id or "")
    return props, At(at.candidate.lat, at.candidate.lon) if at else None


def features(story: Story, table: Table) -> list[Feature]:
    """Return one table's rows as ``(properties, At(lat, lon, outline) or None)``.

    A place that is an area has its outline (:func:`table_outline`); other rows have none.

    Parameters
    ----------
    story
        The story.
    table
        "places", "actors", "events" or "movements".
    """
    if table == "places":
        return [_place(story, p) for p in story.places]
    if table == "actors":
        # Each actor's events, gathered in one pass (not a pass over the events per actor).
        takes_part: dict[str, list[str]] = {}
        for e in story.events:
            for actor_id in dict.fromkeys(p.actor_id for p in e.participants):
                takes_part.setdefault(actor_id, []).append(e.id)
        return [_actor(story, a, takes_part.get(a.id, [])) for a in story.actors]
    if table == "events":
        return [_event(story, e) for e in story.events]
    if table == "movements":
        return [_movement(story, m) for m in story.movements]
    raise InputError(f"unknown table {table!r}: choose one of {', '.join(TABLES)}")


# Every table's columns with fixed (nullable) types, so that frames from different stories,
# partitions or workers always share one schema, empty or not.
_FLOAT, _INT, _TEXT, _BOOL = "Float64", "Int64", "string", "boolean"
COLUMNS: dict[str, dict[str, str]] = {
    "places": {"id": _TEXT, "name": _TEXT, "kind": _TEXT, "precision": _TEXT,
               "uncertainty_km": _FLOAT, "lat": _FLOAT, "lon": _FLOAT, "countrycode": _TEXT,
               "geonameid": _INT, "population": _INT, "score": _FLOAT, "reason": _TEXT,
               "source": _TEXT, "n_mentions": _INT, "only_in_related_links": _BOOL,
               "mentions": _TEXT, "corrected": _BOOL, "correction": _TEXT},
    "actors": {"id": _TEXT, "name": _TEXT, "kind": _TEXT, "country": _TEXT, "titles": _TEXT,
               "roles": _TEXT, "role": _TEXT, "organisation": _TEXT, "home_base": _TEXT,
               "source": _TEXT, "n_mentions": _INT, "events": _TEXT, "mentions": _TEXT,
               "corrected": _BOOL, "correction": _TEXT},
    "events": {"id": _TEXT, "code": _TEXT, "label": _TEXT, "family": _TEXT, "modality": _TEXT,
               "date": _TEXT, "date_precision": _TEXT, "dead": _INT, "injured": _INT,
               "people": _INT, "actors": _TEXT, "places": _TEXT, "trigger": _TEXT,
               "origin_name": _TEXT, "origin_lat": _FLOAT, "origin_lon": _FLOAT,
               "origin_basis": _TEXT, "evidence": _TEXT, "corrected": _BOOL,
               "correction": _TEXT},
    "movements": {"id": _TEXT, "who": _TEXT, "count": _INT, "origin": _TEXT,
                  "origin_id": _TEXT, "via": _TEXT, "destination": _TEXT,
                  "destination_id": _TEXT, "mode": _TEXT, "date": _TEXT,
                  "date_precision": _TEXT, "modality": _TEXT, "trigger": _TEXT,
                  "evidence": _TEXT},
}


def frame(story: Story, table: Table) -> gpd.GeoDataFrame:
    """Return one table as a GeoDataFrame in EPSG:4326; nested lists are JSON strings.

    Columns and their types are fixed per table (:data:`COLUMNS`), even when it is empty.
    """
    return rows_frame(table, features(story, table))


def rows_frame(table: Table, rows: list[Feature],
               leading: dict[str, tuple[str, list[Any]]] | None = None) -> gpd.GeoDataFrame:
    """Return feature rows (of one or many stories) as one typed GeoDataFrame.

    Parameters
    ----------
    table
        Which table the rows belong to (fixes the columns and their types).
    rows
        ``(properties, At(lat, lon, outline) or (lat, lon) or None)`` as from
        :func:`features`; a row's geometry is its outline if it has one, else its point.
    leading
        Extra columns put first, as ``name -> (dtype, one value per row)``; the corpus
        engines add each row's article and position this way.
    """
    data = [{k: (json.dumps(v, ensure_ascii=False, sort_keys=True)
                 if isinstance(v, list | dict) else v) for k, v in props.items()}
            for props, _ in rows]
    geoms = [_at(at) for _, at in rows]
    columns = dict(COLUMNS[table])
    out = pd.DataFrame(data, columns=list(columns)).astype(columns)
    for n, (name, (dtype, values)) in enumerate((leading or {}).items()):
        out.insert(n, name, pd.array(values, dtype=dtype))
    return gpd.GeoDataFrame(out, geometry=gpd.GeoSeries(geoms, crs="EPSG:4326"),
                            crs="EPSG:4326")


def _geojson(rows: list[Feature]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [{
        "type": "Feature",
        "properties": props,
        "geometry": _geojson_geometry(at),
    } for props, at in rows]}


def _geojson_geometry(at: At | tuple[float, float] | None) -> dict[str, Any] | None:
    """Return a row's GeoJSON geometry: its area's outline, else its point."""
    if at is None:
        return None
    if isinstance(at, At) and at.outline is not None:
        return dict(mapping(at.outline))
    return {"type": "Point", "coordinates": [at[1], at[0]]}


def _encoder() -> json.JSONEncoder:
    return json.JSONEncoder(ensure_ascii=False, indent=1, sort_keys=True)


def _dump(doc: object, tmp: Path) -> None:
    """Write ``doc`` as JSON (sorted keys, indented) to ``tmp``, a batch of pieces at a time.

    A big story's table is hundreds of MB of text; ``json.dumps`` would hold all of it,
    and the list of its millions of pieces, in memory at once.
    """
    batch: list[str] = []
    with tmp.open("w", encoding="utf-8", newline="\n") as fh:
        for piece in _encoder().iterencode(doc):
            batch.append(piece)
            if len(batch) >= 16_384:
                fh.write("".join(batch))
                batch.clear()
        batch.append("\n")
        fh.write("".join(batch))


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert_cell(value: str) -> str:
    """Keep a spreadsheet from reading a cell as a formula ("=HYPERLINK(…)" in an article).

    The cell gets a leading apostrophe, which spreadsheets hide, as OWASP advises for CSV.
    """
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def write_table(story: Story, table: Table, fmt: Format, path: str | Path | None) -> str | None:
    """Write one table in one format, atomically; to a string when ``path`` is None.

    Parameters
    ----------
    story
        The story.
    table
        "places", "actors", "events" or "movements".
    fmt
        "geojson", "json" (a list of rows with ``lat``/``lon``), "csv" (nested values as
        JSON, geometry as ``lat``/``lon`` columns, text that a spreadsheet would take for a
        formula led by an apostrophe) or "parquet" (GeoParquet via geopandas;
        needs a path).
    path
        Where to write; ``None`` returns the text instead.

    Returns
    -------
    str or None
        The text when ``path`` is None.
    """
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if path is None:
            raise InputError("parquet is binary: give an output file with --out")
        table_frame = frame(story, table)
        atomic_write(path, lambda tmp: table_frame.to_parquet(tmp, index=False))
        return None
    rows = features(story, table)
    if fmt in ("geojson", "json"):
        doc = _document(rows, fmt)
        if path is None:
            return str(_encoder().encode(doc)) + "\n"
        atomic_write(path, lambda tmp: _dump(doc, tmp))
        return None
    table_frame = frame(story, table)
    for column in table_frame.columns[table_frame.dtypes == "string"]:
        table_frame[column] = table_frame[column].map(_inert_cell, na_action="ignore")
    table_frame["lat"] = [ll[0] if ll else None for _, ll in rows] if rows else []
    table_frame["lon"] = [ll[1] if ll else None for _, ll in rows] if rows else []
    text: str = table_frame.drop(columns="geometry").to_csv(index=False, lineterminator="\n")
    if path is None:
        return text
    atomic_write_text(Path(path), text)
    return None


def _document(rows: list[Feature], fmt: Format) -> object:
    """Return one table's rows as the JSON value a "geojson" or "json" file holds."""
    if fmt == "geojson":
        return _geojson(rows)
    return [{**props, "lat": ll[0] if ll else None, "lon": ll[1] if ll else None}
            for props, ll in rows]


def write_tables(story: Story, tables: Sequence[Table], fmt: Format,
                 path: str | Path | None) -> str | None:
    """Write several tables as one JSON document keyed by table name, atomically.

    ``{"events": [...], "places": [...]}`` for "json"; for "geojson" each value is that
    table's FeatureCollection. Keys are sorted, so the same story gives the same bytes
    whatever the order the tables were asked in. One table alone is written by
    :func:`write_table`, as its own document.

    Parameters
    ----------
    story
        The story.
    tables
        Table names; each is written once.
    fmt
        "json" or "geojson": CSV and GeoParquet hold one table per file.
    path
        Where to write; ``None`` returns the text instead.

    Returns
    -------
    str or None
        The text when ``path`` is None.

    Raises
    ------
    InputError
        For an unknown table, or a format that cannot hold several tables in one file.

    Examples
    --------
    >>> import json, geomap
    >>> story = geomap.read("seeds/")  # doctest: +SKIP
    >>> text = write_tables(story, ["places", "events"], "json", None)  # doctest: +SKIP
    >>> sorted(json.loads(text))  # doctest: +SKIP
    ['events', 'places']
    """
    if fmt not in ("json", "geojson"):
        raise InputError(f"{fmt} holds one table per file: write each table on its own "
                         "(geomap extract --out DIR), or choose json or geojson")
    doc = {table: _document(features(story, table), fmt) for table in dict.fromkeys(tables)}
    if path is None:
        return str(_encoder().encode(doc)) + "\n"
    atomic_write(path, lambda tmp: _dump(doc, tmp))
    return None


def export(story: Story, out_dir: str | Path) -> list[Path]:
    """Write the story's tables next to its map.

    Writes ``<name>.places.geojson``, ``<name>.actors.geojson``,
    ``<name>.events.geojson`` (every row with its evidence), ``<name>.events.csv`` and
    ``<name>.movements.geojson``.

    Returns
    -------
    list of Path
        The files written.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table, fmt in (("places", "geojson"), ("actors", "geojson"), ("events", "geojson"),
                       ("events", "csv"), ("movements", "geojson")):
        path = out / f"{story.name}.{table}.{fmt}"
        write_table(story, table, fmt, path)  # type: ignore[arg-type]
        written.append(path)
    return written


def read_points(path: str | Path) -> gpd.GeoDataFrame:
    """Read a table to map as points.

    GeoParquet (a file or a partitioned folder), GeoJSON or any file geopandas reads, or a
    CSV with ``lat``/``lon`` columns (as geomap writes). A shape other than a point (a
    place's outline) is drawn at its row's ``lat``/``lon`` when the table has them (as
    geomap's places tables do), else at a point inside it (with a warning); rows without
    usable coordinates (none, not finite, off the globe) are left out.

    Raises
    ------
    InputError
        When the file cannot be read as a table (the one-line message names it).
    """
    source = Path(path)
    try:
        if source.is_dir() or source.suffix.lower() == ".parquet":
            table = gpd.read_parquet(source)
        elif source.suffix.lower() == ".csv":
            plain = pd.read_csv(source)
            table = gpd.GeoDataFrame(plain, geometry=gpd.points_from_xy(
                pd.to_numeric(plain["lon"], errors="coerce"),
                pd.to_numeric(plain["lat"], errors="coerce")), crs="EPSG:4326")
        else:
            table = gpd.read_file(source)
        if not isinstance(table, gpd.GeoDataFrame) or table.geometry.name not in table:
            raise ValueError("no geometry column")
    except Exception as err:  # any reader's failure is a bad input, said in one line
        raise InputError(f"{source}: cannot read as a table of points ({err})") from err
    shapes = as_points(table, str(source)).geometry
    usable = coords.on_globe(shapes)
    if not usable.all():
        log.warning("%s: %d row(s) without usable coordinates left out", source,
                    int((~usable).sum()))
    return table.set_geometry(shapes)[usable.to_numpy()]


def as_points(table: gpd.GeoDataFrame, where: str = "the table") -> gpd.GeoDataFrame:
    """Return the table with a point for each row: an area at its ``lat``/``lon``.

    A places table holds outlines with each area's point beside them; a point map needs
    the points. Rows of other shapes are put at a point inside them (with a warning).
    """
    shapes = table.geometry
    if shapes.isna().all() or shapes.geom_type.isin(["Point", None]).all():
        return table
    return table.set_geometry(_points_of(table, where))


def _points_of(table: gpd.GeoDataFrame, source: str) -> gpd.GeoSeries:
    """Return a point for each row of a table holding shapes other than points."""
    shapes = table.geometry
    areas = shapes.notna() & ~shapes.geom_type.isin(["Point"])
    if {"lat", "lon"} <= set(table.columns):
        # A places table: each area's own point is beside its outline.
        at = gpd.GeoSeries(gpd.points_from_xy(
            pd.to_numeric(table["lon"], errors="coerce"),
            pd.to_numeric(table["lat"], errors="coerce")), index=table.index, crs=shapes.crs)
        return shapes.where(~areas, at)
    log.warning("%s: not all rows are points; each shape is drawn at a point inside it",
                source)
    return shapes.representative_point()

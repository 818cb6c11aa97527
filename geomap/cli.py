"""The ``geomap`` command line: thin click commands over the Python API.

Data goes to stdout, logs to stderr; a :class:`~geomap.errors.GeomapError` ends the command
with its one-line message and exit code 1 (click uses 2 for usage errors).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from .errors import GeomapError, UsageError, one_line

__all__ = ["main"]

F = TypeVar("F", bound=Callable[..., Any])


EXIT_SKIPPED = 3  # the job ran, but some inputs were skipped (each named on stderr)


def _finish(problems: list[Any] | tuple[Any, ...]) -> None:
    """End a command that read inputs: exit 3 if any input was skipped."""
    skipped = [p for p in problems if p.skipped]
    if skipped:
        click.echo(f"geomap: {len(skipped)} input(s) skipped (see above); the rest was "
                   "processed", err=True)
        sys.exit(EXIT_SKIPPED)


def _errors(func: F) -> F:
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except GeomapError as err:
            click.echo(f"geomap: error: {one_line(str(err))}", err=True)
            sys.exit(2 if isinstance(err, UsageError) else 1)
        except OSError as err:  # the machine said no (disk full, a file vanished): one line
            click.echo(f"geomap: error: {one_line(str(err))}", err=True)
            sys.exit(1)
    return wrapper  # type: ignore[return-value]


def _show_progress() -> bool:
    """Progress bars on a terminal, or with -v; never with -q, nor in a log file by default."""
    level = logging.getLogger().getEffectiveLevel()
    return level < logging.ERROR and (sys.stderr.isatty() or level <= logging.INFO)


class _OneLineFormatter(logging.Formatter):
    """Log lines that stay one line each, whatever file names and values they quote."""

    def format(self, record: logging.LogRecord) -> str:
        return one_line(super().format(record))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="geomap")
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-vv: debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")
def main(verbose: int, quiet: bool) -> None:
    """Map the places, actors and events of news articles.

    Example: geomap build seeds/ --out maps/

    Exit codes: 0 done; 3 done, but some inputs were skipped (each named on stderr);
    1 error, nothing written; 2 bad usage.
    """
    level = logging.ERROR if quiet else (logging.DEBUG if verbose > 1 else
                                         logging.INFO if verbose == 1 else logging.WARNING)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLineFormatter("geomap: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    logging.captureWarnings(True)  # a library's warning is one log line too, or none with -q


def _geocoder_options(func: F) -> F:
    """Options shared by the commands that resolve places."""
    options = [
        click.option("--gazetteer", "gazetteer_path", type=click.Path(dir_okay=False),
                     default=None, help="A gazetteer index from 'geomap gazetteer build' "
                     "(default: the embedded one)."),
        click.option("--geocoder", default=None, metavar="NAME",
                     help="Use an online geopy geocoder instead (nominatim, photon, …): "
                     "rate-limited and cached."),
        click.option("--user-agent", default=None,
                     help="User agent sent to the online geocoder and to the sites pages and "
                     "feeds are fetched from; name yourself and a contact  [default: "
                     "geomap/VERSION (…) for pages, geomap for the geocoder]."),
        click.option("--geocoder-cache", type=click.Path(dir_okay=False), default=None,
                     help="JSON file caching geocoder answers (default: in the user cache)."),
        click.option("--min-delay", type=float, default=1.0, show_default=True,
                     help="Seconds between geocoder requests."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


_FETCH_KEYS = ("page_cache", "fetch_delay", "fetch_timeout", "max_entries", "max_page_size",
               "feed_max_age", "allow_local")


def _fetch_options(func: F) -> F:
    """Options for inputs fetched from the web (URLs, feeds): politeness, limits, cache."""
    options = [
        click.option("--page-cache", default=None, metavar="DIR",
                     type=click.Path(file_okay=False),
                     help="Folder caching fetched pages, feeds and robots.txt  [default: "
                     "pages/ in the gazetteer's cache folder]."),
        click.option("--fetch-delay", type=click.FloatRange(min=0), default=1.0,
                     show_default=True, metavar="SECONDS",
                     help="Seconds between two requests to one web site."),
        click.option("--fetch-timeout", type=click.FloatRange(min=0, min_open=True),
                     default=30.0, show_default=True, metavar="SECONDS",
                     help="Seconds to wait for a web site's answer (then retried, 3 times)."),
        click.option("--max-entries", type=click.IntRange(min=1), default=50,
                     show_default=True, metavar="N",
                     help="Entries read per feed, in the feed's order."),
        click.option("--max-page-size", type=click.FloatRange(min=0, min_open=True),
                     default=10.0, show_default=True, metavar="MB",
                     help="The largest page or feed fetched; a bigger one is skipped."),
        click.option("--feed-max-age", type=click.FloatRange(min=0), default=3600.0,
                     show_default=True, metavar="SECONDS",
                     help="Fetch a cached feed again once it is this old (its pages already "
                     "cached are not)."),
        click.option("--allow-local", is_flag=True,
                     help="Follow links to this machine from feeds, pages and feed files "
                     "that did not come from it (a staging server's feed saved to a file)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _fetching(options: dict[str, Any]) -> Any:
    """Return the FetchOptions of a command's options, taking the fetch ones out of them."""
    from .fetch import DEFAULT_USER_AGENT, FetchOptions, default_page_cache

    values = {key: options.pop(key) for key in _FETCH_KEYS}
    return FetchOptions(
        user_agent=options.get("user_agent") or DEFAULT_USER_AGENT,
        delay=values["fetch_delay"], timeout=values["fetch_timeout"],
        connect_timeout=min(10.0, values["fetch_timeout"]),
        max_entries=values["max_entries"],
        max_bytes=int(values["max_page_size"] * 1_000_000),
        cache_dir=values["page_cache"] or default_page_cache(),
        feed_max_age=values["feed_max_age"], allow_local=values["allow_local"],
        progress=_show_progress())


def _pack_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--pack DIR`` (repeatable): story packs besides those found beside the inputs."""
    return click.option(
        "--pack", "packs", multiple=True, metavar="DIR",
        type=click.Path(exists=True, file_okay=False),
        help="A story pack folder to apply (repeatable), besides any pack/ folder found "
        "beside the articles; see the README.")(func)


def _corrections_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--corrections FILE``: a corrections file instead of the one beside the inputs."""
    return click.option(
        "--corrections", type=click.Path(exists=True, dir_okay=False), default=None,
        metavar="FILE", help="A corrections file to apply (default: geomap.corrections.toml "
        "in the articles' folder); see docs/corrections.md.")(func)


def _packs(paths: tuple[str, ...], extra: tuple[str, ...]) -> list[Any]:
    from .packs import load_pack, packs_beside

    return [*packs_beside(paths), *(load_pack(p) for p in extra)]


def _resolution(gazetteer_path: str | None, geocoder: str | None, user_agent: str | None,
                geocoder_cache: str | None, min_delay: float) -> tuple[Any, Any]:
    """Return (gazetteer, resolver) for the options of :func:`_geocoder_options`."""
    from .gazetteer import cache_dir, load
    from .resolve import GazetteerResolver, GeopyResolver

    gazetteer = load(path=gazetteer_path)
    if geocoder is None:
        return gazetteer, None
    from geopy.exc import GeocoderNotFound
    from geopy.geocoders import get_geocoder_for_service

    try:
        service = get_geocoder_for_service(geocoder)
    except GeocoderNotFound as err:
        raise UsageError(f"unknown geocoder {geocoder!r}: {err}") from err
    cache = geocoder_cache or str(cache_dir() / f"geocoder-{geocoder}.json")
    resolver = GeopyResolver(service(user_agent=user_agent or "geomap"),
                             min_delay_seconds=min_delay,
                             cache_path=cache, fallback=GazetteerResolver(gazetteer))
    return gazetteer, resolver


def _image_size(_ctx: click.Context, _param: click.Parameter, value: str | None
                ) -> tuple[int, int] | None:
    """Check ``--size`` before any work (matplotlib is loaded only when it is given)."""
    if value is None:
        return None
    from .map.static import parse_size

    try:
        return parse_size(value)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="'--size'") from err


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--out", "out_dir", default="maps", show_default=True,
              type=click.Path(file_okay=False), help="Folder for the map and tables.")
@click.option("--layer", "layers", multiple=True, metavar="NAME",
              help="Layer to draw (repeatable); see 'geomap layers'. Default: all built-ins.")
@click.option("--title", default=None, help="Map title (default: the first headline).")
@click.option("--name", default=None,
              help="File name stem (default: the folder's metadata \"name\", else the "
                   "headline); reduced to a safe name.")
@click.option("--self-contained", is_flag=True,
              help="Inline Leaflet so the map needs no CDN (tiles stay optional).")
@click.option("--no-tiles", is_flag=True, help="No tile layer; the offline basemap only.")
@click.option("--embed-url", default=None, metavar="URL",
              help="Where the map will be published, for the embed snippets "
              "(default: its file name, relative to the article).")
@click.option("--png", is_flag=True, help="Also write a static image, <name>.png.")
@click.option("--svg", is_flag=True, help="Also write a static image, <name>.svg (its text "
              "stays text).")
@click.option("--size", default=None, metavar="WxH", callback=_image_size,
              help="Pixel size of the --png/--svg images, 200 to 8000 a side  "
              "[default: 1200x800].")
@_pack_option
@_corrections_option
@_geocoder_options
@_fetch_options
@_errors
def build(paths: tuple[str, ...], out_dir: str, layers: tuple[str, ...], title: str | None,
          name: str | None, self_contained: bool, no_tiles: bool, embed_url: str | None,
          png: bool, svg: bool, size: tuple[int, int] | None, packs: tuple[str, ...],
          corrections: str | None, **geocoding: Any) -> None:
    """Build the map and tables of the articles in PATHS: files, folders, - for JSONL, URLs.

    A URL is fetched (politely: robots.txt, a pause between requests, a cache) and read as
    an article page, or as a feed whose entries' pages are read; so is a feed file (.xml,
    .rss, .atom). Example: geomap build https://example.org/world/rss.xml --out maps/

    Also writes embed snippets (<name>.embed-iframe.html, <name>.embed-script.html) and a
    preview of the map in an article on a phone and a desktop (<name>.preview.html); with
    --png/--svg, static images of the map for print, newsletters and social cards.
    """
    from .files import transaction
    from .ingest import clean_text
    from .map import build_map, map_title, save_map
    from .map.embed import check_embed_url, write_embeds
    from .story import read
    from .tables import export

    if embed_url is not None:
        check_embed_url(embed_url)  # before any work
    for layer in layers:
        _check_layer(layer)
    log = logging.getLogger("geomap")
    log.info("reading %s", ", ".join(paths))
    fetch = _fetching(geocoding)
    gazetteer, resolver = _resolution(**geocoding)
    story = read(list(paths), name=name, gazetteer=gazetteer, resolver=resolver,
                 packs=_packs(paths, packs), corrections=corrections, fetch=fetch)
    log.info("%d articles, %d places, %d actors, %d events", len(story.articles),
             len(story.places), len(story.actors), len(story.events))
    title = clean_text(title) if title else None  # a title from a shell may hold raw bytes
    m = build_map(story, layers or None, title=title, tiles=None if no_tiles else
                  "OpenStreetMap")
    # The map, its snippets and its tables replace the previous ones together or not at all,
    # and never one of the articles they were made from.
    with transaction(protect=[a.source_path for a in story.articles if a.source_path]):
        map_path = save_map(m, Path(out_dir) / f"{story.name}.html",
                            self_contained=self_contained)
        written = [map_path, *write_embeds(story, map_title(story, title), map_path,
                                           embed_url)]
        written += _static_images(m, map_path, size,
                                  [f for f, on in (("png", png), ("svg", svg)) if on])
        written += export(story, out_dir)
    for path in written:
        click.echo(one_line(str(path)))
    _finish(story.problems)


def _static_images(m: Any, map_path: Path, size: tuple[int, int] | None,
                   formats: list[str]) -> list[Path]:
    """Write the map's static images beside its HTML (inside the build's transaction)."""
    from .map.static import DEFAULT_SIZE, save_static

    # Title, labels, view, legend and credits: the map's own (geomap.map.static).
    return [save_static(m, map_path.with_suffix(f".{fmt}"), size=size or DEFAULT_SIZE)
            for fmt in formats]


def _check_layer(name: str) -> None:
    from .layers import get_layer

    get_layer(name)  # UnknownLayerError (a usage error) lists the valid names


@main.command("extract")
@click.argument("paths", nargs=-1, required=True)
@click.option("--what", "tables", multiple=True, default=("events",), show_default=True,
              type=click.Choice(["places", "actors", "events", "movements",
                                 "corrections-needed"]),
              help="Table to write (repeatable); corrections-needed: the places and events "
              "below --below confidence, least certain first (csv or json).")
@click.option("--below", type=click.FloatRange(0, 1), default=0.6, show_default=True,
              help="With --what corrections-needed: the confidence threshold.")
@click.option("--format", "fmt", default=None,
              type=click.Choice(["geojson", "json", "csv", "parquet"]),
              help="Output format; parquet is GeoParquet (needs --out)  [default: geojson; "
              "json for corrections-needed].")
@click.option("--out", default=None, type=click.Path(),
              help="Output file, or a folder when several tables are asked for "
              "(<story>.<table>.<format>). Default: standard output.")
@click.option("--name", default=None,
              help="File name stem (default: the folder's metadata \"name\", else the headline).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default=None,
              help="Corpus mode: every article read on its own, written as partitioned "
              "GeoParquet under --out (dask: on a Dask cluster).")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="With --engine dask: a running scheduler (tcp://host:8786); default: a "
              "local cluster.")
@click.option("--workers", type=int, default=None,
              help="With --engine dask and no --scheduler: local worker processes.")
@_pack_option
@_corrections_option
@_geocoder_options
@_fetch_options
@_errors
def extract(paths: tuple[str, ...], tables: tuple[str, ...], below: float, fmt: str | None,
            out: str | None, name: str | None, engine: str | None, scheduler: str | None,
            workers: int | None, packs: tuple[str, ...], corrections: str | None,
            **geocoding: Any) -> None:
    """Write the places, actors, events or movements of the articles in PATHS as tables.

    Example: geomap extract seeds/ --what events --format csv --out events.csv

    Several tables on standard output (json, geojson) are one JSON document keyed by table
    name: {"events": [...], "places": [...]}; with --out they are one file each.

    Corpus mode (--engine): geomap extract corpus/ --engine dask --out tables/ writes
    tables/<table>/part.N.parquet, one row per place, actor or event of each article.
    """
    from .files import transaction
    from .story import read
    from .tables import write_table, write_tables

    tables = tuple(dict.fromkeys(tables))
    fetch = _fetching(geocoding)
    if "corrections-needed" in tables:
        _corrections_needed(paths, tables, below, fmt or "json", out, name, packs,
                            corrections, geocoding, fetch)
        return
    fmt = fmt or "geojson"
    if engine is not None:
        from .corpus import extract_corpus

        if out is None:
            raise UsageError("--engine writes partitioned GeoParquet: give a folder with --out")
        written = extract_corpus(list(paths), out, tables=tables, engine=engine,
                                 scheduler=scheduler, workers=workers,
                                 progress=_show_progress())
        for table, where in written.items():
            click.echo(f"{table}\t{one_line(str(where))}")
        return
    if out is None and fmt == "parquet":
        raise UsageError("parquet is binary: give an output file or folder with --out")
    if out is None and fmt == "csv" and len(tables) > 1:
        raise UsageError("CSV holds one table: give a folder with --out for several, or "
                         "choose --format json")
    folder = out is not None and (len(tables) > 1 or Path(out).is_dir())
    if folder and Path(out).exists() and not Path(out).is_dir():  # type: ignore[arg-type]
        raise UsageError(f"--out {out} is a file, but {len(tables)} tables need a folder: "
                         "name a folder, or ask for one table")
    gazetteer, resolver = _resolution(**geocoding)
    story = read(list(paths), name=name, gazetteer=gazetteer, resolver=resolver,
                 packs=_packs(paths, packs), corrections=corrections, fetch=fetch)
    if out is None:  # one document on stdout, however many tables
        if len(tables) == 1:
            text = write_table(story, tables[0], fmt, None)  # type: ignore[arg-type]
        else:
            text = write_tables(story, tables, fmt, None)  # type: ignore[arg-type]
        click.echo(text, nl=False)
        _finish(story.problems)
        return
    with transaction(protect=[a.source_path for a in story.articles if a.source_path]):
        for table in tables:
            path = Path(out) / f"{story.name}.{table}.{fmt}" if folder else Path(out)
            write_table(story, table, fmt, path)  # type: ignore[arg-type]
            click.echo(one_line(str(path)), err=True)
    _finish(story.problems)


def _corrections_needed(paths: tuple[str, ...], tables: tuple[str, ...], below: float,
                        fmt: str, out: str | None, name: str | None, packs: tuple[str, ...],
                        corrections: str | None, geocoding: dict[str, Any],
                        fetch: Any) -> None:
    """Write the items below the confidence threshold (geomap.corrections.needing_review)."""
    from .corrections import write_needing_review
    from .story import read

    if len(tables) > 1 or fmt not in ("csv", "json"):
        raise UsageError("--what corrections-needed is a table of its own, in csv or json")
    gazetteer, resolver = _resolution(**geocoding)
    story = read(list(paths), name=name, gazetteer=gazetteer, resolver=resolver,
                 packs=_packs(paths, packs), corrections=corrections, fetch=fetch)
    text = write_needing_review(story, below, fmt, out)
    if text is not None:
        click.echo(text, nl=False)
    _finish(story.problems)


@main.command("map")
@click.argument("table", type=click.Path(exists=True))
@click.option("--out", required=True, type=click.Path(dir_okay=False),
              help="The map's HTML file.")
@click.option("--title", default=None, help="Map title (default: the table's name).")
@click.option("--text", "text_column", default=None, metavar="COLUMN",
              help="Column shown in each point's popup (default: trigger or name).")
@click.option("--self-contained", is_flag=True, help="Inline Leaflet so the map needs no CDN.")
@click.option("--no-tiles", is_flag=True, help="No tile layer; the offline basemap only.")
@_errors
def map_table(table: str, out: str, title: str | None, text_column: str | None,
              self_contained: bool, no_tiles: bool) -> None:
    """Map a table of points: a GeoParquet file or folder (from extract --engine), GeoJSON.

    Any number of rows: points are counted per screen cell where they crowd.

    Example: geomap map tables/events --out maps/corpus-events.html --self-contained
    """
    from .ingest import clean_text
    from .map import build_points_map, save_map
    from .tables import read_points

    path = Path(table)
    frame = read_points(path)
    text = text_column or next((c for c in ("trigger", "name") if c in frame), None)
    m = build_points_map(frame, title=clean_text(title) if title else path.stem, text=text,
                         source=str(path), tiles=None if no_tiles else "OpenStreetMap")
    click.echo(one_line(str(save_map(m, out, self_contained=self_contained))))


@main.command("geoparse")
@click.argument("source", default="-", required=False)
@_geocoder_options
@_errors
def geoparse_command(source: str, **geocoding: Any) -> None:
    """Geoparse JSON Lines articles from SOURCE (a file, or - for stdin) to JSON Lines.

    Each output line is {"id", "toponyms": [{"start", "end", "name", "lat", "lon",
    "geonameid", "kind", "precision", "score"}]}, in input order.
    """
    import json

    from .geoparse import geoparse
    from .ingest import read_articles

    gazetteer, resolver = _resolution(**geocoding)
    articles = read_articles(source)
    for record in geoparse(articles, gazetteer=gazetteer, resolver=resolver):
        click.echo(json.dumps(record, ensure_ascii=False))
    _finish(articles.problems)


@main.group("gazetteer")
def gazetteer_group() -> None:
    """Build or inspect gazetteer indexes."""


@gazetteer_group.command("build")
@click.argument("dump", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", required=True, type=click.Path(dir_okay=False),
              help="Where to write the index (use it with --gazetteer).")
@click.option("--min-population", type=int, default=0, show_default=True,
              help="Skip populated places smaller than this.")
@click.option("--feature-classes", default="PAS", show_default=True,
              help="GeoNames feature classes to keep (P, A, S, H, T, L).")
@_errors
def gazetteer_build(dump: str, out: str, min_population: int, feature_classes: str) -> None:
    """Build a bigger gazetteer from a GeoNames DUMP (allCountries.txt, citiesN.txt, .zip)."""
    from .gazetteer import build_from_dump, load

    path = build_from_dump(dump, out, min_population=min_population,
                           feature_classes=feature_classes)
    click.echo(f"{one_line(str(path))}\t{len(load(path=path))} entries")


@main.command("layers")
@_errors
def list_layers() -> None:
    """List the layers available to --layer (built-in and plugins)."""
    from .layers import available_layers

    for name, factory in sorted(available_layers().items()):
        click.echo(f"{name}\t{getattr(factory, 'title', '')}")



@main.command("review")
@click.argument("paths", nargs=-1, required=True)
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="The port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on (the local machine only, unless --allow-remote).")
@click.option("--allow-remote", is_flag=True,
              help="Allow a --host other than the local machine: anyone who can reach it "
              "can read the story and, unless --read-only, record corrections.")
@click.option("--read-only", is_flag=True, help="Show the story; write nothing.")
@_errors
def review_command(paths: tuple[str, ...], port: int, host: str, allow_remote: bool,
                   read_only: bool) -> None:
    """Review a story in the browser and record corrections beside the articles.

    Serves a local page with the map and every place, actor and event with its evidence,
    least certain first; each decision is written to geomap.corrections.toml in the first
    PATH (a folder). Ctrl-C stops the server.
    """
    from .review.app import LOCAL_HOSTS, serve

    if host not in LOCAL_HOSTS and not allow_remote:
        raise click.UsageError(f"--host {host} would open the review to the network; "
                               "pass --allow-remote to do so anyway")
    serve(list(paths), host=host, port=port, read_only=read_only, allow_remote=allow_remote)

if __name__ == "__main__":  # pragma: no cover
    main()

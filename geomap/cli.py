"""The ``geomap`` command line: thin click commands over the Python API.

Data goes to stdout, logs to stderr; a :class:`~geomap.errors.GeomapError` ends the command
with its one-line message and exit code 1 (click uses 2 for usage errors).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from .errors import GeomapError

__all__ = ["main"]

F = TypeVar("F", bound=Callable[..., Any])


def _errors(func: F) -> F:
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except GeomapError as err:
            click.echo(f"geomap: error: {err}", err=True)
            sys.exit(1)
    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="geomap")
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-vv: debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")
def main(verbose: int, quiet: bool) -> None:
    """Map the places, actors and events of news articles.

    Example: geomap build seeds/ --out maps/
    """
    level = logging.ERROR if quiet else (logging.DEBUG if verbose > 1 else
                                         logging.INFO if verbose == 1 else logging.WARNING)
    logging.basicConfig(level=level, format="geomap: %(message)s", stream=sys.stderr,
                        force=True)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--out", "out_dir", default="maps", show_default=True,
              type=click.Path(file_okay=False), help="Folder for the map and tables.")
@click.option("--layer", "layers", multiple=True, metavar="NAME",
              help="Layer to draw (repeatable); see 'geomap layers'. Default: all built-ins.")
@click.option("--title", default=None, help="Map title (default: the first headline).")
@click.option("--name", default=None, help="File name stem (default: the story's main place).")
@click.option("--self-contained", is_flag=True,
              help="Inline Leaflet so the map needs no CDN (tiles stay optional).")
@click.option("--no-tiles", is_flag=True, help="No tile layer; the offline basemap only.")
@_errors
def build(paths: tuple[str, ...], out_dir: str, layers: tuple[str, ...], title: str | None,
          name: str | None, self_contained: bool, no_tiles: bool) -> None:
    """Build the map and tables of the articles in PATHS (files, folders, or - for JSONL)."""
    from .render import build_map, save_map
    from .story import export, read

    log = logging.getLogger("geomap")
    log.info("reading %s", ", ".join(paths))
    story = read(list(paths), name=name)
    log.info("%d articles, %d places, %d actors, %d events", len(story.articles),
             len(story.places), len(story.actors), len(story.events))
    m = build_map(story, layers or None, title=title, tiles=None if no_tiles else
                  "OpenStreetMap")
    written = [save_map(m, f"{out_dir}/{story.name}.html", self_contained=self_contained)]
    written += export(story, out_dir)
    for path in written:
        click.echo(str(path))


@main.command("geoparse")
@click.argument("source", default="-", required=False)
@_errors
def geoparse_command(source: str) -> None:
    """Geoparse JSON Lines articles from SOURCE (a file, or - for stdin) to JSON Lines.

    Each output line is {"id", "toponyms": [{"start", "end", "name", "lat", "lon",
    "geonameid", "kind", "precision", "score"}]}, in input order.
    """
    import json

    from .geoparse import geoparse
    from .ingest import read_articles

    for record in geoparse(read_articles(source)):
        click.echo(json.dumps(record, ensure_ascii=False))


@main.command("layers")
@_errors
def list_layers() -> None:
    """List the layers available to --layer (built-in and plugins)."""
    from .layers import available_layers

    for name, factory in sorted(available_layers().items()):
        click.echo(f"{name}\t{getattr(factory, 'title', '')}")


if __name__ == "__main__":  # pragma: no cover
    main()

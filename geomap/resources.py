"""Locate the curated data that ships with geomap.

In a wheel, the repository's ``data/`` folder is installed as ``geomap/_data``; in a source
checkout (editable install, tests) it is read from ``data/`` next to the package.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from .errors import DataError

__all__ = ["data_dir", "data_fingerprint", "data_path"]


@cache
def data_dir() -> Path:
    """Return the folder holding geomap's curated data."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_data", here.parent / "data"):
        if (candidate / "places.geojson").is_file():
            return candidate
    raise DataError(
        "geomap's data folder is missing: reinstall geomap (pip install .) from a full checkout"
    )


def data_path(*parts: str) -> Path:
    """Return the path of a file inside the data folder."""
    return data_dir().joinpath(*parts)


@cache
def data_fingerprint(*names: str) -> str:
    """Return a short hash of curated files, so caches rebuild when their data changes.

    ``names`` are files or folders of ``data/`` (all of it when none is given): a cache
    built from some files need not rebuild when another changes.
    """
    digest = hashlib.sha256()
    root = data_dir()
    tops = [root / n for n in names] if names else [root]
    files = {p for top in tops for p in ([top] if top.is_file() else top.rglob("*"))}
    for path in sorted(p for p in files if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]

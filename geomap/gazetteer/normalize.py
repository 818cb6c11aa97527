"""Name normalisation shared by the gazetteer build and lookups: one rule, one place."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["is_latin", "normalize"]

_SPACE = re.compile(r"\s+")
# "St. Petersburg" and "Saint Petersburg" are one name: GeoNames files one as the primary
# name and the other as an alternate, and an alternate match counts for less.
_ABBREVIATED = re.compile(r"(?:(?<=^)|(?<= )|(?<=-))(st|mt|ft)\.? (?=\w)")
_EXPANDED = {"st": "saint ", "mt": "mount ", "ft": "fort "}
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "–": "-", "—": "-", "‐": "-"})


@lru_cache(maxsize=200_000)
def normalize(name: str) -> str:
    """Fold case, accents, quote styles and spacing so spellings of one name compare equal.

    Examples
    --------
    >>> normalize("  Bogotá ") == normalize("BOGOTA")
    True
    >>> normalize("Côte d’Ivoire")
    "cote d'ivoire"
    >>> normalize("St. Petersburg") == normalize("Saint Petersburg")
    True
    """
    decomposed = unicodedata.normalize("NFKD", name.translate(_QUOTES))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = _SPACE.sub(" ", stripped).strip().casefold()
    return _ABBREVIATED.sub(lambda m: _EXPANDED[m.group(1)], folded)


def is_latin(name: str) -> bool:
    """Return True when every letter of ``name`` is Latin script (names news in English uses)."""
    return all(
        not c.isalpha() or ord(c) < 0x250 or 0x1E00 <= ord(c) <= 0x1EFF for c in name
    )

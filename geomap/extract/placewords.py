"""Closed word classes that decide whether a gazetteer hit is a place: data, not code.

Each class is one file ``data/lexicon/place_*.txt`` with its source in a ``# source:``
header line (one lower-case word a line); a file without a source is refused. They are
general facts of English (titles, names of bodies, prepositions), never a story's words.
"""

from __future__ import annotations

from .lexicon import words

__all__ = ["LOCATIVE_NOUNS", "LOCATIVE_WORDS", "ORG_WORDS", "SEPARABLE_BEFORE", "TITLES",
           "place_words"]


def place_words(name: str) -> frozenset[str]:
    """Return the words of ``data/lexicon/place_<name>.txt`` (read by :func:`.lexicon.words`).

    Raises
    ------
    DataError
        When the file is missing or names no source.

    Examples
    --------
    >>> "minister" in place_words("titles")
    True
    """
    return words(f"place_{name}")


# Titles, offices, ranks and party labels: never a place on their own ("Minister").
TITLES = place_words("titles")
# Words of names of bodies, agreements and events ("Alliance", "Accord", "Red Crescent").
ORG_WORDS = place_words("org_words")
# Capitalised words that may stand before a place name without joining it ("In", "North").
SEPARABLE_BEFORE = place_words("separable_before")
_LOCATIVE = place_words("locative")
# Prepositions before a name that make it a place there ("in Tabriz").
LOCATIVE_WORDS = frozenset(w for w in _LOCATIVE if not w.startswith("of:"))
# Nouns whose "of" phrase names a place ("resident of Tabriz").
LOCATIVE_NOUNS = frozenset(w[3:] for w in _LOCATIVE if w.startswith("of:"))

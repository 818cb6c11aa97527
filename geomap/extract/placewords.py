"""Closed word classes that decide whether a gazetteer hit is a place: data, not code.

Each class is one file ``data/lexicon/place_*.txt`` with its source in a ``# source:``
header line (one lower-case word a line); a file without a source is refused. They are
general facts of English (titles, names of bodies, prepositions), never a story's words.
"""

from __future__ import annotations

from .lexicon import phrases, words

__all__ = ["HYPHEN_HEADS", "KIND_NOUNS", "LOCATIVE_NOUNS", "LOCATIVE_WORDS", "ORG_NAMES",
           "ORG_WORDS", "ROUTE_WORDS", "SEPARABLE_BEFORE", "STREET_HEADS", "TITLES",
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
# Whole names of bodies that a village shares ("Red Cross"): the body, never the village.
ORG_NAMES = phrases("place_org_names")
# Capitalised words that may stand before a place name without joining it ("In", "North").
SEPARABLE_BEFORE = place_words("separable_before")
_LOCATIVE = place_words("locative")
# Prepositions before a name that make it a place there ("in Tabriz").
LOCATIVE_WORDS = frozenset(w for w in _LOCATIVE if not w.startswith("of:"))
# Nouns whose "of" phrase names a place ("resident of Tabriz").
LOCATIVE_NOUNS = frozenset(w[3:] for w in _LOCATIVE if w.startswith("of:"))
# Nouns that say what kind of place a name beside them is ("Washington state", "the city of
# Huntsville"): noun -> a gazetteer kind, or "division" for either level of division.
KIND_NOUNS = dict(w.split(":", 1) for w in place_words("kinds"))
# Words after a hyphen that make the name before it a place ("Houston-based").
HYPHEN_HEADS = place_words("hyphen_heads")
_STREETS = place_words("street_heads")
# Head nouns of street names ("Main Street", "Main St.").
STREET_HEADS = frozenset(w for w in _STREETS if not w.startswith("number:"))
# Words before a route number ("Highway 19", "Interstate 45").
ROUTE_WORDS = frozenset(w[7:] for w in _STREETS if w.startswith("number:"))

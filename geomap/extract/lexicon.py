"""Small closed word classes of English news prose used by the extractors.

These are general language facts (titles, calendar words, organisation heads, name
particles), not facts about any story. Each class is one file of ``data/lexicon/`` with its
source in a ``# source:`` header line, read once when this module is imported; the names
here are the same frozensets of lower-case words the extractors have always imported.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from typing import Literal, cast

from ..errors import DataError
from ..resources import data_path

__all__ = [
    "ABBREVIATIONS",
    "ACTING_VERBS",
    "ADMIN_FEATURE_WORDS",
    "BRAND_HEADS",
    "CONNECTORS",
    "FEATURE_WORDS",
    "GOVERNMENT_HEADS",
    "GROUP_NOUNS",
    "LOCATIVE",
    "NAME_PARTICLES",
    "NAME_STOP_WORDS",
    "NEGATION_REACH",
    "NON_PLACE_WORDS",
    "ORG_HEADS",
    "PERSON_OBJECT_VERBS",
    "PERSON_PARTICLES",
    "PERSON_TITLES",
    "PLACE_MODIFIED",
    "PORTFOLIOS",
    "PRONOUNS",
    "REPORTING_VERBS",
    "SINGLE_WORD_BODIES",
    "TITLE_GENDER",
    "Pronoun",
    "lexicon_source",
    "phrases",
    "words",
]


def _lines(name: str) -> tuple[str, list[str]]:
    """Return a lexicon file's source and its content lines (comments and blanks dropped)."""
    path = data_path("lexicon", name)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise DataError(f"lexicon file {path} is missing: reinstall geomap") from err
    source = ""
    body = []
    for line in text.splitlines():
        if line.startswith("#"):
            if line[1:].strip().lower().startswith("source:"):
                source = line[1:].strip()[len("source:"):].strip()
            continue
        if line.strip():
            body.append(line.strip())
    if not source:
        # Every curated fact carries its source: a list without one is refused, not used.
        raise DataError(f"lexicon file {path} has no '# source:' line: add where it comes from")
    return source, body


@cache
def lexicon_source(name: str) -> str:
    """Return the source line of ``data/lexicon/<name>`` (file name with its extension)."""
    return _lines(name)[0]


def words(name: str) -> frozenset[str]:
    """Return the lower-case words of ``data/lexicon/<name>.txt``, one word a line.

    Examples
    --------
    >>> "minister" in words("person_titles")
    True
    """
    return frozenset(w.lower() for line in _lines(f"{name}.txt")[1] for w in line.split())


def phrases(name: str) -> frozenset[str]:
    """Return the lower-case lines of ``data/lexicon/<name>.txt``, one phrase a line.

    Examples
    --------
    >>> "red cross" in phrases("place_org_names")
    True
    """
    return frozenset(" ".join(line.lower().split()) for line in _lines(f"{name}.txt")[1]
                     if line.strip())


def _table(name: str) -> list[dict[str, str]]:
    _, body = _lines(f"{name}.csv")
    return list(csv.DictReader(body))


# Abbreviations whose period does not end a sentence.
ABBREVIATIONS = words("abbreviations")
# Titles that put a person's name right after them ("Gen. Laura Richardson").
PERSON_TITLES = words("person_titles")
# Lowercase words that may stand inside a multi-word place name ("Rio de Janeiro").
CONNECTORS = words("connectors")
# Words that turn a preceding name into a larger named feature ("Panama Canal").
FEATURE_WORDS = words("feature_words")
# Of those, the ones that name an administrative unit after its place ("Laurel County").
ADMIN_FEATURE_WORDS = words("admin_feature_words")
# Capitalised words that are far more often ordinary words than places in English news.
NON_PLACE_WORDS = words("non_place_words")
# Head nouns of organisation names ("Colombian National Police", "Southern Command").
ORG_HEADS = words("org_heads")
# Heads of names of papers, firms and buildings ("Washington Post", "White House").
BRAND_HEADS = words("brand_heads")
# Words after a place name that make it a modifier of a place-bound thing ("Fargo Mayor").
PLACE_MODIFIED = words("place_modified")
REPORTING_VERBS = words("reporting_verbs")
# Words naming a minister's portfolio, part of the title ("Interior Minister").
PORTFOLIOS = words("portfolios")
# Words that may stand between a negation and what it negates.
NEGATION_REACH = words("negation_reach")
# Before a country that acts, never one of these: "troops to Haiti".
LOCATIVE = words("locative")
# Particles inside a person's name ("von der Leyen", "bin Salman", "Le Drian", "al-Assad").
NAME_PARTICLES = words("name_particles")
# Of those, the ones that mark a person's name on their own ("X von Y", "X bin Y").
PERSON_PARTICLES = words("person_particles")
# Capitalised words that never stand inside a person's name ("Monday", "The", "Said").
NAME_STOP_WORDS = words("name_stop_words")
# Verb forms whose object is a person, never a place ("stabbed Welch").
PERSON_OBJECT_VERBS = words("person_object_verbs")
# Organisation heads that name a body on their own ("the Pentagon said").
SINGLE_WORD_BODIES = words("single_word_bodies")
# Lower-case heads that make a government of the name before them ("the Biden administration").
GOVERNMENT_HEADS = words("government_heads")
# Plural nouns for people after "the two", "both" ("the two leaders").
GROUP_NOUNS = words("group_nouns")
# Verbs (and auxiliaries before them) that make the name before them act ("China said").
ACTING_VERBS = words("acting_verbs")


@dataclass(frozen=True, slots=True)
class Pronoun:
    """A personal pronoun's number and gender (``data/lexicon/pronouns.csv``)."""

    number: Literal["singular", "plural"]
    gender: Literal["m", "f", "any"]


# Personal pronouns that point back to people: "he" → singular, masculine.
PRONOUNS: dict[str, Pronoun] = {
    row["word"].lower(): Pronoun(cast(Literal["singular", "plural"], row["number"]),
                                 cast(Literal["m", "f", "any"], row["gender"]))
    for row in _table("pronouns")}
# Titles that tell a person's gender ("Mrs.", "Queen", "spokeswoman"), for pronouns.
TITLE_GENDER: dict[str, str] = {
    row["word"].lower(): row["gender"] for row in _table("title_gender")}

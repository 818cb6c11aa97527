"""The event lexicon: trigger words by family and CAMEO code, and the word classes around them.

Both are data files with their sources (``data/lexicon/event_triggers.csv`` and
``event_words.csv``), read once. The surface forms of every trigger (inflections made by
English spelling rules, plus the irregular ones listed in ``irregular_forms.csv``) let the
extractor skip the parse of sentences in which no event word stands.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from ..errors import DataError
from ..resources import data_path

__all__ = ["FAMILIES", "Trigger", "event_word_offsets", "forms", "may_hold_event", "triggers",
           "word_class"]

FAMILIES = ("VISIT", "MEET", "AGREE", "AID", "DEPLOY", "PROTEST", "ATTACK", "ARREST",
            "MIGRATION", "DISASTER", "LEGAL", "OTHER")
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")


@dataclass(frozen=True, slots=True)
class Trigger:
    """One row of the trigger lexicon.

    ``requires`` names a word class one of the trigger's arguments must belong to (or, when
    ``forbids`` is set, must not).
    """

    lemma: str
    pos: str
    family: str
    code: str
    label: str
    requires: str | None
    forbids: bool


def _rows(name: str) -> list[dict[str, str]]:
    path = data_path("lexicon", name)
    try:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines()
                 if line and not line.startswith("#")]
    except OSError as err:
        raise DataError(f"lexicon file {path} is missing: reinstall geomap") from err
    return list(csv.DictReader(lines))


@cache
def triggers() -> dict[tuple[str, str], tuple[Trigger, ...]]:
    """Return the trigger rows by ``(lemma, part of speech)``, in file order."""
    out: dict[tuple[str, str], list[Trigger]] = {}
    for row in _rows("event_triggers.csv"):
        if row["family"] not in FAMILIES:
            raise DataError(f"event_triggers.csv: unknown family {row['family']!r}")
        need = row["requires"] or None
        forbids = bool(need and need.startswith("!"))
        out.setdefault((row["lemma"], row["pos"]), []).append(Trigger(
            row["lemma"], row["pos"], row["family"], row["cameo"], row["label"],
            need.lstrip("!") if need else None, forbids))
    return {k: tuple(v) for k, v in out.items()}


@cache
def _classes() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for row in _rows("event_words.csv"):
        out.setdefault(row["class"], set()).add(row["lemma"])
    return {k: frozenset(v) for k, v in out.items()}


def word_class(name: str) -> frozenset[str]:
    """Return the lemmas of one word class of ``event_words.csv``."""
    return _classes().get(name, frozenset())


def _inflections(lemma: str) -> set[str]:
    """Regular English inflections of a verb or noun (spelling rules, no dictionary)."""
    out = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        out |= {lemma[:-1] + "ing"}
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        out |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if re.search(r"[^aeiou][aeiou][bdgmnprt]$", lemma):  # "ship" → "shipped"
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return out


@cache
def forms() -> frozenset[str]:
    """Every surface form of every trigger, lower case."""
    out: set[str] = set()
    for lemma, _ in triggers():
        out |= _inflections(lemma)
    for row in _rows("irregular_forms.csv"):
        if (row["lemma"], "VERB") in triggers() or (row["lemma"], "NOUN") in triggers():
            out |= set(row["forms"].split())
    return frozenset(out)


def event_word_offsets(text: str) -> Iterator[int]:
    """Yield where each word that may name an event starts in ``text``."""
    words = forms()
    return (m.start() for m in _WORD.finditer(text) if m.group().lower() in words)


def may_hold_event(text: str) -> bool:
    """Whether a sentence holds a word that may name an event (so it is worth parsing)."""
    words = forms()
    return any(m.group().lower() in words for m in _WORD.finditer(text))

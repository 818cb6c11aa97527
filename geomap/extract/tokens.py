"""Word tokens with offsets, shared by the extractors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import ABBREVIATIONS

__all__ = ["Token", "is_capitalised", "is_space", "split_hyphens", "tokenize"]

# An apostrophe joins "O'Brien" but not a possessive "Biden's".
_WORD = re.compile(r"\w+(?:[.\-]\w+|['’](?!s\b)\w+)*")


@dataclass(frozen=True, slots=True)
class Token:
    """A word and where it stands in the text."""

    start: int
    end: int
    text: str


def tokenize(text: str) -> list[Token]:
    """Return the words of ``text``; an abbreviation keeps its final period ("U.S.", "St.").

    Examples
    --------
    >>> [t.text for t in tokenize("U.S. troops in St. Louis.")]
    ['U.S.', 'troops', 'in', 'St.', 'Louis']
    """
    if len(text) <= _CACHED_CHARS:
        return list(_tokenize_cached(text))
    return _tokenize(text)


# The place and the actor recognisers read the same article one after the other: its words
# are found once (articles up to 1 MB; a bigger one is read twice rather than held).
_CACHED_CHARS = 1_000_000


@lru_cache(maxsize=2)
def _tokenize_cached(text: str) -> tuple[Token, ...]:
    return tuple(_tokenize(text))


def _tokenize(text: str) -> list[Token]:
    tokens = []
    for m in _WORD.finditer(text):
        start, end = m.span()
        word = m.group()
        if end < len(text) and text[end] == "." and (
                "." in word or word.lower() in ABBREVIATIONS
                or (len(word) == 1 and word.isupper())):  # an initial: "W. Va.", "John Q."
            end += 1
            word += "."
        tokens.append(Token(start, end, word))
    return tokens


def is_capitalised(word: str) -> bool:
    """Return True if the word starts with an upper-case letter."""
    return word[:1].isupper()


def is_space(gap: str) -> bool:
    """Return True if ``gap`` is the space between two words of one name (no line break).

    Non-breaking and other Unicode spaces count: pasted news text is full of them.
    """
    return 0 < len(gap) <= 3 and gap.isspace() and "\n" not in gap


def split_hyphens(tokens: list[Token]) -> list[Token]:
    """Split hyphenated words into their parts ("Israeli-Palestinian", "Watertown-ML").

    Place recognition looks names up across the hyphen as well, so "Wilkes-Barre" still
    matches whole.
    """
    out: list[Token] = []
    for tok in tokens:
        if "-" not in tok.text:
            out.append(tok)
            continue
        offset = tok.start
        for part in tok.text.split("-"):
            if part:
                out.append(Token(offset, offset + len(part), part))
            offset += len(part) + 1
    return out

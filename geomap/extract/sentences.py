"""Split article text into sentences, keeping offsets."""

from __future__ import annotations

import re

from ..model import Sentence
from .lexicon import ABBREVIATIONS

__all__ = ["sentence_index", "split_sentences"]

# A candidate boundary: terminal punctuation, optional closing quotes/brackets, then space.
# Tried once per run of punctuation, never backtracking into it: "....." 80,000 long stays
# linear.
_BOUNDARY = re.compile(r"(?<![.!?])[.!?]++[\"'”’)\]]*+(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences at terminal punctuation and at line breaks.

    Abbreviations ("Gen.", "U.S.") and initials do not end a sentence.

    Examples
    --------
    >>> [s.text for s in split_sentences("Gen. Ann Lee visited Panama. She left.")]
    ['Gen. Ann Lee visited Panama.', 'She left.']
    """
    sentences: list[Sentence] = []
    for para in re.finditer(r"[^\n]+", text):
        start = para.start()
        chunk = para.group()
        cut = 0
        for m in _BOUNDARY.finditer(chunk):
            if m.group().startswith(".") and _is_abbreviation(chunk, m.start()):
                continue
            _append(sentences, text, start + cut, start + m.end())
            cut = m.end()
        _append(sentences, text, start + cut, para.end())
    return sentences


def _is_abbreviation(chunk: str, end: int) -> bool:
    # The last word before ``end`` only: no copying or rescanning the paragraph per period.
    m = _WORD_BEFORE.search(chunk[max(0, end - 24):end])
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    # An initial is one letter ("J. Smith"); a number ends a sentence ("Amendment 1. Toting").
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or (
        "." in word and len(word) <= 5)


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(len(sentences), start, end, text[start:end]))


def sentence_index(sentences: list[Sentence], offset: int) -> int:
    """Return the index of the sentence holding ``offset`` (the last one before it if none)."""
    lo, hi = 0, len(sentences) - 1
    best = 0
    while lo <= hi:
        mid = (lo + hi) // 2
        if sentences[mid].start <= offset:
            best = mid
            lo = mid + 1
        else:
            hi = mid - 1
    return best

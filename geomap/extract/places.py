"""Find toponyms: capitalised word runs that the gazetteer knows, minus the false friends.

The recogniser looks up every capitalised run of up to ``max_name_words`` words in the
gazetteer's name index, longest first, then rejects hits that context shows are not places:
a person's name after a title ("Gen. Laura Richardson") and every later use of that surname,
part of a longer proper name ("Homeland Security", "Colombian National Police"), or a common
word ("Police", "May"). Rejections are kept with their reason: nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..model import Article, Mention, Sentence
from .actors import non_place_spans
from .lexicon import CONNECTORS, FEATURE_WORDS, NON_PLACE_WORDS, PERSON_TITLES
from .sentences import sentence_index
from .tokens import Token, is_capitalised, is_space, tokenize

__all__ = ["Rejected", "find_toponyms"]


@dataclass(frozen=True)
class Rejected:
    """A gazetteer hit that context shows is not a place, with the reason."""

    mention: Mention
    reason: str


def _gap(text: str, a: Token, b: Token) -> str:
    gap = text[a.end:b.start]
    return " " if is_space(gap) else gap


def find_toponyms(article: Article, sentences: list[Sentence], has_name: Callable[[str], bool],
                  max_words: int = 6) -> tuple[list[Mention], list[Rejected]]:
    """Return the toponym mentions of an article and the hits rejected by context.

    Parameters
    ----------
    article
        The article to read.
    sentences
        Its sentences (from :func:`~geomap.extract.sentences.split_sentences`).
    has_name
        Whether the gazetteer knows a name (for example ``Gazetteer.has_name``).
    max_words
        Longest name, in words, to look up.

    Returns
    -------
    (list of Mention, list of Rejected)
    """
    text = article.text
    tokens = tokenize(text)
    starts = {s.start for s in sentences}
    blocked = non_place_spans(text, tokens)
    person_words = {w for s, e, why in blocked if why.startswith("part of a person's name")
                    for w in text[s:e].split()}
    hits: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        span = _longest_match(text, tokens, i, has_name, max_words)
        if span is None:
            i += 1
            continue
        hits.append(span)
        i = span[1]
    mentions: list[Mention] = []
    rejected: list[Rejected] = []
    hits_consumed: set[int] = set()
    for a, b in hits:
        start, end = tokens[a].start, tokens[b - 1].end
        if end - start > 1 and text[end - 1] == "." and not has_name(text[start:end]):
            end -= 1
        lookup = None
        if b < len(tokens) and tokens[b].text.lower() in FEATURE_WORDS and is_capitalised(
                tokens[b].text) and _gap(text, tokens[b - 1], tokens[b]) == " ":
            # "Panama Canal": the feature is named after the place; place it there.
            lookup, end = text[start:end], tokens[b].end
            hits_consumed.add(b)
        elif b - a == 1:
            lookup = _elliptical(text, tokens, a, hits, has_name)
        si = sentence_index(sentences, start)
        mention = Mention(article.id, start, end, text[start:end], si, article.section_at(start),
                          lookup)
        if a in hits_consumed:
            continue
        reason = _reject_reason(text, tokens, a, b, starts, blocked, person_words)
        if reason:
            rejected.append(Rejected(mention, reason))
        else:
            mentions.append(mention)
    return mentions, rejected


def _longest_match(text: str, tokens: list[Token], i: int, has_name: Callable[[str], bool],
                   max_words: int) -> tuple[int, int] | None:
    if not is_capitalised(tokens[i].text):
        return None
    best = None
    for j in range(i, min(len(tokens), i + max_words)):
        if j > i:
            gap = _gap(text, tokens[j - 1], tokens[j])
            if gap not in (" ", "-", ", ") or (gap == ", " and j != i + 1):
                break
            if gap == ", ":
                break  # "City, State" is two mentions, resolved together later
        word = tokens[j].text
        if not is_capitalised(word) and word.lower() not in CONNECTORS:
            break
        if not is_capitalised(word):
            continue
        name = text[tokens[i].start:tokens[j].end]
        if has_name(name) or (name.endswith(".") and has_name(name[:-1])):
            best = (i, j + 1)
    return best


def _elliptical(text: str, tokens: list[Token], a: int, hits: list[tuple[int, int]],
                has_name: Callable[[str], bool]) -> str | None:
    """"Central and South America": the first word borrows the second name's head."""
    nxt = a + 1
    if nxt + 1 >= len(tokens) or tokens[nxt].text not in ("and", "or"):
        return None
    second = next((h for h in hits if h[0] == nxt + 1 and h[1] - h[0] >= 2), None)
    if second is None:
        return None
    head = text[tokens[second[0] + 1].start:tokens[second[1] - 1].end]
    name = f"{tokens[a].text} {head}"
    return name if has_name(name) else None


def _reject_reason(text: str, tokens: list[Token], a: int, b: int, starts: set[int],
                   blocked: list[tuple[int, int, str]], person_words: set[str]) -> str | None:
    start, end = tokens[a].start, tokens[b - 1].end
    words = text[start:end]
    for s, e, why in blocked:
        if s <= start and end <= e:
            return why
    if b - a == 1 and words in person_words:
        return "the surname of a person named in this article"
    if b - a == 1 and words.lower() in NON_PLACE_WORDS:
        return "a common word more often than a place"

    if a > 0:
        prev = tokens[a - 1]
        if (_gap(text, prev, tokens[a]) == " " and is_capitalised(prev.text)
                and prev.start not in starts and prev.text.lower() not in NON_PLACE_WORDS):
            if prev.text.lower() in PERSON_TITLES:
                return f"a person's name after the title {prev.text!r}"
            return f"part of the longer name beginning {prev.text!r}"
    if b < len(tokens):
        nxt = tokens[b]
        if (_gap(text, tokens[b - 1], nxt) == " " and is_capitalised(nxt.text)
                and nxt.text.lower() not in FEATURE_WORDS
                and nxt.text.lower() not in NON_PLACE_WORDS):
            return f"part of the longer name {words} {nxt.text}…"
    return None

"""Find people and organisations: titles, roles, affiliations, and one actor per referent.

Known actors (``data/actors.json``) are matched by their aliases and enriched from their
record; unknown ones are found by patterns: a title before a capitalised name
("Secretary Alejandro Mayorkas"), a capitalised run ending in an organisation head noun
("the Colombian National Police"). Mentions of one person are joined by surname.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from ..model import Actor, ActorMention, Article, Sentence
from ..resources import data_path
from .lexicon import (
    BRAND_HEADS,
    CONNECTORS,
    FEATURE_WORDS,
    NON_PLACE_WORDS,
    ORG_HEADS,
    PERSON_TITLES,
    PLACE_MODIFIED,
    PORTFOLIOS,
)
from .sentences import sentence_index
from .tokens import Token, is_capitalised, is_space, tokenize

__all__ = ["NonPlace", "extract_actors", "known_actors", "non_place_spans",
           "person_name_spans"]

# Matched at a name's end (no "^": the match is anchored by its position).
_ROLE_AFTER = re.compile(
    r",\s+(?!according\b)((?:the\s+)?(?:[\w.'’\-]+\s+){0,6}?(?:head|commander|chief|director|minister|"
    r"secretary|adviser|advisor|spokesperson|spokesman|president|leader|ambassador|envoy|"
    r"governor|mayor)\b[^,.;]{0,80})",
    re.IGNORECASE,
)
_ROLE_BEFORE = re.compile(
    r"(?:the\s+)?((?:head|commander|chief|director|minister|secretary|leader)\s+of\s+[^,;]{3,80}),"
    r"\s+$",
    re.IGNORECASE,
)
# How far before a name a role ("head of …, ") is looked for: more than the longest role,
# and bounded, so a long sentence is not searched from its start for every name in it.
_ROLE_LOOKBACK = 200
# The most words read for one title or organisation name ("US Homeland Security Advisor",
# "National Oceanic and Atmospheric Administration"): a run of capitalised words in a long
# hostile sentence is not one name, and walking it whole for every title is quadratic.
_MAX_TITLE_WORDS = 6
_MAX_ORG_WORDS = 10


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    name: str
    kind: str
    title: str | None
    known: str | None


@cache
def known_actors() -> dict[str, dict[str, Any]]:
    """Return the curated actor records of ``data/actors.json`` by id."""
    with data_path("actors.json").open(encoding="utf-8") as fh:
        records = json.load(fh)["actors"]
    return {r["id"]: r for r in records}


@cache
def _alias_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    aliases: dict[str, str] = {}
    for actor_id, record in known_actors().items():
        for alias in [record["name"], *record.get("aliases", [])]:
            aliases[alias] = actor_id
    ordered = sorted(aliases, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(a) for a in ordered) + r")(?!\w)")
    return pattern, aliases


def person_name_spans(text: str, tokens: list[Token] | None = None) -> list[tuple[int, int, str]]:
    """Return ``(start, end, title)`` of names that follow a person's title.

    Examples
    --------
    >>> person_name_spans("Army Gen. Laura Richardson visited.")
    [(10, 26, 'Army Gen.')]
    """
    return _person_spans(text, tokenize(text) if tokens is None else tokens)[0]


def _person_spans(text: str, tokens: list[Token]
                  ) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]]:
    spans: list[tuple[int, int, str]] = []
    title_spans: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        word = tokens[i].text
        if word.lower() in PERSON_TITLES and (is_capitalised(word) or word.endswith(".")):
            j = i + 1
            # "Prime Minister", "Vice President": titles may chain.
            while (j < len(tokens) and j - i < _MAX_TITLE_WORDS
                   and tokens[j].text.lower() in PERSON_TITLES
                   and is_capitalised(tokens[j].text)):
                j += 1
            k = j
            while (k < len(tokens) and k - j < 4 and is_capitalised(tokens[k].text)
                   and tokens[k].text.lower() not in NON_PLACE_WORDS
                   and is_space(text[tokens[k - 1].end:tokens[k].start])):
                k += 1
            if k < len(tokens) and tokens[k].text == "of" and k == j:
                # "Secretary of Homeland Security Alejandro Mayorkas": the office runs on, and
                # the name is the last two words of the capitalised run.
                m = k + 1
                while (m < len(tokens) and is_capitalised(tokens[m].text)
                       and is_space(text[tokens[m - 1].end:tokens[m].start])):
                    m += 1
                if m - (k + 1) >= 3:
                    j, k = m - 2, m
            if k > j:
                # Capitalised words right before the title belong to it ("Army Gen.").
                b = i
                while (b > 0 and i - b < _MAX_TITLE_WORDS
                       and is_capitalised(tokens[b - 1].text)
                       and is_space(text[tokens[b - 1].end:tokens[b].start])
                       and (tokens[b - 1].text.lower() not in NON_PLACE_WORDS
                            or tokens[b - 1].text.lower() in PORTFOLIOS)):
                    b -= 1
                title = text[tokens[b].start:tokens[j - 1].end]
                spans.append((tokens[j].start, tokens[k - 1].end, title))
                title_spans.append((tokens[b].start, tokens[j - 1].end))
                i = k
                continue
        i += 1
    return spans, title_spans


_NOT_SURNAMES = ORG_HEADS | NON_PLACE_WORDS | PLACE_MODIFIED | FEATURE_WORDS


@cache
def given_names() -> dict[str, int]:
    """Return common given names with their frequency rank (``data/given_names.csv``)."""
    import csv

    with data_path("given_names.csv").open(encoding="utf-8", newline="") as fh:
        return {row["name"]: int(row["rank"]) for row in csv.DictReader(fh)}


def _given_name_spans(text: str, tokens: list[Token],
                      taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Return "Mary Smith", "John Q. Public": a common given name before a capitalised name."""
    names = given_names()
    spans = []
    taken = sorted(taken)
    starts = [a for a, _ in taken]

    def inside_taken(at: int) -> bool:
        k = bisect.bisect_right(starts, at) - 1
        return k >= 0 and at < taken[k][1]

    i = 0
    while i < len(tokens) - 1:
        tok = tokens[i]
        if tok.text in names and not inside_taken(tok.start):
            j = i + 1
            # A middle initial or a second given name may stand between.
            while j < len(tokens) - 1 and j - i < 3 and (
                    (len(tokens[j].text) <= 2 and tokens[j].text[:1].isupper())
                    or tokens[j].text in names):
                j += 1
            last = tokens[j]
            if (is_space(text[tokens[j - 1].end:last.start]) and is_capitalised(last.text)
                    and last.text.lower().rstrip(".") not in _NOT_SURNAMES):
                spans.append((tok.start, last.end, "given name"))
                i = j + 1
                continue
        i += 1
    return spans


# Organisation heads that name a body on their own ("the Pentagon said").
_SINGLE_WORD_BODIES = frozenset({"police", "army", "navy", "pentagon", "kremlin", "congress",
                                 "senate", "parliament", "bundestag", "knesset"})
# Lower-case heads that make a government of the name before them.
_GOVERNMENT_HEADS = frozenset({"administration", "government", "cabinet"})


def _org_spans(text: str, tokens: list[Token]) -> list[tuple[int, int]]:
    spans = []
    for i, tok in enumerate(tokens):
        if tok.text in _GOVERNMENT_HEADS and i > 0 and is_capitalised(tokens[i - 1].text) and (
                is_space(text[tokens[i - 1].end:tok.start])
                and tokens[i - 1].text.lower() not in NON_PLACE_WORDS):
            spans.append((tokens[i - 1].start, tok.end))  # "the Biden administration"
            continue
        if tok.text.lower() not in ORG_HEADS or not is_capitalised(tok.text):
            continue
        b = i
        while b > 0 and i - b < _MAX_ORG_WORDS and is_space(
                text[tokens[b - 1].end:tokens[b].start]) and (
                is_capitalised(tokens[b - 1].text) or tokens[b - 1].text in ("of", "and")):
            b -= 1
        while b < i and (not is_capitalised(tokens[b].text)
                         or tokens[b].text in ("The", "A", "An")):
            b += 1
        if b < i or tok.text.lower() in _SINGLE_WORD_BODIES:
            spans.append((tokens[b].start, tok.end))
    return spans


@dataclass(frozen=True)
class NonPlace:
    """A span naming something other than a place: a person or an organisation."""

    start: int
    end: int
    kind: Literal["titled person", "named person", "organisation", "brand"]
    reason: str

    def surnames(self, text: str) -> list[str]:
        """Words that name this person again later: all after a title, else all but the first."""
        words = text[self.start:self.end].split()
        if self.kind == "titled person":
            return words
        return words[1:] if self.kind == "named person" else []


def non_place_spans(text: str, tokens: list[Token]) -> list[NonPlace]:
    """Return spans that name people and organisations, with what each is.

    A toponym inside one of them ("Washington Post", "White House", "Gen. Jackson Lee") is
    part of another kind of name. Titles themselves do not block places: "Fargo Mayor",
    "Sudanese President" name a place.
    """
    persons, _ = _person_spans(text, tokens)
    spans = [NonPlace(s, e, "titled person", f"part of a person's name after the title {t!r}")
             for s, e, t in persons]
    spans += [NonPlace(s, e, "named person", f"part of the person's name {text[s:e]!r}")
              for s, e, _ in _given_name_spans(text, tokens, [(s, e) for s, e, _ in persons])]
    for s, e in _org_spans(text, tokens):
        head = text[s:e].rsplit(maxsplit=1)[-1].lower()
        kind: Literal["organisation", "brand"] = (
            "brand" if head in BRAND_HEADS else "organisation")
        spans.append(NonPlace(s, e, kind, f"part of the {kind} name {text[s:e]!r}"))
    return spans


def _role_near(text: str, start: int, end: int, sentence: Sentence,
               title: str | None) -> str | None:
    after = _ROLE_AFTER.match(text, end, sentence.end)
    if after:
        return after.group(1).strip()
    if title:
        # The title stands right before the name: look for it there, not back to the start.
        near = max(sentence.start, start - len(title) - _ROLE_LOOKBACK)
        found = text.rfind(title, near, start)
        start = found if found >= 0 else sentence.start
    before = _ROLE_BEFORE.search(text, max(sentence.start, start - _ROLE_LOOKBACK), start)
    if before:
        return before.group(1).strip()
    return None


def _surname(name: str) -> str:
    parts = [p for p in name.split() if p.lower() not in CONNECTORS]
    return parts[-1] if parts else name


class _Taken:
    """Spans of text already claimed, for fast overlap checks (articles can be long)."""

    def __init__(self) -> None:
        self._spans: list[tuple[int, int]] = []
        self._longest = 0

    def add(self, start: int, end: int) -> None:
        bisect.insort(self._spans, (start, end))
        self._longest = max(self._longest, end - start)

    def _near(self, start: int, end: int) -> range:
        lo = bisect.bisect_left(self._spans, (start - self._longest, -1))
        return range(lo, bisect.bisect_left(self._spans, (end, -1)))

    def free(self, start: int, end: int) -> bool:
        return all(end <= self._spans[i][0] or start >= self._spans[i][1]
                   for i in self._near(start, end))

    def drop_inside(self, start: int, end: int) -> None:
        inside = [i for i in self._near(start, end)
                  if start <= self._spans[i][0] and self._spans[i][1] <= end]
        for i in reversed(inside):
            del self._spans[i]


def _find(article: Article) -> list[_Found]:
    text = article.text
    tokens = tokenize(text)
    taken = _Taken()
    pattern, aliases = _alias_pattern()
    by_alias: dict[int, _Found] = {}
    for m in pattern.finditer(text):
        record = known_actors()[aliases[m.group()]]
        by_alias[m.start()] = _Found(m.start(), m.end(), m.group(), record["kind"], None,
                                     record["id"])
        taken.add(*m.span())
    alias_starts = sorted(by_alias)
    longest = max((f.end - f.start for f in by_alias.values()), default=0)
    persons, titles = _person_spans(text, tokens)
    for span in titles:
        taken.add(*span)
    found: list[_Found] = []
    for s, e, title in persons:
        near = [by_alias[a] for a in alias_starts[bisect.bisect_left(alias_starts, s - longest):
                                                  bisect.bisect_left(alias_starts, e)]
                if a in by_alias]
        # A known name around the titled name ("Gen. Laura Richardson") gives it its record;
        # known names inside it are the same person, told once.
        known = next((f.known for f in near if f.start <= s and e <= f.end), None)
        for f in near:
            if s <= f.start and f.end <= e:
                del by_alias[f.start]
        taken.drop_inside(s, e)
        found.append(_Found(s, e, text[s:e], "person", title, known))
        taken.add(s, e)
    found.extend(by_alias.values())
    for s, e in _org_spans(text, tokens):
        if taken.free(s, e):
            found.append(_Found(s, e, text[s:e], "organisation", None, None))
            taken.add(s, e)
    # Later bare surnames of people already named ("Richardson met with ...").
    surnames = {_surname(f.name): f for f in found if f.kind == "person"}
    for tok in tokens:
        ref = surnames.get(tok.text)
        if ref is not None and is_capitalised(tok.text) and taken.free(tok.start, tok.end):
            found.append(_Found(tok.start, tok.end, tok.text, "person", None, ref.known))
            taken.add(tok.start, tok.end)
    found.sort(key=lambda f: f.start)
    return found


def extract_actors(articles: Iterable[Article],
                   sentences: dict[str, list[Sentence]]) -> list[Actor]:
    """Find the actors of a set of articles, one :class:`Actor` per referent.

    Parameters
    ----------
    articles
        The story's articles.
    sentences
        Each article's sentences, by article id.

    Returns
    -------
    list of Actor
        Sorted by id; each actor holds every mention, in every article.
    """
    groups: dict[str, list[tuple[_Found, ActorMention]]] = {}
    for article in articles:
        sents = sentences[article.id]
        for f in _find(article):
            if article.section_at(f.start) in ("related-link", "boilerplate"):
                continue
            si = sentence_index(sents, f.start)
            role = _role_near(article.text, f.start, f.end, sents[si], f.title)
            mention = ActorMention(article.id, f.start, f.end, f.name, si, f.title, role)
            key = f.known or (f"person:{_surname(f.name).lower()}" if f.kind == "person"
                              else f"org:{_norm_org(f.name)}")
            groups.setdefault(key, []).append((f, mention))
    # A surname group that names a known actor joins it.
    for key in [k for k in groups if k.startswith("person:")]:
        known = next((f.known for f, _ in groups[key] if f.known), None)
        if known:
            groups.setdefault(known, []).extend(groups.pop(key))
    actors = []
    for key, items in sorted(groups.items()):
        record = known_actors().get(key)
        kind: Literal["person", "organisation"] = (
            "person" if any(f.kind == "person" for f, _ in items) else "organisation")
        longest = max((m.text for _, m in items), key=len)
        actors.append(Actor(
            id=key,
            name=str(record["name"]) if record else longest,
            kind=kind,
            mentions=tuple(m for _, m in sorted(items, key=lambda x: (x[1].article_id,
                                                                          x[1].start))),
            titles=tuple(sorted({m.title for _, m in items if m.title})),
            roles=tuple(sorted({m.role for _, m in items if m.role})),
            country=str(record["country"]) if record and record.get("country") else None,
            record=record,
        ))
    return actors


def _norm_org(name: str) -> str:
    words = [w for w in re.findall(r"\w+", name.lower()) if w != "the"]
    return "-".join(words)

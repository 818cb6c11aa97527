"""Find people and organisations: titles, roles, affiliations, and one actor per referent.

Known actors (``data/actors.json``) are matched by their aliases and enriched from their
record; unknown ones are found by patterns: a title before a capitalised name
("Secretary Alejandro Mayorkas"), a capitalised run ending in an organisation head noun
("the Colombian National Police", "the Nigerian Ministry of Foreign Affairs"), a given
name or a particle before a name ("Theresa May", "Ursula von der Leyen"), a name that speaks
("Sergei Lavrov said"). A person's later mentions by part of the name, in any order ("Wang"
for "Wang Yi", "López Obrador"), join the whole name; pronouns and "the two" in the same or
the next sentence join the people they point back to (:mod:`.coref`).
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from ..gazetteer.normalize import normalize
from ..model import Actor, ActorMention, Article, Sentence
from ..resources import data_path
from .coref import Named, Reference, resolve_references
from .lexicon import (
    ACTING_VERBS,
    BRAND_HEADS,
    FEATURE_WORDS,
    GOVERNMENT_HEADS,
    NAME_PARTICLES,
    NAME_STOP_WORDS,
    NON_PLACE_WORDS,
    ORG_HEADS,
    PERSON_PARTICLES,
    PERSON_TITLES,
    PLACE_MODIFIED,
    PORTFOLIOS,
    PRONOUNS,
    REPORTING_VERBS,
    SINGLE_WORD_BODIES,
    TITLE_GENDER,
)
from .sentences import sentence_index
from .tokens import Token, is_capitalised, is_space, tokenize

__all__ = ["ActorBook", "NonPlace", "country_acts", "extract_actors", "given_names",
           "is_reference", "non_place_spans", "person_name_spans", "resolve_reference"]

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


class ActorBook:
    """Curated actor records (a story pack's) by id, and the pattern that finds their names.

    Records come from story packs (:mod:`geomap.packs`): the actors of one story, with
    their roles and home bases, each with its source. An empty book finds nothing.
    """

    def __init__(self, records: Iterable[dict[str, Any]] = ()) -> None:
        self.records: dict[str, dict[str, Any]] = {str(r["id"]): r for r in records}
        aliases: dict[str, str] = {}
        for actor_id, record in self.records.items():
            for alias in [record["name"], *record.get("aliases", [])]:
                aliases[str(alias)] = actor_id
        self.aliases = aliases
        ordered = sorted(aliases, key=len, reverse=True)
        # No alias: a pattern that never matches.
        self.pattern = re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, ordered))
                                  + r")(?!\w)" if ordered else r"(?!x)x")


_NO_BOOK = ActorBook()


def person_name_spans(text: str, tokens: list[Token] | None = None) -> list[tuple[int, int, str]]:
    """Return ``(start, end, title)`` of names that follow a person's title.

    A name keeps its particles and every word of its order ("Ursula von der Leyen", "Jean-Yves
    Le Drian", "Theresa May").

    Examples
    --------
    >>> person_name_spans("Army Gen. Laura Richardson visited.")
    [(10, 26, 'Army Gen.')]
    >>> text = "Crown Prince Mohammed bin Salman met Prime Minister Theresa May."
    >>> [text[s:e] for s, e, _ in person_name_spans(text)]
    ['Mohammed bin Salman', 'Theresa May']
    """
    return _person_spans(text, tokenize(text) if tokens is None else tokens)[0]


# Words that end a run of name words: function words, days, organisation and feature heads,
# titles. Other common words may be surnames ("Theresa May", "Neil Young").
_NOT_NAME = NAME_STOP_WORDS | ORG_HEADS | FEATURE_WORDS | PLACE_MODIFIED | PERSON_TITLES
_MAX_NAME_WORDS = 4  # words of a name besides its particles: "Andrés Manuel López Obrador"
_MAX_PARTICLES = 3   # "de la", "von der", "bin Abdulaziz Al"
_DIGIT_AFTER = re.compile(r"\s*\d")


def _prefixed(word: str) -> bool:
    """'al-Assad', 'el-Sisi': a particle joined by a hyphen to a capitalised name."""
    head, sep, rest = word.partition("-")
    return bool(sep) and head.lower() in NAME_PARTICLES and is_capitalised(rest)


def _name_word(text: str, tok: Token) -> bool:
    """Whether ``tok`` may be a word of a person's name (not a particle)."""
    word = tok.text
    if not word[:1].isupper():
        return _prefixed(word)
    if word.lower().rstrip(".") in _NOT_NAME:
        return False
    if "." in word:
        return len(word) == 2  # an initial ("John Q. Public"), not "U.S."
    if len(word) > 1 and word.isupper():
        return False  # an acronym ("UN", "NATO")
    # "May 5", "June 2019": a calendar word before a number is a date, not a surname.
    return not (word.lower() in NON_PLACE_WORDS and _DIGIT_AFTER.match(text, tok.end))


def _joined(text: str, tokens: list[Token], k: int) -> bool:
    """Whether token ``k`` follows token ``k - 1`` within one name (one space, same line)."""
    return 0 < k < len(tokens) and is_space(text[tokens[k - 1].end:tokens[k].start])


def _name_end(text: str, tokens: list[Token], j: int, most: int = _MAX_NAME_WORDS
              ) -> tuple[int, int]:
    """Return ``(end, words)``: where a name starting at token ``j`` ends, and its word count.

    Particles belong to the name only between its words or before its first one ("Le Drian"
    after a title); the name never ends on one.
    """
    k, content, end = j, 0, j
    while k < len(tokens) and content < most and (k == j or _joined(text, tokens, k)):
        if tokens[k].text.lower() in NAME_PARTICLES:
            m = k + 1
            while (m < len(tokens) and m - k < _MAX_PARTICLES and _joined(text, tokens, m)
                   and tokens[m].text.lower() in NAME_PARTICLES):
                m += 1
            if m < len(tokens) and _joined(text, tokens, m) and _name_word(text, tokens[m]):
                k = m
                continue
            break
        if not _name_word(text, tokens[k]):
            break
        content += 1
        k += 1
        end = k
    return end, content


def _person_spans(text: str, tokens: list[Token]
                  ) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]]:
    spans: list[tuple[int, int, str]] = []
    title_spans: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        word = tokens[i].text
        if word.lower() in PERSON_TITLES and not is_capitalised(word) and i + 1 < len(tokens):
            # "said spokesman Wang Wenbin", "his Cambodian counterpart, Sok Vannarith,": a
            # title in lower case, before a whole name only (set off by commas: all of it).
            apposed = text[tokens[i].end:tokens[i + 1].start] == ", "
            k, words = _name_end(text, tokens, i + 1)
            closed = text[tokens[k - 1].end:tokens[k - 1].end + 1] in (",", ".", "")
            if words >= 2 and (closed if apposed else _joined(text, tokens, i + 1)):
                spans.append((tokens[i + 1].start, tokens[k - 1].end, word))
                title_spans.append((tokens[i].start, tokens[i].end))
                i = k
                continue
        if word.lower() in PERSON_TITLES and (is_capitalised(word) or word.endswith(".")):
            j = i + 1
            # "Prime Minister", "Vice President": titles may chain.
            while (j < len(tokens) and j - i < _MAX_TITLE_WORDS
                   and tokens[j].text.lower() in PERSON_TITLES
                   and is_capitalised(tokens[j].text)):
                j += 1
            k = _name_end(text, tokens, j)[0] if _joined(text, tokens, j) else j
            if (k < len(tokens) and _joined(text, tokens, k) and is_capitalised(tokens[k].text)
                    and tokens[k].text.lower() in PERSON_TITLES):
                # "Chief Kanawha Circuit Judge Jim Stucky": the title goes on; the name is
                # after its last word.
                i = k
                continue
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


@cache
def given_names() -> dict[str, int]:
    """Return common given names with their frequency rank (``data/given_names.csv``)."""
    import csv

    with data_path("given_names.csv").open(encoding="utf-8", newline="") as fh:
        return {row["name"]: int(row["rank"]) for row in csv.DictReader(fh)}


@cache
def _folded_given_names() -> frozenset[str]:
    return frozenset(normalize(name) for name in given_names())


def _is_given(word: str) -> bool:
    """Whether ``word`` is a common given name: "Andrés" as "Andres", "Jean-Yves" by "Jean"."""
    return is_capitalised(word) and normalize(word.split("-", 1)[0]) in _folded_given_names()


_MAX_GIVEN = 3      # "John Q.", "Andrés Manuel", "Mary Ann K."
_MAX_SURNAMES = 2   # "López Obrador"; a longer run is a headline, not one name


def _given_name_spans(text: str, tokens: list[Token],
                      taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Return "Mary Smith", "John Q. Public", "Theresa May", "Ursula von der Leyen".

    A common given name, then more given names or initials, then the surname with its
    particles. Where the capitalised run goes on past that ("Joe Biden Visits Kyiv"), only one
    surname word is taken.
    """
    spans = []
    taken = sorted(taken)
    starts = [a for a, _ in taken]

    def inside_taken(at: int) -> bool:
        k = bisect.bisect_right(starts, at) - 1
        return k >= 0 and at < taken[k][1]

    i = 0
    while i < len(tokens) - 1:
        tok = tokens[i]
        if _is_given(tok.text) and not inside_taken(tok.start) and _name_word(text, tok):
            j = i + 1
            while (j < len(tokens) and j - i < _MAX_GIVEN and _joined(text, tokens, j)
                   and _name_word(text, tokens[j])
                   and ((len(tokens[j].text) == 2 and tokens[j].text.endswith("."))
                        or _is_given(tokens[j].text))):
                j += 1
            k, n = _name_end(text, tokens, j, _MAX_SURNAMES + 1) if _joined(
                text, tokens, j) else (j, 0)
            if n > _MAX_SURNAMES:
                k = _name_end(text, tokens, j, 1)[0]
            elif n == 0 and j - i >= 2 and not tokens[j - 1].text.endswith("."):
                k = j  # the surname is itself a given name ("Theresa May", "Elton John")
            if k > i + 1 or (k == i + 1 and n):
                spans.append((tok.start, tokens[k - 1].end, "given name"))
                i = k
                continue
        i += 1
    return spans


# Capitalised at a sentence start, never a name's first word: "And National Guard
# helicopters were assisting" names the National Guard.
_LEADING = frozenset({"The", "A", "An", "And", "But", "Or", "Nor", "So", "Yet"})


def _org_spans(text: str, tokens: list[Token], *, forward: bool = False
               ) -> list[tuple[int, int]]:
    """Return spans of organisation names: a capitalised run ending in an organisation head.

    With ``forward``, an "of" phrase after the head belongs to the name too ("the Nigerian
    Ministry of Foreign Affairs", "Department of Homeland Security").
    """
    spans = []
    for i, tok in enumerate(tokens):
        if tok.text in GOVERNMENT_HEADS and i > 0 and is_capitalised(tokens[i - 1].text) and (
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
        while b < i and (not is_capitalised(tokens[b].text) or tokens[b].text in _LEADING):
            b += 1
        e = i + 1
        if forward:
            e = _of_phrase_end(text, tokens, i + 1)
        if b < i or e > i + 1 or tok.text.lower() in SINGLE_WORD_BODIES:
            spans.append((tokens[b].start, tokens[e - 1].end))
    return spans


def _of_phrase_end(text: str, tokens: list[Token], k: int) -> int:
    """Return the token index where "of Foreign Affairs" (after an organisation head) ends."""
    end = k
    while (k + 1 < len(tokens) and tokens[k].text == "of" and k - end < _MAX_ORG_WORDS
           and _joined(text, tokens, k) and _joined(text, tokens, k + 1)):
        m = k + 1
        while m < len(tokens) and m - k <= _MAX_ORG_WORDS and _joined(text, tokens, m) and (
                (is_capitalised(tokens[m].text) and not tokens[m].text.isupper())
                or (tokens[m].text == "and" and m + 1 < len(tokens)
                and is_capitalised(tokens[m + 1].text))):
            m += 1
        if m == k + 1:
            break
        end = k = m
    return end


@dataclass(frozen=True)
class NonPlace:
    """A span naming something other than a place: a person or an organisation."""

    start: int
    end: int
    kind: Literal["titled person", "named person", "organisation", "brand"]
    reason: str

    def surnames(self, text: str) -> list[str]:
        """Words that name this person again later: all after a title, else all but the first.

        Particles ("von", "bin", "Le") are not names on their own and are left out.
        """
        words = [w for w in text[self.start:self.end].split()
                 if w.lower() not in NAME_PARTICLES]
        if self.kind == "titled person":
            return words
        return words[1:] if self.kind == "named person" else []

    def given_name(self, text: str) -> str | None:
        """Return the first word of a person named in full ("Amelia" of "Amelia Crolley")."""
        words = text[self.start:self.end].split()
        return words[0] if self.kind == "named person" and len(words) > 1 else None


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


@cache
def _country_codes() -> dict[str, str]:
    """Country codes by folded name, spelling, demonym and alias ("u s" and "american": US)."""
    import csv

    with data_path("countries.json").open(encoding="utf-8") as fh:
        countries = json.load(fh)["countries"]
    codes = {normalize(n): str(c["iso"]) for c in countries
             for n in [c["name"], c.get("official", ""), *c.get("demonyms", []),
                       *c.get("alt_spellings", [])] if n}
    with data_path("aliases.csv").open(encoding="utf-8", newline="") as fh:
        codes |= {normalize(r["alias"]): r["target"].split(":", 1)[1]
                  for r in csv.DictReader(fh) if r["target"].startswith("country:")}
    codes.pop("", None)
    return codes


@cache
def _country_names() -> frozenset[str]:
    """Folded names, spellings, demonyms and aliases of countries: never a person's name."""
    return frozenset(_country_codes())


def country_in_name(name: str) -> str | None:
    """Return the country a body's name opens with, if any ("U.S. Army", "Malaysian government").

    Parameters
    ----------
    name
        The name of an organisation or group, as written.

    Returns
    -------
    str or None
        The ISO 3166 code of the country the first words name (longest first), else None.
    """
    words = name.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    codes = _country_codes()
    for n in range(min(4, len(words) - 1), 0, -1):
        code = codes.get(normalize(" ".join(words[:n])))
        if code is not None:
            return code
    return None


def _context_spans(text: str, tokens: list[Token], taken: _Taken,
                   lowercase: frozenset[str]) -> list[tuple[int, int]]:
    """Return names no title or given name announces, known by what stands around them.

    - a particle only persons' names have: "Ursula von der Leyen", "Mohammed bin Salman";
    - two to four name words that speak: "Sergei Lavrov said", "said Xi Jinping".

    Words the article writes in lower case, country names, ordinary words and names after a
    determiner are not names here ("Human Rights Watch said", "Saudi Arabia said", "the
    United Nations said").
    """
    spans = []
    i = 0
    while i < len(tokens):
        if not _name_word(text, tokens[i]) or (_joined(text, tokens, i) and _name_word(
                text, tokens[i - 1])) or not taken.free(tokens[i].start, tokens[i].end):
            i += 1
            continue
        k, n = _name_end(text, tokens, i)
        words = [t.text for t in tokens[i:k] if t.text.lower() not in NAME_PARTICLES]
        particle = any(t.text.lower() in PERSON_PARTICLES for t in tokens[i:k])
        after = tokens[k].text.lower() if k < len(tokens) else ""
        before = tokens[i - 1].text.lower() if i > 0 else ""
        speaks = n >= 2 and ((after in REPORTING_VERBS and _joined(text, tokens, k))
                             or (before in REPORTING_VERBS and _joined(text, tokens, i)))
        plain = (not any(w.lower() in NON_PLACE_WORDS or w.lower() in lowercase for w in words)
                 and normalize(" ".join(words)) not in _country_names()
                 and not any(normalize(w) in _country_names() for w in words[:1]))
        # "the United Nations said": a determiner comes before a body, not before a person.
        plain = plain and before not in ("the", "a", "an")
        if ((particle and n >= 2) or speaks) and plain and taken.free(
                tokens[i].start, tokens[k - 1].end):
            spans.append((tokens[i].start, tokens[k - 1].end))
        i = max(k, i + 1)
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


def _name_key(name: str) -> tuple[str, ...]:
    """Return the words that identify a person's name, folded: particles and initials left out.

    Examples
    --------
    >>> _name_key("Jean-Yves Le Drian")
    ('jean', 'yves', 'drian')
    >>> _name_key("President Bashar al-Assad")
    ('bashar', 'assad')
    """
    key = []
    for word in re.split(r"[\s\-]+", name):
        folded = normalize(word.strip(".’'"))
        if folded and folded not in NAME_PARTICLES and folded not in PERSON_TITLES and not (
                len(word) <= 2 and "." in word):
            key.append(folded)
    return tuple(key)


def _within(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Whether ``short`` is ``long`` or some of its words, in order.

    "Wang" is in "Wang Yi", "Desmond Clark" in "Desmond Demetrius Clark".
    """
    if not 0 < len(short) <= len(long):
        return False
    rest = iter(long)
    return all(word in rest for word in short)


def _joins(keys: Iterable[tuple[str, ...]]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Map each name key to the one longer key it is part of, if exactly one ("Wang" → "Wang Yi").

    A part shared by two names ("Mohammed" of two princes) stays apart: it may be either.
    """
    ordered = sorted(set(keys), key=len, reverse=True)
    joined: dict[tuple[str, ...], tuple[str, ...]] = {}
    for key in ordered:
        longer = [k for k in ordered if len(k) > len(key) and k not in joined and _within(key, k)]
        if len(longer) == 1:
            joined[key] = longer[0]
    return joined


def _find(article: Article, tokens: list[Token], book: ActorBook) -> list[_Found]:
    """Return the article's name mentions of people and organisations, in text order."""
    text = article.text
    taken = _Taken()
    by_alias: dict[int, _Found] = {}
    for m in book.pattern.finditer(text):
        record = book.records[book.aliases[m.group()]]
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
    for s, e in _org_spans(text, tokens, forward=True):
        if taken.free(s, e):
            found.append(_Found(s, e, text[s:e], "organisation", None, None))
            taken.add(s, e)
    for s, e, _ in _given_name_spans(text, tokens, []):
        if taken.free(s, e):
            found.append(_Found(s, e, text[s:e], "person", None, None))
            taken.add(s, e)
    lowercase = frozenset(t.text for t in tokens if t.text.islower())
    for s, e in _context_spans(text, tokens, taken, lowercase):
        found.append(_Found(s, e, text[s:e], "person", None, None))
        taken.add(s, e)
    found.extend(_later_names(text, tokens, taken, found))
    found.sort(key=lambda f: f.start)
    return found


def _later_names(text: str, tokens: list[Token], taken: _Taken,
                 found: list[_Found]) -> list[_Found]:
    """Return later mentions by part of a name: "Wang" for "Wang Yi", "López Obrador".

    A run of name words joins the one person of the article whose name holds it; a part two
    people share, or a country's name, joins no one.
    """
    people = [f for f in found if f.kind == "person"]
    keys = [_name_key(f.name) for f in people]
    joins = _joins(keys)
    roots: dict[tuple[str, ...], str | None] = {}
    for name_key, f in zip(keys, people, strict=True):
        root = joins.get(name_key, name_key)
        roots[root] = roots.get(root) or f.known
    out = []
    i = 0
    while i < len(tokens):
        if not _name_word(text, tokens[i]) or not taken.free(tokens[i].start, tokens[i].end):
            i += 1
            continue
        k = max(_name_end(text, tokens, i)[0], i + 1)
        s, e = tokens[i].start, tokens[k - 1].end
        key = _name_key(text[s:e])
        holders = [r for r in roots if _within(key, r)]
        after = tokens[k].text.lower() if _joined(text, tokens, k) else ""
        # An ordinary word ("May", "Young") names the person only where the person acts
        # ("May said"), not in "in May".
        ordinary = all(w.lower() in NON_PLACE_WORDS for w in text[s:e].split())
        if (len(holders) == 1 and taken.free(s, e)
                and (not ordinary or after in ACTING_VERBS or after in REPORTING_VERBS)
                and normalize(text[s:e]) not in _country_names()):
            out.append(_Found(s, e, text[s:e], "person", None, roots[holders[0]]))
            taken.add(s, e)
            i = k
        else:
            i += 1  # "Senior Biden officials": the name may start further in
    return out


_ActingHow = Literal["subject", "with"]
# What may stand between an acting country and its verb: other names of a coordination,
# adverbs and negation ("Chile and Peru jointly signed", "Canada will not send").
_BETWEEN = re.compile(r"(?:\s*,?\s*(?:and|or)\s+[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*)*"
                      r"|\s*,\s*[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*)*)*"
                      r"(?:\s+(?:not|also|never|already|\w+ly))*\s+(\w+)")


def country_acts(text: str, start: int, end: int) -> _ActingHow | None:
    """Return how a country named at ``[start, end)`` acts, or ``None`` if it does not.

    A country acts only when the text makes it act: as the subject of a verb of
    ``data/lexicon/acting_verbs.txt`` ("China said", "Canada will not send", "Chile and Peru
    signed") or as the partner of one ("signed an agreement with Panama"). Named anywhere
    else ("troops to Haiti", "Chile's foreign ministry said", "in China") it is a place.

    Examples
    --------
    >>> country_acts("Chile and Peru signed a deal.", 0, 5)
    'subject'
    >>> country_acts("Chile and Peru signed a deal.", 10, 14)
    'subject'
    >>> country_acts("Troops flew to Haiti on Monday.", 15, 20) is None
    True
    """
    before = text[max(0, start - 40):start].split()
    if before and before[-1].lower() == "with":
        return "with"
    if text.startswith(("'s", "’s"), end):
        return None  # "Chile's foreign ministry said": the ministry acts
    m = _BETWEEN.match(text, end)
    if m and m.group(1).lower() in ACTING_VERBS:
        return "subject"
    return None


def extract_actors(articles: Iterable[Article], sentences: dict[str, list[Sentence]],
                   book: ActorBook | None = None) -> list[Actor]:
    """Find the actors of a set of articles, one :class:`Actor` per referent.

    A person's mentions are every name that refers to them: the whole name with its
    particles ("Ursula von der Leyen"), later parts of it ("von der Leyen", "Wang" for "Wang
    Yi"), across articles too; and, in the same or the next sentence, the pronouns and group
    phrases that point back to them ("he", "her", "the two leaders"), each kept with its span
    (see :func:`is_reference` and :func:`resolve_reference`).

    Parameters
    ----------
    articles
        The story's articles.
    sentences
        Each article's sentences, by article id.
    book
        Curated actors (from story packs) to find by name and enrich with their records.

    Returns
    -------
    list of Actor
        Sorted by id; each actor holds every mention, in every article.

    Examples
    --------
    >>> from geomap.extract.sentences import split_sentences
    >>> a = Article("a", "Foreign Minister Wang Yi met Ann Lee. Wang said the two agreed.")
    >>> actors = extract_actors([a], {"a": split_sentences(a.text)})
    >>> [(x.name, [m.text for m in x.mentions]) for x in actors]
    [('Ann Lee', ['Ann Lee', 'the two']), ('Wang Yi', ['Wang Yi', 'Wang', 'the two'])]
    """
    named: list[tuple[_Found, ActorMention, tuple[str, ...]]] = []
    groups: dict[str, list[tuple[_Found | None, ActorMention]]] = {}
    refs: list[tuple[Reference, str]] = []
    for article in articles:
        sents = sentences[article.id]
        mine: list[tuple[_Found, ActorMention, tuple[str, ...]]] = []
        tokens = tokenize(article.text)
        for f in _find(article, tokens, book or _NO_BOOK):
            if article.section_at(f.start) in ("related-link", "boilerplate"):
                continue
            si = sentence_index(sents, f.start)
            role = _role_near(article.text, f.start, f.end, sents[si], f.title)
            mention = ActorMention(article.id, f.start, f.end, f.name, si, f.title, role)
            if f.kind == "person":
                mine.append((f, mention, _name_key(f.name)))
            else:
                groups.setdefault(f.known or f"org:{_norm_org(f.name)}", []).append(
                    (f, mention))
        named.extend(mine)
        refs.extend((r, article.id) for r in _references(article, tokens, sents, mine))
    # People: each name joins the one longer name it is part of, across the story.
    joins = _joins(k for _, _, k in named)
    known: dict[tuple[str, ...], str] = {}
    for f, _, k in named:
        if f.known:
            known.setdefault(joins.get(k, k), f.known)
    # An unknown person's id is the longest name told: "person:ursula-von-der-leyen".
    whole: dict[tuple[str, ...], str] = {}
    for f, _, k in named:
        root = joins.get(k, k)
        if len(f.name) > len(whole.get(root, "")):
            whole[root] = f.name
    ids: dict[Hashable, str] = {}
    for f, mention, k in named:
        root = joins.get(k, k)
        actor_id = f.known or known.get(root) or "person:" + (
            "-".join(re.findall(r"\w+", normalize(whole[root]))) or "unnamed")
        ids[root] = actor_id
        groups.setdefault(actor_id, []).append((f, mention))
    for ref, article_id in refs:
        for key in ref.keys:
            ref_root: Hashable = joins.get(key, key) if isinstance(key, tuple) else key
            if ref_root in ids:
                groups[ids[ref_root]].append((None, ActorMention(
                    article_id, ref.start, ref.end, ref.text, ref.sentence)))
    return [_actor(key, items, book or _NO_BOOK) for key, items in sorted(groups.items())]


def _actor(key: str, items: list[tuple[_Found | None, ActorMention]],
           book: ActorBook) -> Actor:
    record = book.records.get(key)
    kind: Literal["person", "organisation"] = (
        "person" if any(f is not None and f.kind == "person" for f, _ in items)
        else "organisation")
    longest = max((m.text for f, m in items if f is not None), key=len)
    return Actor(
        id=key,
        name=str(record["name"]) if record else longest,
        kind=kind,
        mentions=tuple(sorted({m for _, m in items}, key=lambda m: (m.article_id, m.start))),
        titles=tuple(sorted({m.title for _, m in items if m.title})),
        roles=tuple(sorted({m.role for _, m in items if m.role})),
        country=str(record["country"]) if record and record.get("country") else None,
        record=record,
    )


def _references(article: Article, tokens: list[Token], sents: list[Sentence],
                people: list[tuple[_Found, ActorMention, tuple[str, ...]]]) -> list[Reference]:
    """Pronouns and "the two" of one article, pointing at its people's name keys."""
    if not people:
        return []
    joins = _joins(k for _, _, k in people)
    named = sorted((Named(m.start, m.end, m.sentence, joins.get(k, k)) for _, m, k in people),
                   key=lambda n: n.start)
    genders: dict[Hashable, str] = {}
    for f, _, k in people:
        for word in (f.title or "").lower().split():
            if word in TITLE_GENDER:
                genders[joins.get(k, k)] = TITLE_GENDER[word]
    return resolve_references(article.text, tokens, sents, named, genders)


def is_reference(mention: ActorMention) -> bool:
    """Return True for a pronoun or group phrase ("he", "the two leaders"), not a name.

    Examples
    --------
    >>> is_reference(ActorMention("a", 0, 2, "He", 0))
    True
    """
    first = mention.text.split(maxsplit=1)[0].lower() if mention.text.strip() else ""
    return first in PRONOUNS or first in ("the", "both")


def resolve_reference(actors: Iterable[Actor], article_id: str, offset: int
                      ) -> tuple[str, ...]:
    """Return the ids of the actors a mention at ``offset`` of an article refers to.

    For a name, its one actor; for "he" or "the two", whom it points back to; ``()`` when
    no actor is mentioned there.

    Examples
    --------
    >>> from geomap.extract.sentences import split_sentences
    >>> a = Article("a", "Foreign Minister Wang Yi arrived. He met reporters.")
    >>> actors = extract_actors([a], {"a": split_sentences(a.text)})
    >>> resolve_reference(actors, "a", a.text.index("He"))
    ('person:wang-yi',)
    """
    return tuple(a.id for a in actors for m in a.mentions
                 if m.article_id == article_id and m.start <= offset < m.end)


def _norm_org(name: str) -> str:
    words = [w for w in re.findall(r"\w+", name.lower()) if w != "the"]
    return "-".join(words)

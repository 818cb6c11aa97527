"""Find toponyms: capitalised word runs that the gazetteer knows, minus the false friends.

The recogniser looks up every capitalised run of up to ``max_name_words`` words in the
gazetteer's name index, longest first, then rejects hits that context shows are not places:
a person's name after a title ("Gen. Laura Richardson") or a given name ("Kristina Dyer"),
and every later use of that surname; a town-sized name inside a longer proper name
("Homeland Security", "Washington Post"); a name that speaks ("Jones said"); a common word
("One", "Police"). Country, state and county names inside organisation names ("U.S. Army",
"Texas Department of Transportation") stay: news readers take them as places. Rejections are
kept with their reason: nothing is dropped silently.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from ..model import Article, Mention, Sentence
from .actors import NonPlace, given_names, non_place_spans
from .lexicon import (
    ADMIN_FEATURE_WORDS,
    CONNECTORS,
    FEATURE_WORDS,
    GOVERNMENT_HEADS,
    NON_PLACE_WORDS,
    ORG_HEADS,
    PERSON_OBJECT_VERBS,
    PERSON_TITLES,
    PLACE_MODIFIED,
    REPORTING_VERBS,
)
from .placewords import (
    HYPHEN_HEADS,
    KIND_NOUNS,
    LOCATIVE_NOUNS,
    LOCATIVE_WORDS,
    ORG_NAMES,
    ORG_WORDS,
    ROUTE_WORDS,
    SEPARABLE_BEFORE,
    STREET_HEADS,
    TITLES,
)
from .sentences import sentence_index
from .tokens import Token, is_capitalised, is_space, split_hyphens, tokenize

__all__ = ["NameIndex", "Rejected", "find_toponyms"]

# Kinds of place whose names keep their meaning inside other names ("U.S. Army").
_AREA_KINDS = frozenset({"country", "admin1", "admin2", "continent", "region"})
_AGE = re.compile(r"^,\s*\d{1,3},")
_AFTER_GIVEN_NAME = "a person's surname after"
_SPEAKS = "a person: the name speaks"
_NOTABLE_POPULATION = 10_000
_MAJOR_CITY = 1_000_000  # a city this large is the city, whatever verb follows its name
# Words after a place name that make it a modifier ("Fargo Mayor", "Dublin Police"), not a
# person's given name ("Paris Hilton").
_MODIFIERS = PLACE_MODIFIED | PERSON_TITLES | ORG_HEADS | FEATURE_WORDS
_COMMON_GIVEN_NAME = 100  # rank: "Mary", "Patrick"; "Austin" (301) and "Dallas" stay places


class NameIndex(Protocol):
    """What recognition needs from a gazetteer."""

    max_name_words: int

    def has_name(self, name: str) -> bool:
        """Whether some place is known by ``name``."""
        ...

    def best_kind(self, name: str) -> str | None:
        """Return the largest kind of place known by ``name`` ("country", "city", …)."""
        ...

    def prominence(self, name: str) -> int:
        """Return the largest population of a place known by ``name``."""
        ...


@dataclass(frozen=True, slots=True)
class Rejected:
    """A gazetteer hit that context shows is not a place, with the reason."""

    mention: Mention
    reason: str


def _gap(text: str, a: Token, b: Token) -> str:
    gap = text[a.end:b.start]
    return " " if is_space(gap) else gap


def find_toponyms(article: Article, sentences: list[Sentence], index: NameIndex, *,
                  people: Sequence[tuple[int, int]] = ()) -> tuple[list[Mention], list[Rejected]]:
    """Return the toponym mentions of an article and the hits rejected by context.

    Parameters
    ----------
    article
        The article to read.
    sentences
        Its sentences (from :func:`~geomap.extract.sentences.split_sentences`).
    index
        The gazetteer's names (a :class:`~geomap.gazetteer.Gazetteer`).
    people
        Spans of the names of people in the article, as another reader found them (the
        actor extractor): a place inside one is a word of it ("said Medea Benjamin"), and
        its surname names no town elsewhere in the article ("the Obama administration"
        after "Barack Obama"), unless the article uses it as a place.

    Returns
    -------
    (list of Mention, list of Rejected)
    """
    text = article.text
    words = tokenize(text)
    tokens = split_hyphens(words)
    word_starts = [w.start for w in words]
    name_counts = Counter(t.text for t in tokens if is_capitalised(t.text))
    starts = {s.start for s in sentences}
    blocked = _Blocked([*non_place_spans(text, words), *(
        NonPlace(a, b, "named person", "a word of the name of a person named in this article")
        for a, b in people)])
    # Words the article itself writes in lower case are ordinary words ("drug", "hospital").
    lowercase_words = {t.text for t in words if t.text.islower()}
    # The words of the people the article names: "Crolley's wife, Amelia," after "Amelia
    # Crolley" is her, not Amelia, Ohio (a place's use stays one: see place_sense).
    person_words = {w for span in blocked.spans for w in span.surnames(text)} | {
        w for span in blocked.spans if (w := span.given_name(text))} | _used_as_persons(tokens)
    divisions = _division_lists(text, index)
    streets = sorted([*find_streets(text), *((a, b) for a, b, _ in divisions)])
    street_starts = [a for a, _ in streets]
    hits: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        span = _longest_match(text, tokens, i, index)
        if span is None:
            i += 1
            continue
        if not _in_spans(streets, street_starts, tokens[span[0]].start, tokens[span[1] - 1].end):
            hits.append(span)  # "Main" in "Main Street" is the street's, not a town's
        i = span[1]
    mentions: list[Mention] = []
    rejected: list[Rejected] = []
    spans_of: dict[Mention, tuple[int, int, str | None, bool]] = {}
    hit_at = {h[0]: h for h in hits}
    # One sense per article, both ways: a name the article once uses as a place ("a resident
    # of Tabriz", "Gainesville residents") is not taken for a surname elsewhere in it.
    place_sense = {text[tokens[a].start:tokens[b - 1].end] for a, b in hits
                   if _locative(text, tokens, a) or (
                       b < len(tokens) and tokens[b].text.lower() in PLACE_MODIFIED)}
    for a, b in hits:
        start, end = tokens[a].start, tokens[b - 1].end
        name = text[start:end]
        if end < len(text) and text[end] == "." and not name.endswith(".") and index.has_name(
                name + "."):
            end += 1  # "Ind." for Indiana: the period is part of the name
        elif name.endswith(".") and not index.has_name(name):
            end -= 1
        if _inside_hyphenated(words, word_starts, start, end) and kind_of(
                index, text[start:end]) not in _AREA_KINDS and not _hyphen_place(
                text, words, word_starts, start, end, index, name_counts):
            continue  # "Wal-Mart": a part of a hyphenated word is a place only if it is large
        lookup = None
        if b < len(tokens) and tokens[b].text.lower() in FEATURE_WORDS and is_capitalised(
                tokens[b].text) and _gap(text, tokens[b - 1], tokens[b]) == " ":
            # "Panama Canal": the feature is named after the place; place it there. "Indian
            # Ocean" is not in India: looked up whole, it stays unresolved if unknown.
            # A lake or river named after a town is near it; a sea named after a country
            # ("Indian Ocean", "South China Sea") need not be.
            base = text[start:end]
            end = tokens[b].end
            admin = tokens[b].text.lower() in ADMIN_FEATURE_WORDS
            lookup = base if admin or kind_of(index, base) not in _AREA_KINDS else (
                text[start:end])
        elif b - a == 1:
            lookup = _elliptical(text, tokens, a, hit_at, index)
        si = sentence_index(sentences, start)
        mention = Mention(article.id, start, end, text[start:end], si, article.section_at(start),
                          lookup)
        kind = index.best_kind(mention.name)
        if (b - a == 1 and tokens[a].start in starts and kind not in _AREA_KINDS
                and index.prominence(mention.name) < _NOTABLE_POPULATION
                and name_counts[tokens[a].text] == 1):
            # At the start of a sentence a capital letter is no evidence of a name: a small
            # town there ("Rain fell…") needs the name to recur elsewhere in the article.
            rejected.append(Rejected(mention, "a small place's name only at a sentence start"))
            continue
        reason = _reject_reason(text, tokens, a, b, starts, blocked, person_words, kind,
                                lookup is not None, lowercase_words, place_sense,
                                index.prominence(mention.name) >= _MAJOR_CITY)
        if reason:
            rejected.append(Rejected(mention, reason))
            if b - a == 1 and reason.startswith((_AFTER_GIVEN_NAME, _SPEAKS)):
                person_words.add(tokens[a].text)  # one sense per article for the surname
        else:
            mentions.append(mention)
            spans_of[mention] = (a, b, kind, lookup is not None)
    # One sense per article, backwards too: "Welch went home" before "Welch said" is the
    # same person.
    for mention in [m for m in mentions if m.text in person_words]:
        a, b, kind, borrowed = spans_of[mention]
        reason = _reject_reason(text, tokens, a, b, starts, blocked, person_words, kind,
                                borrowed, lowercase_words, place_sense)
        if reason:
            mentions.remove(mention)
            rejected.append(Rejected(mention, reason))
    looked = {(a, b): lookup for a, b, lookup in divisions}
    for a, b in streets:
        mentions.append(Mention(article.id, a, b, text[a:b], sentence_index(sentences, a),
                                article.section_at(a), looked.get((a, b))))
    mentions.sort(key=lambda m: m.start)
    return mentions, rejected


_WORD = r"(?:[A-Z][\w'’-]*|[A-Z]\.|\d+(?:st|nd|rd|th))"
_SP = r"[ \u00a0]+"
_COMPASS = ("North|South|East|West|Northeast|Northwest|Southeast|Southwest|N\\.W\\.|N\\.E\\.|"
            "S\\.W\\.|S\\.E\\.|NW|NE|SW|SE|N|S|E|W")


def _alternation(words: frozenset[str]) -> str:
    return "|".join(re.escape(w[:1].upper() + w[1:]) for w in sorted(words, key=len,
                                                                          reverse=True))


_STREET = re.compile(
    rf"(?<![\w.])((?:{_WORD}{_SP}){{1,4}})({_alternation(STREET_HEADS)})(?![\w-])"
    rf"(?:{_SP}(?:{_COMPASS})(?![\w-]))?")
_ROUTE = re.compile(
    rf"(?<![\w.])((?:{_WORD}{_SP}){{0,2}})(?:{_alternation(ROUTE_WORDS)}){_SP}\d{{1,4}}[A-Z]?"
    rf"(?![\w-])(?:{_SP}(?:{_COMPASS})(?![\w-]))?|(?<![\w-])(?:I|US)-\d{{1,3}}(?![\w-])")
_NOT_IN_STREET = SEPARABLE_BEFORE - frozenset(
    {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
     "upper", "lower", "old", "new"})


def find_streets(text: str) -> list[tuple[int, int]]:
    """Return the spans of street and road names, in order ("Main Street", "Highway 19").

    A run of capitalised words ending with a street noun, or a route word and a number;
    a capitalised word right after it makes a longer name of something else ("Wall Street
    Journal", "Highway Patrol"). Capitalised function words before it are not part of it
    ("On Main Street").

    Examples
    --------
    >>> find_streets("Shots on N. High St. and Highway 19.")
    [(9, 20), (25, 35)]
    """
    found: list[tuple[int, int]] = []
    for m in itertools.chain(_STREET.finditer(text), _ROUTE.finditer(text)):
        start, end = m.start(), m.end()
        rest = text[end:end + 2]
        if len(rest) == 2 and rest[0] == " " and rest[1].isupper():
            continue  # "Wall Street Journal", "Highway Patrol", "Supt. Dr. Charles Holloway"
        if _AGE.match(text[end:end + 8]):
            continue  # "Virginia L. Lane, 77,": a person
        lead = m.group(1) or ""
        for word in lead.split():
            if word.lower() not in _NOT_IN_STREET:
                break
            start = text.index(word, start) + len(word)
            while start < end and text[start].isspace():
                start += 1
        if m.re is _STREET and start >= m.start(2):
            continue  # nothing left before the head: "The Street"
        found.append((start, end))
    found.sort()
    out: list[tuple[int, int]] = []
    for a, b in found:
        if out and a < out[-1][1]:
            if b - a > out[-1][1] - out[-1][0]:
                out[-1] = (a, b)
            continue
        out.append((a, b))
    return out


_DIVISION_LIST = re.compile(
    r"((?:[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?(?:, ?| and | or |, and |, or |/))+"
    r"[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?) (counties|parishes)\b")
_DIVISION_HEAD = {"counties": "County", "parishes": "Parish"}


def _division_lists(text: str, index: NameIndex) -> list[tuple[int, int, str]]:
    """Find the names in "Butler, Clark and Preble counties": each is "<name> County".

    Returns (start, end, name looked up) for each name the gazetteer knows with the head.
    """
    out: list[tuple[int, int, str]] = []
    if "counties" not in text and "parishes" not in text:
        return out
    for m in _DIVISION_LIST.finditer(text):
        head = _DIVISION_HEAD[m.group(2)]
        for part in re.finditer(r"[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?", m.group(1)):
            name = part.group()
            for candidate in (name, name.split(" ", 1)[-1]):
                if index.has_name(f"{candidate} {head}"):
                    start = m.start(1) + part.end() - len(candidate)
                    out.append((start, start + len(candidate), f"{candidate} {head}"))
                    break
    return out


def _in_spans(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    i = bisect.bisect_right(starts, start) - 1
    return any(0 <= j < len(spans) and spans[j][0] < end and start < spans[j][1]
               for j in (i, i + 1))


class _Blocked:
    """Non-place spans, found by position (long articles have thousands).

    Asked in text order (hits come in order), so the spans holding a position are kept as
    the text is swept: each span is taken in once and dropped once it ends, however long
    it is.
    """

    def __init__(self, spans: list[NonPlace]) -> None:
        self.spans = sorted(spans, key=lambda s: (s.start, s.end))
        self._rewind()

    def _rewind(self) -> None:
        self._next = 0
        self._at = -1
        self._open: list[tuple[int, int]] = []  # (end, index) of spans begun, a heap

    def around(self, start: int, end: int) -> list[NonPlace]:
        """Return the spans that hold ``[start, end)``, in order."""
        if start < self._at:
            self._rewind()  # asked out of order: sweep again from the start
        self._at = start
        spans, heap = self.spans, self._open
        while self._next < len(spans) and spans[self._next].start <= start:
            heapq.heappush(heap, (spans[self._next].end, self._next))
            self._next += 1
        while heap and heap[0][0] <= start:
            heapq.heappop(heap)  # ended before this position: holds nothing from here on
        return [spans[i] for i in sorted(i for span_end, i in heap if end <= span_end)]


def kind_of(index: NameIndex, name: str) -> str | None:
    """Return the largest kind known by ``name``, with or without a final period."""
    return index.best_kind(name) or (index.best_kind(name[:-1]) if name.endswith(".") else None)


def _inside_hyphenated(words: list[Token], starts: list[int], start: int, end: int) -> bool:
    """Whether [start, end) is a strict part of one hyphenated word."""
    i = bisect.bisect_right(starts, start) - 1
    if i < 0:
        return False
    w = words[i]
    return w.start <= start and end <= w.end and (w.start, w.end) != (start, end) and (
        "-" in w.text)


_PARTY = re.compile(r"(?:^|[(,]\s*)[A-Z]{1,3}$")


def _hyphen_place(text: str, words: list[Token], starts: list[int], start: int, end: int,
                  index: NameIndex, counts: Counter[str]) -> bool:
    """Whether a town's name inside a hyphenated word is still a place there.

    "Houston-based", "Gainesville-area" (a locative head after it); "Rep. Lee, D-Oakland"
    (a legislator's party and district); "Logan-Rogersville", "Dallas-Fort Worth" (every
    part a place name, one of them also named on its own in the article: a joint name of
    places, not "Wal-Mart" or a double-barrelled surname).
    """
    w = words[bisect.bisect_right(starts, start) - 1]
    parts = w.text.split("-")
    rel = start - w.start
    if rel + (end - start) < len(w.text) and text[end] == "-":
        head = text[end + 1:w.end].split("-", 1)[0]
        if head.lower() in HYPHEN_HEADS and head.islower():
            return True
    if rel > 0 and text[start - 1] == "-":
        before = text[max(0, start - 12):start - 1]
        if rel <= 4 and _PARTY.search(before):
            return True
    named = [p for p in parts if p]
    if any(x.strip(".,;:").lower() in REPORTING_VERBS for x in text[w.end:w.end + 20].split()[:2]):
        return False  # "Navarro-Valls also said": a person
    return len(named) > 1 and all(
        len(p) >= 4 and is_capitalised(p) and index.has_name(p) for p in named) and any(
        counts[p] > 1 for p in named)


def _longest_match(text: str, tokens: list[Token], i: int,
                   index: NameIndex) -> tuple[int, int] | None:
    if not is_capitalised(tokens[i].text):
        return None
    best = None
    for j in range(i, min(len(tokens), i + index.max_name_words)):
        if j > i:
            gap = _gap(text, tokens[j - 1], tokens[j])
            if tokens[j].text == "s" and gap in ("'", "’"):
                # A possessive inside a name ("People's Republic of China", "Martha's
                # Vineyard"): the whole must still be a gazetteer name to match.
                continue
            if gap not in (" ", "-"):
                break  # "City, State" is two mentions, resolved together later
        word = tokens[j].text
        if not is_capitalised(word) and word.lower() not in CONNECTORS:
            break
        if not is_capitalised(word):
            continue
        name = text[tokens[i].start:tokens[j].end]
        if index.has_name(name) or (name.endswith(".") and index.has_name(name[:-1])) or (
                tokens[j].end < len(text) and text[tokens[j].end] == "."
                and index.has_name(name + ".")):
            best = (i, j + 1)
    return best


def _elliptical(text: str, tokens: list[Token], a: int, hits: dict[int, tuple[int, int]],
                index: NameIndex) -> str | None:
    """"Central and South America": the first word borrows the second name's head."""
    nxt = a + 1
    if nxt + 1 >= len(tokens) or tokens[nxt].text not in ("and", "or"):
        return None
    second = hits.get(nxt + 1)
    if second is None or second[1] - second[0] < 2:
        return None
    head = text[tokens[second[0] + 1].start:tokens[second[1] - 1].end]
    name = f"{tokens[a].text} {head}"
    return name if index.has_name(name) else None


def _plural(noun: str) -> str:
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + ("es" if noun.endswith(("sh", "ch", "s", "x")) else "s")


_KIND_AFTER = re.compile(
    r"(?:(?:,\s*|\s+(?:and|or|&)\s+|,\s+(?:and|or)\s+|\s+)[A-Z][\w.'’-]*){0,8}\s+("
    + "|".join(sorted({*KIND_NOUNS, *map(_plural, KIND_NOUNS)}, key=len, reverse=True))
    + r")\b")


def _kind_after(text: str, end: int) -> str | None:
    """Return the kind noun after a name or a list of names, or None.

    "Tskhinvali region", "Barrow and Jackson counties": the name is a place there.
    """
    m = _KIND_AFTER.match(text, end, end + 120)
    return m.group(1) if m else None


def _locative(text: str, tokens: list[Token], a: int) -> bool:
    """Whether the name at token ``a`` follows a locative ("in X", "resident of X")."""
    if a == 0 or _gap(text, tokens[a - 1], tokens[a]) != " ":
        return False
    prev = tokens[a - 1].text.lower()
    if prev in LOCATIVE_WORDS:
        return True
    return prev == "of" and a > 1 and tokens[a - 2].text.lower() in LOCATIVE_NOUNS


def _qualified(text: str, end: int) -> bool:
    """Whether a name is followed by ", Name" (its state or country: "Tskhinvali, Georgia")."""
    return text[end:end + 2] == ", " and text[end + 2:end + 3].isupper()


def _run_continues(text: str, tokens: list[Token], b: int) -> bool:
    """Whether a capitalised word follows token ``b - 1`` in the same run of a name."""
    return b < len(tokens) and is_capitalised(tokens[b].text) and _gap(
        text, tokens[b - 1], tokens[b]) == " "


def _name_word_reason(text: str, tokens: list[Token], a: int, b: int, starts: set[int],
                      modifies: bool) -> str | None:
    """Why a town-sized hit is a word of another kind of name (title, body, agreement)."""
    words = text[tokens[a].start:tokens[b - 1].end]
    if b - a == 1 and words.lower().rstrip(".") in TITLES:
        return f"a title or office, not a place: {words!r}"
    if b - a == 1 and words.lower() in ORG_WORDS:
        return f"a word of the name of a body, agreement or event: {words!r}"
    if " ".join(words.lower().split()) in ORG_NAMES:
        return f"the name of a body, not the village that shares it: {words!r}"
    if a > 1 and tokens[a - 1].text in ("of", "for") and _gap(
            text, tokens[a - 1], tokens[a]) == " " and (
            tokens[a - 2].text.lower() in ORG_HEADS | ORG_WORDS) and is_capitalised(
            tokens[a - 2].text) and _run_continues(text, tokens, b):
        # "Department of Homeland Security": the run after "of" is the body's name, unless
        # the name ends with the place ("Government of Libya", "City of Fargo").
        return f"part of the organisation name {tokens[a - 2].text} of {words} …"
    if a > 0 and _gap(text, tokens[a - 1], tokens[a]) == " " and not modifies:
        prev = tokens[a - 1]
        low = prev.text.lower()
        features = FEATURE_WORDS | PLACE_MODIFIED
        if (is_capitalised(prev.text) and prev.start not in starts
                and low in NON_PLACE_WORDS and low not in SEPARABLE_BEFORE
                and low not in features and words.lower() not in features):
            # "Red Crescent", "National Accord", "Liberty Bell": a common word capitalised
            # before a town's name makes one longer name of something else.
            return f"part of a longer name: {prev.text} {words}"
        nxt = tokens[b].text.lower() if b < len(tokens) else ""
        if low == "the" and b - a == 1 and (
                not nxt.isalpha() or nxt in SEPARABLE_BEFORE or nxt in REPORTING_VERBS):
            # Towns take no article: "the Alliance said", "the Accord was signed" name a
            # body or a deal; "the Paris attacks", "the Fargo Police" use the place as a
            # modifier.
            return f"a name with 'the' before it (a body's or a thing's): {words!r}"
    return None


def _used_as_persons(tokens: list[Token]) -> set[str]:
    """Single names the article uses as someone's: "stabbed Welch", "Welch and his mother".

    An article may name a person by surname only (its lead cut off); a town is never the
    object of a stabbing nor coordinated with "his mother".
    """
    out = set()
    for i, t in enumerate(tokens):
        if not is_capitalised(t.text):
            continue
        before = tokens[i - 1].text.lower() if i else ""
        after = [x.text.lower() for x in tokens[i + 1:i + 3]]
        if before in PERSON_OBJECT_VERBS or after in (["and", "his"], ["and", "her"]):
            out.add(t.text)
    return out


# Signs that make the name before them a currency: "US$1 million", "HK$20", "NZ$".
_CURRENCY_SIGNS = frozenset("$£€¥")


def _reject_reason(text: str, tokens: list[Token], a: int, b: int, starts: set[int],
                   blocked: _Blocked, person_words: set[str],
                   kind: str | None, borrowed: bool, lowered: set[str],
                   place_sense: set[str], major: bool = False) -> str | None:
    start, end = tokens[a].start, tokens[b - 1].end
    words = text[start:end]
    area = kind in _AREA_KINDS
    nxt_token = tokens[b] if b < len(tokens) else None
    modifies = nxt_token is not None and nxt_token.text.lower() in _MODIFIERS
    locative = _locative(text, tokens, a) or _kind_after(text, end) is not None
    if text[end:end + 1] in _CURRENCY_SIGNS:
        return "a currency's country code (US$, HK$, A$)"
    if b - a == 1 and a > 0 and tokens[a].text.lower() in FEATURE_WORDS and kind != "country" and (
            _gap(text, tokens[a - 1], tokens[a]) == " " and is_capitalised(tokens[a - 1].text)
            and tokens[a - 1].start not in starts):
        # "Danube Delta", "Mahim Bay", "Waiheke Island": a feature word after a name heads
        # a longer name the gazetteer lacks, not the town or state called "Delta" or "Bay".
        return f"the last word of a longer name: {tokens[a - 1].text} {words}"
    if not area and not locative and (
            why := _name_word_reason(text, tokens, a, b, starts, modifies)):
        return why
    for span in blocked.around(start, end):
        if span.kind == "organisation" and (area or modifies):
            continue  # "Texas Department of …", "Mansfield Police Department"
        if (span.start, span.end) == (start, end) and (
                span.kind == "named person" or (b - a > 1 and area)):
            # "Virginia Beach" is a place, not Ms. Virginia Beach; "West Bank", whole, is
            # the gazetteer's area before a bank's name (but the "White House" is no town).
            continue
        return span.reason
    if b - a == 1 and not area and given_names().get(words, 10_000) <= _COMMON_GIVEN_NAME:
        return "a common given name"
    if (b - a == 1 and words in person_words and not area and (
            not modifies or (nxt_token is not None
                             and nxt_token.text.lower() in GOVERNMENT_HEADS))
            and words not in place_sense):
        # (a person's government too: "the Obama administration" after "Barack Obama")
        return "the surname of a person named in this article"
    if b - a == 1 and kind in (None, "village") and not locative and not borrowed and (
            not _qualified(text, end)):
        # Known only by another name of a small place ("Hamas", "Air", "Kate" are other
        # names of towns), or only as a village's ("Story", "Sissy"): a place only where
        # the sentence puts it there.
        return ("only a village's or another name of a small place, and not used as a "
                "place here")
    if b - a == 1 and words.lower().rstrip(".") in NON_PLACE_WORDS and not borrowed:
        return "a common word more often than a place"
    if b - a == 2 and tokens[a].text.lower() == "the" and (
            tokens[a + 1].text.lower() in NON_PLACE_WORDS):
        # "The Center for Volcanology": a common word with its article, though a village
        # somewhere is also called so ("The Center", Windham, Connecticut).
        return "a common word more often than a place"
    letters = words.replace(".", "")
    if letters.isalpha() and letters.isupper() and "." not in words and len(letters) <= 4 and (
            not area):
        return "an acronym that names no country or region"
    if b - a == 1 and not area and not borrowed and words.lower() in lowered:
        return "used as an ordinary lowercase word in this article"
    if area:
        return None
    after = text[end:end + 12]
    nxt_word = after.split(maxsplit=1)[0].strip(",.;:") if after.strip() else ""
    if locative:
        if b - a == 1 and nxt_token is not None and _gap(text, tokens[b - 1], nxt_token) == " " \
                and is_capitalised(nxt_token.text) and nxt_token.text.isalpha() \
                and not modifies and nxt_token.text.lower() not in SEPARABLE_BEFORE \
                and nxt_token.text.lower() not in NON_PLACE_WORDS and not (
                    b + 1 < len(tokens) and is_capitalised(tokens[b + 1].text)):
            # "in Patima Chalandriou": the first word of a two-word name the gazetteer
            # lacks, not Fátima in Portugal.
            return f"the first word of a longer name: {words} {nxt_token.text}"
        return None  # "one resident of Tabriz told the BBC": the resident speaks
    # (a city of millions before "reported" is the city: "Toronto reported new cases")
    if not major and (nxt_word.lower() in REPORTING_VERBS or _AGE.match(after)):
        return f"{_SPEAKS} or has an age"
    before = text[max(0, start - 6):start].lower()
    if not major and before.endswith(("said ", "says ")):
        return _SPEAKS
    if a > 0:
        prev = tokens[a - 1]
        if (_gap(text, prev, tokens[a]) == " " and is_capitalised(prev.text)
                and prev.start not in starts and prev.text.lower() not in NON_PLACE_WORDS
                # (a body's name closing on where it is, "SOS Children's Village Malakal",
                # names no person)
                and prev.text.lower() not in ORG_HEADS | FEATURE_WORDS | ORG_WORDS
                and prev.text.lower() not in KIND_NOUNS):
            if prev.text.lower() in PERSON_TITLES:
                return f"a person's name after the title {prev.text!r}"
            if not modifies:
                return f"{_AFTER_GIVEN_NAME} {prev.text!r}"
    if nxt_token is not None:
        nxt = nxt_token
        after_next = tokens[b + 1] if b + 1 < len(tokens) else None
        # "Paris Hilton": a two-word name is a person's more often than a place's; in longer
        # names ("Lombard Historical Society") the place names the organisation's home.
        longer = after_next is not None and is_capitalised(after_next.text) and _gap(
            text, nxt, after_next) == " "
        if (_gap(text, tokens[b - 1], nxt) == " " and is_capitalised(nxt.text)
                and not modifies and not longer
                and nxt.text.lower() not in SEPARABLE_BEFORE):  # "Wichita Saturday"
            return f"part of a longer name (a person's?): {words} {nxt.text}…"
    return None

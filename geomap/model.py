"""Plain data passed between the stages: frozen dataclasses, no behaviour beyond small helpers.

Offsets are Python string indices into :attr:`Article.text`, end exclusive, so
``article.text[m.start:m.end] == m.text`` holds for every span.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "QUOTE_CHARS",
    "Actor",
    "ActorMention",
    "Article",
    "Candidate",
    "Event",
    "Evidence",
    "Mention",
    "MoveMode",
    "Movement",
    "Participant",
    "Place",
    "Resolution",
    "Section",
    "Sentence",
    "TimeExpression",
    "excerpt",
]

SectionKind = Literal["body", "related-link", "boilerplate", "caption"]
Precision = Literal["country", "admin1", "admin2", "region", "city", "village", "facility",
                    "approximate", "continent"]
DatePrecision = Literal["day", "week", "month", "year"]
Modality = Literal["occurred", "planned", "proposed", "denied", "uncertain"]
# agent: who does it; counterpart: who it is done with or to; reporter: who tells of it.
ParticipantRole = Literal["agent", "counterpart", "reporter"]
# How people move between places, as the text says it ("by cayuco" is a boat).
MoveMode = Literal["boat", "on foot", "bus", "truck", "train", "plane", "car"]

QUOTE_CHARS = 400
"""The longest sentence quoted whole; a longer one is quoted as a window of about this size."""
_ELLIPSIS = "…"
_SNAP = 24  # how far a cut may move to fall between two words


def excerpt(text: str, start: int | None = None, end: int | None = None, *,
            limit: int = QUOTE_CHARS) -> str:
    """Return ``text`` whole when it is short, else a window of it around ``[start, end)``.

    A quote is written once per mention and per piece of evidence: quoting a whole sentence
    each time would make the output grow with the square of the sentence's length. The
    window holds the span (or its first ``limit`` characters), is cut between words where
    one is near, and shows each cut with "…".

    Parameters
    ----------
    text
        The sentence.
    start, end
        The span to keep in view, as offsets into ``text``; the sentence's start if ``None``.
    limit
        The longest text returned whole, and the window's size (not counting the "…").

    Examples
    --------
    >>> excerpt("Floods hit Lima.")
    'Floods hit Lima.'
    >>> excerpt("a " * 300 + "Lima is wet" + " b" * 300, 600, 604, limit=40)
    '… a a a a a a a a Lima is wet b b b b b …'
    """
    if len(text) <= limit:
        return text
    start = 0 if start is None else max(0, min(start, len(text)))
    end = start if end is None else max(start, min(end, len(text)))
    end = min(end, start + limit)
    room = limit - (end - start)
    lo = max(0, start - room // 2)
    hi = min(len(text), lo + limit)
    lo = max(0, min(lo, hi - limit))
    if lo > 0:
        gap = text.find(" ", lo, min(lo + _SNAP, start))
        lo = gap + 1 if gap >= 0 else lo
    if hi < len(text):
        gap = text.rfind(" ", max(hi - _SNAP, end), hi)
        hi = gap if gap >= 0 else hi
    window = text[lo:hi].strip()
    return (_ELLIPSIS + " " if lo > 0 else "") + window + (" " + _ELLIPSIS if hi < len(
        text) else "")


@dataclass(frozen=True, slots=True)
class Section:
    """A stretch of an article that is not story body: a related-story link, boilerplate."""

    start: int
    end: int
    kind: SectionKind


@dataclass(frozen=True, slots=True)
class Article:
    """One news article: its text and whatever metadata came with it.

    ``author`` is the byline as the page or metadata gives it (one or more names), if any.
    """

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    source_path: str | None = None
    sections: tuple[Section, ...] | None = None
    author: str | None = None

    def __post_init__(self) -> None:
        if self.sections is None:
            from .sections import find_sections

            object.__setattr__(self, "sections", find_sections(self.text))

    def section_at(self, offset: int) -> SectionKind:
        """Return the kind of section that holds ``offset`` (``"body"`` by default)."""
        sections = self.sections or ()
        # Sections are sorted and disjoint: the one starting last at or before the offset.
        i = bisect.bisect_right(sections, offset, key=lambda s: s.start) - 1
        if i >= 0 and sections[i].start <= offset < sections[i].end:
            return sections[i].kind
        return "body"


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article, by offsets."""

    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text naming a place (a toponym), with where it stands."""

    article_id: str
    start: int
    end: int
    text: str
    sentence: int
    section: SectionKind = "body"
    lookup: str | None = None  # the name looked up, when it differs from the text

    @property
    def name(self) -> str:
        """The name to look up in a gazetteer ("Central America" for "Central and South …")."""
        return self.lookup or self.text


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry a mention may refer to."""

    id: str
    name: str
    lat: float
    lon: float
    kind: str
    countrycode: str | None
    admin1: str | None
    population: int
    source: str
    geonameid: int | None = None
    uncertainty_km: float | None = None
    precision: str | None = None
    alternate: bool = field(default=False, compare=False)


@dataclass(frozen=True, slots=True)
class Resolution:
    """The outcome for one mention: a chosen candidate with its score, or a reason for none."""

    mention: Mention
    candidate: Candidate | None
    score: float
    reason: str
    n_candidates: int = 0


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place with every mention of it across the story's articles."""

    id: str
    candidate: Candidate
    mentions: tuple[Mention, ...]
    score: float
    reason: str

    @property
    def only_in_related_links(self) -> bool:
        """True when every mention stands in a link to another story ("Read more: …")."""
        return all(m.section == "related-link" for m in self.mentions)


@dataclass(frozen=True, slots=True)
class ActorMention:
    """A span naming an actor, with the title and role written around it."""

    article_id: str
    start: int
    end: int
    text: str
    sentence: int
    title: str | None = None
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    """A person or organisation, joined over all its mentions."""

    id: str
    name: str
    kind: Literal["person", "organisation", "country", "group"]
    mentions: tuple[ActorMention, ...]
    titles: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    country: str | None = None
    record: dict[str, object] | None = field(default=None, compare=False, hash=False)


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A date expression resolved against the article's publication date."""

    article_id: str
    start: int
    end: int
    text: str
    sentence: int
    date: dt.date
    precision: DatePrecision


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact was read: article, sentence and character span.

    ``quote`` is the sentence, or a window of it when it is long (:func:`excerpt`);
    ``start`` and ``end`` always span the whole sentence.
    """

    article_id: str
    sentence: int
    start: int
    end: int
    quote: str


@dataclass(frozen=True, slots=True)
class Participant:
    """An actor taking part in an event, with its role in it."""

    actor_id: str
    role: ParticipantRole


@dataclass(frozen=True, slots=True)
class Event:
    """Who did what, where and when, with the evidence for it.

    ``family`` is the event's kind (VISIT, MEET, AGREE, AID, DEPLOY, PROTEST, ATTACK,
    ARREST, MIGRATION, DISASTER, LEGAL or OTHER), ``code`` and ``label`` its CAMEO code and
    label where CAMEO has one; ``dead``, ``injured`` and ``people`` the counts the text gives;
    ``apart`` that the text tells it as an event of its own with no place: somewhere it does
    not name ("in another state") or as a new one ("a peace deal ended the conflict").
    """

    id: str
    code: str
    label: str
    modality: Modality
    participants: tuple[Participant, ...]
    place_ids: tuple[str, ...]
    date: dt.date | None
    date_precision: DatePrecision | None
    evidence: tuple[Evidence, ...]
    trigger: str
    family: str = "OTHER"
    dead: int | None = None
    injured: int | None = None
    people: int | None = None
    apart: bool = False  # so it is no retelling of an event that has a place


@dataclass(frozen=True, slots=True)
class Movement:
    """Who moved (or is to move) from where, through where, to where, and how.

    Read from one clause ("had travelled by bus from Tapachula through Puebla before
    reaching Ciudad Juárez"): ``who`` as the text names them ("migrants", "a caravan",
    "troops", a person's name), place ids of ``origin_id``, ``via_ids`` (in the order
    travelled) and ``destination_id`` (each a resolved place of the story, or ``None`` when
    the text names none), ``mode`` of travel, ``count`` of people when given, the date with
    its precision, the modality, and the sentence it was read from.
    """

    id: str
    who: str
    origin_id: str | None
    via_ids: tuple[str, ...]
    destination_id: str | None
    mode: MoveMode | None
    count: int | None
    date: dt.date | None
    date_precision: DatePrecision | None
    modality: Modality
    evidence: Evidence
    trigger: str
    actor_id: str | None = None

"""Events: who did what, where and when, read from the structure of each sentence.

A sentence may hold an event when a word of the trigger lexicon stands in it
(:mod:`geomap.extract.eventlex`, a data file of English event words with their family and
CAMEO code); only those sentences are parsed (:mod:`geomap.extract.parse`). In the parse:

- the **trigger** is a verb or noun of the lexicon whose arguments fit its row ("send" +
  troops is a deployment, "send" + aid is aid); a capitalised noun inside a name
  ("Government of National Accord") is no trigger, and a noun told by a verb that is itself
  a trigger of its family ("signed an agreement") is the verb's event;
- **agents** are the subject of the trigger's clause, or of the clause it shares its subject
  with ("pushing to send", "flew to Jakarta and signed"), the noun a relative or participle
  clause describes ("Wang, who is visiting"), a passive's "by" phrase; **counterparts** its
  objects and partners ("met with", "attack on"); **reporters** the subject of the reporting
  verb above it ("X said …", "according to X"). Pronouns join the person named last;
- **places** are the resolved places the trigger's clause governs, minus those used as
  affiliations ("U.S. troops", "a commander from the CAR") or as doers ("Canada sent"); a
  visit goes to its destination and the places listed with it; a clause without a place
  takes its coordinated or head clause's, or the dateline's town; then a shooting, flood or
  arrest (not talks, agreements or visits) takes the place of the event told just before,
  else the article's focus (the place below country level it names most);
- the **date** is the date expression the clause governs (or its coordinated head's, or a
  clause's above it that tells no event); in a clause of the future a weekday or month is
  the coming one;
- the **modality** comes from negation, modals, and the verbs above it (see
  :func:`geomap.extract.clauses.modality`); an event dated after publication is planned;
- **counts** of dead, injured and people come from numbers in the sentence.

Sentences in related-story links and web furniture hold no events. The same event told in
several sentences or articles is joined later, by :func:`geomap.merge.merge_events`.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, partial
from typing import TYPE_CHECKING

from ..model import (
    Actor,
    ActorMention,
    Article,
    Candidate,
    Event,
    Evidence,
    Participant,
    Resolution,
    Sentence,
    TimeExpression,
    excerpt,
)
from . import clauses
from .actors import country_in_name
from .eventlex import (
    Trigger,
    article_classes,
    event_word_offsets,
    may_hold_event,
    triggers,
    word_class,
)
from .lexicon import PERSON_TITLES, PLACE_MODIFIED
from .parse import MAX_PARSE_CHARS, parse
from .time import MONTHS, WEEKDAYS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["REALISED", "agentless_apart", "event_id", "extract_events", "family_of",
           "told_apart_by_agents"]

# An intent that the sentence reports done takes the code of the deed (CAMEO 0332 → 072).
REALISED = {"0332": ("072", "Provide military aid")}
# Kinds of event told apart by who does them: two people's visits to one place on one day
# are two visits, one country's pledge and another's are two gifts; two tellings of an
# earthquake at one place are one.
_BY_AGENTS = frozenset({"AID", "VISIT", "MEET"})
# Of those, kinds whose telling with no doer is no retelling of any one doer's event: "relief
# goods had been distributed" is not the U.S. pledge nor Malaysia's gift (measured on the dev
# gold: told apart, aid recall rose from 21 to 27 of 38 for 9 more events drawn). A visit or
# talks with no doer named ("the visit", "talks were held") retell the one told with it.
_AGENTLESS_APART = frozenset({"AID"})
# Talks, agreements and visits have a place only where the text gives one (their parties are
# often elsewhere); a shooting, a flood, an arrest or a happening of no known kind (a vigil,
# police dispersing a festival) told without a place happens where the story is (measured on
# the dev gold: placing the last at the story's focus found 2 more of 14 OTHER events).
_PLACED_BY_TEXT = frozenset({"MEET", "AGREE", "VISIT"})
_BACK_REFERENCE = frozenset({"the", "this", "that", "these", "those", "its", "their", "his",
                             "her"})
# Families a country does in its own land when the text names no place.
_DONE_AT_HOME = frozenset({"LEGAL", "ARREST", "OTHER"})
_RETOLD_CANDIDATES = 8  # earlier tellings of one code or word a retelling may refer back to
_ANY = frozenset({"any", "every", "each", "whatever"})
# Families whose passive subject is who acts: troops deployed, people evacuated go.
_MOVED_ACT = frozenset({"DEPLOY", "MIGRATION", "VISIT"})
# Prepositions by which a noun tells what another noun is about ("charges of assault").
_TOPIC_PREPS = frozenset({"of", "for", "over", "about", "on", "against"})
# Word classes of event_words.csv that name people or bodies of people.
_PEOPLE_CLASSES = ("agent_nouns", "people", "troops", "protesters", "workers", "official",
                   "person_or_group", "perpetrators", "fighters", "migrants", "victims",
                   "dissenters", "labour", "guest")
# A dateline: a town in capitals, maybe its country or state and an agency, then a dash or
# colon ("CHARLESTON, W.Va. (AP) -- ", "BEIRUT: ").
_DATELINE = re.compile(r"[A-Z][A-Z.'’ -]{1,30}(?:,\s*[^\W\d_][\w.'’ -]{0,30})?"
                       r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"  # "BASRA, Iraq, Oct 17 (Reuters) -"
                       r"(?:\s*\([\w ]{1,20}\))?(?:\s*(?:—|–|--|-)\s+|:\s+)(?=[A-Z\"“])")
_DATELINE_CHARS = 120
_MAX_WINDOWS = 200  # windows parsed in one over-long sentence
# Words of the calendar are never actors, resolved to a date or not (without a publication
# date "Wednesday" stays unresolved).
_CALENDAR = frozenset(w.lower() for w in (*WEEKDAYS, *MONTHS, "today", "yesterday",
                                           "tomorrow", "tonight"))
_ANY_YEAR = re.compile(r"\d{4}")
_ANOTHER = re.compile(r"\b(?:another|other|different)\b", re.IGNORECASE)
_HYPHENED_AFTER = re.compile(r"-\w+")
_MOST_HYPHENS = 3  # "Abdel Fattah al-Burhan", "Jean-Yves", "Saint-Martin-de-Ré"
_WHEN_PREPS = frozenset({"during", "after", "before", "since", "following", "throughout",
                         "amid", "despite"})
_PLACE_WORDS = frozenset({"city", "town", "village", "province", "state", "region", "county",
                          "capital", "district", "area", "country", "border", "island"})
_NUMBER_WORDS = {w: i for i, w in enumerate([
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty"])}
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+$")
_SCALE = {"hundred": 100, "thousand": 1000, "million": 1_000_000}


@cache
def _families() -> dict[str, str]:
    out = {row.code: row.family for rows in triggers().values() for row in rows}
    out.update({code: out[intent] for intent, (code, _) in REALISED.items() if intent in out})
    return out


def family_of(code: str) -> str:
    """Return the event family (VISIT, MEET, …, OTHER) of a code the extractor gives."""
    return _families().get(code, "OTHER")


def told_apart_by_agents(code: str) -> bool:
    """Whether events of this code are distinct when different agents do them."""
    return family_of(code) in _BY_AGENTS


def agentless_apart(code: str) -> bool:
    """Whether a telling of this code with no agent is distinct from every agent's event."""
    return family_of(code) in _AGENTLESS_APART


def event_id(code: str, modality: str, places: Sequence[str], agents: Sequence[str],
             date: object) -> str:
    """Return a stable id for an event from what identifies it."""
    key = "|".join([code, modality, *sorted(places), *sorted(agents), str(date)])
    return "event:" + hashlib.sha1(key.encode()).hexdigest()[:12]


@dataclass
class _Context:
    """What one article offers an event: its actors, places and dates, by position."""

    article: Article
    mentions: Sequence[tuple[int, int, str, str, ActorMention]]  # start, end, id, kind, mention
    starts: list[int]
    places: dict[int, list[Resolution]]
    times: dict[int, list[TimeExpression]]
    acting: list[tuple[str, str, ActorMention]] = field(default_factory=list)
    last_agents: tuple[int, tuple[str, ...]] | None = None  # sentence, actor ids
    focus: tuple[str, ...] = ()  # the place the article is told from, if it has one
    nation: tuple[str, str] | None = None  # the country it is about: place id, country code
    is_capital: Callable[[str], bool] = field(default=lambda _: False)  # a national capital?
    whole: dict[int, Sentence] = field(default_factory=dict)  # sentences, for evidence
    # Starts of the places and dates of each sentence, in order: a word's lookup is a bisection
    # (a hostile sentence naming 50,000 places must not make every word scan them all).
    place_starts: dict[int, list[int]] = field(default_factory=dict)
    time_starts: dict[int, list[int]] = field(default_factory=dict)
    # The people of the article by the last word of each title they bear ("judge" for
    # "U.S. District Judge Joan Ericksen"), with whether the title was shortened ("Gov.").
    titled: dict[str, list[tuple[bool, str, ActorMention]]] = field(default_factory=dict)

    def titled_one(self, noun: str) -> tuple[str, str, ActorMention] | None:
        """Return the one person of the article a title noun may stand for ("the judge")."""
        found = {aid: m for word, held in self.titled.items()
                 for short, aid, m in held if word == noun or (short and noun.startswith(word))}
        if len(found) != 1:
            return None
        ((aid, m),) = found.items()
        return aid, "person", m

    def place_at(self, sentence: int, at: int) -> Resolution | None:
        """Return the resolved place mention holding offset ``at``, if any."""
        i = bisect.bisect_right(self.place_starts.get(sentence, []), at) - 1
        if i < 0:
            return None
        r = self.places[sentence][i]
        return r if at < r.mention.end else None

    def time_at(self, sentence: int, at: int) -> TimeExpression | None:
        """Return the date expression holding offset ``at``, if any."""
        i = bisect.bisect_right(self.time_starts.get(sentence, []), at) - 1
        if i < 0:
            return None
        t = self.times[sentence][i]
        return t if at < t.end else None

    def actor_at(self, start: int, end: int) -> tuple[str, str, ActorMention] | None:
        """Return the actor mention overlapping ``[start, end)``, if any."""
        i = bisect.bisect_right(self.starts, end - 1) - 1
        while i >= 0 and self.mentions[i][1] > start - 200:
            s, e, aid, kind, m = self.mentions[i]
            if s < end and start < e:
                return aid, kind, m
            i -= 1
        return None

    def sharing(self, mention: ActorMention) -> list[str]:
        """Return every actor a mention stands for ("the two men": both of them)."""
        i = bisect.bisect_left(self.starts, mention.start)
        out = []
        while i < len(self.mentions) and self.mentions[i][0] == mention.start:
            if self.mentions[i][1] == mention.end:
                out.append(self.mentions[i][2])
            i += 1
        return out

    def person_before(self, at: int, sentence: int) -> tuple[str, ActorMention] | None:
        """Return the person named last before ``at``, in this sentence or the one before."""
        i = bisect.bisect_left(self.starts, at) - 1
        while i >= 0:
            _, _, aid, kind, m = self.mentions[i]
            if m.sentence < sentence - 1:
                return None
            if kind == "person":
                return aid, m
            i -= 1
        return None


def _context(article: Article, resolutions: Sequence[Resolution], actors: Sequence[Actor],
             times: Sequence[TimeExpression]) -> _Context:
    mentions = sorted(((m.start, m.end, a.id, a.kind, m) for a in actors for m in a.mentions
                       if m.article_id == article.id), key=lambda x: (x[0], x[1], x[2]))
    places: dict[int, list[Resolution]] = {}
    for r in sorted(resolutions, key=lambda r: r.mention.start):
        if r.candidate is not None:
            places.setdefault(r.mention.sentence, []).append(r)
    dated: dict[int, list[TimeExpression]] = {}
    for t in sorted(times, key=lambda t: t.start):
        dated.setdefault(t.sentence, []).append(t)
    titled: dict[str, list[tuple[bool, str, ActorMention]]] = {}
    for a in actors:
        first = next((m for m in a.mentions if m.article_id == article.id), None)
        if a.kind != "person" or first is None:
            continue
        for title in a.titles:
            word = title.split()[-1].lower() if title.split() else ""
            if len(word.rstrip(".")) > 1:
                titled.setdefault(word.rstrip("."), []).append((word.endswith("."), a.id, first))
    return _Context(article, mentions, [m[0] for m in mentions], places, dated, titled=titled,
                    focus=_focus(resolutions), nation=_nation(resolutions),
                    place_starts={i: [r.mention.start for r in rs] for i, rs in places.items()},
                    time_starts={i: [t.start for t in ts] for i, ts in dated.items()})


def _focus(resolutions: Sequence[Resolution]) -> tuple[str, ...]:
    """Return the place an article is about: its most told place below country level.

    News tells events where the story is; a sentence that names no place ("The gunman fled")
    happens there. Countries and larger areas are left out: an article about Pakistan's
    floods names the province where each event is.
    """
    tally: dict[str, tuple[int, int]] = {}
    for r in resolutions:
        c = r.candidate
        if c is None or c.kind in ("country", "continent") or not c.countrycode:
            continue  # (nor a region of several countries: "the European Union")
        n, first = tally.get(c.id, (0, r.mention.start))
        tally[c.id] = (n + 1, min(first, r.mention.start))
    if not tally:
        return ()
    best = min(tally.items(), key=lambda kv: (-kv[1][0], kv[1][1]))
    return (best[0],)


def _nation(resolutions: Sequence[Resolution]) -> tuple[str, str] | None:
    """Return the country an article names most, counting the places inside it."""
    tally: dict[str, int] = {}
    ids: dict[str, str] = {}
    for r in resolutions:
        c = r.candidate
        if c is None or not c.countrycode:
            continue
        tally[c.countrycode] = tally.get(c.countrycode, 0) + 1
        if c.kind == "country":
            ids[c.countrycode] = c.id
    ranked = sorted(tally, key=lambda cc: (-tally[cc], cc))
    return (ids[ranked[0]], ranked[0]) if ranked and ranked[0] in ids else None


def _span(doc: Doc, sent: Sentence, start: int, end: int) -> Span | None:
    return doc.char_span(start - sent.start, end - sent.start, alignment_mode="expand")


def _row(word: Token, verb: Token, context: frozenset[str] = frozenset()) -> Trigger | None:
    """Return the lexicon row a word fires, if its arguments (or the article) fit one."""
    pos = "VERB" if word.pos_ == "VERB" else "NOUN" if word.pos_ in ("NOUN", "PROPN") else None
    if pos is None:
        return None
    rows = triggers().get((word.lemma_.lower(), pos)) or triggers().get((word.lower_, pos))
    if not rows:
        return None
    if any(c.dep_ == "prt" and f"{word.lemma_.lower()} {c.lower_}" in word_class("phrasal_non")
           for c in word.children):
        return None  # "the hysteria had died down": a panic ended, no one died
    if pos == "NOUN" and word.i > 0 and (word.pos_ == "PROPN" or word.is_title) and not (
            word.nbor(1).pos_ == "PROPN" if word.i + 1 < len(word.doc) else False):
        return None  # a capitalised noun inside a name: "Government of National Accord"
    args: set[str] | None = None
    # What a participle describes rules a reading out too: "a report released by the
    # federation" releases no one.
    described = {word.head.lemma_.lower()} if word.dep_ == "acl" else set()
    for row in rows:
        if row.requires is None:
            return row
        if args is None:
            args = set()
            for t in clauses.arguments(word, verb):
                args.add(t.lemma_.lower())
                if t.pos_ == "PROPN":
                    args.add("PROPN")
        fits = bool(word_class(row.requires) & args) or (
            not row.forbids and row.requires in context)
        if fits != row.forbids and not any(word_class(u) & (args | described)
                                           for u in row.unless):
            return row
    return None


def _count(token: Token) -> int | None:
    text = token.lower_
    if _DIGITS.match(text):
        value = int(text.replace(",", ""))
    elif text in _NUMBER_WORDS:
        value = _NUMBER_WORDS[text]
    else:
        return None
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if nxt is not None and nxt.lower_ in _SCALE:
        value *= _SCALE[nxt.lower_]
    return value if 0 < value < 10**9 and not (1900 <= value <= 2100 and "," not in text) \
        else None


def _counts(doc: Doc) -> dict[str, int]:
    """Numbers of dead, injured and people the sentence gives ("at least 180 people dead")."""
    dead, injured = word_class("dead"), word_class("injured")
    out: dict[str, int] = {}
    for tok in doc:
        value = _count(tok)
        if value is None:
            continue
        noun = tok.head
        # The nearest word of death or injury decides: in "killing 42 people and injuring
        # more than 300", 300 is injured, though "killing" heads its clause too.
        kind = None
        for near in ({c.lemma_.lower() for c in tok.children},
                     {noun.lemma_.lower(), *(c.lemma_.lower() for c in noun.children)},
                     {noun.head.lemma_.lower()}):
            kind = "dead" if near & dead else "injured" if near & injured else None
            if kind:
                break
        if kind is None and noun.lemma_.lower() in word_class("people") | word_class("troops"):
            kind = "people"
        if kind and value > out.get(kind, 0):
            out[kind] = value
    return out


@dataclass
class _Found:
    word: Token
    verb: Token
    row: Trigger


def _modifier(word: Token) -> bool:
    """Whether an event noun only qualifies another noun, telling no event of its own.

    "fire extinguishers", "flood fighting effort" (a compound); "charges of assault",
    "served six years for assault" (the object of a preposition of a noun that is no event),
    "a warrant for his arrest" (what a legal instrument is for): what the other noun is
    about, not a happening.
    """
    if word.pos_ not in ("NOUN", "PROPN"):
        return False
    if word.dep_ == "compound":
        return True
    if clauses.measured(word):
        return False  # "three days of fighting", "a series of disturbances"
    head = word.head
    if word.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according":
        return True  # "according to the SOS release": a source of the news, no happening
    if word.dep_ == "pobj" and head.lower_ == "in" and head.head.lemma_.lower() in word_class(
            "lull"):
        return True  # "a lull in the fighting": a pause of it, no happening
    if word.dep_ == "pobj" and head.lower_ == "in" and head.head.lemma_.lower() in word_class(
            "case_roles"):
        return True  # "a suspect in a murder", "a witness in the trial": who, not what
    if word.dep_ == "pobj" and head.lower_ == "for" and (
            head.head.lemma_.lower() in word_class("legal_instrument")):
        return True  # "a warrant for his arrest": the warrant is the event, the arrest to come
    if word.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in _TOPIC_PREPS:
        owner = head.head
        if owner.lemma_.lower() in word_class("scene") or owner.lemma_.lower() in word_class(
                "event_part"):
            return False  # "the scene of the rape", "at the end of a meeting in Juba"
        return owner.pos_ in ("NOUN", "PROPN") and not any(
            triggers().get((owner.lemma_.lower(), pos)) for pos in ("NOUN", "VERB"))
    return False


def _triggers(doc: Doc, context: frozenset[str] = frozenset()) -> list[_Found]:
    found = []
    for word in doc:
        verb = clauses.anchor(word)
        row = _row(word, verb, context)
        if row is not None and not _modifier(word):
            found.append(_Found(word, verb, row))
    verbs = {(f.word.i, f.row.family) for f in found}
    # A noun told by a verb that is itself an event of its family is the verb's event.
    found = [f for f in found if f.verb == f.word or (f.verb.i, f.row.family) not in verbs]
    toll = word_class("dead") | word_class("injured")
    if "sport" in context and not any(t.lemma_.lower() in toll for t in doc):
        # A game's words, not a fight's or a journey's: "improve his side's attack",
        # "rallied from a ten-point deficit", "their ninth trip to the State Tournament".
        found = [f for f in found if f.word.lemma_.lower() not in word_class("sport_jargon")]
    # What an event is held for is no other event of its family: "scheduled a meeting …
    # to discuss inspections", "a meeting to discuss aid" are one meeting.
    found = [f for f in found if not _purpose_of_kin(f, found)]
    # A death or an injury told with its cause is the cause's toll, not an event of its own:
    # "two officers died when the SWAT team stormed", "the quake struck, killing 42".
    causes = [f for f in found if f.row.family in ("ATTACK", "DISASTER")
              and f.word.lemma_.lower() not in toll]
    return [f for f in found if f.word.lemma_.lower() not in toll
            or not any(_caused_by(f, c) for c in causes)]


def _framed_by(word: Token) -> Token | None:
    """Return the verb of a clause an event noun frames ("in a phone call, X told …").

    The noun stands in a phrase of time or setting of the verb: "in"/"during" it, or "at the
    end of" it.
    """
    if word.dep_ != "pobj":
        return None
    prep = word.head
    if prep.lower_ == "of" and prep.head.lemma_.lower() in word_class("event_part") and (
            prep.head.dep_ == "pobj"):
        prep = prep.head.head  # "at the end of a meeting"
    elif prep.lower_ not in ("in", "during"):
        return None
    return prep.head if prep.head.pos_ in ("VERB", "AUX") else None


def _purpose_of_kin(f: _Found, found: list[_Found]) -> bool:
    """Whether ``f`` is told as the purpose of another event of its family."""
    word = f.word
    if word.pos_ != "VERB" or word.dep_ not in ("advcl", "acl") or not any(
            c.dep_ == "aux" and c.lower_ == "to" for c in word.children):
        return False
    held = word.head
    return any(g is not f and g.row.family == f.row.family and (
        g.word == held or (g.word.head == held and g.word.dep_ in ("dobj", "nsubjpass")))
        for g in found)


def _caused_by(toll: _Found, cause: _Found) -> bool:
    """Whether a death or injury clause is told with its cause beside it."""
    a, b = toll.verb, cause.verb
    if a == b:
        return cause.word.dep_ == "pobj" and cause.word.head.head == a  # "killed in a crash"
    # (not one told as before or after the other: "the rampage happened weeks after a man
    # killed 10 people" is another killing)
    return (b.head == a and b.dep_ == "advcl" and not _elsewhen(b)) or (
        a.head == b and a.dep_ in ("advcl", "conj") and not _elsewhen(a))


def _elsewhen(clause: Token) -> bool:
    """Whether a clause is told as before, after or since another ("weeks after a man…")."""
    return any(c.dep_ == "mark" and c.lower_ in _ELSEWHEN - {"because"}
               for c in clause.children)


def _asked_for(word: Token) -> Token | None:
    """Return the appeal or call an event is asked for by ("an appeal for donations")."""
    if word.dep_ != "pobj" or word.head.lower_ != "for":
        return None
    owner = word.head.head
    return owner if owner.lemma_.lower() in word_class("propose") else None


def _object_of(token: Token, preps: frozenset[str]) -> bool:
    """Whether a word is (a conjunct of) the object of one of these prepositions."""
    while token.dep_ == "conj" and token.head != token:
        token = token.head
    return token.dep_ == "pobj" and token.head.lower_ in preps


_FROM = frozenset({"from"})
# Words naming the parties of talks and pacts: "with Panama", "between the DRC and Angola".
_PARTIES = frozenset({"with", "between", "among"})


def _affiliation(token: Token, word: Token,
                 within: Callable[[Token, Token], bool] = lambda _, __: False) -> bool:
    """Whether a place word modifies another noun ("U.S. troops"), not the event's place.

    A place the parser hangs on the larger place that qualifies it ("Cox's Bazar,
    Bangladesh", read as one modifying the other; ``within`` tells) is a place all the same.
    """
    here = token
    while here.dep_ == "conj" and here.head != here:
        here = here.head
    if here.dep_ in ("compound", "poss", "nmod") and within(here, here.head):
        return False
    while here.dep_ == "amod" and here.head.pos_ == "ADJ" and here.head.dep_ == "amod":
        here = here.head  # "Israeli-Egyptian peace": both words name the peace
    owner = here.head.head
    if here.dep_ == "pobj" and owner != word and owner.lemma_.lower() not in _PLACE_WORDS and (
            (here.head.lower_ == "from" and owner.pos_ in ("NOUN", "PROPN"))
            or (here.head.lower_ == "of" and (
                owner.pos_ == "PROPN" or owner.lemma_.lower() in word_class("origin")))):
        # "a former militia commander from the Central African Republic", "Cpl. Anthony
        # Williams, 21, of Pennsylvania", "a native of Mexico": where a person is from
        return True
    if here.dep_ == "pobj" and here.head.lower_ == "with" and \
            owner.lemma_.lower() in word_class("border_words"):
        return True  # "fighting near the border with Georgia": on this side of it
    if here.dep_ == "poss" and here.head.lemma_.lower() == "history":
        return False  # "the worst mass shooting in Alabama's history" was in Alabama
    return (here.dep_ in ("compound", "amod", "poss", "nmod") and here.head != word
            and here.head.pos_ in ("NOUN", "PROPN")
            and here.head.lemma_.lower() not in _PLACE_WORDS
            and here.head.lower_ not in PLACE_MODIFIED)  # "in the Cox's Bazar camps"


def _who(ctx: _Context, sent: Sentence, token: Token, *, doer: bool = False
         ) -> tuple[str, str, ActorMention] | None:
    """Return the actor a word names: a known one, the person a pronoun stands for, a group.

    A common noun names a group when it is a noun of people or bodies ("police", "rebels")
    or, with ``doer``, any noun doing the event that is no thing or hazard ("a teen killed",
    "students stacked sandbags"); a noun with a name beside it is that name ("the president
    of Bulgaria, Georgi Parvanov", "a man identified as Giorgi Bolashvili").
    """
    for named, person in _named_as(token):
        found = _who(ctx, sent, named, doer=doer)
        if found is not None and (found[1] == "person" or not person):
            return found
    start = sent.start + token.idx
    if ctx.place_at(sent.index, start) is not None:
        return None  # a place ("visited the Darién Gap"); a country acts through _country
    if ctx.time_at(sent.index, start) is not None or token.lower_ in _CALENDAR:
        return None  # a date ("on March 3"; "on Wednesday" where no publication date says which)
    if token.lemma_.lower() in word_class("hazard") | word_class("disease"):
        return None  # "Volcano erupts", "a regional AIDS conference": a hazard is no actor
    if token.pos_ == "PRON":
        if token.lower_ in ("he", "she", "him", "her"):
            # Whom the actor extractor found it stands for (the previous sentence's subject,
            # a title's gender), else the person named last.
            held = ctx.actor_at(start, start + len(token))
            if held is not None and held[1] == "person" and held[2].start == start:
                return held
            before = ctx.person_before(start, sent.index)
            if before:
                aid, m = before
                return aid, "person", m
        return None
    if token.pos_ == "NOUN" and token.lemma_.lower() in word_class("agent_nouns"):
        # "soldiers of the South Sudan People's Defence Forces", "agents of Mexico's National
        # Migration Institute": the body they serve acts.
        body = next((g for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                     for g in c.children if g.dep_ == "pobj" and g.pos_ == "PROPN"), None)
        if body is not None and (found := _who(ctx, sent, body, doer=doer)) is not None \
                and found[1] != "person":
            return found
    if token.lemma_.lower() in _SCALE or token.lemma_.lower() in word_class("collective"):
        # "thousands of migrants", "a busload of activists": the people are the noun after
        # "of".
        of = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
              for g in c.children if g.dep_ == "pobj"]
        if of:
            return _who(ctx, sent, of[0])
    # The modifiers before the noun, and theirs: "a UNHCR assessment team", "230 Minnesota
    # National Guard troops" (the body's name hangs on the first modifier).
    words = [token]
    for w in words:
        if len(words) < 8:
            words += [c for c in w.lefts if c.dep_ in ("compound", "amod", "nmod", "poss")
                      and c.i >= token.i - 4]
    words += [c for c in token.rights if c.dep_ in ("flat", "compound")]
    lo, hi = min(w.idx for w in words), max(w.idx + len(w) for w in words)
    hit = ctx.actor_at(sent.start + token.idx, sent.start + token.idx + len(token)) or \
        ctx.actor_at(sent.start + lo, sent.start + hi)
    if hit:
        return hit
    lemma = token.lemma_.lower()
    if lemma in word_class("vehicle"):
        carried = clauses.carried(token)
        if carried is not None and (found := _who(ctx, sent, carried, doer=doer)) is not None:
            return found  # "a boat carrying 150 refugees landed": the refugees land
        # "police buses blocked protesters", "army helicopters rescued": the owner acts.
        owner = next((c for c in token.lefts if c.dep_ in ("compound", "amod")
                      and c.lemma_.lower() in word_class("agent_nouns")), None)
        if owner is None and any(c.dep_ == "poss" and c.lower_ in ("its", "their")
                                 for c in token.children):
            owner = _said_by(token.head)  # "the army said its aircraft carried out strikes"
        return _who(ctx, sent, owner, doer=doer) if owner is not None else None
    if token.pos_ == "NOUN" and lemma in PERSON_TITLES and (
            bearer := ctx.titled_one(lemma)) is not None:
        return bearer  # "a federal judge has dismissed…" where one judge is named
    if token.like_num or _count(token) is not None or not (
            token.pos_ == "PROPN" or (token.pos_ == "NOUN" and (
                lemma in word_class("agent_nouns") or (doer and _may_act(token))))):
        return None  # only names and nouns of people or bodies act: not "the incident"
    # A name the parser split at its hyphens is one name: "Abdel Fattah al-Burhan".
    # (a few joins at most: a hostile run of "a-a-a-…" must not be walked once per word)
    for _ in range(_MOST_HYPHENS):
        if (joined := _HYPHENED_AFTER.match(sent.text, hi)) is None:
            break
        hi = joined.end()
    for _ in range(_MOST_HYPHENS):
        if not (lo >= 2 and sent.text[lo - 1] == "-" and sent.text[lo - 2].isalnum()):
            break
        lo -= 2
        while lo > 0 and sent.text[lo - 1].isalnum():
            lo -= 1
    name = sent.text[lo:hi].strip()
    key = re.sub(r"\W+", "-", name.lower()).strip("-")
    if not key or len(name) > 80:
        return None  # (nothing to name: a hyphen, a quote mark)
    return (f"group:{key}", "group",
            ActorMention(ctx.article.id, sent.start + lo, sent.start + hi, name, sent.index))


def _named_as(token: Token) -> Iterator[tuple[Token, bool]]:
    """Yield the names a common noun is given beside it, each with whether it must be a person's.

    "the president, Georgi Parvanov", "a man identified as Giorgi Bolashvili", "the
    commander of U.S. Southern Command, Army Gen. Laura Richardson" (where the parser hangs
    the name on the organisation).
    """
    if token.pos_ != "NOUN" and token.lower_ not in PERSON_TITLES:
        return  # (a title the tagger calls a name: "Russia's President, Dmitry Medvedev")
    for c in token.children:
        if c.dep_ == "appos" and c.pos_ == "PROPN":
            yield c, False
        elif c.dep_ == "acl" and c.lemma_.lower() in ("identify", "name", "call"):
            for g in c.children:
                if g.dep_ in ("oprd", "attr", "dobj") and g.pos_ == "PROPN":
                    yield g, False
                elif g.dep_ == "prep" and g.lower_ == "as":
                    yield from ((p, False) for p in g.children if p.pos_ == "PROPN")
        elif c.dep_ == "prep" and c.lower_ == "of":
            yield from ((a, True) for g in c.children if g.dep_ == "pobj"
                        for a in g.children if a.dep_ == "appos" and a.pos_ == "PROPN")


def _may_act(token: Token) -> bool:
    """Whether a common noun names people who may do an event ("students", "a teen")."""
    lemma = token.lemma_.lower()
    return lemma not in word_class("vehicle") and any(
        lemma in word_class(c) for c in _PEOPLE_CLASSES)


def _verb_of(token: Token) -> Token | None:
    """Return the first verb above a word (a date's verb), if any."""
    here = token
    for _ in range(8):
        if here.head == here:
            return None
        # (not a clause it stands before: "Friday, the day before the stop ended")
        here = here.head.head if clauses.before_its_mark(here) else here.head
        if here.pos_ in ("VERB", "AUX"):
            return here
    return None


def _forward(when: TimeExpression, published: dt.date) -> dt.date:
    """Return the next such day or month for an expression told of the future.

    Dates are resolved towards the past ("Friday" in news is most often the Friday gone);
    in a clause of the future they mean the next one: "will sign the deal on Friday",
    "talks are scheduled for April".
    """
    text = when.text.lower()
    if _ANY_YEAR.search(text) or any(w in text for w in ("last", "yesterday", "ago")):
        return when.date
    if when.precision == "day" and any(d.lower() in text for d in WEEKDAYS):
        return when.date + dt.timedelta(days=7)
    if when.precision == "month":
        try:
            return when.date.replace(year=when.date.year + 1)
        except ValueError:
            return when.date
    return when.date


def _told_before(word: Token) -> bool:
    """Whether a noun sets the time by an event told before ("during the visit")."""
    return word.dep_ == "pobj" and word.head.lower_ in _WHEN_PREPS and _determined(word)


def _determined(word: Token) -> bool:
    """Whether a noun is made definite by a determiner or possessive ("the", "his")."""
    return any(c.dep_ in ("det", "poss") and c.lower_ in _BACK_REFERENCE for c in word.children)


def _said_by(verb: Token) -> Token | None:
    """Return who says or denies the clause a pronoun stands in ("X denied that it …")."""
    here = verb
    for _ in range(5):  # '"I'm pleased to announce that I will travel …," Bush said'
        if here.dep_ not in ("ccomp", "xcomp", "acomp") or here.head == here:
            return None
        here = here.head
        subject = next((c for c in here.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.pos_ != "PRON":
            return subject
    return None


def _clause_dates(verb: Token, sentence_times: list[tuple[TimeExpression, Token]],
                  owned: dict[int, list[tuple[TimeExpression, Token]]]) -> list[TimeExpression]:
    """Return the dates of the clauses an event's clause belongs to, no event's own.

    "As of Saturday, police had shut down eight events and arrested 20 people": the date
    stands on "shut", which tells no event; the arrest shares its clause. Climbs through
    coordination and complements, never past a reporting verb (its date is when it was said).
    """
    taken = {id(t) for ts in owned.values() for t, _ in ts}
    free = [(t, _verb_of(tok) if tok.pos_ not in ("VERB", "AUX") else tok)
            for t, tok in sentence_times if id(t) not in taken]
    if not free:
        return []
    reporting = word_class("reporting")
    here = verb
    for _ in range(4):
        found = [t for t, v in free if v is not None and v == here]
        if found:
            return found
        if here.dep_ not in ("conj", "xcomp", "advcl", "ccomp") or here.head == here or \
                here.head.lemma_.lower() in reporting or (here.dep_ == "advcl" and any(
                    c.dep_ == "mark" and c.lower_ in _ELSEWHEN for c in here.children)):
            # (a clause told as before or after another has a time of its own: "got it
            # Friday, the day before the stop ended in gunfire")
            return []
        here = here.head
    return []


def _reporting_verb(verb: Token) -> Token | None:
    """Return the reporting verb a clause is said by ("Canada will not send …, Blair said")."""
    reporting = word_class("reporting")
    here = verb
    for _ in range(6):
        if here.head == here:
            return None
        here = here.head
        if here.lemma_.lower() in reporting:
            return here
    return None


def _reporter(verb: Token) -> list[Token]:
    """Return who reports a clause: "X said …", "according to X"."""
    reporting = word_class("reporting")
    here = verb
    for _ in range(6):
        for c in here.children:
            if c.dep_ == "prep" and c.lower_ == "according":
                return [g for p in c.children for g in ([p] if p.dep_ == "pobj" else
                                                        list(p.children))
                        if g.dep_ == "pobj"]
        if here.head == here:
            return []
        if here.lemma_.lower() in reporting and here != verb:
            return [c for c in here.children if c.dep_ == "nsubj"]
        here = here.head
        if here.lemma_.lower() in reporting:
            return [c for c in here.children if c.dep_ == "nsubj"]
    return []


def _event(ctx: _Context, sent: Sentence, doc: Doc, found: _Found, anchors: set[int],
           owned_places: dict[int, list[tuple[Resolution, Token]]],
           owned_times: dict[int, list[tuple[TimeExpression, Token]]],
           counts: dict[str, int], sentence_times: list[tuple[TimeExpression, Token]]
           ) -> list[Event]:
    word, verb, row = found.word, found.verb, found.row
    if clauses.told_as_unreal(verb) or (
            verb.dep_ == "xcomp" and clauses.told_as_unreal(verb.head)):
        return []  # "if the amendment passes", "before more people could be killed"
    if word.pos_ == "NOUN" and _of_any(word):
        return []  # a kind, not a happening: "any rally held after sunset is illegal"
    if verb == word and verb.tag_ == "VBN" and verb.dep_ in ("advcl", "acl", "conj") and any(
            c.dep_ == "aux" and c.lower_ == "having" for c in verb.children):
        return []  # background to the clause it hangs on: "on probation, having been sentenced"
    if verb == word and verb.dep_ in ("relcl", "acl") and _of_any(
            verb.head, _ANY | {"all"}) and not any(
            t.i in {c.i for c in verb.subtree} for _, t in sentence_times):
        # "to honor all of the international agreements that have been signed" (not "all
        # the protesters arrested on Sunday": a dated clause tells of one time)
        return []
    if word.pos_ == "NOUN" and word.dep_ == "dobj" and (
            word.head.lemma_.lower() in word_class("avert") | word_class("stance")) and (
            not _determined(word)):
        # "vaccinated to stop a major outbreak", "to prevent future deaths", "youth oppose
        # violence": a kind of event prevented or judged, none that happened
        return []
    if word.pos_ == "NOUN" and not _determined(word) and any(
            c.dep_ == "amod" and c.lemma_.lower() in word_class("background")
            for c in word.children):
        return []  # a record, not an event of the story: "prior arrests", "a prior conviction"
    if row.family in ("ATTACK", "DISASTER") and any(
            c.dep_ == "prep" and c.lower_ == "since" and any(
            g.dep_ == "pobj" and _YEAR.match(g.text) for g in c.children)
            for c in (*word.children, *verb.children)):
        # A toll over years is a tally, not a happening: "28,000 soldiers have been killed
        # since 2015" (but "detained since 2019" tells of an arrest).
        return []
    if row.family in ("ATTACK", "DISASTER", "MIGRATION") and _perfect(verb) and any(
            t.precision == "year" for i in (word.i, verb.i) for t, _ in owned_times.get(i, [])):
        return []  # a tally too: "more than 30,000 people have reached the Canaries this year"
    if row.family == "VISIT" and word.pos_ == "VERB" and any(
            c.lower_ in word_class("heading") for c in word.children) and not any(
            c.dep_ == "prep" and c.lower_ in ("to", "into") for c in word.children):
        return []  # a car "traveling west on Haverford" drives a road, it visits no one
    hit = ctx.actor_at(sent.start + word.idx, sent.start + word.idx + len(word))
    if hit is not None and hit[1] == "person":
        return []  # a person's name: "Flood uses Lincoln portrayer", "Storm said"
    stands = word.head.head if clauses.measured(word) else word  # "days of fighting ended"
    agents, patients = clauses.subjects(verb) if word.pos_ == "VERB" or (
        verb != word and verb.lemma_.lower() in word_class("light")
        and stands.dep_ not in ("nsubj", "nsubjpass")) else ([], [])
    # A noun event takes its verb's subject only through a light verb ("held talks"): not
    # "an earthquake struck" (the event is the subject), not "to slow down migration".
    if word.pos_ in ("NOUN", "PROPN"):
        owners = [c for c in word.children if c.dep_ in ("poss", "compound")
                  and c.pos_ == "PROPN"]
        if row.family in ("ARREST", "LEGAL") and not any(
                c.dep_ == "prep" and c.lower_ == "of" for c in word.children):
            # "a warrant for Mixon's arrest", "Smith's trial": whose arrest or trial it is
            # undergoes it (but "Angola's expulsion of Congolese" is done by Angola).
            patients += [c for c in owners if c.dep_ == "poss"]
            owners = [c for c in owners if c.dep_ != "poss"]
        agents += owners
        agents += [g for c in word.children if c.dep_ == "prep" and c.lower_ == "by"
                   for g in c.children if g.dep_ == "pobj"]
        if not agents and row.family not in ("MIGRATION", "VISIT"):
            # "protests from residents", "aid from Japan", "drew protests from residents":
            # where a noun event comes from is who makes it (an exodus from a country
            # leaves it).
            holders = [word, verb] if word.dep_ == "dobj" and verb != word else [word]
            agents += [g for h in holders for c in h.children
                       if c.dep_ == "prep" and c.lower_ == "from"
                       for g in c.children if g.dep_ == "pobj"]
        if not agents:
            # "a gun battle between the army and drug hitmen", "talks among the parties":
            # the sides of a noun event are its doers.
            agents += [g for c in word.children if c.dep_ == "prep"
                       and c.lower_ in ("between", "among") for g in c.children
                       if g.dep_ == "pobj"]
            agents += [x for g in agents for x in g.conjuncts]
    if not agents and row.family == "MEET" and (speaking := _framed_by(word)) is not None:
        # "In a phone call, Peres told Mubarak …", "the commission warned …, at the end of a
        # meeting in Juba": who speaks in talks takes part in them.
        agents = clauses.subjects(speaking)[0]
        if speaking.dep_ == "ccomp":  # "… warned that delays threatened X, at the end of …"
            agents += clauses.subjects(speaking.head)[0]
    if not agents and (giver := clauses.sanctioned_by(word) or _asked_for(word)) is not None:
        # "Medvedev gave his go-ahead to signing the treaties", "the committee launched an
        # appeal for donations": who approves or asks for it is who has it done.
        approver = giver if giver.pos_ in ("VERB", "AUX") else clauses.anchor(giver)
        agents = clauses.subjects(approver)[0]
    if not agents and row.family in _MOVED_ACT:
        agents, patients = patients, []  # "the army was dispatched": the army goes
    agents += [m for a in agents if (m := _member_of(a)) is not None]
    others = clauses.objects(verb, word) + patients
    parts: list[Participant] = []
    used_as_actor: set[int] = set()
    home: list[str] = []  # the countries that act ("Libya has freed six nurses")
    if any(t.lower_ == "they" for t in agents) and ctx.last_agents and \
            ctx.last_agents[0] >= sent.index - 1:
        # "… traveled to Panama, when they signed": the doers of the event just told.
        parts.extend(Participant(a, "agent") for a in ctx.last_agents[1])
    taken: list[tuple[int, int]] = []  # the spans of the actors found so far
    named_by: dict[str, str] = {}  # an agent's id: its name as written here
    for tokens, role in ((agents, "agent"), (others, "counterpart"),
                         (_reporter(verb), "reporter")):
        for t in tokens:
            if role == "agent" and t.lower_ in ("i", "we"):
                t = _said_by(verb) or t  # '"Laura and I will travel to Africa," Bush said'
            if role == "agent" and t.lower_ == "it":
                # "Saudi Arabia denied that it had sent troops" (not "the official said they
                # are not considering": a plural "they" is seldom who speaks).
                t = _said_by(verb) or t
            base = t
            while base.dep_ == "conj" and base.head != base:
                base = base.head
            partner = role == "counterpart" and base.head.dep_ == "prep"
            if partner:
                used_as_actor.add(t.i)  # "with Panama", "between the DRC and Angola": parties
            hit = _who(ctx, sent, t, doer=role == "agent") or (
                _country(ctx, sent, t) if role != "counterpart"
                                         or partner else None)
            if hit is None:
                continue
            aid, kind, mention = hit
            if role == "agent":
                named_by.setdefault(aid, mention.text)
            if kind == "group" and any(s <= mention.start and mention.end <= e
                                       for s, e in taken):
                continue  # "al-Burhan" of "Abdel Fattah al-Burhan", split by the parser
            taken.append((mention.start, mention.end))
            if kind == "group" and (role == "reporter" or (
                    role == "counterpart" and row.family in ("DEPLOY", "AID"))):
                continue  # "officials said"; the troops or aid sent: no party of their own
            used_as_actor.add(t.i)
            if kind in ("country", "group"):
                # A body named by a place ("Texas sued") takes the place's own name.
                named = ctx.place_at(sent.index, sent.start + t.idx)
                name = (_country_name(ctx, sent, t) if kind == "country" else
                        named.candidate.name if named is not None and named.candidate
                        is not None else mention.text)
                ctx.acting.append((aid, name, mention))
                if kind == "country" and role == "agent" and named is not None and \
                        named.candidate is not None and named.candidate.kind == "country":
                    home.append(named.candidate.id)
            parts.extend(Participant(a, role)  # type: ignore[arg-type]
                         for a in (ctx.sharing(mention) if kind == "person" else [aid]) or [aid])
    participants = tuple(dict.fromkeys(parts))
    # Places: what the clause governs, else its coordinated head's, else the sentence's.
    mine = [(r, t) for i in dict.fromkeys((word.i, verb.i)) for r, t in owned_places.get(i, [])
            if t.i not in used_as_actor]
    if not mine and verb.dep_ == "conj":
        # Not the head's doer: "the EU offered aid, and von der Leyen spoke by phone".
        mine = [(r, t) for r, t in owned_places.get(verb.head.i, [])
                if t.dep_ != "nsubj" and not _object_of(t, _FROM)]
    if not mine and verb.dep_ == "relcl":
        # A clause about a place happens there: "from Sindh province, where the flood is
        # expected to reach", "a transfer to Virginia, where he will stand trial".
        words = [t for t in (verb.head, *verb.head.children)
                 if t == verb.head or t.dep_ == "compound"]
        mine = [(held, t) for t in words
                if (held := ctx.place_at(sent.index, sent.start + t.idx)) is not None][:1]
    if not mine and (verb.dep_ == "relcl" or (verb.dep_ == "advcl" and not any(
            c.dep_ == "mark" and c.lower_ in _ELSEWHEN for c in verb.children))):
        # "traveled to Panama in April, when they signed": a clause telling when another
        # event happened happened where it did (not one told as before, after or because
        # of it: "return to Sudan after a peace deal ended the war").
        here = verb.head
        for _ in range(3):
            if owned_places.get(here.i) or here.head == here:
                # (not its doer: "South Africa sent helicopters to rescue people")
                mine = [(r, t) for r, t in owned_places.get(here.i, [])
                        if t.i not in used_as_actor]
                break
            here = here.head
    if row.family in ("MEET", "AGREE"):
        # "signing of two treaties with Abkhazia and South Ossetia", "talks between Rabat and
        # Algiers": the parties of talks and pacts are no places of them.
        mine = [(r, t) for r, t in mine if not _object_of(t, _PARTIES)]
    if not mine:
        # "women going to Gaza to deliver aid and meet with NGOs": a purpose or coordinated
        # clause happens where the motion it hangs on goes.
        mine = _head_places(ctx, sent, verb, used_as_actor)
    to_event = row.family == "VISIT" and any(
        g.i in anchors for c in verb.children if c.dep_ == "prep" and c.lower_ in ("to", "for")
        for g in c.children if g.dep_ == "pobj")
    if not mine and to_event:
        # "came to yesterday's ceremony in Boscawen": a visit to an event goes where it is.
        mine = [(r, t) for c in verb.children if c.dep_ == "prep" and c.lower_ in ("to", "for")
                for g in c.children if g.dep_ == "pobj" and g.i in anchors
                for r, t in owned_places.get(g.i, []) if t.i not in used_as_actor]
    if not mine:
        # Where the whole sentence is set: "In Britain, the committee has coordinated relief
        # and launched an appeal".
        mine = [(r, t) for r, t in owned_places.get(_SCENE, []) if t.i not in used_as_actor]
    if row.family in ("AID", "DEPLOY") and mine:
        # Aid and troops go to where they are sent, not where they are sent from: "medicine,
        # some of which is being sent from Khartoum" is not aid to Khartoum.
        mine = [p for p in mine if not _object_of(p[1], _FROM)]
    came_from = False  # the text names only where a visitor came from ("flew in from Nairobi")
    if row.family == "VISIT" and mine:
        # A visit goes to its destination and the places listed with it ("traveled to
        # Honduras, El Salvador and Canada"), not to where the visitor came from.
        there = [p for p in mine if not _object_of(p[1], _FROM)]
        came_from = not there
        to = [p for p in there if p[1].head.lower_ in ("to", "in", "at", "into")
              or p[1].dep_ == "dobj"]  # "visited Mbanza Congo in northern Angola"
        lead = (to or there)[0][1] if there else None
        listed = {lead.i, *(c.i for c in lead.conjuncts)} if lead is not None else set()
        mine = [p for p in mine if p[1].i in listed]
    place_ids = tuple(dict.fromkeys(r.candidate.id for r, _ in mine if r.candidate))
    told_here = row.family not in _PLACED_BY_TEXT
    if elsewhere := _elsewhere(word, verb):
        # "convicted of a minor charge in another state": somewhere the text leaves unnamed,
        # so neither the story's place, nor its country, nor where it is told from
        place_ids, told_here = (), False
    if not place_ids and told_here and row.family == "AID" and ctx.nation and _from_abroad(
            [p.actor_id for p in participants if p.role == "agent"], named_by, ctx.nation[1]):
        # Aid from abroad with no place named goes to the country the story is about
        # ("Malaysia decided to contribute US$1 million", "the U.S. government pledged 10
        # million dollars"), not to one of its towns.
        place_ids = (ctx.nation[0],)
    if not place_ids and told_here and home and row.family in _DONE_AT_HOME:
        # A state frees, tries, arrests in its own land: "Libya has freed six nurses".
        place_ids = (home[0],)
    if not place_ids and not elsewhere:
        # "a thousand people in the state have died": the state the article named last
        place_ids = _the_place_named(ctx, sent, word, verb)
    if not place_ids and (told_here or came_from or to_event):
        # (one who "came to yesterday's ceremony" came to the story's own event)
        # Where the story is told from (measured on the dev gold: better than the place of
        # the event told just before, which is often one of several or another clause's).
        place_ids = ctx.focus  # (a visitor who "flew in from Nairobi" came to the story)
    agent_ids = [p.actor_id for p in participants if p.role == "agent"]
    if agent_ids:
        ctx.last_agents = (sent.index, tuple(agent_ids))
    dates = [t for i in dict.fromkeys((word.i, verb.i)) for t, _ in owned_times.get(i, [])]
    if not dates and verb.dep_ == "conj":
        dates = [t for t, _ in owned_times.get(verb.head.i, [])]
    if not dates:
        # "killed three officers and wounded a fourth in two shootings Saturday": a date
        # closing coordinated clauses dates them all.
        # (not a clause of its own: "was shot last week … and was jailed Tuesday")
        dates = [t for c in verb.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")
                 and not any(g.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass")
                             for g in c.children)
                 for t, tok in owned_times.get(c.i, []) if tok.i > c.i]
    if not dates:
        # "came to yesterday's ceremony", "an agreement reached at Monday's talks": what is
        # done at or for another event is done when it is.
        at = ("to", "for", "at", "during") if row.family == "VISIT" else ("at", "during")
        dates = [t for c in verb.children if c.dep_ == "prep" and c.lower_ in at
                 for g in c.children if g.dep_ == "pobj" and g.i in anchors
                 for t, _ in owned_times.get(g.i, [])]
    if not dates and verb.dep_ in ("relcl", "advcl"):
        # "in April, when they signed": the clause describes the date itself.
        dates = [t for ts in owned_times.values() for t, tok in ts if tok.i == verb.head.i]
    if not dates and verb.dep_ == "advcl" and (verb.tag_ == "VBG" or any(
            c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)):
        # "tore through forests on Sunday, forcing the evacuation of 3,000": a result told
        # as a participle happens when its cause did; "will travel to Surabaya on Friday
        # to meet business leaders": a purpose, when its journey does.
        dates = [t for t, _ in owned_times.get(verb.head.i, [])] or [
            t for t, tok in sentence_times if _verb_of(tok) == verb.head]
    if not dates and word.dep_ == "dobj" and word.head == verb:
        # "The first eruption, on April 16, forced the evacuation of hundreds": what an
        # event brought about happened when it did.
        dates = [t for c in verb.children if c.dep_ == "nsubj" and c.i in anchors
                 for t, _ in owned_times.get(c.i, [])]
    if not dates:
        dates = _clause_dates(verb, sentence_times, owned_times)
    when = dates[0] if dates else None
    published = ctx.article.published
    future = bool(when and published and when.date > published)
    modality = clauses.modality(word, verb, future=future)
    if row.family == "DISASTER" and modality in ("planned", "proposed"):
        modality = "uncertain"  # nobody plans a flood: "the flood is expected to reach"
    if when is None and modality in ("denied", "proposed"):
        # A denial or proposal is made when it is said ("…, Blair said on Wednesday"), not
        # when a paper reports it ("NBC News reported on Tuesday that …").
        said = _reporting_verb(verb)
        if said is not None and said.lemma_.lower() not in word_class("publishing"):
            when = next((t for t, tok in sentence_times if _verb_of(tok) == said), None)
    if not place_ids and not any(p.role != "reporter" for p in participants) and not (
            row.family == "AGREE" and not _determined(word)):
        # Neither where nor who: too little to map or to tell. A new pact is the exception:
        # it is a fact of the story even told bare ("a peace deal ended the war", "the
        # treaties Moscow plans to sign"), listed in the story's events and drawn nowhere
        # ("the accord would end the dispute" refers back to one told before).
        return []
    if not mine and not dates and word.pos_ == "NOUN" and verb != word and _told_before(word) \
            and not any(p.role == "agent" for p in participants):
        return []  # "During the visit, …": an event told before, nothing new of its own
    day = when.date if when else None
    precision = when.precision if when else None
    if when and published and modality == "planned" and when.date < published:
        day = _forward(when, published)  # "will meet on Friday": the coming Friday
        if day < published and _ANY_YEAR.search(when.text):
            # A date told with its past year is no plan: "is scheduled to die for the fatal
            # stabbing in Akron on Sept. 9, 1997" tells a stabbing that was.
            modality = "occurred"
    if day is None and published and modality in ("occurred", "planned") and (
            word == verb or verb.lemma_.lower() in word_class("light")) and _under_way(verb):
        day, precision = published, "day"  # "activists are paying visits": on the day told
    code, label = row.code, row.label
    if modality == "occurred" and code in REALISED:
        code, label = REALISED[code]
    fits = {"dead", "injured"} if row.family in ("ATTACK", "DISASTER") else {"people"} \
        if row.family in ("MIGRATION", "ARREST", "PROTEST", "DEPLOY", "AID") else set()
    tally = {k: v for k, v in counts.items() if k in fits}
    return [Event(
        id=event_id(code, modality, where, agent_ids, day),
        code=code, label=label, modality=modality, participants=participants,
        place_ids=where, date=day, date_precision=precision,
        evidence=(_evidence(ctx, sent, word),),
        trigger=word.text, family=row.family, dead=tally.get("dead"),
        injured=tally.get("injured"), people=tally.get("people"),
        apart=elsewhere or (not where and _indefinite(word)))
        for where in [place_ids]]


# A place told by its kind with "the" ("in the state") is the place of that kind named last.
_KIND_OF_NOUN = {"state": ("admin1",), "province": ("admin1", "region"), "country": ("country",),
                 "city": ("city",), "town": ("city", "village"), "county": ("admin2",),
                 "district": ("admin2",)}


def _the_place_named(ctx: _Context, sent: Sentence, word: Token, verb: Token
                     ) -> tuple[str, ...]:
    """Return the place "in the state" or "across the country" refers back to, if any."""
    # (on the event's word, its verb, or who undergoes it: "people in the state have died")
    heads = dict.fromkeys((word, verb, *(c for c in verb.children
                                         if c.dep_ in ("nsubj", "nsubjpass"))))
    kinds = next((_KIND_OF_NOUN[g.lemma_.lower()] for h in heads
                  for c in h.children if c.dep_ == "prep"
                  and c.lower_ in ("in", "across", "throughout", "around")
                  for g in c.children if g.dep_ == "pobj" and g.lemma_.lower() in _KIND_OF_NOUN
                  and g.tag_ == "NN"  # (one place: "in the countries" names two)
                  and any(d.lower_ == "the" for d in g.children)
                  and not any(d.dep_ in ("prep", "compound", "amod") for d in g.children)),
                 None)
    if kinds is None:
        return ()
    start = sent.start + word.idx
    for index in range(sent.index, max(-1, sent.index - 8), -1):
        named = [r for r in ctx.places.get(index, []) if r.candidate is not None
                 and r.candidate.kind in kinds and r.mention.start < start]
        if named:
            return (named[-1].candidate.id,)  # type: ignore[union-attr]
    return ()


def _qualified_by(places: dict[int, Candidate], inner: Token, outer: Token) -> bool:
    """Whether the place at ``inner`` is a town of the country or state at ``outer``."""
    a, b = places.get(inner.i), places.get(outer.i)
    return a is not None and b is not None and b.kind in ("country", "admin1") and (
        a.countrycode == b.countrycode and a.kind in ("city", "village", "admin2"))


def _indefinite(word: Token) -> bool:
    """Whether an event noun is told as a new one ("a peace deal"), not as one told before."""
    return word.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in ("a", "an")
                                       for c in word.children)


def _elsewhere(word: Token, verb: Token) -> bool:
    """Whether a clause puts its event in a place it leaves unnamed ("in another state").

    "Smith was arrested and convicted of a minor charge in another state": coordinated
    clauses share it.
    """
    if not _ANOTHER.search(word.doc.text):
        return False  # (most sentences: no need to walk the parse)
    clause = {verb.i, *(c.i for c in verb.conjuncts if c.pos_ in ("VERB", "AUX"))}
    for g in word.doc:
        if g.dep_ != "pobj" or g.head.lower_ not in ("in", "at", "from") or not (
                g.lemma_.lower() in _PLACE_WORDS or g.lemma_.lower() == "jurisdiction"):
            continue
        if any((d.dep_ == "det" and d.lower_ == "another")
               or (d.dep_ == "amod" and d.lower_ in ("other", "different"))
               for d in g.children) and ((v := _verb_of(g)) is not None and v.i in clause):
            return True
    return False


def _member_of(group: Token) -> Token | None:
    """Return who is said to be part of a group that acts ("Walker is part of a group of women").

    The group is its doer; the one named as part of it does it too.
    """
    here = group
    for _ in range(4):
        if here.dep_ != "pobj" or here.head.dep_ != "prep" or here.head.lower_ != "of":
            return None
        here = here.head.head
        if here.dep_ == "attr" and here.lemma_.lower() in word_class("membership"):
            copula = here.head
            return next((c for c in copula.children if c.dep_ == "nsubj"), None)
    return None


def _of_any(noun: Token, quantifiers: frozenset[str] = _ANY) -> bool:
    """Whether a noun names a kind, not one thing: "any rally", "all of the agreements"."""
    if any(c.dep_ in ("det", "predet") and c.lower_ in quantifiers for c in noun.children):
        return True
    head = noun.head
    return noun.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in quantifiers


def _from_abroad(agents: list[str], named_by: dict[str, str], nation: str) -> bool:
    """Whether an event's doers come from outside the country a story is about.

    A country other than it ("Malaysia"), a body named by one ("the U.S. Army", "Japanese
    donors") or one called foreign ("many foreign governments"); none of the country itself.
    """
    homes = set()
    for aid in agents:
        name = named_by.get(aid, "")
        home = aid.split(":", 1)[1] if aid.startswith("country:") else country_in_name(name)
        if home is None and {w.lower() for w in name.split()} & word_class("abroad"):
            home = ""  # some other country
        if home is not None:
            homes.add(home)
    return bool(homes) and nation not in homes


def _perfect(verb: Token) -> bool:
    """Whether a clause is in the present perfect ("have reached", "has been killed")."""
    return verb.tag_ == "VBN" and any(
        c.dep_ == "aux" and c.lower_ in ("have", "has", "'ve", "'s") for c in verb.children)


def _under_way(verb: Token) -> bool:
    """Whether a clause tells its event as going on now ("activists are paying visits").

    A present progressive, or a clause hanging on one or on a present tense ("a group of
    women going to Gaza to deliver aid"): news tells the day it is written.
    """
    here = verb
    for _ in range(4):
        if here.dep_ == "relcl":
            return False  # "Wang, who is visiting Moscow": background, not the news told
        aux = {c.lower_ for c in here.children if c.dep_ == "aux"}
        if here.tag_ == "VBG" and aux & {"is", "are", "am", "'s", "'re"}:
            return True
        if here.tag_ == "VBG" and here.dep_ == "acl":  # "women going to Gaza", told now
            root = next(t for t in here.sent if t.head == t)
            return root.tag_ in ("VBZ", "VBP")
        if here.dep_ not in ("advcl", "conj") or here.head.pos_ not in ("VERB", "AUX"):
            return False  # not "are hoping to beef up": the hope is under way, not the deed
        here = here.head
    return False


_ELSEWHEN = frozenset({"after", "before", "because", "since", "until", "although", "though",
                       "if", "unless"})
_CORE = frozenset({"nsubj", "nsubjpass", "dobj", "iobj", "dative"})
_SCENE = -1  # key of the places that set the scene of a whole sentence


def _scene(token: Token) -> bool:
    """Whether a place sets the scene of its sentence: "In Britain, …" on the main verb."""
    prep = token.head
    return (token.dep_ == "pobj" and prep.dep_ == "prep" and prep.lower_ in ("in", "at")
            and prep.head.dep_ == "ROOT" and prep.i < prep.head.i)


_WHERE_PREPS = frozenset({"to", "in", "at", "into", "inside", "near", "across", "through"})


def _head_places(ctx: _Context, sent: Sentence, verb: Token, used: set[int]
                 ) -> list[tuple[Resolution, Token]]:
    """Return the places a clause's governing verbs go to or happen in, nearest first."""
    here = verb
    for _ in range(3):
        purpose = here.dep_ == "advcl" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in here.children)
        if not (purpose or here.dep_ in ("xcomp", "conj")) or here.head == here:
            return []  # (not "return to Sudan after a peace deal ended the war")
        here = here.head
        found = []
        for prep in here.children:
            if prep.dep_ != "prep" or prep.lower_ not in _WHERE_PREPS:
                continue
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                for t in (obj, *obj.conjuncts):
                    r = ctx.place_at(sent.index, sent.start + t.idx)
                    if r is not None and r.candidate is not None and t.i not in used:
                        found.append((r, t))
        if found:
            return found
    return []


def _country(ctx: _Context, sent: Sentence, token: Token) -> tuple[str, str, ActorMention] | None:
    """Return the country a word names, as an actor ("Canada will not send troops").

    A union of states or a state that is the subject of the clause acts as a body of its
    own ("the European Union offered assistance", "Texas sued"); a town does not (a parse
    that makes "Wabag" the subject of "killed" is wrong).
    """
    r = ctx.place_at(sent.index, sent.start + token.idx)
    if r is None or r.candidate is None:
        return None
    c, m = r.candidate, r.mention
    if c.kind == "country" and c.countrycode:
        return (f"country:{c.countrycode}", "country",
                ActorMention(ctx.article.id, m.start, m.end, m.text, m.sentence))
    if token.dep_ == "nsubj" and c.countrycode and ctx.is_capital(c.id):
        # A capital that does something speaks for its government: "Moscow plans to sign",
        # "Washington sent troops".
        return (f"country:{c.countrycode}", "country",
                ActorMention(ctx.article.id, m.start, m.end, m.text, m.sentence))
    if token.dep_ == "nsubj" and c.kind in ("region", "admin1"):
        key = re.sub(r"\W+", "-", c.name.lower()).strip("-")
        return f"group:{key}", "group", ActorMention(
            ctx.article.id, m.start, m.end, m.text, m.sentence)  # the words as written
    return None


def _country_name(ctx: _Context, sent: Sentence, token: Token) -> str:
    r = ctx.place_at(sent.index, sent.start + token.idx)
    if r is None or r.candidate is None:
        return token.text
    if r.candidate.kind != "country":  # a capital for its country: the country's name
        return next((x.candidate.name for rs in ctx.places.values() for x in rs
                     if x.candidate is not None and x.candidate.kind == "country"
                     and x.candidate.countrycode == r.candidate.countrycode),
                    r.candidate.name)
    return r.candidate.name


def _evidence(ctx: _Context, unit: Sentence, word: Token) -> Evidence:
    """Return the whole sentence an event was read in, quoted around its trigger."""
    sent = ctx.whole.get(unit.index, unit)
    at = unit.start - sent.start + word.idx
    return Evidence(ctx.article.id, sent.index, sent.start, sent.end,
                    excerpt(sent.text, at, at + len(word)))


def _units(sent: Sentence, held: frozenset[str] = frozenset()) -> list[Sentence]:
    """Return the stretches of a sentence to parse.

    All of it, without its dateline; or, for a sentence too long to parse, a window around
    each event word (a 100 KB run-on sentence still tells its events; the parser's cost
    stays bounded).
    """
    sent = _without_dateline(sent)
    if len(sent.text) <= MAX_PARSE_CHARS:
        return [sent]
    half = MAX_PARSE_CHARS // 2 - 50
    windows: list[tuple[int, int]] = []
    for at in event_word_offsets(sent.text, held):
        lo, hi = max(0, at - half), min(len(sent.text), at + half)
        if windows and lo <= windows[-1][1] and hi - windows[-1][0] <= MAX_PARSE_CHARS:
            windows[-1] = (windows[-1][0], hi)  # a nearby event word: the same window grows
        elif len(windows) < _MAX_WINDOWS:
            windows.append((max(lo, windows[-1][1]) if windows else lo, hi))
        else:
            break
    out = []
    for lo, hi in windows:
        # Start and end on word boundaries.
        while lo > 0 and not sent.text[lo - 1].isspace() and lo < hi:
            lo += 1
        while hi < len(sent.text) and not sent.text[hi].isspace() and hi > lo:
            hi -= 1
        if hi > lo:
            out.append(Sentence(sent.index, sent.start + lo, sent.start + hi, sent.text[lo:hi]))
    return out


def _without_dateline(sent: Sentence) -> Sentence:
    """Return the sentence without the dateline that opens a story ("MALATYA, Türkiye — ").

    The parser would take the town for the subject of the first clause.
    """
    m = _DATELINE.match(sent.text[:_DATELINE_CHARS])  # a dateline is short: bounded work
    if m is None:
        return sent
    return Sentence(sent.index, sent.start + m.end(), sent.end, sent.text[m.end():])


def extract_events(article: Article, sentences: list[Sentence],
                   resolutions: Sequence[Resolution], actors: Sequence[Actor],
                   times: Sequence[TimeExpression],
                   is_capital: Callable[[str], bool] | None = None,
                   ) -> tuple[list[Event], list[tuple[str, str, ActorMention]]]:
    """Return the events of one article, one per trigger.

    Parameters
    ----------
    article, sentences
        The article and its sentences.
    resolutions
        Its resolved toponym mentions.
    actors
        The story's actors (their mentions in this article are used).
    times
        Its date expressions.

    Returns
    -------
    events : list of Event
        In text order; each holds one sentence as its evidence.
    acting : list of (str, str, ActorMention)
        Id ("country:CA", "group:police"), name and mention of each country or group that
        takes part in an event, for the story to join into actors.
    """
    ctx = _context(article, resolutions, actors, times)
    if is_capital is not None:
        ctx.is_capital = is_capital
    held = article_classes(article.text)
    todo = [s for s in sentences if article.section_at(s.start) not in
            ("related-link", "boilerplate") and may_hold_event(_without_dateline(s).text, held)]
    ctx.whole = {s.index: s for s in todo}
    todo = [unit for s in todo for unit in _units(s, held)]
    reporting = word_class("reporting")
    events: list[Event] = []
    retold: set[int] = set()  # the events told by a definite noun ("the raid")
    for sent, doc in zip(todo, parse([s.text for s in todo]), strict=True):
        if doc is None:
            continue
        found = _triggers(doc, held)
        if not found:
            continue
        anchors = {f.word.i for f in found} | {f.verb.i for f in found}
        moving = any(f.row.family == "MIGRATION" for f in found)
        owned_places: dict[int, list[tuple[Resolution, Token]]] = {}
        whole = ctx.whole.get(sent.index, sent)
        dateline: list[Resolution] = []
        spans = {id(r): _span(doc, sent, r.mention.start, r.mention.end)
                 for r in ctx.places.get(sent.index, []) if sent.start <= r.mention.start}
        within = partial(_qualified_by, {
            sp.root.i: r.candidate for r in ctx.places.get(sent.index, [])
            if (sp := spans.get(id(r))) is not None and r.candidate is not None})
        for r in ctx.places.get(sent.index, []):
            if whole.start <= r.mention.start < sent.start:
                dateline.append(r)
                continue
            span = spans.get(id(r))
            if span is None or (any(_affiliation(span.root, f.word, within) for f in found)
                                and not (moving and _object_of(span.root, _FROM))):
                continue  # "U.S. troops", "a commander from the CAR" (but "the evacuation
                # of residents from Varnavas": where people move from is a place of it)
            owner = clauses.governs(span.root, anchors)
            stands_on = _verb_of(span.root)
            if owner is None and len(found) == 1 and span.root.dep_ not in _CORE and (
                    stands_on is None or (stands_on.lemma_.lower() not in reporting
                                          and stands_on.dep_ != "relcl")):
                # A sentence of one event: a place on a clause beside it is its place
                # ("line up to take a boat after crossing the Gap, in Bajo Chiquito"), but
                # not the subject or object of another verb ("Romania deployed 40
                # firefighters, and Turkey offered two helicopters"), nor where it was said
                # ("…, the police chief told reporters in Reykjavik"), nor what describes
                # someone ("returns of nationals who no longer feel welcome in the DRC").
                owner = clauses.nearest(span.root, anchors, most=4)
            if owner is None and _scene(span.root):
                owner = _SCENE  # "In Britain, the committee … launched an appeal"
            if owner is not None:
                owned_places.setdefault(owner, []).append((r, span.root))
        root = next((t for t in doc if t.head == t), None)
        if dateline and root is not None:
            # The dateline's town: where the lead clause's event happened, unless the clause
            # says where.
            owner = root.i if root.i in anchors else clauses.nearest(root, anchors, most=2)
            # The clause says where through its own event noun too ("fighting in Dagestan
            # ended"), not through one it is about ("dismissed claims over a raid in X").
            told = {owner} | {f.word.i for f in found if f.verb.i == owner and (
                f.word.dep_ in ("nsubj", "nsubjpass") or clauses.measured(f.word))}
            if owner is not None and not told & owned_places.keys():
                owned_places[owner] = [(r, root) for r in dateline]
        owned_times: dict[int, list[tuple[TimeExpression, Token]]] = {}
        sentence_times = []
        for t in ctx.times.get(sent.index, []):
            span = _span(doc, sent, t.start, t.end)
            if span is None:
                continue
            sentence_times.append((t, span.root))
            if (owner := clauses.governs(span.root, anchors)) is not None:
                owned_times.setdefault(owner, []).append((t, span.root))
        counts = _counts(doc)
        for f in found:
            made = _event(ctx, sent, doc, f, anchors, owned_places, owned_times, counts,
                          sentence_times)
            if _refers_back(f.word):
                retold.update(id(e) for e in made)
            events.extend(made)
    events = _placed_by_visits(_without_retellings(events, retold))
    return _without_headline_repeats(article, sentences, events), list(dict.fromkeys(ctx.acting))


def _placed_by_visits(events: list[Event]) -> list[Event]:
    """Place talks told without a place where their doer is visiting.

    "Gen. Cartwright will meet with President Saakashvili" in a story of his visit to Gori:
    the talks are held where the one visitor goes, if the article sends him to one place.
    """
    where: dict[tuple[str, str], set[tuple[tuple[str, ...], dt.date | None]]] = {}
    for e in events:
        if e.family == "VISIT" and e.place_ids:
            for p in e.participants:
                if p.role == "agent":
                    where.setdefault((p.actor_id, e.modality), set()).add((e.place_ids, e.date))
    if not where:
        return events
    out = []
    for e in events:
        if e.family in ("MEET", "AGREE") and not e.place_ids:
            # A visit told as done for talks told as done, a planned one for planned talks;
            # not one on another day ("in a phone call last week" is not on Monday's visit).
            visits = {places for p in e.participants if p.role == "agent"
                      for places, day in where.get((p.actor_id, e.modality), ())
                      if day is None or e.date is None or day == e.date}
            if len(visits) == 1:
                e = replace(e, place_ids=next(iter(visits)))
        out.append(e)
    return out


def _word_key(e: Event) -> str:
    """Return the stem an event's word shares with its inflections ("raided", "raid")."""
    return e.trigger.lower()[:4]


def _refers_back(word: Token) -> bool:
    """Whether an event noun names a happening as already known ("the raid", "that deal").

    Not where what follows the noun says which ("the expulsion of Congolese from Angola",
    "the attack that killed five"): that is a first telling.
    """
    return word.pos_ == "NOUN" and _determined(word) and not any(
        (c.dep_ == "prep" and c.lower_ == "of") or c.dep_ == "acl"
        or (c.dep_ == "relcl" and c.doc[c.left_edge.i - 1].text != ",")
        for c in word.rights)


def _without_retellings(events: list[Event], retold: set[int]) -> list[Event]:
    """Fold "the raid", "this deployment" into the happening of that kind told before.

    A definite event noun refers back to an event the article has already told ("Immigration
    agents raided the plant … The raid followed a 10-month investigation"): it is one
    happening (of that code, or told by the same word), so its sentence becomes more
    evidence of the first telling. Without an earlier telling of that kind, or with a place
    of its own the first telling lacks, it stands.
    """
    out: list[Event] = []
    # The first tellings of each code and each word, so a long article is not searched
    # whole for every "the attack" (a few are enough: the one referred to comes first).
    told: dict[tuple[str, str], list[int]] = {}
    for e in events:
        keys = (("code", e.code), ("word", _word_key(e)))
        at = next((n for key in keys for n in told.get(key, ())
                   if set(e.place_ids) <= set(out[n].place_ids)), None) if id(e) in retold \
            else None
        if at is None:
            for key in keys:
                if len(found := told.setdefault(key, [])) < _RETOLD_CANDIDATES:
                    found.append(len(out))
            out.append(e)
        else:
            out[at] = replace(out[at], evidence=out[at].evidence + tuple(
                v for v in e.evidence if v not in out[at].evidence))
    return out


def _without_headline_repeats(article: Article, sentences: Sequence[Sentence],
                              events: list[Event]) -> list[Event]:
    """Fold the headline's tellings into the body's tellings of the same happening.

    A headline repeats the story's lead in a few words ("Oakland officer shot by parolee",
    "Japan flies relief supplies to Bangladesh") with few of its places or dates: the
    body's first telling of that kind sharing an actor, a place or the event word is the
    event, and takes the headline's participants and quote. A headline the body does not
    repeat keeps its event ("Senior U.S. Official Visits Georgia").
    """
    if not article.title or not sentences:
        return events
    def bare(text: str) -> str:
        return re.sub(r"\W+", " ", text).strip().casefold()

    head = sentences[0]
    if not bare(head.text).startswith(bare(article.title)) or not bare(article.title):
        return events
    def in_body(e: Event) -> bool:
        return any(ev.sentence != head.index for ev in e.evidence)

    def shares(a: Event, b: Event) -> bool:
        # The same happening: an actor, a place or the event word in common ("Obama
        # visits Japan" is not the body's visit of someone else to somewhere else).
        return bool({p.actor_id for p in a.participants} & {p.actor_id for p in b.participants}
                    or set(a.place_ids) & set(b.place_ids)
                    or _word_key(a) == _word_key(b))

    out: list[Event | None] = list(events)
    for n, e in enumerate(events):
        if in_body(e):
            continue
        at = next((m for m, b in enumerate(events) if in_body(b) and b.family == e.family
                   and b.modality == e.modality and shares(e, b)), None)
        told = out[at] if at is not None else None
        if told is None or at is None:
            continue
        held = {p.actor_id for p in told.participants}
        out[at] = replace(told, participants=told.participants + tuple(
            p for p in e.participants if p.actor_id not in held),
            evidence=e.evidence + told.evidence)
        out[n] = None
    return [e for e in out if e is not None]

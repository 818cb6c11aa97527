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
  affiliations ("U.S. troops") or as doers ("Canada sent"); a visit goes to its first
  destination; a clause without a place takes its coordinated head's, then the nearest
  place of the sentence no other event claims;
- the **date** is the date expression the clause governs (or its coordinated head's);
- the **modality** comes from negation, modals, and the verbs above it (see
  :func:`geomap.extract.clauses.modality`); an event dated after publication is planned;
- **counts** of dead, injured and people come from numbers in the sentence.

Sentences in related-story links and web furniture hold no events. The same event told in
several sentences or articles is joined later, by :func:`geomap.merge.merge_events`.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from ..model import (
    Actor,
    ActorMention,
    Article,
    Event,
    Evidence,
    Participant,
    Resolution,
    Sentence,
    TimeExpression,
    excerpt,
)
from . import clauses
from .eventlex import Trigger, may_hold_event, triggers, word_class
from .parse import parse

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["REALISED", "event_id", "extract_events", "family_of", "told_apart_by_agents"]

# An intent that the sentence reports done takes the code of the deed (CAMEO 0332 → 072).
REALISED = {"0332": ("072", "Provide military aid")}
# Kinds of event told apart by who does them: two people's visits to one place on one day
# are two visits; two tellings of an earthquake at one place are one.
_BY_AGENTS = frozenset({"VISIT", "MEET"})
_PLACE_WORDS = frozenset({"city", "town", "village", "province", "state", "region", "county",
                          "capital", "district", "area", "country", "border", "island"})
_NUMBER_WORDS = {w: i for i, w in enumerate([
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty"])}
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
    last_place: tuple[int, tuple[str, ...]] | None = None  # sentence, place ids
    last_agents: tuple[int, tuple[str, ...]] | None = None  # sentence, actor ids

    def actor_at(self, start: int, end: int) -> tuple[str, str, ActorMention] | None:
        """Return the actor mention overlapping ``[start, end)``, if any."""
        i = bisect.bisect_right(self.starts, end - 1) - 1
        while i >= 0 and self.mentions[i][1] > start - 200:
            s, e, aid, kind, m = self.mentions[i]
            if s < end and start < e:
                return aid, kind, m
            i -= 1
        return None

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
    for t in times:
        dated.setdefault(t.sentence, []).append(t)
    return _Context(article, mentions, [m[0] for m in mentions], places, dated)


def _span(doc: Doc, sent: Sentence, start: int, end: int) -> Span | None:
    return doc.char_span(start - sent.start, end - sent.start, alignment_mode="expand")


def _row(word: Token, verb: Token) -> Trigger | None:
    """Return the lexicon row a word fires, if its arguments fit one."""
    pos = "VERB" if word.pos_ == "VERB" else "NOUN" if word.pos_ in ("NOUN", "PROPN") else None
    if pos is None:
        return None
    rows = triggers().get((word.lemma_.lower(), pos)) or triggers().get((word.lower_, pos))
    if not rows:
        return None
    if pos == "NOUN" and word.i > 0 and (word.pos_ == "PROPN" or word.is_title) and not (
            word.nbor(1).pos_ == "PROPN" if word.i + 1 < len(word.doc) else False):
        return None  # a capitalised noun inside a name: "Government of National Accord"
    args: set[str] | None = None
    for row in rows:
        if row.requires is None:
            return row
        if args is None:
            args = set()
            for t in clauses.arguments(word, verb):
                args.add(t.lemma_.lower())
                if t.pos_ == "PROPN":
                    args.add("PROPN")
        fits = bool(word_class(row.requires) & args)
        if fits != row.forbids:
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
        near = {noun.lemma_.lower(), noun.head.lemma_.lower(),
                *(c.lemma_.lower() for c in noun.children)}
        kind = ("dead" if near & dead else "injured" if near & injured else
                "people" if noun.lemma_.lower() in word_class("people") | word_class("troops")
                else None)
        if kind and value > out.get(kind, 0):
            out[kind] = value
    return out


@dataclass
class _Found:
    word: Token
    verb: Token
    row: Trigger


def _triggers(doc: Doc) -> list[_Found]:
    found = []
    for word in doc:
        verb = clauses.anchor(word)
        row = _row(word, verb)
        if row is not None:
            found.append(_Found(word, verb, row))
    verbs = {(f.word.i, f.row.family) for f in found}
    # A noun told by a verb that is itself an event of its family is the verb's event.
    return [f for f in found if f.verb == f.word or (f.verb.i, f.row.family) not in verbs]


def _affiliation(token: Token, word: Token) -> bool:
    """Whether a place word modifies another noun ("U.S. troops"), not the event's place."""
    here = token
    while here.dep_ == "conj" and here.head != here:
        here = here.head
    return (here.dep_ in ("compound", "amod", "poss", "nmod") and here.head != word
            and here.head.pos_ in ("NOUN", "PROPN")
            and here.head.lemma_.lower() not in _PLACE_WORDS)


def _who(ctx: _Context, sent: Sentence, token: Token) -> tuple[str, str, ActorMention] | None:
    """Return the actor a word names: a known one, the person a pronoun stands for, a group."""
    start = sent.start + token.idx
    if any(r.mention.start <= start < r.mention.end for r in ctx.places.get(sent.index, [])):
        return None  # a place ("visited the Darién Gap"); a country acts through _country
    if any(t.start <= start < t.end for t in ctx.times.get(sent.index, [])):
        return None  # a date ("on March 3")
    if token.pos_ == "PRON":
        if token.lower_ in ("he", "she", "him", "her"):
            found = ctx.person_before(start, sent.index)
            if found:
                aid, m = found
                return aid, "person", m
        return None
    if token.lemma_.lower() in _SCALE or token.lemma_.lower() in ("dozen", "number", "group"):
        # "thousands of migrants": the people are the noun after "of".
        of = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
              for g in c.children if g.dep_ == "pobj"]
        if of:
            return _who(ctx, sent, of[0])
    words = [c for c in token.lefts if c.dep_ in ("compound", "amod", "nmod", "poss")
             and c.i >= token.i - 4] + [token]
    words += [c for c in token.rights if c.dep_ in ("flat", "compound")]
    lo, hi = min(w.idx for w in words), max(w.idx + len(w) for w in words)
    hit = ctx.actor_at(sent.start + token.idx, sent.start + token.idx + len(token)) or \
        ctx.actor_at(sent.start + lo, sent.start + hi)
    if hit:
        return hit
    if token.like_num or _count(token) is not None or not (
            token.pos_ == "PROPN" or (token.pos_ == "NOUN"
                                      and token.lemma_.lower() in word_class("agent_nouns"))):
        return None  # only names and nouns of people or bodies act: not "the incident"
    name = sent.text[lo:hi].strip()
    if not name or len(name) > 80:
        return None
    key = re.sub(r"\W+", "-", name.lower()).strip("-")
    return (f"group:{key}", "group",
            ActorMention(ctx.article.id, sent.start + lo, sent.start + hi, name, sent.index))


def _verb_of(token: Token) -> Token | None:
    """Return the first verb above a word (a date's verb), if any."""
    here = token
    for _ in range(8):
        if here.head == here:
            return None
        here = here.head
        if here.pos_ in ("VERB", "AUX"):
            return here
    return None


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
           ) -> Event | None:
    word, verb, row = found.word, found.verb, found.row
    agents, patients = clauses.subjects(verb) if word.pos_ == "VERB" or (
        verb != word and verb.lemma_.lower() in word_class("light")
        and word.dep_ not in ("nsubj", "nsubjpass")) else ([], [])
    # A noun event takes its verb's subject only through a light verb ("held talks"): not
    # "an earthquake struck" (the event is the subject), not "to slow down migration".
    if word.pos_ in ("NOUN", "PROPN"):
        agents += [c for c in word.children if c.dep_ in ("poss", "compound")
                   and c.pos_ == "PROPN"]
        agents += [g for c in word.children if c.dep_ == "prep" and c.lower_ == "by"
                   for g in c.children if g.dep_ == "pobj"]
    others = clauses.objects(verb, word) + patients
    parts: list[Participant] = []
    used_as_actor: set[int] = set()
    if any(t.lower_ == "they" for t in agents) and ctx.last_agents and \
            ctx.last_agents[0] >= sent.index - 1:
        # "… traveled to Panama, when they signed": the doers of the event just told.
        parts.extend(Participant(a, "agent") for a in ctx.last_agents[1])
    for tokens, role in ((agents, "agent"), (others, "counterpart"),
                         (_reporter(verb), "reporter")):
        for t in tokens:
            base = t
            while base.dep_ == "conj" and base.head != base:
                base = base.head
            partner = role == "counterpart" and base.head.dep_ == "prep"
            if partner:
                used_as_actor.add(t.i)  # "with Panama", "between the DRC and Angola": parties
            hit = _who(ctx, sent, t) or (_country(ctx, sent, t) if role != "counterpart"
                                         or partner else None)
            if hit is None:
                continue
            aid, kind, mention = hit
            if kind == "group" and (role == "reporter" or (
                    role == "counterpart" and row.family in ("DEPLOY", "AID"))):
                continue  # "officials said"; the troops or aid sent: no party of their own
            used_as_actor.add(t.i)
            if kind in ("country", "group"):
                ctx.acting.append((aid, mention.text if kind == "group" else
                                   _country_name(ctx, sent, t), mention))
            parts.append(Participant(aid, role))  # type: ignore[arg-type]
    participants = tuple(dict.fromkeys(parts))
    # Places: what the clause governs, else its coordinated head's, else the sentence's.
    mine = [(r, t) for i in dict.fromkeys((word.i, verb.i)) for r, t in owned_places.get(i, [])
            if t.i not in used_as_actor]
    if not mine and verb.dep_ == "conj":
        mine = owned_places.get(verb.head.i, [])
    if row.family == "VISIT" and mine:
        to = [p for p in mine if p[1].head.lower_ in ("to", "in", "at", "into")]
        mine = (to or mine)[:1]
    place_ids = tuple(dict.fromkeys(r.candidate.id for r, _ in mine if r.candidate))
    if not place_ids and ctx.last_place and ctx.last_place[0] >= sent.index - 2:
        # The place the story is at, told by an event just before: "Floods hit Lahore on
        # Monday. The army evacuated 800 people." (measured: better than the nearest place
        # of the sentence, which most often belongs to another clause).
        place_ids = ctx.last_place[1]
    if place_ids:
        ctx.last_place = (sent.index, place_ids)
    agent_ids = [p.actor_id for p in participants if p.role == "agent"]
    if agent_ids:
        ctx.last_agents = (sent.index, tuple(agent_ids))
    dates = [t for i in dict.fromkeys((word.i, verb.i)) for t, _ in owned_times.get(i, [])]
    if not dates and verb.dep_ == "conj":
        dates = [t for t, _ in owned_times.get(verb.head.i, [])]
    if not dates and verb.dep_ in ("relcl", "advcl"):
        # "in April, when they signed": the clause describes the date itself.
        dates = [t for ts in owned_times.values() for t, tok in ts if tok.i == verb.head.i]
    when = dates[0] if dates else None
    published = ctx.article.published
    future = bool(when and published and when.date > published)
    modality = clauses.modality(word, verb, future=future)
    if when is None and modality in ("denied", "proposed"):
        # A denial or proposal is made when it is said ("…, Blair said on Wednesday"), not
        # when a paper reports it ("NBC News reported on Tuesday that …").
        said = _reporting_verb(verb)
        if said is not None and said.lemma_.lower() not in word_class("publishing"):
            when = next((t for t, tok in sentence_times if _verb_of(tok) == said), None)
    if not place_ids and not any(p.role != "reporter" for p in participants):
        return None  # neither where nor who: too little to map or to tell
    code, label = row.code, row.label
    if modality == "occurred" and code in REALISED:
        code, label = REALISED[code]
    fits = {"dead", "injured"} if row.family in ("ATTACK", "DISASTER") else {"people"} \
        if row.family in ("MIGRATION", "ARREST", "PROTEST", "DEPLOY", "AID") else set()
    tally = {k: v for k, v in counts.items() if k in fits}
    return Event(
        id=event_id(code, modality, place_ids, agent_ids, when.date if when else None),
        code=code, label=label, modality=modality, participants=participants,
        place_ids=place_ids, date=when.date if when else None,
        date_precision=when.precision if when else None,
        evidence=(Evidence(ctx.article.id, sent.index, sent.start, sent.end,
                           excerpt(sent.text, word.idx, word.idx + len(word))),),
        trigger=word.text, family=row.family, dead=tally.get("dead"),
        injured=tally.get("injured"), people=tally.get("people"))


def _country(ctx: _Context, sent: Sentence, token: Token) -> tuple[str, str, ActorMention] | None:
    """Return the country a word names, as an actor ("Canada will not send troops")."""
    at = sent.start + token.idx
    for r in ctx.places.get(sent.index, []):
        c, m = r.candidate, r.mention
        if c is not None and c.kind == "country" and c.countrycode and m.start <= at < m.end:
            return (f"country:{c.countrycode}", "country",
                    ActorMention(ctx.article.id, m.start, m.end, m.text, m.sentence))
    return None


def _country_name(ctx: _Context, sent: Sentence, token: Token) -> str:
    at = sent.start + token.idx
    for r in ctx.places.get(sent.index, []):
        if r.candidate is not None and r.mention.start <= at < r.mention.end:
            return r.candidate.name
    return token.text


def extract_events(article: Article, sentences: list[Sentence],
                   resolutions: Sequence[Resolution], actors: Sequence[Actor],
                   times: Sequence[TimeExpression]
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
    todo = [s for s in sentences if article.section_at(s.start) not in
            ("related-link", "boilerplate") and may_hold_event(s.text)]
    events: list[Event] = []
    for sent, doc in zip(todo, parse([s.text for s in todo]), strict=True):
        if doc is None:
            continue
        found = _triggers(doc)
        if not found:
            continue
        anchors = {f.word.i for f in found} | {f.verb.i for f in found}
        owned_places: dict[int, list[tuple[Resolution, Token]]] = {}
        for r in ctx.places.get(sent.index, []):
            span = _span(doc, sent, r.mention.start, r.mention.end)
            if span is None or any(_affiliation(span.root, f.word) for f in found):
                continue
            owner = clauses.governs(span.root, anchors)
            if owner is not None:
                owned_places.setdefault(owner, []).append((r, span.root))
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
            event = _event(ctx, sent, doc, f, anchors, owned_places, owned_times, counts,
                           sentence_times)
            if event is not None:
                events.append(event)
    return events, list(dict.fromkeys(ctx.acting))

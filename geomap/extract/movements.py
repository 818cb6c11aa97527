"""Movements: who moves from where, through where, to where, and how, read from the parse.

A sentence may tell a movement when it names a resolved place and a word of the movement
lexicon (``data/lexicon/movement.csv``: verbs and nouns of motion with the role their object
gives a place, prepositions of source, path and goal, conveyances); only those sentences are
parsed (:mod:`geomap.extract.parse`). In the parse:

- the **trigger** is a verb or noun of the lexicon; one whose object says it is no journey
  ("reached an agreement", "sent aid", "took power") tells none;
- **places** come from the prepositions under the trigger, followed through their chains:
  "from X" is the origin, "through/via/across X" a stop on the way, "to/into/towards/for X"
  the destination, "in/at X" too after verbs of arriving; the object takes the role the
  lexicon gives it ("reached X", "fled X", "crossed X"); a place inside the phrase counts
  ("the city of Aswan", "a camp in Chad", "the fighting in Khartoum");
- **legs**: a clause with no subject of its own that continues the movement ("before reaching
  X", "and on to X", "heading for X", "and crossed into X") or precedes it ("after crossing
  X") joins its places to the route, in that order; several destinations in a row ("to Wadi
  Halfa and on to Aswan") make a route, a list under one preposition ("to Chad and Egypt")
  gives one movement to each;
- **who** is the subject, the passive subject, or the object of a verb that moves people
  ("deported 300 migrants"), as a short phrase, with the **count** of its number; a
  vehicle carrying people ("a boat carrying 150 refugees") carries its passengers;
- **mode** from a conveyance after "by", "aboard", "on", "in" or as object or subject, else
  the trigger's own ("flew", "walked", "bused");
- the **date** and **modality** as for events (:mod:`geomap.extract.events`,
  :func:`geomap.extract.clauses.modality`), but "may" and "might" leave a movement uncertain.

Places only mentioned (where a speaker is, a dateline, "U.S. troops") take no role, and a
movement with no place at all is dropped. Sentences in related-story links and web furniture
hold none.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Literal, cast, get_args

from ..errors import DataError
from ..model import (
    Article,
    Evidence,
    Modality,
    Movement,
    MoveMode,
    Resolution,
    Sentence,
    TimeExpression,
    excerpt,
)
from . import clauses
from .eventlex import triggers, word_class
from .events import (
    _clause_dates,
    _count,
    _forward,
    _may_act,
    _named_as,
    _span,
    _units,
)
from .lexicon import _table
from .parse import lemma_candidates, parse, was_parsed

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["MoveWord", "MovementLexicon", "extract_movements", "movement_id",
           "movement_words"]

Role = Literal["origin", "via", "destination"]
_ROLES: tuple[str, ...] = get_args(Role)
_MODES: tuple[str, ...] = get_args(MoveMode)
_KINDS = ("verb", "noun", "prep", "mode")
_AT_PREPS = frozenset({"in", "at", "on"})
# Adverbs and particles a preposition of direction hangs on: "back to", "on to", "away from".
_PASS = frozenset({"back", "on", "onward", "onwards", "then", "away", "out", "down", "up",
                   "home", "later", "further"})
# Subordinators and prepositions by which a clause tells an earlier stage of the journey.
_EARLIER = frozenset({"after", "upon", "on", "following", "having", "once", "since"})
_LEG_PREPS = _EARLIER | {"before", "until", "while", "then"}
_OBJECTS = frozenset({"dobj", "oprd"})
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_MOST_WORDS = 10  # a longer "who" is cut back to its head noun and the words before it
_DEPTH = 4  # prepositional chains followed below a trigger ("by road from X to Y and on to Z")
_DROPPED = frozenset({"the", "its", "their"})  # "its troops" are the troops
_UNSURE = frozenset({"may", "might", "could"})
# Nouns that measure a journey rather than carry anyone: "walked 20 kilometres".
_MEASURES = frozenset({"km", "kilometre", "kilometer", "mile", "metre", "meter", "hour", "day",
                       "week", "month", "distance", "way", "route", "journey", "trip"})


@dataclass(frozen=True, slots=True)
class MoveWord:
    """One row of ``data/lexicon/movement.csv``.

    ``object`` is the role of a place that is a verb's object (or ``"mode"`` when its
    object is the conveyance); for a preposition, the role of the place it governs or
    ``"means"``. ``mover``: a non-place object (or passive subject) is who moves. ``at``:
    the role of a place after "in", "at" or "on". ``mode``: the mode the word tells.
    """

    word: str
    kind: str
    object: str | None
    mover: bool
    at: Role | None
    mode: MoveMode | None


@dataclass(frozen=True, slots=True)
class MovementLexicon:
    """The movement lexicon by kind.

    Verbs (a phrasal one as "set off"), nouns, the role of each preposition, and the
    conveyances by their words (the last one a lemma: "la bestia", "bus").
    """

    verbs: dict[str, MoveWord]
    nouns: dict[str, MoveWord]
    preps: dict[str, str]
    modes: dict[tuple[str, ...], MoveMode | None]
    lemmas: frozenset[str]  # of every verb and noun, for the cheap pre-check

    @property
    def means(self) -> frozenset[str]:
        """Prepositions after which a conveyance gives the mode ("by bus", "via ferry")."""
        return frozenset(w for w, role in self.preps.items() if role in ("means", "via"))


@cache
def movement_words() -> MovementLexicon:
    """Return the movement lexicon, read once from ``data/lexicon/movement.csv``.

    Raises
    ------
    DataError
        When a row names an unknown kind, role or mode.

    Examples
    --------
    >>> movement_words().verbs["reach"].object
    'destination'
    """
    verbs: dict[str, MoveWord] = {}
    nouns: dict[str, MoveWord] = {}
    preps: dict[str, str] = {}
    modes: dict[tuple[str, ...], MoveMode | None] = {}
    for row in _table("movement"):
        if None in row or None in row.values():
            raise DataError(f"movement.csv: a row has the wrong number of fields: {row}")
        word, kind = row["word"].strip().lower(), row["kind"]
        obj, at, mode = row["object"] or None, row["at"] or None, row["mode"] or None
        if kind not in _KINDS:
            raise DataError(f"movement.csv: {word}: unknown kind {kind!r}")
        if mode is not None and mode not in _MODES:
            raise DataError(f"movement.csv: {word}: unknown mode {mode!r}, one of {_MODES}")
        if at is not None and at not in _ROLES:
            raise DataError(f"movement.csv: {word}: unknown role {at!r} in 'at'")
        known = (*_ROLES, "means") if kind == "prep" else (*_ROLES, "mode")
        if obj is not None and obj not in known:
            raise DataError(f"movement.csv: {word}: unknown role {obj!r}, one of {known}")
        entry = MoveWord(word, kind, obj, row["mover"] == "yes", cast(Role | None, at),
                         cast(MoveMode | None, mode))
        if kind == "verb":
            verbs[word] = entry
        elif kind == "noun":
            nouns[word] = entry
        elif kind == "prep" and obj is not None:
            preps[word] = obj
        elif kind == "mode":
            modes[tuple(word.split())] = entry.mode
    heads = frozenset(w.split()[0] for w in verbs)  # "pull" of "pull out"
    return MovementLexicon(verbs, nouns, preps, modes, heads | frozenset(nouns))


def _may_hold_movement(text: str) -> bool:
    """Whether a sentence holds a word that may be a movement word (so it is worth parsing)."""
    lemmas = movement_words().lemmas
    return any(lemma_candidates(m.group()) & lemmas for m in _WORD.finditer(text))


def movement_id(article_id: str, sentence: int, offset: int, *more: int) -> str:
    """Return a stable id for the movement told by the trigger at ``offset`` of an article.

    Examples
    --------
    >>> movement_id("a1", 0, 12).startswith("move:")
    True
    """
    key = "|".join(map(str, (article_id, sentence, offset, *more)))
    return "move:" + hashlib.sha1(key.encode()).hexdigest()[:12]


@dataclass
class _Leg:
    """The places and mode one clause of a journey gives, in the order travelled."""

    points: list[tuple[Role, list[tuple[Token, Resolution]]]] = field(default_factory=list)
    mode: MoveMode | None = None  # named: "by bus", "aboard a cayuco"
    default: MoveMode | None = None  # told by the verb: "flew", "walked"
    blocked: bool = False  # its object says it is no journey: "reached an agreement"


@dataclass
class _Sentence:
    """What one parsed sentence offers: its places and dates by token, its triggers."""

    article: Article
    whole: Sentence
    unit: Sentence
    doc: Doc
    places: dict[int, Resolution]
    dates: list[tuple[TimeExpression, Token]]
    found: dict[int, MoveWord]


def extract_movements(article: Article, sentences: list[Sentence],
                      resolutions: Sequence[Resolution], times: Sequence[TimeExpression],
                      *, parsed_only: bool = False) -> list[Movement]:
    """Return the movements one article tells: who, from, via, to, how, when.

    Parameters
    ----------
    article, sentences
        The article and its sentences (:func:`geomap.extract.sentences.split_sentences`).
    resolutions
        Its resolved toponym mentions; the places of a movement are their candidates' ids.
    times
        Its date expressions (:func:`geomap.extract.time.extract_times`).
    parsed_only
        Read only sentences already parsed (by the event extractor, just before): the story
        pipeline's choice, so movements cost no parse of their own.

    Returns
    -------
    list of Movement
        In text order, each with its sentence as evidence; ``actor_id`` is left ``None``.

    Examples
    --------
    >>> from geomap.model import Candidate, Mention
    >>> text = "The minister flew from Ankara to Baghdad."
    >>> art = Article("a1", text)
    >>> def place(name, pid):
    ...     at = text.index(name)
    ...     return Resolution(Mention("a1", at, at + len(name), name, 0),
    ...                       Candidate(pid, name, 0, 0, "city", "XX", None, 1, "test"), 1, "")
    >>> [move] = extract_movements(art, [Sentence(0, 0, len(text), text)],
    ...                            [place("Ankara", "p:ankara"), place("Baghdad", "p:baghdad")],
    ...                            [])
    >>> move.who, move.origin_id, move.destination_id, move.mode
    ('minister', 'p:ankara', 'p:baghdad', 'plane')
    """
    places: dict[int, list[Resolution]] = {}
    for r in sorted(resolutions, key=lambda r: r.mention.start):
        if r.candidate is not None and r.mention.article_id == article.id:
            places.setdefault(r.mention.sentence, []).append(r)
    dated: dict[int, list[TimeExpression]] = {}
    for t in sorted(times, key=lambda t: t.start):
        dated.setdefault(t.sentence, []).append(t)
    todo = [s for s in sentences if s.index in places and article.section_at(s.start) not in (
        "related-link", "boilerplate") and _may_hold_movement(s.text)]
    whole = {s.index: s for s in todo}
    units = [u for s in todo for u in _units(s)
             if any(u.start <= r.mention.start and r.mention.end <= u.end
                    for r in places[s.index]) and (not parsed_only or was_parsed(u.text))]
    out: list[Movement] = []
    for unit, doc in zip(units, parse([u.text for u in units]), strict=True):
        if doc is None:
            continue
        here = _read(article, whole[unit.index], unit, doc, places[unit.index],
                     dated.get(unit.index, []))
        if here.found:
            out.extend(_movements(here))
    return out


def _read(article: Article, whole: Sentence, unit: Sentence, doc: Doc,
          places: list[Resolution], times: list[TimeExpression]) -> _Sentence:
    """Map a sentence's places and dates onto its tokens and find its movement words."""
    at: dict[int, Resolution] = {}
    for r in places:
        if unit.start <= r.mention.start and r.mention.end <= unit.end:
            span = _span(doc, unit, r.mention.start, r.mention.end)
            if span is not None:
                at.update((t.i, r) for t in span)
    dates = []
    timed: set[int] = set()
    for t in times:
        if unit.start <= t.start and t.end <= unit.end:
            span = _span(doc, unit, t.start, t.end)
            if span is not None:
                dates.append((t, span.root))
                timed.update(tok.i for tok in span)
    here = _Sentence(article, whole, unit, doc, at, dates, {})
    for tok in doc:
        if tok.i in at or tok.i in timed:
            continue  # "Return, Oregon"; "March 3"
        row = _trigger(tok)
        if row is not None:
            here.found[tok.i] = row
    return here


def _trigger(tok: Token) -> MoveWord | None:
    """Return the lexicon row a word fires as a movement word, if any."""
    lex = movement_words()
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB":
        # (the particle just after the verb or its object, whatever the parser calls it:
        # "pulled out of", "pulled its troops out of")
        phrasal = (lex.verbs.get(f"{lemma} {c.lower_}") for c in tok.children
                   if c.dep_ in ("prt", "prep", "advmod") and 0 < c.i - tok.i <= 4)
        row = next((r for r in phrasal if r is not None), None) or lex.verbs.get(
            lemma) or lex.verbs.get(tok.lower_)
        if row is None:
            return None
        if row.object == "mode" and not any(
                _mode_of(c) for c in tok.children if c.dep_ in _OBJECTS):
            return None  # "took power": only a conveyance makes "take" a journey
        if lemma in ("go", "come") and any(c.dep_ == "xcomp" for c in tok.children):
            return None  # "is going to travel", "came to see": the other verb tells it
        return row
    if tok.pos_ == "NOUN" and tok.dep_ != "compound" and not (tok.is_title and tok.i > 0):
        # (not a modifier, "flight attendants"; nor a name's word, "the Long March")
        return lex.nouns.get(lemma)
    return None


def _mode_of(tok: Token) -> tuple[MoveMode | None] | None:
    """Return the mode a conveyance names, as a 1-tuple (its mode may be ``None``), if any."""
    modes = movement_words().modes
    words = [c.lower_ for c in tok.lefts if c.dep_ in ("compound", "det")
             and c.i >= tok.i - 2] + [tok.lemma_.lower()]
    for n in range(len(words), 0, -1):
        key = tuple(words[-n:])
        if key in modes:
            return (modes[key],)
    return None


def _place_of(tok: Token, places: dict[int, Resolution], *, loose: bool) -> Resolution | None:
    """Return the resolved place a phrase names: itself, or a place inside it.

    "the capital, Kabul", "the city of Aswan", "the Tijuana shelter"; with ``loose``, a
    place the phrase is in too ("a camp in Chad", "the fighting in Khartoum").
    """
    if tok.i in places:
        return places[tok.i]
    inner = [c for c in tok.children if c.dep_ == "appos"] + [
        g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
        for g in c.children if g.dep_ == "pobj"] + [
        c for c in tok.children if c.dep_ in ("compound", "nmod", "amod")]
    if loose:
        inner += [g for c in tok.children if c.dep_ == "prep"
                  and c.lower_ in ("in", "at", "near", "outside", "around")
                  for g in c.children if g.dep_ == "pobj"]
    return next((places[t.i] for t in inner if t.i in places), None)


def _objects(tok: Token) -> list[Token]:
    return [c for c in tok.children if c.dep_ in _OBJECTS]


def _walk(head: Token, here: _Sentence, leg: _Leg, *, at: Role | None, depth: int = 0,
          inherit: str | None = None) -> None:
    """Collect the places and conveyances the prepositions under ``head`` give.

    Follows chains: "by road from Khartoum" (a preposition on the conveyance), "from Eagle
    Pass to Chicago" (on the preposition), "and on to Aswan" (on a coordinated "on").
    """
    if depth > _DEPTH:
        return
    lex = movement_words()
    preps, means = lex.preps, lex.means
    for c in head.children:
        word = c.lower_
        if c.dep_ in ("advmod", "prt") and word in _PASS:
            _walk(c, here, leg, at=None, depth=depth + 1)  # "back to Kabul"
            continue
        if not (c.dep_ in ("prep", "agent") or (c.dep_ == "conj" and c.pos_ == "ADP")):
            continue
        role = preps.get(word)
        if word == "of" and inherit is not None:
            role = inherit  # "out of Sudan"
        role_here = at if word in _AT_PREPS and at is not None else role
        if role_here is None and word not in _PASS:
            continue  # "after a trip to Asia" (a leg of its own), "with relatives from Gao"
        objs = [g for g in c.children if g.dep_ == "pobj"]
        objs += [x for g in objs for x in g.conjuncts if x.i > g.i]
        # The places under one preposition are one list ("to Chad and Egypt"); each
        # preposition of its own is the next stage ("to Wadi Halfa and on to Aswan").
        group: list[tuple[Token, Resolution]] = []
        for g in objs:
            mode = _mode_of(g) if word in means else None
            if mode is not None:
                leg.mode = leg.mode or mode[0]
            elif role_here in _ROLES and (res := _place_of(g, here.places, loose=True)):
                group.append((g, res))
            _walk(g, here, leg, at=None, depth=depth + 1)
        if group:
            _add(leg, cast(Role, role_here), group)
        _walk(c, here, leg, at=None, depth=depth + 1,
              inherit=role if word in ("out", "away") else None)


def _add(leg: _Leg, role: Role, group: list[tuple[Token, Resolution]]) -> None:
    """Add a place (or a list of them under one preposition) to a leg, once each."""
    held = {t.i for _, g in leg.points for t, _ in g}
    group = [(t, r) for t, r in group if t.i not in held]
    if group:
        leg.points.append((role, group))


def _leg(here: _Sentence, tok: Token, row: MoveWord) -> _Leg:
    """Return the places and mode one movement word's clause gives."""
    leg = _Leg(default=row.mode)
    if row.kind == "verb":
        for obj in _objects(tok):
            _object(here, tok, row, obj, leg)
        if tok.dep_ == "relcl" and row.at is not None and any(
                c.lower_ == "where" for c in tok.children) and tok.head.i in here.places:
            _add(leg, row.at, [(tok.head, here.places[tok.head.i])])  # "Tapachula, where
            # migrants arrive"
    _walk(tok, here, leg, at=row.at)
    if row.kind == "noun" and tok.dep_ == "dobj" and tok.head.i not in here.found:
        _walk(tok.head, here, leg, at=None)  # "made the trek to Mexico City"
    for vehicle in _subject_vehicles(tok):
        leg.mode = leg.mode or vehicle
    # The origin first, then the stops on the way, then where it ends, whatever the text
    # order ("reached the Canary Islands by cayuco from Nouadhibou").
    order = {"origin": 0, "via": 1, "destination": 2}
    leg.points.sort(key=lambda p: order[p[0]])
    return leg


def _object(here: _Sentence, verb: Token, row: MoveWord, obj: Token, leg: _Leg) -> None:
    """Read a verb's object: a place with the row's role, a conveyance, or who moves."""
    mode = _mode_of(obj)
    if mode is not None and row.object == "mode":
        leg.mode = leg.mode or mode[0]
        _walk(obj, here, leg, at=None, depth=1)  # "took a boat from Libya to Italy"
        return
    role = row.object if row.object in _ROLES else None
    res = _place_of(obj, here.places, loose=role == "origin")
    if res is not None:
        if role is not None:
            _add(leg, cast(Role, role), [(obj, res), *(
                (x, here.places[x.i]) for x in obj.conjuncts if x.i in here.places)][:1])
        _walk(obj, here, leg, at=None, depth=1)  # "reached Lampedusa from Libya"
        return
    measure = any(c.dep_ == "nummod" for c in obj.children) and not _people(obj)
    if measure or obj.lemma_.lower() in _MEASURES:
        return  # "walked 20 kilometres"
    if row.mover and _people(obj):
        _walk(obj, here, leg, at=None, depth=1)  # "deported migrants from Texas to Guatemala"
        return
    if role == "via" or obj.lemma_.lower() in word_class("border_words"):
        _walk(obj, here, leg, at=None, depth=1)  # "crossed the border into Mexico"
        return
    leg.blocked = True  # "reached an agreement", "sent aid", "landed a job"


def _subject_vehicles(tok: Token) -> list[MoveMode]:
    """Return the modes of the vehicles that are the clause's subject ("a boat reached")."""
    doers, undergoers = clauses.subjects(tok) if tok.pos_ == "VERB" else ([], [])
    return [m[0] for s in (*doers, *undergoers) if (m := _mode_of(s)) and m[0] is not None]


def _people(tok: Token) -> bool:
    """Whether a phrase may name people (or a body or vehicle of them) that move."""
    lemma = tok.lemma_.lower()
    return (tok.pos_ in ("PROPN", "PRON") or _may_act(tok) or _count(tok) is not None
            or lemma in word_class("collective") or lemma in word_class("people")
            or lemma in word_class("vehicle") or lemma in word_class("official")
            or lemma in ("hundred", "thousand", "million", "dozen"))


def _demonym(tok: Token, res: Resolution) -> bool:
    """Whether a place mention names a people ("300 Guatemalans"), not the place."""
    return tok.tag_ == "NNPS" and res.candidate is not None and (
        res.mention.text.casefold() != res.candidate.name.casefold())


def _not_mover(tok: Token) -> bool:
    """Whether a subject is no one who travels: a hazard, a disease, an event."""
    lemma = tok.lemma_.lower()
    if lemma in word_class("hazard") or lemma in word_class("disease"):
        return True  # "the storm moved to Florida", "the virus reached Italy"
    return tok.pos_ == "NOUN" and bool(triggers().get((lemma, "NOUN"))) and not _people(tok)


def _who(here: _Sentence, tok: Token, row: MoveWord) -> Token | Literal[False] | None:
    """Return who moves; ``None`` when the text names no one, ``False`` when it is no one."""
    if row.kind == "noun":
        return _noun_mover(here, tok)
    objects = [o for o in _objects(tok) if _mode_of(o) is None
               and o.lemma_.lower() not in _MEASURES
               and (o.i not in here.places or _demonym(o, here.places[o.i]))]
    doers, undergoers = clauses.subjects(tok)
    who: Token | None = None
    if row.mover and objects:
        if not _people(objects[0]):
            return False  # "sent aid", "moved its headquarters", "returned fire"
        who = objects[0]
    elif undergoers:
        who = undergoers[0]
        if row.mover and not _people(who):
            return False  # "the case was transferred to Texas"
    elif doers:
        who = doers[0]
    else:
        who = _controller(tok)
    if who is None:
        return None
    if _mode_of(who) is not None:
        # "a boat carrying 150 refugees", "a boat with 214 people": who it carries moves
        # with it; a plane carrying tents moves no one.
        carried = clauses.carried(who) or next(
            (g for c in who.children if c.dep_ == "prep" and c.lower_ == "with"
             for g in c.children if g.dep_ == "pobj"), None)
        if carried is not None:
            return carried if _people(carried) else False
    group = who.head.head
    if who.dep_ == "pobj" and who.head.lower_ == "of" and group.pos_ == "NOUN" and (
            group.lemma_.lower() in word_class("collective") | word_class("people")):
        who = group  # "a caravan of 3,000 people left", parsed as the people who left
    if who.lemma_.lower() in word_class("propose") | word_class("plan"):
        # "migrants' attempt to cross", parsed as the attempt crossing: who attempts
        return next((c for c in who.children if c.dep_ in ("compound", "poss")
                     and _people(c)), None)
    return False if _not_mover(who) else who


def _controller(tok: Token) -> Token | None:
    """Return the subject of the nearest clause above one that has none of its own.

    "thousands of migrants cross the stretch in the hopes of reaching the United States":
    who hopes to reach it is who crosses.
    """
    here = tok
    for _ in range(4):
        if here.head == here:
            return None
        here = here.head
        subject = next((c for c in here.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            return None if subject.lower_ in ("it", "there") else subject
    return None


def _noun_mover(here: _Sentence, noun: Token) -> Token | Literal[False] | None:
    """Return who a movement noun moves: "the evacuation of 300 people", "their journey"."""
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for g in c.children:
                if g.dep_ == "pobj" and (g.i not in here.places
                                         or _demonym(g, here.places[g.i])):
                    return g  # (a people named by their country: "the exodus of Venezuelans")
        if c.dep_ == "poss":
            return c
    verb = clauses.anchor(noun)
    if verb == noun or verb.i in here.found or noun.dep_ in ("nsubj", "nsubjpass"):
        return False  # "the journey takes weeks"; a verb of its own tells the movement
    doers = clauses.subjects(verb)[0]
    return doers[0] if doers else False


def _phrase(tok: Token) -> str:
    """Return a short noun phrase for who moves: "a caravan of 3,000 people", "US troops"."""
    for named, _ in _named_as(tok):
        return _phrase(named)  # "the minister, Hakan Fidan"
    keep: list[Token] = []

    def take(t: Token) -> None:
        keep.append(t)
        for c in t.children:
            if c.dep_ in ("relcl", "acl", "appos", "punct", "advcl", "parataxis") or (
                    c.dep_ == "prep" and c.lower_ != "of"):
                continue
            take(c)

    take(tok)
    lo, hi = min(t.i for t in keep), max(t.i for t in keep)
    words = list(tok.doc[lo:hi + 1])
    if len(words) > _MOST_WORDS:
        words = [t for t in tok.lefts if t.dep_ in ("compound", "amod", "nummod")] + [tok]
    while words and (words[0].lower_ in _DROPPED or words[0].is_punct):
        words = words[1:]
    while words and (words[-1].dep_ == "cc" or words[-1].is_punct):
        words = words[:-1]  # (a conjunct the parser hung elsewhere)
    return " ".join("".join(t.text_with_ws for t in words).split())


def _number(tok: Token) -> int | None:
    """Return the number of people a phrase gives: "more than 1,200 people" is 1200."""
    if (n := _count(tok)) is not None:
        return n  # "More than 200 crossed"
    for c in tok.children:
        if c.dep_ in ("nummod", "compound", "quantmod") and (n := _count(c)) is not None:
            return n
    lemma = tok.lemma_.lower()
    if lemma in word_class("collective") or lemma in word_class("people"):
        # "a caravan of 3,000 people", "a group of 40 migrants"
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for g in c.children:
                    if g.dep_ == "pobj" and (n := _number(g)) is not None:
                        return n
    return None


def _legs(here: _Sentence) -> dict[int, list[tuple[int, bool]]]:
    """Return, for each movement word, the clauses that continue it, with "comes before".

    "travelled from X before reaching Y", "left X on foot heading for Y", "fled X and
    crossed into Y", "after crossing X, boarded buses to Y": a movement verb with no
    subject of its own hanging on another (through a preposition or a conveyance), or a
    movement noun before or after which it happens ("after a voyage from X"), is a leg of
    the same journey.
    """
    out: dict[int, list[tuple[int, bool]]] = {}
    for i, row in here.found.items():
        tok = here.doc[i]
        if row.kind == "noun":
            prep = tok.head
            if tok.dep_ == "pobj" and prep.lower_ in _LEG_PREPS and prep.head.i in here.found \
                    and here.found[prep.head.i].kind == "verb":
                # "reached La Restinga after a voyage from Nouadhibou"
                out.setdefault(prep.head.i, []).append((i, prep.lower_ in _EARLIER))
            continue
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
            continue
        if tok.dep_ == "pcomp" and tok.head.lower_ in _LEG_PREPS:
            first = tok.head.lower_ in _EARLIER
        elif tok.dep_ in ("advcl", "acl", "conj"):
            first = any(c.lower_ in _EARLIER and c.dep_ in ("mark", "aux")
                        for c in tok.children)
        else:
            continue
        here_tok = tok.head if tok.dep_ == "pcomp" else tok
        for _ in range(4):
            head = here_tok.head
            if head == here_tok:
                break
            if head.i in here.found and here.found[head.i].kind == "verb":
                out.setdefault(head.i, []).append((i, first))
                break
            if here_tok.dep_ not in ("prep", "pobj", "agent", "acl", "advcl", "pcomp") or (
                    here_tok != tok and here_tok.pos_ == "VERB"):
                break
            here_tok = head
    return out


def _sequence(i: int, legs: dict[int, list[tuple[int, bool]]]) -> list[int]:
    """Return a movement word and its legs, in the order travelled."""
    mine = sorted(legs.get(i, []))
    out: list[int] = []
    for j, first in mine:
        if first:
            out += _sequence(j, legs)
    out.append(i)
    for j, first in mine:
        if not first:
            out += _sequence(j, legs)
    return out


def _movements(here: _Sentence) -> list[Movement]:
    legs = _legs(here)
    continued = {j for held in legs.values() for j, _ in held}
    anchors = set(here.found) | {clauses.anchor(here.doc[i]).i for i in here.found}
    owned: dict[int, list[tuple[TimeExpression, Token]]] = {}
    for t, root in here.dates:
        if (owner := clauses.governs(root, anchors)) is not None:
            owned.setdefault(owner, []).append((t, root))
    out = []
    for i, row in here.found.items():
        if i in continued:
            continue
        out.extend(_movement(here, i, row, _sequence(i, legs), owned))
    return out


def _movement(here: _Sentence, i: int, row: MoveWord, order: list[int],
              owned: dict[int, list[tuple[TimeExpression, Token]]]) -> list[Movement]:
    doc = here.doc
    word = doc[i]
    verb = clauses.anchor(word)
    if clauses.told_as_unreal(verb) or (verb.dep_ == "xcomp"
                                        and clauses.told_as_unreal(verb.head)):
        return []  # "if they cross the border"
    if row.kind == "noun" and verb.i in here.found:
        return []  # "returned from their trip": the verb tells it
    who = _who(here, word, row)
    if who is False:
        return []
    parts = [(j, _leg(here, doc[j], here.found[j])) for j in order]
    if dict(parts)[i].blocked:
        return []
    points = [p for _, leg in parts if not leg.blocked for p in leg.points]
    if who is not None and not any(role == "origin" for role, _ in points):
        # "Migrants from Honduras crossed into Guatemala": where they are from, when the
        # clause names no origin of its own.
        came = [(g, r) for c in who.children if c.dep_ == "prep" and c.lower_ == "from"
                for g in c.children if g.dep_ == "pobj"
                if (r := _place_of(g, here.places, loose=False)) is not None]
        points = [("origin", came[:1]), *points] if came else points
    if not points:
        return []  # no place: nothing to map
    mine = dict(parts)[i]
    mode = mine.mode or next((leg.mode for _, leg in parts if leg.mode), None) or \
        mine.default or next((leg.default for _, leg in parts if leg.default), None)
    origin = points[0][1][0][1] if points[0][0] == "origin" else None
    rest = points[1:] if origin is not None else points
    ends = rest[-1][1] if rest and rest[-1][0] == "destination" else []
    middle = rest[:-1] if ends else rest
    taken = {r.candidate.id for r in (origin, *(r for _, r in ends)) if r and r.candidate}
    via = tuple(dict.fromkeys(r.candidate.id for _, g in middle for _, r in g
                              if r.candidate and r.candidate.id not in taken))
    when = _date(here, verb, order, owned)
    published = here.article.published
    modality = clauses.modality(word, verb, future=bool(
        when and published and when.date > published))
    if modality == "proposed" and any(c.dep_ == "aux" and c.lower_ in _UNSURE
                                      for c in verb.children):
        modality = "uncertain"  # "they may travel to Tijuana": not a proposal, a chance
    day = when.date if when else None
    if when and published and modality == "planned" and when.date < published:
        day = _forward(when, published)  # "will travel on Friday": the coming Friday
    return _made(here, word, who, origin, via, ends, mode, modality, day, when)


def _date(here: _Sentence, verb: Token, order: list[int],
          owned: dict[int, list[tuple[TimeExpression, Token]]]) -> TimeExpression | None:
    """Return the date of a movement: its clauses', its head's, or one above it."""
    doc = here.doc
    keys = dict.fromkeys(k for j in order for k in (j, clauses.anchor(doc[j]).i))
    dates = [t for k in keys for t, _ in owned.get(k, [])]
    if not dates and verb.dep_ == "conj":
        dates = [t for t, _ in owned.get(verb.head.i, [])]
    if not dates:
        dates = _clause_dates(verb, here.dates, owned)
    return dates[0] if dates else None


def _made(here: _Sentence, word: Token, who: Token | None,
          origin: Resolution | None, via: tuple[str, ...],
          ends: list[tuple[Token, Resolution]], mode: MoveMode | None, modality: Modality,
          day: dt.date | None, when: TimeExpression | None) -> list[Movement]:
    """Build the movement, one per destination of a list ("fled to Chad and Egypt")."""
    sent, unit = here.whole, here.unit
    at = unit.start - sent.start + word.idx
    evidence = Evidence(here.article.id, sent.index, sent.start, sent.end,
                        excerpt(sent.text, at, at + len(word)))
    offset = unit.start + word.idx
    origin_id = origin.candidate.id if origin and origin.candidate else None
    ends_by_id = {r.candidate.id: r for _, r in ends if r.candidate}
    targets: list[tuple[str | None, int | None]] = [
        (pid, r.mention.start) for pid, r in ends_by_id.items() if pid != origin_id
    ] or [(None, None)]
    if targets == [(None, None)] and origin_id is None and not via:
        return []
    name = _phrase(who) if who is not None else ""
    count = _number(who) if who is not None else None
    return [Movement(
        id=movement_id(here.article.id, sent.index, offset, *([] if n == 0 or at_ is None
                                                              else [at_])),
        who=name, origin_id=origin_id, via_ids=via, destination_id=pid, mode=mode,
        count=count, date=day, date_precision=when.precision if when else None,
        modality=modality, evidence=evidence, trigger=word.text)
        for n, (pid, at_) in enumerate(targets)]

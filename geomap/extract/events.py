"""Events: who did what, where and when, read sentence by sentence.

A sentence holds an event when it holds a trigger from :data:`EVENT_TYPES` (a CAMEO code
where CAMEO has one). Around the trigger:

- **actors** named before it are its agents, those after it its counterparts, and those in
  an attribution ("according to a SOUTHCOM spokesperson", "NBC News reported") its reporters;
  an organisation inside a person's title ("Homeland Security Secretary …") is not a second
  participant;
- **places** are the resolved places named after it (a visit goes to the first one), except
  places used as affiliations ("U.S. troops", "Panama and Colombia authorities");
- the **date** is the sentence's date expression nearest the trigger, except the date of the
  report itself ("NBC News reported on Tuesday");
- the **modality** is *denied* when a negation governs the trigger ("are not considering
  sending"), *proposed* when a proposal cue leads to it ("pushing to send", "would move") or
  the type is an intent, else *occurred*.

Sentences in related-story links and web furniture hold no events. The same event told in
several sentences or articles is joined later, by :func:`geomap.merge.merge_events`.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import (
    Actor,
    ActorMention,
    Article,
    Event,
    Evidence,
    Modality,
    Participant,
    ParticipantRole,
    Resolution,
    Sentence,
    TimeExpression,
    excerpt,
)
from .lexicon import LOCATIVE, NEGATION_REACH

__all__ = ["EVENT_TYPES", "EventType", "event_id", "event_type", "extract_events"]

_TROOPS = re.compile(r"\b(troops|military|personnel|forces|soldiers|marines|brigade)\b", re.I)


@dataclass(frozen=True)
class EventType:
    """A kind of event: its code, readable label and how it is recognised.

    Attributes
    ----------
    code, label
        The CAMEO code and its label, or a non-CAMEO code for kinds CAMEO lacks.
    trigger
        Words that name the event.
    needs
        Words that must also stand in the sentence ("troops" for a deployment).
    intent
        The event is an intention (proposed unless denied); ``realised`` is the code used
        when the sentence reports it done.
    by_agents
        Events of this kind are told apart by who does them (two people's visits to one
        place on one day are two visits); others by what and where alone.
    """

    code: str
    label: str
    trigger: re.Pattern[str]
    needs: re.Pattern[str] | None = None
    intent: bool = False
    realised: str | None = None
    by_agents: bool = False


EVENT_TYPES: tuple[EventType, ...] = (
    EventType("042", "Make a visit", re.compile(
        r"\b(visit(?:ed|s|ing)?|tour(?:ed|s)?|travel(?:l?ed|s)?\s+to|arriv(?:ed|es)\s+in|"
        r"trip\s+to|went\s+to|flew\s+to)\b", re.I), by_agents=True),
    EventType("043", "Host a visit", re.compile(
        r"\b(host(?:ed|s)?|welcom(?:ed|es)|receiv(?:ed|es))\b", re.I),
        re.compile(r"\b(visit\w*|delegation|counterpart|minister|president|secretary)\b",
                   re.I), by_agents=True),
    EventType("040", "Consult", re.compile(
        r"\b(?:met|meet(?:s|ing)?)\s+(?:with\b|(?-i:(?=[A-Z])))|\b(?:talks|discussed)\s+with\b",
        re.I),
        by_agents=True),
    EventType("057", "Sign formal agreement", re.compile(
        r"\b(sign(?:ed|s)?|agreed|agreement|accord|pact|treaty|memorandum of understanding|"
        r"joint statement)\b", re.I)),
    EventType("0332", "Express intent to provide military aid", re.compile(
        r"\b(send(?:s|ing)?|sent|deploy(?:s|ing|ed|ment)?|station(?:s|ing|ed)?|"
        r"mov(?:e|es|ed|ing)|expand(?:s|ing|ed)?|push(?:es|ing|ed)?\s+for|dispatch(?:es|ed|ing)?)"
        r"\b", re.I), _TROOPS, intent=True, realised="072"),
    EventType("MIG", "Migration flow (non-CAMEO)", re.compile(
        r"\b(cross(?:ed|es|ing)?|line up|board(?:ed|ing)?|journey|travers(?:e|ed|ing)|"
        r"trek(?:s|ked|king)?|flee(?:s|ing)?|fled)\b", re.I),
        re.compile(r"\b(migra(?:nts?|tion)|refugees|asylum seekers)\b", re.I)),
)

REALISED_LABELS = {"072": "Provide military aid"}

# "U.S. troops", "Panama authorities": a place used as an affiliation, not where things happen.
_AFFILIATES = (r"(?i:troops|military|officials?|forces|personnel|government|governments|"
               r"authorities|agencies|administration|president|soldiers|police|citizens|"
               r"nationals|embassy|army|navy|(?:prime\s+)?minister|secretary|foreign|defen[cs]e|"
               r"interior|ambassador|envoy|consul|ministry)\b")
_AFFILIATION = re.compile(r"^\s+" + _AFFILIATES)
# "Panama and Colombia authorities": the first of two coordinated places shares the noun.
_COORDINATED_AFFILIATION = re.compile(
    r"^\s+(?:and|or)\s+(?:the\s+)?[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*)*\s+" + _AFFILIATES)

_NEGATION = re.compile(
    r"\b(not|no|never|neither|nor|deny|denied|denies|won't|wouldn't|isn't|aren't|"
    r"rule[sd]? out|ruled out|refused? to|declined? to|rejected)\s*$", re.I)
_PROPOSAL = re.compile(
    r"\b(push(?:ing|es|ed)?|propos(?:al|als|ed|es|e|ing)|plans?|planned|planning|"
    r"consider(?:s|ing|ation|ed)?|could|would|may|might|hop(?:e|es|ing)|seek(?:s|ing)?|"
    r"will|endors(?:e|es|ing|ed)|option|likely|likelihood|possib\w*|urg(?:e|es|ed|ing)|"
    r"call(?:s|ed)?\s+for|want(?:s|ed)?|aim(?:s|ed)?\s+to|intend\w*|expect\w*|"
    r"anticipat\w*|weigh(?:s|ing)?)\b", re.I)
# An attribution before an actor ("according to X", "told X"), if no comma or semicolon
# stands between: found once per sentence, then looked up per actor (_Marks).
_REPORT_CUE = re.compile(r"(?:according\s+to|told|cited)\b", re.I)
_REPORT_CUT = re.compile(r"[,;]")
# Where a clause ends: an actor before it does not do what the next clause tells.
_CLAUSE_END = re.compile(r"[;:—–]|,\s+(?:but|while|whereas|although|though)\b", re.I)
# Where the trigger's clause ends after it: places beyond ("…, ending weeks of speculation
# in Ottawa", "…, Chile's foreign ministry said") are not where the event happens.
_CLAUSE_AFTER = re.compile(
    r"[;—–]|\s-\s|,\s+(?:according\s+to|when|where|after|before|while|but|[a-z]+ing\b|"
    r"(?:[\w.'’\-]+\s+){1,5}(?:said|says|told)\b)")
# Clause boundaries inside a sentence, for telling which event a date belongs to.
_SEGMENT = re.compile(
    r"[;—–]|\s-\s|,\s+(?=(?:when|where|after|before|while|but|although|though|whereas)\b)")
# "During the visit, …": a noun trigger after a determiner points back to an event already
# told; it tells no new one.
_BACK_REFERENCE = re.compile(r"\b(?:the|this|that|his|her|their|its)\s+$", re.I)
_NOUN_TRIGGERS = frozenset({"visit", "visits", "trip", "tour", "journey", "agreement", "accord",
                            "pact", "treaty", "deployment"})
# Matched at an actor's end (no "^": the match is anchored by its position).
_REPORT_AFTER = re.compile(
    r"(?:\s+(?:spokes(?:person|man|woman)|officials?|sources?|statement))?\s*,?\s*"
    r"(?:said|says|told|reported|reports|announced|stated|added|confirmed)\b", re.I)
_PUBLISHED_DATE = re.compile(r"\b(?:reported|published|wrote)\s+(?:on\s+)?$", re.I)
_REPORT_DATE = re.compile(
    r"\b(?:said|says|reported|announced|stated|told\s+\w+(?:\s+\w+)?)\s+(?:on\s+)?$", re.I)
# How far before a date its report cue ("reported on", "said") is looked for: bounded, so a
# long sentence is not searched from its start for every date in it.
_CUE_LOOKBACK = 200


def event_type(code: str) -> EventType | None:
    """Return the event type with this code (a realised code maps to its intent type)."""
    return next((t for t in EVENT_TYPES if code in (t.code, t.realised)), None)


def event_id(code: str, modality: str, places: Sequence[str], agents: Sequence[str],
             date: object) -> str:
    """Return a stable id for an event from what identifies it."""
    key = "|".join([code, modality, *sorted(places), *sorted(agents), str(date)])
    return "event:" + hashlib.sha1(key.encode()).hexdigest()[:12]


def _negated(before: str) -> bool:
    """Whether a negation at the end of ``before`` reaches the next word (its trigger)."""
    words = before.split()
    for i in range(len(words) - 1, max(-1, len(words) - 7), -1):
        if _NEGATION.search(" ".join(words[: i + 1])):
            return True
        if words[i].lower().strip(",\"'“”") not in NEGATION_REACH:
            return False
    return False


def _modality(etype: EventType, sentence: str, trig: re.Match[str]) -> Modality:
    before = sentence[:trig.start()]
    if _negated(before):
        return "denied"
    # A proposal cue in the trigger's own clause, before or in it: "pushing to send",
    # "the most likely option would be to move", "a proposal to station".
    clause = re.split(r"[;:—–]|,\s+(?:but|while|and|noting)\b", before)[-1][-120:]
    if _PROPOSAL.search(clause + " " + trig.group()):
        return "proposed"
    return "proposed" if etype.intent and not _realis(sentence, trig) else "occurred"


def _realis(sentence: str, trig: re.Match[str]) -> bool:
    """Whether an intent's trigger reports the deed done ("sent 200 troops to Haiti")."""
    word = trig.group().lower()
    return word.endswith("ed") or word in ("sent", "deployed")


class _Marks:
    """Clause ends and attribution cues of one sentence, found once.

    Each actor asks whether a clause ends between it and a trigger, or whether an
    attribution comes before it; searching the text between for every actor made long
    sentences quadratic, so the marks are found in one pass and looked up by position.
    """

    def __init__(self, text: str, sentence: Sentence) -> None:
        self.text, self.sentence = text, sentence
        ends = [m.span() for m in _CLAUSE_END.finditer(text, sentence.start, sentence.end)]
        self._end_starts = [a for a, _ in ends]
        self._end_ends = [b for _, b in ends]
        self._cue_ends = [m.end() for m in _REPORT_CUE.finditer(text, sentence.start,
                                                                 sentence.end)]
        self._cuts = [m.start() for m in _REPORT_CUT.finditer(text, sentence.start,
                                                               sentence.end)]
        self._segments = [m.start() for m in _SEGMENT.finditer(text, sentence.start,
                                                                sentence.end)]

    def clause_ends_between(self, start: int, end: int) -> bool:
        """Whether a clause end (``_CLAUSE_END``) lies wholly inside ``[start, end)``."""
        # The marks do not overlap: the first one starting inside ends first.
        i = bisect.bisect_left(self._end_starts, start)
        return i < len(self._end_starts) and self._end_ends[i] <= end

    def reported(self, mention: ActorMention) -> bool:
        """Whether an attribution is made by this actor ("according to X", "X said")."""
        i = bisect.bisect_right(self._cue_ends, mention.start) - 1
        # The last cue before the actor, with no comma or semicolon from it to the actor.
        if i >= 0:
            j = bisect.bisect_left(self._cuts, self._cue_ends[i])
            if j == len(self._cuts) or self._cuts[j] >= mention.start:
                return True
        return _REPORT_AFTER.match(self.text, mention.end, self.sentence.end) is not None

    def segment(self, at: int) -> int:
        """Return which clause of the sentence (by ``_SEGMENT``) holds ``at``."""
        return bisect.bisect_left(self._segments, at)


def _role(marks: _Marks, mention: ActorMention, trigger_at: int,
          clause_end: int) -> ParticipantRole | None:
    """Return an actor's part in the event whose trigger is at ``trigger_at``, or None."""
    if marks.reported(mention):
        return "reporter"
    if mention.start < trigger_at:
        # "The U.S. military has a brigade there, but now officials are pushing to …"
        return None if marks.clause_ends_between(mention.end, trigger_at) else "agent"
    return "counterpart" if mention.start < clause_end else None


def _describing(acts: Sequence[ActorMention], people: Sequence[ActorMention],
                text: str) -> set[int]:
    """Return the ids of actor mentions that only describe a person.

    "Homeland Security Secretary X", "X, head of US Southern Command", "President Biden's
    adviser X": what is named there takes no part of its own. Such a mention stands inside
    the person's title or role, next to the name: only mentions that near are tried.
    """
    order = sorted(acts, key=lambda m: m.start)
    starts = [m.start for m in order]
    out: set[int] = set()
    for p in people:
        for words in (p.title, p.role):
            if not words:
                continue
            reach = len(words) + len(p.text) + 12
            # The span from one's start to the other's end is at most ``reach`` long.
            lo = bisect.bisect_left(starts, p.end - reach)
            hi = bisect.bisect_right(starts, p.start + reach)
            for mention in order[lo:hi]:
                if mention is p or mention.text not in words:
                    continue
                if max(mention.end, p.end) - min(mention.start, p.start) <= reach:
                    out.add(id(mention))
    return out


def _places(article: Article, resolutions: Sequence[Resolution]) -> list[Resolution]:
    """Return a sentence's resolved places, minus those used as affiliations."""
    out = []
    for r in resolutions:
        after = article.text[r.mention.end:r.mention.end + 60]
        if _AFFILIATION.match(after) or _COORDINATED_AFFILIATION.match(after):
            continue
        out.append(r)
    return out


def _date(article: Article, times: Sequence[TimeExpression], marks: _Marks,
          trigger_at: int, statement: bool, triggers: Sequence[int]) -> TimeExpression | None:
    """Return the date expression of the event at ``trigger_at``, if the sentence has one.

    The date of a report ("NBC News reported on Tuesday", "officials said Monday") is not
    the date of what it reports, except when the event is the statement itself: a proposal
    or a denial is made when it is said ("Canada will not send troops, Blair said on
    Wednesday").
    """
    report = _PUBLISHED_DATE if statement else _REPORT_DATE
    # A date belongs to the nearest event of its clause: "visited Vilnius last Thursday to
    # inspect the brigade Germany plans to station" dates the visit, not the plan;
    # "traveled to Panama in April, when they signed" dates the journey.
    text, sentence, segment = article.text, marks.sentence, marks.segment
    own = []
    for t in times:
        if t.sentence != sentence.index or report.search(
                text, max(sentence.start, t.start - _CUE_LOOKBACK), t.start):
            continue
        near = [p for p in triggers if segment(p) == segment(t.start)] or list(triggers)
        # A date most often follows its verb ("arrived in Kyiv on Tuesday for talks"): the
        # nearest trigger before it, else the nearest after it.
        before = [p for p in near if p <= t.start]
        owner = max(before) if before else min(near)
        if owner == trigger_at:
            own.append(t)
    return min(own, key=lambda t: (abs(t.start - trigger_at), t.start)) if own else None


def _clause_end(text: str, sentence: Sentence, after: int) -> int:
    m = _CLAUSE_AFTER.search(text, after, sentence.end)
    return m.start() if m else sentence.end


def _last_word(text: str, start: int, end: int) -> str:
    """Return the last word of ``text[start:end]`` ("" if none), read from its end.

    Only the word itself is read, so asking it for every place in a long sentence stays
    linear; a word longer than any cue word ("with", "to") is cut short.
    """
    i = end
    while i > start and text[i - 1].isspace():
        i -= 1
    j = i
    while j > max(start, i - 40) and not text[j - 1].isspace():
        j -= 1
    return text[j:i]


def _countries(article: Article, resolutions: Sequence[Resolution], sentence: Sentence
               ) -> list[tuple[str, str, ActorMention, str]]:
    """Countries named as doers in a sentence: ``(actor id, name, mention, how)``.

    ``how`` is "subject" ("Canada will not send…", "Chile and Peru signed…") or "with"
    ("signed an agreement with Panama and Colombia"); countries after a locative word ("to
    Haiti", "between Colombia and Panama") are places only.
    """
    text = article.text
    out: list[tuple[str, str, ActorMention, str]] = []
    prev: tuple[int, str | None] | None = None
    for r in resolutions:  # in text order
        c = r.candidate
        if c is None or r.mention.sentence != sentence.index:
            continue
        if c.kind != "country" or not c.countrycode or re.match(
                r"\s+[A-Z]", text[r.mention.end:r.mention.end + 2]):
            prev = None  # "Colombian National Police", "German Defence Minister X": the
            continue     # name it modifies is the actor
        last = _last_word(text, sentence.start, r.mention.start).lower()
        how: str | None
        if prev is not None and text[prev[0]:r.mention.start].strip(" ,") in ("", "and", "or"):
            how = prev[1]  # "Panama and Colombia": the second shares the first's part
        elif last == "with":
            how = "with"
        else:
            how = None if last in LOCATIVE else "subject"
        prev = (r.mention.end, how)
        if how is not None:
            m = r.mention
            out.append((f"country:{c.countrycode}", c.name, ActorMention(
                article.id, m.start, m.end, m.text, m.sentence), how))
    return out


def extract_events(article: Article, sentences: list[Sentence],
                   resolutions: Sequence[Resolution], actors: Sequence[Actor],
                   times: Sequence[TimeExpression]
                   ) -> tuple[list[Event], list[tuple[str, str, ActorMention]]]:
    """Return the events of one article, one per (sentence, event type).

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
    countries : list of (str, str, ActorMention)
        Id ("country:CA"), name and mention of each country that takes part in an event as
        an actor, for the story to join into actors.
    """
    text = article.text
    # Grouped by sentence once: a long article has thousands of each.
    by_sentence: dict[int, list[tuple[str, str, ActorMention]]] = {}
    for a in actors:
        for m in a.mentions:
            if m.article_id == article.id:
                by_sentence.setdefault(m.sentence, []).append((a.id, a.kind, m))
    dated: dict[int, list[TimeExpression]] = {}
    for t in times:
        dated.setdefault(t.sentence, []).append(t)
    resolved: dict[int, list[Resolution]] = {}
    for r in sorted(resolutions, key=lambda r: r.mention.start):
        if r.candidate is not None:
            resolved.setdefault(r.mention.sentence, []).append(r)
    events = []
    acting: list[tuple[str, str, ActorMention]] = []
    for sent in sentences:
        if article.section_at(sent.start) in ("related-link", "boilerplate"):
            continue
        here = resolved.get(sent.index, [])
        places = _places(article, here)
        mentions = by_sentence.get(sent.index, [])
        acts = [(aid, m) for aid, _, m in mentions]
        people = [m for _, kind, m in mentions if kind == "person"]
        found = _countries(article, here, sent)
        countries = {id(m): how for _, _, m, how in found}
        names = {aid: name for aid, name, _, _ in found}
        acts += [(aid, m) for aid, _, m, _ in found]
        describing = _describing([m for _, m in acts], people, text)
        acts = [(aid, m) for aid, m in acts if id(m) not in describing]
        marks = _Marks(text, sent)
        fired = [(etype, trig) for etype in EVENT_TYPES
                 if (trig := etype.trigger.search(sent.text)) is not None
                 and not (etype.needs and not etype.needs.search(sent.text))]
        triggers = [sent.start + trig.start() for _, trig in fired]
        for etype, trig in fired:
            pos = sent.start + trig.start()
            if trig.group().lower() in _NOUN_TRIGGERS and _BACK_REFERENCE.search(
                    text[sent.start:pos]):
                continue
            end = _clause_end(text, sent, sent.start + trig.end())
            acting_here = {aid for aid, m in acts if id(m) in countries}
            after = [r for r in places if pos < r.mention.start < end] or [
                r for r in places if r.mention.start < pos
                and f"country:{(r.candidate.countrycode if r.candidate else '')}"
                not in acting_here]
            if etype.code == "042":
                after = after[:1]  # a visit goes to one place: the first one named after it
            place_ids = tuple(dict.fromkeys(r.candidate.id for r in after
                                            if r.candidate is not None))
            parts: list[Participant] = []
            for aid, m in acts:
                how = countries.get(id(m))
                role: ParticipantRole | None = _role(marks, m, pos, end) if how is None else (
                    "counterpart" if how == "with" and m.start < end else
                    "agent" if how == "subject" and m.start < pos
                    and not marks.clause_ends_between(m.end, pos) else None)
                if role is not None:
                    parts.append(Participant(aid, role))
                    if how is not None:
                        acting.append((aid, names[aid], m))
            participants = tuple(dict.fromkeys(parts))
            if not place_ids and not any(p.role != "reporter" for p in participants) and (
                    etype.needs is None):
                continue  # neither where nor who: too little to map or to tell
            modality = _modality(etype, sent.text, trig)
            code, label = etype.code, etype.label
            if etype.intent and modality == "occurred" and etype.realised:
                code, label = etype.realised, REALISED_LABELS[etype.realised]
            when = _date(article, dated.get(sent.index, []), marks, pos, etype.intent,
                         triggers)
            agents = [p.actor_id for p in participants if p.role == "agent"]
            events.append(Event(
                id=event_id(code, modality, place_ids, agents, when.date if when else None),
                code=code,
                label=label,
                modality=modality,
                participants=participants,
                place_ids=place_ids,
                date=when.date if when else None,
                date_precision=when.precision if when else None,
                # The sentence's offsets, and a quote of it bounded around the trigger.
                evidence=(Evidence(article.id, sent.index, sent.start, sent.end,
                                   excerpt(sent.text, trig.start(), trig.end())),),
                trigger=trig.group().strip(),
            ))
    return events, list(dict.fromkeys(acting))

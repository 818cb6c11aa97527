"""Events: who did what, where and when, read sentence by sentence.

A sentence holds an event when it holds a trigger from :data:`EVENT_TYPES` (a CAMEO code
where CAMEO has one). The event's actors are the actors named in the sentence, its places the
resolved places named after the trigger (or anywhere in the sentence), its date the sentence's
date expression, and its modality comes from negation and proposal cues. Sentences in
related-story links and web furniture hold no events.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import (
    Actor,
    Article,
    Event,
    Evidence,
    Modality,
    Participant,
    Resolution,
    Sentence,
    TimeExpression,
)

__all__ = ["EVENT_TYPES", "EventType", "extract_events"]


@dataclass(frozen=True)
class EventType:
    """A kind of event: its code, readable label and trigger pattern."""

    code: str
    label: str
    trigger: re.Pattern[str]
    needs: re.Pattern[str] | None = None


EVENT_TYPES: tuple[EventType, ...] = (
    EventType("042", "Make a visit", re.compile(
        r"\b(visit(?:ed|s|ing)?|tour(?:ed|s)?|travel(?:l?ed|s)?\s+to|arriv(?:ed|es)\s+in|"
        r"trip\s+to|went\s+to)\b", re.I)),
    EventType("057", "Sign formal agreement", re.compile(
        r"\b(sign(?:ed|s)?|agreed|agreement|accord|pact|joint statement)\b", re.I)),
    EventType("0332", "Express intent to provide military aid", re.compile(
        r"\b(send(?:ing)?|deploy(?:ing|ed)?|station(?:ing)?|mov(?:e|ing)|expand(?:ing)?)\b",
        re.I), re.compile(r"\b(troops|military|personnel|forces|soldiers)\b", re.I)),
    EventType("MIG", "Migration flow (non-CAMEO)", re.compile(
        r"\b(cross(?:ed|es|ing)?|line up|board(?:ed|ing)?|journey|traverse)\b", re.I),
        re.compile(r"\bmigra(?:nts?|tion)\b", re.I)),
)

# "U.S. troops", "Panama authorities": a place used as an affiliation, not where things happen.
_AFFILIATION = re.compile(
    r"^\s+(troops|military|officials?|forces|personnel|government|authorities|agencies|"
    r"administration|president|soldiers|police|citizens)\b")

_NEGATION = re.compile(r"\b(not|no|never|deny|denied|denies|won't|will not|rule[sd]? out)\b",
                       re.I)
_PROPOSAL = re.compile(
    r"\b(push(?:ing|es)?|propos(?:al|ed|e|ing)|plan(?:s|ned|ning)?|consider(?:ing|ation)?|"
    r"could|would|may|might|hop(?:e|es|ing)|seek(?:s|ing)?|will|endors(?:e|ing)|option)\b", re.I)


def _modality(sentence: str, trigger_start: int) -> Modality:
    before = sentence[:trigger_start]
    if _NEGATION.search(before[-60:]):
        return "denied"
    if _PROPOSAL.search(sentence):
        return "proposed"
    return "occurred"


def _event_id(code: str, places: Sequence[str], actors: Sequence[str], date: object) -> str:
    key = "|".join([code, *sorted(places), *sorted(actors), str(date)])
    return "event:" + hashlib.sha1(key.encode()).hexdigest()[:12]


def extract_events(article: Article, sentences: list[Sentence],
                   resolutions: Sequence[Resolution], actors: Sequence[Actor],
                   times: Sequence[TimeExpression]) -> list[Event]:
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
    """
    events = []
    for sent in sentences:
        if article.section_at(sent.start) in ("related-link", "boilerplate"):
            continue
        places = [r for r in resolutions
                  if r.candidate is not None and r.mention.sentence == sent.index
                  and not _AFFILIATION.match(article.text[r.mention.end:r.mention.end + 40])]
        if not places:
            continue
        acts = [(a, m) for a in actors for m in a.mentions
                if m.article_id == article.id and m.sentence == sent.index]
        when = [t for t in times if t.sentence == sent.index]
        for etype in EVENT_TYPES:
            trig = etype.trigger.search(sent.text)
            if trig is None or (etype.needs and not etype.needs.search(sent.text)):
                continue
            pos = sent.start + trig.start()
            after = [r for r in places if r.mention.start > pos] or places
            if etype.code == "042":
                after = after[:1]  # a visit goes to one place: the first one named after it
            place_ids = tuple(dict.fromkeys(r.candidate.id for r in after
                                            if r.candidate is not None))
            parts = tuple(dict.fromkeys(
                Participant(a.id, "source" if m.start < pos else "target") for a, m in acts))
            date = when[0] if when else None
            events.append(Event(
                id=_event_id(etype.code, place_ids, [p.actor_id for p in parts],
                             date.date if date else None),
                code=etype.code,
                label=etype.label,
                modality=_modality(sent.text, trig.start()),
                participants=parts,
                place_ids=place_ids,
                date=date.date if date else None,
                date_precision=date.precision if date else None,
                evidence=(Evidence(article.id, sent.index, sent.start, sent.end, sent.text),),
                trigger=trig.group(),
            ))
    return events

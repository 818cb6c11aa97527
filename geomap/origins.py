"""Where a visitor came from: stated in the text, or inferred from who they are.

An official visit, talks abroad or an official's deployment is drawn as an arc from the
visitor's origin. In order:

1. ``stated``: the text says it ("flew from Ankara", "returning from Beijing");
2. ``curated``: a story pack's record gives the actor a home base;
3. ``organisation``: the actor is, or speaks for, an organisation of
   ``data/organisations.json`` ("UNHCR chief Filippo Grandi" → Geneva), or a country's
   ministry ("Turkey's foreign ministry" → Ankara);
4. ``office``: the actor holds a national office of a named country ("French President
   Emmanuel Macron" → Paris, the capital GeoNames gives).

Every origin says how it is known, so a map can draw inferred arcs apart from stated ones.
"""

from __future__ import annotations

import json
import re
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from . import coords
from .errors import DataError
from .extract.lexicon import words
from .resources import data_path

if TYPE_CHECKING:
    from .model import Actor, Candidate, Event, Mention, Place
    from .story import Story

__all__ = ["ORIGIN_FAMILIES", "Basis", "Origin", "event_origins", "home_base",
           "organisations"]

Basis = Literal["stated", "office", "organisation", "curated"]

ORIGIN_FAMILIES = ("VISIT", "MEET", "DEPLOY")
"""Event families whose agents travel to the event's place."""

_NEAR_KM = 25.0  # an origin this close to the destination is no journey
_BEFORE_NAME = 60  # characters before a person's name that may say whose office it is
_MAX_DESCRIPTIONS = 20
_TRAVEL_FROM = re.compile(
    r"\b(?:fl[eo]wn?|fly(?:ing)?|travell?(?:ed|ing)?|arriv(?:ed|ing|es?)|c[ao]me|coming|"
    r"return(?:ed|ing|s)?|back|journeyed|drove|driven|sailed|headed)\b"
    r"[^.;]{0,60}\bfrom\s+(?:the\s+)?$", re.IGNORECASE)
_MINISTRY = re.compile(r"\b(?:ministry|ministries|department|government|foreign office|"
                       r"embassy|presidency|cabinet)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Origin:
    """Where a mover came from and how that is known."""

    name: str
    lat: float
    lon: float
    basis: Basis
    detail: str
    """How it is known, for popups: the words of the text, the office, the source."""
    place_id: str | None = None


@cache
def organisations() -> tuple[dict[str, Any], ...]:
    """Return the organisations of ``data/organisations.json`` (with their headquarters)."""
    path = data_path("organisations.json")
    try:
        records = json.loads(path.read_text(encoding="utf-8"))["organisations"]
    except (OSError, ValueError, KeyError) as err:
        raise DataError(f"{path}: cannot read the organisations ({err})") from err
    for r in records:
        if not r.get("source"):
            raise DataError(f"{path}: organisation {r.get('name')!r} has no 'source'")
    return tuple(records)


@cache
def _by_alias() -> tuple[dict[str, dict[str, Any]], re.Pattern[str]]:
    table: dict[str, dict[str, Any]] = {}
    for record in organisations():
        for alias in [record["name"], *record.get("aliases", [])]:
            table.setdefault(alias, record)
    ordered = sorted(table, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, ordered)) + r")(?![\w])")
    return table, pattern


def home_base(story: Story, actor: Actor) -> tuple[float, float, str] | None:
    """Return ``(lat, lon, label)`` of an actor's curated home base, if it has one."""
    record: dict[str, Any] | None = actor.record
    base = (record or {}).get("home_base") or {}
    cand = story.gazetteer.get(base["place"]) if base.get("place") else None
    return None if cand is None else (cand.lat, cand.lon, str(base["name"]))


def event_origins(story: Story, event: Event) -> list[tuple[Actor, Origin]]:
    """Return the event's movers, each with the origin they came from.

    Movers are the event's agents (and, at talks, any side that came from elsewhere);
    people before organisations. Nothing for events of other families, events without a
    place, or movers whose origin is not known or lies at the destination.

    Examples
    --------
    >>> story = geomap.read("stories/tunis/")  # doctest: +SKIP
    >>> [(a.name, o.name, o.basis) for a, o in event_origins(story, story.events[0])]
    ... # doctest: +SKIP
    [('Emmanuel Macron', 'Paris', 'office')]
    """
    if event.family not in ORIGIN_FAMILIES or not event.place_ids:
        return []
    target = story.place(event.place_ids[0])
    if target is None:
        return []
    dest = target.candidate
    roles = ("agent", "counterpart") if event.family == "MEET" else ("agent",)
    actors = [a for p in event.participants if p.role in roles
              and (a := story.actor(p.actor_id)) is not None and a.kind != "group"]
    if event.family == "DEPLOY":
        actors = [a for a in actors if a.kind == "person"]
    actors.sort(key=lambda a: a.kind != "person")
    out = []
    for actor in actors:
        origin = _origin(story, event, actor)
        if origin is None or coords.km(origin.lat, origin.lon, dest.lat, dest.lon) < _NEAR_KM:
            continue
        if event.family == "MEET" and origin.basis != "stated" and _same_country(
                story, origin, dest):
            continue  # the host at talks at home travels nowhere
        out.append((actor, origin))
    return out


def _origin(story: Story, event: Event, actor: Actor) -> Origin | None:
    return _stated(story, event) or _known(story, actor)


# Per story, while it lives: what is known of each actor, and place mentions by sentence
# (a story of thousands of events asks for them for every event).
_KNOWN: weakref.WeakKeyDictionary[Story, dict[str, Origin | None]] = (
    weakref.WeakKeyDictionary())
_BY_SENTENCE: weakref.WeakKeyDictionary[
    Story, dict[tuple[str, int], list[tuple[Place, Mention]]]] = weakref.WeakKeyDictionary()


def _known(story: Story, actor: Actor) -> Origin | None:
    """Return what is known of an actor's origin, worked out once per actor of a story."""
    known = _KNOWN.setdefault(story, {})
    if actor.id not in known:
        known[actor.id] = (_curated(story, actor) or _organisation(story, actor)
                           or _office(story, actor))
    return known[actor.id]


def _places_by_sentence(story: Story) -> dict[tuple[str, int], list[tuple[Place, Mention]]]:
    """Index the story's place mentions by article and sentence, once per story."""
    if story not in _BY_SENTENCE:
        out: dict[tuple[str, int], list[tuple[Place, Mention]]] = {}
        for place in story.places:
            for m in place.mentions:
                out.setdefault((m.article_id, m.sentence), []).append((place, m))
        _BY_SENTENCE[story] = out
    return _BY_SENTENCE[story]


def _stated(story: Story, event: Event) -> Origin | None:
    """Return the place the event's sentence says the traveller came from ("flew from X")."""
    index = _places_by_sentence(story)
    for ev in event.evidence:
        for place, m in sorted(index.get((ev.article_id, ev.sentence), []),
                               key=lambda pm: pm[1].start):
            if place.id in event.place_ids or not ev.start <= m.start < ev.end:
                continue
            text = story.article(ev.article_id).text
            if _TRAVEL_FROM.search(text[max(ev.start, m.start - 90):m.start]):
                c = place.candidate
                words_said = text[max(ev.start, m.start - 40):m.end]
                return Origin(c.name, c.lat, c.lon, "stated",
                              f"stated in the text: “{words_said}”", place.id)
    return None


def _curated(story: Story, actor: Actor) -> Origin | None:
    base = home_base(story, actor)
    if base is None:
        return None
    record: dict[str, Any] = actor.record or {}
    source = record.get("source")
    return Origin(base[2], base[0], base[1], "curated",
                  f"curated home base ({source})" if source else "curated home base",
                  str(record["home_base"]["place"]))


def _organisation(story: Story, actor: Actor) -> Origin | None:
    """Return the headquarters of the body the actor is or speaks for; a ministry's capital."""
    table, pattern = _by_alias()
    for text in _descriptions(story, actor):
        for m in pattern.finditer(text):
            record = table[m.group()]
            hq = record.get("headquarters") or {}
            cand = story.gazetteer.get(hq.get("place") or "")
            if cand is not None:
                return Origin(str(hq.get("name") or cand.name), cand.lat, cand.lon,
                              "organisation",
                              f"headquarters of {record['name']} ({record['source']})",
                              cand.id)
        if actor.kind == "organisation" and _MINISTRY.search(text) and (
                found := _capital_named(story, text, "organisation",
                                        "a body of {country}'s government: its capital")):
            return found
    return None


def _office(story: Story, actor: Actor) -> Origin | None:
    """Return the capital of the country whose national office the actor holds."""
    if actor.kind != "person":
        return None
    offices = _offices()
    for text in _descriptions(story, actor):
        if offices & {w.lower() for w in re.findall(r"[A-Za-z]+", text)} and (
                found := _capital_named(story, text, "office", "inferred from the office "
                                        f"({text.strip()}): {{country}}'s capital")):
            return found
    return None


@cache
def _offices() -> frozenset[str]:
    return words("national_offices")


def _capital_named(story: Story, text: str, basis: Basis, why: str) -> Origin | None:
    """Return the capital of the country a text names, as an origin; ``why`` names it."""
    country = _country_in(story, text)
    capital = story.gazetteer.capital_of(country.countrycode or "") if country else None
    if capital is None or country is None:
        return None
    return Origin(capital.name, capital.lat, capital.lon, basis,
                  f"{why.replace('{country}', country.name)} ({capital.source})", capital.id)


def _descriptions(story: Story, actor: Actor) -> Iterator[str]:
    """Yield the texts that say who an actor is: name, titles, what precedes the name."""
    yield actor.name
    yield from actor.titles
    # The first tellings say who someone is; a story of thousands need not read them all.
    for m in actor.mentions[:_MAX_DESCRIPTIONS]:
        text = story.article(m.article_id).text
        # "UNHCR chief Filippo Grandi", "Turkey's Foreign Minister Hakan Fidan"
        before = text[max(0, m.start - _BEFORE_NAME):m.start]
        yield re.split(r"[.;:!?\n]|,\s", before)[-1] + m.text


def _country_in(story: Story, text: str) -> Candidate | None:
    """Return the country a text names, by name or demonym ("French", "Turkey's")."""
    for word in re.findall(r"[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*", text):
        for part in _spans(word.removesuffix("'s").removesuffix("’s")):
            if not story.gazetteer.has_name(part):
                continue
            for c in story.gazetteer.candidates(part):
                if c.kind == "country" and not c.alternate:
                    return c
    return None


def _spans(phrase: str) -> Iterator[str]:
    """Every run of words of a phrase, longest first ("United States Army" → …)."""
    parts = phrase.split()
    for n in range(len(parts), 0, -1):
        for i in range(len(parts) - n + 1):
            yield " ".join(parts[i:i + n])


def _same_country(story: Story, origin: Origin, dest: Candidate) -> bool:
    cand = story.gazetteer.get(origin.place_id) if origin.place_id else None
    return cand is not None and cand.countrycode == dest.countrycode

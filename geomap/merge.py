"""Join the same event told in several sentences or articles into one, keeping every source.

Two events are the same when they have the same type and modality, their dates agree (equal,
or one inside the other's month or year: "Monday" and "Yesterday" written a day apart both
resolve to 2023-05-22; "in April" and "Last month" to 2023-04), their places overlap on the
ground (the same place, or one inside the other: the Darien Gap lies in Panama), and, for
kinds told apart by who does them (visits, meetings, aid), they share an agent (a visit told
with no doer is anyone's; aid told with none is only another doerless telling's). An undated
telling joins a dated event only when exactly one dated event fits it, so one vague sentence
never welds two distinct visits together; a telling with no place joins the one event of its
kind that has a place, if there is exactly one.

Nothing is compared pair by pair: a story of 100,000 articles holds hundreds of thousands of
tellings. Tellings are grouped by what two tellings of one event must share (a place, or one
overlapping it, found through a spatial index; an actor; a date span holding or inside the
other's), and the groups are joined; the result is the same as comparing every pair.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import cache

from shapely import STRtree
from shapely.geometry.base import BaseGeometry

from .dates import interval
from .extract.events import agentless_apart, event_id, family_of, told_apart_by_agents
from .model import Event, Evidence, Participant

__all__ = ["merge_events"]

Geometry = Callable[[str], BaseGeometry | None]

_ROLE_ORDER = {"agent": 0, "counterpart": 1, "reporter": 2}
_PRECISION_ORDER = {"day": 0, "week": 1, "month": 2, "year": 3}


Interval = tuple[dt.date, dt.date] | None


def _interval(event: Event) -> Interval:
    return interval(event.date, event.date_precision)


def _nested(ia: Interval, ib: Interval) -> bool:
    if ia is None or ib is None:
        return ia is None and ib is None
    return (ia[0] <= ib[0] and ib[1] <= ia[1]) or (ib[0] <= ia[0] and ia[1] <= ib[1])


def _dates_agree(a: Event, b: Event) -> bool:
    return _nested(_interval(a), _interval(b))


def _long(iv: Interval) -> bool:
    """Whether an interval spans more than a day: only then may it hold another one."""
    return iv is not None and (iv[1] - iv[0]).days > 1


# The agent of a telling that names none, where that is no wildcard (aid): such tellings
# are one another's event, never an agent's.
_NO_AGENT = "~no-agent"


def _agents(event: Event) -> set[str]:
    agents = {p.actor_id for p in event.participants if p.role == "agent"}
    return agents or ({_NO_AGENT} if agentless_apart(event.code) else set())


def _actors(event: Event) -> set[str]:
    return {p.actor_id for p in event.participants if p.role != "reporter"}


class _Places:
    """Whether two events' places overlap on the ground (geometries cached by id)."""

    def __init__(self, geometry: Geometry, place_ids: Iterable[str] = ()) -> None:
        self._geometry = cache(geometry)
        self._pairs: dict[tuple[str, str], bool] = {}
        self._near: dict[str, tuple[str, ...]] = {}
        # Places that may touch are found through a spatial index, not by trying every pair:
        # a story of many articles names thousands of places.
        ids = [pid for pid in dict.fromkeys(place_ids) if self._geometry(pid) is not None]
        self._ids = ids
        self._tree = STRtree([self._geometry(pid) for pid in ids])

    def near(self, place_id: str) -> tuple[str, ...]:
        """Return the other indexed places that overlap ``place_id`` on the ground."""
        if place_id not in self._near:
            geom = self._geometry(place_id)
            found: tuple[str, ...] = ()
            if geom is not None:
                # Every test in _touch needs the two within 0.25 degrees of each other.
                hits = self._tree.query(geom, predicate="dwithin", distance=0.25)
                found = tuple(self._ids[i] for i in sorted(hits)
                              if self._ids[i] != place_id and self._pair(place_id, self._ids[i]))
            self._near[place_id] = found
        return self._near[place_id]

    def area(self, place_id: str) -> float:
        geom = self._geometry(place_id)
        return 0.0 if geom is None else float(geom.area)

    def holds(self, x: str, y: str) -> bool:
        """Whether place ``x`` is an area that holds place ``y`` (Punjab in Pakistan)."""
        gx, gy = self._geometry(x), self._geometry(y)
        if gx is None or gy is None or gx.area == 0 or gx.area <= gy.area:
            return False
        if gy.area == 0:
            return bool(gx.distance(gy) < 0.05)  # a coastal town a little off the outline
        return bool(gx.intersection(gy).area > 0.9 * gy.area)

    def _pair(self, x: str, y: str) -> bool:
        if (x, y) not in self._pairs:
            self._pairs[x, y] = self._pairs[y, x] = self._touch(x, y)
        return self._pairs[x, y]

    def _touch(self, x: str, y: str) -> bool:
        gx, gy = self._geometry(x), self._geometry(y)
        if gx is None or gy is None:
            return False
        if gx.area == 0 and gy.area == 0:
            return bool(gx.distance(gy) < 0.25)  # two points ~25 km apart name one spot
        if gx.area == 0 or gy.area == 0:
            poly, point = (gy, gx) if gx.area == 0 else (gx, gy)
            return bool(poly.distance(point) < 0.05)
        # Shared borders are not overlap: Panama and Colombia touch; the Gap lies in both.
        return bool(gx.intersection(gy).area > 0.01 * min(gx.area, gy.area))


def _anchors(event: Event) -> list[tuple[str, str]]:
    """Return what a telling may share with another of its event: a place, else an actor."""
    if event.place_ids:
        return [("place", pid) for pid in dict.fromkeys(event.place_ids)]
    return [("actor", aid) for aid in sorted(_actors(event))]


def _related(anchor: tuple[str, str], places: _Places) -> list[tuple[str, str]]:
    """Return the anchor itself and, for a place, the places overlapping it on the ground."""
    kind, key = anchor
    return [anchor] if kind == "actor" else [anchor, *(("place", p) for p in places.near(key))]


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


class _Group:
    """Tellings that agree on an anchor and a date span, summarised for joining.

    Any two of them agree on date and place; whether they are one event then depends only
    on their agents (for kinds told apart by agents). Tellings of one group are joined
    when added; two groups are joined through their summaries, not member by member.
    """

    def __init__(self, by_agents: bool) -> None:
        self.by_agents = by_agents
        self.first = -1
        self.open = False  # holds a telling with no agent: it is one with every other
        self.by_agent: dict[str, int] = {}

    def add(self, i: int, agents: set[str], uf: _UnionFind) -> None:
        if self.first < 0:
            self.first = i
        if not self.by_agents:
            uf.union(self.first, i)
            return
        if not agents and not self.open:
            self.open = True
            for j in self.by_agent.values():
                uf.union(i, j)
        for a in agents:
            uf.union(self.by_agent.setdefault(a, i), i)
        if self.open:
            uf.union(self.first, i)

    def join(self, other: _Group, uf: _UnionFind) -> None:
        if not self.by_agents:
            uf.union(self.first, other.first)
        elif self.open or other.open:
            # An agentless telling in one is the same event as every telling of the other.
            hub = self.first if self.open else other.first
            for group in (self, other):
                uf.union(hub, group.first)
                for j in group.by_agent.values():
                    uf.union(hub, j)
        else:
            for a, i in self.by_agent.items():
                if a in other.by_agent:
                    uf.union(i, other.by_agent[a])


def _clusters(events: list[Event], places: _Places, by_agents: bool) -> list[list[Event]]:
    """Group events that are the same, transitively.

    The groups are the connected components of the pairwise rule, in order of their first
    telling; instead of comparing every pair (quadratic in a story of many articles),
    tellings are grouped by what they must share: a place (or one overlapping it) or an
    actor, and a date span that holds or lies in the other's.
    """
    uf = _UnionFind(len(events))
    groups: dict[tuple[str, str], dict[Interval, _Group]] = {}
    for i, e in enumerate(events):
        iv, agents = _interval(e), _agents(e)
        for anchor in _anchors(e):
            by_iv = groups.setdefault(anchor, {})
            if iv not in by_iv:
                by_iv[iv] = _Group(by_agents)
            by_iv[iv].add(i, agents, uf)
    longs = {anchor: [iv for iv in by_iv if _long(iv)] for anchor, by_iv in groups.items()}
    for anchor, by_iv in groups.items():
        for other in _related(anchor, places):
            other_ivs = groups.get(other)
            if other_ivs is None:
                continue
            for iv, group in by_iv.items():
                # Nested spans: equal, or one of them longer than a day; the pair of a day
                # and a month is met from the day's side, as every relation is symmetric.
                for jv in dict.fromkeys([iv, *longs[other]]):
                    held = other_ivs.get(jv)
                    if held is not None and held is not group and _nested(iv, jv):
                        group.join(held, uf)
    clusters: dict[int, list[Event]] = {}
    for i, e in enumerate(events):
        clusters.setdefault(uf.find(i), []).append(e)
    return list(clusters.values())


class _Fits:
    """Which clusters a telling fits, by index, for the rules that need exactly one fit.

    ``add`` files a cluster under a key; ``collect`` gathers the clusters filed under any
    of a set of keys, stopping at two: one fit, or "ambiguous", is all that is asked.
    """

    def __init__(self) -> None:
        self._index: dict[tuple[object, ...], dict[int, None]] = {}

    def add(self, key: tuple[object, ...], cluster: int) -> None:
        self._index.setdefault(key, {})[cluster] = None

    def drop(self, key: tuple[object, ...], cluster: int) -> None:
        self._index.get(key, {}).pop(cluster, None)

    def collect(self, keys: Iterable[tuple[object, ...]], found: dict[int, None]) -> bool:
        """Add the clusters under ``keys`` to ``found``; False once two are found."""
        for key in keys:
            for c in self._index.get(key, ()):
                found[c] = None
                if len(found) > 1:
                    return False
        return True


def _undated_fits(dated: list[list[Event]], places: _Places, by_agents: bool
                  ) -> Callable[[list[Event]], int | None]:
    """Return the function giving the one dated cluster an undated one fits, if one.

    A fit is what makes two tellings one event, with the dates left out: a shared place (or
    one overlapping it) or, for tellings with no place, a shared actor; and, for kinds told
    apart by agents, a shared agent or none on one side.
    """
    fits = _Fits()
    for c, cluster in enumerate(dated):
        for e in cluster:
            agents = _agents(e)
            for anchor in _anchors(e):
                fits.add((anchor,), c)
                for a in agents:
                    fits.add((anchor, a), c)
                if not agents:
                    fits.add((anchor, None), c)

    def only_fit(cluster: list[Event]) -> int | None:
        found: dict[int, None] = {}
        for u in cluster:
            agents = _agents(u)
            for anchor in _anchors(u):
                for other in _related(anchor, places):
                    keys: list[tuple[object, ...]] = (
                        [(other,)] if not by_agents or not agents
                        else [(other, None), *((other, a) for a in sorted(agents))])
                    if not fits.collect(keys, found):
                        return None
        return next(iter(found)) if found else None
    return only_fit


class _PlacelessFits:
    """The placed clusters a telling with no place fits, by index.

    It fits a telling whose date agrees with its own (or either is undated, an undated one
    counting only in a cluster with no dated telling) and, for kinds told apart by agents,
    that shares an agent with it.

    Tellings are filed by agent (for kinds told apart by agents; else all together) and
    date span; a cluster that takes in placeless tellings has them filed too, as later
    ones may fit through them.
    """

    def __init__(self, by_agents: bool) -> None:
        self.by_agents = by_agents
        self._fits = _Fits()
        self._spans: dict[str | None, dict[Interval, None]] = {}
        self._longs: dict[str | None, dict[Interval, None]] = {}
        self._dated: set[int] = set()
        self._undated: dict[int, list[tuple[str | None, Interval]]] = {}  # keys filed undated

    def _who(self, event: Event) -> list[str | None]:
        who: list[str | None] = [*sorted(_agents(event))] if self.by_agents else [None]
        return who

    def file(self, cluster: int, events: Iterable[Event]) -> None:
        events = list(events)
        # A cluster is as dated as its dated tellings: an undated one in it (a headline)
        # does not make it fit every date, nor once a dated one has joined it.
        if cluster not in self._dated and any(e.date is not None for e in events):
            self._dated.add(cluster)
            for key in self._undated.pop(cluster, []):
                self._fits.drop(key, cluster)
        dated = cluster in self._dated
        for e in events:
            iv = _interval(e)
            if dated and iv is None:
                continue
            for who in self._who(e):
                if iv is None:
                    self._undated.setdefault(cluster, []).append((who, iv))
                self._fits.add((who, iv), cluster)
                self._spans.setdefault(who, {})[iv] = None
                if iv is None or _long(iv):
                    self._longs.setdefault(who, {})[iv] = None

    def only_fit(self, cluster: list[Event]) -> int | None:
        found: dict[int, None] = {}
        for u in cluster:
            iv = _interval(u)
            for who in self._who(u):
                # Undated on either side fits any date; else the spans must nest: equal,
                # or one longer than a day.
                spans = self._spans.get(who, {}) if iv is None or _long(iv) else dict.fromkeys(
                    [iv, *self._longs.get(who, {})])
                keys = [(who, jv) for jv in spans if iv is None or jv is None or _nested(iv, jv)]
                if not self._fits.collect(keys, found):
                    return None
        return next(iter(found)) if found else None


def _join(group: list[Event], places: _Places) -> Event:
    """One event from several tellings: every participant, place and piece of evidence."""
    first = group[0]
    parts: dict[str, Participant] = {}
    for e in group:
        for p in e.participants:
            held = parts.get(p.actor_id)
            if held is None or _ROLE_ORDER[p.role] < _ROLE_ORDER[held.role]:
                parts[p.actor_id] = p
    order = {pid: i for i, pid in enumerate(dict.fromkeys(
        p.actor_id for e in group for p in e.participants))}
    participants = tuple(sorted(parts.values(),
                                key=lambda p: (_ROLE_ORDER[p.role], order[p.actor_id])))
    # The place most tellings name leads, then the one they name first most often, then
    # the most precise.
    primary = Counter(e.place_ids[0] for e in group if e.place_ids)
    named = Counter(pid for e in group for pid in e.place_ids)
    place_ids = tuple(sorted(named, key=lambda pid: (-named[pid], -primary[pid],
                                                     places.area(pid), pid)))
    dated = [e for e in group if e.date is not None]
    best = min(dated, key=lambda e: _PRECISION_ORDER[e.date_precision or "year"]) if dated \
        else None
    # A whole key: two quotes of one sentence (two triggers) keep one order in any process.
    evidence = tuple(sorted({ev for e in group for ev in e.evidence}, key=lambda ev: (
        ev.article_id, ev.sentence, ev.start, ev.end, ev.quote)))
    date = best.date if best else None
    agents = [p.actor_id for p in participants if p.role == "agent"]
    return replace(
        first,
        id=event_id(first.code, first.modality, place_ids, agents, date),
        participants=participants,
        place_ids=place_ids,
        date=date,
        date_precision=best.date_precision if best else None,
        evidence=evidence,
        # The largest count any telling gives: tolls rise as a story is retold.
        dead=_most(e.dead for e in group), injured=_most(e.injured for e in group),
        people=_most(e.people for e in group),
    )


def _most(values: Iterable[int | None]) -> int | None:
    return max((v for v in values if v is not None), default=None)


def merge_events(events: Sequence[Event], geometry: Geometry) -> tuple[Event, ...]:
    """Join the tellings of one event; keep distinct events distinct.

    Parameters
    ----------
    events
        Events as extracted, one per sentence and type, from any number of articles.
    geometry
        The outline or point of a place id (``Gazetteer.geometry``), to tell whether two
        places overlap; ``None`` for an unknown id.

    Returns
    -------
    tuple of Event
        Sorted by date (undated last), type and id.
    """
    events = _identical_joined(events)
    places = _Places(geometry, (pid for e in events for pid in e.place_ids))
    # A telling happens at the most specific place it names: "in the Punjab province of
    # Pakistan" is in Punjab, not in Punjab and all of Pakistan besides.
    events = [replace(e, place_ids=tuple(
        pid for pid in e.place_ids
        if not any(places.holds(pid, other) for other in e.place_ids if other != pid)))
        if len(e.place_ids) > 1 else e for e in events]
    merged: list[Event] = []
    kinds: dict[tuple[str, str], list[Event]] = {}
    for e in events:
        # Tellings of one kind of event may use codes of one family: "gunned down" (190),
        # "the shooting" (180), "gunfire" are one shooting.
        kinds.setdefault((family_of(e.code), e.modality), []).append(e)
    for (_, _), group in sorted(kinds.items()):
        by_agents = told_apart_by_agents(group[0].code)
        dated = _clusters([e for e in group if e.date is not None], places, by_agents)
        undated = _clusters([e for e in group if e.date is None], places, by_agents)
        # Undated clusters never fit one another (they would be one cluster), so the dated
        # clusters as first found are all an undated one can fit.
        only_dated_fit = _undated_fits(dated, places, by_agents)
        for cluster in undated:
            fit = only_dated_fit(cluster)
            if fit is not None:
                dated[fit].extend(cluster)
            else:
                dated.append(cluster)
        # A telling that names no place ("moving more troops is likely") is the one event
        # of its kind that has a place, if the story holds exactly one that fits.
        placeless = _PlacelessFits(by_agents)
        for c, cluster in enumerate(dated):
            if any(e.place_ids for e in cluster):
                placeless.file(c, cluster)
        kept = [True] * len(dated)
        for c, cluster in enumerate(dated):
            if any(e.place_ids or e.apart for e in cluster):
                continue  # ("in another state", "a peace deal": no telling of a placed event)
            fit = placeless.only_fit(cluster)
            if fit is not None:
                dated[fit].extend(cluster)
                placeless.file(fit, cluster)
                kept[c] = False
        merged.extend(_join(c, places) for c, k in zip(dated, kept, strict=True) if k)
    return tuple(sorted(merged, key=lambda e: (
        e.date.isoformat() if e.date else "9999", e.code, e.id)))


def _identical_joined(events: Sequence[Event]) -> list[Event]:
    """Join tellings identical in type, modality, date, places and participants first.

    They are the same event by any test, and a long article repeats them by the thousand:
    joining them by key keeps the work below to the distinct ones.
    """
    by_key: dict[tuple[object, ...], tuple[Event, list[Evidence]]] = {}
    for e in events:
        key = (e.code, e.modality, e.date, e.date_precision, e.place_ids, e.participants)
        held = by_key.get(key)
        if held is None:
            by_key[key] = (e, list(e.evidence))
        else:
            held[1].extend(e.evidence)  # gathered, then joined once: not copied per telling
    return [e if len(evidence) == len(e.evidence) else replace(e, evidence=tuple(evidence))
            for e, evidence in by_key.values()]

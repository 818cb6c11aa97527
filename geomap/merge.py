"""Join the same event told in several sentences or articles into one, keeping every source.

Two events are the same when they have the same type and modality, their dates agree (equal,
or one inside the other's month or year: "Monday" and "Yesterday" written a day apart both
resolve to 2023-05-22; "in April" and "Last month" to 2023-04), their places overlap on the
ground (the same place, or one inside the other: the Darien Gap lies in Panama), and, for
kinds told apart by who does them (visits, meetings), they share an agent. An undated telling
joins a dated event only when exactly one dated event fits it, so one vague sentence never
welds two distinct visits together; a telling with no place joins the one event of its
kind that has a place, if there is exactly one.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache

from shapely.geometry.base import BaseGeometry

from .dates import interval
from .extract.events import event_id, event_type
from .model import Event, Participant

__all__ = ["merge_events"]

Geometry = Callable[[str], BaseGeometry | None]

_ROLE_ORDER = {"agent": 0, "counterpart": 1, "reporter": 2}
_PRECISION_ORDER = {"day": 0, "week": 1, "month": 2, "year": 3}


def _interval(event: Event) -> tuple[dt.date, dt.date] | None:
    return interval(event.date, event.date_precision)


def _dates_agree(a: Event, b: Event) -> bool:
    ia, ib = _interval(a), _interval(b)
    if ia is None or ib is None:
        return ia is None and ib is None
    return (ia[0] <= ib[0] and ib[1] <= ia[1]) or (ib[0] <= ia[0] and ia[1] <= ib[1])


def _agents(event: Event) -> set[str]:
    return {p.actor_id for p in event.participants if p.role == "agent"}


class _Places:
    """Whether two events' places overlap on the ground (geometries cached by id)."""

    def __init__(self, geometry: Geometry) -> None:
        self._geometry = cache(geometry)
        self._pairs: dict[tuple[str, str], bool] = {}

    def overlap(self, a: Sequence[str], b: Sequence[str]) -> bool:
        if not a or not b:
            return False
        return bool(set(a) & set(b)) or any(self._pair(x, y) for x in a for y in b)

    def area(self, place_id: str) -> float:
        geom = self._geometry(place_id)
        return 0.0 if geom is None else float(geom.area)

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


def _same(a: Event, b: Event, places: _Places) -> bool:
    if a.code != b.code or a.modality != b.modality or not _dates_agree(a, b):
        return False
    etype = event_type(a.code)
    if etype is not None and etype.by_agents:
        agents_a, agents_b = _agents(a), _agents(b)
        if agents_a and agents_b and not agents_a & agents_b:
            return False
    if not a.place_ids and not b.place_ids:
        shared = {p.actor_id for p in a.participants if p.role != "reporter"}
        return bool(shared & {p.actor_id for p in b.participants if p.role != "reporter"})
    return places.overlap(a.place_ids, b.place_ids)


def _clusters(events: list[Event], places: _Places) -> list[list[Event]]:
    """Group events that are the same, transitively (union-find over pairs)."""
    parent = list(range(len(events)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(events)):
        for j in range(i + 1, len(events)):
            if find(i) != find(j) and _same(events[i], events[j], places):
                parent[find(j)] = find(i)
    groups: dict[int, list[Event]] = {}
    for i, e in enumerate(events):
        groups.setdefault(find(i), []).append(e)
    return list(groups.values())


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
    # The place the tellings name first most often leads; then the most precise.
    primary = Counter(e.place_ids[0] for e in group if e.place_ids)
    named = Counter(pid for e in group for pid in e.place_ids)
    place_ids = tuple(sorted(named, key=lambda pid: (-primary[pid], -named[pid],
                                                     places.area(pid), pid)))
    dated = [e for e in group if e.date is not None]
    best = min(dated, key=lambda e: _PRECISION_ORDER[e.date_precision or "year"]) if dated \
        else None
    evidence = tuple(sorted({ev for e in group for ev in e.evidence},
                            key=lambda ev: (ev.article_id, ev.sentence)))
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
    )


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
    places = _Places(geometry)
    merged: list[Event] = []
    kinds: dict[tuple[str, str], list[Event]] = {}
    for e in _identical_joined(events):
        kinds.setdefault((e.code, e.modality), []).append(e)
    for _, group in sorted(kinds.items()):
        dated = _clusters([e for e in group if e.date is not None], places)
        undated = _clusters([e for e in group if e.date is None], places)
        for cluster in undated:
            fits = [d for d in dated if any(_same_ignoring_date(u, x, places)
                                            for u in cluster for x in d)]
            if len(fits) == 1:
                fits[0].extend(cluster)
            else:
                dated.append(cluster)
        # A telling that names no place ("moving more troops is likely") is the one event
        # of its kind that has a place, if the story holds exactly one that fits.
        placed = [c for c in dated if any(e.place_ids for e in c)]
        for cluster in [c for c in dated if not any(e.place_ids for e in c)]:
            fits = [c for c in placed if any(_fits_placeless(u, x) for u in cluster for x in c)]
            if len(fits) == 1:
                fits[0].extend(cluster)
                dated.remove(cluster)
        merged.extend(_join(c, places) for c in dated)
    return tuple(sorted(merged, key=lambda e: (
        e.date.isoformat() if e.date else "9999", e.code, e.id)))


def _fits_placeless(a: Event, b: Event) -> bool:
    if a.date is not None and b.date is not None and not _dates_agree(a, b):
        return False
    etype = event_type(a.code)
    if etype is not None and etype.by_agents:
        return bool(_agents(a) & _agents(b))
    return True


def _identical_joined(events: Sequence[Event]) -> list[Event]:
    """Join tellings identical in type, modality, date, places and participants first.

    They are the same event by any test, and a long article repeats them by the thousand:
    joining them by key keeps the pairwise comparison below to the distinct ones.
    """
    by_key: dict[tuple[object, ...], Event] = {}
    for e in events:
        key = (e.code, e.modality, e.date, e.date_precision, e.place_ids, e.participants)
        held = by_key.get(key)
        by_key[key] = e if held is None else replace(held, evidence=held.evidence + e.evidence)
    return list(by_key.values())


def _same_ignoring_date(a: Event, b: Event, places: _Places) -> bool:
    return _same(replace(a, date=None, date_precision=None),
                 replace(b, date=None, date_precision=None), places)

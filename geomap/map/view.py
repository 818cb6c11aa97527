"""Where a story's map looks first: its core places, and a view fitted to them.

The core is what the story is about: the places of its events and movements, and the places
it names most. A place far from the rest of the core (a visitor's capital an ocean away, a
country named once in passing) stays on the map but does not stretch the view. Both the
interactive map and the static images start from :func:`story_view`.
"""

from __future__ import annotations

import math
import statistics
from typing import TYPE_CHECKING

from shapely.geometry import box

from .. import coords

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from ..model import Place
    from ..story import Story

__all__ = ["Bounds", "core_places", "story_view", "view_box"]

Bounds = tuple[tuple[float, float], tuple[float, float]]
"""``((south, west), (north, east))`` in degrees."""

LOCAL_MAX_DEGREES = 6.0  # a place smaller than this is a local focus; larger is context
MIN_SPAN_DEGREES = 5.0  # never zoom in so far that the surroundings disappear
MOST_NAMED = 5  # how many of the most named places join the core
OUTLIER_MIN_KM = 300.0  # a core place nearer than this to the rest always counts
OUTLIER_FACTOR = 4.0  # ...and one further than this many times the typical distance never


def _body(story: Story) -> list[Place]:
    return [p for p in story.places if not p.only_in_related_links]


def core_places(story: Story) -> list[Place]:
    """Return the story's key places: its events' and movements' places, and the most named.

    Examples
    --------
    >>> import geomap
    >>> story = geomap.read("seeds/")  # doctest: +SKIP
    >>> [p.candidate.name for p in core_places(story)][:3]  # doctest: +SKIP
    ['Darién Gap', 'Panama', 'Colombia']
    """
    body = {p.id: p for p in _body(story)}
    chosen: dict[str, None] = {}
    for event in story.events:
        chosen.update((pid, None) for pid in event.place_ids if pid in body)
    for move in story.movements:
        ends = (move.origin_id, *move.via_ids, move.destination_id)
        chosen.update((pid, None) for pid in ends if pid is not None and pid in body)
    named = sorted(body.values(), key=lambda p: (-len(p.mentions), p.id))
    # A place named once is the core only when the story names nothing twice.
    floor = 2 if any(len(p.mentions) > 1 for p in named) else 1
    chosen.update((p.id, None) for p in named[:MOST_NAMED] if len(p.mentions) >= floor)
    return [body[pid] for pid in chosen]


def _span(geom: BaseGeometry) -> float:
    west, south, east, north = geom.bounds
    return float(max(east - west, north - south))


def _footprint(story: Story, place: Place) -> BaseGeometry:
    """Return what of a place the view must show: a local area whole, a big one its point."""
    geom = coords.main_part(story.geometry(place.id))
    if geom.geom_type == "Point" or _span(geom) <= LOCAL_MAX_DEGREES * 4:
        return geom
    return coords.point(*coords.label_latlon(geom))


def _without_outliers(story: Story, places: list[Place]) -> list[Place]:
    """Drop the places far from the rest, measured from the core's most central place."""
    if len(places) < 3:
        return places
    points = [(p.candidate.lat, p.candidate.lon) for p in places]

    def spread(i: int) -> float:
        return sum(coords.km(*points[i], *q) for q in points)

    centre = points[min(range(len(points)), key=lambda i: (spread(i), i))]
    dist = [coords.km(*centre, *q) for q in points]
    limit = max(OUTLIER_MIN_KM, OUTLIER_FACTOR * statistics.median(dist))
    return [p for p, d in zip(places, dist, strict=True) if d <= limit]


def story_view(story: Story) -> Bounds | None:
    """Return the bounds the map opens on: the story's core, outliers left out of the fit.

    Local places (towns, small regions) make the view when the core has any; countries and
    large regions then only give context. A view is never narrower than
    :data:`MIN_SPAN_DEGREES`. ``None`` when the story has no place.

    Examples
    --------
    >>> import geomap
    >>> (south, west), (north, east) = story_view(geomap.read("seeds/"))  # doctest: +SKIP
    """
    core = core_places(story) or _body(story)
    if not core:
        return None
    local = [p for p in core if p.candidate.kind not in ("country", "continent")
             and _span(story.geometry(p.id)) <= LOCAL_MAX_DEGREES]
    kept = _without_outliers(story, local or core)
    (s, w), (n, e) = coords.bounds_latlon([_footprint(story, p) for p in kept]) or [[0, 0],
                                                                                   [0, 0]]
    lat_pad = max(0.0, (MIN_SPAN_DEGREES - (n - s)) / 2)
    lon_pad = max(0.0, (MIN_SPAN_DEGREES - (e - w)) / 2)
    s, n = max(-85.0, s - lat_pad), min(85.0, n + lat_pad)
    w, e = max(-180.0, w - lon_pad), min(180.0, e + lon_pad)
    # Rounded outwards: a place on the edge stays inside.
    return ((_down(s), _down(w)), (-_down(-n), -_down(-e)))


def _down(value: float) -> float:
    return math.floor(value * 1e4) / 1e4


def view_box(view: Bounds) -> BaseGeometry:
    """Return the view as a shapely box (lon/lat)."""
    (s, w), (n, e) = view
    return box(w, s, e, n)

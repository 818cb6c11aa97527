"""Which places of a story carry a name on the map, in what order, and where the name goes.

Every place of the story's body may be labelled; the key places (the core of
:func:`geomap.map.view.core_places`) come first, then the rest by how often the story names
them. Where two names would collide, the browser (:mod:`geomap.map.label_layer`) or the
static renderer (:mod:`geomap.map.static`) keeps the more important one. An area's name sits
deep inside the visible part of its own outline, never at a centroid at sea or on another
continent.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .. import coords
from .view import core_places, story_view, view_box

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from ..model import Place
    from ..story import Story
    from .view import Bounds

__all__ = ["AREA_KINDS", "MAX_LABELS", "Label", "label_text", "story_labels"]

AREA_KINDS = ("continent", "country", "admin1", "region")
# More names than fit on any screen would only slow every zoom (each is laid out each time).
MAX_LABELS = 400


@dataclass(frozen=True)
class Label:
    """One place name to draw.

    ``lat``/``lon`` is where it reads best in the opening view (for an area, inside the part
    of its outline in view); ``anchors`` are further points inside the outline to use at other
    views (the mainland's centre). ``priority`` 0 is the most important.
    """

    text: str
    lat: float
    lon: float
    priority: int
    area: bool
    kind: str
    place_id: str
    key: bool = False
    anchors: tuple[tuple[float, float], ...] = ()


def label_text(place: Place) -> str:
    """Return a place's name as readers of the articles know it.

    The gazetteer's name, unless it is a longer official form of the name the articles use
    ("Matías Romero Avendaño" for "Matías Romero") or a transliteration beyond Latin-1
    ("Āžārbāyjān-e Shārqī" for "East Azerbaijan"): then the articles' most frequent form.
    Abbreviations ("US") never replace a name.

    Examples
    --------
    >>> from geomap.model import Candidate, Mention, Place
    >>> c = Candidate("g:1", "Matías Romero Avendaño", 16.9, -95.0, "city", "MX", None, 0, "")
    >>> m = Mention("a", 0, 13, "Matías Romero", 0)
    >>> label_text(Place("g:1", c, (m, m), 1.0, ""))
    'Matías Romero'
    """
    name = place.candidate.name
    plain = all(ord(ch) < 256 for ch in name)
    forms = Counter(m.text.strip() for m in place.mentions
                    if m.lookup is None and len(m.text.strip()) >= 3 and not m.text.isupper())
    for text, _ in sorted(forms.items(), key=lambda kv: (-kv[1], kv[0])):
        if (" " in text and name.startswith(text + " ")) or not plain:
            return text
    return name


def _inside_smaller(place_id: str, at: tuple[float, float],
                    outlines: dict[str, BaseGeometry]) -> bool:
    """Return whether ``at`` lies inside another, smaller area of the story."""
    own = outlines[place_id].area
    point = coords.point(*at)
    return any(other != place_id and geom.area < own and geom.covers(point)
               for other, geom in outlines.items())


def story_labels(story: Story, view: Bounds | None = None) -> list[Label]:
    """Return the story's place labels, most important first.

    Parameters
    ----------
    story
        From :func:`geomap.read`.
    view
        The opening view; :func:`~geomap.map.view.story_view` when ``None``.

    Returns
    -------
    list of Label
        Core places first, then the others by events and mentions; continents only when
        something happens there. ``key`` marks the core places in the opening view: those
        must be named.

    Examples
    --------
    >>> import geomap
    >>> [lab.text for lab in story_labels(geomap.read("seeds/"))][:2]  # doctest: +SKIP
    ['Darién Gap', 'Panama']
    """
    view = view or story_view(story)
    frame = view_box(view) if view else None
    events: dict[str, int] = {}
    for event in story.events:
        for pid in event.place_ids[:1]:
            events[pid] = events.get(pid, 0) + 1
    key = {p.id for p in core_places(story)}
    body = [p for p in story.places if not p.only_in_related_links
            and (p.candidate.kind != "continent" or p.id in events)]
    ranked = sorted(body, key=lambda p: (p.id not in key, -3 * events.get(p.id, 0)
                                         - len(p.mentions), p.candidate.name, p.id))
    outlines = {p.id: g for p in ranked if p.candidate.kind in AREA_KINDS
                and (g := story.geometry(p.id)).geom_type != "Point"}
    labels = []
    for place in ranked:
        geom = story.geometry(place.id)
        area = place.id in outlines
        if area:
            whole = coords.label_latlon(geom)
            lat, lon = coords.label_latlon(geom, within=frame)
            if _inside_smaller(place.id, (lat, lon), outlines):
                # What shows of a union (the EU, Central America) is one of its members
                # (Greece, Panama), named already: the union is named where it shows whole.
                lat, lon = whole
            anchors = tuple(dict.fromkeys(a for a in (whole,) if a != (lat, lon)))
        else:
            lat, lon, anchors = place.candidate.lat, place.candidate.lon, ()
        # A key place is one the opening view shows; an outlier left out of it is not.
        shown = frame is None or frame.covers(coords.point(lat, lon))
        labels.append(Label(text=label_text(place), lat=lat, lon=lon, priority=0,
                            area=area, kind=place.candidate.kind, place_id=place.id,
                            key=place.id in key and shown, anchors=anchors))
    # Placed in this order: key towns, then key areas (an area's name can move within its
    # outline, a town's must stay by its dot), then the rest.
    order = sorted(range(len(labels)), key=lambda i: (not labels[i].key, labels[i].area, i))
    return [replace(labels[i], priority=rank) for rank, i in enumerate(order[:MAX_LABELS])]

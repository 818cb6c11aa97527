"""The "Official visits" layer: one arc per journey, from the visitor's origin to the place.

Journeys are the visits, talks abroad and deployments of officials among the story's events;
origins come from :mod:`geomap.origins` (stated in the text, a curated home base, an
organisation's headquarters, or the capital of the country whose office a visitor holds).
Colour tells what happened (red) from what did not or not yet (grey: planned, proposed,
denied, uncertain); a solid line an origin the text or a record gives, a dotted one an origin
inferred from who the visitor is, so a reader can tell them apart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import folium

from ...dates import format_date, interval
from ...origins import Origin, event_origins, home_base
from ..timeline import mark_dated
from .base import LegendKey, escape, evidence_quotes, popup_html, register_layer
from .geometry import arc, arrowhead

if TYPE_CHECKING:
    from ...model import Actor, Event
    from ...story import Story

__all__ = ["BASIS_WORDS", "VisitsLayer", "home_base"]

HAPPENED, NOT_HAPPENED = "#d7301f", "#737373"
# How the popup and legend say where an origin comes from.
BASIS_WORDS = {"stated": "stated in the text", "curated": "curated record",
               "organisation": "inferred from the organisation",
               "office": "inferred from the office"}
_INFERRED = ("organisation", "office")


@register_layer("visits")
class VisitsLayer:
    """Arcs from origins to visited places, labelled with actor, role, date and origin."""

    title = "Official visits"

    def build(self, story: Story) -> folium.FeatureGroup:
        """Return the arcs and origin markers of the story's journeys."""
        group = folium.FeatureGroup(name=self.title)
        origins: dict[tuple[float, float, str], Origin] = {}
        self._styles: set[tuple[bool, bool]] = set()  # (happened, inferred) drawn
        drawn: set[tuple[object, ...]] = set()
        for event in story.events:
            target = story.place(event.place_ids[0]) if event.place_ids else None
            if target is None:
                continue
            # At most three arcs per event: a delegation of twenty would hide the map.
            for actor, origin in event_origins(story, event)[:3]:
                # One journey told as a visit and as the talks held there is one arc.
                journey = (actor.id, origin.name, target.id, event.date, event.modality)
                if journey in drawn:
                    continue
                drawn.add(journey)
                origins.setdefault((origin.lat, origin.lon, origin.name), origin)
                self._arc(story, event, actor, origin, (target.candidate.lat,
                                                        target.candidate.lon),
                          target.candidate.name, group)
        for (lat, lon, name), origin in sorted(origins.items()):
            folium.CircleMarker((lat, lon), radius=5, color="#222222", fill=True,
                                fill_color="#ffffff", fill_opacity=1,
                                tooltip=escape(f"Origin: {name} "
                                               f"({BASIS_WORDS[origin.basis]})")).add_to(group)
        return group

    def legend(self) -> list[LegendKey]:
        """Return the keys of the kinds of arc the last build drew."""
        keys = []
        for happened, inferred in sorted(getattr(self, "_styles", set()), reverse=True):
            what = "visit that happened" if happened else "planned, proposed or denied"
            how = " (origin inferred)" if inferred else ""
            keys.append(LegendKey(what + how, HAPPENED if happened else NOT_HAPPENED,
                                  "dotted-arrow" if inferred else (
                                      "arrow" if happened else "dashed-arrow")))
        return keys

    def _arc(self, story: Story, event: Event, actor: Actor, origin: Origin,
             dest: tuple[float, float], dest_name: str, group: folium.FeatureGroup) -> None:
        happened = event.modality == "occurred"
        inferred = origin.basis in _INFERRED
        self._styles.add((happened, inferred))
        role = (actor.record or {}).get("role") or (actor.roles[0] if actor.roles else "")
        role = role or (actor.titles[0] if actor.titles else "")
        when = format_date(event.date, event.date_precision)
        kind = event.label + ("" if happened else f" ({event.modality})")
        who = f"{actor.name} ({role})" if role else actor.name
        label = f"{who}: {kind} to {dest_name}, {when}"
        path = arc((origin.lat, origin.lon), dest)
        colour = HAPPENED if happened else NOT_HAPPENED
        dash = "2 7" if inferred else (None if happened else "8 8")
        quotes = evidence_quotes(story, event.evidence)
        popup = popup_html(label, [("Event", f"{event.code} {event.label}"),
                                   ("Modality", event.modality), ("Date", when),
                                   ("Date precision", event.date_precision),
                                   ("From", origin.name),
                                   ("Origin", BASIS_WORDS[origin.basis]),
                                   ("How the origin is known", origin.detail),
                                   ("To", dest_name),
                                   ("Corrected by the newsroom",
                                    story.correction("event", event.id))],
                           quotes)
        span = interval(event.date, event.date_precision)
        mark_dated(folium.PolyLine(path, color=colour, weight=3,
                                   opacity=0.75 if inferred else 0.9, dash_array=dash,
                                   tooltip=escape(f"{label} (from {origin.name}, "
                                                  f"{BASIS_WORDS[origin.basis]})"),
                                   popup=folium.Popup(popup, max_width=420)), span).add_to(group)
        mark_dated(folium.Polygon(arrowhead(path[-4], path[-1], size=0.1), color=colour,
                                  fill=True, fill_opacity=1, weight=1), span).add_to(group)

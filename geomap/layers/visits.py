"""The "Official visits" layer: one arc per visit, from the actor's home base to the place.

Visits are the story's events of type 042 (make a visit); home bases come from the curated
actor records in ``data/actors.json``. Proposed deployments (type 0332, proposed) are drawn
dashed, so what was only proposed never looks like what happened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

import folium

from ..dates import format_date, interval
from ..timeline import mark_dated
from .base import escape, evidence_quotes, popup_html, register_layer
from .geometry import arc, arrowhead

if TYPE_CHECKING:
    from ..model import Actor, Event
    from ..story import Story

__all__ = ["VisitsLayer", "home_base"]


def home_base(story: Story, actor: Actor) -> tuple[float, float, str] | None:
    """Return ``(lat, lon, label)`` of an actor's curated home base, if it has one."""
    record: dict[str, Any] | None = actor.record
    base = (record or {}).get("home_base") or {}
    cand = story.gazetteer.get(base["place"]) if base.get("place") else None
    return None if cand is None else (cand.lat, cand.lon, str(base["name"]))


@register_layer("visits")
class VisitsLayer:
    """Arcs from home bases to visited places, labelled with actor, role and date."""

    title = "Official visits"
    codes: ClassVar[dict[str, str]] = {"042": "visit", "0332": "proposed deployment"}

    def build(self, story: Story) -> folium.FeatureGroup:
        """Return the arcs and home-base markers of the story's visits."""
        group = folium.FeatureGroup(name=self.title)
        bases: dict[str, tuple[float, float, str]] = {}
        for event in story.events:
            if event.code not in self.codes or not event.place_ids:
                continue
            if event.code == "0332" and event.modality != "proposed":
                continue
            target = story.place(event.place_ids[0])
            if target is None:
                continue
            actors = [a for p in event.participants if (a := story.actor(p.actor_id))]
            # People travel; draw organisations only when no person is named.
            movers = [a for a in actors if a.kind == "person" and home_base(story, a)] or [
                a for a in actors if home_base(story, a)]
            for actor in movers[:3]:
                base = home_base(story, actor)
                assert base is not None
                bases[base[2]] = base
                self._arc(story, event, actor, base, (target.candidate.lat,
                                                      target.candidate.lon),
                          target.candidate.name, group)
        for lat, lon, label in sorted(bases.values()):
            folium.CircleMarker((lat, lon), radius=5, color="#222222", fill=True,
                                fill_color="#ffffff", fill_opacity=1,
                                tooltip=escape(f"Home base: {label}")).add_to(group)
        return group

    def _arc(self, story: Story, event: Event, actor: Actor, base: tuple[float, float, str],
             dest: tuple[float, float], dest_name: str, group: folium.FeatureGroup) -> None:
        happened = event.modality == "occurred"
        role = (actor.record or {}).get("role") or (actor.roles[0] if actor.roles else "")
        when = format_date(event.date, event.date_precision)
        kind = self.codes[event.code] + ("" if happened else f" ({event.modality})")
        label = f"{actor.name} ({role}): {kind} to {dest_name}, {when}"
        path = arc(base[:2], dest)
        colour = "#d7301f" if happened else "#737373"
        quotes = evidence_quotes(story, event.evidence)
        popup = popup_html(label, [("Event", f"{event.code} {event.label}"),
                                   ("Modality", event.modality), ("Date", when),
                                   ("Date precision", event.date_precision),
                                   ("From", base[2]), ("To", dest_name),
                                   ("Home base source", (actor.record or {}).get("source"))],
                           quotes)
        span = interval(event.date, event.date_precision)
        mark_dated(folium.PolyLine(path, color=colour, weight=3, opacity=0.9,
                                   dash_array=None if happened else "8 8",
                                   tooltip=escape(label),
                                   popup=folium.Popup(popup, max_width=420)), span).add_to(group)
        mark_dated(folium.Polygon(arrowhead(path[-4], path[-1], size=0.1), color=colour,
                                  fill=True, fill_opacity=1, weight=1), span).add_to(group)

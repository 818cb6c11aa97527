"""The "Events" layer: every event at its place, coloured by type, with its evidence.

A filled marker is an event that happened; a hollow dashed ring one that was proposed; a grey
ring with a cross one that was denied. Events at one place are fanned out around it so none
hides another. Events that name no place stay out of the map (they are in the tables).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import folium

from ..dates import format_date, interval
from ..timeline import mark_dated
from .base import escape, evidence_quotes, popup_html, register_layer

if TYPE_CHECKING:
    from ..model import Event
    from ..story import Story

__all__ = ["EVENT_COLOURS", "MANY_EVENTS", "EventsLayer", "event_summary"]

EVENT_COLOURS = {"042": "#d7301f", "043": "#fc8d59", "040": "#984ea3", "057": "#1a9850",
                 "0332": "#525252", "072": "#252525", "MIG": "#2166ac"}
_FAN_KM = 12.0  # how far apart events at one place are drawn
# Past this many events, markers with full popups would weigh the page down: the layer draws
# compact columns on a canvas instead, with one-line popups.
MANY_EVENTS = 2000


def event_summary(story: Story, event: Event) -> str:
    """Return a one-line plain-text summary: type, actors with roles, date, modality."""
    actors = []
    for p in event.participants:
        actor = story.actor(p.actor_id)
        if actor is not None and p.role != "reporter":
            actors.append(actor.name)
    who = ", ".join(actors[:4]) + (" …" if len(actors) > 4 else "")
    when = format_date(event.date, event.date_precision)
    modality = "" if event.modality == "occurred" else f" ({event.modality})"
    return f"{event.label}{modality}" + (f": {who}" if who else "") + f", {when}"


def _popup(story: Story, event: Event) -> str:
    when = format_date(event.date, event.date_precision)
    rows: list[tuple[str, object]] = [("Type", f"{event.code} {event.label}"),
                                      ("Modality", event.modality), ("Date", when),
                                      ("Date precision", event.date_precision)]
    for p in event.participants:
        actor = story.actor(p.actor_id)
        if actor is None:
            continue
        role = (actor.record or {}).get("role") or (actor.roles[0] if actor.roles else None)
        rows.append((p.role.capitalize(), actor.name + (f" ({role})" if role else "")))
    names = [pl.candidate.name for pid in event.place_ids if (pl := story.place(pid))]
    rows.append(("Places", ", ".join(names)))
    quotes = evidence_quotes(story, event.evidence)
    return popup_html(event.label, rows, quotes)


@register_layer("events")
class EventsLayer:
    """Every event with a place, coloured by type; modality shown by the marker's style."""

    title = "Events"

    def build(self, story: Story) -> folium.FeatureGroup:
        """Return one marker per placed event, fanned out where events share a place."""
        placed = [e for e in story.events
                  if e.place_ids and story.place(e.place_ids[0]) is not None]
        if len(placed) > MANY_EVENTS:
            return self._many(story)
        group = folium.FeatureGroup(name=self.title)
        at: dict[str, list[Event]] = {}
        for event in story.events:
            if event.place_ids and story.place(event.place_ids[0]) is not None:
                at.setdefault(event.place_ids[0], []).append(event)
        for place_id, events in sorted(at.items()):
            place = story.place(place_id)
            assert place is not None
            lat0, lon0 = place.candidate.lat, place.candidate.lon
            for i, event in enumerate(events):
                lat, lon = _fan(lat0, lon0, i, len(events))
                marker = self._marker(story, event, (lat, lon))
                mark_dated(marker, interval(event.date, event.date_precision)).add_to(group)
        return group

    def _many(self, story: Story) -> folium.FeatureGroup:
        """Draw a big story's events as compact columns (see :mod:`geomap.layers.points`)."""
        import geopandas as gpd
        import pandas as pd

        from .. import coords
        from .points import points_group

        # Only the columns the points show: the whole events table (actors, places and
        # evidence as JSON) would be built for hundreds of thousands of events and dropped.
        events = story.events
        firsts = [story.place(e.place_ids[0]) if e.place_ids else None for e in events]
        columns = {
            "code": [e.code for e in events], "label": [e.label for e in events],
            "date": [e.date.isoformat() if e.date else None for e in events],
            "summary": [event_summary(story, e) for e in events]}
        frame = gpd.GeoDataFrame(
            {k: pd.array(v, dtype="string") for k, v in columns.items()},
            geometry=gpd.GeoSeries([coords.point(p.candidate.lat, p.candidate.lon) if p
                                    else None for p in firsts], crs="EPSG:4326"),
            crs="EPSG:4326")
        return points_group(frame, self.title, text="summary")

    @staticmethod
    def _marker(story: Story, event: Event, where: tuple[float, float]) -> folium.CircleMarker:
        colour = EVENT_COLOURS.get(event.code, "#333333")
        styles: dict[str, dict[str, bool | str | float | None]] = {
            "occurred": {"fill_color": colour, "fill_opacity": 0.95, "color": "#ffffff",
                         "weight": 2, "dash_array": None},
            "proposed": {"fill_color": colour, "fill_opacity": 0.15, "color": colour,
                         "weight": 2.5, "dash_array": "4 3"},
            "denied": {"fill_color": "#bdbdbd", "fill_opacity": 0.5, "color": "#636363",
                       "weight": 2.5, "dash_array": "1 3"},
        }
        style = styles[event.modality]
        return folium.CircleMarker(
            location=where, radius=9, fill=True, tooltip=escape(event_summary(story, event)),
            popup=folium.Popup(_popup(story, event), max_width=420), **style)


def _fan(lat: float, lon: float, i: int, n: int) -> tuple[float, float]:
    """Place the i-th of n events on a small circle around a place (the first at its centre)."""
    if n == 1 or i == 0:
        return lat, lon
    angle = 2 * math.pi * (i - 1) / (n - 1)
    dlat = _FAN_KM / 111.0
    dlon = dlat / max(0.2, math.cos(math.radians(lat)))
    return round(lat + dlat * math.sin(angle), 6), round(lon + dlon * math.cos(angle), 6)

"""The "Events" layer: every event at its place, coloured by family, with its evidence.

One colour per event family (a visit is red whatever its CAMEO code), one marker style per
modality: filled for an event that happened, half-filled with long dashes for one planned,
a hollow ring with short dashes for one proposed, faded for one that may have happened, a grey
dotted ring for one denied. Events at one place are fanned out around it so none hides
another. Events that name no place stay out of the map (they are in the tables). The layer's
legend keys list only the families and modalities it draws.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple

import folium

from ...dates import format_date, interval
from ...extract.eventlex import triggers
from ...extract.events import REALISED, family_of
from ..timeline import mark_dated
from .base import LegendKey, Symbol, escape, evidence_quotes, popup_html, register_layer

if TYPE_CHECKING:

    from ...model import Event
    from ...story import Story

__all__ = ["EVENT_COLOURS", "FAMILY_STYLES", "MANY_EVENTS", "MODALITY_STYLES",
           "MODALITY_SYMBOLS", "EventsLayer", "FamilyStyle", "event_summary", "marker_style"]


class FamilyStyle(NamedTuple):
    """How one event family is drawn: its name in the legend and popups, and its colour."""

    name: str
    colour: str


# Every family the extractor gives (geomap.extract.eventlex.FAMILIES), in legend order.
FAMILY_STYLES: dict[str, FamilyStyle] = {
    "VISIT": FamilyStyle("Visit", "#d7301f"),
    "MEET": FamilyStyle("Meeting", "#984ea3"),
    "AGREE": FamilyStyle("Agreement", "#1a9850"),
    "AID": FamilyStyle("Aid", "#e6ab02"),
    "DEPLOY": FamilyStyle("Troops, military aid", "#525252"),
    "PROTEST": FamilyStyle("Protest", "#e7298a"),
    "ATTACK": FamilyStyle("Attack", "#7f0000"),
    "ARREST": FamilyStyle("Arrest, deportation", "#01665e"),
    "MIGRATION": FamilyStyle("Migration", "#2166ac"),
    "DISASTER": FamilyStyle("Disaster", "#a6761d"),
    "LEGAL": FamilyStyle("Legal action, sanctions", "#17becf"),
    "OTHER": FamilyStyle("Other", "#999999"),
}

Style = dict[str, str | float | None]
_FAMILY = "family"  # stands for the family's colour in MODALITY_STYLES

# How each modality is drawn: folium CircleMarker options, "family" meaning the family's
# colour. Told apart by fill, dashes and opacity, not by colour alone.
MODALITY_STYLES: dict[str, tuple[str, Style]] = {
    "occurred": ("filled: happened", {
        "fill_color": _FAMILY, "fill_opacity": 0.95, "color": "#ffffff", "opacity": 1.0,
        "weight": 2, "dash_array": None}),
    "planned": ("half-filled, long dashes: planned", {
        "fill_color": _FAMILY, "fill_opacity": 0.5, "color": _FAMILY, "opacity": 1.0,
        "weight": 2.5, "dash_array": "8 4"}),
    "proposed": ("hollow, short dashes: proposed", {
        "fill_color": _FAMILY, "fill_opacity": 0.15, "color": _FAMILY, "opacity": 1.0,
        "weight": 2.5, "dash_array": "4 3"}),
    "uncertain": ("faded: may have happened", {
        "fill_color": _FAMILY, "fill_opacity": 0.3, "color": _FAMILY, "opacity": 0.45,
        "weight": 1.5, "dash_array": None}),
    "denied": ("grey, dotted: denied", {
        "fill_color": "#bdbdbd", "fill_opacity": 0.5, "color": "#636363", "opacity": 1.0,
        "weight": 2.5, "dash_array": "1 3"}),
}
_LEGEND_GREY = "#4d4d4d"  # the modality swatches' colour, standing for any family
# Each modality's swatch in the map's legend: the marker's fill, dashes and opacity.
MODALITY_SYMBOLS: dict[str, Symbol] = {"occurred": "dot", "planned": "half-dashed-ring",
                                       "proposed": "dashed-ring", "uncertain": "faded-dot",
                                       "denied": "dotted-ring"}


def _code_colours() -> dict[str, str]:
    codes = {t.code for rows in triggers().values() for t in rows}
    codes |= {code for code, _ in REALISED.values()}
    return {code: FAMILY_STYLES[_known(family_of(code))].colour for code in sorted(codes)
            if code}


def _known(family: str) -> str:
    return family if family in FAMILY_STYLES else "OTHER"


EVENT_COLOURS = _code_colours()
"""Each event code's colour: its family's (for tables mapped by code, such as corpus points)."""
_FAN_KM = 12.0  # how far apart events at one place are drawn
# Past this many events, markers with full popups would weigh the page down: the layer draws
# compact columns on a canvas instead, with one-line popups.
MANY_EVENTS = 2000


def marker_style(family: str, modality: str) -> Style:
    """Return the CircleMarker options of an event of this family and modality.

    An unknown family is drawn as "OTHER"; an unknown modality as "uncertain" (never as an
    event that happened).

    Examples
    --------
    >>> marker_style("VISIT", "proposed")["dash_array"]
    '4 3'
    >>> marker_style("VISIT", "occurred")["fill_color"] == FAMILY_STYLES["VISIT"].colour
    True
    """
    colour = FAMILY_STYLES[_known(family)].colour
    _, style = MODALITY_STYLES.get(modality, MODALITY_STYLES["uncertain"])
    return {k: colour if v == _FAMILY else v for k, v in style.items()}


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


def _count(n: int | None) -> str | None:
    return None if n is None else f"{n:,}"


def _popup(story: Story, event: Event) -> str:
    when = format_date(event.date, event.date_precision)
    rows: list[tuple[str, object]] = [
        ("Family", FAMILY_STYLES[_known(event.family)].name),
        ("Type", f"{event.code} {event.label}"), ("Modality", event.modality), ("Date", when),
        ("Date precision", event.date_precision), ("Dead", _count(event.dead)),
        ("Injured", _count(event.injured)), ("People", _count(event.people))]
    for p in event.participants:
        actor = story.actor(p.actor_id)
        if actor is None:
            continue
        role = (actor.record or {}).get("role") or (actor.roles[0] if actor.roles else None)
        rows.append((p.role.capitalize(), actor.name + (f" ({role})" if role else "")))
    names = [pl.candidate.name for pid in event.place_ids if (pl := story.place(pid))]
    rows.append(("Places", ", ".join(names)))
    rows.append(("Corrected by the newsroom", story.correction("event", event.id)))
    quotes = evidence_quotes(story, event.evidence)
    return popup_html(event.label, rows, quotes)


@register_layer("events")
class EventsLayer:
    """Every event with a place, coloured by family; modality shown by the marker's style."""

    title = "Events"

    def build(self, story: Story) -> folium.FeatureGroup:
        """Return one marker per placed event, fanned out where events share a place."""
        placed = [e for e in story.events
                  if e.place_ids and story.place(e.place_ids[0]) is not None]
        if len(placed) > MANY_EVENTS:
            return self._many(story)
        group = folium.FeatureGroup(name=self.title)
        at: dict[str, list[Event]] = {}
        for event in placed:
            at.setdefault(event.place_ids[0], []).append(event)
        for place_id, events in sorted(at.items()):
            place = story.place(place_id)
            assert place is not None
            lat0, lon0 = place.candidate.lat, place.candidate.lon
            for i, event in enumerate(events):
                lat, lon = _fan(lat0, lon0, i, len(events))
                marker = self._marker(story, event, (lat, lon))
                mark_dated(marker, interval(event.date, event.date_precision)).add_to(group)
        self._families = {_known(e.family) for e in placed}
        self._modalities = {e.modality for e in placed}
        return group

    def _many(self, story: Story) -> folium.FeatureGroup:
        """Draw a big story's events as compact columns (see :mod:`geomap.map.layers.points`)."""
        import geopandas as gpd
        import pandas as pd

        from ... import coords
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
        group = points_group(frame, self.title, text="summary")
        # One style for every modality here: the legend names families only.
        self._families = {_known(e.family) for e, p in zip(events, firsts, strict=True)
                          if p is not None}
        self._modalities = set()
        return group

    def legend(self) -> list[LegendKey]:
        """Return the families the last build drew, then its modalities (in grey)."""
        families: set[str] = getattr(self, "_families", set())
        modalities: set[str] = getattr(self, "_modalities", set())
        keys = [LegendKey(style.name, style.colour) for f, style in FAMILY_STYLES.items()
                if f in families]
        keys += [LegendKey(MODALITY_STYLES[m][0], "#636363" if m == "denied" else _LEGEND_GREY,
                           MODALITY_SYMBOLS[m]) for m in MODALITY_STYLES if m in modalities]
        return keys

    @staticmethod
    def _marker(story: Story, event: Event, where: tuple[float, float]) -> folium.CircleMarker:
        return folium.CircleMarker(
            location=where, radius=9, fill=True, tooltip=escape(event_summary(story, event)),
            popup=folium.Popup(_popup(story, event), max_width=420),
            **marker_style(event.family, event.modality))


def _fan(lat: float, lon: float, i: int, n: int) -> tuple[float, float]:
    """Place the i-th of n events on a small circle around a place (the first at its centre)."""
    if n == 1 or i == 0:
        return lat, lon
    angle = 2 * math.pi * (i - 1) / (n - 1)
    dlat = _FAN_KM / 111.0
    dlon = dlat / max(0.2, math.cos(math.radians(lat)))
    return round(lat + dlat * math.sin(angle), 6), round(lon + dlon * math.cos(angle), 6)

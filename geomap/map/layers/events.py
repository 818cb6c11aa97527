"""The "Events" layer: every event at its place, coloured by family, with its evidence.

One colour per event family (a visit is red whatever its CAMEO code), one marker style per
modality: filled for an event that happened, half-filled with long dashes for one planned,
a hollow ring with short dashes for one proposed, faded for one that may have happened, a grey
dotted ring for one denied. Events at one place are fanned out around it so none hides
another. Events that name no place stay out of the map (they are in the tables). The layer
carries its own legend, listing only the families and modalities it draws, shown while the
layer is on the map.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple

import folium
from branca.element import MacroElement
from jinja2 import Template

from ...dates import format_date, interval
from ...extract.eventlex import triggers
from ...extract.events import REALISED, family_of
from ..timeline import mark_dated
from .base import escape, evidence_quotes, popup_html, register_layer

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ...model import Event
    from ...story import Story

__all__ = ["EVENT_COLOURS", "FAMILY_STYLES", "MANY_EVENTS", "MODALITY_STYLES", "EventsLayer",
           "EventsLegend", "FamilyStyle", "event_summary", "marker_style"]


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
    quotes = evidence_quotes(story, event.evidence)
    return popup_html(event.label, rows, quotes)


def _swatch(style: Style) -> str:
    """Return a small SVG circle drawn as a marker of ``style`` is (escaped attributes)."""
    attrs = {"fill": style["fill_color"], "fill-opacity": style["fill_opacity"],
             "stroke": style["color"], "stroke-opacity": style["opacity"],
             "stroke-width": style["weight"], "stroke-dasharray": style["dash_array"]}
    drawn = " ".join(f'{k}="{escape(v)}"' for k, v in attrs.items() if v is not None)
    return ('<svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">'
            f'<circle cx="9" cy="9" r="6.5" {drawn}/></svg>')


class EventsLegend(MacroElement):
    """The Events layer's legend: the families and modalities it draws, and nothing else.

    A child of the layer's ``FeatureGroup``: a Leaflet control shown while the layer is on
    the map (the layer control hides both together). Its HTML is built here from geomap's
    own names, every value escaped, and reaches the page as a JSON string.

    Parameters
    ----------
    families
        Event families drawn, as in :data:`FAMILY_STYLES`; shown in that table's order.
    modalities
        Modalities drawn, as in :data:`MODALITY_STYLES`; none when the layer draws every
        event alike (a big story's columns).
    """

    _template = Template("""
{% macro header(this, kwargs) %}
<style>
.geomap-events-legend{background:rgba(255,255,255,.94);padding:6px 10px;border-radius:6px;
font:12px/1.45 system-ui,sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3);max-width:240px}
.geomap-events-legend summary{font-weight:700;cursor:pointer}
.geomap-events-legend svg{vertical-align:middle;margin-right:4px}
.geomap-events-legend hr{border:0;border-top:1px solid #ddd;margin:4px 0}
</style>
{% endmacro %}
{% macro script(this, kwargs) %}
(function () {
  var group = {{ this._parent.get_name() }};
  var control = L.control({position: "topright"});
  control.onAdd = function () {
    var box = L.DomUtil.create("div", "geomap-events-legend");
    box.innerHTML = {{ this.html|tojson }};
    if (window.innerWidth < 640) { box.firstChild.removeAttribute("open"); }
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    return box;
  };
  group.on("add", function () { control.addTo(group._map); });
  group.on("remove", function () { control.remove(); });
  if (group._map) { control.addTo(group._map); }
})();
{% endmacro %}
""")

    def __init__(self, families: Iterable[str], modalities: Iterable[str] = ()) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "EventsLegend"
        drawn = {_known(f) for f in families}
        self.families = [f for f in FAMILY_STYLES if f in drawn]
        shown = set(modalities)
        self.modalities = [m for m in MODALITY_STYLES if m in shown]
        self.html = self._html()

    def _html(self) -> str:
        rows = [f'<div data-family="{escape(f)}">'
                f'{_swatch(marker_style(f, "occurred"))}{escape(FAMILY_STYLES[f].name)}</div>'
                for f in self.families]
        if self.modalities:
            rows.append("<hr>")
        for m in self.modalities:
            label, style = MODALITY_STYLES[m]
            grey = {k: _LEGEND_GREY if v == _FAMILY else v for k, v in style.items()}
            rows.append(f'<div data-modality="{escape(m)}">{_swatch(grey)}{escape(label)}</div>')
        return ('<details open aria-label="Events legend"><summary>Events</summary>'
                + "".join(rows) + "</details>")


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
        if placed:
            group.add_child(EventsLegend((e.family for e in placed),
                                         (e.modality for e in placed)))
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
        drawn = [e.family for e, p in zip(events, firsts, strict=True) if p is not None]
        if drawn:  # one style for every modality here: the legend names families only
            group.add_child(EventsLegend(drawn))
        return group

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

"""The "Migration corridor" layer: curated routes in ``data/routes/`` that the story touches.

A route is drawn when the story names its region or at least two of its waypoints. Each leg
shows its mode (boat, on foot, bus) and direction; waypoints named in the articles are
highlighted with the sentences that name them; the route's sourced figures are in its popup.
"""

from __future__ import annotations

import itertools
import json
from functools import cache
from typing import TYPE_CHECKING, Any

import folium

from ..errors import DataError
from ..resources import data_dir
from .base import escape, popup_html, quote_html, register_layer
from .geometry import arrowhead

if TYPE_CHECKING:
    from ..story import Story

__all__ = ["CorridorLayer", "load_routes", "routes_for"]

MODE_STYLE: dict[str, dict[str, Any]] = {"boat": {"color": "#1f78b4", "dash_array": "8 6"},
              "on foot": {"color": "#b15928", "dash_array": "2 6"},
              "bus": {"color": "#33a02c", "dash_array": None}}


@cache
def load_routes() -> tuple[dict[str, Any], ...]:
    """Return every curated route in ``data/routes/``, checking each carries its sources."""
    routes = []
    for path in sorted((data_dir() / "routes").glob("*.json")):
        route = json.loads(path.read_text(encoding="utf-8"))
        for item in [route, *route.get("waypoints", []), *route.get("figures", [])]:
            if not item.get("source"):
                raise DataError(f"{path}: {item.get('name') or item.get('label')!r} has no "
                                "'source'")
        routes.append(route)
    return tuple(routes)


def routes_for(story: Story) -> list[dict[str, Any]]:
    """Return the routes the story touches (its region, or two of its waypoints, named)."""
    named = {p.id for p in story.places
             if not p.only_in_related_links}
    return [r for r in load_routes() if r.get("region") in named
            or sum(w.get("place") in named for w in r["waypoints"]) >= 2]


@register_layer("corridor")
class CorridorLayer:
    """The ordered route with direction, mode per leg, waypoints and yearly figures."""

    title = "Migration corridor"

    def build(self, story: Story) -> folium.FeatureGroup:
        """Return the legs, arrowheads and waypoints of every route the story touches."""
        group = folium.FeatureGroup(name=self.title)
        for route in routes_for(story):
            self._draw(story, route, group)
        return group

    def _draw(self, story: Story, route: dict[str, Any], group: folium.FeatureGroup) -> None:
        gaz = story.gazetteer
        stops = []
        for w in route["waypoints"]:
            cand = gaz.get(w["place"]) if w.get("place") else None
            stops.append((w, cand))
        figures = [f"{f['label']} {f['year']}: {f['value']:,} {f.get('unit', '')} "
                   f"(source: {f['source']})" for f in route.get("figures", [])]
        route_rows = [("Route", route["name"]), ("Direction", route.get("direction")),
                      ("Order of stops", " → ".join(w["name"] for w, _ in stops)),
                      ("Sources", route["source"])]
        mapped = [(w, c) for w, c in stops if c is not None]
        for (w, a), (_, b) in itertools.pairwise(mapped):
            mode = w.get("mode_to_next") or "unknown"
            style = MODE_STYLE.get(mode, {"color": "#555555", "dash_array": None})
            path = [(a.lat, a.lon), (b.lat, b.lon)]
            leg = f"{w['name']} → {b.name}: {mode}" + (f" ({w['note']})" if w.get("note") else "")
            popup = popup_html(route["name"], [("Leg", leg), *route_rows],
                               [escape(f) for f in figures])
            folium.PolyLine(path, weight=4, opacity=0.9, tooltip=escape(leg),
                            popup=folium.Popup(popup, max_width=420), **style).add_to(group)
            mid = ((a.lat + b.lat) / 2, (a.lon + b.lon) / 2)
            folium.Polygon(arrowhead(path[0], mid), color=style["color"], fill=True,
                           fill_opacity=1.0, weight=1).add_to(group)
        named = {p.id: p for p in story.places}
        for w, cand in mapped:
            place = named.get(cand.id)
            quotes = []
            if place is not None:
                for m in place.mentions[:4]:
                    art = story.article(m.article_id)
                    quotes.append(quote_html(story.quote(m.article_id, m.sentence, m.start,
                                                         m.end), art.outlet, art.url))
            rows = [("Waypoint of", route["name"]), ("Next leg", w.get("mode_to_next")),
                    ("Note", w.get("note")), ("Alternatives", ", ".join(w.get("alternatives", []))),
                    ("Source", w["source"]),
                    ("Named in the articles", "yes" if place is not None else "no")]
            folium.CircleMarker(
                (cand.lat, cand.lon), radius=8 if place is not None else 5,
                color="#000000" if place is not None else "#555555",
                weight=2.5 if place is not None else 1, fill=True, fill_color="#ffd92f",
                fill_opacity=1.0, tooltip=escape(w["name"]),
                popup=folium.Popup(popup_html(w["name"], rows, quotes), max_width=420),
            ).add_to(group)

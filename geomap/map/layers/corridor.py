"""The "Migration corridor" layer: the story's own movements over the known routes it touches.

The story's movements (:attr:`geomap.story.Story.movements`: "travelled by bus from Tapachula
through Puebla") are drawn leg by leg, each with its mode and direction, their waypoints
labelled and quoting the sentences that name them. Beneath them, a known route of the route
library (``data/routes/``) or of a story pack is drawn when the story names its region or at
least two of its waypoints, with its sourced waypoints, modes and yearly figures.
"""

from __future__ import annotations

import itertools
import json
import re
from functools import cache
from typing import TYPE_CHECKING, Any

import folium

from ...dates import format_date
from ...errors import DataError
from ...packs import check_route
from ...resources import data_dir
from .base import LegendKey, Quote, Symbol, escape, popup_html, register_layer
from .geometry import arrowhead

if TYPE_CHECKING:
    from ...story import Story

__all__ = ["CorridorLayer", "load_routes", "routes_for"]

MODE_STYLE: dict[str, dict[str, Any]] = {"boat": {"color": "#1f78b4", "dash_array": "8 6"},
              "on foot": {"color": "#b15928", "dash_array": "2 6"},
              "bus": {"color": "#33a02c", "dash_array": None},
              "truck": {"color": "#ff7f00", "dash_array": None},
              "train": {"color": "#6a3d9a", "dash_array": "12 4"},
              "plane": {"color": "#e7298a", "dash_array": "4 8"},
              "car": {"color": "#8c6d31", "dash_array": None}}
_UNKNOWN_MODE = {"color": "#555555", "dash_array": None}
_SYMBOL: dict[str | None, Symbol] = {None: "line", "8 6": "dashed", "2 6": "dotted",
                                     "12 4": "dashed", "4 8": "dashed"}


@cache
def load_routes() -> tuple[dict[str, Any], ...]:
    """Return the route library (``data/routes/``), checking each route carries its sources."""
    routes = []
    for path in sorted((data_dir() / "routes").glob("*.json")):
        try:
            route = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise DataError(f"{path}: cannot read the route ({err})") from err
        routes.append(check_route(route, path))
    return tuple(routes)


def routes_for(story: Story) -> list[dict[str, Any]]:
    """Return the routes the story touches (its region, or two of its waypoints, named).

    The story's packs' routes come first and take the place of a library route with the
    same id (the story knows its own stops and figures).
    """
    named = {p.id for p in story.places
             if not p.only_in_related_links}
    own = [r for pack in story.packs for r in pack.routes]
    taken = {r["id"] for r in own}
    return [r for r in [*own, *(r for r in load_routes() if r["id"] not in taken)]
            if r.get("region") in named or len(_stops(r) & named) >= 2]


_PLACE_ID = re.compile(r"\b(?:geonames:\d+|iso3166-2:[A-Z0-9-]+|geomap:[a-z0-9-]+)")


def _stops(route: dict[str, Any]) -> set[str]:
    """Every place of a route: its waypoints and the places its alternatives name by id.

    An alternative is text ("Tijuana (geonames:3981609) – San Diego (geonames:5391811)"):
    another crossing or landing of the same route, drawn in the popup, not as a leg.
    """
    ids = {w["place"] for w in route["waypoints"] if w.get("place")}
    for w in route["waypoints"]:
        for alt in w.get("alternatives", []):
            ids.update(_PLACE_ID.findall(str(alt)))
    return ids


@register_layer("corridor")
class CorridorLayer:
    """The ordered route with direction, mode per leg, waypoints and yearly figures."""

    title = "Migration corridor"

    def build(self, story: Story) -> folium.FeatureGroup:
        """Return the routes the story touches, and its own movement legs drawn over them."""
        group = folium.FeatureGroup(name=self.title)
        self._modes: set[str] = set()
        self._library = False
        for route in routes_for(story):
            self._draw(story, route, group)
        self._legs(story, group)
        return group

    def legend(self) -> list[LegendKey]:
        """Return one key per mode of travel the last build drew."""
        keys = [LegendKey(f"{mode if mode in MODE_STYLE else 'mode not told'} (corridor)",
                          MODE_STYLE.get(mode, _UNKNOWN_MODE)["color"],
                          _SYMBOL.get(MODE_STYLE.get(mode, _UNKNOWN_MODE)["dash_array"],
                                      "line"))
                for mode in sorted(getattr(self, "_modes", set()))]
        if getattr(self, "_library", False):
            keys.append(LegendKey("waypoint of a known route", "#ffd92f"))
        return keys

    def _legs(self, story: Story, group: folium.FeatureGroup) -> None:
        """Draw each movement the articles tell, leg by leg in the order travelled."""
        named = {p.id: p for p in story.places}
        labelled: dict[str, list[Quote]] = {}
        for move in story.movements:
            stops = [named[pid] for pid in (move.origin_id, *move.via_ids,
                                             move.destination_id) if pid and pid in named]
            if len(stops) < 2:
                continue
            mode = move.mode or "unknown"
            self._modes.add(mode)
            style = MODE_STYLE.get(mode, _UNKNOWN_MODE)
            art = story.article(move.evidence.article_id)
            quote = Quote(move.evidence.quote, art.outlet, art.url)
            when = format_date(move.date, move.date_precision)
            route = " → ".join(p.candidate.name for p in stops)
            for n, (a, b) in enumerate(itertools.pairwise(stops), start=1):
                path = [(a.candidate.lat, a.candidate.lon), (b.candidate.lat, b.candidate.lon)]
                leg = f"{move.who}: {a.candidate.name} → {b.candidate.name} ({mode})"
                popup = popup_html(leg, [
                    ("Who", move.who), ("People", move.count), ("Leg", f"{n} of "
                                                                    f"{len(stops) - 1}"),
                    ("Route told", route), ("Mode", mode), ("Date", when),
                    ("Modality", move.modality)], [quote])
                opacity = 0.95 if move.modality == "occurred" else 0.5
                folium.PolyLine(path, weight=5, opacity=opacity, tooltip=escape(leg),
                                popup=folium.Popup(popup, max_width=420),
                                **style).add_to(group)
                folium.Polygon(arrowhead(path[0], path[1], size=0.06), color=style["color"],
                               fill=True, fill_opacity=opacity, weight=1).add_to(group)
            for p in stops:
                labelled.setdefault(p.id, []).append(quote)
        for pid, quotes in sorted(labelled.items()):
            c = named[pid].candidate
            # Waypoints are key places: the map's label layer names them.
            folium.CircleMarker(
                (c.lat, c.lon), radius=6, color="#000000", weight=2, fill=True,
                fill_color="#ffffff", fill_opacity=1.0, tooltip=escape(c.name),
                popup=folium.Popup(popup_html(c.name, [("Waypoint told in the articles",
                                                        f"{len(quotes)} sentence(s)")],
                                              list(dict.fromkeys(quotes))), max_width=420),
            ).add_to(group)

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
        self._library = self._library or bool(mapped)
        for (w, a), (_, b) in itertools.pairwise(mapped):
            mode = w.get("mode_to_next") or "unknown"
            self._modes.add(mode)
            style = MODE_STYLE.get(mode, _UNKNOWN_MODE)
            path = [(a.lat, a.lon), (b.lat, b.lon)]
            leg = f"{w['name']} → {b.name}: {mode}" + (f" ({w['note']})" if w.get("note") else "")
            popup = popup_html(route["name"], [("Leg", leg), *route_rows],
                               figures)
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
                    quotes.append(Quote(story.quote(m.article_id, m.sentence, m.start, m.end),
                                        art.outlet, art.url))
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

"""The "Places" layer: every resolved place, styled by kind, with every sentence naming it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import folium

from .base import LegendKey, Quote, escape, popup_html, register_layer

if TYPE_CHECKING:
    from ...model import Place
    from ...story import Story

__all__ = ["KIND_COLOURS", "MAX_QUOTES", "PlacesLayer"]

# Every mention in an ordinary story; a very long one lists the first ones and points to the
# table, so one popup never weighs megabytes.
MAX_QUOTES = 60

KIND_COLOURS = {"country": "#1f4e79", "continent": "#1f4e79", "region": "#6a3d9a",
                "admin1": "#6a3d9a", "admin2": "#6a3d9a", "city": "#b2182b",
                "village": "#e66101", "facility": "#4d9221"}
# The legend's words for the kinds (one key per colour).
KIND_LABELS = {"country": "country", "continent": "country", "region": "region / province",
               "admin1": "region / province", "admin2": "region / province", "city": "city",
               "village": "village", "facility": "facility"}


def place_popup(story: Story, place: Place) -> str:
    """Return the popup HTML of a place: what it is, where it comes from, who mentions it."""
    c = place.candidate
    quotes = []
    for m in place.mentions[:MAX_QUOTES]:  # the popup's list scrolls
        art = story.article(m.article_id)
        note = "" if m.section == "body" else f" [{m.section}]"
        quotes.append(Quote(story.quote(m.article_id, m.sentence, m.start, m.end) + note,
                            art.outlet, art.url))
    if len(place.mentions) > MAX_QUOTES:
        quotes.append(Quote(f"… and {len(place.mentions) - MAX_QUOTES} more mentions, in the "
                            "places table", cited=False))
    where = f"{c.lat:.4f}, {c.lon:.4f}"
    if c.uncertainty_km:
        where += f" (approximate, ± {c.uncertainty_km:g} km)"
    return popup_html(c.name, [
        ("Kind", c.kind), ("Precision", c.precision), ("Coordinates", where),
        ("Coordinates from", c.source), ("Why this place", place.reason),
        ("Mentions", len(place.mentions)),
        ("Corrected by the newsroom", story.correction("place", place.id)),
    ], quotes)


@register_layer("places")
class PlacesLayer:
    """Every place the articles name: a dot, or a circle of uncertainty when approximate."""

    title = "Places"

    def build(self, story: Story) -> folium.FeatureGroup:
        """Return one marker per place, with its popup; uncertainty circles underneath."""
        group = folium.FeatureGroup(name=self.title)
        self._drawn: dict[str, str] = {}  # legend label -> colour, of what is drawn
        self._approximate = False
        # Widest circles first and small places last, so nothing small is buried.
        circles = sorted((p for p in story.places if p.candidate.uncertainty_km),
                         key=lambda p: (-(p.candidate.uncertainty_km or 0), p.id))
        for place in circles:
            c = place.candidate
            self._approximate = True
            folium.Circle(
                location=(c.lat, c.lon), radius=(c.uncertainty_km or 0) * 1000,
                color=self._colour(place), weight=2, dash_array="6 4", fill=True,
                fill_opacity=0.12,
                tooltip=escape(f"{c.name}: approximate, ± {c.uncertainty_km:g} km"),
                popup=folium.Popup(place_popup(story, place), max_width=380),
            ).add_to(group)
        rank = {"continent": 0, "country": 1, "region": 2, "admin1": 3, "admin2": 4}
        for place in sorted(story.places, key=lambda p: (rank.get(p.candidate.kind, 5), p.id)):
            c = place.candidate
            related_only = place.only_in_related_links
            label = c.name + (" (only in a link to another story)" if related_only else "")
            self._drawn["only in a link" if related_only else
                        KIND_LABELS.get(c.kind, c.kind)] = self._colour(place)
            folium.CircleMarker(
                location=(c.lat, c.lon), radius=7 if c.kind in ("country", "continent") else 6,
                color="#ffffff", weight=1.5, fill=True, fill_color=self._colour(place),
                fill_opacity=0.95, tooltip=escape(label),
                popup=folium.Popup(place_popup(story, place), max_width=380),
            ).add_to(group)
        return group

    def legend(self) -> list[LegendKey]:
        """Return the keys of the kinds of place the last build drew."""
        order = [*dict.fromkeys(KIND_LABELS.values()), "only in a link"]
        drawn: dict[str, str] = getattr(self, "_drawn", {})
        keys = [LegendKey(label, drawn[label]) for label in order if label in drawn]
        if getattr(self, "_approximate", False):
            keys.append(LegendKey("dashed circle: approximate location", "#e66101",
                                  "dashed-ring"))
        return keys

    @staticmethod
    def _colour(place: Place) -> str:
        if place.only_in_related_links:
            return "#888888"
        return KIND_COLOURS.get(place.candidate.kind, "#333333")

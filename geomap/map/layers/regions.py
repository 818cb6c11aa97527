"""The "Countries & regions" layer: outlines of the countries and regions the story names."""

from __future__ import annotations

from typing import TYPE_CHECKING

import folium
from shapely.geometry import mapping

from ..labels import AREA_KINDS
from .base import escape, register_layer
from .places import KIND_COLOURS, place_popup

if TYPE_CHECKING:
    from ...story import Story

__all__ = ["RegionsLayer"]

@register_layer("regions")
class RegionsLayer:
    """Shaded outlines of every country, state and region mentioned in the story's body."""

    title = "Countries & regions"

    def build(self, story: Story) -> folium.FeatureGroup:
        """Return one shaded, labelled area per place with an outline."""
        group = folium.FeatureGroup(name=self.title)
        # Larger areas first, so smaller ones stay clickable on top.
        order = {k: i for i, k in enumerate(AREA_KINDS)}
        areas = [p for p in story.places if p.candidate.kind in AREA_KINDS
                 and not p.only_in_related_links]
        for place in sorted(areas, key=lambda p: (order[p.candidate.kind], p.id)):
            geom = story.geometry(place.id)
            if geom.geom_type == "Point":
                continue
            colour = KIND_COLOURS.get(place.candidate.kind, "#333333")
            west, south, east, north = geom.bounds
            # A small region is the story's subject; a large one (a continent) only context.
            is_story_region = place.candidate.kind in ("region", "admin1") and max(
                east - west, north - south) < 6
            style = {"color": colour, "weight": 2 if is_story_region else 1,
                     "fillColor": colour, "fillOpacity": 0.25 if is_story_region else 0.04,
                     "dashArray": "4 3" if place.candidate.source.find("Method:") >= 0 else None}
            # The map's label layer names the area inside its outline (not at its centre).
            folium.GeoJson(
                {"type": "Feature", "properties": {}, "geometry": mapping(geom)},
                name=escape(place.candidate.name),
                style_function=lambda _f, s=style: s,
                tooltip=folium.Tooltip(escape(place.candidate.name), sticky=True),
                smooth_factor=1.0,
            ).add_child(folium.Popup(place_popup(story, place), max_width=380)).add_to(group)
        return group

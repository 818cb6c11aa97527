"""Presentation: the story's interactive map, its page, embeds and static images.

The core (ingest, extract, resolve, merge, story, tables, corpus) never imports this package;
this package reads the core's story and tables and draws them.
"""

from __future__ import annotations

from .build import DEFAULT_LAYERS, build_map, build_points_map, map_title
from .save import render_html, save_map

__all__ = ["DEFAULT_LAYERS", "build_map", "build_points_map", "map_title", "render_html",
           "save_map"]

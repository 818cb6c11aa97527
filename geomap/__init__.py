"""geomap: map the places, actors and events of news articles.

The Python API is a thin set of functions over plain data::

    import geomap

    story = geomap.read("seeds/")          # ingest, extract, resolve, merge
    story.places_frame                      # GeoDataFrame, EPSG:4326
    m = geomap.build_map(story)             # a real folium.Map
    geomap.save_map(m, "maps/story.html")   # deterministic HTML
"""

from __future__ import annotations

from .errors import (
    DataError,
    GazetteerError,
    GeocoderError,
    GeomapError,
    InputError,
    UnknownLayerError,
)
from .gazetteer import Gazetteer
from .gazetteer import load as load_gazetteer
from .geoparse import geoparse
from .ingest import read_articles
from .layers import Layer, LegendKey, available_layers, get_layer, register_layer
from .map import DEFAULT_LAYERS, build_map, build_points_map, save_map
from .model import Actor, Article, Candidate, Event, Mention, Movement, Place, Resolution
from .packs import Pack, load_pack
from .resolve import GazetteerResolver, GeopyResolver, Resolver
from .story import Story, read, story_from_articles
from .tables import export, write_table

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_LAYERS",
    "Actor",
    "Article",
    "Candidate",
    "DataError",
    "Event",
    "Gazetteer",
    "GazetteerError",
    "GazetteerResolver",
    "GeocoderError",
    "GeomapError",
    "GeopyResolver",
    "InputError",
    "Layer",
    "LegendKey",
    "Mention",
    "Movement",
    "Pack",
    "Place",
    "Resolution",
    "Resolver",
    "Story",
    "UnknownLayerError",
    "__version__",
    "available_layers",
    "build_map",
    "build_points_map",
    "export",
    "geoparse",
    "get_layer",
    "load_gazetteer",
    "load_pack",
    "read",
    "read_articles",
    "register_layer",
    "save_map",
    "story_from_articles",
    "write_table",
]

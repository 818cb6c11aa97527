"""The layer extension API under its public name; the layers live in :mod:`geomap.map.layers`.

``geomap.layers`` is also the entry-point group other packages register their layers in.
"""

from __future__ import annotations

from ..map.layers import (
    ENTRY_POINT_GROUP,
    Layer,
    LegendKey,
    Symbol,
    available_layers,
    escape,
    get_layer,
    legend_keys,
    register_layer,
)

__all__ = [
    "ENTRY_POINT_GROUP",
    "Layer",
    "LegendKey",
    "Symbol",
    "available_layers",
    "escape",
    "get_layer",
    "legend_keys",
    "register_layer",
]

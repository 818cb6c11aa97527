"""Map layers: the protocol, the registry and the built-in layers."""

from __future__ import annotations

from .base import (
    ENTRY_POINT_GROUP,
    Layer,
    LegendKey,
    Quote,
    Symbol,
    available_layers,
    escape,
    get_layer,
    legend_keys,
    popup_html,
    register_layer,
)

__all__ = ["ENTRY_POINT_GROUP", "Layer", "LegendKey", "Quote", "Symbol", "available_layers",
           "escape", "get_layer", "legend_keys", "popup_html", "register_layer"]

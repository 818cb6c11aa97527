"""Leaflet path options resolved into a look: colours with opacity, widths and dashes."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

from folium.utilities import camelize
from matplotlib import colors as mcolors

from .locations import _number

RGBA: TypeAlias = tuple[float, float, float, float]


@dataclass(frozen=True)
class _Style:
    """A Leaflet path's look, resolved: colours with their opacity, widths in pixels."""

    stroke: bool
    color: RGBA
    weight: float
    dash: tuple[float, ...] | None
    fill: bool
    fill_color: RGBA
    cap: str
    join: str


_LEAFLET_BLUE = "#3388ff"


def _style(options: Mapping[str, Any], *, fill: bool) -> _Style:
    """Resolve Leaflet path options (camelCase or snake_case) with Leaflet's defaults."""
    o = {camelize(str(k)): v for k, v in options.items()}
    color = o.get("color") or _LEAFLET_BLUE
    weight = max(0.0, _number(o.get("weight"), 3.0))
    return _Style(
        stroke=bool(o.get("stroke", True)) and weight > 0,
        color=_rgba(color, _number(o.get("opacity"), 1.0)),
        weight=weight,
        dash=_dashes(o.get("dashArray")),
        fill=bool(o.get("fill", fill)),
        fill_color=_rgba(o.get("fillColor") or color, _number(o.get("fillOpacity"), 0.2)),
        cap={"butt": "butt", "square": "projecting"}.get(str(o.get("lineCap")), "round"),
        join={"miter": "miter", "bevel": "bevel"}.get(str(o.get("lineJoin")), "round"))


_CSS_RGB = re.compile(r"rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)")


def _rgba(value: object, alpha: float) -> RGBA:
    """Return a CSS colour as RGBA with ``alpha`` applied; an unknown one is Leaflet's blue."""
    alpha = min(1.0, max(0.0, alpha))
    text = str(value).strip().lower()
    if text in ("none", "transparent"):
        return (0.0, 0.0, 0.0, 0.0)
    match = _CSS_RGB.fullmatch(text)
    if match:
        r, g, b = (min(255.0, float(v)) / 255 for v in match.groups()[:3])
        a = float(match.group(4)) if match.group(4) else 1.0
        return (r, g, b, min(1.0, a) * alpha)
    try:
        r, g, b, a = mcolors.to_rgba(text)
    except ValueError:
        r, g, b, a = mcolors.to_rgba(_LEAFLET_BLUE)
    return (r, g, b, a * alpha)


def _dashes(value: object) -> tuple[float, ...] | None:
    """Return an SVG dash array (pixels) as numbers, or None for a solid line."""
    if value is None:
        return None
    try:
        numbers = tuple(float(v) for v in re.split(r"[\s,]+", str(value).strip()) if v)
    except ValueError:
        return None
    if not numbers or any(not math.isfinite(v) or v < 0 for v in numbers) or sum(numbers) <= 0:
        return None
    return numbers * 2 if len(numbers) % 2 else numbers

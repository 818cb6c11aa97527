"""Where things land on the image: Web Mercator lon/lat to pixels, pixels to points.

The image's pixels are Leaflet's: origin bottom left, y up, one Leaflet pixel one pixel.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TypeAlias

import numpy as np

Bounds: TypeAlias = tuple[tuple[float, float], tuple[float, float]]
_Box: TypeAlias = tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels

_EARTH_RADIUS = 6378137.0
_MAX_LAT = 85.0
_MIN_SPAN_M = 20_000.0  # never zoom in closer than about 20 km across


def _mercator(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return Web Mercator metres (EPSG:3857), latitudes clipped to ±85°."""
    lat = np.clip(lat, -_MAX_LAT, _MAX_LAT)
    x = _EARTH_RADIUS * np.radians(lon)
    y = _EARTH_RADIUS * np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))
    return x, y


@dataclass(frozen=True)
class _View:
    """From lon/lat to the image's pixels (origin bottom left, y up)."""

    x0: float
    y0: float
    k: float  # pixels per metre
    width: int
    height: int

    def px(self, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        x, y = _mercator(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
        return (x - self.x0) * self.k, (y - self.y0) * self.k

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = self.px(np.array([lon]), np.array([lat]))
        return float(x[0]), float(y[0])

    def inside(self, x: float, y: float, margin: float = 0.0) -> bool:
        return -margin <= x <= self.width + margin and -margin <= y <= self.height + margin


def _view(bounds: Bounds, size: tuple[int, int], padding: tuple[float, float]) -> _View:
    """Return the view showing ``bounds`` whole, centred, widened to the image's shape."""
    try:
        (s, w), (n, e) = ((float(bounds[0][0]), float(bounds[0][1])),
                          (float(bounds[1][0]), float(bounds[1][1])))
    except (TypeError, ValueError, IndexError) as err:
        raise ValueError(f"bounds must be ((south, west), (north, east)), not {bounds!r}"
                         ) from err
    if not all(math.isfinite(v) for v in (s, w, n, e)):
        raise ValueError(f"bounds must be finite numbers, not {bounds!r}")
    xs, ys = _mercator(np.array([min(w, e), max(w, e)]), np.array([min(s, n), max(s, n)]))
    width, height = size
    pad_x = min(max(0.0, padding[0]), width / 4)
    pad_y = min(max(0.0, padding[1]), height / 4)
    span_x = max(float(xs[1] - xs[0]), _MIN_SPAN_M)
    span_y = max(float(ys[1] - ys[0]), _MIN_SPAN_M)
    k = min((width - 2 * pad_x) / span_x, (height - 2 * pad_y) / span_y)
    cx, cy = float(xs.mean()), float(ys.mean())
    return _View(cx - width / 2 / k, cy - height / 2 / k, k, width, height)


def _points(px: float, dpi: float) -> float:
    """Return a length in pixels as typographic points."""
    return px * 72.0 / dpi

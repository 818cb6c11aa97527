"""Shapes the layers draw: arcs and arrowheads, in (lat, lon) as folium wants."""

from __future__ import annotations

import math

__all__ = ["arc", "arrowhead"]


def arc(start: tuple[float, float], end: tuple[float, float], *, bend: float = 0.2,
        steps: int = 32) -> list[tuple[float, float]]:
    """Return a gently curved path from ``start`` to ``end`` (a quadratic Bézier curve).

    Examples
    --------
    >>> path = arc((0.0, 0.0), (0.0, 10.0))
    >>> path[0], path[-1]
    ((0.0, 0.0), (0.0, 10.0))
    """
    (y0, x0), (y1, x1) = start, end
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    # Control point: offset to the left of the direction of travel.
    cx, cy = mx - (y1 - y0) * bend, my + (x1 - x0) * bend
    points = []
    for i in range(steps + 1):
        t = i / steps
        x = (1 - t) ** 2 * x0 + 2 * (1 - t) * t * cx + t ** 2 * x1
        y = (1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t ** 2 * y1
        points.append((round(y, 5), round(x, 5)))
    return points


def arrowhead(tail: tuple[float, float], tip: tuple[float, float], *, size: float = 0.08
              ) -> list[tuple[float, float]]:
    """Return the triangle of an arrowhead at ``tip`` pointing away from ``tail``."""
    (y0, x0), (y1, x1) = tail, tip
    angle = math.atan2(y1 - y0, x1 - x0)
    left = (y1 - size * math.sin(angle - 0.45), x1 - size * math.cos(angle - 0.45))
    right = (y1 - size * math.sin(angle + 0.45), x1 - size * math.cos(angle + 0.45))
    return [(round(p[0], 5), round(p[1], 5)) for p in (tip, left, right)]

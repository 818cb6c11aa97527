"""Label placement: by priority, each name where it overlaps nothing placed before."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Literal, Protocol, TypeAlias

from .locations import _latlon_list, _number
from .projection import _Box, _points, _View
from .text import INK, _clean, _halo_text, _shorten

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backends.backend_agg import RendererAgg

_LABEL_Z = 8.0
_MAX_LABELS = 400  # labels tried, most important first: a big story's tail never shows


class LabelLike(Protocol):
    """What :func:`render_static` reads of a label (such as ``geomap.map.labels.Label``).

    ``priority`` 0 is the most important; labels are placed in that order and a label that
    would overlap one already placed is left out. An ``area`` label (a country, a region) is
    centred on its anchor; a place label sits beside its dot.
    """

    @property
    def text(self) -> str:
        """The label's text."""
        ...

    @property
    def lat(self) -> float:
        """Latitude of the anchor."""
        ...

    @property
    def lon(self) -> float:
        """Longitude of the anchor."""
        ...

    @property
    def priority(self) -> int:
        """0 for the most important."""
        ...

    @property
    def area(self) -> bool:
        """True for a country or region label, centred on its anchor."""
        ...


def _overlap(a: _Box, b: _Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _place_labels(ax: Axes, renderer: RendererAgg, view: _View, dpi: float, scale: float,
                  labels: Sequence[LabelLike], blocked: list[_Box]) -> None:
    """Place labels by priority where they overlap nothing placed before; drop the rest.

    A place's name tries the right of its dot, then the left, above and below; an area's
    name is centred on its anchor (or on one of its further ``anchors``, if it has any). No
    name covers another labelled place's dot, a name already placed, the title, credits or
    legend, or leaves the frame. Sizes and colours follow the HTML map's label styles.
    """
    todo = []
    for order, label in enumerate(labels):
        text = _shorten(_clean(label.text), 40)
        spots = [(_number(label.lat, math.nan), _number(label.lon, math.nan)),
                 *_latlon_list(list(getattr(label, "anchors", ()) or ()))]
        points = [view.point(lon, lat) for lat, lon in spots
                  if math.isfinite(lat) and math.isfinite(lon)]
        points = [(x, y) for x, y in points if view.inside(x, y)]
        if text and points:
            todo.append((int(_number(label.priority, 99)), order, bool(label.area),
                          bool(getattr(label, "key", False)), text, points))
    todo.sort(key=lambda t: (t[0], t[1]))
    del todo[_MAX_LABELS:]
    dot = 5.0
    dots = [(x - dot, y - dot, x + dot, y + dot, order)
            for _, order, area, _, _, points in todo if not area for x, y in points[:1]]
    taken = list(blocked)
    frame = (2.0, 2.0, view.width - 2.0, view.height - 2.0)
    gap, pad = 9.0, 2.0
    for _, order, area, key, text, points in todo:
        if area:
            size, weight, colour = (12.0 if key else 11.0), "bold", "#4a4a4a"
            text = text.upper()
        else:
            size, weight, colour = (13.0 if key else 12.0), ("bold" if key else "normal"), INK
        x, y = points[0]
        halo, drawn = _halo_text(ax, x, y, text, size=_points(size * scale, dpi),
                                 color=colour, weight=weight, ha="left", va="center",
                                 z=_LABEL_Z, dpi=dpi)
        others = [d[:4] for d in dots if d[4] != order]
        # Above and below clear the names beside the dot (whose height this is).
        rise = max(gap, drawn.get_window_extent(renderer).height / 2 + 2 * pad + 1)
        for sx, sy, ha, va in _spots(points, area, gap, rise):
            for artist in (halo, drawn):
                artist.set_position((sx, sy))
                artist.set_horizontalalignment(ha)
                artist.set_verticalalignment(va)
            extent = drawn.get_window_extent(renderer)
            spot = (extent.x0 - pad, extent.y0 - pad, extent.x1 + pad, extent.y1 + pad)
            inside = (spot[0] >= frame[0] and spot[1] >= frame[1] and spot[2] <= frame[2]
                      and spot[3] <= frame[3])
            if inside and not any(_overlap(spot, b) for b in [*taken, *others]):
                taken.append(spot)
                break
        else:
            halo.remove()
            drawn.remove()


_HAlign: TypeAlias = Literal["left", "center", "right"]
_VAlign: TypeAlias = Literal["bottom", "center", "top"]


def _spots(points: list[tuple[float, float]], area: bool, gap: float, rise: float
           ) -> Iterator[tuple[float, float, _HAlign, _VAlign]]:
    """Yield where a name may go: centred on an area's anchors; beside a place's dot."""
    if area:
        for x, y in points:
            yield x, y, "center", "center"
        return
    x, y = points[0]
    yield x + gap, y, "left", "center"
    yield x - gap, y, "right", "center"
    yield x, y + rise, "center", "bottom"
    yield x, y - rise, "center", "top"

"""Drawing the scene's items on matplotlib axes whose data units are the image's pixels."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import numpy as np
import shapely
from matplotlib.patches import Circle as CirclePatch
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from .items import _Cloud, _Dot, _Item, _Note, _Shape
from .locations import _flatten
from .projection import _points, _View
from .style import _rgba, _Style
from .text import INK, _halo_text

if TYPE_CHECKING:
    from matplotlib.axes import Axes

Format: TypeAlias = Literal["png", "svg"]

_RASTER_POINTS = 5000  # past this many points an SVG carries them as one embedded image


class _Painter:
    """Draws the scene's items on the axes (whose data units are the image's pixels)."""

    def __init__(self, ax: Axes, view: _View, dpi: float, fmt: Format) -> None:
        self.ax, self.view, self.dpi, self.fmt = ax, view, dpi, fmt
        margin = max(view.width, view.height)
        self.frame = box(-margin, -margin, view.width + margin, view.height + margin)

    def draw(self, item: _Item) -> None:
        if isinstance(item, _Shape):
            self._shape(item)
        elif isinstance(item, _Dot):
            self._dot(item)
        elif isinstance(item, _Note):
            self._note(item)
        else:
            self._cloud(item)

    def _line_kwargs(self, style: _Style) -> dict[str, Any]:
        dashes = None if style.dash is None else (
            0.0, tuple(_points(v, self.dpi) for v in style.dash))
        return {"linewidth": _points(style.weight, self.dpi) if style.stroke else 0.0,
                "edgecolor": style.color if style.stroke else "none",
                "linestyle": dashes or "solid", "capstyle": style.cap,
                "joinstyle": style.join}

    def _shape(self, item: _Shape) -> None:
        geom = shapely.transform(item.geom, lambda c: np.column_stack(
            self.view.px(c[:, 0], c[:, 1])))
        if not geom.intersects(self.frame):
            return
        if not geom.within(self.frame):  # far-away vertices would overflow the rasteriser
            geom = geom.intersection(self.frame)
        parts = _flatten(geom)
        areas = [p for p in parts if p.geom_type == "Polygon"]
        lines = [p for p in parts if p.geom_type in ("LineString", "LinearRing")]
        style = item.style
        if areas and (style.fill or style.stroke):
            self.ax.add_patch(PathPatch(
                _path(areas, closed=True), fill=style.fill,
                facecolor=style.fill_color if style.fill else "none",
                zorder=item.z, **self._line_kwargs(style)))
        if lines and style.stroke:
            self.ax.add_patch(PathPatch(_path(lines, closed=False), fill=False, zorder=item.z,
                                        **self._line_kwargs(style)))

    def _dot(self, item: _Dot) -> None:
        x, y = self.view.point(item.lon, item.lat)
        if not self.view.inside(x, y, item.radius + item.style.weight):
            return
        style = item.style
        self.ax.add_patch(CirclePatch(
            (x, y), radius=item.radius, fill=style.fill,
            facecolor=style.fill_color if style.fill else "none", zorder=item.z,
            **self._line_kwargs(style)))

    def _note(self, item: _Note) -> None:
        x, y = self.view.point(item.lon, item.lat)
        if self.view.inside(x, y):
            _halo_text(self.ax, x, y, item.text, size=_points(11, self.dpi), color=INK,
                       weight="bold", ha="center", va="center", z=item.z, dpi=self.dpi)

    def _cloud(self, item: _Cloud) -> None:
        x, y = self.view.px(item.lon, item.lat)
        keep = (x >= -10) & (x <= self.view.width + 10) & (y >= -10) & (y <= self.view.height
                                                                          + 10)
        if not keep.any():
            return
        colors = np.array([_rgba(c, 0.9) for c in item.colors])[item.kinds[keep]]
        diameter = _points(10, self.dpi)
        drawn = self.ax.scatter(x[keep], y[keep], s=diameter ** 2, c=colors,
                                edgecolors="#ffffff", linewidths=_points(1, self.dpi),
                                zorder=item.z)
        drawn.set_rasterized(self.fmt == "svg" and int(keep.sum()) > _RASTER_POINTS)


def _path(parts: Sequence[BaseGeometry], *, closed: bool) -> MplPath:
    """Return one matplotlib path of polygons (outer rings anticlockwise) or lines."""
    vertices: list[np.ndarray] = []
    codes: list[np.ndarray] = []

    def add(coords: np.ndarray, ring: bool) -> None:
        if len(coords) < 2:
            return
        kinds = np.full(len(coords), MplPath.LINETO, dtype=MplPath.code_type)
        kinds[0] = MplPath.MOVETO
        if ring:
            kinds[-1] = MplPath.CLOSEPOLY
        vertices.append(coords[:, :2])
        codes.append(kinds)

    for part in parts:
        if closed:
            # Holes turn the other way, so the non-zero rule leaves them empty (as
            # Leaflet's even-odd rule does).
            polygon = orient(part, sign=1.0)
            add(np.asarray(polygon.exterior.coords), True)
            for hole in polygon.interiors:
                add(np.asarray(hole.coords), True)
        else:
            add(np.asarray(part.coords), False)
    if not vertices:
        return MplPath(np.zeros((0, 2)))
    return MplPath(np.concatenate(vertices), np.concatenate(codes))

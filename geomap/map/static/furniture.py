"""The map's furniture: the title, the credits and the legend with its swatches."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from matplotlib.font_manager import FontProperties
from matplotlib.patches import Circle as CirclePatch
from matplotlib.patches import FancyBboxPatch, PathPatch
from matplotlib.patches import Polygon as MplPolygon
from matplotlib.path import Path as MplPath

from ..layers.base import LegendKey
from .projection import _Box, _points
from .style import _rgba
from .text import FONT, INK, MUTED, _clean, _shorten, _text_width, _wrap

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backends.backend_agg import RendererAgg

_CHROME_Z = 9.0


class _Chrome:
    """The title, credits and legend; they keep labels off the room they take."""

    def __init__(self, ax: Axes, renderer: RendererAgg, size: tuple[int, int],
                 dpi: float) -> None:
        self.ax, self.renderer, self.dpi = ax, renderer, dpi
        self.width, self.height = size
        # Text grows with the image (a print page) and never shrinks below legible.
        self.scale = min(3.0, max(0.85, min(size) / 800))
        self.margin = round(12 * self.scale)

    def pt(self, px: float) -> float:
        return _points(px * self.scale, self.dpi)

    def draw(self, title: str, credits: str, legend: Sequence[LegendKey]) -> list[_Box]:
        boxes: list[_Box] = []
        top: float = self.height
        if title:
            boxes.append(self._title(title))
            top = boxes[-1][1]
        credit_box = self._credits(credits) if credits else None
        if credit_box:
            boxes.append(credit_box)
        if legend:
            drawn = self._legend(legend, credit_box, top)
            if drawn:
                boxes.append(drawn)
        return boxes

    def _width(self, text: str, prop: FontProperties) -> float:
        return _text_width(self.renderer, text, prop)

    def _box(self, artist: Any) -> _Box:
        extent = artist.get_window_extent(self.renderer)
        return (extent.x0, extent.y0, extent.x1, extent.y1)

    def _title(self, title: str) -> _Box:
        prop = FontProperties(family=FONT, size=self.pt(22), weight="bold")
        lines = _wrap(title, prop, self.renderer, self.width * 0.7 - 2 * self.margin, 2)
        text = self.ax.text(
            self.margin * 1.6, self.height - self.margin * 1.6, "\n".join(lines),
            fontproperties=prop, color=INK, ha="left", va="top", linespacing=1.25,
            parse_math=False, zorder=_CHROME_Z,
            bbox={"boxstyle": "round,pad=0.45,rounding_size=0.3", "facecolor": "#ffffff",
                  "alpha": 0.94, "edgecolor": "none"})
        text.update_bbox_position_size(self.renderer)
        patch = text.get_bbox_patch()
        return self._box(patch if patch is not None else text)

    def _credits(self, credits: str) -> _Box:
        prop = FontProperties(family=FONT, size=self.pt(10.5))
        lines = _wrap(credits, prop, self.renderer, self.width - 2 * self.margin - 20, 2)
        text = self.ax.text(
            self.width - self.margin / 2, self.margin / 2, "\n".join(lines),
            fontproperties=prop, color=MUTED, ha="right", va="bottom", multialignment="right",
            parse_math=False, zorder=_CHROME_Z,
            bbox={"boxstyle": "square,pad=0.3", "facecolor": "#ffffff", "alpha": 0.8,
                  "edgecolor": "none"})
        text.update_bbox_position_size(self.renderer)
        patch = text.get_bbox_patch()
        return self._box(patch if patch is not None else text)

    def _legend(self, keys: Sequence[LegendKey], credit_box: _Box | None,
                top: float) -> _Box | None:
        """Draw the keys bottom left, as the HTML legend's swatches; as many as fit."""
        s = self.scale
        row, pad, swatch_w, gap = 17 * s, 7 * s, 22 * s, 5 * s
        prop = FontProperties(family=FONT, size=self.pt(11))
        x0 = self.margin
        y0 = self.margin / 2
        if credit_box is not None and credit_box[0] < self.width * 0.62:
            y0 = credit_box[3] + self.margin / 2  # above credits that take the whole width
        room = min(top - self.margin, self.height * 0.4) - y0 - 2 * pad
        unique = list(dict.fromkeys(keys))
        fits = max(0, int(room // row))
        if fits < 1:
            return None
        shown: list[LegendKey | str] = list(unique)
        if len(unique) > fits:
            shown = [*unique[: max(0, fits - 1)], f"… and {len(unique) - fits + 1} more"]
        names = [k if isinstance(k, str) else _shorten(_clean(k.label), 44) for k in shown]
        widths = [self._width(n, prop) for n in names]
        box_w = 2 * pad + swatch_w + gap + max(widths)
        box_h = 2 * pad + row * len(shown)
        self.ax.add_patch(FancyBboxPatch(
            (x0, y0), box_w, box_h, boxstyle=f"round,pad=0,rounding_size={6 * s}",
            facecolor="#ffffff", alpha=0.94, edgecolor="none", zorder=_CHROME_Z))
        for i, (key, name) in enumerate(zip(shown, names, strict=True)):
            cy = y0 + box_h - pad - row * (i + 0.5)
            cx = x0 + pad + swatch_w / 2
            if isinstance(key, LegendKey):
                self._swatch(key, cx, cy)
            self.ax.text(x0 + pad + swatch_w + gap, cy, name, fontproperties=prop, color=INK,
                         ha="left", va="center_baseline", parse_math=False,
                         zorder=_CHROME_Z + 0.02)
        return (x0, y0, x0 + box_w, y0 + box_h)

    def _swatch(self, key: LegendKey, cx: float, cy: float) -> None:
        """Draw one key's symbol as the HTML legend does (geomap/map/templates/legend.html)."""
        s, z = self.scale, _CHROME_Z + 0.01
        colour = key.color
        ring = {"dot": ("#ffffff", 1.5, None, colour, 1.0, 1.0),
                "ring": (colour, 2.0, None, "none", 1.0, 1.0),
                "dashed-ring": (colour, 2.0, (3, 2), colour, 0.15, 1.0),
                "half-dashed-ring": (colour, 2.0, (5, 2), colour, 0.5, 1.0),
                "faded-dot": (colour, 1.5, None, colour, 0.3, 0.45),
                "dotted-ring": (colour, 2.0, (1, 2), "#bdbdbd", 0.5, 1.0)}
        if key.symbol in ring:
            edge, width, dash, face, face_alpha, edge_alpha = ring[key.symbol]
            self.ax.add_patch(CirclePatch(
                (cx, cy), radius=5 * s, facecolor=_rgba(face, face_alpha),
                edgecolor=_rgba(edge, edge_alpha), linewidth=self.pt(width),
                linestyle=(0, tuple(self.pt(v) for v in dash)) if dash else "solid",
                zorder=z))
            return
        arrow = key.symbol.endswith("arrow")
        dash = (5, 3) if key.symbol.startswith("dashed") else (
            (1, 3) if key.symbol.startswith("dotted") else None)
        left, right = cx - 10 * s, cx + (5 if arrow else 10) * s
        self.ax.add_patch(PathPatch(
            MplPath([(left, cy), (right, cy)]), fill=False, edgecolor=_rgba(colour, 1.0),
            linewidth=self.pt(2.5), capstyle="round" if dash == (1, 3) else "butt",
            linestyle=(0, tuple(self.pt(v) for v in dash)) if dash else "solid", zorder=z))
        if arrow:
            self.ax.add_patch(MplPolygon(
                [(cx + 4 * s, cy + 5 * s), (cx + 11 * s, cy), (cx + 4 * s, cy - 5 * s)],
                closed=True, facecolor=_rgba(colour, 1.0), edgecolor="none", zorder=z))

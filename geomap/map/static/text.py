"""Text on the image: the font, what it can draw, how wide it runs, and haloed labels."""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import TYPE_CHECKING, Any

from matplotlib import patheffects
from matplotlib.font_manager import FontProperties, findfont
from matplotlib.ft2font import FT2Font

from .projection import _points

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.text import Text

FONT = "DejaVu Sans"
INK, MUTED = "#222222", "#555555"


@cache
def _glyphs() -> frozenset[int]:
    """Return the characters both the regular and the bold font can draw."""
    faces = [findfont(FontProperties(family=FONT, weight=w), fallback_to_default=False)
             for w in ("normal", "bold")]
    maps = [set(FT2Font(face).get_charmap()) for face in faces]
    return frozenset(set.intersection(*maps))


def _clean(text: object) -> str:
    """Return text the font can draw and XML can hold, on one line.

    Control, format and unassigned characters go (so the SVG stays well-formed XML);
    characters the font lacks become U+FFFD, drawn the same in every run.
    """
    glyphs = _glyphs()
    out = []
    for ch in unicodedata.normalize("NFC", str(text or "")):
        category = unicodedata.category(ch)
        if ch in "\t\n\r\f\v" or category in ("Zl", "Zp"):
            out.append(" ")
        elif category[0] == "C":
            continue
        elif category[0] == "Z":
            out.append(" ")
        else:
            out.append(ch if ord(ch) in glyphs else "\ufffd")
    return " ".join("".join(out).split())


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _text_width(renderer: RendererAgg, text: str, prop: FontProperties) -> float:
    """Return the width of one line of text in pixels."""
    width = renderer.get_text_width_height_descent(  # type: ignore[no-untyped-call]
        text, prop, ismath=False)[0]
    return float(width)


def _wrap(text: str, prop: FontProperties, renderer: RendererAgg, width: float,
          max_lines: int) -> list[str]:
    """Break text into lines no wider than ``width`` pixels; an ellipsis ends the last."""
    def wide(s: str) -> float:
        return _text_width(renderer, s, prop)

    # No glyph is narrower than 2 px: more characters than fit in the lines never show, and a
    # headline of megabytes must not be measured word by word.
    text = text[:int(max_lines * width / 2) + 1]
    lines: list[str] = []
    current = ""
    words = text.split()
    for i, word in enumerate(words):
        candidate = f"{current} {word}".strip()
        if not current or wide(candidate) <= width:
            current = candidate
            continue
        lines.append(current)
        current = word
        if len(lines) == max_lines:
            current = " ".join([lines.pop(), *words[i:]])
            break
    if current:
        lines.append(current)
    last = lines[-1] if lines else ""
    if wide(last) > width:
        # The longest head of the line that fits with its ellipsis, found by halving.
        lo, hi = 0, len(last)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            lo, hi = (mid, hi) if wide(last[:mid] + "…") <= width else (lo, mid - 1)
        lines[-1] = last[:lo].rstrip(" ,;:-–—") + "…"
    return lines


def _halo_text(ax: Axes, x: float, y: float, text: str, *, size: float, color: str,
               weight: str, ha: str, va: str, z: float, dpi: float) -> tuple[Text, Text]:
    """Draw text with a white halo: the halo as outlines, the text itself as text.

    (A path effect on the text itself would turn it into outlines in SVG too.)
    """
    common: dict[str, Any] = {"fontsize": size, "fontweight": weight, "ha": ha, "va": va,
                              "parse_math": False, "zorder": z}
    halo = ax.text(x, y, text, color="#ffffff", **common)
    halo.set_path_effects([patheffects.Stroke(linewidth=_points(3.5, dpi),
                                              foreground="#ffffff", alpha=0.9)])
    label = ax.text(x, y, text, color=color, **common)
    return halo, label

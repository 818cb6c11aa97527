"""Static images of a map, PNG or SVG, for print, newsletters and social cards.

The image is drawn from the built :class:`folium.Map` itself, so it shows what the
interactive map draws, layers added by plugins with plain folium code included: country
outlines, regions, routes, arcs, events and places, with labels, a title, credits and a
legend on top. It needs no browser, no tiles and no network: matplotlib draws on a Web
Mercator plane, as Leaflet does, and one Leaflet pixel is one pixel of the image.

The same inputs give the same bytes: no dates nor software versions in the files, fixed
SVG ids, and one font (DejaVu Sans, shipped with matplotlib). SVG keeps its text as text,
so titles and labels stay searchable and readable by assistive technology.

This module is the public API; the work is done by its parts, one job each:
:mod:`.scene` walks the map's tree into drawable items (:mod:`.elements`, :mod:`.items`,
:mod:`.locations`, :mod:`.style`), :mod:`.projection` puts them on the image's pixels,
:mod:`.paint` draws them, :mod:`.furniture` adds the title, credits and legend,
:mod:`.placement` the labels, and :mod:`.text` holds the font and its measures.

Examples
--------
>>> import geomap
>>> from geomap.map.static import save_static
>>> m = geomap.build_map(geomap.read("seeds/"), tiles=None)  # doctest: +SKIP
>>> save_static(m, "maps/darien-gap.png", title="The Darién Gap")  # doctest: +SKIP
"""

from __future__ import annotations

import html
import io
import math
import re
from collections.abc import Sequence
from numbers import Integral
from pathlib import Path
from typing import Any

import folium
import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ...files import atomic_write
from ..chrome import DEFAULT_CREDITS, credit_line
from ..layers.base import LegendKey
from .furniture import _Chrome
from .paint import Format, _Painter
from .placement import LabelLike, _place_labels
from .projection import Bounds, _view
from .scene import _PADDING, _collect, _extent
from .text import FONT, _clean

__all__ = ["DEFAULT_CREDITS", "DEFAULT_SIZE", "MAX_SIDE", "MIN_SIDE", "SEA", "LabelLike",
           "credit_line", "parse_size", "render_static", "save_static"]

DEFAULT_SIZE = (1200, 800)
MIN_SIDE, MAX_SIDE = 200, 8000
SEA = "#d5e5ef"  # the interactive map's background (geomap.map.chrome.STYLE)
_WORLD: Bounds = ((-60.0, -180.0), (80.0, 180.0))


def parse_size(text: str) -> tuple[int, int]:
    """Return ``(width, height)`` in pixels from ``"WIDTHxHEIGHT"``.

    Raises
    ------
    ValueError
        When the text is not two whole numbers joined by ``x``, or a side is smaller than
        :data:`MIN_SIDE` or larger than :data:`MAX_SIDE` pixels.

    Examples
    --------
    >>> parse_size("1200x800")
    (1200, 800)
    """
    match = re.fullmatch(r"\s*(\d{1,6})\s*[xX×]\s*(\d{1,6})\s*", text)
    if not match:
        raise ValueError(f"{text!r} is not a size: give WIDTHxHEIGHT in pixels, "
                         "such as 1200x800")
    size = (int(match.group(1)), int(match.group(2)))
    _check_size(size)
    return size


def render_static(m: folium.Map, *, fmt: Format = "png",
                  size: tuple[int, int] = DEFAULT_SIZE, dpi: float = 96.0,
                  title: str | None = None, credits: str | None = None,
                  labels: Sequence[LabelLike] | None = None,
                  legend: Sequence[LegendKey] | None = None,
                  bounds: Bounds | None = None) -> bytes:
    """Draw a built map as a static PNG or SVG image and return its bytes.

    Parameters
    ----------
    m
        A built map (:func:`geomap.build_map`, or any folium map). Drawn in tree order:
        ``GeoJson`` (with its ``style_function``), ``PolyLine``, ``Polygon``,
        ``Rectangle``, ``CircleMarker``, ``Circle``, ``Marker`` with a ``DivIcon`` (its
        text), and geomap's many-points layer. Layers shown off at load (``show=False``),
        tiles, controls, popups and tooltips are left out.
    fmt
        ``"png"`` or ``"svg"``.
    size
        ``(width, height)`` in pixels, each between :data:`MIN_SIDE` and :data:`MAX_SIDE`.
    dpi
        Pixels per inch: line widths and fonts are set in pixels and converted with it.
        At 96 an SVG's size in CSS pixels is ``size``.
    title
        Drawn top left, wrapped to two lines at most (an ellipsis ends a longer one).
        ``None``: the title of a map from :func:`geomap.build_map`, else none.
    credits
        Drawn bottom right, small and grey: the sources of the data. ``None``: the credits
        of a map from :func:`geomap.build_map`, else :data:`DEFAULT_CREDITS`.
    labels
        Place and area labels (such as :func:`geomap.map.labels.story_labels`), placed by
        priority without overlapping each other, the dots of other labelled places, or the
        title, credits and legend; a label that finds no room is left out. ``None``: the
        labels the map carries (geomap's ``PlaceLabels``), if any; ``()`` for none.
    legend
        Keys drawn bottom left (the layers' :func:`~geomap.layers.legend_keys`). ``None``:
        the keys of the map's legend (what its layers drew), if it has one.
    bounds
        ``((south, west), (north, east))`` to show, widened to the image's proportions;
        by default the view the map opens on (its ``FitBounds``, or geomap's
        ``FitView``), else the extent of what is drawn.

    Returns
    -------
    bytes
        The image. The same inputs give the same bytes.

    Raises
    ------
    ValueError
        For a size or dpi out of range, or bounds that are not finite numbers.
    """
    if fmt not in ("png", "svg"):
        raise ValueError(f"format must be 'png' or 'svg', not {fmt!r}")
    _check_size(size)
    if not (math.isfinite(dpi) and 10 <= dpi <= 1200):
        raise ValueError(f"dpi must be between 10 and 1200, not {dpi!r}")
    scene = _collect(m)
    view = _view(bounds or scene.bounds or _extent(scene.items) or _WORLD, size,
                 scene.padding if bounds is None and scene.bounds else (_PADDING, _PADDING))
    with matplotlib.rc_context(_RC):  # type: ignore[arg-type]
        fig = Figure(figsize=(size[0] / dpi, size[1] / dpi), dpi=dpi, facecolor=SEA)
        canvas = FigureCanvasAgg(fig)
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
        ax.set_axis_off()
        ax.set_xlim(0, size[0])
        ax.set_ylim(0, size[1])
        ax.set_autoscale_on(False)
        painter = _Painter(ax, view, dpi, fmt)
        for item in scene.items:
            painter.draw(item)
        renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]
        chrome = _Chrome(ax, renderer, size, dpi)
        title = scene.title if title is None else title
        credits = scene.credits if credits is None else credits
        blocked = chrome.draw(_clean(title), _clean(credits),
                              scene.legend if legend is None else legend)
        _place_labels(ax, renderer, view, dpi, chrome.scale,
                      scene.labels if labels is None else labels, blocked)
        out = io.BytesIO()
        if fmt == "svg":
            fig.savefig(out, format="svg", dpi=dpi, facecolor=SEA,
                        metadata={"Date": None, "Creator": None})
            return _svg_title(out.getvalue(), _clean(title))
        fig.savefig(out, format="png", dpi=dpi, facecolor=SEA, metadata={"Software": None})
        return out.getvalue()


def save_static(m: folium.Map, path: str | Path, *, fmt: Format | None = None,
                **options: Any) -> Path:
    """Write :func:`render_static`'s image atomically (a killed build leaves no half file).

    Parameters
    ----------
    m
        The built map.
    path
        Where to write; ``fmt`` defaults to its suffix (``.png`` or ``.svg``). Inside
        :func:`geomap.files.transaction` the file lands with the rest of the set.
    fmt
        ``"png"`` or ``"svg"``.
    **options
        Passed to :func:`render_static` (``size``, ``title``, ``labels``, …).

    Returns
    -------
    Path
        The file written.
    """
    out = Path(path)
    chosen = fmt or out.suffix.lower().lstrip(".")
    if chosen not in ("png", "svg"):
        raise ValueError(f"cannot tell the image format of {out.name!r}: name it .png or "
                         ".svg, or pass fmt")
    data = render_static(m, fmt=chosen, **options)  # type: ignore[arg-type]
    return atomic_write(out, lambda tmp: tmp.write_bytes(data))


# ------------------------------------------------------------------ determinism and text

_RC: dict[str, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT],
    "text.parse_math": False,  # a "$" in a headline is a dollar, not mathematics
    "text.usetex": False,
    "lines.scale_dashes": False,  # dashes are in points, like Leaflet's in pixels
    "svg.fonttype": "none",  # text stays text in SVG
    "svg.hashsalt": "geomap",  # fixed ids in SVG
    "path.simplify": True,
    "legend.fancybox": True,
}


def _check_size(size: tuple[int, int]) -> None:
    width, height = size
    if not all(isinstance(v, Integral) and not isinstance(v, bool)
               and MIN_SIDE <= int(v) <= MAX_SIDE for v in size):
        raise ValueError(f"size {width}x{height} is out of range: each side must be "
                         f"between {MIN_SIDE} and {MAX_SIDE} pixels")


def _svg_title(svg: bytes, title: str) -> bytes:
    """Give the SVG a ``<title>`` (its accessible name), escaped."""
    if not title:
        return svg
    text = svg.decode("utf-8")
    start = text.index("<svg ")
    end = text.index(">", start) + 1
    escaped = html.escape(title, quote=False)
    return (text[:end] + f"\n <title>{escaped}</title>" + text[end:]).encode("utf-8")

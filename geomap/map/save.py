"""Write a map to HTML deterministically: stable element ids, inert text, inlined assets.

folium names every element with a random id; :func:`save_map` renumbers them in tree order so
the same story gives the same bytes. This is the one place that works around that.
"""

from __future__ import annotations

import re
from pathlib import Path

import folium
from branca.element import Element, Html

from ..errors import GeomapError
from ..files import atomic_write_text
from .assets import inline_assets

__all__ = ["render_html", "save_map"]


def _elements(m: folium.Map) -> list[Element]:
    """Return every element of the map's page once, in tree order."""
    order: list[Element] = []
    stack: list[Element] = [m.get_root()]
    seen: set[int] = set()
    while stack:
        el = stack.pop(0)
        if id(el) in seen:
            continue
        seen.add(id(el))
        order.append(el)
        # Figures and popups keep parts outside _children (header, html, script).
        parts = [getattr(el, a, None) for a in ("header", "html", "script")]
        stack[0:0] = [p for p in parts if isinstance(p, Element)] + list(el._children.values())
    return order


def _stable_ids(elements: list[Element]) -> None:
    """Replace folium's random element ids by sequence numbers, in tree order.

    Children are also re-keyed, since some templates use the key an element was added under.
    """
    renamed: dict[str, str] = {}
    for counter, el in enumerate(elements):
        old = el.get_name()
        el._id = f"{counter:06d}"
        renamed[old] = el.get_name()
    for el in elements:
        el._children = type(el._children)(
            (renamed.get(key, key), child) for key, child in el._children.items())


_JINJA_TAG = re.compile(r"\{[{%#]")


def _check_inert(elements: list[Element]) -> None:
    """Refuse text that branca's second pass would run as a template.

    branca compiles each popup's and tooltip's rendered output as a Jinja template again
    when it assembles the page; text escaped with :func:`geomap.layers.escape` can never
    open a tag there. A layer that passes raw text would let an article run code.
    """
    for el in elements:
        text = getattr(el, "data", None) if isinstance(el, Html) else (
            el.text if isinstance(el, folium.Tooltip) else None)
        if isinstance(text, str) and _JINJA_TAG.search(text):
            raise GeomapError(f"a layer put unescaped text in a {type(el).__name__} "
                              f"({text[:40]!r}…); pass it through geomap.layers.escape")


def render_html(m: folium.Map, *, self_contained: bool = False) -> str:
    """Render a map to one HTML string, with stable ids; inline Leaflet if asked."""
    if self_contained:
        # folium's Bootstrap and Font Awesome serve only folium.Icon markers; geomap's layers
        # draw without them. Leaflet and jQuery stay, to be inlined below.
        m.default_js = [(k, v) for k, v in m.default_js if k in ("leaflet", "jquery")]
        m.default_css = [(k, v) for k, v in m.default_css if k == "leaflet_css"]
    elements = _elements(m)
    _check_inert(elements)
    _stable_ids(elements)
    html = m.get_root().render()
    if not self_contained:
        return html
    if "L.AwesomeMarkers" in html:
        raise GeomapError("cannot make the map self-contained: a layer uses folium.Icon "
                          "markers, which need Bootstrap and Font Awesome from a CDN; use "
                          "CircleMarker, or build without --self-contained")
    return inline_assets(html)


def save_map(m: folium.Map, path: str | Path, *, self_contained: bool = False) -> Path:
    """Write the map atomically (a killed build never leaves half a file).

    Parameters
    ----------
    m
        The map from :func:`build_map`.
    path
        Where to write the HTML.
    self_contained
        Inline Leaflet (from XStatic-Leaflet) instead of linking folium's CDN files.
    """
    return atomic_write_text(path, render_html(m, self_contained=self_contained))

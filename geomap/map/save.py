"""Write a map to HTML deterministically: stable element ids, inert text, inlined assets.

folium names every element with a random id; :func:`save_map` renumbers them in tree order so
the same story gives the same bytes. This is the one place that works around that.

Rendering a folium page changes it: the figure collects CDN links and every element's
script, layers add their ``addTo`` call, markers their ``setIcon``. :func:`render_html`
renders from the page as it was built, without what an earlier render (``m.save``,
``_repr_html_``, an earlier :func:`save_map`) left there, and puts the caller's map back as
it found it, so the bytes never depend on what was done to the map before.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import folium
from branca.element import Div, Element, Figure, Html
from folium.elements import ElementAddToElement, JSCSSMixin

from ..errors import GeomapError
from ..files import atomic_write_text
from .assets import inline_assets

__all__ = ["render_html", "save_map"]

_PARTS = ("header", "html", "script")
_ELEMENT_NAME = re.compile(r"[a-z0-9_]+_(?:[0-9a-f]{32}|[0-9]{6})")  # folium's or ours


def _parts(el: Element) -> list[Element]:
    """Figures, divs and popups keep parts outside ``_children`` (header, html, script)."""
    parts = [getattr(el, a, None) for a in _PARTS]
    return [p for p in parts if isinstance(p, Element)]


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
        stack[0:0] = _parts(el) + list(el._children.values())
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


def _rendered_by_folium(key: str, child: Element, parent: Element, *, on_page: bool,
                        owned: set[str]) -> bool:
    """Whether ``child`` (under ``key`` in ``parent``) is what a render added, not content.

    A render puts each element's header, html and script macros in the page's parts under
    the element's name, JavaScript and CSS links and Leaflet class includes under their
    names (``owned``); a layer adds its ``addTo`` call as ``<layer name>_add`` and a marker
    its ``setIcon``. Each render makes them anew, so they are dropped before one.
    """
    if on_page:
        # Content put on the page (geomap's title and legend, a caller's <style>) is keyed by
        # its own name or a name of its own; a render's output by another element's name.
        return key in owned or (key != child.get_name() and bool(_ELEMENT_NAME.fullmatch(key)))
    if isinstance(child, folium.Marker.SetIcon):
        return True
    return isinstance(child, ElementAddToElement) and key == f"{parent.get_name()}_add"


@contextmanager
def _pristine(m: folium.Map, self_contained: bool) -> Iterator[list[Element]]:
    """Yield the map's page as built, its ids renumbered; restore the caller's map after.

    Nothing of what happens inside (the renumbering, what the render adds, the assets left
    out of a self-contained page) stays on the map: its ids, children, parents and default
    assets are put back as they were, also when the render fails.
    """
    root = m.get_root()
    if not isinstance(root, Figure):
        raise GeomapError("the map is not on a folium page (build it with geomap.build_map)")
    page = set(map(id, _parts(root)))
    everything = _elements(m)
    owned: set[str] = set()  # keys a render gives its output in the page's parts
    for el in everything:
        if el is root or id(el) in page or id(el._parent) in page:
            continue
        owned.add(el.get_name())
        if isinstance(el, JSCSSMixin):
            kinds = (type(el).default_js, type(el).default_css, el.default_js, el.default_css)
            owned.update(name for kind in kinds for name, _ in kind)
        if getattr(el, "includes", None):
            owned.add(f"{el._name}_includes")
        if isinstance(el, Div):
            owned.update(key for part in (el.header, el.script) for key in part._children)

    saved = [(el, el._id, el._children, el._parent) for el in everything]
    assets = {a: vars(m)[a] for a in ("default_js", "default_css") if a in vars(m)}
    try:
        for el, _, children, _ in saved:
            kept = [(key, child) for key, child in children.items()
                    if not _rendered_by_folium(key, child, el, on_page=id(el) in page,
                                               owned=owned)]
            if len(kept) < len(children):
                el._children = OrderedDict(kept)
        if self_contained:
            # folium's Bootstrap and Font Awesome serve only folium.Icon markers; geomap's
            # layers draw without them. Leaflet and jQuery stay, to be inlined below.
            m.default_js = [(k, v) for k, v in m.default_js if k in ("leaflet", "jquery")]
            m.default_css = [(k, v) for k, v in m.default_css if k == "leaflet_css"]
        elements = _elements(m)
        _stable_ids(elements)
        yield elements
    finally:
        for el, el_id, children, parent in saved:
            el._id, el._children, el._parent = el_id, children, parent
        for a in ("default_js", "default_css"):
            if a in assets:
                setattr(m, a, assets[a])
            else:
                vars(m).pop(a, None)


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
    """Render a map to one HTML string, with stable ids; inline Leaflet if asked.

    The result depends only on the map's content: not on whether it was rendered or saved
    before (by folium or by geomap, self-contained or not), and the map is left as it was.
    """
    with _pristine(m, self_contained) as elements:
        _check_inert(elements)
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

    The bytes are the same for the same map whatever was done with it before (``m.save``,
    an earlier ``save_map``); the map itself is left as it was.
    """
    return atomic_write_text(path, render_html(m, self_contained=self_contained))

"""The one extension point for map layers: a protocol, a registry and an entry-point group.

A layer turns a :class:`~geomap.story.Story` into one folium layer (a ``FeatureGroup``). Built-in
layers register themselves with :func:`register_layer`; other packages expose theirs in the
entry-point group ``geomap.layers``. A plugin that fails to load is reported with a warning and
never breaks the others.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Literal, NamedTuple, Protocol, TypeVar, runtime_checkable

import folium

from ...errors import UnknownLayerError
from ..pages import escape, render_inert

if TYPE_CHECKING:
    from ...model import Evidence
    from ...story import Story

__all__ = [
    "ENTRY_POINT_GROUP",
    "Layer",
    "LegendKey",
    "Quote",
    "Symbol",
    "available_layers",
    "escape",
    "get_layer",
    "legend_keys",
    "popup_html",
    "register_layer",
]

ENTRY_POINT_GROUP = "geomap.layers"
_REGISTRY: dict[str, Callable[[], Layer]] = {}
_PLUGINS_LOADED = False


Symbol = Literal["dot", "ring", "dashed-ring", "half-dashed-ring", "faded-dot", "dotted-ring",
                 "line", "dashed", "dotted", "arrow", "dashed-arrow", "dotted-arrow"]


@dataclass(frozen=True, order=True)
class LegendKey:
    """One key of the map's legend: a symbol in a colour, and what it stands for.

    Layers return the keys of what their last :meth:`Layer.build` drew from their
    ``legend()`` method; the map's legend lists exactly those (text is escaped).
    """

    label: str
    color: str
    symbol: Symbol = "dot"


@runtime_checkable
class Layer(Protocol):
    """A map layer: a title shown in the layer control and one method from story to layer.

    A layer may also have a ``legend()`` method returning the :class:`LegendKey` items of
    what its last ``build`` drew; the map's legend is assembled from them, so a plugin layer
    adds its own keys. A layer whose ``build`` draws nothing is left off the map and out of
    the layer control.
    """

    title: str

    def build(self, story: Story) -> folium.FeatureGroup:
        """Return the folium layer for this story (it may be empty)."""
        ...


def legend_keys(layer: object) -> list[LegendKey]:
    """Return a layer's legend keys (none when it has no ``legend()``), checked."""
    method = getattr(layer, "legend", None)
    if not callable(method):
        return []
    keys = list(method())
    for key in keys:
        if not isinstance(key, LegendKey):
            raise TypeError(f"{type(layer).__name__}.legend() must return LegendKey items, "
                            f"not {type(key).__name__}")
    return keys


L = TypeVar("L", bound=type)


def register_layer(name: str) -> Callable[[L], L]:
    """Register a layer class under ``name`` (a decorator).

    Examples
    --------
    >>> import folium
    >>> @register_layer("doc-example")
    ... class Example:
    ...     title = "Example"
    ...     def build(self, story):
    ...         return folium.FeatureGroup(name=self.title)
    """
    def decorate(cls: L) -> L:
        _REGISTRY[name] = cls
        return cls
    return decorate


def _load_plugins() -> None:
    global _PLUGINS_LOADED
    if _PLUGINS_LOADED:
        return
    _PLUGINS_LOADED = True
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            obj = ep.load()
        except Exception as err:  # a broken plugin must not break geomap
            warnings.warn(f"geomap layer plugin {ep.name!r} ({ep.value}) failed to load: "
                          f"{type(err).__name__}: {err}", RuntimeWarning, stacklevel=2)
            continue
        _REGISTRY.setdefault(ep.name, obj)


def available_layers() -> dict[str, Callable[[], Layer]]:
    """Return every registered layer factory by name, plugins included, in a stable order."""
    from . import corridor, events, places, regions, visits  # noqa: F401  (built-ins)

    _load_plugins()
    return dict(_REGISTRY)


def get_layer(name: str) -> Layer:
    """Return a new instance of the layer registered as ``name``.

    Raises
    ------
    UnknownLayerError
        When no layer has that name; the message lists the valid ones.
    """
    layers = available_layers()
    if name not in layers:
        raise UnknownLayerError(
            f"unknown layer {name!r}; choose from: {', '.join(sorted(layers))}")
    return layers[name]()


class Quote(NamedTuple):
    """A line of a popup's list: a quote with its outlet (linked when its URL is known).

    ``cited=False`` makes it a plain note ("… and 3 more tellings").
    """

    text: str
    outlet: str | None = None
    url: str | None = None
    cited: bool = True

    @property
    def linked(self) -> bool:
        """True when the outlet links to the article (an http(s) URL only)."""
        return bool(self.url and self.url.startswith(("http://", "https://")))


def popup_html(title: str, rows: Iterable[tuple[str, object]],
               quotes: Iterable[Quote | str] = ()) -> str:
    """Build a popup's HTML from a title, label/value rows and quotes (or plain notes).

    Rendered from the ``popup.html`` template; every value is escaped for HTML, JavaScript
    and Jinja alike (:func:`escape`), so article text stays text.
    """
    return render_inert("popup.html", title=title,
                        rows=[(k, v) for k, v in rows if v not in (None, "")],
                        quotes=[q if isinstance(q, Quote) else Quote(str(q), cited=False)
                                for q in quotes])


MAX_EVIDENCE = 20  # quotes shown in one event's popup; the tables hold every one


def evidence_quotes(story: Story, evidence: Sequence[Evidence]) -> list[Quote]:
    """Return an event's quotes for its popup, each with its outlet.

    At most :data:`MAX_EVIDENCE`; a last note says how many more the tables hold.
    """
    quotes = []
    for ev in evidence[:MAX_EVIDENCE]:
        art = story.article(ev.article_id)
        quotes.append(Quote(ev.quote, art.outlet, art.url))
    if len(evidence) > MAX_EVIDENCE:
        quotes.append(Quote(f"… and {len(evidence) - MAX_EVIDENCE} more tellings, in the "
                            "events table", cited=False))
    return quotes

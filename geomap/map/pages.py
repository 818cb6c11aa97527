"""HTML around the map, from Jinja templates: untrusted text is only ever a template value.

Article text, metadata and option values come from strangers. They must never become
template *source*: branca's ``Element(str)`` compiles its string as a Jinja template, so a
headline reading ``{{ lipsum.__globals__.os.popen(...) }}`` would run on the machine that
builds the map. Here every page fragment is rendered from a template file in
``geomap/map/templates/`` by a sandboxed environment with autoescape, values passed as variables,
and the result enters folium's page through :class:`PageElement`, whose own template is fixed
and prints the fragment as data.
"""

from __future__ import annotations

from typing import Any

from branca.element import Element
from jinja2 import PackageLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

__all__ = ["PageElement", "render_fragment"]

_ENV = ImmutableSandboxedEnvironment(
    loader=PackageLoader("geomap.map", "templates"), autoescape=True, undefined=StrictUndefined,
    trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False)


def render_fragment(name: str, **values: Any) -> Markup:
    """Render one of geomap's page templates with ``values``, every value escaped.

    Parameters
    ----------
    name
        A template file in ``geomap/map/templates/`` (``"title.html"``, ...).
    **values
        The template's variables; strings are escaped unless they are ``Markup`` made by
        another call of this function.

    Returns
    -------
    markupsafe.Markup
        The HTML, safe to nest in another template.

    Examples
    --------
    >>> str(render_fragment("page_title.html", title="{{ 7*7 }} <b>"))
    '<title>{{ 7*7 }} &lt;b&gt;</title>'
    """
    return Markup(_ENV.get_template(name).render(**values))


class PageElement(Element):
    """A finished piece of HTML placed in folium's page as data, never as template source.

    Parameters
    ----------
    html
        HTML from :func:`render_fragment` (or geomap's own constant markup).
    """

    def __init__(self, html: str) -> None:
        # The template is fixed; the HTML is a variable, printed as is and never parsed.
        super().__init__("{{ this.html }}")
        self._name = "PageElement"
        self.html = str(html)

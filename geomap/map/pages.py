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

import html
import json
import re
from typing import Any

from branca.element import Element
from jinja2 import PackageLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

__all__ = ["PageElement", "escape", "inert_json", "render_fragment", "render_inert"]

_ENV = ImmutableSandboxedEnvironment(
    loader=PackageLoader("geomap.map", "templates"), autoescape=True, undefined=StrictUndefined,
    trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False)


def escape(value: object) -> str:
    """Escape untrusted text for HTML that folium places inside a JavaScript template literal.

    Besides ``& < > " '``, backticks, ``$`` and backslashes are escaped so that article text can
    end neither the HTML nor the JavaScript string around it, and braces, so that it can never
    open a Jinja tag (``{{``, ``{%``, ``{#``): branca compiles every element's rendered output
    as a template once more when it assembles the page.

    Examples
    --------
    >>> escape("<script>`${x}`</script>")
    '&lt;script&gt;&#96;&#36;&#123;x&#125;&#96;&lt;/script&gt;'
    """
    text = html.escape("" if value is None else str(value), quote=True)
    return text.translate(_JS_AND_JINJA)


_JS_AND_JINJA = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;", "{": "&#123;",
                               "}": "&#125;"})


def inert_json(value: object) -> str:
    """Return JSON safe inside a ``<script>`` element, and inert when branca reads it again.

    ``<``, ``>`` and ``&`` inside strings cannot end the script; braces inside strings cannot
    open a Jinja tag: branca compiles every ``MacroElement``'s rendered script once more as a
    template, so a place named ``{{ … }}`` would otherwise run as code. Pass untrusted text
    to a script only through this.

    Examples
    --------
    >>> "{{" in inert_json({"name": "{{ 7*7 }}</script>"})
    False
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _STRING.sub(lambda m: m.group(0).translate(_SCRIPT_SAFE), text)


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                              "{": "\\u007b", "}": "\\u007d"})


def _inert(value: object) -> object:
    return value if isinstance(value, Markup) else Markup(escape(value))


# For HTML that folium puts in popups and tooltips: every value escaped with :func:`escape`.
_INERT_ENV = ImmutableSandboxedEnvironment(
    loader=PackageLoader("geomap.map", "templates"), autoescape=True, undefined=StrictUndefined,
    trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False, finalize=_inert)


def render_inert(name: str, **values: Any) -> str:
    """Render a template for a popup: values escaped for HTML, JavaScript and Jinja alike.

    branca reads a popup's HTML as a template once more and folium places it inside a
    JavaScript string, so values are escaped with :func:`escape`, not only for HTML.

    Examples
    --------
    >>> render_inert("popup.html", title="{{ 7*7 }}", rows=[], quotes=[])
    '<div class="geomap-popup"><b>&#123;&#123; 7*7 &#125;&#125;</b><table></table></div>'
    """
    return str(_INERT_ENV.get_template(name).render(**values))


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

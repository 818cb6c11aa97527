"""Read a news web page: its article's text and metadata, as plain text.

:func:`extract_page` gives the page to `trafilatura <https://trafilatura.readthedocs.io>`_,
which finds the main text and drops navigation, comments, cookie banners, related links and
footers, and reads the title, publication date, site name, author and canonical URL. Where
trafilatura finds no text (a bare fragment such as ``<p>…</p>``, a page of links), or the
page is too large for it to read in reasonable time (see :data:`MAX_EXTRACT_ELEMENTS`), the
page's visible text is read by :func:`reduce_html`, geomap's own one-pass reducer.
:func:`page_record` turns a page into a record for :func:`geomap.ingest.make_article`.

Everything returned is plain text: tags, scripts, styles, templates, SVG and frames never
reach it, and entities are decoded exactly once (``&amp;lt;`` reads ``&lt;``).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from lxml import etree

from .errors import InputError
from .ingest import clean_text

if TYPE_CHECKING:
    from trafilatura.settings import Document

__all__ = ["MAX_EXTRACT_CHARS", "MAX_EXTRACT_CHILDREN", "MAX_EXTRACT_ELEMENTS", "Page",
           "extract_page", "page_record", "reduce_html"]

log = logging.getLogger(__name__)

Extractor = Literal["trafilatura", "reducer"]

# trafilatura's time grows faster than the page: measured on 2 cores (Python 3.11,
# trafilatura 2.3.1), against the reducer on the same page:
#   elements in the article   10,000 / 20,000 / 50,000 / 100,000 / 200,000
#   trafilatura (s)             0.65 /   2.0  /   6.7  /   20    /   134
#   reducer (s)                 0.01 /   0.03 /   0.12 /   0.15  /   0.44
# and inline elements in one paragraph (<b>x</b> 4,000 / 8,000 / 16,000 / 32,000 times)
# 0.33 / 1.4 / 3.7 / 17.6 s, against 0.03 s at most. A 5 MB text takes it 0.8-1.3 s and
# 160 MB (the reducer 0.3-0.5 s); it refuses pages over 20 MB itself. A saved news article
# has a few thousand elements: a page past any of these bounds is read by the reducer,
# which keeps the worst case near 2 s.
MAX_EXTRACT_CHARS = 5_000_000
"""Pages longer than this (in characters) are read by the reducer, not by trafilatura."""
MAX_EXTRACT_ELEMENTS = 20_000
"""Pages with more elements than this are read by the reducer, not by trafilatura."""
MAX_EXTRACT_CHILDREN = 5_000
"""Pages with an element holding more elements than this are read by the reducer."""

# Removed before trafilatura looks at the page. trafilatura drops most of these itself, but
# its recall pass on short pages can bring navigation and <noscript> text back, and it keeps
# the content of <template> (unwrapping the tag): none of it is ever article text.
_PRUNE = ["//script", "//style", "//noscript", "//template", "//svg", "//math", "//iframe",
          "//frame", "//object", "//embed", "//button", "//nav", "//footer", "//form",
          # A site's banner ("Subscribe now"), not a page-level header holding the story
          # itself, as some CMSs write it (an <aside> is left to trafilatura for the same
          # reason: pruning either by tag lost whole articles on its evaluation pages).
          "//header[not(ancestor::article)][string-length(normalize-space()) < 200]"]
# Dates only from what the page declares (meta tags, JSON-LD, <time>, its URL): no search of
# its text for something that looks like a date. A fixed latest date keeps the answer
# independent of the day it runs (trafilatura's default is today).
_DATE_PARAMS = {"extensive_search": False, "original_date": True, "max_date": "2099-12-31"}
_HOST = re.compile(r"https?://(?:www\.|w[0-9]+\.)?([^/]+)")  # as trafilatura reads it
_SPACES = re.compile(r"[ \t\r\f\v]+")
# trafilatura's output tree: elements that start a line, and table cells.
_LINES = frozenset({"p", "head", "item", "list", "quote", "row", "table", "code", "lb", "div",
                    "body", "graphic"})

# trafilatura (and htmldate, courlan, justext under it) log the pages they discard as errors;
# geomap then reads the page with its reducer, so that is no problem for geomap's user. Their
# loggers are quietened unless the application has set their level itself.
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    _logger = logging.getLogger(_name)
    if _logger.level == logging.NOTSET:
        _logger.setLevel(logging.CRITICAL)


@dataclass(frozen=True)
class Page:
    """A web page read as an article: its plain text and the metadata found on it.

    Attributes
    ----------
    text
        The article's text, one paragraph a line; ``""`` when the page has none.
    title, published, outlet, author, url
        The title, the publication date as found (an ISO date where the page gives one),
        the site's name, the author(s) and the canonical URL; ``None`` when not found.
    extractor
        Which reader found the text: ``"trafilatura"`` or ``"reducer"``.
    """

    text: str
    title: str | None
    published: str | None
    outlet: str | None
    author: str | None
    url: str | None
    extractor: Extractor


class _HTMLText:
    """Collect visible article text and metadata from an HTML page (an lxml parser target).

    libxml2's HTML parser reads any tag soup in linear time; Python's own ``html.parser``
    is quadratic on some broken pages and fails outright on others.
    """

    _SKIP = frozenset({"script", "style", "nav", "header", "footer", "aside", "form",
                       "noscript", "svg", "button", "iframe", "template"})
    _BLOCK = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6",
                        "article", "section", "figcaption", "blockquote", "tr", "main"})

    def __init__(self) -> None:
        self.skip_depth = 0
        self.parts: list[str] = []
        self.article_parts: list[str] = []
        self.in_article = 0
        self.in_title = False
        self.title_parts: list[str] = []
        self.meta: dict[str, str] = {}
        # The page's shape, for the bounds on what trafilatura is given.
        self.elements = 0
        self.widest = 0  # the most elements one element holds
        self.children = [0]  # per open element, the elements it holds so far

    def start(self, tag: str, attrib: Mapping[str, str]) -> None:
        self.elements += 1
        self.children[-1] += 1
        self.widest = max(self.widest, self.children[-1])
        self.children.append(0)
        if tag == "meta":
            key = attrib.get("property") or attrib.get("name") or ""
            if key:
                self.meta[key.lower()] = attrib.get("content") or ""
        elif tag == "link" and (attrib.get("rel") or "").lower() == "canonical":
            self.meta["canonical"] = attrib.get("href") or ""
        if tag in self._SKIP:
            self.skip_depth += 1
        elif tag == "title":
            self.in_title = True
        elif tag == "article":
            self.in_article += 1
        if tag in self._BLOCK:
            self._emit("\n")

    def end(self, tag: str) -> None:
        if len(self.children) > 1:
            self.children.pop()
        if tag in self._SKIP and self.skip_depth:
            self.skip_depth -= 1
        elif tag == "title":
            self.in_title = False
        elif tag == "article" and self.in_article:
            self.in_article -= 1
        if tag in self._BLOCK:
            self._emit("\n")

    def data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
        elif not self.skip_depth:
            self._emit(data)

    def close(self) -> None:
        """End of the page (lxml's target protocol)."""

    def _emit(self, text: str) -> None:
        self.parts.append(text)
        if self.in_article:
            self.article_parts.append(text)

    @property
    def title(self) -> str:
        return "".join(self.title_parts).strip()

    def text(self) -> str:
        raw = "".join(self.article_parts) if "".join(self.article_parts).strip() else "".join(
            self.parts)
        return _lines(raw)


def _lines(raw: str) -> str:
    """Return ``raw`` with runs of spaces made one and blank lines dropped.

    Soft hyphens (U+00AD) go and accents are composed (NFC), as a reader sees the words:
    a place name split by soft hyphens or with decomposed accents would miss the gazetteer.
    """
    raw = unicodedata.normalize("NFC", raw.replace("\xad", ""))
    lines = (_SPACES.sub(" ", line).strip() for line in raw.split("\n"))
    return "\n".join(line for line in lines if line)


def _one_line(value: str | None) -> str | None:
    """Return a metadata value on one line, or None when it holds no text."""
    if not value:
        return None
    return " ".join(unicodedata.normalize("NFC", value.replace("\xad", "")).split()) or None


def _scan(html: str) -> _HTMLText:
    """Read ``html`` with the reducer; an unreadable page is an :class:`InputError`."""
    page = _HTMLText()
    parser = etree.HTMLParser(target=page, recover=True, no_network=True)
    try:
        parser.feed(html)
        parser.close()
    except (etree.LxmlError, ValueError) as err:
        raise InputError(f"HTML that cannot be parsed ({err})") from err
    return page


def _declared(page: _HTMLText) -> dict[str, str | None]:
    """Return what the page declares in its ``<meta>`` and ``<link rel=canonical>`` tags."""
    meta = page.meta
    return {
        # The parser has decoded entities once already: "&amp;lt;" stays "&lt;".
        "title": _one_line(meta.get("og:title")),
        "outlet": _one_line(meta.get("og:site_name")),
        "url": _one_line(meta.get("og:url") or meta.get("canonical")),
        "published": _one_line(meta.get("article:published_time") or meta.get("date")),
        "author": _one_line(meta.get("author")),
    }


def reduce_html(html: str) -> Page:
    """Read a page's visible text and ``<meta>`` metadata with geomap's one-pass reducer.

    Scripts, styles, templates, SVG, frames, forms, buttons, navigation, headers, footers
    and asides are dropped; the text of the page's ``<article>`` elements is kept when they
    hold any, else the text of the whole page. Title, site name, canonical URL, publication
    date and author come from the usual ``<meta>`` tags (the title also from ``<title>``).
    It reads any tag soup in one linear pass.

    Parameters
    ----------
    html
        The page's markup, as text.

    Returns
    -------
    Page
        With ``extractor="reducer"``; its ``text`` is ``""`` when the page shows none.

    Raises
    ------
    InputError
        When the markup cannot be parsed at all.

    Examples
    --------
    >>> page = reduce_html("<nav>Home</nav><p>Floods hit Lima.</p><script>x()</script>")
    >>> page.text, page.extractor
    ('Floods hit Lima.', 'reducer')
    """
    html = clean_text(html)  # lone surrogates (from JSON, bad bytes) no parser takes
    scanned = _scan(html)
    return _fallback(scanned, _declared(scanned), None)


def _too_big(html: str, scanned: _HTMLText) -> bool:
    """Whether a page is beyond what trafilatura reads in reasonable time."""
    return (len(html) > MAX_EXTRACT_CHARS or scanned.elements > MAX_EXTRACT_ELEMENTS
            or scanned.widest > MAX_EXTRACT_CHILDREN)


def _plain(body: Any) -> str:
    """Return the text of trafilatura's output tree, one block a line.

    trafilatura's own ``xmltotxt`` decodes entities a second time ("&amp;lt;b&amp;gt;"
    would read "<b>"); the tree already holds the page's text decoded once.
    """
    parts: list[str] = []
    for event, element in etree.iterwalk(body, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            parts.append("\n" if tag in _LINES else " " if tag == "cell" else "")
            parts.append(element.text or "")
        else:
            parts.append("\n" if tag in _LINES else " " if tag == "cell" else "")
            parts.append(element.tail or "")
    return _lines("".join(parts))


def _is_iso(value: str | None) -> bool:
    """Whether ``value`` is an ISO 8601 date or date-time."""
    if not value:
        return False
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def extract_page(html: str, *, url: str | None = None) -> Page:
    """Read a news page: its main text and metadata, boilerplate and comments left out.

    trafilatura finds the article's text (navigation, cookie banners, related links,
    comments and footers dropped) and reads its metadata. What the page declares in its
    ``<meta>`` tags (``og:title``, ``og:site_name``, ``og:url`` or ``<link
    rel=canonical>``, ``article:published_time``, ``author``) comes first, as the page
    wrote it; trafilatura fills the rest from JSON-LD, bylines, ``<time>`` and the title.
    A publication date is only one the page declares, never guessed from its text.

    Where trafilatura finds no text, or the page is beyond what it reads in reasonable time
    (over :data:`MAX_EXTRACT_CHARS` characters, :data:`MAX_EXTRACT_ELEMENTS` elements, or
    :data:`MAX_EXTRACT_CHILDREN` elements in one), the page is read by :func:`reduce_html`.

    Parameters
    ----------
    html
        The page's markup, as text.
    url
        The address the page was fetched from, if known: the page's URL when it names no
        canonical one (trafilatura also uses it to resolve relative links).

    Returns
    -------
    Page
        Its ``text`` is ``""`` when neither reader finds any; the result depends only on
        ``html`` and ``url``.

    Raises
    ------
    InputError
        When the markup cannot be parsed at all.

    Examples
    --------
    >>> page = extract_page(
    ...     "<html><head><title>Floods | Andes Herald</title></head><body>"
    ...     "<nav>Home | World</nav><article><p>Floods hit Lima, Peru, on Monday, "
    ...     "and rescuers reached Cusco.</p></article></body></html>")
    >>> page.text, page.title, page.extractor
    ('Floods hit Lima, Peru, on Monday, and rescuers reached Cusco.', 'Floods', 'trafilatura')
    """
    html = clean_text(html)  # lone surrogates (from JSON, bad bytes) no parser takes
    scanned = _scan(html)
    declared = _declared(scanned)
    if _too_big(html, scanned):
        return _fallback(scanned, declared, url)
    doc = _trafilatura(html, url)
    text = _plain(doc.body) if doc is not None and doc.body is not None else ""
    if doc is None or not text:
        return _fallback(scanned, declared, url)
    published = declared["published"]
    if not _is_iso(published):
        published = _one_line(doc.date) or published
    return Page(
        text=text,
        title=declared["title"] or _one_line(doc.title) or _one_line(scanned.title),
        published=published,
        outlet=declared["outlet"] or _site_name(doc),
        author=declared["author"] or _one_line(doc.author),
        url=declared["url"] or _one_line(doc.url) or url,
        extractor="trafilatura",
    )


def _trafilatura(html: str, url: str | None) -> Document | None:
    """Return trafilatura's reading of a page, or None when it finds nothing."""
    import trafilatura
    from trafilatura.settings import Document

    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True,
            include_comments=False, include_tables=True, include_images=False,
            include_links=False, include_formatting=False, deduplicate=False,
            prune_xpath=_PRUNE, date_extraction_params=dict(_DATE_PARAMS))
    except Exception as err:  # a heuristic extractor's bug on one page: the reducer reads it
        log.debug("trafilatura failed on a page (%s: %s); read by the reducer",
                  type(err).__name__, err)
        return None
    return doc if isinstance(doc, Document) else None


def _site_name(doc: Document) -> str | None:
    """Return the site name trafilatura found on the page, not one made from its URL."""
    name = _one_line(doc.sitename)
    host = _HOST.match(doc.url or "")
    if name and host and name.casefold() == host[1].casefold():
        return None  # trafilatura's last resort: the URL's host name, which no page declared
    return name


def _fallback(scanned: _HTMLText, declared: dict[str, str | None], url: str | None) -> Page:
    """Return the reducer's reading of a page already scanned."""
    return Page(text=scanned.text(), title=declared["title"] or _one_line(scanned.title),
                published=declared["published"], outlet=declared["outlet"],
                author=declared["author"], url=declared["url"] or url, extractor="reducer")


_FIELDS = ("title", "outlet", "url", "published", "author")


def page_record(html: str, *, where: str, url: str | None = None,
                hints: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Return a page as a record for :func:`geomap.ingest.make_article`.

    Parameters
    ----------
    html
        The page's markup, as text.
    where
        Names the page in error messages (a file path, a URL).
    url
        The address the page was fetched from: the record's ``url`` when the page names no
        canonical URL, and passed to trafilatura.
    hints
        Metadata known from elsewhere (``title``, ``published``, ``outlet``, ``author``,
        ``url``; a feed entry's, say). Each fills only a field the page lacks.

    Returns
    -------
    dict
        With the keys ``text``, ``title``, ``outlet``, ``url``, ``published`` and
        ``author`` (each ``None`` when unknown, but ``text``).

    Raises
    ------
    InputError
        ``"<where>: an HTML page with no article text"``, or when the markup cannot be
        parsed.

    Examples
    --------
    >>> record = page_record("<p>Floods hit Lima.</p>", where="x.html",
    ...                      hints={"title": "Floods", "outlet": "Andes Herald"})
    >>> record["text"], record["title"], record["outlet"], record["url"]
    ('Floods hit Lima.', 'Floods', 'Andes Herald', None)
    """
    try:
        page = extract_page(html, url=url)
    except InputError as err:
        raise InputError(f"{where}: {err}") from err
    if not page.text.strip():
        raise InputError(f"{where}: an HTML page with no article text")
    record: dict[str, Any] = {"text": page.text}
    for key in _FIELDS:
        value = getattr(page, key)
        if value is None and hints is not None:
            value = hints.get(key)
        record[key] = value
    return record

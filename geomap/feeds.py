"""Articles from where they live: web pages by URL, and the entries of RSS, Atom, RDF feeds.

:class:`WebReader` is what :func:`geomap.ingest.read_articles` uses for an input that is a
URL (``http://`` or ``https://``) or a feed file (``.xml``, ``.rss``, ``.atom``): it fetches
through one :class:`~geomap.fetch.Fetcher` (polite, cached; see :mod:`geomap.fetch`), reads
each page with :func:`geomap.webpage.page_record` and makes it an
:class:`~geomap.model.Article` whose id is :func:`url_id` and whose ``source_path`` is its
URL. A URL that answers with a feed (by its content type, or by its root element) is read as
one: each entry's link, up to :attr:`~geomap.fetch.FetchOptions.max_entries` in the feed's
order, is fetched as a page, the entry's title, date and the feed's title filling what the
page does not say.

A feed is parsed by feedparser from the bytes geomap fetched (feedparser itself fetches
nothing); links that are not ``http(s)`` (``file:``, ``javascript:``, ``data:``) are named and
never followed. A feed file in a folder is not read (the folder's files never reach the
network): name it to fetch its entries.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import io
import logging
import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from .errors import InputError, one_line
from .fetch import (
    FEED_TYPES,
    Fetcher,
    FetchError,
    FetchOptions,
    Response,
    names_this_machine,
)
from .ingest import FEED_SUFFIXES, Problem, make_article
from .model import Article

log = logging.getLogger(__name__)

__all__ = ["FEED_SUFFIXES", "Feed", "FeedEntry", "WebReader", "is_feed_file", "is_url",
           "looks_like_feed", "parse_feed", "url_id"]

_FEED_ROOTS = frozenset({"rss", "feed", "rdf"})
_FEED_ONLY_TYPES = FEED_TYPES - {"application/xml", "text/xml"}
_NAME = re.compile(r"(?:[A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
_PAGE_SUFFIX = re.compile(r"\.(?:s?html?|php\d?|aspx?|jsp|cms|cfm)\Z", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]*>")
_SLUG_CHARS = 60
_GENERATOR_META = b'<meta name="generator" content="geomap">'  # geomap's own maps

Note = Callable[[Problem], None]


def is_url(item: object) -> bool:
    """Whether an input names a web address (``http://`` or ``https://``).

    Examples
    --------
    >>> is_url("https://example.org/feed.xml"), is_url("seeds/")
    (True, False)
    """
    return isinstance(item, str) and item[:8].lower().startswith(("http://", "https://"))


def is_feed_file(item: object) -> bool:
    """Whether an input names a local feed file (by its suffix: ``.xml``, ``.rss``, ``.atom``)."""
    return (isinstance(item, str | Path) and not is_url(item) and str(item) != "-"
            and Path(item).suffix.lower() in FEED_SUFFIXES)


def looks_like_feed(data: bytes) -> bool:
    """Whether a document's root element is a feed's: ``<rss>``, ``<feed>`` or ``<rdf:RDF>``.

    The XML declaration, comments, processing instructions and a doctype before it are
    passed over; anything else first means it is no feed.

    Examples
    --------
    >>> looks_like_feed(b'<?xml version="1.0"?><!-- hi --><rss version="2.0"></rss>')
    True
    >>> looks_like_feed(b"<!DOCTYPE html><html></html>")
    False
    """
    head = data[:65_536]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", "replace")
    else:
        text = head.decode("utf-8", "replace").lstrip("\ufeff")
    at = 0
    while True:
        start = text.find("<", at)
        if start < 0 or text[at:start].strip():
            return False
        if text.startswith("<?", start):
            end, skip = text.find("?>", start), 2
        elif text.startswith("<!--", start):
            end, skip = text.find("-->", start), 3
        elif text.startswith("<!", start):
            end, skip = text.find(">", start), 1
            bracket = text.find("[", start)
            if 0 <= bracket < end:  # a doctype with an internal subset
                end, skip = text.find("]>", bracket), 2
        else:
            found = _NAME.match(text, start + 1)
            return found is not None and found.group(1).lower() in _FEED_ROOTS
        if end < 0:
            return False
        at = end + skip


def url_id(url: str) -> str:
    """Return an article id for a URL: a slug of its path's last part and a short hash.

    The same URL always gives the same id; two URLs ending alike differ by their hash.

    Examples
    --------
    >>> url_id("https://example.org/world/2023/05/migrants-cross-darien.html")
    'migrants-cross-darien-c98c7b08'
    """
    parts = urlsplit(url)
    slug = ""
    for segment in reversed(parts.path.split("/")):  # the last part that makes a slug
        name = _PAGE_SUFFIX.sub("", unquote(segment))
        folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
        if slug:
            break
    if not slug:
        host = (parts.hostname or "page").removeprefix("www.")
        slug = re.sub(r"[^a-z0-9]+", "-", host.lower()).strip("-") or "page"
    if len(slug) > _SLUG_CHARS:
        slug = slug[:_SLUG_CHARS].rsplit("-", 1)[0] or slug[:_SLUG_CHARS]
    digest = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{slug}-{digest}"


@dataclass(frozen=True)
class FeedEntry:
    """One entry of a feed: its link (absolute when the feed allows), title and date."""

    link: str | None
    title: str | None
    published: str | None
    """An ISO 8601 date-time, in the time zone the feed gave, or ``None``."""


@dataclass(frozen=True)
class Feed:
    """A feed read: its title, its entries in the feed's order, and how it was read."""

    title: str | None
    entries: tuple[FeedEntry, ...]
    malformed: str | None = None
    """Why the XML is not well formed, when feedparser had to read it loosely."""


def parse_feed(data: bytes, *, where: str, base_url: str | None = None,
               content_type: str | None = None) -> Feed:
    """Parse an RSS, Atom or RDF feed from its bytes (with feedparser; nothing is fetched).

    Parameters
    ----------
    data
        The feed document.
    where
        Names the feed in error messages (a URL, a file path).
    base_url
        Where the feed was fetched from: relative links are resolved against it.
    content_type
        The ``Content-Type`` it was served with, if any (for its charset).

    Returns
    -------
    Feed

    Raises
    ------
    InputError
        When the document is no feed feedparser can read.

    Examples
    --------
    >>> feed = parse_feed(b'<rss version="2.0"><channel><title>Herald</title><item>'
    ...                   b'<title>Floods</title><link>/a.html</link></item></channel></rss>',
    ...                   where="feed.xml", base_url="https://example.org/rss")
    >>> feed.title, feed.entries[0].link
    ('Herald', 'https://example.org/a.html')
    """
    import feedparser

    headers = {k: v for k, v in (("content-location", base_url),
                                 ("content-type", content_type)) if v}
    try:
        # A stream: given bytes or text, feedparser may take them for a URL or a file name.
        parsed = feedparser.parse(io.BytesIO(data), response_headers=headers or None,
                                  sanitize_html=True, resolve_relative_uris=True)
    except (RecursionError, ValueError, TypeError, LookupError) as err:
        raise InputError(f"{where}: a feed that cannot be read ({err})") from err
    malformed = None
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    # A content type that is not XML's, or a charset the document contradicts, say nothing
    # about the feed itself.
    if problem is not None and not isinstance(problem, (
            feedparser.NonXMLContentType, feedparser.CharacterEncodingOverride)):
        malformed = one_line(str(problem) or "not well-formed XML")
    if not parsed.get("version") and not parsed.entries:
        raise InputError(f"{where}: not an RSS, Atom or RDF feed"
                         + (f" ({malformed})" if malformed else ""))
    entries = []
    for entry in parsed.entries:
        link = entry.get("link")
        if isinstance(link, str) and link.strip():
            link = link.strip()
            link = urljoin(base_url, link) if base_url else link
        else:
            link = None
        entries.append(FeedEntry(link=link, title=_entry_title(entry),
                                 published=_entry_date(entry)))
    title = parsed.feed.get("title")
    return Feed(title=" ".join(title.split()) or None if isinstance(title, str) else None,
                entries=tuple(entries), malformed=malformed)


def _entry_title(entry: Any) -> str | None:
    title = entry.get("title")
    if not isinstance(title, str):
        return None
    detail = entry.get("title_detail") or {}
    if str(detail.get("type", "")).endswith(("html", "xml")):
        title = _TAGS.sub(" ", title)
    return " ".join(title.split()) or None


def _entry_date(entry: Any) -> str | None:
    """Return the entry's date as ISO 8601, in the feed's time zone (so its day is kept)."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if not isinstance(raw, str) or not raw.strip():
            continue
        raw = raw.strip()
        try:
            return email.utils.parsedate_to_datetime(raw).isoformat()  # RSS: RFC 822
        except (TypeError, ValueError, IndexError):
            pass
        try:
            return dt.datetime.fromisoformat(raw.replace("Z", "+00:00")).isoformat()  # Atom
        except ValueError:
            pass
        parsed = entry.get(f"{key}_parsed")  # feedparser's reading, in UTC
        if parsed is not None:
            try:
                year, month, day, hour, minute, second = parsed[:6]
                return dt.datetime(year, month, day, hour, minute, second,
                                   tzinfo=dt.UTC).isoformat()
            except (TypeError, ValueError):
                pass
    return None


class WebReader:
    """Read URLs and feed files as articles, with one fetcher and one progress bar.

    Parameters
    ----------
    fetch
        A :class:`~geomap.fetch.Fetcher` (kept open; its owner closes it), or
        :class:`~geomap.fetch.FetchOptions` for one made here (the defaults if ``None``).
    note
        Called with a :class:`~geomap.ingest.Problem` for each entry skipped or read with a
        caveat (as :func:`~geomap.ingest.read_articles` passes).
    total
        How many inputs will be read (the progress bar's first length; feeds add theirs).
    """

    def __init__(self, fetch: Fetcher | FetchOptions | None, note: Note, *,
                 total: int = 0) -> None:
        self._own = not isinstance(fetch, Fetcher)
        self.fetcher = fetch if isinstance(fetch, Fetcher) else Fetcher(fetch)
        self.options = self.fetcher.options
        self.note = note
        self._bar: Any = None
        self._total = total

    def __enter__(self) -> WebReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the progress bar, and the fetcher if it was made here."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        if self._own:
            self.fetcher.close()

    def _progress(self, more: int = 0, done: int = 0) -> None:
        if not self.options.progress:
            return
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(total=self._total, desc="fetching", unit="page",
                             file=sys.stderr, leave=False, dynamic_ncols=True)
        if more:
            self._bar.total += more
            self._bar.refresh()
        if done:
            self._bar.update(done)

    @staticmethod
    def handles(item: str | Path) -> bool:
        """Whether ``item`` is read here: a URL, or a feed file's path."""
        return is_url(item) or is_feed_file(item)

    def read(self, item: str | Path) -> list[Article]:
        """Read one input: a URL (a page or a feed) or a feed file.

        Raises
        ------
        InputError
            When the input gives no article (the message starts with the input's name);
            a feed's entries that fail are passed to ``note`` instead, one by one.
        """
        self._progress()
        try:
            if is_url(item):
                return self._read_url(str(item))
            return self._read_feed_file(Path(item))
        except InputError:
            raise
        except Exception as err:  # one stranger's answer never costs the other inputs
            raise _unexpected(str(item), err) from err
        finally:
            self._progress(done=1)

    def _read_url(self, url: str) -> list[Article]:
        response = self.fetcher.fetch(url, kind="page or feed")
        if not _is_feed(response):
            return [self._article(response, url, hints={"url": url})]
        limit = self.options.feed_max_age
        if response.from_cache and limit is not None and response.age() > limit:
            try:  # the feed may have new entries; its entries already cached stay cached
                response = self.fetcher.fetch(url, kind="page or feed", refresh=True)
            except FetchError as err:
                self.note(_problem(url, f"could not be fetched again ({_reason(err, url)}); "
                                   f"the copy of {response.fetched_at:%Y-%m-%d %H:%M} UTC is "
                                   "read", skipped=False))
        feed = parse_feed(response.body, where=url, base_url=response.final_url,
                          content_type=response.content_type)
        return self._entries(feed, url)

    def _read_feed_file(self, path: Path) -> list[Article]:
        try:
            size = path.stat().st_size
            limit = self.options.max_bytes  # as for a fetched feed: feedparser's time grows
            if size > limit:                # with the feed, before entries are capped
                raise InputError(f"{path}: a feed of {size / 1e6:g} MB, over the limit of "
                                 f"{limit / 1e6:g} MB (--max-page-size)")
            data = path.read_bytes()
        except FileNotFoundError as err:
            raise InputError(f"{path}: no such file or folder") from err
        except IsADirectoryError as err:
            raise InputError(f"{path}: a folder, not a feed file") from err
        except OSError as err:
            raise InputError(f"{path}: cannot read ({err.strerror or err})") from err
        if not looks_like_feed(data):
            raise InputError(f"{path}: not an RSS, Atom or RDF feed (its root element is "
                             "not <rss>, <feed> or <rdf:RDF>)")
        return self._entries(parse_feed(data, where=str(path)), str(path))

    def _entries(self, feed: Feed, where: str) -> list[Article]:
        # A feed's links reach this machine only when the feed came from it.
        local = is_url(where) and names_this_machine(where)
        if feed.malformed:
            self.note(_problem(where, f"a feed that is not well-formed XML ({feed.malformed});"
                               " what could be read is read", skipped=False))
        if not feed.entries:
            raise InputError(f"{where}: a feed with no entries")
        entries = list(feed.entries)
        cap = self.options.max_entries
        if len(entries) > cap:
            self.note(_problem(where, f"{len(entries)} entries; the first {cap} are read "
                               "(--max-entries)", skipped=False))
            entries = entries[:cap]
        self._progress(more=len(entries))
        articles: list[Article] = []
        seen: set[str] = set()
        for number, entry in enumerate(entries, 1):
            here = f"{where} (entry {number})"
            try:
                if entry.link is None:
                    raise InputError(f"{here}: an entry without a link")
                if not is_url(entry.link):
                    raise InputError(f"{here}: a link that is not http(s) "
                                     f"({entry.link[:80]!r}); not followed")
                page = entry.link.split("#", 1)[0]  # "a#comments" is the page "a"
                if page in seen:
                    self.note(_problem(entry.link, "listed twice in the feed; read once",
                                       skipped=False))
                    continue
                seen.add(page)
                here = entry.link
                hints = {"title": entry.title, "published": entry.published,
                         "url": entry.link, "outlet": feed.title}
                response = self.fetcher.fetch(entry.link, kind="page", local=local)
                articles.append(self._article(response, entry.link, hints))
            except InputError as err:
                self.note(_problem(here, _reason(err, here)))
            except Exception as err:  # one entry's page never costs the feed's others
                self.note(_problem(here, _reason(_unexpected(here, err), here)))
            finally:
                self._progress(done=1)
        return articles

    def _article(self, response: Response, url: str, hints: dict[str, Any]) -> Article:
        """Make an article of a fetched page (its id from :func:`url_id`, its source the URL)."""
        from .webpage import page_record

        if looks_like_feed(response.body):
            raise FetchError(f"{url}: a feed where an article page was expected")
        if _GENERATOR_META in response.body[:4096]:
            raise InputError(f"{url}: a page written by geomap (a map), not an article")
        hints = {k: v for k, v in hints.items() if v}
        text = response.text()
        head = text[:4096]
        if "\x00" in head or head.count("\ufffd") > 64:
            raise FetchError(f"{url}: binary content, not an HTML page")
        record = page_record(text, where=url, url=response.final_url, hints=hints)
        host = urlsplit(response.final_url)
        if hints.get("outlet") and str(record.get("outlet") or "").lower() in (
                host.netloc.lower(), (host.hostname or "").removeprefix("www.")):
            record["outlet"] = hints["outlet"]  # a host name guessed for the site's name
        record["id"] = url_id(url)
        return make_article(record, default_id=record["id"], where=url, source_path=url,
                            note=self.note)


def _is_feed(response: Response) -> bool:
    return response.media_type in _FEED_ONLY_TYPES or looks_like_feed(response.body)


def _unexpected(where: str, err: Exception) -> InputError:
    """Name an error no check foresaw (logged in full with -v), as a skipped input."""
    log.debug("%s: unexpected error", where, exc_info=err)
    return InputError(f"{where}: could not be read ({type(err).__name__}: "
                      f"{one_line(str(err))[:200]})")


def _reason(err: Exception, where: str) -> str:
    return str(err).removeprefix(f"{where}: ")


def _problem(where: str, message: str, *, skipped: bool = True) -> Problem:
    return Problem(where, message, skipped=skipped)


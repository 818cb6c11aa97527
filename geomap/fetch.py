"""Fetch web pages and feeds politely: one client, robots.txt, retries, limits and a cache.

Giving a URL or a feed is the opt-in to the network, as choosing an online geocoder is;
files are read without it. Everything fetched comes from strangers and is treated as data:

- one HTTP client (urllib3's ``PoolManager``) with geomap's user agent, connect and read
  timeouts, and no automatic redirects or retries: both are done here, so that every hop is
  checked;
- only ``http`` and ``https`` URLs; a host that resolves to a private, link-local or
  otherwise non-public address (a cloud's metadata service, a router) is refused unless
  :attr:`FetchOptions.allow_private` is set. The local machine (loopback) is reached only
  from a URL that names it (a newsroom's staging server, tests), never from a stranger's
  link, redirect or feed file unless :attr:`FetchOptions.allow_local` is set;
- ``robots.txt`` is read (through the same client, cached) and obeyed, following RFC 9309:
  a missing one (4xx) allows everything, an unreachable one (5xx, network failure) allows
  nothing;
- a delay between two requests to one host (:attr:`FetchOptions.delay`), retries with
  exponential backoff on 429 and 5xx answers and on time-outs, honouring ``Retry-After`` up
  to a cap;
- a redirect limit (a loop is named as one), a size limit enforced while streaming (a body
  over it is not read further), and a content-type check (HTML or feed XML);
- a cache on disk keyed by the SHA-256 of the URL: the body's bytes and a small JSON record
  (final URL, status, content type, fetch time, the body's hash). It holds no code: an entry
  that does not check out is fetched again, never trusted.

A failure is a :class:`FetchError` naming the URL; readers skip that input and go on.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import email.utils
import hashlib
import ipaddress
import json
import logging
import re
import socket
import stat
import threading
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

import urllib3

from .errors import InputError, OutputError, UsageError, one_line

__all__ = ["DEFAULT_USER_AGENT", "FetchError", "FetchOptions", "Fetcher", "PageCache",
           "Response", "check_url", "default_page_cache", "names_this_machine"]

log = logging.getLogger(__name__)


def _version() -> str:
    from . import __version__

    return __version__


DEFAULT_USER_AGENT = f"geomap/{_version()} (news mapping; python-urllib3)"
"""The user agent sent by default. Name yourself with ``--user-agent "newsroom (you@…)"``."""

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml",
                        "application/x-rss+xml", "application/xml", "text/xml"})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ROBOTS_MAX_BYTES = 512_000  # RFC 9309: parse at least 500 KiB; the rest is ignored
ROBOTS_MAX_AGE = 24 * 3600.0  # RFC 9309: a cached robots.txt is used for a day at most
_CHUNK = 65_536
_DIGITS = re.compile(r"[0-9]{1,18}")
_ACCEPT = ("text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
           "application/rdf+xml;q=0.9,application/xml;q=0.8,text/xml;q=0.8,*/*;q=0.1")
_CACHE_VERSION = 1
_MAX_RECORD_BYTES = 65_536  # a cache record is a few hundred bytes; a bigger one is not ours

Kind = Literal["page", "page or feed"]
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


class FetchError(InputError):
    """A page or feed could not be fetched or may not be used; the input is skipped.

    The message starts with the URL and says why: an HTTP error after retries, a time-out,
    a refusal by robots.txt, a size or content-type limit, a redirect loop.
    """


def default_page_cache() -> Path:
    """Return the default page cache: ``pages/`` in geomap's cache folder.

    That folder is ``$GEOMAP_CACHE_DIR`` if set, else ``~/.cache/geomap`` (or
    ``$XDG_CACHE_HOME/geomap``), where the gazetteer index is kept too.
    """
    from .gazetteer import cache_dir

    return cache_dir() / "pages"


@dataclass(frozen=True)
class FetchOptions:
    """How pages and feeds are fetched: politeness, limits and cache.

    Parameters
    ----------
    user_agent
        Sent with every request, and matched against robots.txt rules.
    delay
        Seconds between two requests to the same host (robots.txt included).
    timeout, connect_timeout
        Seconds to wait for an answer (between two reads), and for a connection.
    retries
        Further tries after a 429 or 5xx answer, a time-out or a broken connection.
    backoff
        Seconds before the first retry, doubled for each next one (when the server sends no
        ``Retry-After``).
    max_retry_after
        The longest wait geomap accepts from ``Retry-After`` or the backoff.
    max_redirects
        Redirects followed per URL; more (or a loop) is a :class:`FetchError`.
    max_bytes
        The largest body read; a bigger one is refused, and not read further.
    max_entries
        Entries read per feed, in the feed's order.
    cache_dir
        The page cache folder (``None``: no cache). Default :func:`default_page_cache`.
    max_age
        Seconds a cached page stays good (``None``: for ever; news pages rarely change).
    feed_max_age
        Seconds a cached feed stays good, so that new entries are seen (``None``: for
        ever). Only the feed is fetched again; its entries already cached are not.
    allow_private
        Fetch from private and link-local addresses too (an intranet).
    allow_local
        Follow links to this machine (loopback) from anywhere. Without it, only a URL that
        itself names this machine (``http://127.0.0.1:8000/feed.xml``, ``localhost``) reaches
        it, with its redirects and its feed's entries: a stranger's feed, page or feed file
        never gets geomap to read a service running here.
    progress
        Show a progress bar on standard error while fetching.

    Examples
    --------
    >>> FetchOptions(delay=0, cache_dir=None).max_entries
    50
    """

    user_agent: str = DEFAULT_USER_AGENT
    delay: float = 1.0
    timeout: float = 30.0
    connect_timeout: float = 10.0
    retries: int = 3
    backoff: float = 1.0
    max_retry_after: float = 60.0
    max_redirects: int = 5
    deadline: float = 120.0
    max_bytes: int = 10_000_000
    max_entries: int = 50
    cache_dir: str | Path | None = field(default_factory=default_page_cache)
    max_age: float | None = None
    feed_max_age: float | None = 3600.0
    allow_private: bool = False
    allow_local: bool = False
    progress: bool = False

    def __post_init__(self) -> None:
        checks = {
            "delay": self.delay >= 0, "timeout": self.timeout > 0,
            "connect_timeout": self.connect_timeout > 0, "retries": self.retries >= 0,
            "deadline": self.deadline > 0,
            "backoff": self.backoff >= 0, "max_retry_after": self.max_retry_after >= 0,
            "max_redirects": self.max_redirects >= 0, "max_bytes": self.max_bytes > 0,
            "max_entries": self.max_entries > 0,
            "max_age": self.max_age is None or self.max_age >= 0,
            "feed_max_age": self.feed_max_age is None or self.feed_max_age >= 0,
        }
        bad = [name for name, ok in checks.items() if not ok]
        if bad:
            raise UsageError(f"fetch option {bad[0]} = {getattr(self, bad[0])!r} is out of "
                             "range (delays, ages and retries are 0 or more; time-outs, sizes "
                             "and entry counts more than 0)")
        if not self.user_agent.strip() or not self.user_agent.isprintable() \
                or not self.user_agent.isascii():
            raise UsageError("the user agent must be printable ASCII text (HTTP headers "
                             "carry nothing else)")
        if self.cache_dir is not None:
            object.__setattr__(self, "cache_dir", Path(self.cache_dir))


@dataclass(frozen=True)
class Response:
    """A page or feed fetched (or read from the cache): its body and what came with it."""

    url: str
    """The URL asked for."""
    final_url: str
    """The URL answered, after redirects."""
    status: int
    content_type: str
    """The ``Content-Type`` header as sent ("" if none)."""
    body: bytes
    fetched_at: dt.datetime
    """When it was fetched (UTC)."""
    from_cache: bool = False

    @property
    def media_type(self) -> str:
        """The content type without parameters, lower-case (``"text/html"``)."""
        return media_type(self.content_type)

    def age(self) -> float:
        """Seconds since it was fetched."""
        return (dt.datetime.now(dt.UTC) - self.fetched_at).total_seconds()

    def text(self) -> str:
        """Return the body decoded (see :func:`decode_body`)."""
        return decode_body(self.body, self.content_type)


def media_type(content_type: str) -> str:
    """Return a ``Content-Type`` value's media type, lower-case, without parameters."""
    return content_type.split(";", 1)[0].strip().lower()


_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""",
                           re.IGNORECASE)


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        info = codecs.lookup(name.strip().strip("\"'"))
    except LookupError:
        return None
    # base64, rot13, zlib… are codecs too, but not character sets a page may declare.
    return info.name if getattr(info, "_is_text_encoding", True) else None


def decode_body(body: bytes, content_type: str = "") -> str:
    r"""Decode a page's bytes to text (never fails: undecodable bytes become U+FFFD).

    By a byte-order mark, else the header's charset, else ``<meta charset>``, else UTF-8
    (Windows-1252 when it is not UTF-8).

    Examples
    --------
    >>> decode_body(b"caf\xe9", "text/html; charset=latin-1")
    'café'
    """
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if body.startswith(bom):
            return body.decode(name, "replace")
    charset = None
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = _codec(value)
    if charset is None:
        found = _META_CHARSET.search(body[:4096])
        charset = _codec(found.group(1).decode("ascii")) if found else None
    if charset is not None and charset not in ("utf-8", "utf-16", "utf-32"):
        try:
            return body.decode(charset, "replace")
        except (LookupError, UnicodeError):  # a codec that refuses to decode ("undefined")
            pass
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1252", "replace")


def check_url(url: str) -> str:
    """Return ``url`` if geomap may fetch it: ``http`` or ``https``, with a host.

    Raises
    ------
    FetchError
        For any other scheme (``file:``, ``javascript:``, ``data:``, ``ftp:``) or no host.

    Examples
    --------
    >>> check_url("https://example.org/news/a.html")
    'https://example.org/news/a.html'
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018  (a port that is no number raises here)
    except ValueError as err:
        raise FetchError(f"{url}: not a valid URL ({err})") from err
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"{url}: not an http(s) URL; geomap fetches nothing else")
    if not host:
        raise FetchError(f"{url}: a URL without a host")
    if parts.username is not None or parts.password is not None:
        raise FetchError(f"{url}: a URL with a user name or password; geomap sends no "
                         "credentials and would publish them with the map")
    if any(c.isspace() or not c.isprintable() for c in url):
        raise FetchError(f"{url}: a URL with spaces or control characters")
    return url


def _cache_key(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()


class PageCache:
    """Fetched bodies on disk, keyed by the SHA-256 of their URL; JSON records, no code.

    Each entry is two files named by the key (never by anything the page or URL says):
    ``<key>.body`` holds the bytes, ``<key>.json`` the URL asked for, the final URL, status,
    content type, fetch time and the body's length and SHA-256. Both are written atomically,
    the record last. An entry that does not check out (unreadable, not JSON, the wrong
    shape or URL, a body of another length or hash) is a miss: it is fetched again.
    """

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self._broken = False  # warned once that the cache cannot be written

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = _cache_key(url)
        base = self.folder / key[:2]
        return base / f"{key}.json", base / f"{key}.body"

    def get(self, url: str) -> Response | None:
        """Return the cached response for ``url``, or ``None`` (missing or not sound)."""
        record_path, body_path = self._paths(url)
        try:
            record_stat, body_stat = record_path.lstat(), body_path.lstat()
            if not (stat.S_ISREG(record_stat.st_mode) and stat.S_ISREG(body_stat.st_mode)):
                raise ValueError("not a regular file (a link, a pipe)")  # never opened
            if record_stat.st_size > _MAX_RECORD_BYTES:
                raise ValueError("a record too big to be geomap's")
            record = json.loads(record_path.read_bytes())
            if isinstance(record, dict) and body_stat.st_size != record.get("length"):
                raise ValueError("the body does not match its record")
            body = body_path.read_bytes()
            if not isinstance(record, dict) or record.get("version") != _CACHE_VERSION:
                raise ValueError("not a record of this version")
            fields = {k: record.get(k) for k in ("url", "final_url", "content_type",
                                                 "fetched_at", "sha256")}
            if not all(isinstance(v, str) for v in fields.values()):
                raise ValueError("a field is missing or not text")
            status, length = record.get("status"), record.get("length")
            if type(status) is not int or type(length) is not int:
                raise ValueError("status or length is not a number")
            if fields["url"] != url:
                raise ValueError("a record for another URL")
            if len(body) != length or hashlib.sha256(body).hexdigest() != fields["sha256"]:
                raise ValueError("the body does not match its record")
            fetched = dt.datetime.fromisoformat(fields["fetched_at"])  # type: ignore[arg-type]
            if fetched.tzinfo is None:
                raise ValueError("a fetch time without a time zone")
            if fetched > dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5):
                raise ValueError("a fetch time in the future")
        except FileNotFoundError:
            return None
        except (OSError, ValueError, RecursionError) as err:
            log.info("%s: the cached copy is unusable (%s); fetching it again",
                     one_line(url), one_line(str(err)))
            return None
        return Response(url=url, final_url=fields["final_url"],  # type: ignore[arg-type]
                        status=status, content_type=fields["content_type"],  # type: ignore[arg-type]
                        body=body, fetched_at=fetched, from_cache=True)

    def put(self, response: Response) -> None:
        """Store a response (a cache that cannot be written is warned about once)."""
        from .files import atomic_write

        record_path, body_path = self._paths(response.url)
        record = {"version": _CACHE_VERSION, "url": response.url,
                  "final_url": response.final_url, "status": response.status,
                  "content_type": response.content_type,
                  "fetched_at": response.fetched_at.isoformat(),
                  "length": len(response.body),
                  "sha256": hashlib.sha256(response.body).hexdigest()}
        data = json.dumps(record, ensure_ascii=True).encode("ascii")
        try:
            atomic_write(body_path, lambda tmp: tmp.write_bytes(response.body), deferred=False)
            atomic_write(record_path, lambda tmp: tmp.write_bytes(data), deferred=False)
        except OutputError as err:
            if not self._broken:
                log.warning("the page cache cannot be written (%s); going on without it",
                            one_line(str(err)))
            self._broken = True


@dataclass
class _Robots:
    """The robots.txt rules of one origin, or why nothing may be fetched there."""

    parser: urllib.robotparser.RobotFileParser
    refusal: str | None = None


@dataclass
class _Answer:
    """One HTTP exchange: the URL answered, status, content type, body, redirect target."""

    url: str
    status: int
    content_type: str
    body: bytes
    location: str | None = None


class Fetcher:
    """Fetch pages and feeds over HTTP(S) with one client, politely, through a cache.

    Parameters
    ----------
    options
        :class:`FetchOptions` (the defaults if ``None``).
    sleep, clock
        The waiting functions (tests pass recorders; default :func:`time.sleep` and
        :func:`time.monotonic`).

    Attributes
    ----------
    requests
        The HTTP requests made, in order (robots.txt included); a URL served from the
        cache is not one.
    bytes_read
        Body bytes read over the network.

    Examples
    --------
    >>> with Fetcher(FetchOptions(cache_dir=None)) as fetcher:  # doctest: +SKIP
    ...     page = fetcher.fetch("https://example.org/news/story.html")
    >>> page.media_type  # doctest: +SKIP
    'text/html'
    """

    def __init__(self, options: FetchOptions | None = None, *,
                 sleep: Callable[[float], object] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.options = options or FetchOptions()
        self._sleep = sleep
        self._clock = clock
        self._watch = _Watch(self.options.allow_private)
        self._local_ok = False  # whether the input under way may reach this machine
        self._http = urllib3.PoolManager(
            num_pools=20, retries=False,
            timeout=urllib3.Timeout(connect=self.options.connect_timeout,
                                    read=self.options.timeout),
            headers={"User-Agent": self.options.user_agent, "Accept": _ACCEPT,
                     "Accept-Encoding": "gzip, deflate"})
        self._http.pool_classes_by_scheme = _watched_pools(self._watch)
        folder = self.options.cache_dir
        self.cache = PageCache(folder) if folder is not None else None
        self._robots: dict[str, _Robots] = {}
        self._last: dict[str, float] = {}
        self.requests: list[str] = []
        self.bytes_read = 0

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the client's connections."""
        self._http.clear()

    # --- the public call ---------------------------------------------------------------

    def fetch(self, url: str, *, kind: Kind = "page or feed",
              max_age: float | None = None, refresh: bool = False,
              local: bool | None = None) -> Response:
        """Return the page or feed at ``url``, from the cache when it holds a good copy.

        Parameters
        ----------
        url
            An ``http`` or ``https`` URL.
        kind
            ``"page"`` accepts HTML only; ``"page or feed"`` HTML and feed XML too. A body
            sent without a content type is accepted (and sniffed by the caller).
        max_age
            Seconds a cached copy stays good (default :attr:`FetchOptions.max_age`).
        refresh
            Fetch again whatever the cache holds.
        local
            Whether this machine may be reached (for a link found in a feed: whether the
            feed came from it). By default, when ``url`` itself names this machine.

        Returns
        -------
        Response

        Raises
        ------
        FetchError
            When the URL may not or cannot be fetched; the message names it and says why.
        """
        check_url(url)
        self._local_ok = self.options.allow_local or (
            names_this_machine(url) if local is None else local)
        if self.cache is not None and not refresh:
            cached = self.cache.get(url)
            limit = self.options.max_age if max_age is None else max_age
            if cached is not None and (limit is None or cached.age() <= limit):
                _check_kind(cached.url, cached.content_type, kind)
                if len(cached.body) > self.options.max_bytes:
                    raise FetchError(f"{url}: a body of {len(cached.body) / 1e6:g} MB, over "
                                     f"the limit of {self.options.max_bytes / 1e6:g} MB "
                                     "(--max-page-size)")
                return cached
        answer = self._follow(url, kind=kind, max_bytes=self.options.max_bytes)
        if not 200 <= answer.status < 300:
            raise FetchError(f"{url}: HTTP {answer.status}")
        response = Response(url=url, final_url=answer.url, status=answer.status,
                            content_type=answer.content_type, body=answer.body,
                            fetched_at=dt.datetime.now(dt.UTC))
        if self.cache is not None:
            self.cache.put(response)
        return response

    # --- redirects, robots, addresses ----------------------------------------------------

    def _follow(self, url: str, *, kind: Kind | None, max_bytes: int,
                robots: bool = True, truncate: bool = False) -> _Answer:
        """Request ``url``, following redirects (each hop checked); return the last answer."""
        chain = [url]
        current = url
        for _hop in range(self.options.max_redirects + 1):
            self._check_host(current, url)
            if robots:
                self._check_robots(current, asked=url)
            answer = self._request(current, asked=url, kind=kind, max_bytes=max_bytes,
                                   truncate=truncate, errors=robots)
            if answer.status not in REDIRECT_STATUSES:
                return answer
            try:
                target = urljoin(current, answer.location or "").split("#", 1)[0]
            except ValueError as err:
                raise FetchError(f"{url}: redirected to a location that is no URL "
                                 f"({one_line((answer.location or '')[:80])!r})") from err
            try:
                check_url(target)
            except FetchError as err:
                raise FetchError(f"{url}: redirected to {target}, which geomap does not "
                                 f"fetch ({str(err).removeprefix(f'{target}: ')})") from err
            if target in chain:
                loop = " → ".join([*chain[chain.index(target):], target])
                raise FetchError(f"{url}: a redirect loop ({loop})")
            chain.append(target)
            current = target
        raise FetchError(f"{url}: more than {self.options.max_redirects} redirects "
                         f"({' → '.join(chain)})")

    def _check_robots(self, url: str, *, asked: str) -> None:
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        rules = self._robots.get(origin)
        if rules is None:
            rules = self._robots[origin] = self._load_robots(origin)
        if rules.refusal is not None:
            raise FetchError(f"{asked}: {rules.refusal}")
        if not rules.parser.can_fetch(self.options.user_agent, url):
            raise FetchError(f"{asked}: disallowed by {origin}/robots.txt; not fetched")

    def _load_robots(self, origin: str) -> _Robots:
        """Read an origin's robots.txt (RFC 9309), from the cache for a day."""
        url = f"{origin}/robots.txt"
        parser = urllib.robotparser.RobotFileParser(url)
        cached = self.cache.get(url) if self.cache is not None else None
        if cached is not None and cached.age() <= ROBOTS_MAX_AGE:
            status, body = cached.status, cached.body
        else:
            try:
                answer = self._follow(url, kind=None, max_bytes=ROBOTS_MAX_BYTES,
                                      robots=False, truncate=True)
            except FetchError as err:
                reason = str(err).removeprefix(f"{url}: ")
                return _Robots(parser, f"{url} could not be fetched ({reason}); the robots "
                               "exclusion protocol then allows nothing")
            status, body = answer.status, answer.body
            if status < 500 and self.cache is not None:
                self.cache.put(Response(url=url, final_url=answer.url, status=status,
                                        content_type="text/plain", body=body,
                                        fetched_at=dt.datetime.now(dt.UTC)))
        if status >= 500:
            return _Robots(parser, f"{url} answered HTTP {status}; the robots exclusion "
                           "protocol then allows nothing")
        if status >= 400:
            parser.allow_all = True  # type: ignore[attr-defined]  # no robots.txt: all allowed
            return _Robots(parser)
        parser.parse(decode_body(body, "text/plain; charset=utf-8").splitlines())
        return _Robots(parser)

    def _check_host(self, url: str, asked: str) -> None:
        """Refuse a host that resolves to a non-public address (but the local machine)."""
        if self.options.allow_private:
            return
        parts = urlsplit(url)
        host = parts.hostname or ""
        try:
            infos = socket.getaddrinfo(host, parts.port or 80, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as err:
            raise FetchError(f"{asked}: cannot find the host {host} ({err})") from err
        for info in infos:
            _check_address(str(info[4][0]), host, asked, local=self._local_ok)

    # --- one request, with retries -------------------------------------------------------

    def _wait_turn(self, url: str) -> None:
        """Wait until :attr:`FetchOptions.delay` has passed since the host's last request."""
        host = urlsplit(url).netloc.lower()
        last = self._last.get(host)
        if last is not None:
            wait = self.options.delay - (self._clock() - last)
            if wait > 0:
                self._sleep(wait)
        self._last[host] = self._clock()

    def _retry_wait(self, attempt: int, retry_after: str | None) -> float:
        wait = self.options.backoff * 2.0 ** attempt
        if retry_after is not None:
            asked = _parse_retry_after(retry_after)
            if asked is not None:
                wait = asked
        return max(0.0, min(wait, self.options.max_retry_after))

    def _request(self, url: str, *, asked: str, kind: Kind | None, max_bytes: int,
                 truncate: bool, errors: bool) -> _Answer:
        """GET ``url`` once, retrying what may mend; a redirect is returned, not followed.

        With ``errors`` false, an HTTP error status is returned rather than raised. A body
        not read to its end is never left on a pooled connection: the connection is closed.
        """
        options = self.options
        failure = ""
        for attempt in range(options.retries + 1):
            if attempt:
                log.info("%s: %s; trying again (%d of %d)", one_line(asked), failure,
                         attempt, options.retries)
            self._wait_turn(url)
            self.requests.append(url)
            self._watch.begin(asked, options.deadline, local=self._local_ok)
            try:
                resp = self._http.request("GET", url, preload_content=False, redirect=False,
                                          retries=False)
            except urllib3.exceptions.NewConnectionError as err:  # a ConnectTimeoutError too
                self._give_up_if_late(asked)
                failure = f"cannot connect ({_reason(err)})"
                self._sleep(self._retry_wait(attempt, None))
                continue
            except urllib3.exceptions.TimeoutError:
                self._give_up_if_late(asked)
                failure = f"no answer within {options.timeout:g} s"
                self._sleep(self._retry_wait(attempt, None))
                continue
            except urllib3.exceptions.SSLError as err:  # a certificate will not mend
                raise FetchError(f"{asked}: no secure connection ({_reason(err)})") from err
            except urllib3.exceptions.HTTPError as err:
                self._give_up_if_late(asked)
                failure = f"cannot connect ({_reason(err)})"
                self._sleep(self._retry_wait(attempt, None))
                continue
            try:
                status = resp.status
                if status in RETRY_STATUSES and attempt < options.retries:
                    failure = f"HTTP {status}"
                    self._sleep(self._retry_wait(attempt, resp.headers.get("Retry-After")))
                    continue
                if status in REDIRECT_STATUSES and resp.headers.get("Location"):
                    return _Answer(url, status, "", b"", location=resp.headers["Location"])
                if status >= 400:
                    tries = f" after {attempt + 1} tries" if attempt else ""
                    if errors:
                        raise FetchError(f"{asked}: HTTP {status} {resp.reason or ''}"
                                         .rstrip() + tries)
                    return _Answer(url, status, "", b"")
                content_type = resp.headers.get("Content-Type", "")
                if kind is not None:
                    _check_kind(asked, content_type, kind)
                body = self._read_body(resp, asked, max_bytes, truncate)
                self._give_up_if_late(asked)  # a body cut at the deadline may end cleanly
                return _Answer(url, status, content_type, body)
            except (urllib3.exceptions.TimeoutError, urllib3.exceptions.ProtocolError,
                    urllib3.exceptions.DecodeError, OSError) as err:
                self._give_up_if_late(asked)
                failure = (f"no answer within {options.timeout:g} s"
                           if isinstance(err, urllib3.exceptions.TimeoutError)
                           else f"the connection broke ({_reason(err)})")
                self._sleep(self._retry_wait(attempt, None))
                continue
            finally:
                self._watch.end()
                resp.close()  # never pooled: the next request connects (and is checked) anew
                resp.release_conn()
        raise FetchError(f"{asked}: {failure} (after {options.retries + 1} tries)")

    def _give_up_if_late(self, asked: str) -> None:
        """Raise once the request's deadline cut it off: a slow server is not retried."""
        self._watch.end()
        if self._watch.expired:
            raise FetchError(f"{asked}: no complete answer within {self.options.deadline:g} s "
                             "(a server sending slowly); not read further")

    def _read_body(self, resp: urllib3.BaseHTTPResponse, asked: str, max_bytes: int,
                   truncate: bool) -> bytes:
        """Read the body in chunks, stopping as soon as it goes over ``max_bytes``."""
        limit = f"{max_bytes / 1e6:g} MB"
        length = resp.headers.get("Content-Length", "").strip()
        if _DIGITS.fullmatch(length) and int(length) > max_bytes and not truncate:
            raise FetchError(f"{asked}: a body of {int(length) / 1e6:g} MB, over the limit of "
                             f"{limit} (--max-page-size); not read")
        parts: list[bytes] = []
        total = 0
        for chunk in resp.stream(_CHUNK):
            total += len(chunk)
            self.bytes_read += len(chunk)
            if total > max_bytes:  # the rest is never read: the connection is closed
                if truncate:
                    parts.append(chunk[:max_bytes - (total - len(chunk))])
                    break
                raise FetchError(f"{asked}: a body over the limit of {limit} (--max-page-size);"
                                 " reading stopped there")
            parts.append(chunk)
        return b"".join(parts)


def _check_kind(asked: str, content_type: str, kind: Kind) -> None:
    """Refuse a content type that is neither HTML nor (for ``"page or feed"``) feed XML."""
    media = media_type(content_type)
    allowed = HTML_TYPES if kind == "page" else HTML_TYPES | FEED_TYPES
    if media and media not in allowed:
        what = "an HTML page" if kind == "page" else "an HTML page or a feed"
        raise FetchError(f"{asked}: not {what} (content type {media})")


def names_this_machine(url: str) -> bool:
    """Whether ``url``'s host is this machine by name (``localhost``) or loopback address."""
    try:
        host = (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return False
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_address(address: str, host: str, asked: str, *, local: bool) -> None:
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(
        address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        # An IPv4 address inside an IPv6 one reaches that IPv4 host: check it instead.
        packed = int(ip)
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip.sixtofour is not None:
            ip = ip.sixtofour
        elif ip in _NAT64 or (packed >> 32 == 0 and packed > 1):
            ip = ipaddress.IPv4Address(packed & 0xFFFFFFFF)
    if ip.is_loopback and not local:
        raise FetchError(f"{asked}: {host} is this machine ({ip}), reached from a link that "
                         "did not come from it; not followed (--allow-local to allow)")
    if ip.is_multicast or not (ip.is_loopback or ip.is_global):
        raise FetchError(f"{asked}: {host} is a private or reserved address ({ip}); geomap "
                         "fetches from public hosts and this machine only")


class _Watch:
    """Guard of the request under way, called as its connection is made.

    The address connected to is checked before anything is sent (a host name may resolve
    anew between geomap's own check and the connection: DNS rebinding), and a timer shuts
    the socket down at the request's deadline: the read time-out counts per read, so a
    server sending a byte a second could otherwise hold a build for days.
    """

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private
        self.clock = time.monotonic  # real seconds, whatever clock the fetcher was given
        self.asked = ""
        self.local = False
        self.deadline = 0.0
        self.expired = False
        self._timer: threading.Timer | None = None

    def begin(self, asked: str, seconds: float, *, local: bool) -> None:
        self.end()
        self.asked, self.deadline, self.expired = asked, self.clock() + seconds, False
        self.local = local

    def connected(self, sock: socket.socket, host: str) -> None:
        if not self.allow_private:
            _check_address(str(sock.getpeername()[0]), host, self.asked, local=self.local)
        self.end()
        timer = threading.Timer(max(0.0, self.deadline - self.clock()), self._expire, (sock,))
        timer.daemon = True
        timer.start()
        self._timer = timer

    def _expire(self, sock: socket.socket) -> None:
        self.expired = True
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)  # the blocked read returns; the request fails

    def end(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


def _watched_pools(watch: _Watch) -> dict[str, type[urllib3.HTTPConnectionPool]]:
    """Return urllib3 pool classes whose connections report to ``watch`` once connected."""

    def _report(sock: socket.socket, host: str) -> socket.socket:
        try:
            watch.connected(sock, host)
        except BaseException:
            sock.close()  # refused before a byte was sent
            raise
        return sock

    class Connection(urllib3.connection.HTTPConnection):
        def _new_conn(self) -> socket.socket:
            return _report(super()._new_conn(), self.host)

    class SecureConnection(urllib3.connection.HTTPSConnection):
        def _new_conn(self) -> socket.socket:
            return _report(super()._new_conn(), self.host)

    class Pool(urllib3.HTTPConnectionPool):
        ConnectionCls = Connection

    class SecurePool(urllib3.HTTPSConnectionPool):
        ConnectionCls = SecureConnection

    return {"http": Pool, "https": SecurePool}


def _parse_retry_after(value: str) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds, or an HTTP date)."""
    value = value.strip()
    if _DIGITS.fullmatch(value):  # ASCII only: "²".isdigit() is true too
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def _reason(err: BaseException) -> str:
    """Return a short reason for a network error (urllib3 wraps the socket's)."""
    inner: Any = getattr(err, "reason", None) or err
    text = str(inner)
    return text.split(": ", 1)[-1] if "Failed to establish" in text else text

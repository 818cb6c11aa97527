"""Fetching pages politely and safely (geomap.fetch), against a web site on 127.0.0.1.

Nothing here reaches beyond this machine: :class:`Site` is a ``ThreadingHTTPServer`` on a
free local port that serves articles, a robots.txt, feeds and every way a site can fail, and
counts the requests it gets per path. Waits are recorded, not slept.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from geomap.fetch import (
    Fetcher,
    FetchError,
    FetchOptions,
    PageCache,
    check_url,
    decode_body,
)

ARTICLES = {
    "/news/floods-lima.html": (
        "<html><head><title>Floods hit Lima | Andes Herald</title>"
        '<meta property="og:title" content="Floods hit Lima and Cusco">'
        '<meta property="og:site_name" content="Andes Herald">'
        '<meta property="article:published_time" content="2024-03-04T09:00:00Z">'
        "</head><body><nav>Home | World | Sport</nav><article>"
        "<p>Floods hit Lima, Peru, on Monday after three days of rain.</p>"
        "<p>Rescuers reached Cusco on Tuesday, and the Red Cross sent aid to Arequipa.</p>"
        "</article><footer>© Andes Herald</footer></body></html>"),
    "/news/quake-quito.html": (
        "<html><head><title>Earthquake shakes Quito</title>"
        '<meta property="article:published_time" content="2024-03-05">'
        "</head><body><article>"
        "<p>An earthquake shook Quito, Ecuador, on Tuesday. Buildings were damaged in "
        "Guayaquil.</p><p>President Daniel Noboa visited Guayaquil on Wednesday.</p>"
        "</article></body></html>"),
    # No title, no date, no site name: a feed entry's say fills them.
    "/news/bare.html": (
        "<html><body><p>Heavy snow closed the roads around La Paz, Bolivia, and the airport "
        "of El Alto stayed shut.</p></body></html>"),
    "/private/secret.html": "<html><body><p>Secret text about Lima.</p></body></html>",
}
ROBOTS = "User-agent: *\nDisallow: /private/\n"
BIG = 5_000_000  # bytes


class Site:
    """A web site on 127.0.0.1: articles, robots.txt, feeds, and failures of every kind."""

    def __init__(self, robots: str | int = ROBOTS) -> None:
        self.hits: Counter[str] = Counter()
        self.agents: list[str] = []
        self.robots = robots
        self.release = threading.Event()  # lets the slow page answer, at the end
        self.pages: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                site.hits[path] += 1
                site.agents.append(self.headers.get("User-Agent", ""))
                handler = site.pages.get(path)
                if handler is None:
                    site.send(self, 404, b"not found", "text/plain")
                    return
                # The client may stop reading: what a size limit does.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    handler(self)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._routes()
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,),
                                       daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return self.base + path

    @staticmethod
    def send(handler: BaseHTTPRequestHandler, status: int, body: bytes, content_type: str,
             headers: dict[str, str] | None = None) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            handler.send_header(key, value)
        handler.end_headers()
        handler.wfile.write(body)

    def page(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8",
             status: int = 200, headers: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.pages[path] = lambda h: self.send(h, status, data, content_type, headers)

    def _routes(self) -> None:
        for path, html in ARTICLES.items():
            self.page(path, html)
        if isinstance(self.robots, int):
            self.page("/robots.txt", b"down", "text/plain", status=self.robots)
        else:
            self.page("/robots.txt", self.robots, "text/plain")
        self.page("/image.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 2000, "image/png")
        self.page("/down.html", b"busy", "text/plain", status=503)
        self.page("/gone.html", b"gone", "text/html", status=410)
        self.page("/loop-a", b"", "text/html", status=302, headers={"Location": "/loop-b"})
        self.page("/loop-b", b"", "text/html", status=302, headers={"Location": "/loop-a"})
        self.page("/old-address", b"", "text/html", status=301,
                  headers={"Location": "/news/floods-lima.html"})
        self.page("/to-private", b"", "text/html", status=302,
                  headers={"Location": "/private/secret.html"})
        self.page("/to-file", b"", "text/html", status=302,
                  headers={"Location": "file:///etc/passwd"})
        self.pages["/flaky-429.html"] = self._flaky(
            [(429, {"Retry-After": "0"})], ARTICLES["/news/floods-lima.html"])
        self.pages["/patient-429.html"] = self._flaky(
            [(429, {"Retry-After": "3600"})], ARTICLES["/news/floods-lima.html"])
        self.pages["/flaky-503.html"] = self._flaky(
            [(503, {}), (503, {})], ARTICLES["/news/quake-quito.html"])
        self.pages["/slow.html"] = self._slow
        self.pages["/big.html"] = self._big
        self.pages["/big-stream.html"] = self._big_stream

    def _flaky(self, failures: list[tuple[int, dict[str, str]]], html: str
               ) -> Callable[[BaseHTTPRequestHandler], None]:
        left = list(failures)

        def handle(h: BaseHTTPRequestHandler) -> None:
            if left:
                status, headers = left.pop(0)
                self.send(h, status, b"try later", "text/plain", headers)
            else:
                self.send(h, 200, html.encode(), "text/html; charset=utf-8")
        return handle

    def _slow(self, h: BaseHTTPRequestHandler) -> None:
        self.release.wait(30)  # longer than any time-out the tests set
        self.send(h, 200, ARTICLES["/news/bare.html"].encode(), "text/html")

    def _big(self, h: BaseHTTPRequestHandler) -> None:
        self.send(h, 200, b"<p>" + b"x" * BIG + b"</p>", "text/html")

    def _big_stream(self, h: BaseHTTPRequestHandler) -> None:
        # No Content-Length: the body ends when the connection closes (HTTP/1.0).
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.end_headers()
        chunk = b"<p>" + b"y" * 65_533
        for _ in range(BIG // len(chunk)):
            h.wfile.write(chunk)

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site() -> Iterator[Site]:
    server = Site()
    try:
        yield server
    finally:
        server.close()


class Waits:
    """Record the waits a fetcher asks for, instead of waiting; a clock that stands still."""

    def __init__(self) -> None:
        self.slept: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)

    def clock(self) -> float:
        return 1000.0


def fetcher(tmp_path: Path, waits: Waits | None = None, **options: Any) -> Fetcher:
    settings: dict[str, Any] = {"delay": 0, "backoff": 0, "cache_dir": tmp_path / "cache"}
    settings.update(options)
    waits = waits or Waits()
    return Fetcher(FetchOptions(**settings), sleep=waits.sleep, clock=waits.clock)


# --- fetching and the cache ------------------------------------------------------------

def test_a_page_is_fetched_with_the_user_agent_and_robots_txt_first(site: Site,
                                                                      tmp_path: Path) -> None:
    with fetcher(tmp_path, user_agent="newsroom-bot/1 (desk@example.org)") as f:
        page = f.fetch(site.url("/news/floods-lima.html"))
    assert page.status == 200 and page.media_type == "text/html" and not page.from_cache
    assert "Floods hit Lima, Peru" in page.text()
    assert f.requests == [site.url("/robots.txt"), site.url("/news/floods-lima.html")]
    assert site.agents == ["newsroom-bot/1 (desk@example.org)"] * 2


def test_a_second_run_fetches_nothing(site: Site, tmp_path: Path) -> None:
    urls = [site.url(p) for p in ("/news/floods-lima.html", "/news/quake-quito.html")]
    with fetcher(tmp_path) as f:
        first = [f.fetch(u) for u in urls]
    before = dict(site.hits)
    assert before == {"/robots.txt": 1, "/news/floods-lima.html": 1,
                      "/news/quake-quito.html": 1}
    with fetcher(tmp_path) as f:  # a new run: only the disk cache is shared
        again = [f.fetch(u) for u in urls]
        assert f.requests == []
    assert dict(site.hits) == before  # robots.txt was not asked again either
    assert [p.body for p in again] == [p.body for p in first]
    assert all(p.from_cache for p in again)


def test_the_cache_is_json_and_bytes_named_by_hash(site: Site, tmp_path: Path) -> None:
    url = site.url("/news/floods-lima.html?x=../../etc/passwd")
    site.page("/news/floods-lima.html", ARTICLES["/news/floods-lima.html"])
    with fetcher(tmp_path) as f:
        f.fetch(url)
    files = sorted(p for p in (tmp_path / "cache").rglob("*") if p.is_file())
    assert files and all(len(p.stem) == 64 and p.suffix in (".json", ".body") for p in files)
    records = [json.loads(p.read_text(encoding="ascii")) for p in files if p.suffix == ".json"]
    mine = next(r for r in records if r["url"] == url)
    assert set(mine) == {"version", "url", "final_url", "status", "content_type", "fetched_at",
                         "length", "sha256"}
    assert mine["status"] == 200 and mine["content_type"].startswith("text/html")


@pytest.mark.parametrize("damage", ["body", "record", "shape", "other-url", "empty"])
def test_a_damaged_cache_entry_is_fetched_again(site: Site, tmp_path: Path,
                                                damage: str) -> None:
    url = site.url("/news/floods-lima.html")
    with fetcher(tmp_path) as f:
        f.fetch(url)
    record_path, body_path = PageCache(tmp_path / "cache")._paths(url)
    if damage == "body":
        body_path.write_bytes(b"<p>tampered</p>")
    elif damage == "record":
        record_path.write_bytes(b"\x80\x04K\x01.")  # a pickle: never loaded as one
    elif damage == "shape":
        record_path.write_text(json.dumps({"version": 1, "url": url, "status": "200"}))
    elif damage == "other-url":
        record = json.loads(record_path.read_text())
        record_path.write_text(json.dumps({**record, "url": "http://elsewhere/"}))
    else:
        record_path.write_bytes(b"")
    with fetcher(tmp_path) as f:
        page = f.fetch(url)
    assert not page.from_cache and "Floods hit Lima" in page.text()
    assert site.hits["/news/floods-lima.html"] == 2
    with fetcher(tmp_path) as f:  # the entry was written anew, and is good again
        assert f.fetch(url).from_cache


def test_without_a_cache_every_run_fetches(site: Site, tmp_path: Path) -> None:
    for _ in range(2):
        with fetcher(tmp_path, cache_dir=None) as f:
            f.fetch(site.url("/news/bare.html"))
    assert site.hits["/news/bare.html"] == 2
    assert not (tmp_path / "cache").exists()


# --- politeness ----------------------------------------------------------------------------

def test_robots_txt_disallows_and_nothing_is_asked(site: Site, tmp_path: Path) -> None:
    with fetcher(tmp_path) as f, pytest.raises(FetchError) as err:
        f.fetch(site.url("/private/secret.html"))
    assert str(err.value).startswith(site.url("/private/secret.html"))
    assert "disallowed by" in str(err.value) and "robots.txt" in str(err.value)
    assert site.hits["/private/secret.html"] == 0


def test_a_redirect_into_a_disallowed_path_is_refused(site: Site, tmp_path: Path) -> None:
    with fetcher(tmp_path) as f, pytest.raises(FetchError, match=r"robots\.txt"):
        f.fetch(site.url("/to-private"))
    assert site.hits["/private/secret.html"] == 0


def test_an_unreachable_robots_txt_allows_nothing(tmp_path: Path) -> None:
    down = Site(robots=503)
    try:
        with fetcher(tmp_path, retries=1) as f, pytest.raises(FetchError) as err:
            f.fetch(down.url("/news/bare.html"))
        assert "robots.txt" in str(err.value) and "allows nothing" in str(err.value)
        assert down.hits["/news/bare.html"] == 0
        assert down.hits["/robots.txt"] == 2  # retried like any 5xx
    finally:
        down.close()


def test_a_missing_robots_txt_allows_everything(tmp_path: Path) -> None:
    open_site = Site(robots=404)
    try:
        with fetcher(tmp_path) as f:
            assert "Secret" in f.fetch(open_site.url("/private/secret.html")).text()
        with fetcher(tmp_path) as f:  # the 404 is cached too: nothing asked again
            f.fetch(open_site.url("/private/secret.html"))
            assert f.requests == []
    finally:
        open_site.close()


def test_requests_to_one_host_are_spaced_by_the_delay(site: Site, tmp_path: Path) -> None:
    waits = Waits()
    with fetcher(tmp_path, waits, delay=2.5) as f:
        f.fetch(site.url("/news/floods-lima.html"))
        f.fetch(site.url("/news/quake-quito.html"))
    # robots.txt, then two pages: each request after the first waits out the delay (the
    # clock stands still, so the whole delay).
    assert waits.slept == [2.5, 2.5]


def test_429_with_retry_after_zero_then_200(site: Site, tmp_path: Path) -> None:
    waits = Waits()
    with fetcher(tmp_path, waits, backoff=7) as f:
        page = f.fetch(site.url("/flaky-429.html"))
    assert "Floods hit Lima" in page.text()
    assert site.hits["/flaky-429.html"] == 2
    assert waits.slept == [0.0]  # Retry-After: 0 wins over the backoff


def test_retry_after_is_capped(site: Site, tmp_path: Path) -> None:
    waits = Waits()
    with fetcher(tmp_path, waits, max_retry_after=4) as f:
        f.fetch(site.url("/patient-429.html"))
    assert waits.slept == [4.0]  # the server asked for an hour


def test_503_twice_then_200_with_exponential_backoff(site: Site, tmp_path: Path) -> None:
    waits = Waits()
    with fetcher(tmp_path, waits, backoff=1.5) as f:
        page = f.fetch(site.url("/flaky-503.html"))
    assert "Quito" in page.text()
    assert site.hits["/flaky-503.html"] == 3
    assert waits.slept == [1.5, 3.0]


def test_a_server_error_after_retries_is_named(site: Site, tmp_path: Path) -> None:
    with fetcher(tmp_path, retries=2) as f, pytest.raises(FetchError) as err:
        f.fetch(site.url("/down.html"))
    assert str(err.value) == f"{site.url('/down.html')}: HTTP 503 Service Unavailable after 3 tries"
    assert site.hits["/down.html"] == 3


def test_a_client_error_is_not_retried(site: Site, tmp_path: Path) -> None:
    with fetcher(tmp_path) as f, pytest.raises(FetchError, match="HTTP 410"):
        f.fetch(site.url("/gone.html"))
    assert site.hits["/gone.html"] == 1


def test_a_page_slower_than_the_timeout_is_named(site: Site, tmp_path: Path) -> None:
    with fetcher(tmp_path, timeout=0.2, retries=1) as f, pytest.raises(FetchError) as err:
        f.fetch(site.url("/slow.html"))
    assert "no answer within 0.2 s (after 2 tries)" in str(err.value)
    assert site.hits["/slow.html"] == 2


# --- redirects, limits, types, schemes ------------------------------------------------

def test_redirects_are_followed_and_the_final_url_kept(site: Site, tmp_path: Path) -> None:
    with fetcher(tmp_path) as f:
        page = f.fetch(site.url("/old-address"))
    assert page.url == site.url("/old-address")
    assert page.final_url == site.url("/news/floods-lima.html")


def test_a_redirect_loop_is_named(site: Site, tmp_path: Path) -> None:
    with fetcher(tmp_path) as f, pytest.raises(FetchError) as err:
        f.fetch(site.url("/loop-a"))
    assert "a redirect loop" in str(err.value)
    assert site.url("/loop-b") in str(err.value)
    assert site.hits["/loop-a"] == 1 and site.hits["/loop-b"] == 1


def test_too_many_redirects_are_named(site: Site, tmp_path: Path) -> None:
    with fetcher(tmp_path, max_redirects=0) as f, pytest.raises(FetchError,
                                                                match="more than 0 redirects"):
        f.fetch(site.url("/old-address"))


def test_a_redirect_to_another_scheme_is_refused(site: Site, tmp_path: Path) -> None:
    with fetcher(tmp_path) as f, pytest.raises(FetchError, match="file:///etc/passwd"):
        f.fetch(site.url("/to-file"))


def test_a_page_over_the_size_limit_is_not_read(site: Site, tmp_path: Path) -> None:
    with fetcher(tmp_path, max_bytes=1_000_000) as f:
        with pytest.raises(FetchError) as err:
            f.fetch(site.url("/big.html"))
        assert f.bytes_read == len(ROBOTS)  # robots.txt; its Content-Length said enough
    assert str(err.value).startswith(site.url("/big.html") + ": a body of 5")
    assert "over the limit of 1 MB" in str(err.value)


def test_a_streamed_page_over_the_limit_stops_being_read(site: Site, tmp_path: Path) -> None:
    with fetcher(tmp_path, max_bytes=1_000_000) as f:
        with pytest.raises(FetchError, match="reading stopped there"):
            f.fetch(site.url("/big-stream.html"))
        # Reading stopped at the limit (give or take one chunk), far short of 5 MB.
        assert 1_000_000 < f.bytes_read <= 1_000_000 + 65_536
    _, body_path = PageCache(tmp_path / "cache")._paths(site.url("/big-stream.html"))
    assert not body_path.exists()  # nothing of it was cached


def test_a_page_that_is_not_html_is_refused_unread(site: Site, tmp_path: Path) -> None:
    with fetcher(tmp_path) as f:
        with pytest.raises(FetchError, match=r"not an HTML page or a feed \(content type "
                                             r"image/png\)"):
            f.fetch(site.url("/image.png"))
        with pytest.raises(FetchError, match="not an HTML page"):
            f.fetch(site.url("/image.png"), kind="page")
        assert f.bytes_read == len(ROBOTS)


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "javascript:alert(1)", "data:text/html,<p>x</p>",
    "ftp://example.org/a.html", "http://", "http://exa mple.org/", "http://example.org:x/"])
def test_only_http_urls_are_fetched(url: str) -> None:
    with pytest.raises(FetchError):
        check_url(url)


@pytest.mark.parametrize("url", [
    "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://192.168.1.1/",
    "http://[fe80::1]/", "http://0.0.0.0/", "http://[::ffff:10.1.2.3]/"])
def test_private_and_link_local_addresses_are_refused(tmp_path: Path, url: str) -> None:
    with fetcher(tmp_path) as f, pytest.raises(FetchError, match="private or reserved"):
        f.fetch(url)
    assert f.requests == []  # refused before any connection


def test_options_out_of_range_are_usage_errors() -> None:
    from geomap.errors import UsageError

    with pytest.raises(UsageError, match="max_bytes"):
        FetchOptions(max_bytes=0, cache_dir=None)
    with pytest.raises(UsageError, match="user agent"):
        FetchOptions(user_agent="bot\nX-Injected: 1", cache_dir=None)


def test_the_default_page_cache_is_in_geomaps_cache_folder(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(tmp_path))
    assert FetchOptions().cache_dir == tmp_path / "pages"


@pytest.mark.parametrize(("body", "content_type", "text"), [
    (b"caf\xc3\xa9", "text/html; charset=utf-8", "café"),
    (b"caf\xe9", "text/html; charset=ISO-8859-1", "café"),
    (b'<meta charset="windows-1252"><p>caf\xe9', "text/html", "café"),
    (b"caf\xe9", "text/html", "café"),  # not UTF-8: Windows-1252
    (b"caf\xc3\xa9", "text/html; charset=no-such-codec", "café"),
])
def test_bodies_are_decoded_by_their_charset(body: bytes, content_type: str,
                                             text: str) -> None:
    assert text in decode_body(body, content_type)


def test_a_host_that_refuses_connections_is_named(tmp_path: Path) -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on once this is closed
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/news.html"
    with fetcher(tmp_path, retries=1) as f, pytest.raises(FetchError) as err:
        f.fetch(url)
    # robots.txt cannot be fetched: nothing is, as RFC 9309 asks.
    assert str(err.value).startswith(f"{url}: http://127.0.0.1:{port}/robots.txt could not be "
                                     "fetched (cannot connect (")
    assert "after 2 tries" in str(err.value)


# --- what an attack found: a hostile answer is one skipped input, never a crash -----------


def _raw(site: Site, path: str, head: bytes, body: bytes = b"") -> None:
    """Serve ``head`` (status line and headers, as bytes) and ``body`` exactly as given."""
    def handle(h: BaseHTTPRequestHandler) -> None:
        h.wfile.write(head + b"\r\n\r\n" + body)
        h.close_connection = True
    site.pages[path] = handle


@pytest.mark.parametrize(("head", "says"), [
    (b"HTTP/1.1 503 Busy\r\nRetry-After: \xb2\r\nContent-Length: 0", "503"),
    (b"HTTP/1.1 302 Found\r\nLocation: http://[\r\nContent-Length: 0", "no URL"),
])
def test_odd_headers_are_named_failures(site: Site, tmp_path: Path, head: bytes,
                                        says: str) -> None:
    _raw(site, "/odd.html", head)
    with pytest.raises(FetchError, match=says):
        fetcher(tmp_path, retries=1).fetch(site.url("/odd.html"))


def test_a_non_ascii_content_length_is_ignored_not_a_crash(site: Site, tmp_path: Path) -> None:
    body = ARTICLES["/news/quake-quito.html"].encode()
    _raw(site, "/len.html", b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n"
         b"Content-Length: \xb9", body)
    assert fetcher(tmp_path).fetch(site.url("/len.html")).body == body


@pytest.mark.parametrize("charset", ["base64", "rot13", "zlib", "hex", "undefined", "idna"])
def test_a_codec_that_is_no_character_set_still_decodes(charset: str) -> None:
    assert "Quito" in decode_body(b"<p>Quito, Ecuador</p>", f"text/html; charset={charset}")


def test_a_server_sending_slowly_is_cut_off_at_the_deadline(site: Site, tmp_path: Path) -> None:
    # A byte every 0.2 s never trips the read time-out (it counts per read): the deadline
    # ends the request however the server paces it, and a slow server is not retried.
    def dribble(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.end_headers()
        for _ in range(300):
            if site.release.wait(0.2):
                return
            h.wfile.write(b"x")
            h.wfile.flush()
    site.pages["/dribble.html"] = dribble
    with pytest.raises(FetchError, match="no complete answer within 1 s"):
        fetcher(tmp_path, timeout=5, deadline=1).fetch(site.url("/dribble.html"))
    assert site.hits["/dribble.html"] == 1


def test_the_address_connected_to_is_checked_before_anything_is_sent(
        site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # DNS rebinding: the name resolved to a public address when geomap looked it up, and to
    # a private one when the connection was made. Simulated: the look-up passes, and the
    # connected address counts as private.
    import geomap.fetch as fetch

    f = fetcher(tmp_path)
    monkeypatch.setattr(f, "_check_host", lambda url, asked: None)
    real = fetch._check_address

    def private_here(address: str, host: str, asked: str, *, local: bool) -> None:
        if address == "127.0.0.1":
            raise FetchError(f"{asked}: {host} is a private or reserved address ({address})")
        real(address, host, asked, local=local)
    monkeypatch.setattr(fetch, "_check_address", private_here)
    with pytest.raises(FetchError, match="private or reserved"):
        f.fetch(site.url("/news/floods-lima.html"))
    assert sum(site.hits.values()) == 0  # not even robots.txt was asked for


@pytest.mark.parametrize("address", ["64:ff9b::a00:1", "2002:a00:1::", "::a00:1",
                                     "224.0.0.1", "::ffff:169.254.169.254"])
def test_private_addresses_inside_ipv6_and_multicast_are_refused(address: str) -> None:
    from geomap.fetch import _check_address

    with pytest.raises(FetchError, match="private or reserved"):
        _check_address(address, "example.org", "https://example.org/", local=True)


def test_a_url_with_credentials_is_refused() -> None:
    with pytest.raises(FetchError, match="user name or password"):
        check_url("http://user:secret@example.org/a.html")


def test_a_user_agent_beyond_ascii_is_a_usage_error() -> None:
    from geomap.errors import UsageError

    with pytest.raises(UsageError, match="ASCII"):
        FetchOptions(user_agent="Newsroom \u65b0\u95fb (maps@example.org)", cache_dir=None)


def test_a_cache_entry_that_is_a_pipe_or_link_is_never_opened(site: Site,
                                                              tmp_path: Path) -> None:
    import os

    url = site.url("/news/floods-lima.html")
    fetcher(tmp_path).fetch(url)
    cache = PageCache(tmp_path / "cache")
    _record, body = cache._paths(url)
    body.unlink()
    os.mkfifo(body)  # reading it would block for ever
    assert cache.get(url) is None
    body.unlink()
    body.symlink_to("/dev/zero")  # reading it would never end
    assert cache.get(url) is None


def test_a_redirect_from_elsewhere_to_this_machine_is_refused(site: Site, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    # A stranger's page must not get geomap to read a service running here (a notebook, an
    # admin page). Simulated: the page asked for is "elsewhere" (not named as this machine).
    import geomap.fetch as fetch

    monkeypatch.setattr(fetch, "names_this_machine", lambda url: False)
    with pytest.raises(FetchError, match="this machine"):
        fetcher(tmp_path).fetch(site.url("/old-address"))
    assert sum(site.hits.values()) == 0
    page = fetcher(tmp_path, allow_local=True).fetch(site.url("/old-address"))
    assert page.final_url == site.url("/news/floods-lima.html")

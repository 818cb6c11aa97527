"""Articles from URLs and feeds (geomap.feeds), through read_articles, geomap.read and the CLI.

The web site is :class:`tests.test_fetch.Site` on 127.0.0.1; nothing leaves this machine.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from geomap.cli import main
from geomap.errors import InputError
from geomap.feeds import is_feed_file, is_url, looks_like_feed, parse_feed, url_id
from geomap.fetch import FetchOptions
from geomap.ingest import read_articles

from .test_fetch import Site


def rss(base: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Andes Herald</title><link>{base}/</link>
<item><title>Floods hit Lima</title><link>{base}/news/floods-lima.html</link>
  <pubDate>Mon, 04 Mar 2024 09:00:00 GMT</pubDate></item>
<item><title>Snow closes the roads around La Paz</title><link>/news/bare.html</link>
  <pubDate>Wed, 06 Mar 2024 22:30:00 -0500</pubDate></item>
<item><title>Secret</title><link>{base}/private/secret.html</link></item>
<item><title>Gone</title><link>{base}/gone.html</link></item>
<item><title>Click me</title><link>javascript:alert(1)</link></item>
</channel></rss>"""


def atom(base: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Pacific Wire</title>
<entry><title>Earthquake shakes Quito</title>
  <link href="{base}/news/quake-quito.html"/><updated>2024-03-05T10:00:00Z</updated></entry>
<entry><title type="html">&lt;b&gt;Snow&lt;/b&gt; around La Paz</title>
  <link rel="alternate" href="{base}/news/bare.html"/>
  <published>2024-03-06T08:00:00+01:00</published></entry>
</feed>"""


def rdf(base: str) -> str:
    return f"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="{base}/"><title>RDF Times</title><link>{base}/</link></channel>
<item rdf:about="{base}/news/floods-lima.html"><title>Floods</title>
  <link>{base}/news/floods-lima.html</link><dc:date>2024-03-04</dc:date></item>
</rdf:RDF>"""


@pytest.fixture
def site() -> Iterator[Site]:
    server = Site()
    server.page("/feed.rss", rss(server.base), "application/rss+xml")
    server.page("/feed.atom", atom(server.base), "application/atom+xml")
    server.page("/mislabelled-feed", atom(server.base), "text/html")  # sniffed
    server.page("/feed.rdf", rdf(server.base), "application/rdf+xml")
    try:
        yield server
    finally:
        server.close()


def options(tmp_path: Path, **more: Any) -> FetchOptions:
    settings: dict[str, Any] = {"delay": 0, "backoff": 0, "retries": 1,
                                "cache_dir": tmp_path / "cache"}
    settings.update(more)
    return FetchOptions(**settings)


# --- recognising and parsing feeds -----------------------------------------------------

@pytest.mark.parametrize(("data", "expected"), [
    (b'<?xml version="1.0"?>\n<!-- a feed --><rss version="2.0"/>', True),
    (b"\xef\xbb\xbf<feed xmlns='http://www.w3.org/2005/Atom'/>", True),
    (b'<!DOCTYPE rdf [<!ENTITY a "b">]><rdf:RDF xmlns:rdf="x"/>', True),
    ("<rss/>".encode("utf-16"), True),
    (b"<!DOCTYPE html><html><body>rss</body></html>", False),
    (b"<urlset/>", False),
    (b"text <rss/>", False),
    (b"", False),
])
def test_a_feed_is_known_by_its_root_element(data: bytes, expected: bool) -> None:
    assert looks_like_feed(data) is expected


def test_inputs_that_reach_the_network() -> None:
    assert is_url("https://example.org/a") and is_url("HTTP://example.org/a")
    assert not is_url("seeds/") and not is_url("file:///etc/passwd")
    assert is_feed_file("feeds/world.xml") and is_feed_file(Path("a.RSS"))
    assert not is_feed_file("https://example.org/feed.xml") and not is_feed_file("a.html")


def test_rss_atom_and_rdf_are_parsed() -> None:
    base = "https://example.org"
    feed = parse_feed(rss(base).encode(), where="feed.rss", base_url=f"{base}/rss")
    assert feed.title == "Andes Herald" and feed.malformed is None
    assert [e.link for e in feed.entries] == [
        f"{base}/news/floods-lima.html", f"{base}/news/bare.html",
        f"{base}/private/secret.html", f"{base}/gone.html", "javascript:alert(1)"]
    assert feed.entries[0].published == "2024-03-04T09:00:00+00:00"
    assert feed.entries[1].published == "2024-03-06T22:30:00-05:00"  # its day, not UTC's
    feed = parse_feed(atom(base).encode(), where="feed.atom")
    assert feed.title == "Pacific Wire"
    assert [e.title for e in feed.entries] == ["Earthquake shakes Quito", "Snow around La Paz"]
    assert feed.entries[1].published == "2024-03-06T08:00:00+01:00"
    feed = parse_feed(rdf(base).encode(), where="feed.rdf")
    assert feed.title == "RDF Times"
    assert feed.entries[0].link == f"{base}/news/floods-lima.html"
    assert feed.entries[0].published is not None
    assert feed.entries[0].published.startswith("2024-03-04")


def test_feed_text_that_names_a_file_is_never_opened(tmp_path: Path) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_text(rss("https://example.org"), encoding="utf-8")
    # feedparser opens a file (or a URL) whose name it is given as a string; never here.
    with pytest.raises(InputError, match="not an RSS, Atom or RDF feed"):
        parse_feed(str(secret).encode(), where="x")
    with pytest.raises(InputError, match="not an RSS, Atom or RDF feed"):
        parse_feed(b"https://example.org/feed.xml", where="x")


def test_url_ids_are_stable_slugs_with_a_hash() -> None:
    a = url_id("https://example.org/world/2024/03/floods-hit-lima.html")
    assert a == url_id("https://example.org/world/2024/03/floods-hit-lima.html")
    assert a.startswith("floods-hit-lima-") and len(a) == len("floods-hit-lima-") + 8
    assert url_id("https://example.org/a/floods-hit-lima.html") != a
    assert url_id("https://www.example.org/").startswith("example-org-")
    assert url_id("https://example.org/%C3%A9t%C3%A9/../%2e%2e").startswith("ete-")
    assert url_id("https://example.org/" + "x-" * 200)[:-9].count("-") <= 30


# --- reading articles from the web -----------------------------------------------------

def test_a_feed_url_gives_the_articles_of_its_pages(site: Site, tmp_path: Path) -> None:
    feed_url = site.url("/feed.rss")
    arts = read_articles([feed_url], fetch=options(tmp_path))
    lima, snow = arts
    assert lima.id == url_id(site.url("/news/floods-lima.html"))
    assert lima.source_path == site.url("/news/floods-lima.html")
    assert "Floods hit Lima, Peru" in lima.text and "Home | World" not in lima.text
    # The page says its title, site and date: they win over the entry's.
    assert (lima.title, lima.outlet, str(lima.published)) == (
        "Floods hit Lima and Cusco", "Andes Herald", "2024-03-04")
    # The bare page says none: the entry's title and date and the feed's title fill them.
    assert (snow.title, snow.outlet, str(snow.published)) == (
        "Snow closes the roads around La Paz", "Andes Herald", "2024-03-06")
    assert snow.source_path == snow.url == site.url("/news/bare.html")
    skipped = {p.where: p.message for p in arts.problems if p.skipped}
    assert skipped[site.url("/private/secret.html")].startswith("disallowed by")
    assert skipped[site.url("/gone.html")] == "HTTP 410 Gone"
    assert "not http(s)" in skipped[f"{feed_url} (entry 5)"]
    assert site.hits["/private/secret.html"] == 0


def test_atom_rdf_and_a_mislabelled_feed_are_read(site: Site, tmp_path: Path) -> None:
    for path, n in (("/feed.atom", 2), ("/feed.rdf", 1), ("/mislabelled-feed", 2)):
        arts = read_articles([site.url(path)], fetch=options(tmp_path))
        assert len(arts) == n and not arts.problems, path
    quito = read_articles([site.url("/feed.atom")], fetch=options(tmp_path))[0]
    assert quito.outlet == "Pacific Wire"  # the page names no site


def test_a_page_url_is_one_article(site: Site, tmp_path: Path) -> None:
    url = site.url("/news/quake-quito.html")
    (art,) = read_articles(url, fetch=options(tmp_path))
    assert art.source_path == url and art.url == url and art.title == "Earthquake shakes Quito"


def test_a_failed_page_is_named_and_the_rest_is_read(site: Site, tmp_path: Path) -> None:
    urls = [site.url(p) for p in ("/down.html", "/news/quake-quito.html", "/image.png",
                                  "/loop-a", "/big.html")]
    arts = read_articles(urls, fetch=options(tmp_path, max_bytes=1_000_000))
    assert [a.source_path for a in arts] == [site.url("/news/quake-quito.html")]
    messages = {p.where: p.message for p in arts.problems}
    assert messages[site.url("/down.html")] == "HTTP 503 Service Unavailable after 2 tries"
    assert "content type image/png" in messages[site.url("/image.png")]
    assert "redirect loop" in messages[site.url("/loop-a")]
    assert "over the limit of 1 MB" in messages[site.url("/big.html")]
    with pytest.raises(InputError, match="HTTP 503"):
        read_articles(urls, fetch=options(tmp_path), strict=True)


def test_entries_are_capped_in_feed_order(site: Site, tmp_path: Path) -> None:
    arts = read_articles([site.url("/feed.rss")], fetch=options(tmp_path, max_entries=1))
    assert [a.source_path for a in arts] == [site.url("/news/floods-lima.html")]
    (note,) = arts.problems
    assert not note.skipped and note.message == "5 entries; the first 1 are read (--max-entries)"
    assert site.hits["/news/bare.html"] == 0


def test_a_second_run_fetches_nothing(site: Site, tmp_path: Path) -> None:
    first = read_articles([site.url("/feed.atom")], fetch=options(tmp_path))
    before = dict(site.hits)
    assert before == {"/robots.txt": 1, "/feed.atom": 1, "/news/quake-quito.html": 1,
                      "/news/bare.html": 1}
    again = read_articles([site.url("/feed.atom")], fetch=options(tmp_path))
    assert dict(site.hits) == before
    assert again == first


def test_an_old_feed_is_fetched_again_but_not_its_pages(site: Site, tmp_path: Path) -> None:
    read_articles([site.url("/feed.atom")], fetch=options(tmp_path))
    read_articles([site.url("/feed.atom")], fetch=options(tmp_path, feed_max_age=0))
    assert site.hits["/feed.atom"] == 2
    assert site.hits["/news/quake-quito.html"] == 1 and site.hits["/robots.txt"] == 1


def test_a_feed_file_fetches_its_entries(site: Site, tmp_path: Path) -> None:
    feed = tmp_path / "wire.atom"
    feed.write_text(atom(site.base), encoding="utf-8")
    # A file's links to this machine are a stranger's way in: refused unless allowed.
    with pytest.raises(InputError, match="this machine"):
        read_articles([feed], fetch=options(tmp_path))
    assert sum(site.hits.values()) == 0
    arts = read_articles([feed], fetch=options(tmp_path, allow_local=True))
    assert [a.source_path for a in arts] == [site.url("/news/quake-quito.html"),
                                            site.url("/news/bare.html")]
    # Relative links cannot be resolved in a file: named, not guessed.
    (tmp_path / "rel.rss").write_text(rss(""), encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_articles([tmp_path / "rel.rss"], fetch=options(tmp_path))
    assert "(entry 1): a link that is not http(s) ('/news/floods-lima.html')" in str(err.value)


def test_an_xml_file_that_is_no_feed_is_named(tmp_path: Path) -> None:
    (tmp_path / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    with pytest.raises(InputError, match=r"sitemap\.xml: not an RSS, Atom or RDF feed"):
        read_articles([tmp_path / "sitemap.xml"], fetch=options(tmp_path))
    with pytest.raises(InputError, match="no such file"):
        read_articles([tmp_path / "missing.rss"], fetch=options(tmp_path))


def test_a_folders_feed_files_never_reach_the_network(site: Site, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Floods hit Lima, Peru, on Monday.", encoding="utf-8")
    (folder / "wire.xml").write_text(atom(site.base), encoding="utf-8")
    arts = read_articles([folder], fetch=options(tmp_path))
    assert [a.id for a in arts] == ["a"]
    assert [p.where for p in arts.problems] == [str(folder / "wire.xml")]
    assert sum(site.hits.values()) == 0


def test_geomap_read_maps_a_feed(site: Site, tmp_path: Path) -> None:
    import geomap

    story = geomap.read(site.url("/feed.atom"), fetch=options(tmp_path))
    names = {p.candidate.name for p in story.places}
    assert {"Quito", "Guayaquil", "La Paz"} <= names
    assert {a.source_path for a in story.articles} == {
        site.url("/news/quake-quito.html"), site.url("/news/bare.html")}


# --- the command line ------------------------------------------------------------------

def build(site: Site, tmp_path: Path, *args: str, quiet: bool = False) -> Any:
    out = tmp_path / "maps"
    return CliRunner().invoke(main, [
        *(["-q"] if quiet else []), "build", *args, "--out", str(out), "--fetch-delay", "0",
        "--page-cache", str(tmp_path / "cache"), "--layer", "places", "--layer", "events"])


def test_build_maps_a_feed_and_names_the_pages_it_skipped(site: Site, tmp_path: Path) -> None:
    result = build(site, tmp_path, site.url("/feed.rss"), "--name", "andes")
    assert result.exit_code == 3, result.output  # done, but inputs were skipped
    assert f"skipped {site.url('/gone.html')}: HTTP 410 Gone" in result.stderr
    assert f"skipped {site.url('/private/secret.html')}: disallowed by" in result.stderr
    maps = tmp_path / "maps"
    assert (maps / "andes.html").is_file()
    places = json.loads((maps / "andes.places.geojson").read_text(encoding="utf-8"))
    names = {f["properties"]["name"] for f in places["features"]}
    assert {"Lima", "Cusco", "La Paz"} <= names
    assert "Secret" not in (maps / "andes.html").read_text(encoding="utf-8")
    events = json.loads((maps / "andes.events.geojson").read_text(encoding="utf-8"))
    told_by = {e["article"] for f in events["features"] for e in f["properties"]["evidence"]}
    assert told_by == {url_id(site.url("/news/floods-lima.html")),
                       url_id(site.url("/news/bare.html"))}


def test_build_twice_fetches_once(site: Site, tmp_path: Path) -> None:
    first = build(site, tmp_path, site.url("/feed.atom"), quiet=True)
    assert first.exit_code == 0, first.output
    before = dict(site.hits)
    second = build(site, tmp_path, site.url("/feed.atom"), quiet=True)
    assert second.exit_code == 0, second.output
    assert dict(site.hits) == before
    assert first.stdout == second.stdout


def test_build_shows_progress_unless_quiet(site: Site, tmp_path: Path) -> None:
    loud = CliRunner().invoke(main, [
        "-v", "build", site.url("/feed.atom"), "--out", str(tmp_path / "a"),
        "--fetch-delay", "0", "--page-cache", str(tmp_path / "cache"), "--layer", "places"])
    assert loud.exit_code == 0, loud.output
    assert "fetching" in loud.stderr
    quiet = CliRunner().invoke(main, [
        "-q", "build", site.url("/feed.atom"), "--out", str(tmp_path / "b"),
        "--fetch-delay", "0", "--page-cache", str(tmp_path / "cache"), "--layer", "places"])
    assert quiet.exit_code == 0 and quiet.stderr == ""


def test_build_of_only_failed_pages_writes_nothing(site: Site, tmp_path: Path) -> None:
    result = build(site, tmp_path, site.url("/gone.html"))
    assert result.exit_code == 1
    assert site.url("/gone.html") in result.stderr and "HTTP 410" in result.stderr
    assert not (tmp_path / "maps").exists()


def test_binary_served_as_html_is_named_not_mapped(site: Site, tmp_path: Path) -> None:
    site.page("/noise.html", bytes(range(256)) * 400, "text/html")
    with pytest.raises(InputError, match="binary content"):
        read_articles(site.url("/noise.html"),
                      fetch=FetchOptions(delay=0, cache_dir=tmp_path / "c"))


def test_a_feed_file_over_the_size_limit_is_named_unread(site: Site, tmp_path: Path) -> None:
    feed = tmp_path / "huge.rss"
    feed.write_text(rss(site.base) + " " * 2_000_000, encoding="utf-8")
    with pytest.raises(InputError, match="over the limit of 1 MB"):
        read_articles([feed], fetch=options(tmp_path, max_bytes=1_000_000, allow_local=True))
    assert sum(site.hits.values()) == 0

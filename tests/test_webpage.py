"""Web pages read as articles: trafilatura first, geomap's reducer where it finds nothing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import geomap.webpage as webpage
from geomap.errors import InputError
from geomap.ingest import read_articles
from geomap.webpage import extract_page, page_record, reduce_html

from .conftest import write

NEWS = Path(__file__).parent / "data" / "pages" / "news-article.html"
BODY = ("<p>Heavy rain caused the Vilcanota river to burst its banks on Monday, cutting the "
        "road between Cusco and Urubamba, officials in Peru said.</p>"
        "<p>More than 300 families were moved to shelters in Pisac and Calca overnight, the "
        "regional government said in a statement.</p>")


def full_page(body: str, head: str = "<title>Floods in Peru</title>") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body><article>{body}</article></body></html>"


def test_a_saved_news_page_gives_its_article_without_the_site_around_it(tmp_path: Path) -> None:
    path = tmp_path / "floods.html"
    path.write_bytes(NEWS.read_bytes())
    (art,) = read_articles(path)
    assert art.title == "Floods cut the road to Cusco"
    assert art.published == dt.date(2024, 3, 5)
    assert art.outlet == "The Andes Herald"
    assert art.author == "Ana Quispe"
    assert art.url == "https://andesherald.example/2024/03/05/floods-cusco"
    paragraphs = art.text.split("\n")
    assert paragraphs[1].startswith("Heavy rain caused the Vilcanota river")
    assert paragraphs[-1].endswith("with flooding possible in Puno and Arequipa.")
    for elsewhere in (
            "Madrid", "Search",  # navigation and the search form
            "cookies",  # the cookie banner
            "Bogota",  # a newsletter box inside the article
            "Related stories", "Quito", "La Paz",  # links to other stories
            "Comments", "Santiago de Chile", "Buenos Aires",  # readers' comments
            "Montevideo", "Caracas",  # the footer
            "Havana", "Tokyo", "dataLayer"):  # an ad frame and scripts
        assert elsewhere not in art.text, elsewhere


def test_metadata_only_in_json_ld_and_bylines_is_found() -> None:
    ld = {"@context": "https://schema.org", "@type": "NewsArticle",
          "headline": "Floods cut the road to Cusco", "datePublished": "2024-03-05T08:30:00Z",
          "author": {"@type": "Person", "name": "Ana Quispe"},
          "publisher": {"@type": "Organization", "name": "The Andes Herald"}}
    page = extract_page(full_page(BODY, f"<title>x</title><script type='application/ld+json'>"
                                        f"{json.dumps(ld)}</script>"))
    assert page.extractor == "trafilatura"
    assert (page.title, page.published, page.outlet, page.author) == (
        "Floods cut the road to Cusco", "2024-03-05", "The Andes Herald", "Ana Quispe")
    byline = extract_page(full_page(
        "<p class='byline'>By <a rel='author' href='/staff/aq'>Ana Quispe</a></p>" + BODY))
    assert byline.author == "Ana Quispe"
    assert "By Ana Quispe" not in byline.text


@pytest.mark.parametrize(("extra", "published"), [
    ("<p>The bridge was built on 12 January 1998 and rebuilt on 3 May 2011.</p>", None),
    ("<time datetime='2024-03-05'>Tuesday</time>", "2024-03-05"),
])
def test_a_date_is_one_the_page_declares_never_one_read_in_its_text(
        extra: str, published: str | None) -> None:
    assert extract_page(full_page(extra + BODY)).published == published


def test_a_declared_date_that_is_not_iso_is_read_as_a_date() -> None:
    head = "<title>Floods</title><meta property='article:published_time' content='5 March 2024'>"
    assert extract_page(full_page(BODY, head)).published == "2024-03-05"


@pytest.mark.parametrize("html", [
    "<p>Officials said floods hit Quito, Ecuador. More rain fell.</p>",  # a clipped fragment
    "Officials said floods hit Quito, Ecuador. More rain fell.",  # text saved as .html
])
def test_a_page_trafilatura_finds_nothing_in_is_read_by_the_reducer(html: str) -> None:
    page = extract_page(html)
    assert page.extractor == "reducer"
    assert page.text == "Officials said floods hit Quito, Ecuador. More rain fell."
    assert page == reduce_html(html)


def test_a_page_trafilatura_fails_on_is_read_by_the_reducer(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    def broken(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(trafilatura, "bare_extraction", broken)
    html = full_page("<nav>Home</nav>" + BODY)
    page = extract_page(html)
    assert page.extractor == "reducer"
    assert page.title == "Floods in Peru"
    assert page.text.startswith("Heavy rain caused") and "Home" not in page.text


def test_a_page_with_no_text_at_all_is_an_error_naming_it() -> None:
    with pytest.raises(InputError, match=r"^x\.html: an HTML page with no article text$"):
        page_record("<html><head><title>Only a title</title></head><body><nav>Home</nav>"
                    "<script>go()</script></body></html>", where="x.html")


def test_hints_fill_only_what_the_page_lacks() -> None:
    head = ("<title>Floods</title><meta property='og:title' content='Floods cut the road'>"
            "<meta property='og:site_name' content='The Andes Herald'>")
    hints = {"title": "Feed title", "outlet": "Feed outlet", "published": "2024-03-06",
             "author": "Feed author", "url": "https://feed.example/item"}
    record = page_record(full_page(BODY, head), where="p", hints=hints)
    assert record["title"] == "Floods cut the road"
    assert record["outlet"] == "The Andes Herald"
    assert record["published"] == "2024-03-06"
    assert record["author"] == "Feed author"
    assert record["url"] == "https://feed.example/item"
    assert set(record) == {"text", "title", "outlet", "url", "published", "author"}


def test_the_fetched_url_stands_in_for_a_missing_canonical_one() -> None:
    fetched = "https://andesherald.example/news?id=7"
    assert page_record(full_page(BODY), where="p", url=fetched)["url"] == fetched
    canonical = "<link rel='canonical' href='https://andesherald.example/floods'>"
    record = page_record(full_page(BODY, canonical), where="p", url=fetched,
                         hints={"url": "https://feed.example/item"})
    assert record["url"] == "https://andesherald.example/floods"
    # A host name is no site name: the outlet is left to the hints (a feed's title).
    assert page_record(full_page(BODY), where="p", url=fetched,
                       hints={"outlet": "Andes Herald"})["outlet"] == "Andes Herald"


HOSTILE = {
    "script": "<script>alert('Caracas')</script><script type='module'>import('x')</script>",
    "iframe": "<iframe src='javascript:alert(1)' srcdoc='<p>Caracas</p>'>Caracas</iframe>",
    "svg": "<svg onload=\"alert('Caracas')\"><text>Caracas</text><script>alert(2)</script></svg>",
    "img onerror": "<img src=x onerror=\"alert('Caracas')\">",
    "style": "<style>body::after{content:'Caracas'}</style>",
    "template": "<template><p>Caracas is hidden in a template.</p></template>",
    "noscript": "<noscript><p>Enable JavaScript in Caracas.</p></noscript>",
    "button": "<button onclick=\"alert('Caracas')\">Caracas</button>",
    "form": "<form><textarea>Caracas</textarea><select><option>Caracas</option></select></form>",
}


@pytest.mark.parametrize("where", ["trafilatura", "reducer"])
@pytest.mark.parametrize("name", list(HOSTILE))
def test_code_and_hidden_markup_stay_out_of_the_text(name: str, where: str) -> None:
    cut = BODY.index("</p>") + 4
    html = full_page(HOSTILE[name] + BODY[:cut] + HOSTILE[name] + BODY[cut:])
    page = extract_page(html) if where == "trafilatura" else reduce_html(html)
    assert page.extractor == where
    assert "Pisac and Calca" in page.text
    for code in ("Caracas", "alert", "import(", "<", "onload", "onerror", "content:"):
        assert code not in page.text, (code, page.text)


def test_entities_are_decoded_once_and_text_stays_plain() -> None:
    head = "<title>x</title><meta property='og:title' content='Tags &amp;lt;b&amp;gt; &amp; more'>"
    body = ("<p>The ministry wrote &amp;lt;b&amp;gt; in its notice &lt;i&gt; about Cusco, "
            "where <b>floods</b> cut <a href='/r'>the road</a> on Monday.</p>") + BODY
    page = extract_page(full_page(body, head))
    assert page.extractor == "trafilatura"
    assert page.title == "Tags &lt;b&gt; & more"
    assert "wrote &lt;b&gt; in its notice <i> about Cusco, where floods cut the road on" in (
        page.text)


def test_the_same_page_always_gives_the_same_record() -> None:
    html = NEWS.read_text(encoding="utf-8")
    first = page_record(html, where="a", url="https://andesherald.example/x")
    assert page_record(html, where="a", url="https://andesherald.example/x") == first
    assert extract_page(html) == extract_page(html)


@pytest.mark.parametrize("shape", ["elements", "children", "chars"])
def test_pages_too_big_for_trafilatura_are_read_by_the_reducer(
        shape: str, monkeypatch: pytest.MonkeyPatch) -> None:
    limit = {"elements": "MAX_EXTRACT_ELEMENTS", "children": "MAX_EXTRACT_CHILDREN",
             "chars": "MAX_EXTRACT_CHARS"}[shape]
    html = full_page("<p>" + "<b>Cusco</b> " * 200 + "</p>" + BODY)
    assert extract_page(html).extractor == "trafilatura"
    monkeypatch.setattr(webpage, limit, 100 if shape != "chars" else len(html) - 1)
    page = extract_page(html)
    assert page.extractor == "reducer"
    assert "Pisac and Calca" in page.text


def test_thousands_of_inline_tags_in_a_paragraph_do_not_reach_trafilatura() -> None:
    # trafilatura takes 1.4 s on 8,000 of them and 18 s on 32,000; the reducer 0.03 s.
    html = full_page("<p>" + "<b>x</b> " * (webpage.MAX_EXTRACT_CHILDREN + 1) + "</p>" + BODY)
    assert extract_page(html).extractor == "reducer"


def test_lone_surrogates_and_control_characters_do_not_break_reading() -> None:
    page = extract_page(full_page("<p>Floods \ud800 hit \x00 Cusco\x07 on Monday.</p>" + BODY))
    assert "Pisac and Calca" in page.text
    assert "\ud800" not in page.text


def test_author_is_read_from_json_lines_like_the_outlet(tmp_path: Path) -> None:
    feed = write(tmp_path / "a.jsonl", json.dumps(
        {"text": "Floods hit Lima.", "outlet": "O", "author": "Ana Quispe"}) + "\n"
        + json.dumps({"text": "Rain in Quito.", "author": 7}) + "\n")
    first, second = read_articles(feed)
    assert first.author == "Ana Quispe"
    assert second.author is None  # not a string: read without it, with a note


@pytest.mark.parametrize("read", [extract_page, reduce_html])
def test_soft_hyphens_and_decomposed_accents_read_as_the_words(read: object) -> None:
    # Typeset pages hyphenate long words with U+00AD and some write "ü" as u + U+0308:
    # a reader sees "Zürich", and so must the gazetteer.
    html = ("<html><head><title>Fl\u00adood\u00adwa\u00adters rise</title></head><body>"
            "<article><p>Flood\u00adwaters rose in Zu\u0308rich on Monday, and rescuers "
            "reached the old town of Winter\u00adthur by boat before night fell.</p>"
            "</article></body></html>")
    page = read(html)  # type: ignore[operator]
    assert "Floodwaters rose in Z\u00fcrich" in page.text
    assert "Winterthur" in page.text and "\u00ad" not in page.text
    assert page.title == "Floodwaters rise"


def test_an_article_set_in_an_aside_is_still_read() -> None:
    # Some CMSs wrap the story in <aside> or a page-level <header>: pruning them by tag
    # would leave the navigation and lose the article.
    story = " ".join(f"Rescuers reached village {i} in the valley after the floods." for i in
                     range(12))
    html = ("<html><body><nav>Home | World | Sport</nav><header><h1>Floods in the valley"
            f"</h1><p>{story}</p></header><aside class='story'><p>{story}</p></aside>"
            "<footer>Imprint</footer></body></html>")
    page = extract_page(html)
    assert "Rescuers reached village 3" in page.text
    assert "Imprint" not in page.text and "Home | World" not in page.text

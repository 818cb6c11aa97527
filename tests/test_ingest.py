from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from geomap.errors import InputError
from geomap.ingest import read_articles

from .conftest import SEEDS, write


def test_seed_folder_reads_articles_with_sidecar_metadata() -> None:
    arts = read_articles(SEEDS)
    assert [a.id for a in arts] == ["000_c9c61acbd548b309", "001_ddeaa663d544b34d"]
    nbc, mayadeen = arts
    assert nbc.outlet == "NBC News"
    assert mayadeen.outlet == "Al Mayadeen English"
    assert nbc.published == dt.date(2023, 5, 23)
    assert nbc.title.startswith("Senior Biden officials")
    # README.md and FACTS.md sit in seeds/ but are not articles.
    assert all("FACTS" not in a.id and "README" not in a.id for a in arts)


def test_read_more_lines_are_marked_as_links_to_other_stories() -> None:
    art = read_articles(SEEDS / "001_ddeaa663d544b34d.txt")[0]
    links = [art.text[s.start:s.end] for s in art.sections if s.kind == "related-link"]
    assert len(links) == 3
    assert all(line.startswith("Read more:") for line in links)
    assert art.section_at(art.text.index("Rio De Janeiro")) == "related-link"
    assert art.section_at(art.text.index("Darien Gap")) == "body"


def test_folder_without_sidecar_reads_every_supported_file(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "Storms hit Lima.")
    write(tmp_path / "b.md", "# Note\nFloods in Quito.")
    write(tmp_path / "ignored.csv", "x,y")
    arts = read_articles(tmp_path)
    assert [a.id for a in arts] == ["a", "b"]
    assert arts[0].published is None


def test_html_is_reduced_to_article_text_with_metadata(tmp_path: Path) -> None:
    page = """<html><head><title>Fallback</title>
    <meta property="og:title" content="Quake shakes Lima">
    <meta property="og:site_name" content="Example Times">
    <meta property="article:published_time" content="2024-03-05T08:00:00Z">
    <link rel="canonical" href="https://example.org/quake"></head>
    <body><nav>Home | World | Sports</nav><script>var tracking = "Paris";</script>
    <article><h1>Quake shakes Lima</h1><p>A strong quake hit Lima, Peru, on Monday.</p>
    <p>No damage was reported.</p></article><footer>Contact us in Berlin</footer></body></html>"""
    art = read_articles(write(tmp_path / "quake.html", page))[0]
    assert art.title == "Quake shakes Lima"
    assert art.outlet == "Example Times"
    assert art.url == "https://example.org/quake"
    assert art.published == dt.date(2024, 3, 5)
    assert "A strong quake hit Lima, Peru, on Monday." in art.text
    for junk in ("tracking", "Home | World", "Berlin"):
        assert junk not in art.text


def test_jsonl_interchange_format(tmp_path: Path) -> None:
    lines = [
        {"id": "x1", "text": "Talks in Oslo.", "title": "T", "outlet": "O",
         "url": "https://e.org/1", "published": "2022-01-02"},
        {"text": "Only text is required."},
    ]
    path = write(tmp_path / "batch.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n")
    arts = read_articles(path)
    assert arts[0].id == "x1" and arts[0].published == dt.date(2022, 1, 2)
    assert arts[1].id == "batch-2" and arts[1].outlet is None


@pytest.mark.parametrize(("content", "message"), [
    ('{"title": "no text"}\n', "missing 'text'"),
    ('{"text": "x", "published": "last Tuesday-ish"}\n', "'published' must be an ISO date"),
    ("{not json\n", "not valid JSON"),
])
def test_bad_jsonl_names_file_line_and_problem(tmp_path: Path, content: str, message: str) -> None:
    path = write(tmp_path / "bad.jsonl", content)
    with pytest.raises(InputError, match=message) as info:
        read_articles(path, strict=True)
    assert f"{path}:1" in str(info.value)


def test_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        read_articles(tmp_path / "nope")


# --- a plain-text or Markdown article's title from its first line ---------------------------

BODY = ("Floods hit Lima, Peru, on Monday, officials said.\n\n"
        "Rescuers reached Cusco on Tuesday.\n")


def test_a_headline_first_line_is_the_title_and_stays_in_the_text(tmp_path: Path) -> None:
    text = "Floods hit Lima as rivers burst their banks\n\n" + BODY
    art = read_articles(write(tmp_path / "floods.txt", text))[0]
    assert art.title == "Floods hit Lima as rivers burst their banks"
    # The text and its offsets are the file's: the headline line is still in it.
    assert art.text == text
    assert art.text.index("Lima, Peru") == text.index("Lima, Peru")


def test_a_markdown_heading_is_the_title(tmp_path: Path) -> None:
    text = "# Floods hit *Lima* in the U.S. ##\n\n" + BODY
    art = read_articles(write(tmp_path / "floods.md", text))[0]
    assert art.title == "Floods hit *Lima* in the U.S."
    assert art.text == text


@pytest.mark.parametrize("first", [
    "Floods hit Lima on Monday, officials said.",  # a sentence
    "By Jane Doe and John Roe, Reuters",  # a byline
    "Updated 3 May 2023",  # a dateline
    "Tuesday, May 23, 2023 10:00 AM ET",
    "LIMA, Peru —",
    "- Floods hit Lima",  # a list item
    "Read more: Floods hit Quito",  # a link to another story
])
def test_a_first_line_that_is_no_headline_is_no_title(tmp_path: Path, first: str) -> None:
    art = read_articles(write(tmp_path / "a.txt", f"{first}\n\n{BODY}"))[0]
    assert art.title is None


def test_a_headline_may_end_with_a_question_or_an_abbreviation(tmp_path: Path) -> None:
    for n, first in enumerate(["Will the floods reach Lima?", "Peru asks for help from the U.S.",
                               "Floods hit Lima!"]):
        art = read_articles(write(tmp_path / f"{n}.txt", f"{first}\n\n{BODY}"))[0]
        assert art.title == first


def test_a_headline_straight_above_its_body_or_its_byline_is_the_title(tmp_path: Path) -> None:
    # No blank line under it: the body, a new sentence, starts on the next line.
    art = read_articles(write(tmp_path / "a.txt", "Floods hit Lima\n" + BODY))[0]
    assert art.title == "Floods hit Lima"
    art = read_articles(write(tmp_path / "b.txt", "Floods hit Lima\nBy Jane Doe\n"
                              "Updated May 3, 2023\n\n" + BODY))[0]
    assert art.title == "Floods hit Lima"


def test_hard_wrapped_text_gives_no_title(tmp_path: Path) -> None:
    text = ("Thousands of migrants attempt to cross from Colombia to Panama every\n"
            "year. Officials in Panama said on Monday that floods had hit the region and\n"
            "Colombia sent troops.\n")
    assert read_articles(write(tmp_path / "a.txt", text))[0].title is None
    # A text of one line has no headline above a body.
    assert read_articles(write(tmp_path / "b.txt", "Floods hit Lima\n"))[0].title is None


def test_a_metadata_title_wins_over_the_first_line(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "Floods hit Lima\n\n" + BODY)
    write(tmp_path / "meta.json", json.dumps({"articles": {"a.txt": {"title": "Given"}}}))
    assert read_articles(tmp_path)[0].title == "Given"
    # JSON records are not read for a first line: their title is theirs.
    path = write(tmp_path / "r" / "a.jsonl", json.dumps({"text": "Floods hit Lima\n\n" + BODY}))
    assert read_articles(path)[0].title is None


def test_a_huge_first_line_is_no_title_and_costs_nothing(tmp_path: Path) -> None:
    import time

    from geomap.ingest import headline

    for text in ("x" * 20_000_000, "#" * 20_000_000, "# " + "a " * 10_000_000,
                 "Floods" + " " * 20_000_000 + "\n\nBody."):
        start = time.perf_counter()
        assert headline(text) is None
        assert time.perf_counter() - start < 1.0


def test_a_sidecar_names_its_folders_story(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", BODY)
    write(tmp_path / "meta.json", json.dumps({"name": "lima-floods", "articles": {"a.txt": {}}}))
    assert read_articles(tmp_path).name == "lima-floods"
    assert read_articles(SEEDS).name == "darien-gap"
    write(tmp_path / "meta.json", json.dumps({"name": 7, "articles": {"a.txt": {}}}))
    arts = read_articles(tmp_path)
    assert arts.name is None
    assert any("'name'" in p.message and not p.skipped for p in arts.problems)

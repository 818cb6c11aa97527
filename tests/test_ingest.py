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

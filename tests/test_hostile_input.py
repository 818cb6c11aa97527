"""Bad input: every case gives one line naming the file and the problem, and costs only itself."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import geomap
from geomap.cli import EXIT_SKIPPED, main

from .conftest import SEEDS, write

GOOD = ("Officials said on Monday that floods had hit Bogotá and that the Colombian army would "
        "not send troops to Venezuela.\n")


def build(*paths: Path, out: Path) -> Result:
    return CliRunner().invoke(main, ["build", *map(str, paths), "--out", str(out), "--layer",
                                     "places", "--name", "story"])


def lines_about(result: Result, path: Path) -> list[str]:
    return [line for line in result.stderr.splitlines() if str(path) in line]


CASES: dict[str, tuple[bytes, str]] = {
    "empty.txt": (b"", "empty file"),
    "blank.md": (b"  \n\n\t\n", "empty file"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
                   "a binary file, not text"),
    "scripts-only.html": (b"<html><head><script>alert(1)</script></head><body><nav>Home | "
                          b"World</nav><script>track()</script></body></html>",
                          "an HTML page with no article text"),
    "broken.json": (b'{"text": "Lima", ', "not valid JSON"),
    "no-text.json": (b'{"title": "Only a title"}', "missing 'text'"),
    "wrong-text.json": (b'{"text": 42}', "missing 'text'"),
    "wrong-id.json": (b'{"text": "Lima, Peru.", "id": {"a": 1}}', "'id' must be a string"),
    "photo.jpg": (b"\xff\xd8\xff\xe0", "not an article file"),
}


def test_each_bad_file_is_named_with_its_problem_and_the_rest_is_built(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write(folder / "good.txt", GOOD)
    for name, (content, _) in CASES.items():
        (folder / name).write_bytes(content)
    result = build(folder, out=tmp_path / "out")
    assert result.exit_code == EXIT_SKIPPED, result.output
    for name, (_, problem) in CASES.items():
        said = lines_about(result, folder / name)
        assert len(said) == 1, (name, result.stderr)
        assert problem in said[0], (name, said)
    html = (tmp_path / "out" / "story.html").read_text(encoding="utf-8")
    assert "Bogotá" in html  # the good article made the map
    assert f"{len(CASES)} input(s) skipped" in result.stderr


def test_a_list_of_records_loses_only_its_bad_ones(tmp_path: Path) -> None:
    path = write(tmp_path / "batch.json", json.dumps([
        {"id": "ok", "text": GOOD}, {"id": "bad", "title": "no text"},
        {"id": "ok2", "text": "Floods hit Lima, Peru."}]))
    lines = write(tmp_path / "feed.jsonl", '{"id": "j1", "text": "Quito, Ecuador."}\n'
                  "{not json\n" '{"id": "j3", "text": "Cusco, Peru."}\n')
    articles = geomap.read_articles([path, lines])
    assert [a.id for a in articles] == ["ok", "ok2", "j1", "j3"]
    assert [str(p) for p in articles.skipped] == [
        f"{path}[2]: missing 'text' (a string holding the article's text)",
        f"{lines}:2: not valid JSON (Expecting property name enclosed in double quotes)"]


def test_latin1_text_is_read_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(GOOD.encode("cp1252"))
    result = build(path, out=tmp_path / "out")
    assert result.exit_code == 0, result.output
    (said,) = lines_about(result, path)
    assert "not valid UTF-8" in said and "Latin-1" in said
    story = geomap.read(path)
    assert "Bogotá" in {r.mention.text for r in story.resolutions}


def test_garbled_and_missing_dates_keep_the_article_and_invent_nothing(tmp_path: Path) -> None:
    garbled = write(tmp_path / "garbled.json", json.dumps(
        {"id": "g", "text": GOOD, "published": "the 32nd of Smarch"}))
    missing = write(tmp_path / "missing.json", json.dumps({"id": "m", "text": GOOD}))
    result = build(garbled, missing, out=tmp_path / "out")
    assert result.exit_code == 0, result.output
    (said,) = lines_about(result, garbled)
    assert "'published' must be an ISO date" in said and "the 32nd of Smarch" in said
    assert lines_about(result, missing) == []
    story = geomap.read([garbled, missing])
    assert story.times == ()  # "Monday" needs a publication date: none is invented
    assert [p.skipped for p in story.problems] == [False]


def test_html_full_of_scripts_and_navigation_keeps_only_the_article(tmp_path: Path) -> None:
    page = write(tmp_path / "page.html", (
        "<html><head><title>Floods</title><script>var lima = 'Caracas';</script>"
        "<style>.x{}</style></head><body><nav><a href='/'>Home</a> <a>Madrid</a></nav>"
        "<header>Subscribe now</header><article><p>Floods hit Lima, Peru, on Monday.</p>"
        "<script>document.write('Berlin')</script><aside>Most read: Tokyo</aside>"
        "<p>Rescuers reached Cusco.</p></article><footer>© Paris Media</footer>"
        "<noscript>Enable JavaScript in Rome</noscript></body></html>"))
    (article,) = geomap.read_articles(page)
    assert article.text == "Floods hit Lima, Peru, on Monday.\nRescuers reached Cusco."


def test_missing_paths_are_named_and_the_rest_is_built(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", GOOD)
    result = build(good, tmp_path / "nope.txt", out=tmp_path / "out")
    assert result.exit_code == EXIT_SKIPPED
    (said,) = lines_about(result, tmp_path / "nope.txt")
    assert "no such file or folder" in said
    assert (tmp_path / "out" / "story.html").is_file()


def test_nothing_readable_is_an_error_and_writes_nothing(tmp_path: Path) -> None:
    empty = write(tmp_path / "empty.txt", "")
    result = build(empty, out=tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"geomap: error: {empty}: empty file"
    assert not (tmp_path / "out").exists()


def test_a_repeated_id_keeps_both_articles(tmp_path: Path) -> None:
    a = write(tmp_path / "a" / "same.txt", "Floods hit Lima, Peru.")
    b = write(tmp_path / "b" / "same.txt", "Rain in Quito, Ecuador.")
    articles = geomap.read_articles([a, b])
    assert [x.id for x in articles] == ["same", "same-2"]
    assert "already taken" in str(articles.problems[0]) and not articles.skipped


def test_strict_mode_stops_at_the_first_problem(tmp_path: Path) -> None:
    write(tmp_path / "good.txt", GOOD)
    write(tmp_path / "empty.txt", "")
    with pytest.raises(geomap.InputError, match=r"empty\.txt: empty file"):
        geomap.read(tmp_path, strict=True)


@pytest.mark.slow
def test_a_20_mb_article_is_read_and_mapped(tmp_path: Path) -> None:
    seed = (SEEDS / "000_c9c61acbd548b309.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in seed.split("\n") if len(p) > 80]
    # Numbered paragraphs, so they are not all dropped as repeated furniture.
    chunks, size, i = [], 0, 0
    while size < 20_000_000:
        text = f"{i}. {paragraphs[i % len(paragraphs)]}\n"
        chunks.append(text)
        size += len(text)
        i += 1
    big = write(tmp_path / "big.txt", "".join(chunks))
    result = build(big, out=tmp_path / "out")
    assert result.exit_code == 0, result.output
    (said,) = lines_about(result, big)
    assert "a large file (20." in said and "takes a while" in said
    html = (tmp_path / "out" / "story.html").read_text(encoding="utf-8")
    assert "Bajo Chiquito" in html


@pytest.mark.slow
def test_a_build_killed_midway_leaves_the_previous_map_whole(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "out"
    args = [sys.executable, "-m", "geomap.cli", "-q", "build", str(SEEDS), "--out", str(out),
            "--self-contained"]
    subprocess.run([*args, "--title", "Old"], check=True)
    old = (out / "darien-gap.html").read_bytes()
    fresh = tmp_path / "fresh"
    subprocess.run([*args[:-3], "--out", str(fresh), "--self-contained", "--title", "New"],
                   check=True)
    new = (fresh / "darien-gap.html").read_bytes()
    assert old != new
    # Kill new builds at moments spread over their run: whenever it dies, the map is the
    # old one or the new one, whole, never a mix or a stub.
    for delay in (0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0):
        proc = subprocess.Popen([*args, "--title", "New"])
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert (out / "darien-gap.html").read_bytes() in (old, new)
    # Leftover temporary files of a killed build are cleared by the next one.
    subprocess.run([*args, "--title", "New"], check=True)
    assert (out / "darien-gap.html").read_bytes() == new
    assert not list(out.glob(".*.tmp"))

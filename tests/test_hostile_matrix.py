"""The hostile-input matrix: what an attacker (or an accident) feeds geomap, and what it must do.

Read it as a table. Part 1: template and script injection through every field an article,
its metadata, an option, a gazetteer or a geocoder can fill — shown literally, never run.
Part 2: broken, huge, odd or unlucky inputs and outputs — one line each naming the input and
the problem, the right exit code (2 bad usage, 3 some inputs skipped, 1 nothing written),
the good inputs still processed, and previous outputs never lost.
"""

from __future__ import annotations

import dataclasses
import html
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest
from click.testing import CliRunner, Result
from geopy.location import Location
from shapely.geometry import box

import geomap
from geomap.cli import EXIT_SKIPPED, main
from geomap.files import atomic_write
from geomap.map.save import render_html

from .conftest import SEEDS, write

# ---------------------------------------------------------------------------------------------
# Part 1: template injection. Each payload, if it ever ran as Jinja, would leave a trace: a
# word that cannot appear otherwise ("gmzqx", "qaZqbZqcZ"), or a marker file.
# ---------------------------------------------------------------------------------------------


def payloads(marker: Path) -> list[str]:
    return [
        "{{ 'gm' ~ 'zq' ~ 'x' }}",
        "{% for x in 'abc' %}q{{ x }}Z{% endfor %}",
        "{# an unclosed comment",
        "{{cite web|url=http://example.org|title=T}}",
        "{{ no_such_name }} {% endfor %} {%",
        f"{{{{ lipsum.__globals__.os.popen('touch {marker}').read() }}}}",
        f"{{{{ cycler.__init__.__globals__.os.system('touch {marker}') }}}}",
        f"{{% set x = joiner.__init__.__globals__.os.system('touch {marker}') %}}",
    ]


RAN = ("gmzqx", "qaZqbZqcZ")  # what the first two payloads would print if run


def hostile(marker: Path) -> str:
    return SEP.join(payloads(marker))


def story_text(payload: str) -> str:
    """An article with a visit, a meeting and places; each payload in a sentence of its own."""
    lines = [f"Foreign Minister Ana Ruiz visited Lima, Peru, on Monday: {p}\n"
             for p in payload.split(SEP)]
    return "".join(lines) + f"Officials met in Quito, Ecuador, to sign an agreement. {payload}\n"


SEP = " ~~ "


def check_inert(out: Path, marker: Path, shown: list[str]) -> str:
    """Every output is free of a payload's effect, and shows ``shown`` as written."""
    assert not marker.exists(), "a payload ran code"
    pages = {p.name: p.read_text(encoding="utf-8") for p in out.glob("*.html")}
    assert pages, "no map written"
    everything = "".join(html.unescape(text) for text in pages.values())
    everything += "".join(p.read_text(encoding="utf-8") for p in out.glob("*.geojson"))
    for trace in RAN:
        assert trace not in everything
    for text in shown:
        assert text in everything, text
    return everything


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def build(*paths: Path | str, out: Path, options: tuple[str, ...] = ()) -> Result:
    return cli("build", *map(str, paths), "--out", str(out), "--self-contained",
               *options)


CHANNELS: dict[str, Callable[[Path, str], tuple[list[Path | str], tuple[str, ...]]]] = {}


def channel(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        CHANNELS[name] = func
        return func
    return register


@channel("text of a .txt article")
def _txt(folder: Path, p: str) -> tuple[list[Path | str], tuple[str, ...]]:
    return [write(folder / "a.txt", story_text(p))], ()


@channel("HTML page: og:title, og:site_name, og:url, body")
def _html(folder: Path, p: str) -> tuple[list[Path | str], tuple[str, ...]]:
    q = html.escape(p, quote=True)
    page = (f"<html><head><meta property='og:title' content=\"{q}\">"
            f"<meta property='og:site_name' content=\"{q}\">"
            f"<meta property='og:url' content=\"https://example.org/{q}\">"
            f"<title>{html.escape(p)}</title></head><body><article><p>"
            f"{html.escape(story_text(p))}</p></article></body></html>")
    return [write(folder / "page.html", page)], ()


@channel("metadata sidecar: title, outlet, url")
def _sidecar(folder: Path, p: str) -> tuple[list[Path | str], tuple[str, ...]]:
    write(folder / "a.txt", story_text("plain"))
    write(folder / "meta.json", json.dumps({"articles": {"a.txt": {
        "title": p, "outlet": p, "url": f"https://example.org/{p}", "published": "2024-03-06"}}}))
    return [folder], ()


@channel("JSON Lines: id, title, outlet, url, text")
def _jsonl(folder: Path, p: str) -> tuple[list[Path | str], tuple[str, ...]]:
    record = {"id": p, "title": p, "outlet": p, "url": f"https://example.org/{p}",
              "text": story_text(p), "published": "2024-03-06"}
    return [write(folder / "feed.jsonl", json.dumps(record) + "\n")], ()


@channel("options: --title, --name")
def _options(folder: Path, p: str) -> tuple[list[Path | str], tuple[str, ...]]:
    return [write(folder / "a.txt", story_text("plain"))], ("--title", p, "--name", p)


@pytest.mark.parametrize("name", list(CHANNELS))
def test_template_payloads_in_every_field_are_shown_literally(name: str, tmp_path: Path) -> None:
    marker = tmp_path / "PWNED"
    payload = hostile(marker)
    inputs, options = CHANNELS[name](tmp_path / "in", payload)
    out = tmp_path / "out"
    result = build(*inputs, out=out, options=options)
    assert result.exit_code == 0, result.output
    shown = payloads(marker) if name.startswith("text") else [payload]
    check_inert(out, marker, shown=shown)
    # File names come from a safe stem: no braces, quotes or separators.
    assert all(set(p.name) & set("{}%#'/\\ ") == set() for p in out.iterdir())


class PayloadGeocoder:
    """A geopy-style geocoder whose every answer is named by an attacker."""

    def __init__(self, name: str) -> None:
        self.name = name

    def geocode(self, query: str, *, exactly_one: bool = True, **_: Any) -> Location:
        return Location(self.name, (-12.05, -77.04), {})


def test_template_payloads_in_place_and_actor_names_are_shown_literally(
        tmp_path: Path, gazetteer: geomap.Gazetteer) -> None:
    marker = tmp_path / "PWNED"
    payload = hostile(marker)
    article = geomap.Article("a", story_text("plain"), title="T", outlet="O")
    resolver = geomap.GeopyResolver(PayloadGeocoder(payload), min_delay_seconds=0)
    story = geomap.story_from_articles([article], gazetteer=gazetteer, resolver=resolver)
    assert story.places and story.actors and story.events
    # An actor named by an attacker, as a curated file or a plugin could bring.
    story = dataclasses.replace(story, actors=tuple(
        dataclasses.replace(a, name=payload) for a in story.actors))
    out = tmp_path / "out"
    geomap.save_map(geomap.build_map(story, tiles=None), out / "m.html", self_contained=True)
    geomap.export(story, out)
    text = check_inert(out, marker, shown=[payload])
    assert text.count(payload) >= 3  # places, actors, events all carry it


def test_a_layer_that_passes_raw_text_is_refused(story: geomap.Story, tmp_path: Path) -> None:
    import folium

    @geomap.register_layer("test-raw-text")
    class Raw:
        title = "Raw"

        def build(self, story: geomap.Story) -> folium.FeatureGroup:
            group = folium.FeatureGroup(name=self.title)
            folium.CircleMarker((0, 0), tooltip=story.articles[0].text[:20] + "{{ 7*7 }}"
                                ).add_to(group)
            return group

    with pytest.raises(geomap.GeomapError, match=r"unescaped text.*geomap\.layers\.escape"):
        render_html(geomap.build_map(story, layers=["test-raw-text"], tiles=None))


def test_points_map_labels_and_title_are_inert(tmp_path: Path) -> None:
    marker = tmp_path / "PWNED"
    payload = hostile(marker)
    table = tmp_path / "points.geojson"
    gpd.GeoDataFrame({"code": [payload], "label": [payload], "trigger": [payload],
                      "date": ["2024-03-06"]},
                     geometry=gpd.points_from_xy([2.35], [48.85]), crs="EPSG:4326").to_file(table)
    out = tmp_path / "out"
    result = cli("map", str(table), "--out", str(out / "p.html"), "--title", payload,
                 "--self-contained", "--no-tiles")
    assert result.exit_code == 0, result.output
    page = check_inert(out, marker, shown=[payload])
    assert json.loads(json.dumps(payload)) in page


# ---------------------------------------------------------------------------------------------
# Part 2: the rest of the matrix. Each row: the case, what to set up, the command, the exit
# code, what stderr must say (one line each, naming the input), and what must hold after.
# ---------------------------------------------------------------------------------------------

GOOD = "Officials said on Monday that floods had hit Bogotá, Colombia.\n"


@dataclasses.dataclass
class Case:
    setup: Callable[[Path], list[str]]  # returns the command line
    exit_code: int
    says: tuple[str, ...] = ()  # fragments of stderr
    after: Callable[[Path, Result], None] | None = None


def _sidecar_entries(tmp: Path) -> list[str]:
    folder = tmp / "in"
    for name in ("s.txt", "n.txt", "l.txt", "i.txt", "ok.txt"):
        write(folder / name, GOOD)
    write(folder / "meta.json", json.dumps({"articles": {
        "s.txt": "a string", "n.txt": None, "l.txt": [1], "i.txt": 7,
        "ok.txt": {"title": "Fine"}}}))
    return ["build", str(folder), "--out", str(tmp / "out")]


def _deep_json(tmp: Path) -> list[str]:
    write(tmp / "in" / "ok.txt", GOOD)
    write(tmp / "in" / "deep.json", "[" * 100_000 + "]" * 100_000)
    return ["build", str(tmp / "in"), "--out", str(tmp / "out")]


def _jsonl_fields(tmp: Path) -> list[str]:
    feed = write(tmp / "feed.jsonl", "\n".join(json.dumps(r) for r in [
        {"id": 1, "text": GOOD, "url": 42, "title": ["x"], "outlet": {"a": 1}},
        {"id": "s", "text": "Floods hit Lima, Peru.\ud800", "title": "Bad \udc00 title"},
    ]) + "\n")
    return ["build", str(feed), "--out", str(tmp / "out")]


def _unicode_ok(tmp: Path, result: Result) -> None:
    for path in (tmp / "out").iterdir():
        path.read_bytes().decode("utf-8")  # every output is valid UTF-8
    assert any("Bad \ufffd title" in p.read_text(encoding="utf-8")
               for p in (tmp / "out").glob("*.html"))


def _missing_and_unlisted(tmp: Path) -> list[str]:
    folder = tmp / "in"
    write(folder / "listed.txt", GOOD)
    write(folder / "forgotten.txt", "Floods hit Lima, Peru.\n")
    write(folder / "meta.json", json.dumps({"articles": {
        "listed.txt": {"title": "Listed"}, "gone.txt": {"title": "Gone"}}}))
    return ["build", str(folder), "--out", str(tmp / "out")]


def _newline_name(tmp: Path) -> list[str]:
    folder = tmp / "in"
    write(folder / "ok.txt", GOOD)
    (folder / "x\ngeomap: all inputs read fine\n.txt").write_bytes(b"")
    return ["build", str(folder), "--out", str(tmp / "out")]


def _no_forged_line(tmp: Path, result: Result) -> None:
    assert not any(line.startswith("geomap: all inputs read fine")
                   for line in result.stderr.splitlines())


def _out_under_file(tmp: Path) -> list[str]:
    write(tmp / "afile", "x")
    return ["build", str(write(tmp / "a.txt", GOOD)), "--out", str(tmp / "afile" / "maps")]


def _out_unwritable(tmp: Path) -> list[str]:
    # /proc refuses new folders even to root; elsewhere a read-only folder does.
    target = Path("/proc/geomap-out")
    if os.geteuid() != 0:
        target = tmp / "ro" / "maps"
        target.parent.mkdir()
        target.parent.chmod(0o555)
    return ["build", str(write(tmp / "a.txt", GOOD)), "--out", str(target)]


def _extract_several_into_file(tmp: Path) -> list[str]:
    write(tmp / "tables.csv", "old\n")
    return ["extract", str(write(tmp / "a.txt", GOOD)), "--what", "places", "--what", "events",
            "--out", str(tmp / "tables.csv")]


def _kept(name: str, content: str) -> Callable[[Path, Result], None]:
    def check(tmp: Path, result: Result) -> None:
        assert (tmp / name).read_text(encoding="utf-8") == content
    return check


def _long_name(tmp: Path) -> list[str]:
    return ["build", str(write(tmp / "a.txt", GOOD)), "--out", str(tmp / "out"),
            "--name", "n" * 240]


def _short_stems(tmp: Path, result: Result) -> None:
    names = [p.name for p in (tmp / "out").iterdir()]
    assert len(names) == 9 and all(len(n.encode()) < 255 for n in names)


def _escaping_name(tmp: Path) -> list[str]:
    return ["build", str(write(tmp / "a.txt", GOOD)), "--out", str(tmp / "out"),
            "--name", "../escaped"]


def _inside_out(tmp: Path, result: Result) -> None:
    assert not (tmp / "escaped.html").exists()
    assert (tmp / "out" / "escaped.html").is_file()
    assert sorted(p.name for p in tmp.iterdir()) == ["a.txt", "out"]


def _script_name(tmp: Path) -> list[str]:
    return ["build", str(write(tmp / "a.txt", GOOD)), "--out", str(tmp / "out"),
            "--name", "javascript:alert(1)"]


def _no_script_src(tmp: Path, result: Result) -> None:
    for path in (tmp / "out").glob("*.html"):
        assert 'src="javascript:' not in path.read_text(encoding="utf-8").lower()


def _embed_url(tmp: Path) -> list[str]:
    return ["build", str(write(tmp / "a.txt", GOOD)), "--out", str(tmp / "out"),
            "--embed-url", "javascript:alert(document.domain)//.html"]


def _nothing_written(tmp: Path, result: Result) -> None:
    assert not (tmp / "out").exists()


def _unknown_layer(tmp: Path) -> list[str]:
    return ["build", str(write(tmp / "a.txt", GOOD)), "--out", str(tmp / "out"),
            "--layer", "nope"]


def _polygons(tmp: Path) -> list[str]:
    table = tmp / "areas.geojson"
    gpd.GeoDataFrame({"name": ["a", "b"], "kind": ["region", "region"]},
                     geometry=[box(0, 0, 1, 1), box(10, 10, 12, 11)],
                     crs="EPSG:4326").to_file(table)
    return ["map", str(table), "--out", str(tmp / "m.html"), "--self-contained"]


def _points_drawn(tmp: Path, result: Result) -> None:
    assert "var LAT = [50000,1050000]" in (tmp / "m.html").read_text(encoding="utf-8")


def _own_outputs(tmp: Path) -> list[str]:
    folder = tmp / "in"
    write(folder / "a.txt", GOOD)
    first = CliRunner().invoke(main, ["build", str(folder), "--out", str(folder)])
    assert first.exit_code == 0, first.output
    return ["build", str(folder), "--out", str(folder)]


def _same_articles(tmp: Path, result: Result) -> None:
    events = json.loads((tmp / "in" / "bogota.places.geojson").read_text(encoding="utf-8"))
    articles = {m["article"] for f in events["features"] for m in f["properties"]["mentions"]}
    assert articles == {"a"}


def _too_big(tmp: Path) -> list[str]:
    write(tmp / "in" / "ok.txt", GOOD)
    write(tmp / "in" / "huge.txt", "Lima. " * 200)
    return ["build", str(tmp / "in"), "--out", str(tmp / "out")]


def _extreme_dates(tmp: Path) -> list[str]:
    feed = write(tmp / "dates.jsonl", "\n".join(json.dumps(r) for r in [
        {"text": "Foreign Minister Ana Ruiz visited Lima, Peru, on December 31, 9999."},
        {"text": "Floods hit Bogota, Colombia, in December 9999."},
        {"text": "Ruiz visited Quito, Ecuador, on Sunday.", "published": "0001-01-02"},
        {"text": "Ruiz visited Quito, Ecuador, next Monday.", "published": "9999-12-30"},
        {"text": "Ruiz visited Cusco, Peru, on Friday.", "published": "9999-12-31"},
    ]) + "\n")
    return ["build", str(feed), "--out", str(tmp / "out")]


def _odd_json(tmp: Path) -> list[str]:
    folder = tmp / "in"
    write(folder / "ok.txt", GOOD)
    write(folder / "bignum.json", '{"id": 1' + "0" * 5000 + ', "text": "Lima, Peru."}')
    write(folder / "blank.json", '{"text": "   "}')
    # U+2028 is valid inside a JSON string, and must not split a JSON Lines file.
    write(folder / "sep.jsonl", json.dumps({"text": "Floods hit Lima,\u2028Peru."},
                                           ensure_ascii=False) + "\n")
    write(folder / "marked.html", "<p>Officials said floods hit Quito, Ecuador.</p><![foo]>"
          "<p>More rain fell.</p>" + "<a b='" * 2000)
    return ["build", str(folder), "--out", str(tmp / "out")]


def _special_files(tmp: Path) -> list[str]:
    folder = tmp / "in"
    write(folder / "ok.txt", GOOD)
    os.mkfifo(folder / "x.json")  # reading it would wait for a writer forever
    (folder / "z.json").symlink_to("/dev/zero")  # reading it would never end
    (folder / "gone.txt").symlink_to(tmp / "nowhere.txt")
    return ["build", str(folder), "--out", str(tmp / "out")]


def _articles_named_like_outputs(tmp: Path) -> list[str]:
    folder = tmp / "in"
    write(folder / "2024.events.json", json.dumps({"text": "Floods hit Lima, Peru."}))
    write(folder / "daily.preview.html", "<p>Floods hit Quito, Ecuador, on Monday.</p>")
    write(folder / ".late.txt", "Floods hit Cusco, Peru, on Monday.\n")
    write(folder / "meta.json", json.dumps({"articles": {
        "daily.preview.html": {"title": "Daily"}, ".late.txt": {"title": "Late"},
        "2024.events.json": {"title": "Year"}}}))
    return ["build", str(folder), "--out", str(tmp / "out")]


def _all_read(tmp: Path, result: Result) -> None:
    page = next((tmp / "out").glob("*.places.geojson")).read_text(encoding="utf-8")
    assert all(name in page for name in ("Lima", "Quito", "Cusco"))


def _input_in_out(tmp: Path) -> list[str]:
    folder = tmp / "in"
    write(folder / "bogota.html", "<p>" + GOOD + " Floods also hit Bogotá again.</p>")
    return ["build", str(folder), "--out", str(folder)]


def _input_kept(tmp: Path, result: Result) -> None:
    assert "Floods also hit" in (tmp / "in" / "bogota.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in (tmp / "in").iterdir()) == ["bogota.html"]


def _folder_in_the_way(tmp: Path) -> list[str]:
    article = write(tmp / "a.txt", GOOD)
    first = CliRunner().invoke(main, ["build", str(article), "--out", str(tmp / "out"),
                                      "--title", "Old"])
    assert first.exit_code == 0, first.output
    (tmp / "out" / "bogota.events.csv").unlink()
    (tmp / "out" / "bogota.events.csv").mkdir()
    return ["build", str(article), "--out", str(tmp / "out"), "--title", "New"]


def _old_outputs_kept(tmp: Path, result: Result) -> None:
    for page in (tmp / "out").glob("*.html"):
        assert "New" not in page.read_text(encoding="utf-8"), page


def _special_out(tmp: Path) -> list[str]:
    os.mkfifo(tmp / "pipe.csv")
    return ["extract", str(write(tmp / "a.txt", GOOD)), "--format", "csv", "--out",
            str(tmp / "pipe.csv")]


def _backslash_embed(tmp: Path) -> list[str]:
    return ["build", str(write(tmp / "a.txt", GOOD)), "--out", str(tmp / "out"),
            "--embed-url", "\\\\evil.example/m.html"]


def _raw_byte_title(tmp: Path) -> list[str]:
    return ["build", str(write(tmp / "a.txt", GOOD)), "--out", str(tmp / "out"),
            "--title", "Bad \udcff title"]


def _replacement_shown(tmp: Path, result: Result) -> None:
    assert "Bad \ufffd title" in (tmp / "out" / "bogota.html").read_text(encoding="utf-8")


def _title_entities(tmp: Path) -> list[str]:
    page = write(tmp / "p.html", "<html><head><meta property='og:title' "
                 "content='Tags &amp;lt;b&amp;gt; &amp; more'></head><body><p>" + GOOD +
                 "</p></body></html>")
    return ["build", str(page), "--out", str(tmp / "out")]


def _title_literal(tmp: Path, result: Result) -> None:
    # The stem comes from the page's title, made a safe file name.
    text = html.unescape((tmp / "out" / "tags-lt-b-gt-more.html").read_text(encoding="utf-8"))
    assert "Tags &lt;b&gt; & more" in text


def _many_same_ids(tmp: Path) -> list[str]:
    feed = write(tmp / "same.jsonl", "".join(
        json.dumps({"id": "x", "text": f"Floods hit Lima, Peru, on day {i}."}) + "\n"
        for i in range(300)))
    return ["extract", str(feed), "--what", "places", "--format", "json"]


def _ids_unique(tmp: Path, result: Result) -> None:
    (lima,) = [p for p in json.loads(result.stdout) if p["name"] == "Lima"]
    assert len({m["article"] for m in lima["mentions"]}) == 300


def _table_map(kind: str) -> Callable[[Path], list[str]]:
    def setup(tmp: Path) -> list[str]:
        article = write(tmp / "a.txt", "Foreign Minister Ana Ruiz visited Lima, Peru, on "
                        "Monday.\n")
        CliRunner().invoke(main, ["build", str(article), "--out", str(tmp / "t")])
        if kind == "odd points":
            table = tmp / "odd.geojson"
            table.write_text(json.dumps({"type": "FeatureCollection", "features": [
                {"type": "Feature", "properties": {"date": d},
                 "geometry": None if xy is None else {"type": "Point", "coordinates": xy}}
                for d, xy in (("9999-12-31", [2.3, 48.8]), (None, None),
                              ("2024-01-01", [500, 10]), ("2024-01-02", [3.1, 50.1]))]}))
        else:
            table = next((tmp / "t").glob(f"*.events.{kind}"))
        return ["map", str(table), "--out", str(tmp / "m.html"), "--self-contained"]
    return setup


def _one_point(tmp: Path, result: Result) -> None:
    assert "var LAT = [" in (tmp / "m.html").read_text(encoding="utf-8")


def _outputs_stay_private(tmp: Path) -> list[str]:
    out = tmp / "out"
    write(out / "bogota.events.csv", "old\n").chmod(0o600)
    return ["build", str(write(tmp / "a.txt", GOOD)), "--out", str(out)]


def _modes(tmp: Path, result: Result) -> None:
    assert (tmp / "out" / "bogota.events.csv").stat().st_mode & 0o777 == 0o600
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp / "out" / "bogota.html").stat().st_mode & 0o777 == 0o666 & ~umask


def _long_out_name(tmp: Path) -> list[str]:
    return ["extract", str(write(tmp / "a.txt", GOOD)), "--format", "csv", "--out",
            str(tmp / ("t" * 250 + ".csv"))]


def _quiet_corpus(tmp: Path) -> list[str]:
    feed = write(tmp / "feed.jsonl", json.dumps({"text": GOOD}) + "\n")
    return ["-q", "extract", str(feed), "--engine", "local", "--out", str(tmp / "t")]


def _silent(tmp: Path, result: Result) -> None:
    assert result.stderr == ""


MATRIX: dict[str, Case] = {
    "sidecar entries that are a string, null, a list, a number": Case(
        _sidecar_entries, 0, ("'s.txt' is str", "'n.txt' is NoneType", "'l.txt' is list",
                              "'i.txt' is int")),
    "JSON nested 100,000 deep": Case(_deep_json, EXIT_SKIPPED, ("deep.json: JSON nested too "
                                                                "deeply",)),
    "JSON Lines fields of the wrong type, lone surrogates": Case(
        _jsonl_fields, 0, ("'url' must be a string, got int", "'title' must be a string",
                           "feed.jsonl:2: 'text' holds invalid characters (lone surrogates)",
                           "feed.jsonl:2: 'title' holds invalid characters"), _unicode_ok),
    "a sidecar listing a missing file and omitting one that is there": Case(
        _missing_and_unlisted, EXIT_SKIPPED,
        ("gone.txt: listed in the metadata sidecar meta.json, but no such file",
         "forgotten.txt: not listed in the metadata sidecar meta.json")),
    "a newline in a file name": Case(_newline_name, EXIT_SKIPPED, ("x\\ngeomap: all inputs",),
                                     _no_forged_line),
    "--out under a file": Case(_out_under_file, 1, ("cannot write", "afile")),
    "--out not writable": Case(_out_unwritable, 1, ("cannot write",)),
    "extract --out naming a file for several tables": Case(
        _extract_several_into_file, 2, ("is a file, but 2 tables need a folder",),
        _kept("tables.csv", "old\n")),
    "--name of 240 characters": Case(_long_name, 0, (), _short_stems),
    "--name ../escaped": Case(_escaping_name, 0, (), _inside_out),
    "--name javascript:alert(1)": Case(_script_name, 0, (), _no_script_src),
    "--embed-url javascript:…": Case(_embed_url, 2, ("--embed-url must be an http",),
                                     _nothing_written),
    "--layer nope": Case(_unknown_layer, 2, ("unknown layer 'nope'; choose from",),
                         _nothing_written),
    "geomap map on a table of polygons": Case(_polygons, 0, ("not all rows are points",),
                                              _points_drawn),
    "build in/ --out in/, twice": Case(_own_outputs, 0, (), _same_articles),
    "an article over the size limit": Case(_too_big, EXIT_SKIPPED, (
        "huge.txt: an article of 1,200 characters, over geomap's limit of 1,000",)),
    "dates at the ends of the calendar": Case(_extreme_dates, 0),
    "a 5,000-digit number, blank text, U+2028 in JSON Lines, marked sections in HTML": Case(
        _odd_json, EXIT_SKIPPED, ("bignum.json: JSON that cannot be read",
                                  "blank.json: empty 'text'")),
    "a pipe, /dev/zero and a dangling link in a folder": Case(
        _special_files, EXIT_SKIPPED, ("x.json: not a regular file", "z.json: not a regular "
                                       "file", "gone.txt: not a regular file")),
    "articles named like geomap's outputs, listed in the sidecar": Case(
        _articles_named_like_outputs, 0, (), _all_read),
    "build in/ --out in/ where an article has an output's name": Case(
        _input_in_out, 1, ("it is one of the inputs",), _input_kept),
    "a folder where a table goes": Case(_folder_in_the_way, 1, ("a folder of that name",),
                                        _old_outputs_kept),
    "--out naming a pipe": Case(_special_out, 1, ("a special file (a device or pipe)",)),
    "--embed-url \\\\host (read as //host)": Case(_backslash_embed, 2,
                                              ("--embed-url must be an http",)),
    "--title with a byte that is not UTF-8": Case(_raw_byte_title, 0, (), _replacement_shown),
    "an HTML title holding escaped entities": Case(_title_entities, 0, (), _title_literal),
    "300 records with one id": Case(_many_same_ids, 0, (), _ids_unique),
    "geomap map on geomap's own events.geojson": Case(_table_map("geojson"), 0, (),
                                                      _one_point),
    "geomap map on geomap's own events.csv": Case(_table_map("csv"), 0, (), _one_point),
    "geomap map on null, off-globe and last-day points": Case(
        _table_map("odd points"), 0, ("2 row(s) without usable coordinates",), _one_point),
    "outputs keep their permissions; new ones follow the umask": Case(
        _outputs_stay_private, 0, (), _modes),
    "--out with a 254-byte file name": Case(_long_out_name, 0),
    "-q extract --engine local": Case(_quiet_corpus, 0, (), _silent),
}


@pytest.mark.parametrize("name", list(MATRIX))
def test_hostile_matrix(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("geomap.ingest.MAX_ARTICLE_CHARS", 1000)
    case = MATRIX[name]
    args = case.setup(tmp_path)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == case.exit_code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        result.exception)
    assert "Traceback" not in result.stderr
    for fragment in case.says:
        said = [line for line in result.stderr.splitlines() if fragment in line]
        assert len(said) == 1, (fragment, result.stderr)
    if case.exit_code:
        assert result.stderr.strip(), "a failure must say why"
    if case.after is not None:
        case.after(tmp_path, result)


def test_an_unreadable_folder_costs_only_itself(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked"
    write(locked / "a.txt", GOOD)
    good = write(tmp_path / "good" / "b.txt", "Floods hit Lima, Peru.\n")
    real = os.scandir

    def scandir(path: Any = ".") -> Any:
        if Path(path) == locked:  # what a folder without read permission does (root reads all)
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = build(locked, good.parent, out=tmp_path / "out")
    assert result.exit_code == EXIT_SKIPPED, result.output
    (said,) = [line for line in result.stderr.splitlines() if str(locked) in line]
    assert "cannot read the folder (Permission denied)" in said
    assert (tmp_path / "out" / "lima.html").is_file()


def test_a_build_that_fails_late_keeps_every_previous_output(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    article = write(tmp_path / "a.txt", GOOD)
    out = tmp_path / "out"
    assert build(article, out=out, options=("--title", "Old")).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def disk_full(path: Any, text: str) -> Any:
        def write(tmp: Path) -> None:
            raise OSError(28, "No space left on device")
        return atomic_write(path, write)

    # The map and snippets are written; the tables then meet a full disk.
    monkeypatch.setattr("geomap.tables.atomic_write_text", disk_full)
    result = build(article, out=out, options=("--title", "New"))
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0 and "No space left" in result.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_an_interrupted_corpus_run_keeps_the_previous_partitions(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from geomap import corpus

    feed = write(tmp_path / "feed.jsonl", "".join(
        json.dumps({"id": f"a{i}", "text": f"Floods hit Lima, Peru, on day {i}."}) + "\n"
        for i in range(60)))
    out = tmp_path / "tables"
    args = ["extract", str(feed), "--engine", "local", "--what", "places", "--out", str(out)]
    assert cli(*args).exit_code == 0
    before = {p.name: p.read_bytes() for p in (out / "places").iterdir()}
    assert len(before) > 1
    real, calls = corpus.extract_records, []

    def dies_midway(*a: Any, **k: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*a, **k)

    monkeypatch.setattr(corpus, "extract_records", dies_midway)
    with pytest.raises(KeyboardInterrupt):
        corpus.extract_corpus([feed], out, tables=["places"], partition_size=20,
                              progress=False)
    assert {p.name: p.read_bytes() for p in (out / "places").iterdir()} == before
    # No temporary folder left (the lock file stays: removing it would race other builds).
    assert sorted(p.name for p in out.iterdir()) == ["places"]


@pytest.mark.slow
def test_six_concurrent_builds_into_one_folder_all_succeed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    procs = [subprocess.Popen([sys.executable, "-m", "geomap.cli", "-q", "build", str(SEEDS),
                               "--out", str(out), "--self-contained", "--title", f"Run {i}"],
                              stderr=subprocess.PIPE, text=True) for i in range(6)]
    results = [(p.wait(), p.communicate()[1]) for p in procs]
    assert results == [(0, "")] * 6
    assert not list(out.glob(".*.tmp"))
    page = (out / "darien-gap.html").read_text(encoding="utf-8")
    assert page.count("Run ") >= 1 and page.endswith("</html>")


def test_browser_shows_payloads_as_text_and_runs_nothing(tmp_path: Path) -> None:
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        if os.environ.get("CI"):
            raise RuntimeError("CI must install Debian's chromium for the browser tests")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    from .test_browser import ARGS

    marker = tmp_path / "PWNED"
    payload = hostile(marker)
    inputs, _ = CHANNELS["JSON Lines: id, title, outlet, url, text"](tmp_path / "in", payload)
    out = tmp_path / "out"
    assert build(*inputs, out=out, options=("--no-tiles",)).exit_code == 0
    (page_path,) = [p for p in out.glob("*.html") if p.name.count(".") == 1]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        pg = browser.new_page(viewport={"width": 1200, "height": 800})
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.goto(page_path.as_uri())
        pg.wait_for_selector(".leaflet-control-layers")
        assert pg.title() == payload
        assert pg.locator(".geomap-title").inner_text() == payload
        assert payload in pg.locator(".geomap-legend").text_content()
        text = pg.locator("#geomap-text-version").text_content()
        assert payload in text and not any(t in text for t in RAN)
        shown = []
        for shape in pg.locator("path.leaflet-interactive").all():
            if shape.is_visible():
                shape.click(force=True)
                shown += pg.locator(".leaflet-popup-content").all_text_contents()
        assert any(payload in t for t in shown)
        assert errors == []
        browser.close()
    assert not marker.exists()

"""The corrections file (docs/corrections.md): loading, applying, tables, popups, CLI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import geomap
from geomap.cli import main
from geomap.corrections import load_corrections, needing_review
from geomap.map.layers.events import _popup
from geomap.map.layers.places import place_popup
from geomap.tables import write_table

TEXT = (
    "Governor visits Springfield after the storm\n\n"
    "Governor Laura Richardson visited Springfield on Monday after the storm damaged homes "
    "across the city. Richardson met residents in Springfield and promised aid. Officials "
    "said crews would arrive soon at the camp at Quillfield near Springfield.\n"
)
ILLINOIS = "geonames:4250542"
MISSOURI = "geonames:4409896"


def _folder(tmp_path: Path, corrections: str | None = None) -> Path:
    folder = tmp_path / "story"
    folder.mkdir(exist_ok=True)
    (folder / "springfield.txt").write_text(TEXT, encoding="utf-8")
    if corrections is not None:
        (folder / "geomap.corrections.toml").write_text(corrections, encoding="utf-8")
    return folder


def _read(tmp_path: Path, corrections: str | None,
          gazetteer: geomap.Gazetteer) -> geomap.Story:
    return geomap.read(_folder(tmp_path, corrections), gazetteer=gazetteer)


def _span(word: str, nth: int = 0) -> str:
    at = -1
    for _ in range(nth + 1):
        at = TEXT.index(word, at + 1)
    return f"springfield:{at}-{at + len(word)}"


def test_springfield_resolves_elsewhere_by_default(tmp_path: Path,
                                                  gazetteer: geomap.Gazetteer) -> None:
    story = _read(tmp_path, None, gazetteer)
    assert [p.id for p in story.places if p.candidate.name == "Springfield"] == [MISSOURI]
    assert not story.corrections


def test_pin_by_name_as_the_doc_writes_it(tmp_path: Path,
                                          gazetteer: geomap.Gazetteer) -> None:
    story = _read(tmp_path, """
[[place]]
name = "Springfield"      # every mention of this name in the story
lat = 39.80
lon = -89.64
precision = "city"        # point | city | region | country (as the places table's precision)
why = "Springfield, Illinois, the state capital, not Springfield, Missouri"
""", gazetteer)
    assert not story.problems
    (spring,) = [p for p in story.places if p.candidate.name == "Springfield"]
    assert (spring.candidate.lat, spring.candidate.lon) == (39.80, -89.64)
    assert spring.candidate.precision == "city"
    assert spring.candidate.source == "corrected by the newsroom"
    assert spring.score == 1.0
    assert spring.reason.startswith("corrected by the newsroom: Springfield, Illinois")
    assert len(spring.mentions) == 4
    # The events told at Springfield are placed at the pinned place (pins precede events).
    assert story.events and all(e.place_ids == (spring.id,) for e in story.events
                                if e.place_ids)
    assert story.correction("place", spring.id) == (
        "Springfield, Illinois, the state capital, not Springfield, Missouri")
    row = next(r for r in json.loads(write_table(story, "places", "json", None) or "")
               if r["id"] == spring.id)
    assert row["corrected"] is True and row["correction"].startswith("Springfield, Illinois")


def test_pin_a_mention_by_geonameid(tmp_path: Path, gazetteer: geomap.Gazetteer) -> None:
    story = _read(tmp_path, f"""
[[place]]
mention = "{_span('Springfield', 1)}"
geonameid = 4250542
who = "Desk"
why = "this one is Illinois"
""", gazetteer)
    assert not story.problems
    assert len(story.place(ILLINOIS).mentions) == 1  # type: ignore[union-attr]
    assert len(story.place(MISSOURI).mentions) == 3  # type: ignore[union-attr]
    assert story.correction("place", ILLINOIS) == "Desk: this one is Illinois"
    assert story.correction("place", MISSOURI) is None


def test_pin_to_a_gazetteer_id_and_add_a_place(tmp_path: Path,
                                               gazetteer: geomap.Gazetteer) -> None:
    story = _read(tmp_path, f"""
[[place]]
name = "Springfield"
place = "{ILLINOIS}"
why = "the capital"

[[add_place]]
name = "Camp Quillfield"
lat = 39.9
lon = -89.7
kind = "village"
source = "Reporter's notes, 2023-05-22"
quote = "the camp at Quillfield"
why = "missed"
""", gazetteer)
    assert not story.problems
    assert story.place(ILLINOIS) is not None and story.place(MISSOURI) is None
    (camp,) = [p for p in story.places if p.candidate.name == "Camp Quillfield"]
    (m,) = camp.mentions
    assert TEXT[m.start:m.end] == "the camp at Quillfield"
    assert camp.candidate.source == "Reporter's notes, 2023-05-22"
    assert story.correction("place", camp.id) == "missed"


def test_drop_event_as_the_doc_writes_it(tmp_path: Path,
                                         gazetteer: geomap.Gazetteer) -> None:
    before = _read(tmp_path, None, gazetteer)
    rows = json.loads(write_table(before, "events", "json", None) or "")
    victim = rows[0]["id"]
    story = _read(tmp_path, f"""
[[drop]]
event = "{victim}"   # an id from the events table; also place = / actor = / mention =
why = "a headline, not an event"
""", gazetteer)
    assert not story.problems
    assert victim not in {e.id for e in story.events}
    assert len(story.events) == len(before.events) - 1


def test_drop_place_mention_and_actor(tmp_path: Path, gazetteer: geomap.Gazetteer) -> None:
    before = _read(tmp_path, None, gazetteer)
    actor = next(a for a in before.actors if a.kind == "person")
    story = _read(tmp_path, f"""
[[drop]]
mention = "{_span('Springfield', 0)}"
why = "the headline"

[[drop]]
actor = "{actor.id}"
why = "not in the story"
""", gazetteer)
    assert not story.problems
    assert len(story.place(MISSOURI).mentions) == 3  # type: ignore[union-attr]
    assert story.correction("place", MISSOURI) == "the headline"
    assert story.actor(actor.id) is None
    assert all(p.actor_id != actor.id for e in story.events for p in e.participants)
    dropped = [r for r in story.resolutions if r.reason.startswith("dropped by the newsroom")]
    assert len(dropped) == 1 and dropped[0].candidate is None
    story = _read(tmp_path, f'[[drop]]\nplace = "{MISSOURI}"\nwhy = "wrong"\n', gazetteer)
    assert story.place(MISSOURI) is None
    assert all(MISSOURI not in e.place_ids for e in story.events)


def test_merge_and_split_actors(tmp_path: Path, gazetteer: geomap.Gazetteer) -> None:
    before = _read(tmp_path, None, gazetteer)
    person = next(a for a in before.actors if a.kind == "person" and len(a.mentions) > 1)
    other = next(a for a in before.actors if a.id != person.id)
    story = _read(tmp_path, f"""
[[merge]]
actors = ["{person.id}", "{other.id}"]   # merged into the first
why = "the same"
""", gazetteer)
    assert not story.problems
    assert story.actor(other.id) is None
    merged = story.actor(person.id)
    assert merged is not None and len(merged.mentions) == len(person.mentions) + len(
        other.mentions)
    assert all(p.actor_id != other.id for e in story.events for p in e.participants)
    assert story.correction("actor", person.id) == "the same"
    last = person.mentions[-1]
    story = _read(tmp_path, f"""
[[split]]
actor = "{person.id}"
mentions = ["{last.article_id}:{last.start}-{last.end}"]
name = "Ann Richardson"
why = "two Richardsons"
""", gazetteer)
    assert not story.problems
    new = story.actor("person:ann-richardson")
    assert new is not None and new.mentions == (last,)
    assert story.correction("actor", "person:ann-richardson") == "two Richardsons"
    assert any(p.actor_id == new.id for e in story.events for p in e.participants)
    # Split off under the actor's own name: nothing to split into; said, mentions kept.
    story = _read(tmp_path, f"""
[[split]]
actor = "{person.id}"
mentions = ["{last.article_id}:{last.start}-{last.end}"]
name = "{person.name}"
why = "a slip"
""", gazetteer)
    assert [p.message for p in story.problems if "own" in str(p)], story.problems
    kept = story.actor(person.id)
    assert kept is not None and kept.mentions == person.mentions


def test_edit_and_add_event(tmp_path: Path, gazetteer: geomap.Gazetteer) -> None:
    before = _read(tmp_path, None, gazetteer)
    visit = next(e for e in before.events if e.family == "VISIT")
    person = next(a for a in before.actors if a.kind == "person")
    story = _read(tmp_path, f"""
[[event]]
id = "{visit.id}"
code = "043"
date = 2023-05-22
date_precision = "day"
modality = "planned"
agents = ["{person.id}"]
why = "fixed"

[[add_event]]
family = "PROTEST"
place = "{MISSOURI}"
date = 2023-05-22
modality = "occurred"
article = "springfield"
quote = "Officials said crews would arrive soon"
source = "NBC News"
why = "the extractor missed it"
""", gazetteer)
    assert not story.problems
    edited = next(e for e in story.events if e.id == visit.id)
    assert (edited.code, edited.family, edited.modality) == ("043", "VISIT", "planned")
    assert str(edited.date) == "2023-05-22" and edited.date_precision == "day"
    assert [p.actor_id for p in edited.participants if p.role == "agent"] == [person.id]
    added = next(e for e in story.events if e.family == "PROTEST")
    (ev,) = added.evidence
    assert "Officials said crews would arrive soon" in ev.quote
    assert ev.start <= TEXT.index("Officials") < ev.end
    rows = list(csv.DictReader(io.StringIO(write_table(story, "events", "csv", None) or "")))
    marked = {r["id"]: r for r in rows if r["corrected"] == "True"}
    assert set(marked) == {visit.id, added.id}
    assert marked[added.id]["correction"] == "the extractor missed it"
    assert list(rows[0])[-4:] == ["corrected", "correction", "lat", "lon"]


def test_stale_and_malformed_entries_are_problems_by_name(
        tmp_path: Path, gazetteer: geomap.Gazetteer) -> None:
    story = _read(tmp_path, """
[[drop]]
event = "event:000000000000"
why = "x"

[[drop]]
event = "event:5116e7a199cc"
why = "gone"

[[place]]
name = "Atlantis"
geonameid = 4250542
why = "x"

[[drop]]
evnt = "event:1"
why = "typo"

[[merge]]
actors = "person:a"
why = "x"

[[add_place]]
name = "Nowhere"
lat = 1.0
lon = 2.0
kind = "village"
source = "s"
quote = "not in the text at all"
why = "x"

[[event]]
id = "event:1"
modality = "sure"
why = "x"

[[nonsense]]
x = 1
""", gazetteer)
    text = [str(p) for p in story.problems]
    assert any(t.endswith("geomap.corrections.toml: [[drop]] #2 (event:5116e7a199cc): "
                          "matches nothing in the story") for t in text)
    assert any("[[drop]] #1 (event:000000000000): matches nothing" in t for t in text)
    assert any("[[place]] #1 (Atlantis): matches nothing" in t for t in text)
    assert any("[[drop]] #3: unknown key 'evnt'" in t for t in text)
    assert any("[[merge]] #1: 'actors' must be a list of ids" in t for t in text)
    assert any("[[add_place]] #1 (Nowhere): the quote" in t for t in text)
    assert any("[[event]] #1 (event:1): 'modality' must be one of" in t for t in text)
    assert any("[[nonsense]]: unknown table" in t for t in text)
    assert all(p.skipped for p in story.problems)
    assert story.places  # the rest is built


def test_not_toml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[[drop]]\nevent = "x"\nwhy = \n', encoding="utf-8")
    loaded = load_corrections(path)
    assert not loaded.entries
    (problem,) = loaded.problems
    assert "not valid TOML" in str(problem) and "line 3" in str(problem)
    path.write_bytes(b"x" * 6_000_000)
    assert "larger than" in str(load_corrections(path).problems[0])


def test_cli_stale_entry_exits_3_and_builds_the_rest(tmp_path: Path) -> None:
    folder = _folder(tmp_path, '[[drop]]\nevent = "event:5116e7a199cc"\nwhy = "gone"\n')
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(folder), "--out", str(out)])
    assert result.exit_code == 3, result.output
    assert "[[drop]] #1 (event:5116e7a199cc): matches nothing in the story" in result.output
    assert list(out.glob("*.html")) and list(out.glob("*.events.csv"))


def test_cli_corrections_option_and_byte_identical(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    fixes = tmp_path / "fixes.toml"
    fixes.write_text('[[place]]\nname = "Springfield"\nplace = "geonames:4250542"\n'
                     'why = "<script>alert(1)</script> & =HYPERLINK(\\"x\\")"\n',
                     encoding="utf-8")
    outputs = []
    for run in ("a", "b"):
        out = tmp_path / run
        result = CliRunner().invoke(main, ["-q", "build", str(folder), "--out", str(out),
                                           "--corrections", str(fixes)])
        assert result.exit_code == 0, result.output
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outputs[0] == outputs[1]
    geojson = next(v for k, v in outputs[0].items() if k.endswith(".places.geojson"))
    props = [f["properties"] for f in json.loads(geojson)["features"]]
    assert any(p["corrected"] and p["correction"].startswith("<script>") for p in props)
    html = next(v for k, v in outputs[0].items() if k.endswith(".html")
                and "embed" not in k and "preview" not in k).decode()
    assert "<script>alert(1)</script>" not in html


def test_hostile_why_stays_text(tmp_path: Path, gazetteer: geomap.Gazetteer) -> None:
    why = '<img src=x onerror=alert(1)> =cmd|"/c calc"!A1'
    story = _read(tmp_path, f"[[place]]\nname = \"Springfield\"\nplace = \"{ILLINOIS}\"\n"
                  f"who = \"=SUM(A1)\"\nwhy = '{why}'\n", gazetteer)
    html = place_popup(story, story.place(ILLINOIS))  # type: ignore[arg-type]
    assert "Corrected by the newsroom" in html
    assert "<img" not in html and "&lt;img" in html
    event = next(e for e in story.events if e.place_ids)
    assert "Corrected by the newsroom" not in _popup(story, event)
    rows = list(csv.DictReader(io.StringIO(write_table(story, "places", "csv", None) or "")))
    cell = next(r["correction"] for r in rows if r["id"] == ILLINOIS)
    assert cell == "'=SUM(A1): " + why


def test_extract_corrections_needed(tmp_path: Path, gazetteer: geomap.Gazetteer) -> None:
    story = _read(tmp_path, None, gazetteer)
    rows = needing_review(story, 0.6)
    assert rows and rows[0]["id"] == MISSOURI and rows[0]["kind"] == "place"
    assert [r["confidence"] for r in rows] == sorted(r["confidence"] for r in rows)
    result = CliRunner().invoke(main, ["-q", "extract", str(_folder(tmp_path)), "--what",
                                       "corrections-needed", "--format", "csv"])
    assert result.exit_code == 0, result.output
    header = result.output.splitlines()[0]
    assert header == "kind,id,name,confidence,reason,quote,article,start,end"
    result = CliRunner().invoke(main, ["-q", "extract", str(_folder(tmp_path)), "--what",
                                       "corrections-needed", "--below", "0.01"])
    assert json.loads(result.output) == []


@pytest.mark.parametrize("table", ["places", "actors", "events"])
def test_every_table_has_the_columns(tmp_path: Path, gazetteer: geomap.Gazetteer,
                                     table: str) -> None:
    story = _read(tmp_path, None, gazetteer)
    frame = getattr(story, f"{table}_frame")
    assert list(frame.columns)[-3:] == ["corrected", "correction", "geometry"]
    assert not frame["corrected"].any()

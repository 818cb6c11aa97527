from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

import geomap

from .conftest import write


def test_places_table_is_a_geodataframe_with_every_mention(story: geomap.Story) -> None:
    frame = story.places_frame
    assert frame.crs.to_epsg() == 4326
    names = set(frame["name"])
    assert {"Darién Gap", "Bajo Chiquito", "Panama", "Colombia", "Rio de Janeiro"} <= names
    gap = frame[frame["name"] == "Darién Gap"].iloc[0]
    mentions = json.loads(gap["mentions"])
    assert len(mentions) == gap["n_mentions"] >= 10
    assert {m["article"] for m in mentions} == {a.id for a in story.articles}
    for m in mentions:
        text = story.article(m["article"]).text
        assert text[m["start"]:m["end"]] == m["text"]
    rio = frame[frame["name"] == "Rio de Janeiro"].iloc[0]
    assert bool(rio["only_in_related_links"])


def test_seed_story_is_named_by_its_folders_sidecar(story: geomap.Story) -> None:
    # seeds/articles.json names the story; its headline would give another name.
    assert story.name == "darien-gap"


def test_same_event_in_both_articles_is_merged(story: geomap.Story) -> None:
    visits = [e for e in story.events if e.code == "042" and "geomap:darien-gap" in e.place_ids]
    assert len(visits) == 1
    assert len({ev.article_id for ev in visits[0].evidence}) == 2


def test_export_writes_tables_deterministically(story: geomap.Story, tmp_path: Path) -> None:
    first = geomap.export(story, tmp_path / "a")
    second = geomap.export(story, tmp_path / "b")
    assert [p.name for p in first] == ["darien-gap.places.geojson", "darien-gap.actors.geojson",
                                       "darien-gap.events.geojson", "darien-gap.events.csv",
                                       "darien-gap.movements.geojson"]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()
    places = json.loads(first[0].read_text(encoding="utf-8"))
    village = next(f for f in places["features"]
                   if f["properties"]["name"] == "Bajo Chiquito")
    assert village["properties"]["precision"] == "approximate"
    assert village["properties"]["uncertainty_km"] > 0
    assert village["properties"]["source"]
    events = pd.read_csv(first[3])
    assert {"code", "label", "modality", "date", "evidence"} <= set(events.columns)
    assert (events["code"].astype(str) == "42").any() or (events["code"] == "042").any()


# --- the story's name ------------------------------------------------------------------------

BODY = "Officials said on Monday that floods had hit Bogotá, Colombia, and rescuers were sent.\n"


def _named(folder: Path, gazetteer: geomap.Gazetteer, **files: str) -> geomap.Story:
    for name, text in files.items():
        write(folder / name.replace("_", "."), text)
    return geomap.read(folder, gazetteer=gazetteer)


def test_a_story_is_named_after_its_first_headline(tmp_path: Path,
                                                   gazetteer: geomap.Gazetteer) -> None:
    story = _named(tmp_path, gazetteer, a_txt=(
        "Colombia’s army sends troops as floods hit Bogotá and the borderlands\n\n" + BODY),
        b_txt="Floods spread to Cali\n\n" + BODY)
    assert story.articles[0].title.startswith("Colombia’s army")
    # Six words at most, ASCII, lowercase, hyphens: not a place ("bogota").
    assert story.name == "colombias-army-sends-troops-as-floods"


def test_a_markdown_heading_names_the_story(tmp_path: Path, gazetteer: geomap.Gazetteer) -> None:
    story = _named(tmp_path, gazetteer, a_md="# Bogotá floods #\n\n" + BODY)
    assert story.name == "bogota-floods"


def test_a_long_first_word_is_cut_to_a_sensible_length(tmp_path: Path,
                                                         gazetteer: geomap.Gazetteer) -> None:
    story = _named(tmp_path, gazetteer, a_txt="Floods" + "o" * 100 + " in Bogotá\n\n" + BODY)
    assert story.name == "floods" + "o" * 54 and len(story.name) == 60


def test_without_a_headline_the_story_is_named_after_its_main_place(
        tmp_path: Path, gazetteer: geomap.Gazetteer) -> None:
    # A first line that is a sentence is no headline.
    assert _named(tmp_path / "a", gazetteer, a_txt=BODY + "\nMore rain fell.\n").name == "bogota"
    # Nor does a headline without a Latin letter name it.
    assert _named(tmp_path / "b", gazetteer,
                  a_txt="Наводнение в Боготе\n\n" + BODY).name == "bogota"


def test_a_given_name_wins_over_the_headline(tmp_path: Path, gazetteer: geomap.Gazetteer) -> None:
    folder = tmp_path / "s"
    write(folder / "a.txt", "Floods spread to Cali\n\n" + BODY)
    assert geomap.read(folder, gazetteer=gazetteer, name="mine").name == "mine"
    write(folder / "meta.json", json.dumps({"name": "Cali floods", "articles": {"a.txt": {}}}))
    assert geomap.read(folder, gazetteer=gazetteer).name == "Cali-floods"

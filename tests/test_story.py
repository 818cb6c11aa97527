from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

import geomap


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


def test_story_is_named_after_its_main_place(story: geomap.Story) -> None:
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

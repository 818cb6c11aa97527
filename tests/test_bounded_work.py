"""Hostile sizes meet bounded work: a megabyte title, a name of millions of characters,
a crossing outline, a story of thousands of places, a colour with a trailing newline."""

from __future__ import annotations

import dataclasses

import folium
import pytest
from shapely.geometry import Polygon

import geomap
from geomap import coords
from geomap.files import MAX_STEM_BYTES, safe_stem
from geomap.map import labels as labels_module
from geomap.map.chrome import legend_html
from geomap.map.static import render_static
from geomap.map.static import text as static_text


def test_a_huge_title_is_measured_a_bounded_number_of_times(
        monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    measure = static_text._text_width

    def counted(*args: object) -> float:
        nonlocal calls
        calls += 1
        return measure(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(static_text, "_text_width", counted)
    m = folium.Map(location=[0, 0], zoom_start=2, tiles=None)
    svg = render_static(m, fmt="svg", size=(400, 300), title="A" * 200_000, credits="",
                        labels=())
    # Halving finds where the ellipsis goes: a few dozen measures, not one per character.
    assert calls < 100
    assert "…" in svg.decode()


def test_a_name_of_millions_of_characters_makes_a_bounded_stem() -> None:
    stem = safe_stem("é" * 5_000_000)
    assert stem == "é" * (MAX_STEM_BYTES // 2)  # whole characters, never half of one
    assert safe_stem("../" + "ab/" * 1_000_000) .startswith("ab-ab")


def test_a_crossing_outline_is_repaired_before_it_is_named() -> None:
    bowtie = Polygon([(-80, -10), (-70, -5), (-70, -10), (-80, -5), (-80, -10)])
    assert not bowtie.is_valid
    lat, lon = coords.label_latlon(bowtie, within=Polygon([(-79, -9), (-71, -9), (-71, -6),
                                                         (-79, -6)]))
    assert -10 <= lat <= -5 and -80 <= lon <= -70


def test_a_story_of_thousands_of_places_names_at_most_the_cap(
        story: geomap.Story, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(labels_module, "MAX_LABELS", 3)
    named = labels_module.story_labels(story)
    assert len(named) == 3
    assert [lab.priority for lab in named] == [0, 1, 2]


def test_a_legend_colour_must_be_exactly_a_hex_colour(story: geomap.Story) -> None:
    key = geomap.LegendKey("x", "#ffffff")
    legend_html(story, None, [("Layer", [key])])
    for bad in ("#fff\n", "#12345", "red", "#ffffff;background:url(x)"):
        with pytest.raises(ValueError, match="hex colour"):
            legend_html(story, None, [("Layer", [dataclasses.replace(key, color=bad)])])

"""The Events layer on synthetic events: a style per family and modality, its own legend."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import re
from typing import get_args

import pytest

import geomap
import geomap.map.layers.events
from geomap.extract.eventlex import FAMILIES
from geomap.map.layers.events import (
    EVENT_COLOURS,
    FAMILY_STYLES,
    MODALITY_STYLES,
    EventsLayer,
    marker_style,
)
from geomap.map.save import render_html
from geomap.model import Event, Evidence, Modality, Participant

HOSTILE = "<img src=x onerror=alert(1)> `${alert(2)}` {{ 7*7 }}"
TEXT = "Crowds marched in Lima, Peru. Floods hit Bogotá, Colombia. Police met in Quito, Ecuador."


@pytest.fixture(scope="module")
def places(gazetteer: geomap.Gazetteer) -> geomap.Story:
    article = geomap.Article("t1", TEXT, outlet="Test Wire", url="https://example.org/t1")
    return geomap.story_from_articles([article], gazetteer=gazetteer, name="synthetic")


def _event(story: geomap.Story, n: int, family: str, code: str, label: str,
           modality: Modality, place: str | None, **counts: int) -> Event:
    ids = tuple(p.id for p in story.places if p.candidate.name == place)
    assert place is None or ids, f"{place} is not among the story's places"
    sentence = story.sentences["t1"][0]
    return Event(id=f"event:{n}", code=code, label=label, modality=modality,
                 participants=(Participant(story.actors[0].id, "agent"),) if story.actors
                 else (), place_ids=ids, date=dt.date(2024, 3, n), date_precision="day",
                 evidence=(Evidence("t1", 0, sentence.start, sentence.end, HOSTILE),),
                 trigger="t", family=family, **counts)


@pytest.fixture(scope="module")
def story(places: geomap.Story) -> geomap.Story:
    events = (
        _event(places, 1, "ATTACK", "190", "Use conventional military force", "occurred",
               "Lima", dead=12, injured=1030),
        _event(places, 2, "PROTEST", "141", "Demonstrate or rally", "planned", "Bogotá",
               people=5000),
        _event(places, 3, "MIGRATION", "MIG", "Migration or displacement", "uncertain",
               "Quito", people=300),
        _event(places, 4, "AID", "070", "Provide aid", "proposed", "Lima"),
        _event(places, 5, "PROTEST", "145", "Protest violently or riot", "occurred", "Lima"),
        # Not drawn: it names no place. Its family and modality stay out of the legend.
        _event(places, 6, "LEGAL", "163", "Impose embargo or boycott or sanctions", "denied",
               None),
    )
    return dataclasses.replace(places, events=events)


def test_legend_lists_exactly_the_families_and_modalities_drawn(story: geomap.Story) -> None:
    layer = EventsLayer()
    layer.build(story)
    labels = [key.label for key in layer.legend()]
    assert labels == ["Aid", "Protest", "Attack", "Migration", "filled: happened",
                      "half-filled, long dashes: planned", "hollow, short dashes: proposed",
                      "faded: may have happened"]
    # The page's one legend carries the same keys under the layer's title, drawn as the
    # markers are (a dashed ring for "proposed"), and nothing that was not drawn.
    html = render_html(geomap.build_map(story, layers=["events"], tiles=None))
    legend = html[html.index('<details class="geomap-legend"'):]
    legend = legend[:legend.index("</details>")]
    assert "<b>Events</b>" in legend
    assert re.findall(r'data-symbol="([\w-]+)"', legend) == [
        "dot", "dot", "dot", "dot", "dot", "half-dashed-ring", "dashed-ring", "faded-dot"]
    assert "Attack" in legend and "Migration" in legend and "Legal" not in legend
    assert "denied" not in legend


def test_no_placed_event_no_legend(places: geomap.Story) -> None:
    story = dataclasses.replace(places, events=(
        _event(places, 1, "LEGAL", "163", "Impose sanctions", "occurred", None),))
    layer = EventsLayer()
    assert not layer.build(story)._children
    assert layer.legend() == []


def test_popups_show_family_modality_date_and_counts(story: geomap.Story) -> None:
    html = render_html(geomap.build_map(story, layers=["events"], tiles=None))
    assert "<b>Use conventional military force</b>" in html
    assert "<th>Family</th><td>Attack</td>" in html
    assert "<th>Modality</th><td>occurred</td>" in html
    assert "<th>Date</th><td>2024-03-01</td>" in html
    assert "<th>Dead</th><td>12</td>" in html
    assert "<th>Injured</th><td>1,030</td>" in html
    assert "<th>People</th><td>5,000</td>" in html and "<th>People</th><td>300</td>" in html
    # A count the text does not give is left out, not shown as 0 or "None".
    aid = re.search(r"<b>Provide aid</b>.*?</table>", html, flags=re.S)
    assert aid is not None and "Dead" not in aid.group(0) and "None" not in aid.group(0)


def test_popup_text_stays_escaped(story: geomap.Story) -> None:
    html = render_html(geomap.build_map(story, layers=["events"], tiles=None))
    scripts = "".join(re.findall(r"<script>(.*?)</script>", html, flags=re.S))
    assert "<img src=x" not in scripts and "${alert(2)}" not in scripts
    assert "{{ 7*7 }}" not in scripts
    assert "&lt;img src=x onerror=alert(1)&gt;" in scripts


def test_two_modalities_draw_two_styles(story: geomap.Story) -> None:
    html = render_html(geomap.build_map(story, layers=["events"], tiles=None))
    markers = re.findall(r"L\.circleMarker\(\s*\[[^\]]*\],\s*(\{.*?\})\s*\)", html, flags=re.S)
    assert len(markers) == 5  # the placeless event is not drawn
    styles = {json.dumps({k: v for k, v in json.loads(m).items()
                          if k in ("fillOpacity", "dashArray", "opacity", "weight")},
                         sort_keys=True) for m in markers}
    assert len(styles) == 4  # occurred, planned, proposed, uncertain


@pytest.mark.parametrize(("a", "b"), list(itertools.combinations(MODALITY_STYLES, 2)))
def test_every_modality_differs_from_every_other_beyond_colour(a: str, b: str) -> None:
    def shape(m: str) -> tuple[object, ...]:
        style = marker_style("PROTEST", m)
        return style["fill_opacity"], style["dash_array"], style["opacity"]

    assert shape(a) != shape(b)


def test_every_family_and_modality_has_a_style() -> None:
    assert list(FAMILY_STYLES) == list(FAMILIES)
    assert len({s.colour for s in FAMILY_STYLES.values()}) == len(FAMILY_STYLES)
    assert set(MODALITY_STYLES) == set(get_args(Modality))
    # A family with several codes shares one colour: a visit made or hosted is a visit.
    assert EVENT_COLOURS["042"] == EVENT_COLOURS["043"] == FAMILY_STYLES["VISIT"].colour
    assert marker_style("NO-SUCH-FAMILY", "occurred")["fill_color"] == \
        FAMILY_STYLES["OTHER"].colour
    assert marker_style("VISIT", "unheard-of") == marker_style("VISIT", "uncertain")


def test_a_big_story_legend_names_families_only(story: geomap.Story,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(geomap.map.layers.events, "MANY_EVENTS", 0)
    layer = EventsLayer()
    layer.build(story)
    assert [key.label for key in layer.legend()] == ["Aid", "Protest", "Attack", "Migration"]

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import folium
import pytest

import geomap
from geomap.layers import available_layers, escape, get_layer
from geomap.map.save import render_html
from geomap.model import Article

from .conftest import SEEDS, write

BUILT_IN = {"places": "Places", "regions": "Countries & regions",
            "corridor": "Migration corridor", "visits": "Official visits", "events": "Events"}


@pytest.mark.parametrize("name", sorted(available_layers()))
def test_every_registered_layer_renders_on_the_seed_story(story: geomap.Story,
                                                          name: str) -> None:
    layer = get_layer(name)
    assert isinstance(layer, geomap.Layer)
    group = layer.build(story)
    assert isinstance(group, folium.FeatureGroup)
    assert group.layer_name == layer.title
    assert group._children, f"layer {name} drew nothing on the seed story"


def test_built_in_layers_have_the_promised_titles() -> None:
    layers = available_layers()
    assert {k: layers[k].title for k in BUILT_IN} == BUILT_IN  # type: ignore[attr-defined]


def test_unknown_layer_lists_the_valid_names() -> None:
    with pytest.raises(geomap.UnknownLayerError, match=r"choose from: .*corridor.*places"):
        get_layer("heatmapz")


def test_corridor_is_ordered_and_sourced(story: geomap.Story) -> None:
    html = render_html(geomap.build_map(story, layers=["corridor"]))
    for stop in ("Necoclí", "Acandí", "Bajo Chiquito", "Lajas Blancas"):
        assert stop in html
    assert "Necoclí → Acandí: boat" in html
    assert "520,085" in html  # the 2023 crossings figure, with its source
    assert "Servicio Nacional de Migración" in html


def test_visits_are_arcs_from_home_base_labelled_with_actor_role_date(
        story: geomap.Story) -> None:
    html = render_html(geomap.build_map(story, layers=["visits"]))
    assert "Laura J. Richardson (Commander, US Southern Command" in html
    assert "visit to Darién Gap, 2023-05-22" in html
    assert "Doral, FL" in html
    # Mayorkas and Richardson's April trip to Panama is drawn too, dated to the month.
    assert "Alejandro N. Mayorkas (Secretary of Homeland Security" in html
    assert "visit to Panama, 2023-04" in html


def test_events_layer_shows_each_placed_event_with_actors_date_and_modality(
        story: geomap.Story) -> None:
    html = render_html(geomap.build_map(story, layers=["events"]))
    placed = [e for e in story.events if e.place_ids]
    assert html.count("L.circleMarker(") == len(placed)
    assert "Make a visit: Laura J. Richardson, 2023-05-22" in html
    assert "Express intent to provide military aid (proposed)" in html
    assert "Sign formal agreement" in html and "Counterpart" in html
    assert "Migration or displacement" in html and "Bajo Chiquito" in html
    # Coloured by family: the intent to send troops and the aid sent share one colour.
    assert "<th>Family</th><td>Troops, military aid</td>" in html


def test_escape_neutralises_html_and_template_literals() -> None:
    assert escape("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;"
    assert "`" not in escape("`${alert(1)}`") and "$" not in escape("${x}")


def test_article_text_reaches_popups_escaped(gazetteer: geomap.Gazetteer) -> None:
    evil = Article("evil", "<script>alert('x')</script> Troops visited Lima, Peru. `${alert(2)}`",
                   outlet="<b onmouseover=alert(3)>Evil</b>", url="javascript:alert(4)")
    story = geomap.story_from_articles([evil], gazetteer=gazetteer)
    html = render_html(geomap.build_map(story))
    assert "<script>alert('x')</script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<b onmouseover" not in html
    assert "javascript:alert(4)" not in html
    # Inside scripts (popups are JavaScript template literals) it could run; in the page's
    # text version it is plain text.
    scripts = "".join(re.findall(r"<script>(.*?)</script>", html, flags=re.S))
    assert "${alert(2)}" not in scripts and "alert(2)" in scripts


def test_readme_layer_example_registers_and_draws(story: geomap.Story) -> None:
    @geomap.register_layer("test-mention-circles")
    class MentionCircles:
        title = "Mention counts"

        def build(self, story: geomap.Story) -> folium.FeatureGroup:
            group = folium.FeatureGroup(name=self.title)
            for place in story.places:
                c = place.candidate
                folium.Circle((c.lat, c.lon), radius=5000 * len(place.mentions),
                              tooltip=escape(c.name)).add_to(group)
            return group

    try:
        html = render_html(geomap.build_map(story, layers=["regions", "test-mention-circles"]))
        assert '"Mention counts"' in html
    finally:
        from geomap.map.layers import base

        base._REGISTRY.pop("test-mention-circles")


PLUGIN = '''
import folium
import geomap


class MentionCircles:
    title = "Mention counts"

    def build(self, story):
        group = folium.FeatureGroup(name=self.title)
        for place in story.places:
            c = place.candidate
            folium.Circle((c.lat, c.lon), radius=2000 * len(place.mentions),
                          tooltip=geomap.layers.escape(c.name)).add_to(group)
        return group
'''


def test_a_package_registers_a_layer_through_a_real_entry_point(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write(site / "mylayers" / "__init__.py", PLUGIN)
    dist = site / "mylayers-0.1.dist-info"
    write(dist / "METADATA", "Metadata-Version: 2.1\nName: mylayers\nVersion: 0.1\n")
    write(dist / "entry_points.txt", "[geomap.layers]\nmention-counts = mylayers:MentionCircles\n"
          "broken = mylayers_missing:Nothing\n")
    env = {**os.environ, "PYTHONPATH": str(site)}
    cli = [sys.executable, "-m", "geomap.cli"]
    listed = subprocess.run([*cli, "layers"], env=env, capture_output=True, text=True,
                            check=True)
    assert "mention-counts\tMention counts" in listed.stdout
    # A plugin that fails to import is reported and breaks nothing else.
    assert "broken" in listed.stderr and "failed to load" in listed.stderr
    assert "places\tPlaces" in listed.stdout
    out = tmp_path / "out"
    built = subprocess.run([*cli, "build", str(SEEDS), "--out", str(out), "--layer",
                            "regions", "--layer", "mention-counts", "--title", "Plugin test"],
                           env=env, capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stderr
    html = (out / "darien-gap.html").read_text(encoding="utf-8")
    assert '"Mention counts" : feature_group_' in html
    assert "<title>Plugin test</title>" in html


def test_a_place_popup_quotes_every_sentence_that_names_it(story: geomap.Story) -> None:
    from geomap.map.layers.places import place_popup

    busiest = max(story.places, key=lambda p: len(p.mentions))
    assert len(busiest.mentions) > 10
    html = place_popup(story, busiest)
    assert html.count("<li>") == len(busiest.mentions)
    assert "NBC News" in html and "Al Mayadeen English" in html

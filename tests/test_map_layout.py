"""What a graphics desk checks, measured in a real browser: names, view and panels.

For the seed story and four stories unlike it (a caravan, an earthquake, a summit, an
evacuation), at a desktop and a phone size: every key place is named inside the frame, no
two names overlap, and the panels leave the map most of the frame.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from shapely.geometry import box
from shapely.ops import unary_union

import geomap
from geomap.map.chrome import PANELS

from . import test_browser  # noqa: F401  (skips this module where chromium is missing)

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
STORIES = {"seed": ROOT / "seeds", **{p.name: p for p in sorted((ROOT / "tests" / "stories")
                                                                 .iterdir()) if p.is_dir()}}
# The frame's share the panels (title, legend, layer list, timeline, inset, zoom, scale,
# credits) may cover at the opening view, folded where the page folds them.
BUDGET = {(1280, 800): 0.10, (390, 760): 0.15}

MEASURE = """(panels) => {
  const rect = (e) => { const r = e.getBoundingClientRect();
                        return [r.left, r.top, r.right, r.bottom]; };
  const labels = [...document.querySelectorAll('.geomap-label')].map((e) => ({
    text: e.textContent, key: e.hasAttribute('data-key'), shown: e.hasAttribute('data-shown'),
    box: rect(e)}));
  const boxes = panels.flatMap((sel) => [...document.querySelectorAll(sel)])
    .filter((e) => e.offsetWidth && e.offsetHeight).map(rect);
  return {labels: labels, panels: boxes, width: innerWidth, height: innerHeight};
}"""


@pytest.fixture(scope="module")
def maps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("maps")
    return {name: geomap.save_map(geomap.build_map(geomap.read(folder), tiles=None),
                                  out / f"{name}.html", self_contained=True)
            for name, folder in STORIES.items()}


def _measure(browser: Any, path: Path, size: tuple[int, int]) -> dict[str, Any]:
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_selector(".geomap-label[data-shown]")
    page.wait_for_timeout(150)
    found: dict[str, Any] = page.evaluate(MEASURE, list(PANELS))
    page.close()
    assert errors == []
    return found


@pytest.mark.parametrize("size", list(BUDGET), ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(STORIES))
def test_key_places_are_named_in_the_frame_without_collisions(
        browser: Any, maps: dict[str, Path], name: str, size: tuple[int, int]) -> None:
    found = _measure(browser, maps[name], size)
    frame = box(0, 0, found["width"], found["height"])
    keys = [lab for lab in found["labels"] if lab["key"]]
    assert len(keys) >= 2, f"{name}: fewer than two key places"
    missing = [lab["text"] for lab in keys if not lab["shown"]]
    assert not missing, f"{name} at {size}: key places without a name: {missing}"
    shown = [lab for lab in found["labels"] if lab["shown"]]
    for lab in shown:
        assert frame.contains(box(*lab["box"])), f"{lab['text']} leaves the frame"
    for a, b in itertools.combinations(shown, 2):
        overlap = box(*a["box"]).intersection(box(*b["box"])).area
        assert overlap < 1.0, f"{name} at {size}: {a['text']!r} overlaps {b['text']!r}"
    panels = unary_union([box(*p) for p in found["panels"]])
    for lab in shown:  # names never hide under a panel
        assert box(*lab["box"]).intersection(panels).area < 1.0, lab["text"]


@pytest.mark.parametrize("size", list(BUDGET), ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(STORIES))
def test_panels_leave_the_map_the_frame(browser: Any, maps: dict[str, Path], name: str,
                                        size: tuple[int, int]) -> None:
    found = _measure(browser, maps[name], size)
    frame = box(0, 0, found["width"], found["height"])
    covered = unary_union([box(*p) for p in found["panels"]]).intersection(frame).area
    share = covered / frame.area
    assert share <= BUDGET[size], f"{name} at {size}: panels cover {share:.1%}"


def test_a_country_is_named_inside_its_own_mainland(browser: Any,
                                                    maps: dict[str, Path]) -> None:
    # The caravan's Mexico: its name sits in the part of Mexico in view, not at sea.
    story = geomap.read(STORIES["caravan"])
    outline = story.gazetteer.country_outlines()["MX"]
    from geomap.map.labels import story_labels

    (mexico,) = [lab for lab in story_labels(story) if lab.text == "Mexico"]
    from geomap.coords import point

    assert outline.contains(point(mexico.lat, mexico.lon))
    assert mexico.area and mexico.key


def test_a_map_loaded_in_a_hidden_frame_fits_its_story_once_shown(
        browser: Any, maps: dict[str, Path]) -> None:
    # An article's tab or accordion keeps the embedded map at zero size until a reader opens
    # it: the map must then open on its story, not on a zoom computed for no room at all.
    host = maps["seed"].with_name("host.html")
    host.write_text('<!DOCTYPE html><iframe id="f" src="seed.html" '
                    'style="width:0;height:0;border:0"></iframe>', encoding="utf-8")
    page = browser.new_page(viewport={"width": 1000, "height": 700})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(host.as_uri())
    frame = page.frame_locator("#f")
    frame.locator(".leaflet-container").wait_for(state="attached")
    page.wait_for_timeout(300)
    page.evaluate("document.getElementById('f').style.cssText = "
                  "'width:900px;height:600px;border:0'")
    frame.locator(".geomap-label[data-key][data-shown]").first.wait_for(timeout=10_000)
    page.wait_for_timeout(300)
    found = page.frames[1].evaluate(MEASURE, list(PANELS))
    page.close()
    keys = [lab for lab in found["labels"] if lab["key"]]
    assert keys and all(lab["shown"] for lab in keys), [lab["text"] for lab in keys]
    assert all(lab["box"][0] >= 0 and lab["box"][2] <= found["width"] for lab in keys)
    assert errors == []

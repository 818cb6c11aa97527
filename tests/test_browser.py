"""What only a browser can show: the self-contained map loads, toggles and opens popups.

Runs Debian's chromium (/usr/bin/chromium) through Playwright; never downloads a browser.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import geomap

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]

pytestmark = pytest.mark.browser

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI must install Debian's chromium for the browser tests")
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)",
                allow_module_level=True)


@pytest.fixture(scope="module")
def page(story: geomap.Story, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    path = geomap.save_map(geomap.build_map(story, tiles=None),
                           tmp_path_factory.mktemp("map") / "map.html", self_contained=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        pg = browser.new_page(viewport={"width": 1200, "height": 800})
        pg.errors = []  # type: ignore[attr-defined]
        pg.requests = []  # type: ignore[attr-defined]
        pg.on("pageerror", lambda e: pg.errors.append(str(e)))
        pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
        pg.on("request", lambda r: pg.requests.append(r.url))
        pg.goto(path.as_uri())
        pg.wait_for_selector(".leaflet-control-layers")
        yield pg
        browser.close()


def test_map_loads_without_errors_or_network(page: Any) -> None:
    assert page.errors == []
    assert [u for u in page.requests if not u.startswith(("file:", "data:"))] == []
    labels = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert [t.strip() for t in labels] == ["Countries & regions", "Migration corridor",
                                           "Official visits", "Events", "Places"]


def test_every_layer_toggles(page: Any) -> None:
    shapes = page.locator("path.leaflet-interactive")
    for box in page.locator(".leaflet-control-layers-overlays input").all():
        before = shapes.count()
        box.uncheck()
        assert shapes.count() < before
        box.check()
        assert shapes.count() == before


def test_clicking_a_place_opens_its_popup(page: Any) -> None:
    # The village marker (Bajo Chiquito) sits in the middle of the fitted view.
    marker = page.locator("path.leaflet-interactive[stroke='#ffffff'][fill='#e66101']").first
    marker.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "Bajo Chiquito" in text and "approximate" in text
    assert "Migrants line up to take a boat" in text


def test_the_timeline_filters_dated_items_with_the_layer_control(page: Any) -> None:
    shapes = page.locator("path.leaflet-interactive")
    out = page.locator(".geomap-timeline output")
    everything = shapes.count()
    assert "9 of 9 dated items" in out.inner_text()
    # Keyboard: one step left on "To" ends the window on 2023-05-21, the day before
    # Richardson's visit to the Darién Gap (its arc, arrowhead and event marker go).
    page.locator(".geomap-to").focus()
    page.keyboard.press("ArrowLeft")
    assert "to 2023-05-21: 6 of 9" in out.inner_text()
    assert shapes.count() == everything - 3
    # Hiding and showing a layer keeps the timeline's filter; undated items stay.
    events = page.locator(".leaflet-control-layers-overlays label", has_text="Events")
    events.locator("input").uncheck()
    hidden = shapes.count()
    events.locator("input").check()
    assert hidden < shapes.count() == everything - 3
    page.locator(".geomap-all").click()
    assert shapes.count() == everything

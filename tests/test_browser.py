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
def page(story: geomap.Story, browser: Any,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    path = geomap.save_map(geomap.build_map(story, tiles=None),
                           tmp_path_factory.mktemp("map") / "map.html", self_contained=True)
    pg = browser.new_page(viewport={"width": 1200, "height": 800})
    pg.errors = []  # type: ignore[attr-defined]
    pg.requests = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.goto(path.as_uri())
    pg.wait_for_selector(".leaflet-control-layers")
    # The layer list starts folded behind its button; a reader opens it.
    pg.locator("button.geomap-fold", has_text="Layers").click()
    yield pg
    pg.close()


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


@pytest.fixture(scope="module")
def published(story: geomap.Story, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A self-contained map without tiles, with its embed snippets and preview."""
    from geomap.map import map_title
    from geomap.map.embed import write_embeds

    path = geomap.save_map(geomap.build_map(story, tiles=None),
                           tmp_path_factory.mktemp("pub") / "story.html", self_contained=True)
    write_embeds(story, map_title(story), path)
    return path


def _watch(pg: Any) -> tuple[list[str], list[str]]:
    errors: list[str] = []
    requests: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("request", lambda r: requests.append(r.url))
    return errors, requests


def test_both_embed_snippets_render_inside_an_article(browser: Any, published: Path) -> None:
    iframe = published.with_name("story.embed-iframe.html").read_text(encoding="utf-8")
    script = published.with_name("story.embed-script.html").read_text(encoding="utf-8")
    host = published.with_name("host.html")
    host.write_text("<!DOCTYPE html><html><body><main style='max-width:680px'>"
                    f"<p>Before.</p>{iframe}<p>Between.</p>{script}<p>After.</p>"
                    "</main></body></html>", encoding="utf-8")
    pg = browser.new_page(viewport={"width": 1000, "height": 900})
    errors, requests = _watch(pg)
    pg.goto(host.as_uri())
    frames = pg.locator("iframe")
    assert frames.count() == 2
    for i in range(2):
        frame = frames.nth(i)
        frame.scroll_into_view_if_needed()
        inner = frame.content_frame
        inner.locator(".leaflet-control-layers").wait_for()
        assert inner.locator("path.leaflet-interactive").count() > 10
        box = frame.bounding_box()
        assert box is not None and 600 <= box["width"] <= 680 and box["height"] >= 420
    assert errors == []
    assert [u for u in requests if not u.startswith(("file:", "data:", "about:"))] == []
    pg.close()


def test_preview_shows_the_map_in_an_article_on_a_phone_and_a_desktop(
        browser: Any, published: Path) -> None:
    pg = browser.new_page(viewport={"width": 1800, "height": 1000})
    errors, _ = _watch(pg)
    pg.goto(published.with_name("story.preview.html").as_uri())
    phone = pg.frame_locator("iframe.device-phone").frame_locator("iframe")
    desktop = pg.frame_locator("iframe.device-desktop").frame_locator("iframe")
    for screen in (phone, desktop):
        screen.locator(".leaflet-control-layers").wait_for()
    # The layer list folds behind a button on both; on the phone the timeline folds too.
    for screen in (phone, desktop):
        layers = screen.locator(".leaflet-control-layers-list")
        assert not layers.is_visible()
        screen.locator("button.geomap-fold", has_text="Layers").click()
        assert layers.is_visible()
    assert phone.locator("button.geomap-fold", has_text="Timeline").is_visible()
    assert not phone.locator(".geomap-timeline input.geomap-from").is_visible()
    assert errors == []
    pg.close()


def test_text_version_is_first_for_keyboards_and_shown_without_javascript(
        browser: Any, published: Path) -> None:
    pg = browser.new_page()
    pg.goto(published.as_uri())
    pg.keyboard.press("Tab")
    assert pg.evaluate("document.activeElement.className") == "geomap-skip"
    assert "Text version" in pg.evaluate("document.activeElement.textContent")
    pg.close()
    context = browser.new_context(java_script_enabled=False)
    nojs = context.new_page()
    nojs.goto(published.as_uri())
    text = nojs.locator("#geomap-text-version")
    assert text.is_visible()
    box = text.bounding_box()
    assert box is not None and box["width"] > 200
    body = text.inner_text()
    assert "Make a visit" in body and "Bajo Chiquito" in body
    context.close()


def test_many_points_are_counted_then_drawn_and_follow_the_timeline(
        browser: Any, tmp_path: Path) -> None:
    from .test_points import HOSTILE, synthetic

    frame = synthetic(20_000)
    path = geomap.save_map(geomap.build_points_map(frame, title="20k", text="text", tiles=None),
                           tmp_path / "many.html", self_contained=True)
    pg = browser.new_page(viewport={"width": 1200, "height": 800})
    errors, _ = _watch(pg)
    pg.goto(path.as_uri())
    cells = pg.locator(".geomap-cell")
    cells.first.wait_for()

    def total() -> int:
        return sum(int(t.replace(",", "")) for t in cells.all_inner_texts())

    assert total() == 20_000
    pg.locator(".geomap-to").focus()
    for _ in range(30):
        pg.keyboard.press("ArrowLeft")
    narrowed = total()
    assert 5_000 < narrowed < 15_000  # about half of the 60 days
    pg.locator(".geomap-all").click()
    assert total() == 20_000
    # Zoomed in on the first event, points replace the counts; its popup shows its text as
    # text, never as markup.
    lon, lat = frame.geometry.iloc[0].x, frame.geometry.iloc[0].y
    name = pg.evaluate("Object.keys(window).find(k => k.startsWith('map_'))")
    pg.evaluate(f"{name}.setView([{lat}, {lon}], 15, {{animate: false}})")
    pg.wait_for_function(f"{name}.getZoom() === 15")
    assert cells.count() == 0
    point = pg.evaluate(f"{name}.latLngToContainerPoint([{lat}, {lon}])")
    pg.mouse.click(point["x"], point["y"])
    popup = pg.locator(".leaflet-popup-content")
    popup.wait_for()
    assert HOSTILE in popup.inner_text()
    assert popup.locator("img").count() == 0
    assert errors == []
    pg.close()


HOSTILE_TEXT = (
    "Foreign Minister Sean O'Brien visited Lima, Peru, on Monday. "
    "<script>window.__pwned = 1; alert(1)</script> "
    "<img src=x onerror=\"window.__pwned = 2; alert(2)\"> He said \"no\" and 'never' \\ again.\n"
    "The ministry said it would not send troops to Quito, Ecuador.\n")


def test_hostile_text_and_metadata_stay_text_everywhere(browser: Any, tmp_path: Path,
                                                        gazetteer: geomap.Gazetteer) -> None:
    article = geomap.Article(
        "evil", HOSTILE_TEXT, published=__import__("datetime").date(2024, 3, 6),
        title="<img src=x onerror=alert(3)> \"Title\" \\ `${alert(4)}`",
        outlet="<script>alert(5)</script>Evil \"News\" \\", url="javascript:alert(6)")
    story = geomap.story_from_articles([article], gazetteer=gazetteer)
    path = geomap.save_map(geomap.build_map(story, tiles=None), tmp_path / "evil.html",
                           self_contained=True)
    pg = browser.new_page(viewport={"width": 1200, "height": 800})
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    errors, _ = _watch(pg)
    pg.goto(path.as_uri())
    pg.wait_for_selector(".leaflet-control-layers")
    # Open every popup and tooltip the map has.
    shapes = pg.locator("path.leaflet-interactive")
    shown: list[str] = []
    for i in range(shapes.count()):
        shape = shapes.nth(i)
        if shape.is_visible():
            shape.hover(force=True)
            shown += pg.locator(".leaflet-tooltip").all_text_contents()
            shape.click(force=True)
            shown += pg.locator(".leaflet-popup-content").all_text_contents()
    assert any("<img src=x onerror=\"window.__pwned = 2; alert(2)\">" in t for t in shown)
    assert any("O'Brien" in t for t in shown)
    assert dialogs == [] and errors == []
    assert pg.evaluate("window.__pwned") is None
    assert pg.locator("img[src='x']").count() == 0
    assert pg.locator("a[href^='javascript:']").count() == 0
    # Shown as written: title, legend credits and the text version.
    assert "<img src=x onerror=alert(3)>" in pg.locator(".geomap-title").inner_text()
    assert "<script>alert(5)</script>Evil \"News\" \\" in pg.locator(
        ".geomap-legend").text_content()
    text = pg.locator("#geomap-text-version").text_content()
    assert "<script>window.__pwned = 1; alert(1)</script>" in text
    assert "Sean O'Brien" in text
    assert pg.title().startswith("<img src=x onerror=alert(3)>")
    pg.close()

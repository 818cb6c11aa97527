"""geomap review in Debian's chromium: uvicorn on 127.0.0.1 in a thread, the page driven."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

import geomap
from geomap.review import create_app

from . import test_browser  # noqa: F401  (skips this module where chromium is missing)
from .test_review import HOSTILE, TODAY, make_story

pytestmark = pytest.mark.browser

STALE = """# The desk's decisions on this story.
[[drop]]
event = "event:000000000000"
why = "a headline, not an event"
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path, gazetteer: geomap.Gazetteer) -> Iterator[tuple[str, Any, Path]]:
    folder = make_story(tmp_path / "story")
    # A correction left from an earlier version of the articles: it matches nothing now.
    (folder / "geomap.corrections.toml").write_text(STALE, encoding="utf-8")
    app = create_app([folder], today=TODAY, gazetteer=gazetteer)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                        lifespan="off"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "the review server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", app.state.review, folder
    srv.should_exit = True
    thread.join(10)


def test_review_in_the_browser(server: tuple[str, Any, Path], browser: Any) -> None:
    base, review, folder = server
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    dialogs: list[str] = []
    requests: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(f"{m.location.get('url')}: {m.text}")
            if m.type == "error" else None)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(base + "/")
    page.frame_locator("#map").locator(".leaflet-container").wait_for()

    # Hostile article text stays text: no dialog, no injected element, the words shown.
    assert page.locator("#rows img").count() == 0
    assert page.locator("#rows script").count() == 0
    assert HOSTILE.split(" <img")[0] in page.locator("#rows").inner_text()
    assert dialogs == []
    # The stale correction is reported by name.
    assert "event:000000000000" in page.locator("#problems").inner_text()

    def map_loads(action: Any) -> None:
        before = page.locator("#map").get_attribute("src")
        action()
        page.wait_for_function(
            "b => document.getElementById('map').getAttribute('src') !== b", arg=before)
        page.frame_locator("#map").locator(".leaflet-container").wait_for()
        assert "saved" in page.locator("#status").inner_text()

    story = review.story
    # Pick another candidate for Alexandria.
    place = next(p for p in story.places if p.candidate.name == "Alexandria")
    row = page.locator(f'tr.row[data-id="{place.id}"]')
    choice = row.locator("select.candidate").first
    picked = choice.locator("option").nth(1).get_attribute("value")
    choice.select_option(picked)
    page.fill("#why", "Alexandria, Virginia: the story is American")
    page.fill("#who", "map desk")
    map_loads(lambda: row.locator('button[data-action="place"]').first.click())

    # Drop an event.
    dropped = next(e for e in story.events if e.family == "PROTEST")
    page.fill("#why", "")
    map_loads(lambda: page.locator(f'tr.row[data-id="{dropped.id}"] '
                                   'button[data-action="drop"]').click())

    # Edit an event's date.
    edited = next(e for e in review.story.events if e.family == "AID")
    erow = page.locator(f'tr.row[data-id="{edited.id}"]')
    erow.locator("input.date").fill("2023-05-24")
    map_loads(lambda: erow.locator('button[data-action="event"]').click())

    text = (folder / "geomap.corrections.toml").read_text(encoding="utf-8")
    assert text.startswith(STALE)  # the desk's comment and entry kept as they were
    data = tomllib.loads(text)
    candidate = story.gazetteer.get(picked)
    assert candidate is not None
    assert data["place"] == [{"name": place.mentions[0].name,
                              **({"geonameid": candidate.geonameid}
                                 if candidate.geonameid is not None else {"place": picked}),
                              "why": "Alexandria, Virginia: the story is American",
                              "who": "map desk", "decided": TODAY}]
    assert data["drop"][1:] == [{"event": dropped.id, "why": "reviewed in geomap review",
                                 "who": "map desk", "decided": TODAY}]
    assert data["event"][0]["id"] == edited.id
    assert data["event"][0]["date"] == dt.date(2023, 5, 24)
    assert review.version == 4  # read and redrawn after each of the three actions

    # The page shows the rebuilt story: the edit marked, the drop gone, the stale entry still
    # reported.
    erow = page.locator(f'tr.row[data-id="{edited.id}"]')
    assert "Corrected by the newsroom" in erow.inner_text()
    assert erow.locator("input.date").input_value() == "2023-05-24"
    assert page.locator(f'tr.row[data-id="{dropped.id}"]').count() == 0
    assert "event:000000000000" in page.locator("#problems").inner_text()

    # The rebuilt map and tables, as geomap build makes them from the folder.
    rebuilt = geomap.read([folder], gazetteer=review.gazetteer)
    assert any("event:000000000000" in str(p) for p in rebuilt.problems)
    events = rebuilt.events_frame.set_index("id")
    assert dropped.id not in events.index
    assert str(events.loc[edited.id, "date"]) == "2023-05-24"
    assert bool(events.loc[edited.id, "corrected"])
    places = rebuilt.places_frame
    moved = places[places["name"] == candidate.name]
    assert len(moved) == 1 and bool(moved["corrected"].iloc[0])
    assert abs(float(moved["lat"].iloc[0]) - candidate.lat) < 1e-6
    assert abs(float(moved["lon"].iloc[0]) - candidate.lon) < 1e-6
    assert dropped.id not in review.map_html
    assert "Corrected by the newsroom" in review.map_html
    frame = page.frame_locator("#map")
    assert frame.locator(".leaflet-container").count() == 1

    assert dialogs == []
    assert errors == []
    assert [u for u in requests if not u.startswith((base, "data:", "about:"))] == []
    page.close()

"""geomap review: the page, its actions and the corrections file they write (offline)."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

import geomap
from geomap.cli import main
from geomap.review import create_app
from geomap.review.app import allowed_hosts

from .conftest import write

BASE = "http://127.0.0.1:8765"
TODAY = dt.date(2024, 1, 2)
HOSTILE = "<script>alert('x')</script> <img src=x onerror=alert(1)>"

ARTICLES = {
    "a1.txt": "Governor visits Springfield after floods\n\n"
              "SPRINGFIELD, Illinois, May 22, 2023 - Governor Jane Pritzker visited "
              "Springfield on Monday to meet families displaced by the floods. "
              f"{HOSTILE} \"We will rebuild,\" she said.\n",
    "a2.txt": "Aid reaches Alexandria\n\n"
              "ALEXANDRIA, May 23, 2023 - The Red Cross delivered food aid to Alexandria on "
              "Tuesday. Protesters marched in Springfield on Wednesday.\n",
}


def make_story(folder: Path) -> Path:
    for name, text in ARTICLES.items():
        write(folder / name, text)
    return folder


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return make_story(tmp_path / "story")


@pytest.fixture
def client(folder: Path, gazetteer: geomap.Gazetteer) -> TestClient:
    return TestClient(create_app([folder], today=TODAY, gazetteer=gazetteer), base_url=BASE)


def token(client: TestClient) -> str:
    found = re.search(r'"token":"([^"]+)"', client.get("/").text)
    assert found
    return found.group(1)


def post(client: TestClient, action: str, body: dict[str, Any], **headers: str) -> Any:
    sent = {"Origin": BASE, "X-Review-Token": token(client), **headers}
    return client.post(f"/api/{action}", json=body, headers=sent)


def review(client: TestClient) -> Any:
    return client.app.state.review  # type: ignore[attr-defined]


def test_page_lists_every_item_least_certain_first(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert "script-src 'self'" in r.headers["content-security-policy"]
    story = review(client).story
    for item in (*story.places, *story.actors, *story.events):
        assert item.id in r.text
    assert "delivered food aid to Alexandria" in r.text  # an event's quote
    certainties = [float(x) for x in re.findall(r'<span class="score">([0-9.]+)</span>', r.text)]
    assert certainties == sorted(certainties)
    assert len(certainties) == len(story.places) + len(story.actors) + len(story.events)
    # Other candidates of a place, with their distance from the chosen one.
    assert re.search(r"Springfield \([^)]*\), [0-9]+ km away", r.text)


def test_map_has_its_own_policy_and_no_network(client: TestClient) -> None:
    r = client.get("/map")
    assert r.status_code == 200
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'unsafe-inline'" in csp
    assert "leaflet" in r.text.lower()
    assert not re.search(r'src="https?://|<link[^>]+href="https?://', r.text)


def test_hostile_article_text_stays_text(client: TestClient) -> None:
    for path in ("/", "/rows"):
        text = client.get(path).text
        assert "<script>alert" not in text
        assert "<img src=x" not in text
        assert "&lt;script&gt;alert(" in text


@pytest.mark.parametrize("headers", [
    {"X-Review-Token": ""},                       # no token
    {"X-Review-Token": "wrong"},                  # wrong token
    {"Origin": "http://evil.example"},            # another origin
    {"Origin": "http://127.0.0.1:9999"},          # another port is another origin
])
def test_posts_without_the_page_origin_and_token_are_refused(
        client: TestClient, folder: Path, headers: dict[str, str]) -> None:
    event = review(client).story.events[0]
    r = post(client, "drop", {"kind": "event", "id": event.id}, **headers)
    assert r.status_code == 403
    assert not (folder / "geomap.corrections.toml").exists()


def test_missing_origin_needs_a_same_origin_referer(client: TestClient, folder: Path) -> None:
    event = review(client).story.events[0]
    t = token(client)
    r = client.post("/api/drop", json={"kind": "event", "id": event.id},
                    headers={"X-Review-Token": t, "Referer": "http://evil.example/"})
    assert r.status_code == 403
    r = client.post("/api/drop", json={"kind": "event", "id": event.id},
                    headers={"X-Review-Token": t, "Referer": f"{BASE}/"})
    assert r.status_code == 200


def test_unknown_host_is_refused(client: TestClient) -> None:
    assert client.get("/", headers={"Host": "attacker.example"}).status_code == 400


def test_read_only_refuses_every_post(folder: Path, gazetteer: geomap.Gazetteer) -> None:
    c = TestClient(create_app([folder], read_only=True, gazetteer=gazetteer), base_url=BASE)
    page = c.get("/").text
    assert 'data-action="drop"' not in page
    event = review(c).story.events[0]
    for action in ("accept", "drop", "event"):
        r = c.post(f"/api/{action}", json={"kind": "event", "id": event.id},
                   headers={"Origin": BASE, "X-Review-Token": review(c).token})
        assert r.status_code == 403
    assert not (folder / "geomap.corrections.toml").exists()


def test_drop_event_writes_a_drop(client: TestClient, folder: Path) -> None:
    event = review(client).story.events[0]
    before = review(client).version
    r = post(client, "drop", {"kind": "event", "id": event.id, "why": "a headline",
                              "who": "desk"})
    assert r.status_code == 200, r.text
    assert r.json()["version"] == before + 1  # read again, map redrawn
    data = tomllib.loads((folder / "geomap.corrections.toml").read_text(encoding="utf-8"))
    assert data == {"drop": [{"event": event.id, "why": "a headline", "who": "desk",
                              "decided": TODAY}]}


def test_pick_candidate_writes_a_place(client: TestClient, folder: Path) -> None:
    story = review(client).story
    place = next(p for p in story.places if p.candidate.name == "Alexandria")
    name = place.mentions[0].name
    other = next(c for c in story.gazetteer.candidates(name) if c.id != place.candidate.id)
    r = post(client, "place", {"id": place.id, "name": name, "candidate": other.id})
    assert r.status_code == 200, r.text
    data = tomllib.loads((folder / "geomap.corrections.toml").read_text(encoding="utf-8"))
    entry = data["place"][0]
    assert entry["name"] == name
    assert entry.get("geonameid") == other.geonameid or entry.get("place") == other.id
    assert entry["why"] == "reviewed in geomap review"
    assert entry["decided"] == TODAY
    # A candidate the name does not have is refused.
    r = post(client, "place", {"id": place.id, "name": name, "candidate": "geonames:1"})
    assert r.status_code == 400


def test_edit_event_writes_an_event(client: TestClient, folder: Path) -> None:
    event = review(client).story.events[0]
    r = post(client, "event", {"id": event.id, "date": "2023-05-20", "modality": "planned",
                               "family": "VISIT"})
    assert r.status_code == 200, r.text
    data = tomllib.loads((folder / "geomap.corrections.toml").read_text(encoding="utf-8"))
    assert data["event"] == [{"id": event.id, "date": dt.date(2023, 5, 20),
                              "modality": "planned", "family": "VISIT",
                              "why": "reviewed in geomap review", "decided": TODAY}]
    assert post(client, "event", {"id": event.id, "date": "soon"}).status_code == 400
    assert post(client, "event", {"id": event.id, "modality": "rumoured"}).status_code == 400


def test_existing_comments_and_order_survive(client: TestClient, folder: Path) -> None:
    old = ("# Decisions about this story.\n\n"
           "[[place]]\nname = \"Springfield\"  # the capital\nlat = 39.80\nlon = -89.64\n"
           "precision = \"city\"\nwhy = \"the capital\"\n\n"
           "# dropped by hand\n[[drop]]\nactor = \"group:governor\"\nwhy = \"a title\"\n")
    path = folder / "geomap.corrections.toml"
    path.write_text(old, encoding="utf-8")
    event = review(client).story.events[0]
    assert post(client, "drop", {"kind": "event", "id": event.id}).status_code == 200
    text = path.read_text(encoding="utf-8")
    assert text.startswith(old)
    data = tomllib.loads(text)
    assert [d.get("actor") or d.get("event") for d in data["drop"]] == [
        "group:governor", event.id]
    assert data["place"][0]["lat"] == 39.80
    assert not list(folder.glob("*.tmp*"))


def test_accept_hides_from_to_review_only(client: TestClient, folder: Path) -> None:
    actor = review(client).story.actors[0]
    assert post(client, "accept", {"id": actor.id}).status_code == 200
    assert f'data-id="{actor.id}" data-family="" data-accepted="1"' in client.get("/rows").text
    assert not (folder / "geomap.corrections.toml").exists()


def test_write_mode_needs_a_folder(folder: Path, gazetteer: geomap.Gazetteer) -> None:
    with pytest.raises(geomap.GeomapError, match="folder"):
        create_app([folder / "a1.txt"], gazetteer=gazetteer)


def test_cli_refuses_a_remote_host_without_the_flag(folder: Path) -> None:
    result = CliRunner().invoke(main, ["review", str(folder), "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "--allow-remote" in result.output


def test_a_stale_correction_is_reported_on_the_page(folder: Path,
                                                     gazetteer: geomap.Gazetteer) -> None:
    (folder / "geomap.corrections.toml").write_text(
        '[[drop]]\nevent = "event:000000000000"\nwhy = "<b>gone</b>"\n', encoding="utf-8")
    client = TestClient(create_app([folder], today=TODAY, gazetteer=gazetteer), base_url=BASE)
    for part in (client.get("/").text, client.get("/problems").text):
        assert "[[drop]] #1 (event:000000000000)" in part
    # Every event is still there: the stale entry dropped nothing.
    assert len(review(client).story.events) > 0


def test_a_decision_shows_on_the_rebuilt_rows_and_map(client: TestClient) -> None:
    event = next(e for e in review(client).story.events if e.family == "AID")
    r = post(client, "event", {"id": event.id, "modality": "planned", "why": "<i>pledged</i>"})
    assert r.status_code == 200, r.text
    rows = client.get("/rows").text
    row = rows[rows.index(f'data-id="{event.id}"'):]
    row = row[:row.index("</tr>")]
    assert "Corrected by the newsroom: &lt;i&gt;pledged&lt;/i&gt;" in row
    assert "<i>pledged" not in client.get("/map").text
    assert review(client).story.events_frame.set_index("id").loc[event.id, "modality"] \
        == "planned"


def test_a_wildcard_bind_still_refuses_other_host_names(
        folder: Path, gazetteer: geomap.Gazetteer) -> None:
    # DNS rebinding: a page on the attacker's name, pointed at this machine, must not load.
    hosts = allowed_hosts("0.0.0.0")
    assert "*" not in hosts and "127.0.0.1" in hosts
    evil = "http://rebind.attacker.example:8765"
    c = TestClient(create_app([folder], gazetteer=gazetteer, allowed_hosts=hosts),
                   base_url=evil)
    assert c.get("/").status_code == 400


def test_the_ipv6_loopback_is_served(folder: Path, gazetteer: geomap.Gazetteer) -> None:
    c = TestClient(create_app([folder], read_only=True, gazetteer=gazetteer),
                   base_url="http://[::1]:8765")
    assert c.get("/").status_code == 200


@pytest.mark.parametrize("raw", [
    b"[" * 5000 + b"]" * 5000,                      # deep nesting
    b'{"kind": "event", "id": "ID", "why": "a\\ud800"}',  # a lone surrogate
])
def test_odd_bodies_are_refused_not_crashed(client: TestClient, folder: Path,
                                            raw: bytes) -> None:
    event = review(client).story.events[0]
    r = client.post("/api/drop", content=raw.replace(b"ID", event.id.encode()),
                    headers={"Origin": BASE, "X-Review-Token": token(client),
                             "Content-Type": "application/json"})
    assert r.status_code == 400, r.text
    assert not (folder / "geomap.corrections.toml").exists()


def test_accept_needs_an_item_of_the_story(client: TestClient) -> None:
    assert post(client, "accept", {"id": "event:000000000000"}).status_code == 400


def test_a_windows_file_keeps_its_line_endings(client: TestClient, folder: Path) -> None:
    path = folder / "geomap.corrections.toml"
    old = b"# by hand\r\n[[drop]]\r\nactor = \"group:governor\"\r\nwhy = \"a title\"\r\n"
    path.write_bytes(old)
    event = review(client).story.events[0]
    assert post(client, "drop", {"kind": "event", "id": event.id}).status_code == 200
    data = path.read_bytes()
    assert data.startswith(old) and b"\n" not in data.replace(b"\r\n", b"")
    assert len(tomllib.loads(data.decode())["drop"]) == 2

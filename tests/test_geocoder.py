"""Online geocoding against a fake Nominatim on 127.0.0.1: retries, fallback, cache, bad answers."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from geopy.adapters import RequestsAdapter
from geopy.geocoders import Nominatim

import geomap
from geomap.geocoder import GeopyResolver
from geomap.model import Article

LIMA = [{"lat": "-12.0464", "lon": "-77.0428", "display_name": "Lima, Peru"}]


class FakeNominatim:
    """Answers /search with a script of behaviours, one per request, then the last one."""

    def __init__(self) -> None:
        self.script: list[str] = ["ok"]
        self.requests: list[str] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                query = parse_qs(urlparse(self.path).query).get("q", [""])[0]
                fake.requests.append(query)
                step = fake.script.pop(0) if len(fake.script) > 1 else fake.script[0]
                if step == "slow":
                    time.sleep(1.0)
                    step = "ok"
                if step in ("429", "503", "500"):
                    self.send_response(int(step))
                    self.end_headers()
                    return
                body = {"ok": json.dumps(LIMA), "empty": "[]", "garbage": "<html>oops",
                        "bad-coords": json.dumps([{"lat": "north", "lon": "-77",
                                                   "display_name": "Lima"}]),
                        "out-of-range": json.dumps([{"lat": "123", "lon": "-77",
                                                     "display_name": "Lima"}])}[step]
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(body.encode())
                except OSError:
                    pass  # the client gave up waiting (the "slow" step)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def geocoder(self) -> Nominatim:
        host, port = self.server.server_address[:2]
        # No retries inside the HTTP adapter: every retry is geomap's, and visible.
        return Nominatim(user_agent="geomap-tests", domain=f"{host}:{port}", scheme="http",
                         timeout=0.3, adapter_factory=lambda proxies, ssl_context:
                         RequestsAdapter(proxies=proxies, ssl_context=ssl_context,
                                         max_retries=0))


@pytest.fixture
def fake() -> Iterator[FakeNominatim]:
    server = FakeNominatim()
    yield server
    server.server.shutdown()
    server.server.server_close()
    server.thread.join()


def resolver(fake: FakeNominatim, gazetteer: geomap.Gazetteer, tmp_path: Path,
             waits: list[float] | None = None) -> GeopyResolver:
    return GeopyResolver(fake.geocoder(), min_delay_seconds=0, cache_path=tmp_path / "c.json",
                         fallback=geomap.GazetteerResolver(gazetteer), max_retries=2,
                         backoff_seconds=0.01,
                         sleep=(waits.append if waits is not None else lambda s: None))


ARTICLE = Article("a", "Floods hit Lima on Monday.")


def lima(story: geomap.Story) -> Any:
    return next(r for r in story.resolutions if r.mention.text == "Lima")


@pytest.mark.parametrize("failure", ["429", "503", "slow"])
def test_transient_failures_are_retried_with_backoff(
        fake: FakeNominatim, gazetteer: geomap.Gazetteer, tmp_path: Path, failure: str) -> None:
    fake.script = [failure, failure, "ok"]
    waits: list[float] = []
    story = geomap.story_from_articles([ARTICLE], gazetteer=gazetteer,
                                       resolver=resolver(fake, gazetteer, tmp_path, waits))
    res = lima(story)
    assert res.candidate is not None and res.candidate.source == "geocoder Nominatim"
    assert res.candidate.name == "Lima, Peru"
    assert len(fake.requests) == 3
    assert waits == [0.01, 0.02]  # exponential backoff


def test_when_retries_run_out_the_gazetteer_answers_and_says_so(
        fake: FakeNominatim, gazetteer: geomap.Gazetteer, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    fake.script = ["503"]
    res_ = resolver(fake, gazetteer, tmp_path)
    story = geomap.story_from_articles([ARTICLE], gazetteer=gazetteer, resolver=res_)
    res = lima(story)
    assert res.candidate is not None and res.candidate.countrycode == "PE"  # the gazetteer's
    assert "geocoder Nominatim failed" in res.reason and "after 2 retries" in res.reason
    assert res_.fallbacks == ["Lima"]
    assert "used the embedded gazetteer" in caplog.text
    assert len(fake.requests) == 3
    # A failure is not cached: the next run asks again.
    assert not (tmp_path / "c.json").exists()


@pytest.mark.filterwarnings("ignore:Latitude normalization:UserWarning")
@pytest.mark.parametrize("answer", ["garbage", "bad-coords", "out-of-range"])
def test_a_malformed_answer_never_crashes_a_build(
        fake: FakeNominatim, gazetteer: geomap.Gazetteer, tmp_path: Path, answer: str) -> None:
    fake.script = [answer]
    story = geomap.story_from_articles([ARTICLE], gazetteer=gazetteer,
                                       resolver=resolver(fake, gazetteer, tmp_path))
    res = lima(story)
    assert res.candidate is not None and res.candidate.countrycode == "PE"
    assert "failed" in res.reason
    geomap.save_map(geomap.build_map(story, tiles=None), tmp_path / "m.html")


def test_answers_are_cached_on_disk_so_a_second_run_asks_nothing(
        fake: FakeNominatim, gazetteer: geomap.Gazetteer, tmp_path: Path) -> None:
    fake.script = ["ok"]
    first = geomap.story_from_articles([ARTICLE], gazetteer=gazetteer,
                                       resolver=resolver(fake, gazetteer, tmp_path))
    assert len(fake.requests) == 1
    second = geomap.story_from_articles([ARTICLE], gazetteer=gazetteer,
                                        resolver=resolver(fake, gazetteer, tmp_path))
    assert len(fake.requests) == 1
    assert lima(first).candidate == lima(second).candidate


def test_found_nothing_is_an_answer_and_is_cached(
        fake: FakeNominatim, gazetteer: geomap.Gazetteer, tmp_path: Path) -> None:
    fake.script = ["empty"]
    for _ in range(2):
        story = geomap.story_from_articles([ARTICLE], gazetteer=gazetteer,
                                           resolver=resolver(fake, gazetteer, tmp_path))
        assert lima(story).candidate is None and "found nothing" in lima(story).reason
    assert len(fake.requests) == 1


def test_a_corrupt_cache_file_is_set_aside(
        fake: FakeNominatim, gazetteer: geomap.Gazetteer, tmp_path: Path) -> None:
    (tmp_path / "c.json").write_text("{not json", encoding="utf-8")
    story = geomap.story_from_articles([ARTICLE], gazetteer=gazetteer,
                                       resolver=resolver(fake, gazetteer, tmp_path))
    assert lima(story).candidate is not None
    assert json.loads((tmp_path / "c.json").read_text())  # rewritten, valid


@pytest.mark.parametrize("entry", [
    {"name": "Lima", "lat": float("nan"), "lon": 0.0},
    {"name": "Lima", "lat": 1e308, "lon": 0.0},
    {"name": "Lima", "lat": "-12", "lon": "-77"},
    {"name": ["<script>"], "lat": 1, "lon": 2},
    {"name": "Lima", "lat": True, "lon": 2},
    {"name": "Lima", "lat": 1, "lon": 2, "extra": "x"},
    "Lima",
    [1, 2],
])
def test_a_tampered_cache_entry_is_asked_again_not_mapped(
        fake: FakeNominatim, gazetteer: geomap.Gazetteer, tmp_path: Path, entry: Any,
        caplog: pytest.LogCaptureFixture) -> None:
    # json.dumps writes NaN as a bare token, as a careless or hostile editor might.
    (tmp_path / "c.json").write_text(json.dumps({"lima": entry}), encoding="utf-8")
    story = geomap.story_from_articles([ARTICLE], gazetteer=gazetteer,
                                       resolver=resolver(fake, gazetteer, tmp_path))
    assert lima(story).candidate is not None and lima(story).candidate.name == "Lima, Peru"
    assert len(fake.requests) == 1
    assert "malformed geocoder cache entries ignored" in caplog.text


def test_two_answers_with_one_address_stay_two_places(
        fake: FakeNominatim, gazetteer: geomap.Gazetteer, tmp_path: Path) -> None:
    (tmp_path / "c.json").write_text(json.dumps({
        "lima": {"name": "Springfield", "lat": 1.0, "lon": 2.0},
        "callao": {"name": "Springfield", "lat": -12.0, "lon": -77.1}}), encoding="utf-8")
    story = geomap.story_from_articles([Article("a", "Floods hit Lima and Callao.")],
                                       gazetteer=gazetteer,
                                       resolver=resolver(fake, gazetteer, tmp_path))
    coords = {(p.candidate.lat, p.candidate.lon) for p in story.places}
    assert {(1.0, 2.0), (-12.0, -77.1)} <= coords
    assert not fake.requests


def test_cli_uses_the_online_geocoder_and_reports_fallbacks(
        fake: FakeNominatim, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from geomap import cli

    host, port = fake.server.server_address[:2]
    fake.script = ["503"]
    real = Nominatim

    def pointed(**kwargs: Any) -> Nominatim:
        return real(domain=f"{host}:{port}", scheme="http", timeout=0.3, **kwargs)

    monkeypatch.setattr("geopy.geocoders.get_geocoder_for_service", lambda name: pointed)
    monkeypatch.setattr("geomap.geocoder.time.sleep", lambda seconds: None)  # no real backoff
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE.text, encoding="utf-8")
    result = CliRunner().invoke(cli.main, [
        "build", str(article), "--out", str(tmp_path / "out"), "--layer", "places",
        "--geocoder", "nominatim", "--min-delay", "0", "--geocoder-cache",
        str(tmp_path / "cache.json")])
    assert result.exit_code == 0, result.output
    assert "failed for 'Lima'" in result.stderr and "embedded gazetteer" in result.stderr

from __future__ import annotations

from pathlib import Path
from typing import Any

from geopy.location import Location

import geomap
from geomap.model import Article
from geomap.resolve import GazetteerResolver, GeopyResolver


class FakeGeocoder:
    """A predictable stand-in for a geopy geocoder: counts calls, knows two names."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def geocode(self, query: str, *, exactly_one: bool = True, **_: Any) -> Location | None:
        self.calls.append(query)
        known = {"Lima": (-12.04, -77.03), "Quito": (-0.22, -78.51)}
        if query not in known:
            return None
        return Location(f"{query}, somewhere", known[query], {})


def test_city_state_pattern_picks_the_right_namesake(gazetteer: geomap.Gazetteer) -> None:
    art = Article("a", "Flooding closed roads in Alexandria, Louisiana, and in Paris, Texas.")
    story = geomap.story_from_articles([art], gazetteer=gazetteer)
    got = {r.mention.text: r.candidate for r in story.resolutions if r.candidate}
    assert got["Alexandria"].admin1 == "LA" and got["Alexandria"].countrycode == "US"
    assert got["Paris"].admin1 == "TX"
    assert "followed by ', Louisiana'" in next(
        r.reason for r in story.resolutions if r.mention.text == "Alexandria")


def test_every_mention_gets_a_score_precision_and_reason(story: geomap.Story) -> None:
    for r in story.resolutions:
        if r.candidate is None:
            assert r.reason
            continue
        assert 0 < r.score <= 1
        assert r.candidate.precision
        assert r.reason


def test_geopy_geocoder_is_rate_limited_cached_and_not_found_is_none(tmp_path: Path,
                                                                      gazetteer: geomap.Gazetteer
                                                                      ) -> None:
    art = Article("a", "Talks moved from Lima to Quito, then back to Lima. Nothing in Atlantis.")
    fake = FakeGeocoder()
    cache = tmp_path / "geocache.json"
    resolver = GeopyResolver(fake, min_delay_seconds=0, cache_path=cache)
    story = geomap.story_from_articles([art], gazetteer=gazetteer, resolver=resolver)
    lima = [r for r in story.resolutions if r.mention.text == "Lima"]
    assert len(lima) == 2 and all(r.candidate and r.candidate.lat == -12.04 for r in lima)
    assert fake.calls.count("Lima") == 1  # cached within the run
    atlantis = [r for r in story.resolutions if r.mention.text == "Atlantis"]
    assert all(r.candidate is None and "found nothing" in r.reason for r in atlantis)
    # A second run reads the disk cache and asks nothing.
    again = FakeGeocoder()
    geomap.story_from_articles([art], gazetteer=gazetteer,
                               resolver=GeopyResolver(again, min_delay_seconds=0,
                                                      cache_path=cache))
    assert again.calls == []


def test_gazetteer_resolver_satisfies_the_protocol(gazetteer: geomap.Gazetteer) -> None:
    assert isinstance(GazetteerResolver(gazetteer), geomap.Resolver)
    assert isinstance(GeopyResolver(FakeGeocoder()), geomap.Resolver)


def test_kind_nouns_and_lists_choose_the_kind_of_place(gazetteer: geomap.Gazetteer) -> None:
    from geomap.extract.places import find_toponyms
    from geomap.extract.sentences import split_sentences

    text = ("A cow from a Washington state farm was sick. Cases rose in Ohio, Oklahoma, "
            "Oregon and Utah.")
    art = Article("k", text)
    mentions, _ = find_toponyms(art, split_sentences(text), gazetteer)
    by_name = {r.mention.text: r for r in GazetteerResolver(gazetteer).resolve(art, mentions)}
    assert by_name["Washington"].candidate.admin1 == "WA"
    assert by_name["Washington"].candidate.kind == "admin1"
    assert by_name["Oregon"].candidate.kind == "admin1"


def test_nearby_places_choose_among_namesakes(gazetteer: geomap.Gazetteer) -> None:
    from geomap.extract.places import find_toponyms
    from geomap.extract.sentences import split_sentences

    text = "Voters in Columbus and Phenix City waited in line on Tuesday."
    art = Article("n", text)
    mentions, _ = find_toponyms(art, split_sentences(text), gazetteer)
    res = GazetteerResolver(gazetteer).resolve(art, mentions)
    columbus = next(r for r in res if r.mention.text == "Columbus")
    assert (columbus.candidate.countrycode, columbus.candidate.admin1) == ("US", "GA")
    assert "near other places" in columbus.reason

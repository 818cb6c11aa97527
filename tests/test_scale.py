"""Scale: quotes stay bounded, lookups stay right, merging keeps its rule at any size.

No timings here (``benchmarks/hostile_scale.py`` measures time and memory): these tests pin
what a user would see if the linear-time machinery went wrong.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Sequence
from dataclasses import replace

import pytest

import geomap
from geomap import merge
from geomap.extract.sentences import split_sentences
from geomap.model import QUOTE_CHARS, Article, Event, Evidence, Participant, excerpt
from geomap.story import Story, story_from_articles
from geomap.tables import features, write_table

# A window is at most QUOTE_CHARS characters plus "… " and " …".
BOUND = QUOTE_CHARS + 4

FILLER = "and the rain kept falling on the hills while the river rose slowly "


def _long_sentence(size: int, names: Sequence[str], every: int) -> str:
    """One sentence of about ``size`` characters, naming a place every ``every`` fillers."""
    parts, total, i = [], 0, 0
    while total < size:
        part = FILLER if i % every else f"troops moved to {names[(i // every) % len(names)]} "
        parts.append(part)
        total += len(part)
        i += 1
    return "Officials said " + "".join(parts).strip() + "."


@pytest.fixture(scope="module")
def long_story(gazetteer: geomap.Gazetteer) -> Story:
    """One article: one 100 KB sentence naming Quito at its start, middle and end."""
    body = _long_sentence(100_000, ["Quito"], 700)
    text = body[:-1] + " and troops moved to Quito."
    return story_from_articles([Article("long", text, outlet="Wire")], gazetteer=gazetteer)


def test_a_mention_in_a_100_kb_sentence_is_quoted_around_it(long_story: Story) -> None:
    (quito,) = [p for p in long_story.places if p.candidate.name == "Quito"]
    text = long_story.article("long").text
    assert len(quito.mentions) >= 3
    for m in quito.mentions:
        assert text[m.start:m.end] == m.text == "Quito"  # the exact span stays traceable
        quote = long_story.quote(m.article_id, m.sentence, m.start, m.end)
        assert len(quote) <= BOUND and "Quito" in quote
        # Cut where the sentence goes on, shown with "…"; whole where it ends.
        sentence = long_story.sentences["long"][m.sentence]
        assert quote.startswith("…") == (m.start - sentence.start > QUOTE_CHARS // 2)
        assert quote.endswith("…") == (sentence.end - m.end > QUOTE_CHARS // 2)
    # The places table quotes each mention the same way.
    (row,) = [props for props, _ in features(long_story, "places") if props["name"] == "Quito"]
    assert all(len(q["quote"]) <= BOUND and "Quito" in q["quote"] for q in row["mentions"])


def test_event_evidence_in_a_long_sentence_is_a_window_around_its_trigger(
        long_story: Story) -> None:
    text = long_story.article("long").text
    assert long_story.events
    for event in long_story.events:
        for ev in event.evidence:
            assert len(ev.quote) <= BOUND and event.trigger in ev.quote
            # The evidence still spans the whole sentence it was read in.
            assert text[ev.start:ev.end] == long_story.sentences["long"][ev.sentence].text


def test_short_sentences_are_quoted_whole(story: Story) -> None:
    for place in story.places:
        for m in place.mentions:
            whole = story.sentences[m.article_id][m.sentence].text
            assert story.quote(m.article_id, m.sentence, m.start, m.end) == whole
    for event in story.events:
        for ev in event.evidence:
            assert ev.quote == story.sentences[ev.article_id][ev.sentence].text


@pytest.mark.parametrize(("start", "end"), [(None, None), (0, 5), (4995, 5000), (2000, 3500)])
def test_an_excerpt_is_bounded_and_holds_its_span(start: int | None, end: int | None) -> None:
    words = " ".join(f"w{i:04d}" for i in range(1000))  # 5,999 characters
    quote = excerpt(words, start, end)
    assert len(quote) <= BOUND
    kept = words[start or 0:end if end is not None else 0]
    assert kept[:QUOTE_CHARS].strip() in quote


def test_every_article_of_a_large_story_is_found_by_id(gazetteer: geomap.Gazetteer) -> None:
    articles = tuple(Article(f"a{i}", f"Story number {i}.", sections=()) for i in range(20_000))
    twice = Article("a7", "A second article with a repeated id.", sections=())
    big = Story(name="big", articles=(*articles, twice), sentences={}, resolutions=(),
                rejected=(), places=(), actors=(), times=(), events=(), gazetteer=gazetteer)
    assert all(big.article(a.id) is a for a in articles)  # the first of a repeated id
    with pytest.raises(KeyError):
        big.article("missing")


def test_every_place_and_actor_is_found_by_id(story: Story) -> None:
    assert all(story.place(p.id) is p for p in story.places)
    assert all(story.actor(a.id) is a for a in story.actors)
    assert story.place("nowhere") is None and story.actor("nobody") is None


def test_the_places_table_of_an_80_kb_sentence_stays_small(
        gazetteer: geomap.Gazetteer) -> None:
    cities = ["Quito", "Nairobi", "Vilnius", "Manila", "Hanoi", "Accra", "Dakar", "Oslo"]
    text = _long_sentence(80_000, cities, 1)  # a place named about every 25 characters
    one = story_from_articles([Article("one", text)], gazetteer=gazetteer, name="one")
    out = write_table(one, "places", "geojson", None)
    assert out is not None
    rows = json.loads(out)["features"]
    mentions = [m for row in rows for m in row["properties"]["mentions"]]
    assert len(mentions) >= 2_000  # every mention is kept …
    assert len(out.encode()) < 3_000_000  # … and the file stays a few MB, not hundreds
    assert all(text[m["start"]:m["end"]] == m["text"] and m["text"] in m["quote"]
               for m in mentions)


def test_a_run_of_capitals_before_a_title_is_not_one_long_title(
        gazetteer: geomap.Gazetteer) -> None:
    run = " ".join(["Paris", "Lyon", "Berlin", "Madrid"] * 250)
    text = f"{run} Gen. Ana Ruiz visited Quito. Later, Ruiz met officials."
    one = story_from_articles([Article("run", text)], gazetteer=gazetteer)
    (ruiz,) = [a for a in one.actors if a.kind == "person" and a.name.endswith("Ruiz")]
    assert all(len(title.split()) <= 7 for title in ruiz.titles)
    assert all(len((m.title or "").split()) <= 7 for m in ruiz.mentions)


def test_a_paragraph_of_many_sentences_splits_at_each_full_stop_but_abbreviations() -> None:
    sentences = split_sentences("Gen. Ann Lee visited Lima. " * 20_000)
    assert len(sentences) == 20_000
    assert {s.text for s in sentences} == {"Gen. Ann Lee visited Lima."}


# --- merging: the indexed clustering against the pairwise rule -------------------------

PLACES = ["geomap:darien-gap", "geonames:3703430", "geonames:3686110", "geomap:bajo-chiquito",
          "geonames:3699980", "geonames:3652462", "geonames:3932488", "geonames:3673974",
          "geonames:3687480", "geonames:3704327", "geonames:3703443"]
ACTORS = ["person:a", "person:b", "person:c", "org:x", "country:PA"]
PRECISIONS = ["day", "day", "day", "week", "month", "year"]


def _random_events(rng: random.Random, n: int) -> list[Event]:
    events = []
    for i in range(n):
        day = dt.date(2023, 5, 1) + dt.timedelta(days=rng.randrange(60))
        dated = rng.random() < 0.7
        places = tuple(rng.sample(PLACES, rng.choice([0, 1, 1, 1, 2])))
        parts = tuple(dict.fromkeys(
            Participant(a, rng.choice(["agent", "agent", "counterpart", "reporter"]))
            for a in rng.sample(ACTORS, rng.choice([0, 1, 1, 2, 3]))))
        code = rng.choice(["042", "042", "057", "040"])
        events.append(Event(
            id=f"e{i}", code=code, label=code, modality=rng.choice(["occurred", "proposed"]),
            participants=parts, place_ids=places, date=day if dated else None,
            date_precision=rng.choice(PRECISIONS) if dated else None,  # type: ignore[arg-type]
            evidence=(Evidence(f"a{i}", 0, 0, 1, "x"),), trigger="t"))
    return events


def _pairwise_merge(events: Sequence[Event], geometry: merge.Geometry) -> tuple[Event, ...]:
    """The merging rule as first written: every pair compared (quadratic), kept as an oracle."""
    places = merge._Places(geometry, (pid for e in events for pid in e.place_ids))

    def overlap(a: Sequence[str], b: Sequence[str]) -> bool:
        return bool(a and b) and (bool(set(a) & set(b)) or any(
            places._pair(x, y) for x in a for y in b))

    def same(a: Event, b: Event, dates: bool = True) -> bool:
        if a.code != b.code or a.modality != b.modality or (
                dates and not merge._dates_agree(a, b)):
            return False
        if merge.told_apart_by_agents(a.code):
            agents_a, agents_b = merge._agents(a), merge._agents(b)
            if agents_a and agents_b and not agents_a & agents_b:
                return False
        if not a.place_ids and not b.place_ids:
            return bool(merge._actors(a) & merge._actors(b))
        return overlap(a.place_ids, b.place_ids)

    def clusters(items: list[Event]) -> list[list[Event]]:
        parent = list(range(len(items)))

        def find(i: int) -> int:
            while parent[i] != i:
                i = parent[i]
            return i

        for i in range(len(items)):
            for j in range(i + 1, len(items)):
                if find(i) != find(j) and same(items[i], items[j]):
                    parent[find(j)] = find(i)
        groups: dict[int, list[Event]] = {}
        for i, e in enumerate(items):
            groups.setdefault(find(i), []).append(e)
        return list(groups.values())

    def fits_placeless(a: Event, b: Event) -> bool:
        if a.date is not None and b.date is not None and not merge._dates_agree(a, b):
            return False
        if merge.told_apart_by_agents(a.code):
            return bool(merge._agents(a) & merge._agents(b))
        return True

    merged: list[Event] = []
    kinds: dict[tuple[str, str], list[Event]] = {}
    for e in merge._identical_joined(events):
        # A telling is at the most specific of its places (a town, not its country too).
        e = replace(e, place_ids=tuple(p for p in e.place_ids if not any(
            places.holds(p, o) for o in e.place_ids if o != p)))
        kinds.setdefault((e.code, e.modality), []).append(e)
    for _, group in sorted(kinds.items()):
        dated = clusters([e for e in group if e.date is not None])
        for cluster in clusters([e for e in group if e.date is None]):
            fits = [d for d in dated if any(same(u, x, dates=False) for u in cluster for x in d)]
            if len(fits) == 1:
                fits[0].extend(cluster)
            else:
                dated.append(cluster)
        placed = [c for c in dated if any(e.place_ids for e in c)]
        for cluster in [c for c in dated if not any(e.place_ids for e in c)]:
            # An undated telling of a cluster that has a dated one does not fit every date.
            fits = [c for c in placed if any(
                fits_placeless(u, x) for u in cluster for x in c
                if x.date is not None or not any(y.date is not None for y in c))]
            if len(fits) == 1:
                fits[0].extend(cluster)
                dated.remove(cluster)
        merged.extend(merge._join(c, places) for c in dated)
    return tuple(sorted(merged, key=lambda e: (
        e.date.isoformat() if e.date else "9999", e.code, e.id)))


@pytest.mark.parametrize("seed", range(6))
def test_merging_many_tellings_follows_the_pairwise_rule(seed: int,
                                                         seed_gazetteer: geomap.Gazetteer) -> None:
    gazetteer = seed_gazetteer  # its events happen in the seed pack's Darién Gap
    events = _random_events(random.Random(seed), 400)
    merged = merge.merge_events(events, gazetteer.geometry)
    assert merged == _pairwise_merge(events, gazetteer.geometry)
    assert len(merged) < len(events)  # there was merging to do
    told = sorted(ev.article_id for e in merged for ev in e.evidence)
    assert told == sorted(f"a{i}" for i in range(len(events)))  # every source kept


def test_a_placeless_telling_fits_through_one_that_joined_before(
        seed_gazetteer: geomap.Gazetteer) -> None:
    gazetteer = seed_gazetteer  # its events happen in the seed pack's Darién Gap
    def visit(i: int, agents: Sequence[str], day: int | None, place: str | None) -> Event:
        return Event(id=f"v{i}", code="042", label="Make a visit", modality="occurred",
                     participants=tuple(Participant(a, "agent") for a in agents),
                     place_ids=(place,) if place else (),
                     date=dt.date(2023, 5, day) if day else None,
                     date_precision="day" if day else None,
                     evidence=(Evidence(f"a{i}", 0, 0, 1, "x"),), trigger="visited")

    events = [visit(0, ["person:b"], 10, "geomap:darien-gap"),  # B visits the Gap
              visit(1, ["person:a", "person:b"], 10, None),  # A and B visit, no place
              visit(2, ["person:a", "person:c"], 20, None),  # A and C, ten days later
              visit(3, ["person:a"], None, None)]  # A visits: undated, no place
    merged = merge.merge_events(events, gazetteer.geometry)
    assert merged == _pairwise_merge(events, gazetteer.geometry)
    # A's undated visit is the Gap visit, which A joined through the second telling.
    gap = next(e for e in merged if e.place_ids)
    assert {ev.article_id for ev in gap.evidence} == {"a0", "a1", "a3"}

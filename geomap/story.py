"""Join the extracted facts into a story: places, actors, events, with every source kept.

:func:`read` runs ingest → extract → resolve → merge and returns a :class:`Story`; its
tables are GeoDataFrames in EPSG:4326, and :func:`export` writes them as GeoJSON and CSV.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import geopandas as gpd

from . import coords
from .extract.actors import extract_actors
from .extract.events import extract_events
from .extract.places import Rejected
from .extract.sentences import split_sentences
from .extract.time import extract_times
from .gazetteer import Gazetteer, load, normalize
from .geoparse import geoparse_article
from .ingest import read_articles
from .model import Actor, Article, Event, Place, Resolution, Sentence, TimeExpression
from .resolve import GazetteerResolver, Resolver

__all__ = ["Story", "export", "read", "story_from_articles"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, eq=False)
class Story:
    """Everything geomap knows about a set of articles, joined."""

    name: str
    articles: tuple[Article, ...]
    sentences: dict[str, list[Sentence]]
    resolutions: tuple[Resolution, ...]
    rejected: tuple[Rejected, ...]
    places: tuple[Place, ...]
    actors: tuple[Actor, ...]
    times: tuple[TimeExpression, ...]
    events: tuple[Event, ...]
    gazetteer: Gazetteer = field(repr=False)

    def article(self, article_id: str) -> Article:
        """Return the article with this id."""
        return next(a for a in self.articles if a.id == article_id)

    def place(self, place_id: str) -> Place | None:
        """Return the place with this id, or ``None``."""
        return next((p for p in self.places if p.id == place_id), None)

    def actor(self, actor_id: str) -> Actor | None:
        """Return the actor with this id, or ``None``."""
        return next((a for a in self.actors if a.id == actor_id), None)

    def quote(self, article_id: str, sentence: int) -> str:
        """Return the text of one sentence of one article."""
        return self.sentences[article_id][sentence].text

    @property
    def places_frame(self) -> gpd.GeoDataFrame:
        """The places, one row each, with every mention (EPSG:4326)."""
        return _frame([_place_feature(self, p) for p in self.places])

    @property
    def events_frame(self) -> gpd.GeoDataFrame:
        """The events, one row each, located at their first place (EPSG:4326)."""
        return _frame([_event_feature(self, e) for e in self.events])


def _frame(features: list[dict[str, Any]]) -> gpd.GeoDataFrame:
    if not features:
        return gpd.GeoDataFrame({"geometry": []}, geometry="geometry", crs="EPSG:4326")
    rows = [{k: (json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v)
             for k, v in f["properties"].items()} for f in features]
    geoms = [coords.point(*f["_latlon"]) if f["_latlon"] else None for f in features]
    return gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4326")


def _place_feature(story: Story, place: Place) -> dict[str, Any]:
    c = place.candidate
    mentions = [{
        "article": m.article_id, "outlet": story.article(m.article_id).outlet,
        "sentence": m.sentence, "start": m.start, "end": m.end, "text": m.text,
        "section": m.section, "quote": story.quote(m.article_id, m.sentence),
    } for m in place.mentions]
    props = {
        "id": place.id, "name": c.name, "kind": c.kind, "precision": c.precision or c.kind,
        "uncertainty_km": c.uncertainty_km, "lat": c.lat, "lon": c.lon,
        "countrycode": c.countrycode, "geonameid": c.geonameid, "population": c.population,
        "score": place.score, "reason": place.reason, "source": c.source,
        "n_mentions": len(mentions),
        "only_in_related_links": place.only_in_related_links,
        "mentions": mentions,
    }
    return {"properties": props, "_latlon": (c.lat, c.lon)}


def _event_feature(story: Story, event: Event) -> dict[str, Any]:
    first = story.place(event.place_ids[0]) if event.place_ids else None
    props = {
        "id": event.id, "code": event.code, "label": event.label, "modality": event.modality,
        "date": event.date.isoformat() if event.date else None,
        "date_precision": event.date_precision,
        "actors": [{"id": p.actor_id, "role": p.role,
                    "name": a.name if (a := story.actor(p.actor_id)) else p.actor_id}
                   for p in event.participants],
        "places": [{"id": pid, "name": pl.candidate.name if (pl := story.place(pid)) else pid}
                   for pid in event.place_ids],
        "trigger": event.trigger,
        "evidence": [{"article": ev.article_id, "outlet": story.article(ev.article_id).outlet,
                      "sentence": ev.sentence, "start": ev.start, "end": ev.end,
                      "quote": ev.quote} for ev in event.evidence],
    }
    latlon = (first.candidate.lat, first.candidate.lon) if first else None
    return {"properties": props, "_latlon": latlon}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalize(text)).strip("-") or "story"


def _story_name(places: Iterable[Place]) -> str:
    """Name a story after its most-mentioned place below country level."""
    ranked = sorted(
        (p for p in places if p.candidate.kind not in ("country", "continent")
         and not p.only_in_related_links),
        key=lambda p: (-len(p.mentions), p.candidate.name))
    return _slug(ranked[0].candidate.name) if ranked else "story"


def _merge_events(events: list[Event]) -> tuple[Event, ...]:
    """Join the same event told by several articles: same type, places, date and modality."""
    merged: dict[tuple[Any, ...], Event] = {}
    for e in events:
        key = (e.code, frozenset(e.place_ids), e.date, e.modality)
        if key not in merged:
            merged[key] = e
            continue
        prior = merged[key]
        merged[key] = replace(
            prior,
            participants=tuple(dict.fromkeys(prior.participants + e.participants)),
            evidence=prior.evidence + e.evidence,
        )
    return tuple(sorted(merged.values(), key=lambda e: (
        e.date.isoformat() if e.date else "9999", e.code, e.id)))


def story_from_articles(articles: list[Article], *, gazetteer: Gazetteer | None = None,
                        resolver: Resolver | None = None, name: str | None = None) -> Story:
    """Run extraction, resolution and merging over already-read articles.

    Parameters
    ----------
    articles
        Articles from :func:`geomap.ingest.read_articles` or built by hand.
    gazetteer
        The gazetteer for recognition and geometries (the embedded one by default).
    resolver
        How to resolve toponyms; :class:`~geomap.resolve.GazetteerResolver` by default.
    name
        The story's name (its file names); derived from its main place when ``None``.
    """
    gaz = gazetteer or load()
    resolver = resolver or GazetteerResolver(gaz)
    sentences = {a.id: split_sentences(a.text) for a in articles}
    per_article: dict[str, tuple[list[Resolution], list[TimeExpression]]] = {}
    rejected: list[Rejected] = []
    for art in articles:
        found, dropped = geoparse_article(art, sentences[art.id], gaz, resolver)
        per_article[art.id] = (found, extract_times(art, sentences[art.id]))
        rejected.extend(dropped)
    resolutions = [r for found, _ in per_article.values() for r in found]
    times = [t for _, found_times in per_article.values() for t in found_times]
    actors = extract_actors(articles, sentences)
    events: list[Event] = []
    for art in articles:
        found, found_times = per_article[art.id]
        events.extend(extract_events(art, sentences[art.id], found, actors, found_times))
    places = _group_places(resolutions)
    for r in resolutions:
        if r.candidate is None:
            log.warning("%s: %r unresolved: %s", r.mention.article_id, r.mention.text, r.reason)
    return Story(
        name=name or _story_name(places), articles=tuple(articles), sentences=sentences,
        resolutions=tuple(resolutions), rejected=tuple(rejected), places=places,
        actors=tuple(actors), times=tuple(times), events=_merge_events(events), gazetteer=gaz,
    )


def _group_places(resolutions: list[Resolution]) -> tuple[Place, ...]:
    by_id: dict[str, list[Resolution]] = {}
    for r in resolutions:
        if r.candidate is not None:
            by_id.setdefault(r.candidate.id, []).append(r)
    places = []
    for pid, items in by_id.items():
        best = max(items, key=lambda r: r.score)
        places.append(Place(pid, best.candidate, tuple(r.mention for r in items),  # type: ignore[arg-type]
                            best.score, best.reason))
    return tuple(sorted(places, key=lambda p: (-len(p.mentions), p.candidate.name, p.id)))


def read(paths: str | Path | Iterable[str | Path], *, gazetteer: Gazetteer | None = None,
         resolver: Resolver | None = None, name: str | None = None) -> Story:
    """Read articles and build their story: ingest, extract, resolve and merge.

    Parameters
    ----------
    paths
        Files, folders, or ``"-"`` for JSON Lines on standard input.
    gazetteer, resolver, name
        See :func:`story_from_articles`.

    Returns
    -------
    Story

    Examples
    --------
    >>> import geomap
    >>> story = geomap.read("seeds/")  # doctest: +SKIP
    >>> story.places_frame[["name", "kind", "n_mentions"]].head(3)  # doctest: +SKIP
    """
    return story_from_articles(read_articles(paths), gazetteer=gazetteer, resolver=resolver,
                               name=name)


def _feature_collection(frame_features: list[dict[str, Any]]) -> str:
    features = [{
        "type": "Feature",
        "properties": f["properties"],
        "geometry": None if f["_latlon"] is None else {
            "type": "Point", "coordinates": [f["_latlon"][1], f["_latlon"][0]]},
    } for f in frame_features]
    return json.dumps({"type": "FeatureCollection", "features": features},
                      ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def export(story: Story, out_dir: str | Path) -> list[Path]:
    """Write the story's tables next to its map.

    Writes ``<name>.places.geojson`` (every place with every mention),
    ``<name>.events.geojson`` and ``<name>.events.csv``.

    Returns
    -------
    list of Path
        The files written.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    places = [_place_feature(story, p) for p in story.places]
    events = [_event_feature(story, e) for e in story.events]
    for suffix, feats in (("places", places), ("events", events)):
        path = out / f"{story.name}.{suffix}.geojson"
        path.write_text(_feature_collection(feats), encoding="utf-8")
        written.append(path)
    path = out / f"{story.name}.events.csv"
    frame = story.events_frame.drop(columns="geometry")
    frame.to_csv(path, index=False, lineterminator="\n")
    written.append(path)
    return written


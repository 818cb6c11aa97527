"""Join the extracted facts into a story: places, actors, events, with every source kept.

:func:`read` runs ingest → extract → resolve → merge and returns a :class:`Story`; its
tables are GeoDataFrames in EPSG:4326, and :func:`export` writes them as GeoJSON and CSV.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
from shapely.geometry.base import BaseGeometry

from . import coords
from .extract.actors import extract_actors
from .extract.events import extract_events
from .extract.places import Rejected
from .extract.sentences import split_sentences
from .extract.time import extract_times
from .gazetteer import Gazetteer, load, normalize
from .geoparse import geoparse_article
from .ingest import Problem, read_articles
from .merge import merge_events
from .model import Actor, ActorMention, Article, Event, Place, Resolution, Sentence, TimeExpression
from .resolve import GazetteerResolver, Resolver

__all__ = ["Story", "read", "story_from_articles"]

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
    problems: tuple[Problem, ...] = ()
    """What went wrong reading the inputs: files or records skipped, caveats noted."""

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
        from .tables import frame

        return frame(self, "places")

    @property
    def events_frame(self) -> gpd.GeoDataFrame:
        """The events, one row each, at their main place; no geometry if none (EPSG:4326)."""
        from .tables import frame

        return frame(self, "events")

    @property
    def actors_frame(self) -> gpd.GeoDataFrame:
        """The actors, one row each, at their curated home base if known (EPSG:4326)."""
        from .tables import frame

        return frame(self, "actors")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalize(text)).strip("-") or "story"


def _story_name(places: Iterable[Place]) -> str:
    """Name a story after its most-mentioned place below country level."""
    ranked = sorted(
        (p for p in places if p.candidate.kind not in ("country", "continent")
         and not p.only_in_related_links),
        key=lambda p: (-len(p.mentions), p.candidate.name))
    return _slug(ranked[0].candidate.name) if ranked else "story"


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
    acting: list[tuple[str, str, ActorMention]] = []
    for art in articles:
        found, found_times = per_article[art.id]
        art_events, art_countries = extract_events(art, sentences[art.id], found, actors,
                                                   found_times)
        events.extend(art_events)
        acting.extend(art_countries)
    actors = sorted([*actors, *_country_actors(acting)], key=lambda a: a.id)
    places = _group_places(resolutions)
    merged = merge_events(events, _geometry_of(gaz, places))
    for r in resolutions:
        if r.candidate is None:
            log.warning("%s: %r unresolved: %s", r.mention.article_id, r.mention.text, r.reason)
    return Story(
        name=name or _story_name(places), articles=tuple(articles), sentences=sentences,
        resolutions=tuple(resolutions), rejected=tuple(rejected), places=places,
        actors=tuple(actors), times=tuple(times), events=merged, gazetteer=gaz,
        problems=tuple(getattr(articles, "problems", ())),
    )


def _country_actors(acting: list[tuple[str, str, ActorMention]]) -> list[Actor]:
    """Countries that act in events ("Canada will not send troops"), one actor each."""
    by_id: dict[str, list[ActorMention]] = {}
    names: dict[str, str] = {}
    for actor_id, name, mention in acting:
        by_id.setdefault(actor_id, []).append(mention)
        names[actor_id] = name
    actors = []
    for actor_id, mentions in sorted(by_id.items()):
        code = actor_id.split(":", 1)[1]
        actors.append(Actor(id=actor_id, name=names[actor_id], kind="country",
                            mentions=tuple(sorted(set(mentions), key=lambda m: (
                                m.article_id, m.start))), country=code))
    return actors


def _geometry_of(gaz: Gazetteer, places: tuple[Place, ...]) -> Callable[[str], BaseGeometry]:
    """Return a place-outline lookup: the gazetteer's, else the place's point (geocoders)."""
    points = {p.id: coords.point(p.candidate.lat, p.candidate.lon) for p in places}

    def geometry(place_id: str) -> BaseGeometry:
        try:
            return gaz.geometry(place_id)
        except KeyError:
            return points[place_id]
    return geometry


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
         resolver: Resolver | None = None, name: str | None = None,
         strict: bool = False) -> Story:
    """Read articles and build their story: ingest, extract, resolve and merge.

    Parameters
    ----------
    paths
        Files, folders, or ``"-"`` for JSON Lines on standard input.
    gazetteer, resolver, name
        See :func:`story_from_articles`.
    strict
        Stop at the first bad input; by default bad inputs are skipped and listed in
        :attr:`Story.problems`.

    Returns
    -------
    Story

    Examples
    --------
    >>> import geomap
    >>> story = geomap.read("seeds/")  # doctest: +SKIP
    >>> story.places_frame[["name", "kind", "n_mentions"]].head(3)  # doctest: +SKIP
    """
    return story_from_articles(read_articles(paths, strict=strict), gazetteer=gazetteer,
                               resolver=resolver,
                               name=name)

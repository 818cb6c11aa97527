"""Join the extracted facts into a story: places, actors, events, with every source kept.

:func:`read` runs ingest → extract → resolve → merge and returns a :class:`Story`; its
tables are GeoDataFrames in EPSG:4326, and :func:`export` writes them as GeoJSON and CSV.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import geopandas as gpd
from shapely.geometry.base import BaseGeometry

from . import coords
from .corrections import (
    Corrections,
    apply_corrections,
    correct_resolutions,
    corrections_beside,
    load_corrections,
)
from .extract.actors import extract_actors
from .extract.events import extract_events
from .extract.movements import extract_movements
from .extract.places import Rejected
from .extract.sentences import split_sentences
from .extract.time import extract_times
from .files import safe_stem
from .gazetteer import Gazetteer, load, normalize
from .geoparse import geoparse_article
from .ingest import Problem, read_articles
from .merge import merge_events
from .model import (
    Actor,
    ActorMention,
    Article,
    Event,
    Movement,
    Place,
    Resolution,
    Sentence,
    TimeExpression,
    excerpt,
)
from .packs import Pack, apply_packs, load_pack, packs_beside
from .resolve import GazetteerResolver, Resolver

if TYPE_CHECKING:
    from .fetch import Fetcher, FetchOptions

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
    packs: tuple[Pack, ...] = ()
    """The story packs applied (their places are in :attr:`gazetteer`, their actors joined)."""
    movements: tuple[Movement, ...] = ()
    """Who moved from where, through where, to where, and how (see :attr:`movements_frame`)."""
    corrections: Mapping[tuple[str, str], str] = field(default_factory=dict)
    """The items a newsroom's correction changed: ``("place" | "actor" | "event", id)`` →
    the correction (its ``why``, led by ``who``); see :mod:`geomap.corrections`."""
    # Lookups by id, built once: tables and layers look up an article, place or actor for
    # every mention and event, so a linear search here made building quadratic.
    _articles: dict[str, Article] = field(init=False, repr=False, compare=False)
    _places: dict[str, Place] = field(init=False, repr=False, compare=False)
    _actors: dict[str, Actor] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_articles", _by_id(self.articles))
        object.__setattr__(self, "_places", _by_id(self.places))
        object.__setattr__(self, "_actors", _by_id(self.actors))

    def correction(self, table: str, item_id: str) -> str | None:
        """Return the newsroom's correction of an item (a place, actor or event), or None."""
        return self.corrections.get((table, item_id))

    def article(self, article_id: str) -> Article:
        """Return the article with this id.

        Raises
        ------
        KeyError
            When no article has this id.
        """
        return self._articles[article_id]

    def place(self, place_id: str) -> Place | None:
        """Return the place with this id, or ``None``."""
        return self._places.get(place_id)

    def actor(self, actor_id: str) -> Actor | None:
        """Return the actor with this id, or ``None``."""
        return self._actors.get(actor_id)

    def geometry(self, place_id: str) -> BaseGeometry:
        """Return a place's outline from the gazetteer, else its point (geocoded places).

        Raises
        ------
        KeyError
            When the story has no place with this id.
        """
        return _place_geometry(self.gazetteer, self._places[place_id])

    def quote(self, article_id: str, sentence: int, start: int | None = None,
              end: int | None = None) -> str:
        """Return one sentence of one article as a quote: whole, or a window if it is long.

        A sentence of up to :data:`~geomap.model.QUOTE_CHARS` characters is quoted whole; a
        longer one as a window around ``[start, end)`` (article offsets, the span the quote
        is for), with "…" where it is cut (:func:`~geomap.model.excerpt`). The span's exact
        offsets stay in the mention or evidence, so the full sentence can always be found.
        """
        s = self.sentences[article_id][sentence]
        return excerpt(s.text, None if start is None else start - s.start,
                       None if end is None else end - s.start)

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
    def movements_frame(self) -> gpd.GeoDataFrame:
        """The movements, one row each, at their destination (else origin); EPSG:4326.

        Columns: who, count, origin, via (JSON list, in order), destination (names and
        place ids), mode, date with its precision, modality, trigger and evidence.
        """
        from .tables import frame

        return frame(self, "movements")

    @property
    def actors_frame(self) -> gpd.GeoDataFrame:
        """The actors, one row each, at their curated home base if known (EPSG:4326)."""
        from .tables import frame

        return frame(self, "actors")


_Item = TypeVar("_Item", Article, Place, Actor)


def _by_id(items: Iterable[_Item]) -> dict[str, _Item]:
    """Index items by id; the first of a repeated id wins, as a search from the start would."""
    out: dict[str, _Item] = {}
    for item in items:
        out.setdefault(item.id, item)
    return out


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalize(text)).strip("-") or "story"


STEM_WORDS = 6
"""The most words of a headline in a story's name."""
STEM_CHARS = 60
"""The longest story name made from a headline (cut on a word boundary)."""
# Apostrophes and the dots of initials join their word: "Brazil's" → "brazils", "U.S." → "us".
_JOINED = re.compile(r"['\u2019`]|(?<=\w)\.(?=\w)")


def _headline_slug(title: str) -> str:
    """Return the slug of a headline's first words, or "" if it has no ASCII letter or digit.

    Examples
    --------
    >>> _headline_slug("Senior Biden officials push to send U.S. troops to the Darién Gap")
    'senior-biden-officials-push-to-send'
    """
    words = re.findall(r"[a-z0-9]+", normalize(_JOINED.sub("", title[:2_000])))
    slug = ""
    for word in words[:STEM_WORDS]:
        longer = f"{slug}-{word}" if slug else word
        if len(longer) > STEM_CHARS:
            break
        slug = longer
    return slug or (words[0][:STEM_CHARS] if words else "")


def _story_name(articles: Iterable[Article], places: Iterable[Place]) -> str:
    """Name a story after its main (first titled) article's headline.

    Without a headline (no article has a title, or its title has no Latin letter), after
    the story's most-mentioned place below country level; else "story".
    """
    title = next((a.title for a in articles if a.title and a.title.strip()), None)
    if title and (slug := _headline_slug(title)):
        return slug
    ranked = sorted(
        (p for p in places if p.candidate.kind not in ("country", "continent")
         and not p.only_in_related_links),
        key=lambda p: (-len(p.mentions), p.candidate.name))
    return _slug(ranked[0].candidate.name) if ranked else "story"


def story_from_articles(articles: list[Article], *, gazetteer: Gazetteer | None = None,
                        resolver: Resolver | None = None, name: str | None = None,
                        packs: Iterable[Pack] = (),
                        corrections: Corrections | None = None) -> Story:
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
        The story's name (its file names). When ``None``: the name the inputs' metadata
        gives (a folder sidecar's ``"name"``, :attr:`geomap.ingest.Articles.name`), else
        the slug of the first titled article's headline (its first
        :data:`STEM_WORDS` words, at most :data:`STEM_CHARS` characters), else the
        story's most-mentioned place. Always reduced to a safe file name
        (:func:`geomap.files.safe_stem`).
    packs
        Story packs (:func:`geomap.packs.load_pack`): their places join the gazetteer for
        this story, their actors are found by name with their records.
    corrections
        A newsroom's corrections (:func:`geomap.corrections.load_corrections`). Place
        corrections are applied to the resolutions before events are extracted, so events
        are placed where the newsroom says; drops, actors and events after merging. Entries
        that match nothing, or are malformed, are listed in :attr:`Story.problems`.
    """
    packs = tuple(packs)
    gaz, book = apply_packs(gazetteer or load(), packs)
    resolver = resolver or GazetteerResolver(gaz)
    sentences = {a.id: split_sentences(a.text) for a in articles}
    per_article: dict[str, tuple[list[Resolution], list[TimeExpression]]] = {}
    rejected: list[Rejected] = []
    # People first: a word of a person's name is no town in that article ("the Obama
    # administration" after "Barack Obama"), unless the article uses it as a place.
    actors = extract_actors(articles, sentences, book)
    people = _person_spans(actors)
    for art in articles:
        found, dropped = geoparse_article(art, sentences[art.id], gaz, resolver,
                                          people=people.get(art.id, []))
        per_article[art.id] = (found, extract_times(art, sentences[art.id]))
        rejected.extend(dropped)
    marks: dict[tuple[str, str], str] = {}
    place_problems: list[Problem] = []
    if corrections is not None:
        # Between resolution and events: an event told at a pinned place is placed there.
        fixed, marks, place_problems = correct_resolutions(
            {a: found for a, (found, _) in per_article.items()}, articles, sentences, gaz,
            corrections)
        per_article = {a: (fixed.get(a, []), t) for a, (_, t) in per_article.items()}
    resolutions = [r for found, _ in per_article.values() for r in found]
    times = [t for _, found_times in per_article.values() for t in found_times]
    events: list[Event] = []
    movements: list[Movement] = []
    acting: list[tuple[str, str, ActorMention]] = []
    in_article = _actors_by_article(actors)
    for art in articles:
        found, found_times = per_article[art.id]
        art_events, art_countries = extract_events(art, sentences[art.id], found,
                                                   in_article.get(art.id, []), found_times,
                                                   gaz.is_capital)
        events.extend(art_events)
        acting.extend(art_countries)
        # Movements read the sentences the event extractor has just parsed.
        movements.extend(extract_movements(art, sentences[art.id], found, found_times,
                                           parsed_only=True))
    actors = sorted([*actors, *_country_actors(acting)], key=lambda a: a.id)
    places = _group_places(resolutions)
    merged = merge_events(events, _geometry_of(gaz, places))
    for r in resolutions:
        if r.candidate is None:
            log.warning("%s: %r unresolved: %s", r.mention.article_id, r.mention.text, r.reason)
    story = Story(
        name=safe_stem(name or getattr(articles, "name", None)
                       or _story_name(articles, places)), articles=tuple(articles),
        sentences=sentences,
        resolutions=tuple(resolutions), rejected=tuple(rejected), places=places,
        actors=tuple(actors), times=tuple(times), events=merged, gazetteer=gaz,
        problems=tuple(getattr(articles, "problems", ())), packs=packs,
        movements=tuple(movements), corrections=marks,
    )
    if corrections is None:
        return story
    story, problems = apply_corrections(replace(story, problems=(
        *story.problems, *corrections.problems, *place_problems)), corrections,
        places_done=True)
    for problem in (*corrections.problems, *place_problems, *problems):
        log.warning("skipped %s", problem)
    return story


def _person_spans(actors: list[Actor]) -> dict[str, list[tuple[int, int]]]:
    """Return the spans of the people's names, by article."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for a in actors:
        if a.kind == "person":
            for pm in a.mentions:
                spans.setdefault(pm.article_id, []).append((pm.start, pm.end))
    return spans


def _actors_by_article(actors: list[Actor]) -> dict[str, list[Actor]]:
    """Each article's actors, holding only their mentions in that article.

    Event extraction reads one article at a time; handing it every actor of the story
    would make it scan all mentions of all articles for each one (quadratic).
    """
    held: dict[str, dict[str, list[ActorMention]]] = {}
    for a in actors:
        for m in a.mentions:
            held.setdefault(m.article_id, {}).setdefault(a.id, []).append(m)
    by_id = {a.id: a for a in actors}
    return {art: [replace(by_id[aid], mentions=tuple(ms)) for aid, ms in mine.items()]
            for art, mine in held.items()}


def _country_actors(acting: list[tuple[str, str, ActorMention]]) -> list[Actor]:
    """Countries and groups that act in events ("Canada sent troops"), one actor each."""
    by_id: dict[str, list[ActorMention]] = {}
    names: dict[str, str] = {}
    for actor_id, name, mention in acting:
        by_id.setdefault(actor_id, []).append(mention)
        names.setdefault(actor_id, name)
    actors = []
    for actor_id, mentions in sorted(by_id.items()):
        kind, code = actor_id.split(":", 1)
        actors.append(Actor(id=actor_id, name=names[actor_id],
                            kind="country" if kind == "country" else "group",
                            mentions=tuple(sorted(set(mentions), key=lambda m: (
                                m.article_id, m.start, m.end, m.text))),
                            country=code if kind == "country" else None))
    return actors


def _place_geometry(gaz: Gazetteer, place: Place) -> BaseGeometry:
    """Return a place's outline from the gazetteer, else its point (geocoded places)."""
    try:
        return gaz.geometry(place.id)
    except KeyError:
        return coords.point(place.candidate.lat, place.candidate.lon)


def _geometry_of(gaz: Gazetteer, places: tuple[Place, ...]) -> Callable[[str], BaseGeometry]:
    """Return :func:`_place_geometry` by place id, for merging (before the story exists)."""
    by_id = {p.id: p for p in places}
    return lambda place_id: _place_geometry(gaz, by_id[place_id])


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
         strict: bool = False, packs: Iterable[str | Path | Pack] | None = None,
         corrections: str | Path | Corrections | None = None,
         fetch: FetchOptions | Fetcher | None = None) -> Story:
    """Read articles and build their story: ingest, extract, resolve and merge.

    Parameters
    ----------
    paths
        Files, folders, ``"-"`` for JSON Lines on standard input, web page URLs, feed URLs
        and feed files (:func:`~geomap.ingest.read_articles`; only URLs and feeds reach the
        network).
    gazetteer, resolver, name
        See :func:`story_from_articles`.
    strict
        Stop at the first bad input; by default bad inputs are skipped and listed in
        :attr:`Story.problems`.
    packs
        Story packs to apply (folders or loaded packs). ``None``, the default, applies the
        packs found beside the inputs (a ``pack/`` folder inside a folder of articles).
    corrections
        A corrections file (or loaded :class:`~geomap.corrections.Corrections`). ``None``,
        the default, applies ``geomap.corrections.toml`` found in an input folder
        (``docs/corrections.md``).
    fetch
        How pages and feeds are fetched (:class:`~geomap.fetch.FetchOptions`, or a
        :class:`~geomap.fetch.Fetcher` to share); the defaults when ``None``.

    Returns
    -------
    Story

    Examples
    --------
    >>> import geomap
    >>> story = geomap.read("seeds/")  # doctest: +SKIP
    >>> story.places_frame[["name", "kind", "n_mentions"]].head(3)  # doctest: +SKIP
    """
    inputs = [paths] if isinstance(paths, (str, Path)) else list(paths)
    chosen = packs_beside(inputs) if packs is None else [
        p if isinstance(p, Pack) else load_pack(p) for p in packs]
    fixes = corrections_beside(inputs) if corrections is None else (
        corrections if isinstance(corrections, Corrections) else load_corrections(corrections))
    return story_from_articles(read_articles(inputs, strict=strict, fetch=fetch),
                               gazetteer=gazetteer,
                               resolver=resolver, name=name, packs=chosen, corrections=fixes)

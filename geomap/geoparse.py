"""Geoparsing: toponym recognition and resolution only, fast, one record per article.

This is the stage benchmarks measure and other tools consume: no actors or events, just every
recognised place name with its offsets and its resolution (or the reason it has none).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from .extract.places import Rejected, find_toponyms
from .extract.sentences import split_sentences
from .gazetteer import Gazetteer, load
from .model import Article, Resolution, Sentence
from .resolve import GazetteerResolver, Resolver

__all__ = ["geoparse", "geoparse_article", "toponym_record"]


def toponym_record(res: Resolution) -> dict[str, Any]:
    """Return the JSON-ready record of one resolved (or unresolved) toponym mention."""
    m, c = res.mention, res.candidate
    record: dict[str, Any] = {
        "start": m.start, "end": m.end, "name": m.text,
        "lat": c.lat if c else None, "lon": c.lon if c else None,
        "geonameid": c.geonameid if c else None,
        "kind": c.kind if c else None,
        "precision": (c.precision or c.kind) if c else None,
        "score": res.score,
    }
    if c is None:
        record["reason"] = res.reason
    else:
        record["id"] = c.id
    return record


def geoparse_article(article: Article, sentences: list[Sentence], gazetteer: Gazetteer,
                     resolver: Resolver, *, people: Sequence[tuple[int, int]] = ()
                     ) -> tuple[list[Resolution], list[Rejected]]:
    """Recognise and resolve one article's toponyms: the step every front end shares.

    ``people`` are the spans of the names of people in the article (see
    :func:`~geomap.extract.places.find_toponyms`).

    Returns
    -------
    (list of Resolution, list of Rejected)
        One resolution per recognised mention, in text order, and the gazetteer hits that
        context rejected, with their reasons.
    """
    mentions, rejected = find_toponyms(article, sentences, gazetteer, people=people)
    return resolver.resolve(article, mentions), rejected


def geoparse(articles: Iterable[Article], *, gazetteer: Gazetteer | None = None,
             resolver: Resolver | None = None) -> Iterator[dict[str, Any]]:
    """Find and resolve the toponyms of each article, in input order.

    Parameters
    ----------
    articles
        Articles to read (for example from :func:`geomap.read_articles`).
    gazetteer
        The gazetteer for recognition; the embedded one by default.
    resolver
        How to resolve; :class:`~geomap.resolve.GazetteerResolver` by default.

    Yields
    ------
    dict
        ``{"id", "toponyms": [{"start", "end", "name", "lat", "lon", "geonameid", "kind",
        "precision", "score"}, ...]}``; an unresolved mention has null coordinates and a
        ``reason``.

    Examples
    --------
    >>> from geomap.model import Article
    >>> out = next(geoparse([Article("a", "Floods hit Lima, Peru.")]))  # doctest: +SKIP
    >>> [t["name"] for t in out["toponyms"]]  # doctest: +SKIP
    ['Lima', 'Peru']
    """
    gaz = gazetteer or load()
    resolver = resolver or GazetteerResolver(gaz)
    for article in articles:
        resolutions, _ = geoparse_article(article, split_sentences(article.text), gaz, resolver)
        yield {"id": article.id, "toponyms": [toponym_record(r) for r in resolutions]}

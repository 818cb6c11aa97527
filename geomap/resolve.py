"""Toponym resolution: one choice per mention, with a score, a precision and a reason.

Two resolvers share one protocol:

- :class:`GazetteerResolver` (the default) ranks the embedded gazetteer's candidates with
  context: the countries the article names, "City, State" and "City, Country" patterns, one
  sense per name per article, and place kind and population as priors.
- :class:`GeopyResolver` asks any geopy geocoder (opt-in, online), through geopy's
  ``RateLimiter`` and a cache, so a name is looked up once.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from .coords import km
from .extract.placewords import KIND_NOUNS
from .gazetteer import Gazetteer, normalize
from .gazetteer.store import KIND_RANK
from .geocoder import GeopyResolver
from .model import Article, Candidate, Mention, Resolution

__all__ = ["GazetteerResolver", "GeopyResolver", "Resolver"]


@runtime_checkable
class Resolver(Protocol):
    """Turns an article's toponym mentions into resolutions, one per mention, in order."""

    def resolve(self, article: Article, mentions: Sequence[Mention]) -> list[Resolution]:
        """Resolve the mentions of one article."""
        ...


_MAX_NAMES_HELD = 100_000


class GazetteerResolver:
    """Resolve mentions offline with the embedded gazetteer and the article's context.

    Parameters
    ----------
    gazetteer
        The gazetteer to use; :func:`geomap.gazetteer.load` by default.

    Examples
    --------
    >>> from geomap.gazetteer import load
    >>> resolver = GazetteerResolver(load())  # doctest: +SKIP
    """

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        # Names recur across a story's articles: each is looked up once, and its candidates
        # are shared by every mention (bounded, for corpora that name the whole gazetteer).
        self._looked_up: dict[str, list[Candidate]] = {}

    def _candidates(self, name: str) -> list[Candidate]:
        found = self._looked_up.get(name)
        if found is None:
            if len(self._looked_up) >= _MAX_NAMES_HELD:
                self._looked_up.clear()
            found = self._looked_up[name] = self.gazetteer.candidates(name)
        return found

    def resolve(self, article: Article, mentions: Sequence[Mention]) -> list[Resolution]:
        """Resolve the mentions of one article; see the class docstring."""
        options = {m: _admissible(m, self._candidates(m.name)) for m in mentions}
        qualifiers = _qualifiers(article, mentions, options)
        context = _context(options)
        context.near.update(_nearby(options))
        hints = _kind_hints(article.text, mentions, options)
        chosen: dict[str, Resolution] = {}
        results = []
        for mention in mentions:
            key = normalize(mention.name)
            if key in chosen and mention not in qualifiers:
                prior = chosen[key]
                results.append(Resolution(mention, prior.candidate, prior.score,
                                          prior.reason, prior.n_candidates))
                continue
            qualifier, joint = qualifiers.get(mention, (None, ""))
            res = self._choose(mention, options[mention], context, qualifier, joint,
                               hint=hints.get(mention))
            chosen.setdefault(key, res)
            results.append(res)
        return results

    def _choose(self, mention: Mention, cands: list[Candidate], context: _Context,
                qualifier: Candidate | None, joint: str,
                hint: tuple[frozenset[str], str] | None = None) -> Resolution:
        if not cands:
            return Resolution(mention, None, 0.0,
                              "no gazetteer entry of a fitting kind has this name", 0)
        key = normalize(mention.name)
        cities = {c.countrycode for c in cands
                  if c.kind == "city" and c.population >= 100_000 and not c.alternate}
        divides = any(c.kind == "admin1" and not c.alternate for c in cands)
        scored = []
        for c in cands:
            score, why = _prior(c)
            if c.id.startswith("iso3166-2:") and c.countrycode in cities:
                score -= 1.5  # "Rio de Janeiro": the city, more often than its state
                why.append("a city of that name is better known")
            # Support from the article's *other* place names: one sense per article. A
            # country the article barely touches ("U.S. officials" in a Syria story)
            # counts for less than the countries it is about.
            if context.named_by_other(context.country_names, c.countrycode, key):
                weight = context.country_weight(c.countrycode)
                score += 2.0 * weight
                why.append(f"in {c.countrycode}, like other places in the article"
                           + ("" if weight == 1.0 else f" (weight {weight:.2f})"))
            if c.kind == "city" and any(
                    o.kind == "admin1" and o.countrycode == c.countrycode
                    and o.admin1 == c.admin1 for o in cands):
                score += 1.0  # "Geneva": the city names its province, a regional capital
                why.append("seat of a province of the same name")
            if c.kind != "country" and c.admin1 and not (
                    divides and c.kind in _TOWN_KINDS and c.population < _KNOWN_TOWN):
                # A name that is a state's or a province's ("Oklahoma", "Wales") names it, not
                # a small namesake town inside another state the article names.
                if context.named_by_other(context.state_names, (c.countrycode, c.admin1), key):
                    score += 2.5
                    why.append(f"in {c.countrycode}-{c.admin1}, like other places in the "
                               "article")
                elif (support := context.state_support(key, (c.countrycode, c.admin1))) > 0:
                    score += 2.5 * min(1.0, support)
                    why.append(f"in {c.countrycode}-{c.admin1}, where other names may be")
            if (near := context.near.get((key, c.id), 0.0)) > 0:
                score += _NEAR_BONUS * min(1.0, near)
                why.append(f"near other places the article names ({near:.2f})")
            if self.gazetteer.is_capital(c.id):
                score += 2.5
                why.append("a national capital")
            if hint is not None and c.kind in hint[0]:
                score += _HINT_BONUS
                why.append(hint[1])
            if qualifier is not None and _inside(c, qualifier):
                score += 4.0
                why.append(f"followed by '{joint}{qualifier.name}'")
            scored.append((score, c, why))
        if qualifier is not None and not any(_inside(c, qualifier) for c in cands):
            # "Town, County" whose town the gazetteer lacks: the qualifier itself, at its
            # precision, never a namesake somewhere else.
            return Resolution(mention, qualifier, 0.5,
                              f"no place of this name inside {qualifier.name!r}; placed at "
                              f"{qualifier.name!r} ({qualifier.kind})", len(cands))
        scored.sort(key=lambda t: (-t[0], t[1].id))
        top = scored[0]
        total = sum(math.exp(s - top[0]) for s, _, _ in scored)
        confidence = round(1.0 / total, 3)
        reason = "; ".join(top[2]) or "only candidate"
        if len(scored) > 1:
            reason = f"{reason} (best of {len(scored)})"
        return Resolution(mention, top[1], confidence, reason, len(scored))


_FEW_VOTES = 32  # up to this many votes for a state are summed as they stand


@dataclass(frozen=True)
class _Context:
    """Countries and states the article's place names point to, keyed by the name."""

    countries: frozenset[tuple[str, str | None]]
    states: frozenset[tuple[str, tuple[str | None, str | None]]]
    # Softer evidence: each ambiguous name spreads one vote over the states it may be in.
    state_votes: dict[tuple[str | None, str | None], tuple[tuple[str, float], ...]]
    # The same by country and by state, for lookups: an article naming thousands of places
    # must not scan them all for each candidate of each name.
    country_names: dict[object, frozenset[str]] = field(default_factory=dict)
    state_names: dict[object, frozenset[str]] = field(default_factory=dict)
    vote_totals: dict[tuple[str | None, str | None], float] = field(default_factory=dict)
    own_votes: dict[tuple[tuple[str | None, str | None], str], float] = field(
        default_factory=dict)
    # (name, candidate id) -> how many of the article's other names have a sense nearby.
    near: dict[tuple[str, str], float] = field(default_factory=dict)

    def country_weight(self, code: str | None) -> float:
        """How much the article is about a country: 1 for one named by half its names."""
        total = sum(len(v) for v in self.country_names.values())
        held = len(self.country_names.get(code, ()))
        return 1.0 if not total else min(1.0, 2.0 * held / total)

    @staticmethod
    def named_by_other(names: dict[object, frozenset[str]], where: object, key: str) -> bool:
        """Whether a name other than ``key`` points to ``where`` (a country or a state)."""
        held = names.get(where, frozenset())
        return len(held) > 1 or (len(held) == 1 and key not in held)

    def state_support(self, key: str, state: tuple[str | None, str | None]) -> float:
        """Votes for ``state`` from names other than ``key``."""
        votes = self.state_votes.get(state, ())
        if len(votes) <= _FEW_VOTES:
            return sum(w for k, w in votes if k != key)
        # Many names vote here (a hostile or a very long article): the total less the
        # name's own vote (a name votes once per state), not a sum for every candidate.
        return self.vote_totals[state] - self.own_votes.get((state, key), 0.0)


def _context(options: dict[Mention, list[Candidate]]) -> _Context:
    countries: set[tuple[str, str | None]] = set()
    states: set[tuple[str, tuple[str | None, str | None]]] = set()
    votes: dict[tuple[str | None, str | None], list[tuple[str, float]]] = {}
    seen: set[str] = set()
    for mention, cands in options.items():
        if not cands or mention.section not in ("body", "caption"):
            continue
        key = normalize(mention.name)
        if key in seen:
            continue
        seen.add(key)
        best = max(cands, key=lambda c: _prior(c)[0])
        # A name sets the context when all its candidates agree (every "Franklin County" is
        # in the US), or when it names a country or a US state outright.
        codes = {c.countrycode for c in cands}
        if len(codes) == 1 or best.kind in ("country", "admin1"):
            countries.add((key, best.countrycode if len(codes) > 1 else codes.pop()))
        if best.kind == "country":
            continue  # "Russia" names the country: Russia, Ohio says nothing of Ohio
        places = {(c.countrycode, c.admin1) for c in cands if c.kind != "country"}
        if len(places) == 1 or best.kind == "admin1":
            states.add((key, places.pop() if len(places) == 1 else (best.countrycode,
                                                                    best.admin1)))
        if len(places) > 1:
            for place in places:
                votes.setdefault(place, []).append((key, 1.0 / len(places)))
    country_names: dict[object, set[str]] = {}
    for key, code in countries:
        country_names.setdefault(code, set()).add(key)
    state_names: dict[object, set[str]] = {}
    for key, state in states:
        state_names.setdefault(state, set()).add(key)
    many = {state: held for state, held in votes.items() if len(held) > _FEW_VOTES}
    return _Context(frozenset(countries), frozenset(states),
                    {k: tuple(v) for k, v in votes.items()},
                    {k: frozenset(v) for k, v in country_names.items()},
                    {k: frozenset(v) for k, v in state_names.items()},
                    {state: math.fsum(w for _, w in held) for state, held in many.items()},
                    {(state, k): w for state, held in many.items() for k, w in held})


# Spatial coherence ("spatial minimality"): a local story names places near one another, so a
# sense of a town with other named towns or counties close by beats a namesake far away.
_NEAR_KM = 60.0
_NEAR_BONUS = 2.5
_POINT_KINDS = frozenset({"city", "village", "admin2", "facility"})
_CELL_DEG = 1.0  # grid cells of about 100 km: neighbours are looked for in 3 x 3 cells


def _nearby(options: dict[Mention, list[Candidate]]) -> dict[tuple[str, str], float]:
    """Score each sense of each name by the other names with a sense within ``_NEAR_KM``.

    A name with many senses spreads its support (each counts ``1 / sqrt(senses)``): "Phenix
    City" vouches for Columbus, Georgia; "Madison County", named in twenty states, vouches
    a little for every Richmond beside one of them.
    """
    senses: dict[str, list[Candidate]] = {}
    for mention, cands in options.items():
        key = normalize(mention.name)
        if key not in senses:
            senses[key] = [c for c in cands if c.kind in _POINT_KINDS]
    if len(senses) < 2:
        return {}
    grid: dict[tuple[int, int], list[tuple[str, Candidate]]] = {}
    for key, cands in senses.items():
        for c in cands:
            grid.setdefault((int(c.lat // _CELL_DEG), int(c.lon // _CELL_DEG)), []).append(
                (key, c))
    weight = {key: 1.0 / math.sqrt(len(cands)) for key, cands in senses.items() if cands}
    out: dict[tuple[str, str], float] = {}
    for key, cands in senses.items():
        for c in cands:
            row, col = int(c.lat // _CELL_DEG), int(c.lon // _CELL_DEG)
            found: set[str] = set()
            for dr in (-1, 0, 1):
                for dc in (-1, 0, 1):
                    for other, o in grid.get((row + dr, col + dc), ()):
                        if (other != key and other not in found and o.id != c.id
                                and _km(c, o) <= _NEAR_KM):
                            found.add(other)
            if found:
                out[(key, c.id)] = math.fsum(weight[k] for k in found)
    return out


_HINT_BONUS = 3.0
_KNOWN_TOWN = 100_000
_HINT_KINDS = {"division": frozenset({"admin1", "admin2"}), "city": frozenset({"city", "village"})}
_LIST_GAPS = frozenset({", ", " and ", ", and ", " or ", ", or ", " & "})


def _kind_hints(text: str, mentions: Sequence[Mention],
                options: dict[Mention, list[Candidate]]
                ) -> dict[Mention, tuple[frozenset[str], str]]:
    """Say what kind of place each mention is, where its words show it.

    A kind noun beside the name ("Washington state", "the city of Huntsville", "Zaire
    province"), or a list of three or more whose other members are mostly (two thirds) of
    one kind ("Ohio, Oregon and Utah": states; "Austria, Germany and Georgia": countries).
    """
    hints: dict[Mention, tuple[frozenset[str], str]] = {}
    for m in mentions:
        after = text[m.end:m.end + 16].split(maxsplit=1)
        nxt = after[0].strip(",.;:)") if after and text[m.end:m.end + 1] == " " else ""
        before = text[max(0, m.start - 16):m.start].split()
        prev = before[-2] if len(before) >= 2 and before[-1] == "of" else ""
        noun = nxt if nxt in KIND_NOUNS else prev if prev in KIND_NOUNS else ""
        if noun:
            kind = KIND_NOUNS[noun]
            hints[m] = (_HINT_KINDS.get(kind, frozenset({kind})), f"called a {noun}")
    # Lists: runs of mentions joined by commas and "and"/"or".
    run: list[Mention] = []
    for item in [*mentions, None]:
        if item is not None and run and text[run[-1].end:item.start] in _LIST_GAPS:
            run.append(item)
            continue
        if len(run) >= 3:
            kinds = [max(options[x], key=lambda c: _prior(c)[0]).kind if options[x] else None
                     for x in run]
            for i, x in enumerate(run):
                others = kinds[:i] + kinds[i + 1:]
                kind = max(("country", "admin1"), key=others.count)
                if x not in hints and 3 * others.count(kind) >= 2 * len(others) and any(
                        c.kind == kind for c in options[x]):
                    hints[x] = (frozenset({kind}), f"listed with other places of kind {kind}")
        run = [item] if item is not None else []
    return hints


def _admissible(mention: Mention, cands: list[Candidate]) -> list[Candidate]:
    # An acronym ("UN", "AP") names a country or region ("US", "UK") or nothing here: towns
    # called "Un" or "Ap" are not what news means by it. Abbreviations with periods
    # ("D.C.", "Fla.") are names in their own right.
    letters = mention.text
    if letters.isalpha() and letters.isupper() and len(letters) <= 4:
        # (but a city of 100,000 or more is a dateline's capitals: "LIMA, Dec 1", "ROME")
        return [c for c in cands if c.kind in ("country", "admin1", "region", "continent")
                or (c.kind == "city" and not c.alternate and c.population >= 100_000)]
    return cands


# Divisions have no population in the sources; count them as large places. US states and
# counties are what US news names most; other countries' ISO 3166-2 divisions (often named
# after their capital city) count for less.
_DIVISION_POPULATION = {"admin1": 3_000_000, "admin2": 100_000}
_ISO_DIVISION_POPULATION = {"admin1": 300_000, "admin2": 30_000}


def _prior(c: Candidate) -> tuple[float, list[str]]:
    rank = KIND_RANK.get(c.kind, 0)
    if c.id.startswith("iso3166-2:"):
        population = _ISO_DIVISION_POPULATION.get(c.kind, 0)
        rank -= 1
    else:
        population = c.population or _DIVISION_POPULATION.get(c.kind, 0)
    score = rank + math.log10(population + 1) / 2
    why = [f"{c.kind}" + (f", population {c.population:,}" if c.population else "")]
    if c.alternate:
        score -= 3.0
        why.append("matched an alternate name")
    if c.id.startswith("geomap:"):
        score += 1.0
        why.append("curated record")
    return score, why


# How far from a county's (or a division without codes') centre a place inside it may lie:
# the gazetteer has codes down to states, and points, not outlines, for counties.
_INSIDE_KM = {"admin2": 60.0, "admin1": 400.0}
_TOWN_KINDS = frozenset({"city", "village", "facility"})


def _km(a: Candidate, b: Candidate) -> float:
    return km(a.lat, a.lon, b.lat, b.lon)


def _inside(c: Candidate, q: Candidate) -> bool:
    """Whether candidate ``c`` lies inside the qualifier ``q`` (a country or a division)."""
    if c.id == q.id or c.countrycode != q.countrycode:
        return False
    if q.kind == "country":
        return True
    if q.admin1 is not None and c.admin1 != q.admin1:
        return False
    return (q.kind == "admin1" and q.admin1 is not None) or _km(c, q) <= _INSIDE_KM.get(
        q.kind, 60.0)


def _qualifiers(article: Article, mentions: Sequence[Mention],
                options: dict[Mention, list[Candidate]]
                ) -> dict[Mention, tuple[Candidate, str]]:
    """Find "Town, County" / "Town in State" pairs: the second names the first's container.

    The container is the second name's largest sense that is a country or a division and
    holds a sense of the first; failing that, for a town-sized first name, its largest
    division sense ("Town in County" with the town missing from the gazetteer). A country
    after "in" qualifies only a name it holds: "the role of Moscow in Syria" is no address.
    """
    found: dict[Mention, tuple[Candidate, str]] = {}
    followed = _followed(article, mentions)
    for first, second in itertools.pairwise(mentions):
        gap = article.text[first.end:second.start]
        comma = gap.strip() == "," and len(gap) <= 3
        joint = ", " if comma else " in "
        if not comma and gap != " in ":
            continue
        containers = sorted((c for c in options[second]
                             if c.kind in ("country", "admin1", "admin2")),
                            key=lambda c: -_prior(c)[0])
        holding = [q for q in containers if any(_inside(c, q) for c in options[first])]
        if holding:
            found[first] = holding[0], joint
            continue
        towns = options[first] and all(c.kind in _TOWN_KINDS for c in options[first])
        divisions = [q for q in containers if q.kind in ("admin1", "admin2") or comma]
        third = followed.get(second)
        if third is not None:
            # "Stroud, Ontario, Canada": the division must lie in what comes next; in a list
            # ("New York City, Long Island, New York") the next name is a sibling instead.
            divisions = [q for q in divisions if any(
                _inside(q, t) for t in options[third] if t.kind in ("country", "admin1"))]
        if towns and divisions:
            found[first] = divisions[0], joint
    return found


def _followed(article: Article, mentions: Sequence[Mention]) -> dict[Mention, Mention]:
    """Map each mention to the place named right after it, past a comma or "and"."""
    return {first: second for first, second in itertools.pairwise(mentions)
            if article.text[first.end:second.start] in (", ", " and ", ", and ")}

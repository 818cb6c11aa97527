"""A newsroom's corrections: recorded decisions applied to a story on every build.

The file (``geomap.corrections.toml`` beside the articles, or any file given) is read with
:mod:`tomllib`: data only, nothing runs. Its contract is ``docs/corrections.md``; in short,
arrays of tables ``[[place]]``, ``[[add_place]]``, ``[[drop]]``, ``[[merge]]``,
``[[split]]``, ``[[event]]`` and ``[[add_event]]``, each entry with its ``why``.

Nothing here raises on a bad file: a file that is not TOML, an unknown table or key, a
wrong type and an entry that matches nothing in the story are each a
:class:`~geomap.ingest.Problem` naming the entry (``[[drop]] #2 (event:5116e7a199cc)``),
and the rest is applied.

Place corrections are applied to the resolutions *before* events are extracted
(:func:`correct_resolutions`, called by :func:`geomap.story.story_from_articles`), so an
event told at a pinned or added place is placed there exactly as if the resolver had chosen
it. Drops, actors and events are applied to the built story (:func:`apply_corrections`).
Every item a correction changed is marked in :attr:`geomap.story.Story.corrections`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

from . import ingest
from .gazetteer import normalize
from .ingest import Problem
from .model import (
    Actor,
    Article,
    Candidate,
    DatePrecision,
    Event,
    Evidence,
    Mention,
    Modality,
    Participant,
    Place,
    Resolution,
    Sentence,
    excerpt,
)

if TYPE_CHECKING:
    from .gazetteer import Gazetteer
    from .story import Story

__all__ = [
    "CORRECTIONS_FILE",
    "Correction",
    "Corrections",
    "apply_corrections",
    "correct_resolutions",
    "corrections_beside",
    "load_corrections",
    "needing_review",
    "no_corrections",
    "write_needing_review",
]

CORRECTIONS_FILE = ingest.CORRECTIONS_FILE
"""The corrections file's name beside a story's articles."""
MAX_FILE_BYTES = 5_000_000  # a hand-made (or review-app-made) file: larger is a mistake
CORRECTED = "corrected by the newsroom"
"""The source of a place pinned to coordinates, and the start of a corrected place's reason."""

Kind = Literal["place", "add_place", "drop", "merge", "split", "event", "add_event"]
KINDS: tuple[Kind, ...] = get_args(Kind)
Item = Literal["place", "actor", "event"]
_PRECISIONS = ("point", "city", "region", "country")
_PLACE_KINDS = ("region", "admin1", "admin2", "city", "village", "facility", "country",
                "continent")
_DATE_PRECISIONS: tuple[str, ...] = get_args(DatePrecision)
_MODALITIES: tuple[str, ...] = get_args(Modality)
_SPAN = re.compile(r"^(?P<article>.+):(?P<start>\d{1,12})-(?P<end>\d{1,12})$")

# "decided" is the decision's day too: in [[event]] and [[add_event]] "date" is the event's,
# so the review app writes "decided" everywhere.
_COMMON = {"why": "text", "who": "text", "date": "date", "decided": "date"}
# Each table's keys and their types (the entry's own "date" of an event is the event's).
_KEYS: dict[str, dict[str, str]] = {
    "place": {"name": "text", "mention": "span", "lat": "lat", "lon": "lon",
              "precision": "precision", "geonameid": "int", "place": "text", **_COMMON},
    "add_place": {"name": "text", "lat": "lat", "lon": "lon", "kind": "kind",
                  "source": "text", "quote": "text", **_COMMON},
    "drop": {"event": "text", "place": "text", "actor": "text", "mention": "span",
             **_COMMON},
    "merge": {"actors": "ids", **_COMMON},
    "split": {"actor": "text", "mentions": "spans", "name": "text", **_COMMON},
    "event": {"id": "text", "code": "code", "family": "family", "place": "text",
              "date_precision": "date_precision", "modality": "modality", "agents": "ids",
              **_COMMON},
    "add_event": {"code": "code", "family": "family", "place": "text",
                  "date_precision": "date_precision", "modality": "modality",
                  "agents": "ids", "article": "text", "quote": "text", "source": "text",
                  **_COMMON},
}
_REQUIRED: dict[str, tuple[str, ...]] = {
    "place": ("why",), "add_place": ("name", "lat", "lon", "kind", "source", "quote", "why"),
    "drop": ("why",), "merge": ("actors", "why"), "split": ("actor", "mentions", "name", "why"),
    "event": ("id", "why"), "add_event": ("place", "article", "quote", "source", "why"),
}
_EXPECTED = {
    "text": "a non-empty string", "span": 'a mention "article-id:start-end"',
    "spans": 'a list of mentions "article-id:start-end"', "ids": "a list of ids",
    "lat": "a latitude (-90 to 90)", "lon": "a longitude (-180 to 180)",
    "int": "an integer", "date": "a TOML date (2023-05-22)",
    "precision": "one of " + ", ".join(_PRECISIONS),
    "kind": "one of " + ", ".join(_PLACE_KINDS),
    "date_precision": "one of " + ", ".join(_DATE_PRECISIONS),
    "modality": "one of " + ", ".join(_MODALITIES),
    "code": "a CAMEO code of data/lexicon/event_triggers.csv",
    "family": "an event family",
}


@dataclass(frozen=True)
class Correction:
    """One checked entry of a corrections file.

    ``kind`` is its table (``"drop"`` for ``[[drop]]``), ``number`` its place among that
    table's entries (from 1), ``fields`` its keys and values (checked), ``why``/``who``/
    ``date`` the decision's record.
    """

    kind: Kind
    number: int
    fields: Mapping[str, Any]
    why: str
    who: str | None = None
    date: dt.date | None = None

    @property
    def label(self) -> str:
        """How problems name the entry: ``[[drop]] #2 (event:5116e7a199cc)``."""
        return _label(self.kind, self.number, self.fields)

    @property
    def reason(self) -> str:
        """The ``correction`` of the items it marks: the why, led by who when given."""
        return f"{self.who}: {self.why}" if self.who else self.why


@dataclass(frozen=True)
class Corrections:
    """A corrections file, loaded: its checked entries and the problems met reading it."""

    where: str
    entries: tuple[Correction, ...] = ()
    problems: tuple[Problem, ...] = ()

    def of(self, *kinds: Kind) -> list[Correction]:
        """Return the entries of these tables, in file order."""
        return [c for c in self.entries if c.kind in kinds]


def no_corrections() -> Corrections:
    """Return an empty set of corrections."""
    return Corrections(where=CORRECTIONS_FILE)


def load_corrections(path: str | Path) -> Corrections:
    """Read and check a corrections file; every fault is a problem, never an exception.

    Parameters
    ----------
    path
        The TOML file (``docs/corrections.md`` gives its tables).

    Returns
    -------
    Corrections
        The well-formed entries, and a :class:`~geomap.ingest.Problem` naming each
        malformed one (or the line where a file that is not TOML fails).

    Examples
    --------
    >>> c = load_corrections("seeds/geomap.corrections.toml")  # doctest: +SKIP
    >>> [e.label for e in c.entries]  # doctest: +SKIP
    ['[[drop]] #1 (event:5116e7a199cc)']
    """
    where = str(path)
    try:
        source = Path(path)
        if source.stat().st_size > MAX_FILE_BYTES:
            return Corrections(where, problems=(Problem(
                where, f"larger than {MAX_FILE_BYTES:,} bytes; not a corrections file"),))
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        return Corrections(where, problems=(Problem(where, f"not valid TOML: {err}"),))
    except (OSError, UnicodeDecodeError, RecursionError) as err:
        return Corrections(where, problems=(Problem(
            where, f"cannot read it as UTF-8 text ({err})"),))
    entries: list[Correction] = []
    problems: list[Problem] = []
    for table, value in data.items():
        if table not in _KEYS:
            problems.append(Problem(where, f"[[{table}]]: unknown table; use "
                                    + ", ".join(f"[[{k}]]" for k in KINDS)))
            continue
        if not isinstance(value, list):
            problems.append(Problem(where, f"[{table}]: write it as an array of tables, "
                                    f"[[{table}]]"))
            continue
        for number, raw in enumerate(value, 1):
            entry, fault = _check(table, number, raw)  # type: ignore[arg-type]
            if fault is not None:
                problems.append(Problem(where, fault))
            elif entry is not None:
                entries.append(entry)
    return Corrections(where, tuple(entries), tuple(problems))


def corrections_beside(paths: Iterable[str | Path]) -> Corrections | None:
    """Return the corrections file of the first input folder that holds one, else None."""
    for p in paths:
        folder = Path(p)
        if str(p) != "-" and folder.is_dir() and (folder / CORRECTIONS_FILE).is_file():
            return load_corrections(folder / CORRECTIONS_FILE)
    return None


def _check(table: Kind, number: int, raw: Any) -> tuple[Correction | None, str | None]:
    """Return the entry, or the fault that names it (``[[drop]] #2 (…): …``)."""
    if not isinstance(raw, dict):
        return None, (f"[[{table}]] #{number}: expected a table of keys, found "
                      f"{type(raw).__name__}")
    name = _label(table, number, raw)
    keys = _KEYS[table]
    for k, value in raw.items():
        if k not in keys:
            return None, (f"{name}: unknown key {k!r}; expected "
                          + ", ".join(sorted(keys)))
        if not _valid(keys[k], value):
            return None, f"{name}: {k!r} must be {_EXPECTED[keys[k]]}"
    for k in _REQUIRED[table]:
        if k not in raw:
            return None, f"{name}: {k!r} is missing ({_EXPECTED[keys[k]]})"
    fault = _shape(table, raw)
    if fault:
        return None, f"{name}: {fault}"
    fields = {k: (tuple(v) if isinstance(v, list) else v) for k, v in raw.items()
              if k not in ("why", "who", "decided") and not (k == "date" and table not in (
                  "event", "add_event"))}
    date = raw.get("decided", raw.get("date") if table not in ("event", "add_event") else None)
    return Correction(table, number, fields, raw["why"].strip(),
                      raw["who"].strip() if "who" in raw else None, date), None


def _label(table: str, number: int, raw: Mapping[str, Any]) -> str:
    """``[[drop]] #2 (event:5116e7a199cc)``: the table, the entry's number, what it is about."""
    order = {"place": ("mention", "name"), "split": ("actor",), "add_place": ("name",),
             "add_event": ("quote",)}.get(table, ("id", "event", "place", "actor", "mention"))
    key = next((raw[k] for k in order if isinstance(raw.get(k), str)), None)
    if table == "merge" and isinstance(raw.get("actors"), list | tuple):
        key = ", ".join(str(a) for a in raw["actors"])
    return f"[[{table}]] #{number}" + (f" ({key})" if key else "")


def _valid(kind: str, value: Any) -> bool:
    if kind == "text":
        return isinstance(value, str) and bool(value.strip())
    if kind == "span":
        return isinstance(value, str) and _SPAN.match(value) is not None
    if kind == "spans":
        return isinstance(value, list) and bool(value) and all(_valid("span", v)
                                                               for v in value)
    if kind == "ids":
        return isinstance(value, list) and all(_valid("text", v) for v in value)
    if kind in ("lat", "lon"):
        bound = 90 if kind == "lat" else 180
        return isinstance(value, int | float) and not isinstance(value, bool) and (
            -bound <= value <= bound)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool) and value > 0
    if kind == "date":
        return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    if kind == "code":
        return isinstance(value, str) and value in _labels()
    if kind == "family":
        from .extract.eventlex import FAMILIES

        return isinstance(value, str) and value in (*FAMILIES, "OTHER")
    choices = {"precision": _PRECISIONS, "kind": _PLACE_KINDS,
               "date_precision": _DATE_PRECISIONS, "modality": _MODALITIES}[kind]
    return value in choices


def _shape(table: str, raw: dict[str, Any]) -> str | None:
    """Return what is wrong with an entry's combination of keys, or None."""
    if table == "place":
        which = [k for k in ("name", "mention") if k in raw]
        if len(which) != 1:
            return "give exactly one of 'name' (every mention of it) or 'mention' (one)"
        targets = [t for t, keys in (("coordinates", ("lat", "lon")),
                                     ("geonameid", ("geonameid",)), ("place", ("place",)))
                   if any(k in raw for k in keys)]
        if len(targets) != 1:
            return "give exactly one of 'lat'+'lon', 'geonameid' or 'place'"
        if targets == ["coordinates"] and not ("lat" in raw and "lon" in raw):
            return "give both 'lat' and 'lon'"
        if "precision" in raw and targets != ["coordinates"]:
            return "'precision' goes with 'lat' and 'lon'"
    if table == "drop":
        dropped = [k for k in ("event", "place", "actor", "mention") if k in raw]
        if len(dropped) != 1:
            return "give exactly one of 'event', 'place', 'actor' or 'mention'"
    if table == "merge" and len(set(raw["actors"])) < 2:
        return "'actors' must list at least two different actor ids"
    if table in ("event", "add_event"):
        code, family = raw.get("code"), raw.get("family")
        if code is not None and family is not None and _family(code) != family:
            return f"code {code!r} is of the family {_family(code)}, not {family}"
        if table == "add_event" and code is None and family is None:
            return "give 'code' or 'family'"
        if table == "event" and not set(raw) - {"id", "why", "who", "decided"}:
            return "nothing to change: give code, family, place, date, modality or agents"
    if "date" in raw and not _valid("date", raw["date"]):
        return f"'date' must be {_EXPECTED['date']}"
    return None


def _labels() -> dict[str, str]:
    """CAMEO codes of the trigger lexicon and their labels."""
    from .extract.eventlex import triggers

    out: dict[str, str] = {}
    for rows in triggers().values():
        for row in rows:
            out.setdefault(row.code, row.label)
    return out


def _family(code: str) -> str:
    from .extract.events import family_of

    return family_of(code)


def _first_code(family: str) -> tuple[str, str]:
    """Return the first code of a family in the lexicon, with its label ("OTH" for OTHER)."""
    for code, label in _labels().items():
        if _family(code) == family:
            return code, label
    return "OTH", "Other mappable happening"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalize(text)).strip("-")[:60] or "place"


def _span(text: str) -> tuple[str, int, int]:
    m = _SPAN.match(text)
    assert m is not None  # checked on load
    return m["article"], int(m["start"]), int(m["end"])


# --- places: applied to the resolutions, before events are extracted -----------------------

@dataclass
class _Marks:
    """The items corrected, by (table, id), with their reasons in file order."""

    reasons: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def mark(self, table: Item, item_id: str, correction: Correction) -> None:
        held = self.reasons.setdefault((table, item_id), [])
        if correction.reason not in held:
            held.append(correction.reason)

    def as_mapping(self) -> dict[tuple[str, str], str]:
        return {k: "; ".join(v) for k, v in sorted(self.reasons.items())}


def _target(c: Correction, gaz: Gazetteer, name: str) -> Candidate | str:
    """Return the candidate a [[place]] entry pins to, or what is wrong."""
    f = c.fields
    if "geonameid" in f:
        got = gaz.get(f"geonames:{f['geonameid']}")
        return got if got is not None else (f"the gazetteer has no GeoNames id "
                                            f"{f['geonameid']}")
    if "place" in f:
        got = gaz.get(f["place"])
        return got if got is not None else (f"no gazetteer entry or pack place has the id "
                                            f"{f['place']!r}")
    lat, lon = float(f["lat"]), float(f["lon"])
    precision = f.get("precision", "point")
    key = hashlib.sha1(f"{name}|{lat:.6f}|{lon:.6f}".encode()).hexdigest()[:8]
    return Candidate(id=f"corrected:{_slug(name)}-{key}", name=name, lat=lat, lon=lon,
                     kind="facility" if precision == "point" else precision,
                     countrycode=None, admin1=None, population=0, source=CORRECTED,
                     precision=precision)


def _find(articles: Sequence[Article], quote: str,
          article_id: str | None = None) -> tuple[Article, int] | None:
    for art in articles:
        if article_id is None or art.id == article_id:
            at = art.text.find(quote)
            if at >= 0:
                return art, at
    return None


def _sentence_at(sentences: Sequence[Sentence], offset: int) -> int:
    for s in sentences:
        if s.start <= offset < s.end:
            return s.index
    before = [s.index for s in sentences if s.start <= offset]
    return before[-1] if before else 0


def correct_resolutions(
        resolutions: Mapping[str, list[Resolution]], articles: Sequence[Article],
        sentences: Mapping[str, list[Sentence]], gazetteer: Gazetteer,
        corrections: Corrections) -> tuple[dict[str, list[Resolution]],
                                           dict[tuple[str, str], str], list[Problem]]:
    """Apply the place corrections to each article's resolutions.

    ``[[place]]`` pins, ``[[add_place]]``, and ``[[drop]]`` of a place or a mention. A
    dropped mention stays among the resolutions, unresolved, with the reason "dropped by
    the newsroom: …" (nothing silently dropped).

    Returns
    -------
    (resolutions by article, marks by (table, id), problems)
    """
    out = {k: list(v) for k, v in resolutions.items()}
    marks = _Marks()
    problems: list[Problem] = []

    def stale(c: Correction, what: str = "matches nothing in the story") -> None:
        problems.append(Problem(corrections.where, f"{c.label}: {what}"))

    for c in corrections.of("place", "add_place", "drop"):
        f = c.fields
        if c.kind == "drop" and "place" not in f and "mention" not in f:
            continue
        if c.kind == "add_place":
            found = _find(articles, f["quote"])
            if found is None:
                stale(c, f"the quote {f['quote']!r} is in no article's text")
                continue
            art, at = found
            key = hashlib.sha1(f"{f['name']}|{f['lat']:.6f}|{f['lon']:.6f}".encode()
                               ).hexdigest()[:8]
            cand = Candidate(id=f"corrected:{_slug(f['name'])}-{key}", name=f["name"],
                             lat=float(f["lat"]), lon=float(f["lon"]), kind=f["kind"],
                             countrycode=None, admin1=None, population=0,
                             source=f["source"], precision=f["kind"])
            end = at + len(f["quote"])
            mention = Mention(art.id, at, end, art.text[at:end],
                              _sentence_at(sentences.get(art.id, []), at),
                              art.section_at(at), lookup=f["name"])
            out.setdefault(art.id, []).append(Resolution(
                mention, cand, 1.0, f"{CORRECTED}: {c.why}", 1))
            out[art.id].sort(key=lambda r: (r.mention.start, r.mention.end))
            marks.mark("place", cand.id, c)
            continue
        # Which resolutions the entry is about.
        if "mention" in f:
            art_id, start, end = _span(f["mention"])
            hits = [(art_id, i) for i, r in enumerate(out.get(art_id, []))
                    if r.mention.start == start and r.mention.end == end]
        elif c.kind == "drop":
            hits = [(a, i) for a, rs in out.items() for i, r in enumerate(rs)
                    if r.candidate is not None and r.candidate.id == f["place"]]
        else:
            wanted = normalize(f["name"])
            hits = [(a, i) for a, rs in out.items() for i, r in enumerate(rs)
                    if wanted in (normalize(r.mention.text), normalize(r.mention.name))]
        if not hits:
            stale(c)
            continue
        if c.kind == "drop":
            for a, i in hits:
                r = out[a][i]
                if r.candidate is not None and "mention" in f:
                    marks.mark("place", r.candidate.id, c)
                out[a][i] = replace(r, candidate=None, score=0.0,
                                    reason=f"dropped by the newsroom: {c.why}")
            continue
        target = _target(c, gazetteer, f.get("name") or out[hits[0][0]][hits[0][1]].mention.text)
        if isinstance(target, str):
            stale(c, target)
            continue
        for a, i in hits:
            out[a][i] = replace(out[a][i], candidate=target, score=1.0,
                                reason=f"{CORRECTED}: {c.why}")
        marks.mark("place", target.id, c)
    return out, marks.as_mapping(), problems


# --- actors and events: applied to the built story ------------------------------------------

def apply_corrections(story: Story, corrections: Corrections,
                      *, places_done: bool = False) -> tuple[Story, list[Problem]]:
    """Return the story with the corrections applied, and the problems met.

    :func:`geomap.story.story_from_articles` applies place corrections before events are
    extracted (``places_done=True`` here). On a story built without them, place
    corrections are applied to its resolutions and places are grouped again; an event
    keeps a place whose mentions all moved to another place by following it there.

    Examples
    --------
    >>> fixed, problems = apply_corrections(story, load_corrections(path))  # doctest: +SKIP
    """
    from .story import _group_places

    marks = _Marks()
    for key, reason in story.corrections.items():
        marks.reasons[key] = reason.split("; ")
    problems: list[Problem] = []
    places = story.places
    events = list(story.events)
    resolutions = story.resolutions
    if not places_done:
        by_article: dict[str, list[Resolution]] = {}
        for r in story.resolutions:
            by_article.setdefault(r.mention.article_id, []).append(r)
        fixed, place_marks, place_problems = correct_resolutions(
            by_article, story.articles, story.sentences, story.gazetteer, corrections)
        problems.extend(place_problems)
        for key, reason in place_marks.items():
            marks.reasons.setdefault(key, []).extend(reason.split("; "))
        resolutions = tuple(r for a in story.articles for r in fixed.get(a.id, []))
        places = _group_places(list(resolutions))
        moved = _moved_places(story.places, places)
        events = [replace(e, place_ids=tuple(dict.fromkeys(
            moved.get(p, p) for p in e.place_ids if moved.get(p, p) is not None)))  # type: ignore[misc]
            for e in events]
    place_ids = {p.id for p in places}
    actors = {a.id: a for a in story.actors}

    def stale(c: Correction, what: str = "matches nothing in the story") -> None:
        problems.append(Problem(corrections.where, f"{c.label}: {what}"))

    for c in corrections.entries:
        f = c.fields
        if c.kind == "drop" and "event" in f:
            kept = [e for e in events if e.id != f["event"]]
            if len(kept) == len(events):
                stale(c)
            events = kept
        elif c.kind == "drop" and "actor" in f:
            if f["actor"] not in actors:
                stale(c)
                continue
            del actors[f["actor"]]
            events = [_participants(e, {f["actor"]: None}, marks, c) for e in events]
        elif c.kind == "merge":
            ids = list(dict.fromkeys(f["actors"]))
            missing = [i for i in ids if i not in actors]
            if missing:
                stale(c, "no actor " + ", ".join(repr(i) for i in missing) + " in the story")
                continue
            into = actors[ids[0]]
            others = [actors.pop(i) for i in ids[1:]]
            mentions = sorted({*into.mentions, *(m for o in others for m in o.mentions)},
                              key=lambda m: (m.article_id, m.start, m.end, m.text))
            actors[into.id] = replace(
                into, mentions=tuple(mentions),
                titles=tuple(dict.fromkeys([*into.titles, *(t for o in others
                                                           for t in o.titles)])),
                roles=tuple(dict.fromkeys([*into.roles, *(r for o in others for r in o.roles)])))
            marks.mark("actor", into.id, c)
            events = [_participants(e, dict.fromkeys(ids[1:], into.id), marks, c)
                      for e in events]
        elif c.kind == "split":
            result = _split(c, actors, events, marks)
            if isinstance(result, str):
                stale(c, result)
                continue
            events = result
        elif c.kind == "event":
            at = next((i for i, e in enumerate(events) if e.id == f["id"]), None)
            if at is None:
                stale(c)
                continue
            edited = _edit(events[at], f, place_ids, actors)
            if isinstance(edited, str):
                stale(c, edited)
                continue
            events[at] = edited
            marks.mark("event", edited.id, c)
        elif c.kind == "add_event":
            added = _add_event(story, c, place_ids, actors)
            if isinstance(added, str):
                stale(c, added)
                continue
            events = [e for e in events if e.id != added.id] + [added]
            marks.mark("event", added.id, c)
    events.sort(key=lambda e: (e.date.isoformat() if e.date else "9999", e.code, e.id))
    kept_marks = {(t, i): r for (t, i), r in marks.as_mapping().items()
                  if (t == "place" and i in place_ids) or (t == "actor" and i in actors)
                  or (t == "event" and any(e.id == i for e in events))}
    fixed_story = replace(story, resolutions=tuple(resolutions), places=places,
                          actors=tuple(sorted(actors.values(), key=lambda a: a.id)),
                          events=tuple(events), corrections=kept_marks,
                          problems=(*story.problems, *problems))
    return fixed_story, problems


def _moved_places(before: Sequence[Place], after: Sequence[Place]) -> dict[str, str | None]:
    """Old place id → where all its mentions went (None: dropped), for places that are gone."""
    now = {m: p.id for p in after for m in p.mentions}
    ids = {p.id for p in after}
    moved: dict[str, str | None] = {}
    for p in before:
        if p.id in ids:
            continue
        went = {now.get(m) for m in p.mentions}
        moved[p.id] = went.pop() if len(went) == 1 else None
    return moved


def _participants(event: Event, moves: Mapping[str, str | None], marks: _Marks,
                  c: Correction) -> Event:
    """Return the event with participants re-pointed (None: removed), marked if changed."""
    if not any(p.actor_id in moves for p in event.participants):
        return event
    out: list[Participant] = []
    for p in event.participants:
        actor_id = moves.get(p.actor_id, p.actor_id)
        if actor_id is not None and Participant(actor_id, p.role) not in out:
            out.append(Participant(actor_id, p.role))
    marks.mark("event", event.id, c)
    return replace(event, participants=tuple(out))


def _split(c: Correction, actors: dict[str, Actor], events: list[Event],
           marks: _Marks) -> list[Event] | str:
    f = c.fields
    old = actors.get(f["actor"])
    if old is None:
        return f"no actor {f['actor']!r} in the story"
    spans = [_span(s) for s in f["mentions"]]
    moving = [m for m in old.mentions if (m.article_id, m.start, m.end) in spans]
    if len(moving) != len(spans):
        return "a mention listed is not one of the actor's"
    if len(moving) == len(old.mentions):
        return "every mention of the actor is listed: nothing would be left"
    kind = old.kind
    new_id = f"{old.id.split(':', 1)[0]}:{_slug(f['name'])}"
    if new_id == old.id:
        return f"the new name {f['name']!r} is the actor's own; give the split-off actor another"
    held = actors.get(new_id)
    mentions = sorted({*moving, *(held.mentions if held else ())},
                      key=lambda m: (m.article_id, m.start, m.end, m.text))
    actors[new_id] = replace(held, mentions=tuple(mentions)) if held else Actor(
        id=new_id, name=f["name"], kind=kind, mentions=tuple(mentions),
        titles=tuple(dict.fromkeys(m.title for m in moving if m.title)),
        roles=tuple(dict.fromkeys(m.role for m in moving if m.role)), country=old.country)
    actors[old.id] = replace(old, mentions=tuple(m for m in old.mentions if m not in moving))
    marks.mark("actor", old.id, c)
    marks.mark("actor", new_id, c)
    moved = {(m.article_id, m.sentence) for m in moving}
    stays = {(m.article_id, m.sentence) for m in actors[old.id].mentions}
    out = []
    for e in events:
        told = {(ev.article_id, ev.sentence) for ev in e.evidence}
        if not told & moved or not any(p.actor_id == old.id for p in e.participants):
            out.append(e)
            continue
        roles = [p for p in e.participants if p.actor_id == old.id]
        added = [Participant(new_id, p.role) for p in roles]
        kept = [p for p in e.participants if not (p.actor_id == old.id and not told & stays)]
        out.append(replace(e, participants=tuple(dict.fromkeys([*kept, *added]))))
        marks.mark("event", e.id, c)
    return out


def _what(f: Mapping[str, Any], code: str | None) -> tuple[str, str, str]:
    """Code, label and family for an entry's code and family (the code sets the family)."""
    labels = _labels()
    if "code" in f:
        return f["code"], labels[f["code"]], _family(f["code"])
    family = f["family"]
    if code is not None and _family(code) == family:
        return code, labels.get(code, code), family
    first, label = _first_code(family)
    return first, label, family


def _edit(e: Event, f: Mapping[str, Any], place_ids: set[str],
          actors: Mapping[str, Actor]) -> Event | str:
    if "place" in f and f["place"] not in place_ids:
        return f"no place {f['place']!r} in the story"
    unknown = [a for a in f.get("agents", ()) if a not in actors]
    if unknown:
        return "no actor " + ", ".join(repr(a) for a in unknown) + " in the story"
    changes: dict[str, Any] = {}
    if "code" in f or "family" in f:
        changes["code"], changes["label"], changes["family"] = _what(f, e.code)
    if "place" in f:
        changes["place_ids"] = (f["place"], *(p for p in e.place_ids if p != f["place"]))
    for key in ("date", "date_precision", "modality"):
        if key in f:
            changes[key] = f[key]
    if "agents" in f:
        agents = [Participant(a, "agent") for a in dict.fromkeys(f["agents"])]
        others = [p for p in e.participants
                  if p.role != "agent" and p.actor_id not in f["agents"]]
        changes["participants"] = (*agents, *others)
    return replace(e, **changes)


def _add_event(story: Story, c: Correction, place_ids: set[str],
               actors: Mapping[str, Actor]) -> Event | str:
    from .extract.events import event_id

    f = c.fields
    if f["place"] not in place_ids:
        return f"no place {f['place']!r} in the story"
    unknown = [a for a in f.get("agents", ()) if a not in actors]
    if unknown:
        return "no actor " + ", ".join(repr(a) for a in unknown) + " in the story"
    if not any(a.id == f["article"] for a in story.articles):
        return f"no article {f['article']!r} in the story"
    found = _find(story.articles, f["quote"], f["article"])
    if found is None:
        return f"the quote {f['quote']!r} is not in the text of {f['article']!r}"
    art, at = found
    end = at + len(f["quote"])
    sentences = story.sentences.get(art.id, [])
    first = _sentence_at(sentences, at)
    last = _sentence_at(sentences, max(at, end - 1))
    lo = sentences[first].start if sentences else at
    hi = max(sentences[last].end if sentences else end, end)
    evidence = Evidence(art.id, first, lo, hi,
                        excerpt(art.text[lo:hi], at - lo, end - lo))
    code, label, family = _what(f, None)
    modality = f.get("modality", "occurred")
    agents = list(dict.fromkeys(f.get("agents", ())))
    date = f.get("date")
    return Event(id=event_id(code, modality, [f["place"]], agents, date), code=code,
                 label=label, modality=modality,
                 participants=tuple(Participant(a, "agent") for a in agents),
                 place_ids=(f["place"],), date=date,
                 date_precision=f.get("date_precision", "day" if date else None),
                 evidence=(evidence,), trigger=f["quote"], family=family)


# --- what needs a look ------------------------------------------------------------------------

def needing_review(story: Story, below: float = 0.6) -> list[dict[str, Any]]:
    """Return the places and events a person should look at, least certain first.

    A place's confidence is its resolution score (:attr:`Place.score`). An event has no
    score of its own: its confidence is that of its least certain place (where it is
    mapped). Actors carry no confidence in the model and are not listed. Corrected items
    (score 1.0) never are. Rows: kind, id, name, confidence, reason, quote (the first
    evidence), article, start, end.
    """
    rows: list[dict[str, Any]] = []
    for p in story.places:
        if p.score < below:
            m = p.mentions[0]
            rows.append({"kind": "place", "id": p.id, "name": p.candidate.name,
                         "confidence": round(p.score, 4), "reason": p.reason,
                         "quote": story.quote(m.article_id, m.sentence, m.start, m.end),
                         "article": m.article_id, "start": m.start, "end": m.end})
    for e in story.events:
        places = [pl for pid in e.place_ids if (pl := story.place(pid)) is not None]
        if not places or ("event", e.id) in story.corrections:
            continue
        weakest = min(places, key=lambda pl: (pl.score, pl.id))
        if weakest.score < below:
            ev = e.evidence[0]
            rows.append({"kind": "event", "id": e.id, "name": e.label,
                         "confidence": round(weakest.score, 4),
                         "reason": f"its place {weakest.candidate.name}: {weakest.reason}",
                         "quote": ev.quote, "article": ev.article_id, "start": ev.start,
                         "end": ev.end})
    return sorted(rows, key=lambda r: (r["confidence"], r["kind"] != "place", r["id"]))


REVIEW_COLUMNS = ("kind", "id", "name", "confidence", "reason", "quote", "article", "start",
                  "end")
"""The columns of :func:`needing_review`'s table."""


def write_needing_review(story: Story, below: float, fmt: str,
                         path: str | Path | None) -> str | None:
    """Write :func:`needing_review` as CSV or JSON, atomically; to a string without a path.

    CSV cells a spreadsheet would take for a formula are led by an apostrophe, as in the
    story's tables.
    """
    import csv
    import io
    import json

    from .files import atomic_write_text

    rows = needing_review(story, below)
    if fmt == "json":
        text = json.dumps(rows, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, REVIEW_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _inert(v) for k, v in row.items()})
        text = buffer.getvalue()
    if path is None:
        return text
    atomic_write_text(Path(path), text)
    return None


def _inert(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return "'" + value
    return value

"""The review table's rows: every place, actor and event with its evidence, least certain first."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..coords import km
from ..model import ActorMention, Mention
from ..story import Story

__all__ = ["Choice", "Row", "rows"]

MAX_CHOICES = 12  # other candidates listed per name


@dataclass(frozen=True)
class Choice:
    """Another gazetteer entry a place's name may mean, with its distance from the chosen one."""

    id: str
    label: str
    km: float


@dataclass(frozen=True)
class Row:
    """One item to review."""

    kind: str  # place | actor | event
    id: str
    label: str
    certainty: float  # 0 (doubtful) … 1 (sure); the order of the table
    reason: str
    quotes: tuple[str, ...]
    family: str = ""
    date: str = ""
    modality: str = ""
    choices: dict[str, tuple[Choice, ...]] = field(default_factory=dict)  # name → others
    corrected: str = ""  # the newsroom's correction of this item, if any


def _candidate_label(name: str, countrycode: str | None, admin1: str | None, kind: str,
                     population: int) -> str:
    where = ", ".join(x for x in (admin1, countrycode) if x)
    pop = f", pop. {population:,}" if population else ""
    return f"{name} ({where}; {kind}{pop})" if where else f"{name} ({kind}{pop})"


def _quote(story: Story, m: Mention | ActorMention) -> str:
    try:
        return story.quote(m.article_id, m.sentence, m.start, m.end)
    except (KeyError, IndexError, LookupError):
        return ""


def _place_rows(story: Story) -> list[Row]:
    out = []
    for place in story.places:
        chosen = place.candidate
        choices: dict[str, tuple[Choice, ...]] = {}
        for name in dict.fromkeys(m.name for m in place.mentions):
            others = [c for c in story.gazetteer.candidates(name) if c.id != chosen.id]
            others.sort(key=lambda c: km(chosen.lat, chosen.lon, c.lat, c.lon))
            choices[name] = tuple(
                Choice(c.id, _candidate_label(c.name, c.countrycode, c.admin1, c.kind,
                                              c.population),
                       round(km(chosen.lat, chosen.lon, c.lat, c.lon), 1))
                for c in others[:MAX_CHOICES])
        quotes = tuple(dict.fromkeys(
            q for m in place.mentions if (q := _quote(story, m))))
        label = _candidate_label(chosen.name, chosen.countrycode, chosen.admin1, chosen.kind,
                                 chosen.population)
        out.append(Row("place", place.id, label, place.score, place.reason, quotes[:3],
                       choices=choices))
    return out


def _actor_rows(story: Story) -> list[Row]:
    out = []
    for actor in story.actors:
        # No score for actors: one mention and no record is the least sure.
        certainty = min(1.0, (0.5 if actor.record is None else 0.8)
                        + 0.1 * (len(actor.mentions) - 1))
        reason = f"{actor.kind}, {len(actor.mentions)} mention(s)" + (
            ", in the story pack" if actor.record is not None else "")
        quotes = tuple(dict.fromkeys(
            q for m in actor.mentions if (q := _quote(story, m))))
        out.append(Row("actor", actor.id, actor.name, round(certainty, 3), reason, quotes[:3]))
    return out


def _event_rows(story: Story) -> list[Row]:
    out = []
    for event in story.events:
        # No score for events: what the text leaves open makes them less sure.
        doubts = [d for d, missing in (("no date", event.date is None),
                                       ("no place", not event.place_ids),
                                       (event.modality, event.modality != "occurred"))
                  if missing]
        certainty = 1.0 - 0.25 * len(doubts)
        reason = f"{event.label or event.family}; trigger “{event.trigger}”" + (
            f"; {', '.join(doubts)}" if doubts else "")
        places = ", ".join(p.candidate.name for i in event.place_ids
                           if (p := story.place(i)) is not None)
        label = f"{event.family} {event.code}" + (f" in {places}" if places else "")
        out.append(Row("event", event.id, label, certainty, reason,
                       tuple(e.quote for e in event.evidence)[:3], family=event.family,
                       date=event.date.isoformat() if event.date else "",
                       modality=event.modality))
    return out


def rows(story: Story) -> list[Row]:
    """Return the story's places, actors and events to review, least certain first."""
    everything = [replace(r, corrected=story.correction(r.kind, r.id) or "")
                  for r in _place_rows(story) + _actor_rows(story) + _event_rows(story)]
    order = {"place": 0, "event": 1, "actor": 2}
    return sorted(everything, key=lambda r: (r.certainty, order[r.kind], r.label, r.id))

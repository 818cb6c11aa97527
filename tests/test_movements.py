"""Movements (who moved from where, via where, to where, how, when) on short invented articles.

Each article is run through the same steps as :func:`geomap.story_from_articles` (sentences,
actors, toponyms resolved with the real gazetteer, dates) and then
:func:`geomap.extract.movements.extract_movements`; places are checked by the text of the
resolved mention each id comes from.
"""

from __future__ import annotations

import datetime as dt

import pytest

import geomap
from geomap.extract.actors import extract_actors
from geomap.extract.lexicon import lexicon_source
from geomap.extract.movements import extract_movements, movement_words
from geomap.extract.sentences import split_sentences
from geomap.extract.time import extract_times
from geomap.geoparse import geoparse_article
from geomap.model import Article, Movement
from geomap.resolve import GazetteerResolver
from geomap.resources import data_path

MONDAY = dt.date(2024, 3, 11)


def _read(gazetteer: geomap.Gazetteer, text: str, published: dt.date | None = MONDAY
          ) -> tuple[list[Movement], dict[str, str]]:
    """Return an article's movements and, by place id, the text of the mention resolved to it."""
    art = Article(id="t", text=text, published=published)
    sentences = split_sentences(text)
    actors = extract_actors([art], {art.id: sentences})
    people = [(m.start, m.end) for a in actors if a.kind == "person" for m in a.mentions]
    found, _ = geoparse_article(art, sentences, gazetteer, GazetteerResolver(gazetteer),
                                people=people)
    names = {r.candidate.id: r.mention.text for r in found if r.candidate is not None}
    return extract_movements(art, sentences, found, extract_times(art, sentences)), names


def _one(gazetteer: geomap.Gazetteer, text: str, published: dt.date | None = MONDAY
         ) -> tuple[Movement, dict[str, str]]:
    moves, names = _read(gazetteer, text, published)
    assert len(moves) == 1, moves
    return moves[0], names


def _route(move: Movement, names: dict[str, str]) -> tuple[str | None, list[str], str | None]:
    def name(pid: str | None) -> str | None:
        return None if pid is None else names[pid]

    return name(move.origin_id), [names[v] for v in move.via_ids], name(move.destination_id)


# --- routes: origin, the stops in order, destination ------------------------------------

def test_a_flight_by_road_with_an_onward_leg(gazetteer: geomap.Gazetteer) -> None:
    move, names = _one(gazetteer, "Thousands fled by road from Khartoum to Wadi Halfa and "
                                  "on to Aswan.")
    assert _route(move, names) == ("Khartoum", ["Wadi Halfa"], "Aswan")
    assert move.mode is None  # "by road": a bus, a truck or a car
    assert (move.who, move.modality, move.trigger) == ("Thousands", "occurred", "fled")


def test_a_clause_before_reaching_continues_the_journey(gazetteer: geomap.Gazetteer) -> None:
    move, names = _one(gazetteer, "The migrants had travelled by bus from Tapachula through "
                                  "Puebla before reaching Ciudad Juárez.")
    assert _route(move, names) == ("Tapachula", ["Puebla"], "Ciudad Juárez")
    assert (move.mode, move.who) == ("bus", "migrants")


def test_a_cayuco_is_a_boat_and_from_comes_first(gazetteer: geomap.Gazetteer) -> None:
    move, names = _one(gazetteer, "More than 1,200 people reached the Canary Islands by cayuco "
                                  "from Nouadhibou.")
    assert _route(move, names) == ("Nouadhibou", [], "Canary Islands")
    assert (move.mode, move.count, move.who) == ("boat", 1200, "More than 1,200 people")


def test_flown_is_by_plane_with_its_date(gazetteer: geomap.Gazetteer) -> None:
    move, names = _one(gazetteer, "Forty Afghans were flown from Kabul to Doha on Thursday.")
    assert _route(move, names) == ("Kabul", [], "Doha")
    assert move.mode == "plane" and move.who == "Forty Afghans"  # the passive subject
    # Thursday before a Monday's publication, to the day.
    assert (move.date, move.date_precision) == (dt.date(2024, 3, 7), "day")
    assert move.modality == "occurred"


def test_more_phrasings(gazetteer: geomap.Gazetteer) -> None:
    move, names = _one(gazetteer, "More than 1,200 Venezuelans crossed into Roraima from Santa "
                                  "Elena de Uairén.")
    assert _route(move, names) == ("Santa Elena de Uairén", [], "Roraima")
    assert move.count == 1200
    move, names = _one(gazetteer, "The minister flew from Ankara to Baghdad.")
    assert _route(move, names) == ("Ankara", [], "Baghdad")
    assert (move.who, move.mode) == ("minister", "plane")
    move, names = _one(gazetteer, "A caravan of 3,000 people left Tapachula on foot heading "
                                  "for Mexico City.")
    assert _route(move, names) == ("Tapachula", [], "Mexico City")
    assert (move.who, move.count, move.mode) == ("A caravan of 3,000 people", 3000, "on foot")
    move, names = _one(gazetteer, "Refugees fled the fighting in Khartoum and crossed into "
                                  "Egypt.")
    assert _route(move, names) == ("Khartoum", [], "Egypt")


def test_a_vehicle_carries_who_moves(gazetteer: geomap.Gazetteer) -> None:
    move, names = _one(gazetteer, "A boat carrying 150 migrants landed on the island of "
                                  "Lampedusa.")
    assert _route(move, names) == (None, [], "Lampedusa")
    assert (move.who, move.count, move.mode) == ("150 migrants", 150, "boat")


def test_a_verb_that_moves_people_moves_its_object(gazetteer: geomap.Gazetteer) -> None:
    move, names = _one(gazetteer, "Mexico deported 300 Guatemalans to Guatemala City.")
    assert _route(move, names) == (None, [], "Guatemala City")
    assert (move.who, move.count) == ("300 Guatemalans", 300)


def test_a_list_of_destinations_gives_one_movement_each(gazetteer: geomap.Gazetteer) -> None:
    moves, names = _read(gazetteer, "Refugees fled to Chad and Egypt.")
    assert [_route(m, names) for m in moves] == [(None, [], "Chad"), (None, [], "Egypt")]
    assert len({m.id for m in moves}) == 2


# --- modality and dates ----------------------------------------------------------------

def test_a_future_journey_is_planned_on_the_coming_day(gazetteer: geomap.Gazetteer) -> None:
    move, names = _one(gazetteer, "The foreign minister will travel to Jakarta on Friday.")
    assert _route(move, names) == (None, [], "Jakarta")
    assert move.modality == "planned"
    assert (move.date, move.date_precision) == (dt.date(2024, 3, 15), "day")
    move, _ = _one(gazetteer, "Biden plans to fly to Tel Aviv next month.")
    assert (move.modality, move.mode, move.date_precision) == ("planned", "plane", "month")


def test_denied_proposed_and_uncertain_movements(gazetteer: geomap.Gazetteer) -> None:
    move, _ = _one(gazetteer, "The migrants did not cross into Mexico.")
    assert move.modality == "denied"
    move, names = _one(gazetteer, "The government proposed sending 500 troops to Haiti.")
    assert (move.modality, move.who, move.count) == ("proposed", "500 troops", 500)
    assert _route(move, names) == (None, [], "Haiti")
    move, _ = _one(gazetteer, "The families may travel to Tijuana.")
    assert move.modality == "uncertain"


# --- what is no movement -----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The minister met his counterpart in Ankara on Monday.",
    "The two leaders reached an agreement in Paris.",  # "reach" with no place reached
    "Canada sent aid to Haiti.",  # aid, not people
    "The storm moved toward Florida.",
    "If the migrants cross into Texas, they will be detained.",
    "Rescuers arrived on Tuesday.",  # no place
])
def test_no_movement(gazetteer: geomap.Gazetteer, text: str) -> None:
    assert _read(gazetteer, text)[0] == []


def test_where_it_is_told_from_is_no_stop(gazetteer: geomap.Gazetteer) -> None:
    text = ("GENEVA — Speaking in Geneva, a UN spokesman said 5,000 people had fled Sudan "
            "on Sunday.")
    move, names = _one(gazetteer, text)
    assert _route(move, names) == ("Sudan", [], None)
    assert (move.who, move.count) == ("5,000 people", 5000)


def test_evidence_and_stable_ids(gazetteer: geomap.Gazetteer) -> None:
    text = "Officials met in Rome. The minister flew from Ankara to Baghdad."
    move, _ = _one(gazetteer, text)
    assert move.evidence.sentence == 1
    assert move.evidence.quote == "The minister flew from Ankara to Baghdad."
    assert text[move.evidence.start:move.evidence.end] == move.evidence.quote
    assert move.id.startswith("move:") and move.id == _one(gazetteer, text)[0].id
    assert move.actor_id is None


def test_the_lexicon_is_a_sourced_data_file() -> None:
    assert data_path("lexicon", "movement.csv").is_file()
    assert "WordNet" in lexicon_source("movement.csv")
    words = movement_words()
    assert words.verbs["reach"].object == "destination"
    assert words.verbs["flee"].object == "origin"
    assert words.modes[("cayuco",)] == "boat" and words.modes[("la", "bestia")] == "train"

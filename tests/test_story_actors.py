"""Actors on short articles written for these tests, one per failure class of issue 15.

Each test asserts what a user sees in the actors table: the names, their kinds and how many
mentions each holds (names, later parts of names, pronouns and "the two").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from geomap.errors import DataError
from geomap.extract import lexicon
from geomap.extract.actors import (
    country_acts,
    extract_actors,
    is_reference,
    non_place_spans,
    resolve_reference,
)
from geomap.extract.sentences import split_sentences
from geomap.extract.tokens import tokenize
from geomap.model import Actor, Article
from geomap.resources import data_path


def _actors(text: str) -> dict[str, Actor]:
    article = Article("t", text)
    return {a.name: a for a in extract_actors([article], {"t": split_sentences(text)})}


def _texts(actor: Actor) -> list[str]:
    return [m.text for m in actor.mentions]


def test_a_name_keeps_its_particles() -> None:
    actors = _actors(
        "European Commission President Ursula von der Leyen arrived in Kyiv on Friday. "
        "Von der Leyen said the bloc would send more aid.")
    assert set(actors) == {"Ursula von der Leyen"}
    vdl = actors["Ursula von der Leyen"]
    assert vdl.kind == "person" and vdl.id == "person:ursula-von-der-leyen"
    assert _texts(vdl) == ["Ursula von der Leyen", "Von der Leyen"]
    assert vdl.titles == ("European Commission President",)


def test_a_crown_prince_is_one_actor() -> None:
    actors = _actors(
        "Crown Prince Mohammed bin Salman received the envoy in Riyadh on Sunday. "
        "Bin Salman told reporters the talks had gone well.")
    assert list(actors) == ["Mohammed bin Salman"]
    mbs = actors["Mohammed bin Salman"]
    assert mbs.titles == ("Crown Prince",) and _texts(mbs) == ["Mohammed bin Salman",
                                                               "Bin Salman"]


def test_a_surname_that_is_a_month() -> None:
    actors = _actors(
        "Prime Minister Theresa May flew to Brussels in May. May said on Tuesday that talks "
        "would go on.")
    assert list(actors) == ["Theresa May"]
    # "in May" is the month; "May said" is the prime minister.
    assert _texts(actors["Theresa May"]) == ["Theresa May", "May"]


def test_hyphenated_given_names_and_double_surnames() -> None:
    actors = _actors(
        "French Foreign Minister Jean-Yves Le Drian met Andrés Manuel López Obrador in Mexico "
        "City on Monday. López Obrador said trade was discussed. Le Drian left for Havana.")
    assert set(actors) == {"Jean-Yves Le Drian", "Andrés Manuel López Obrador"}
    assert _texts(actors["Jean-Yves Le Drian"]) == ["Jean-Yves Le Drian", "Le Drian"]
    assert _texts(actors["Andrés Manuel López Obrador"]) == [
        "Andrés Manuel López Obrador", "López Obrador"]


def test_later_names_match_across_diacritics_and_articles() -> None:
    actors = _actors(
        "Turkish President Recep Tayyip Erdoğan met Syrian President Bashar al-Assad. "
        "Erdogan said Turkey wanted calm, and Assad agreed.")
    assert _texts(actors["Recep Tayyip Erdoğan"]) == ["Recep Tayyip Erdoğan", "Erdogan"]
    assert _texts(actors["Bashar al-Assad"]) == ["Bashar al-Assad", "Assad"]
    # Across articles: a later article's "Erdogan" joins the whole name of an earlier one.
    one = Article("a", "Turkish President Recep Tayyip Erdoğan spoke on Monday.")
    two = Article("b", "Officials said President Erdogan would travel on Friday.")
    (erdogan,) = extract_actors([one, two], {a.id: split_sentences(a.text) for a in (one, two)})
    assert erdogan.name == "Recep Tayyip Erdoğan" and len(erdogan.mentions) == 2


def test_a_whole_organisation_name() -> None:
    actors = _actors("The Nigerian Ministry of Foreign Affairs said it had summoned the envoy.")
    assert list(actors) == ["Nigerian Ministry of Foreign Affairs"]
    assert actors["Nigerian Ministry of Foreign Affairs"].kind == "organisation"
    # A conjunction capitalised at a sentence start is no word of the name.
    actors = _actors("And National Guard helicopters were assisting with the rescue.")
    assert list(actors) == ["National Guard"]


def test_a_later_surname_joins_its_person() -> None:
    actors = _actors(
        "Chinese Foreign Minister Wang Yi visited Moscow on Monday. Wang said China backed "
        "the talks. Wang also met officials. Later, Wang said relations were strong.")
    assert list(actors) == ["Wang Yi"]
    assert _texts(actors["Wang Yi"]) == ["Wang Yi", "Wang", "Wang", "Wang"]


def test_a_part_two_people_share_joins_neither() -> None:
    actors = _actors(
        "Foreign Minister Wang Yi met spokesman Wang Wenbin on Monday. Wang said little.")
    assert _texts(actors["Wang Yi"]) == ["Wang Yi"]
    assert _texts(actors["Wang Wenbin"]) == ["Wang Wenbin"]


def test_pronouns_join_their_person_in_the_same_or_next_sentence() -> None:
    actors = _actors(
        "Mr. Carlos Ortega met Queen Maxima in Lima on Monday. She thanked him for the "
        "visit.\n\nThe weather was fine. Rain fell. She left on Tuesday.")
    # The titles tell who is a woman: "She" is the queen, though Ortega is named first;
    # "him" is Ortega. "She" three sentences on points to no one.
    assert _texts(actors["Maxima"]) == ["Maxima", "She"]
    assert _texts(actors["Carlos Ortega"]) == ["Carlos Ortega", "him"]


def test_a_pronoun_points_to_the_subject_before_it() -> None:
    actors = _actors(
        "Foreign Minister Wang Yi met President Dina Boluarte in Lima. He said the talks "
        "were useful.")
    assert _texts(actors["Wang Yi"]) == ["Wang Yi", "He"]
    assert _texts(actors["Dina Boluarte"]) == ["Dina Boluarte"]


def test_the_two_join_both_people() -> None:
    actors = _actors(
        "Prime Minister Ana Ruiz met Chancellor Karl Meyer in Vienna. The two leaders signed "
        "a pact. Officials said the two countries would cooperate.")
    for name in ("Ana Ruiz", "Karl Meyer"):
        assert [m.text for m in actors[name].mentions if is_reference(m)] == ["The two leaders"]


def test_reference_api_gives_the_actor_of_a_pronoun() -> None:
    text = "Foreign Minister Wang Yi arrived in Moscow. He met reporters."
    article = Article("t", text)
    actors = extract_actors([article], {"t": split_sentences(text)})
    assert resolve_reference(actors, "t", text.index("He")) == ("person:wang-yi",)
    assert resolve_reference(actors, "t", text.index("Moscow")) == ()
    he = next(m for a in actors for m in a.mentions if m.text == "He")
    assert is_reference(he) and (he.start, he.end) == (text.index("He"), text.index("He") + 2)


@pytest.mark.parametrize(("text", "name", "how"), [
    ("China said it would send aid.", "China", "subject"),
    ("Canada will not send troops to Haiti.", "Canada", "subject"),
    ("Chile and Peru signed a deal.", "Peru", "subject"),
    ("Panama signed an agreement with Colombia.", "Colombia", "with"),
    ("Canada will not send troops to Haiti.", "Haiti", None),
    ("Chile's foreign ministry said it was pleased.", "Chile", None),
    ("Thousands marched in Chile on Monday.", "Chile", None),
])
def test_a_country_acts_only_when_the_text_makes_it_act(text: str, name: str,
                                                        how: str | None) -> None:
    start = text.index(name)
    assert country_acts(text, start, start + len(name)) == how


def test_non_place_spans_keep_whole_names_for_places() -> None:
    text = "Prime Minister Theresa May met Ursula von der Leyen in Brussels."
    spans = non_place_spans(text, tokenize(text))
    names = {text[s.start:s.end]: s for s in spans}
    assert set(names) == {"Theresa May", "Ursula von der Leyen"}
    assert names["Ursula von der Leyen"].surnames(text) == ["Leyen"]


@pytest.mark.parametrize("name", [
    "abbreviations.txt", "acting_verbs.txt", "admin_feature_words.txt", "brand_heads.txt",
    "connectors.txt", "feature_words.txt", "government_heads.txt", "group_nouns.txt",
    "locative.txt", "name_particles.txt", "name_stop_words.txt", "negation_reach.txt",
    "non_place_words.txt", "org_heads.txt", "person_particles.txt", "person_titles.txt",
    "place_modified.txt", "portfolios.txt", "pronouns.csv", "reporting_verbs.txt",
    "single_word_bodies.txt", "title_gender.csv",
])
def test_word_lists_are_data_files_with_their_source(name: str) -> None:
    assert data_path("lexicon", name).is_file()
    assert len(lexicon.lexicon_source(name)) > 10


def test_lexicon_keeps_its_public_names() -> None:
    for name in ("PERSON_TITLES", "ORG_HEADS", "CONNECTORS", "NON_PLACE_WORDS",
                 "NAME_PARTICLES", "LOCATIVE", "NEGATION_REACH", "ABBREVIATIONS"):
        words = getattr(lexicon, name)
        assert isinstance(words, frozenset) and words
        assert all(w == w.lower() for w in words), name
    assert "von" in lexicon.NAME_PARTICLES and "minister" in lexicon.PERSON_TITLES


def test_a_list_without_its_source_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    (tmp_path / "lexicon").mkdir()
    (tmp_path / "lexicon" / "bare.txt").write_text("# no source here\nword\n")
    monkeypatch.setattr(lexicon, "data_path", lambda *parts: tmp_path.joinpath(*parts))
    with pytest.raises(DataError, match="source"):
        lexicon.words("bare")


def test_a_body_named_by_a_country_belongs_to_it() -> None:
    from geomap.extract.actors import country_in_name

    assert country_in_name("The U.S. Army") == "US"
    assert country_in_name("Malaysian government") == "MY"
    assert country_in_name("Nigerian Ministry of Foreign Affairs") == "NG"
    assert country_in_name("Red Cross") is None
    assert country_in_name("U.S.") is None  # the country itself is no body of it

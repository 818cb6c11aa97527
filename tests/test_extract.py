from __future__ import annotations

import datetime as dt

import geomap
from geomap.extract.places import find_toponyms
from geomap.extract.sentences import split_sentences
from geomap.extract.time import extract_times
from geomap.model import Article

OTHER_STORY = Article(
    id="kenya",
    published=dt.date(2024, 3, 6),  # a Wednesday
    outlet="Example Wire",
    text=(
        "Foreign Minister Ana Ruiz visited Nairobi, Kenya, last Thursday to meet officials.\n"
        "Ruiz and Kenya's interior minister signed a border agreement on March 3 in Mombasa.\n"
        "The ministry said it would not deploy troops to Somalia.\n"
        "Read more: Floods hit Jakarta\n"
    ),
)


def test_sentences_keep_abbreviations_together() -> None:
    text = "Army Gen. Laura Richardson visited the U.S. base. It was Monday."
    assert [s.text for s in split_sentences(text)] == [
        "Army Gen. Laura Richardson visited the U.S. base.", "It was Monday."]


def test_seed_toponyms_have_exact_spans(story: geomap.Story) -> None:
    names = {r.mention.text for r in story.resolutions}
    assert {"Darien Gap", "Bajo Chiquito", "Panama", "Colombia", "Rio De Janeiro"} <= names
    for r in story.resolutions:
        art = story.article(r.mention.article_id)
        assert art.text[r.mention.start:r.mention.end] == r.mention.text
        sentence = story.sentences[art.id][r.mention.sentence]
        assert sentence.start <= r.mention.start < r.mention.end <= sentence.end


def test_person_names_are_not_places(story: geomap.Story) -> None:
    # Richardson, Texas exists, but here it is Gen. Laura Richardson, every time.
    assert "Richardson" not in {r.mention.text for r in story.resolutions}
    reasons = {r.reason for r in story.rejected if r.mention.text == "Richardson"}
    assert any("person" in why for why in reasons)
    # "Homeland Security" and "National Police" are organisations, not towns.
    assert "Homeland" not in {r.mention.text for r in story.resolutions}


def test_ambiguous_names_resolve_with_the_articles_context(story: geomap.Story) -> None:
    darien = [r for r in story.resolutions if r.mention.text == "Darien"]
    assert darien and all(r.candidate and r.candidate.countrycode == "PA" for r in darien)


def test_other_story_is_read_just_as_well(gazetteer: geomap.Gazetteer) -> None:
    story = geomap.story_from_articles([OTHER_STORY], gazetteer=gazetteer)
    by_text = {r.mention.text: r.candidate for r in story.resolutions}
    assert by_text["Nairobi"] is not None and by_text["Nairobi"].countrycode == "KE"
    assert by_text["Mombasa"] is not None and by_text["Mombasa"].countrycode == "KE"
    assert "Ruiz" not in by_text and "Ana" not in by_text
    jakarta = next(p for p in story.places if p.candidate.name == "Jakarta")
    assert all(m.section == "related-link" for m in jakarta.mentions)
    assert all(jakarta.id not in e.place_ids for e in story.events)
    visit = next(e for e in story.events if e.code == "042")
    assert visit.date == dt.date(2024, 2, 29) and visit.date_precision == "day"
    assert story.place(visit.place_ids[0]).candidate.name == "Nairobi"
    minister = next(a for a in story.actors if a.name.endswith("Ruiz"))
    assert minister.kind == "person" and len(minister.mentions) == 2
    assert "Foreign Minister" in minister.titles
    agreement = next(e for e in story.events if e.code == "057")
    assert agreement.date == dt.date(2024, 3, 3)
    denied = [e for e in story.events if e.modality == "denied"]
    assert denied and story.place(denied[0].place_ids[0]).candidate.name == "Somalia"


def test_dates_resolve_against_publication_with_precision(story: geomap.Story) -> None:
    got = {(t.text, t.date, t.precision) for t in story.times}
    assert ("Monday", dt.date(2023, 5, 22), "day") in got
    assert ("Yesterday", dt.date(2023, 5, 22), "day") in got
    assert ("April", dt.date(2023, 4, 1), "month") in got
    assert ("Last month", dt.date(2023, 4, 1), "month") in got


def test_no_date_is_invented_without_a_publication_date() -> None:
    art = Article("x", "She arrived Monday and left in April 2021.")
    found = extract_times(art, split_sentences(art.text))
    assert [(t.text, t.date) for t in found] == [("April 2021", dt.date(2021, 4, 1))]


def test_rejections_are_kept_with_reasons(gazetteer: geomap.Gazetteer) -> None:
    art = Article("p", "The Washington Post said Gen. Jackson Lee met Paris Hilton in Lyon.")
    found, rejected = find_toponyms(art, split_sentences(art.text), gazetteer)
    assert [m.text for m in found] == ["Lyon"]
    assert {r.mention.text for r in rejected} >= {"Washington", "Paris"}
    assert all(r.reason for r in rejected)


def test_a_place_closing_a_bodys_name_is_where_it_is(gazetteer: geomap.Gazetteer) -> None:
    # After an organisation or a kind of place, a name is no surname: the body is there.
    art = Article("v", "The situation in SOS Children's Village Malakal is stable, but cholera "
                       "is spreading. Jackson Lee met officials.")
    found, _ = find_toponyms(art, split_sentences(art.text), gazetteer)
    assert [m.text for m in found] == ["Malakal"]


def test_actors_join_every_mention_with_titles_and_roles(story: geomap.Story) -> None:
    richardson = story.actor("actor:laura-richardson")
    assert richardson is not None
    assert {m.article_id for m in richardson.mentions} == {a.id for a in story.articles}
    assert len(richardson.mentions) >= 5
    assert "Army Gen." in richardson.titles
    assert any("Southern Command" in role for role in richardson.roles)
    assert richardson.record is not None and richardson.record["home_base"]["place"]


def test_seed_events(story: geomap.Story) -> None:
    gap = "geomap:darien-gap"
    visit = next(e for e in story.events if e.code == "042" and gap in e.place_ids)
    assert visit.date == dt.date(2023, 5, 22) and visit.modality == "occurred"
    assert "actor:laura-richardson" in {p.actor_id for p in visit.participants}
    assert {ev.article_id for ev in visit.evidence} == {a.id for a in story.articles}
    agreement = next(e for e in story.events if e.code == "057")
    assert agreement.date == dt.date(2023, 4, 1) and agreement.date_precision == "month"
    flows = [e for e in story.events if e.code == "MIG"]
    assert any("geomap:bajo-chiquito" in e.place_ids for e in flows)
    # Places only named in "Read more" links stay out of this story's events.
    rio = next(p for p in story.places if p.candidate.name == "Rio de Janeiro")
    assert all(rio.id not in e.place_ids for e in story.events)


def test_a_holiday_names_its_day_nearest_the_publication() -> None:
    art = Article("a", "Five men were charged over disturbances on St. Patrick’s Day. Shops "
                  "were looted on Christmas Eve.", published=dt.date(2009, 3, 20))
    found = {t.text: (t.date, t.precision) for t in extract_times(art, split_sentences(art.text))}
    assert found == {"St. Patrick’s Day": (dt.date(2009, 3, 17), "day"),
                     "Christmas Eve": (dt.date(2008, 12, 24), "day")}  # last one, not next
    undated = Article("b", "Riots broke out on Christmas Eve.")
    assert extract_times(undated, split_sentences(undated.text)) == []

"""The parse events are read from: the model's own answers, only faster, and bounded."""

from __future__ import annotations

import spacy

from geomap.extract import parse as parse_module
from geomap.extract.parse import MAX_PARSE_CHARS, parse
from geomap.extract.tagattrs import undoubled

SENTENCES = [
    "There is no plan to send troops to Haiti, Defence Minister Bill Blair said on Wednesday.",
    "All of them were arrested in Batumi and Tbilisi, which the party called a provocation.",
    "Both sides said that this was the deal they had wanted; that one was not.",
    "She'll be flying to Jakarta, where he's expected to sign a trade pact with Indonesia.",
    "Migrants line up to take a boat after crossing the Darien Gap from Colombia.",
    "I met him, and you met her: we all agreed it was something nobody expected.",
]


def _seed_sentences() -> list[str]:
    from geomap.extract.sentences import split_sentences

    from .conftest import SEEDS

    return [s.text for path in sorted(SEEDS.glob("*.txt"))
            for s in split_sentences(path.read_text(encoding="utf-8")) if s.text.strip()]


def test_tags_lemmas_and_morphology_are_the_models_own() -> None:
    package = next(n for n in parse_module._MODEL_ALIASES if spacy.util.is_package(n))
    full = spacy.load(package, exclude=["ner", "senter"])  # with its ruler and lemmatiser
    sentences = SENTENCES + _seed_sentences()  # names, numbers, quotes, a headline
    assert len(sentences) > 40
    for ours, theirs in zip(parse(sentences), full.pipe(sentences), strict=True):
        assert ours is not None
        assert [(t.pos_, t.lemma_, str(t.morph), t.dep_, t.head.i) for t in ours] == [
            (t.pos_, _spelled(t.text, t.lemma_), str(t.morph), t.dep_, t.head.i)
            for t in theirs]


def _spelled(word: str, lemma: str) -> str:
    """The model's lemma, but "hope" for "hoping" (the one fix geomap makes: see below)."""
    return lemma + "e" if undoubled(word.lower(), lemma) else lemma


def test_a_consonant_english_would_double_tells_the_lemma() -> None:
    # The model's lemmatiser takes "hoping" for "hop" + -ing and "staged" for "stag" + -ed:
    # "hop" makes "hopping", so it is "hope"; "hopped" stays "hop".
    words = ["hoping", "hoped", "staged", "rated", "hopped", "visited", "planned", "based"]
    docs = parse([f"They {w} it." for w in words])
    assert [d[1].lemma_ for d in docs if d is not None] == [
        "hope", "hope", "stage", "rate", "hop", "visit", "plan", "base"]


def test_a_sentence_too_long_to_parse_gives_none() -> None:
    long = "word " * (MAX_PARSE_CHARS // 5 + 1)
    assert parse([long, "Troops arrived."])[0] is None


def test_every_lemma_the_model_gives_is_a_candidate() -> None:
    # The parse gate is lossless only if lemma_candidates holds every lemma a word may get.
    from geomap.extract.parse import lemma_candidates

    for doc in parse(SENTENCES):
        assert doc is not None
        for t in doc:
            assert t.lemma_.lower() in lemma_candidates(t.text), (t.text, t.lemma_)


def test_only_sentences_where_an_event_word_may_fire_are_parsed() -> None:
    from geomap.extract.eventlex import may_hold_event

    parsed = [
        "The army sent 2,000 troops to the border.",  # "send" + troops
        "Hurricane Katrina struck the coast.",  # a name after the capitalised word
        "Shingleton is running for re-election.",  # a hyphenated word's part
        "Senior Official Visits Georgia",  # a title: every word capitalised
        "Two men were arrested on Monday.",
    ]
    skipped = [
        "She sent a letter to the editor.",  # "send" needs troops or aid beside it
        "According to the report, sales rose.",  # "accord" is a noun: no "according"
        "The Board of Education will decide.",  # a word of a name
        "It happened on March 23.",  # the month, not a march
    ]
    assert [may_hold_event(s) for s in parsed] == [True] * len(parsed)
    assert [may_hold_event(s) for s in skipped] == [False] * len(skipped)


def test_the_gate_keeps_every_sentence_the_extractor_would_fire_in() -> None:
    # Each of these holds an event word the extractor fires on; none may be skipped.
    from geomap.extract.eventlex import may_hold_event
    from geomap.extract.events import _triggers

    sentences = [
        "Russia sent war-ships to Syria.",
        "Kenya sent soldiers' convoys to Garissa.",
        "Three more H1N1 cases were confirmed in Mexico City.",
        "The attack's victims were buried in Kabul.",
        "Villagers describe 'massacre' in Darfur village.",
        "A jury acquitted the officer in Baltimore on Monday.",
        '"Attack them now," the commander shouted in Gaza.',
        "Officials said the PROTEST in Cairo was peaceful.",
        "The court upheld the ruling in Lahore.",
    ]
    for s, doc in zip(sentences, parse(sentences), strict=True):
        assert doc is not None and _triggers(doc), s
        assert may_hold_event(s), s

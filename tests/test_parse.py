"""The parse events are read from: the model's own answers, only faster, and bounded."""

from __future__ import annotations

import spacy

from geomap.extract import parse as parse_module
from geomap.extract.parse import MAX_PARSE_CHARS, parse

SENTENCES = [
    "There is no plan to send troops to Haiti, Defence Minister Bill Blair said on Wednesday.",
    "All of them were arrested in Batumi and Tbilisi, which the party called a provocation.",
    "Both sides said that this was the deal they had wanted; that one was not.",
    "She'll be flying to Jakarta, where he's expected to sign a trade pact with Indonesia.",
    "Migrants line up to take a boat after crossing the Darien Gap from Colombia.",
    "I met him, and you met her: we all agreed it was something nobody expected.",
]


def test_tags_lemmas_and_morphology_are_the_models_own() -> None:
    package = next(n for n in parse_module._MODEL_ALIASES if spacy.util.is_package(n))
    full = spacy.load(package, exclude=["ner", "senter"])  # with its ruler and lemmatiser
    for ours, theirs in zip(parse(SENTENCES), full.pipe(SENTENCES), strict=True):
        assert ours is not None
        assert [(t.pos_, t.lemma_, str(t.morph), t.dep_, t.head.i) for t in ours] == [
            (t.pos_, t.lemma_, str(t.morph), t.dep_, t.head.i) for t in theirs]


def test_a_sentence_too_long_to_parse_gives_none() -> None:
    long = "word " * (MAX_PARSE_CHARS // 5 + 1)
    assert parse([long, "Troops arrived."])[0] is None

"""Title-case headlines are parsed from a sentence-case copy and keep their own words."""

from __future__ import annotations

import pytest

from sitrep import nlp, recase


def _known(name: str) -> bool:
    return name in {"West Bank", "Kabul"}


def test_a_title_case_headline_gets_a_sentence_case_copy_of_the_same_length():
    text = "Rebels Kill 16 Soldiers in Ambush Near Kabul"
    copy = recase.headline_copy(text, known_place=_known)
    assert copy == "Rebels kill 16 soldiers in ambush near Kabul"
    assert len(copy) == len(text)


def test_names_acronyms_demonyms_known_places_and_the_first_word_keep_their_capital():
    copy = recase.headline_copy(
        "Police Say UN Convoy Hit by Mortar Fire in West Bank, Zelenskyy Condemns Syrian Attack",
        known_place=_known,
    )
    assert copy == (
        "Police say UN convoy hit by mortar fire in West Bank, Zelenskyy condemns Syrian attack"
    )
    assert recase.headline_copy("Update: Shelling Hits Market", known_place=_known) == (
        "Update: Shelling hits market"
    )


def test_sentence_case_and_long_texts_are_left_alone():
    assert (
        recase.headline_copy("Missile strike on Kramatorsk railway station", known_place=_known)
        is None
    )
    assert recase.headline_copy("Shelling Hits " * 30, known_place=_known) is None
    assert recase.headline_copy("Kyiv: Latest", known_place=_known) is None  # too few words


@pytest.mark.slow
def test_the_parse_of_the_copy_carries_the_original_words():
    text = "Saudi Airstrike on Yemeni Market Kills 10"
    copy = recase.headline_copy(text, known_place=_known)
    assert copy is not None
    doc = recase.with_words_of(nlp.load()(copy), text)
    assert nlp.text_of(doc) == text
    assert recase.parsed_text(doc) == copy
    kills = doc[5]
    assert (kills.text, kills.lemma_, kills.pos_) == ("Kills", "kill", "VERB")
    assert {t.text for t in doc if t.pos_ == "PROPN"} <= {"Saudi", "Yemeni"}

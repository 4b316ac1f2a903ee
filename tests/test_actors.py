"""Actor recognition on sentences written for these tests, with the real English model."""

from __future__ import annotations

import pytest

from sitrep import actors, nlp


@pytest.fixture(scope="module")
def parse():
    return nlp.load()


def _names(parse, text: str, **options) -> list[tuple[str, str]]:
    return [(m.text, m.name) for m in actors.run(parse(text), **options)]


def test_alias_in_parentheses_resolves_later_bare_acronym(parse):
    text = (
        "Fighters of the Russian Volunteer Corps (RVC) crossed into Belgorod region. "
        "Later the RVC said its men had taken a village."
    )
    mentions = actors.run(parse(text))
    assert [(m.text, m.name) for m in mentions] == [
        ("Russian Volunteer Corps", "Russian Volunteer Corps"),
        ("RVC", "Russian Volunteer Corps"),
    ]
    second = mentions[1]
    assert text[second.start : second.end] == "RVC"
    assert second.start > text.index("Later")


def test_unknown_group_defined_in_document(parse):
    text = (
        "The Northern Free Brigade (NFB) attacked a checkpoint. "
        "Two NFB fighters were later arrested."
    )
    names = _names(parse, text)
    assert ("Northern Free Brigade", "Northern Free Brigade") in names
    assert any(t.startswith("NFB") and n == "Northern Free Brigade" for t, n in names)


def test_reverse_definition_acronym_first(parse):
    text = "The RVC (Russian Volunteer Corps) claimed the raid, and the RVC posted a video."
    names = _names(parse, text)
    assert names == [("RVC", "Russian Volunteer Corps"), ("RVC", "Russian Volunteer Corps")]


def test_lexicon_alias_resolves_globally(parse):
    names = _names(parse, "ISIS claimed responsibility, and Daesh media released a statement.")
    assert [n for _, n in names] == ["Islamic State", "Islamic State"]


def test_acronyms_are_case_sensitive(parse):
    assert _names(parse, "It is what it is, said the villagers.") == [("villagers", "Civilians")]


def test_demonym_and_force_noun(parse):
    text = (
        "Russian troops advanced while Israeli warplanes and the Sudanese army were busy elsewhere."
    )
    names = _names(parse, text)
    assert names == [
        ("Russian troops", "Military Forces of Russia"),
        ("Israeli warplanes", "Military Forces of Israel"),
        ("Sudanese army", "Military Forces of Sudan"),
    ]


def test_possessive_country_and_pro_prefix(parse):
    text = "Pro-Russian separatists fired on Ukraine's military near Donetsk."
    names = dict(_names(parse, text))
    assert names["Ukraine's military"] == "Military Forces of Ukraine"
    assert "Military Forces of Russia" not in names.values()


def test_longest_match_wins(parse):
    text = "A spokesman for the Free Syrian Army denied the report."
    names = _names(parse, text)
    assert names == [("Free Syrian Army", "Syrian National Army")]


def test_named_actor_absorbs_member_noun(parse):
    names = _names(parse, "Hamas gunmen opened fire.")
    assert names == [("Hamas gunmen", "Hamas")]


def test_generic_actor_takes_country(parse):
    text = "Protesters gathered in Lahore, Pakistan, and police fired tear gas."
    assert _names(parse, text) == [
        ("Protesters", "Protesters (Pakistan)"),
        ("police", "Police Forces of Pakistan"),
    ]
    explicit = _names(parse, "Protesters blocked the road.", country="CL")
    assert explicit == [("Protesters", "Protesters (Chile)")]


def test_sentence_without_actors(parse):
    assert actors.run(parse("The weather was sunny and the market opened late.")) == []


def test_no_duplicate_spans(parse):
    mentions = actors.run(parse("The IDF said Israel Defense Forces troops hit Hamas positions."))
    spans = [(m.start, m.end) for m in mentions]
    assert len(spans) == len(set(spans))
    for a, b in zip(mentions, mentions[1:], strict=False):
        assert a.end <= b.start


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("the IDF", "Military Forces of Israel"),
        ("ISIS", "Islamic State"),
        ("Russian Defence Ministry", "Military Forces of Russia"),
        ("Ukraine's General Staff", "Military Forces of Ukraine"),
        ("a spokesman for the Houthis", "Military Forces of Yemen Supreme Political Council"),
        ("Military Forces of Russia", "Military Forces of Russia"),
        ("the Sudanese army", "Military Forces of Sudan"),
        ("a local shopkeeper", None),
        ("", None),
    ],
)
def test_resolve(phrase, expected):
    assert actors.resolve(phrase) == expected


def test_short_form_of_a_named_battalion(parse):
    text = "Fighters of the Siberia Battalion crossed the border."
    assert ("Siberia Battalion", "Siberian Battalion") in _names(parse, text)


def test_generic_actors_take_the_event_country_and_named_ones_stay():
    assert actors.for_country("Police Forces", "UA") == "Police Forces of Ukraine"
    assert actors.for_country("Civilians", "UA") == "Civilians (Ukraine)"
    assert actors.for_country("Taliban", "AF") == "Taliban"
    assert actors.for_country("Military Forces of Russia", "UA") == "Military Forces of Russia"
    assert actors.requalified("Military Forces of Poland", "AF") == "Military Forces of Afghanistan"
    assert actors.country_named("Russian troops") == "RU"
    assert actors.country_named("Ukraine's army") == "UA"
    assert actors.country_named("security forces") is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Police Forces of Ukraine", ("state forces", "UA")),
        ("Military Forces of Russia", ("state forces", "RU")),
        ("Civilians (Mali)", ("civilians", "ML")),
        ("Taliban", ("rebel group", "AF")),
        ("Civilians", ("civilians", None)),
        ("a man from the village", None),
    ],
)
def test_category_gives_the_acled_kind_and_country_of_a_canonical_name(name, expected):
    assert actors.category(name) == expected

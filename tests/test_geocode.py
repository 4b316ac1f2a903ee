"""Tests for sitrep.geocode on a tiny gazetteer and the real English pipeline."""

from __future__ import annotations

import datetime as dt

import pytest

from place_fixture import place as _place
from sitrep import geocode, nlp
from sitrep.gazetteer import Gazetteer
from sitrep.records import Article, Span

PLACES = [
    _place("Ukraine", 49.0, 31.3, "UA", "PCLI", 44_000_000, country="Ukraine"),
    _place("Russia", 61.7, 99.7, "RU", "PCLI", 144_000_000, country="Russia"),
    _place("Greece", 39.0, 22.0, "GR", "PCLI", 10_700_000, country="Greece"),
    _place("United States", 39.5, -99.1, "US", "PCLI", 327_000_000, country="United States"),
    _place("Turkey", 39.0, 35.4, "TR", "PCLI", 82_000_000, country="Turkey"),
    _place("Turkey", 34.99, -78.18, "US", "PPL", 290, admin1="North Carolina"),
    _place("Kyiv", 50.45, 30.52, "UA", "PPLC", 2_950_000, admin1="Kyiv"),
    _place("Kyiv", 44.0, -80.0, "CA", "PPL", 600, admin1="Ontario"),
    _place("Kursk Oblast", 51.6, 35.9, "RU", "ADM1", 1_100_000, admin1="Kursk Oblast"),
    _place("Kursk", 51.73, 36.19, "RU", "PPL", 450_000, admin1="Kursk Oblast"),
    _place("Belgorod Oblast", 50.6, 37.1, "RU", "ADM1", 1_500_000, admin1="Belgorod Oblast"),
    _place("Belgorod", 50.6, 36.6, "RU", "PPL", 345_000, admin1="Belgorod Oblast"),
    _place("Athens", 37.98, 23.73, "GR", "PPLC", 660_000, admin1="Attica"),
    _place("Athens", 33.96, -83.38, "US", "PPL", 115_000, admin1="Georgia"),
    _place("Springfield", 37.2, -93.3, "US", "PPL", 167_000, admin1="Missouri"),
    _place("Springfield", 39.8, -89.64, "US", "PPL", 116_000, admin1="Illinois"),
    _place("Illinois", 40.0, -89.2, "US", "ADM1", 12_800_000, admin1="Illinois"),
]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.from_places(
        PLACES,
        aliases={"Kursk Oblast": ["Kursk"], "Belgorod Oblast": ["Belgorod"]},
        abbreviations={"Illinois": ["Ill."]},
        demonyms={"Russian": "RU", "Ukrainian": "UA"},
    )


def _run(text, gaz, dateline=None):
    article = Article(id="t", text=text, published=dt.date(2024, 8, 10), dateline=dateline)
    mentions = geocode.run(nlp.load()(text), article=article, gazetteer=gaz)
    for m in mentions:
        assert text[m.start : m.end] == m.text
    return {m.text: m.place for m in mentions}


def test_dateline_alone_is_a_place(gaz):
    text = "KYIV - Officials said the night was quiet."
    found = _run(text, gaz, dateline=Span(start=0, end=4, text="KYIV"))
    assert found["KYIV"].country_code == "UA"
    assert found["KYIV"].feature_code == "PPLC"


@pytest.mark.parametrize(
    ("tail", "country"), [("across the United States.", "US"), ("across Greece.", "GR")]
)
def test_ambiguous_name_follows_article_country(gaz, tail, country):
    found = _run(f"Flooding hit Athens on Monday as storms moved {tail}", gaz)
    assert found["Athens"].country_code == country


def test_country_resolves_to_its_centre_point(gaz):
    found = _run("Talks between the two sides were held in Turkey last week.", gaz)
    turkey = found["Turkey"]
    assert turkey.feature_code == "PCLI"
    assert geocode.distance_km(turkey.latitude, turkey.longitude, 39.0, 35.0) < 100


def test_region_word_selects_admin1_and_bare_name_the_city(gaz):
    found = _run("Drones struck the Russian regions of Kursk and Belgorod overnight.", gaz)
    assert found["Kursk"].feature_code == "ADM1"
    assert found["Belgorod"].feature_code == "ADM1"
    assert found["Kursk"].admin1 == "Kursk Oblast"
    found = _run("A drone hit an apartment block in Kursk, officials said.", gaz)
    assert found["Kursk"].feature_code == "PPL"


def test_city_state_pair(gaz):
    found = _run("Police in Springfield, Ill., arrested two men.", gaz)
    assert found["Springfield"].admin1 == "Illinois"
    assert found["Ill."].feature_code == "ADM1"


def test_common_words_and_surnames_are_not_places(gaz):
    found = _run("Prosecutor Jane Athens said Athens would appeal. We ate turkey.", gaz)
    assert "Athens" not in found
    assert "turkey" not in found


def test_resolve_given_spans_and_unknown_names(gaz):
    text = "Shelling hit Kyiv and Atlantis."
    article = Article(id="t", text=text, published=dt.date(2024, 8, 10))
    spans = [(13, 17), (22, 30)]
    out = geocode.resolve(nlp.load()(text), spans, article=article, gazetteer=gaz)
    assert [m.text for m in out] == ["Kyiv", "Atlantis"]
    assert out[0].place.country_code == "UA"
    assert out[1].place is None

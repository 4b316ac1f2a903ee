"""An event's place agrees with the article's other places: a namesake abroad that nothing
else in the article supports loses to a place the article's other names support."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.tokens import Doc

from sitrep import nlp
from sitrep.events.place import _coherence
from sitrep.gazetteer import Gazetteer
from sitrep.ingest import find_dateline
from sitrep.pipeline import Pipeline
from sitrep.records import Article, Place, PlaceMention


def _place(name, cc, admin1, code, pop, lat=0.0, lon=0.0):
    return Place(
        name=name, latitude=lat, longitude=lon, country_code=cc, country=cc, admin1=admin1,
        feature_class="P" if code.startswith("PPL") else "A", feature_code=code, population=pop,
    )  # fmt: skip


KOT = _place("Kot", "IN", "Punjab", "PPL", 12_000, 30.9, 75.8)
NANGARHAR = _place("Nangarhar", "AF", "Nangarhar", "ADM1", 1_500_000, 34.3, 70.5)
JALALABAD = _place("Jalalabad", "AF", "Nangarhar", "PPLA", 350_000, 34.43, 70.45)
KABUL = _place("Kabul", "AF", "Kabul", "PPLC", 4_000_000, 34.5, 69.2)


def _article(places: list[Place]) -> tuple[list[PlaceMention], Doc]:
    """One sentence per place ("Troops fought in Kot."), with its mentions."""
    text, mentions = "", []
    for place in places:
        text += "Troops fought in "
        mentions.append(
            PlaceMention(start=len(text), end=len(text) + len(place.name), text=place.name,
                         place=place)
        )  # fmt: skip
        text += f"{place.name}. "
    return mentions, nlp.load()(text)


def test_a_place_is_supported_by_its_region_then_by_its_country_else_not():
    mentions, doc = _article([KOT, NANGARHAR, JALALABAD, KABUL])
    support = _coherence(mentions, doc)
    assert [support(m) for m in mentions] == [2, 0, 0, 1]


def test_a_lone_place_and_a_repeated_name_need_no_support():
    alone, doc = _article([KOT])
    assert _coherence(alone, doc)(alone[0]) == 0
    twice, doc = _article([KOT, KOT, KABUL])
    assert _coherence(twice, doc)(twice[0]) == 2


CELAYA = _place("Celaya", "MX", "Guanajuato", "PPL", 340_000, 20.52, -100.81)
GUANAJUATO = _place("Guanajuato", "MX", "Guanajuato", "ADM1", 5_800_000, 21.0, -101.0)
CAMARGO = _place("Camargo", "MX", "Queretaro", "PPL", 2_000, 20.4, -99.6)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.from_places([CELAYA, GUANAJUATO, CAMARGO])


def test_the_event_takes_the_place_its_region_supports_over_a_namesake_elsewhere(gaz):
    text = (
        "On 2 June 2021, in Celaya, Guanajuato, gunmen opened fire on a police patrol in Camargo "
        "neighbourhood, killing two officers."
    )
    pipeline = Pipeline(gazetteer=gaz, batch_size=4)
    (result,) = pipeline.run([Article(id="t", text=text, published=dt.date(2021, 6, 2))])
    assert result.events
    assert result.events[0].location == "Celaya"


MALI = _place("Mali", "ML", None, "PCLI", 20_000_000, 17.0, -4.0)
MOPTI = _place("Mopti", "ML", "Mopti", "ADM1", 2_000_000, 14.5, -4.2)
NARA_JP = _place("Nara", "JP", "Nara", "PPLA", 360_000, 34.68, 135.8)


def test_a_place_in_a_country_nothing_else_names_does_not_place_the_event():
    text = (
        "Suspected jihadists attacked a military camp in Mali's Mopti region on Saturday, the "
        "government said. The gunmen attacked the camp in Nara, killing three soldiers."
    )
    pipeline = Pipeline(gazetteer=Gazetteer.from_places([MALI, MOPTI, NARA_JP]), batch_size=4)
    (result,) = pipeline.run([Article(id="t", text=text, published=dt.date(2021, 6, 2))])
    assert any(m.text == "Nara" and m.place == NARA_JP for m in result.annotated.places)
    assert result.events
    assert {e.country_code for e in result.events} == {"ML"}


KYIV = _place("Kyiv", "UA", "Kyiv City", "PPLC", 2_900_000, 50.45, 30.52)
KHARKIV = _place("Kharkiv", "UA", "Kharkiv Oblast", "PPLA", 1_400_000, 49.99, 36.23)
UKRAINE = _place("Ukraine", "UA", None, "PCLI", 40_000_000, 49.0, 32.0)


def test_in_the_city_is_the_town_the_sentence_named_not_the_dateline():
    text = (
        "KYIV — Kharkiv regional Governor Oleh Synehubov said five people were "
        "killed in shelling of a residential neighborhood in the city on Friday."
    )
    article = Article(
        id="t", text=text, published=dt.date(2022, 4, 15), dateline=find_dateline(text)
    )
    pipeline = Pipeline(gazetteer=Gazetteer.from_places([KYIV, KHARKIV, UKRAINE]), batch_size=4)
    (result,) = pipeline.run([article])
    assert result.events
    assert {e.location for e in result.events} == {"Kharkiv"}

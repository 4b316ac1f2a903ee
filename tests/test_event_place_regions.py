"""An event's place is the most specific place the text gives for it: a world region
("the Middle East") neither takes a town's name nor stands for a country the story names."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep import geocode, nlp
from sitrep.gazetteer import Gazetteer
from sitrep.pipeline import Pipeline
from sitrep.records import Article, Place


def _place(name, lat, lon, cc, fclass, code, pop):
    return Place(
        name=name, latitude=lat, longitude=lon, country_code=cc, country=cc and name,
        feature_class=fclass, feature_code=code, population=pop,
    )  # fmt: skip


PLACES = [
    _place("Middle East", 29.1, 42.9, None, "L", "RGN", None),
    _place("Middle East", 39.3, -76.59, "US", "P", "PPL", 1_872),  # a Baltimore neighbourhood
    _place("United States", 39.8, -98.6, "US", "A", "PCLI", 330_000_000),
    _place("Iraq", 33.0, 44.0, "IQ", "A", "PCLI", 40_000_000),
    _place("Syria", 35.0, 38.5, "SY", "A", "PCLI", 22_000_000),
]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.from_places(PLACES, demonyms={"Iraqi": "IQ"})


def test_a_world_region_is_not_a_small_town_of_the_same_name(gaz):
    text = "U.S. Central Command, which oversees U.S. military operations in the Middle East, said."
    article = Article(id="t", text=text, published=dt.date(2025, 3, 14))
    (mention,) = [m for m in geocode.run(nlp.load()(text), article=article, gazetteer=gaz)
                  if m.text == "Middle East"]  # fmt: skip
    assert mention.place is not None and mention.place.feature_code == "RGN"


def test_an_event_in_a_region_takes_the_country_the_story_names(gaz):
    text = (
        "A militant leader was hunted down in Iraq, officials said. "
        "Central Command, which oversees operations in the Middle East, said he was killed "
        "in an airstrike on Thursday."
    )
    pipeline = Pipeline(gazetteer=gaz, batch_size=4)
    (result,) = pipeline.run([Article(id="t", text=text, published=dt.date(2025, 3, 14))])
    strikes = [e for e in result.events if e.sub_event_type == "Air/drone strike"]
    assert strikes and all(e.location == "Iraq" for e in strikes)
    assert all(e.geo_precision == 3 for e in strikes)


def test_an_event_at_a_town_written_with_the_city_its_region_is_named_after():
    def town(name, lat, lon, pop, admin1):
        place = _place(name, lat, lon, "UA", "P", "PPLA" if pop > 500_000 else "PPL", pop)
        return place.model_copy(update={"admin1": admin1})

    city = town("Zaporizhzhya", 47.84, 35.14, 710_000, "Zaporizhzhia Oblast")
    tokmak = town("Tokmak", 47.25, 35.71, 30_000, "Zaporizhzhia Oblast")
    gaz = Gazetteer.from_places([city, tokmak], aliases={"Zaporizhzhya": ["Zaporozhye"]})
    text = "Tokmak, Zaporozhye region, struck by missiles"
    pipeline = Pipeline(gazetteer=gaz, batch_size=4)
    (result,) = pipeline.run([Article(id="t", text=text, published=dt.date(2025, 3, 14))])
    assert result.events and all(e.location == "Tokmak" for e in result.events)

"""An event's place is a name the text writes as one: a common noun that recognition took
for a place ("worshipers left mosques" read as Moscow) places no event."""

from __future__ import annotations

import datetime as dt

from sitrep import events
from sitrep.events.place import _written_as_name
from sitrep.gazetteer import Gazetteer
from sitrep.pipeline import Pipeline
from sitrep.records import Article, Place, PlaceMention


def _place(name, lat, lon, cc, code, pop):
    return Place(
        name=name, latitude=lat, longitude=lon, country_code=cc, country=cc,
        feature_class="P", feature_code=code, population=pop,
    )  # fmt: skip


MOSCOW = _place("Moscow", 55.75, 37.62, "RU", "PPLC", 12_000_000)
IGABI = _place("Igabi", 10.78, 7.77, "NG", "PPL", 40_000)


def test_only_a_capitalised_mention_is_written_as_a_name():
    def mention(text: str) -> PlaceMention:
        return PlaceMention(start=0, end=len(text), text=text, place=MOSCOW)

    assert _written_as_name(mention("Moscow"))
    assert _written_as_name(mention("'Moscow'"))
    assert not _written_as_name(mention("mosques"))


def test_a_common_noun_taken_for_a_place_places_no_event():
    gaz = Gazetteer.from_places([MOSCOW, IGABI])
    text = (
        "Gunmen killed 12 villagers in Igabi on Sunday, police said. "
        "The gunmen began shooting people at random as worshipers left mosques after prayer."
    )
    article = Article(id="t", text=text, published=dt.date(2020, 3, 2))
    pipeline = Pipeline(gazetteer=gaz)
    doc, article = next(pipeline.docs([article]))
    annotated = pipeline.annotate(doc, article)
    start = text.index("mosques")
    taken = PlaceMention(start=start, end=start + len("mosques"), text="mosques", place=MOSCOW)
    misread = annotated.model_copy(update={"places": [*annotated.places, taken]})

    found = events.run(misread, doc=doc, gazetteer=gaz)
    assert found and all(e.location == "Igabi" for e in found)
    as_name = misread.model_copy(
        update={"places": [*annotated.places, taken.model_copy(update={"text": "Mosques"})]}
    )
    assert any(e.location == "Moscow" for e in events.run(as_name, doc=doc, gazetteer=gaz))

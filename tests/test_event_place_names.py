"""An event's place is a name the text writes as one and that says where it happened: a
common noun recognition took for a place ("worshipers left mosques" read as Moscow) and a
government making a statement ("Russia contends") place no event; a name qualifying the
event's own noun ("the Kramatorsk bombing") does."""

from __future__ import annotations

import datetime as dt

from sitrep import events
from sitrep.events.place import _speaks, _written_as_name
from sitrep.gazetteer import Gazetteer
from sitrep.pipeline import Pipeline
from sitrep.records import Article, Place, PlaceMention


def _place(name, lat, lon, cc, code, pop, admin1=None):
    return Place(
        name=name, latitude=lat, longitude=lon, country_code=cc, country=cc, admin1=admin1,
        feature_class="A" if code.startswith("PCL") else "P", feature_code=code, population=pop,
    )  # fmt: skip


MOSCOW = _place("Moscow", 55.75, 37.62, "RU", "PPLC", 12_000_000)
IGABI = _place("Igabi", 10.78, 7.77, "NG", "PPL", 40_000)


def test_only_a_capitalised_mention_is_written_as_a_name():
    def mention(text: str) -> PlaceMention:
        return PlaceMention(start=0, end=len(text), text=text, place=MOSCOW)

    assert _written_as_name(mention("Moscow"))
    assert _written_as_name(mention("'Moscow'"))
    assert _written_as_name(mention("al-Hasakeh"))
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


KRAMATORSK = _place("Kramatorsk", 48.72, 37.56, "UA", "PPL", 150_000, "Donetsk Oblast")
UKRAINE = _place("Ukraine", 49.0, 31.3, "UA", "PCLI", 44_000_000)
RUSSIA = _place("Russia", 60.0, 100.0, "RU", "PCLI", 144_000_000)


def test_a_name_qualifying_the_event_noun_is_where_it_happened():
    gaz = Gazetteer.from_places([KRAMATORSK, UKRAINE, RUSSIA])
    text = "The Kramatorsk bombing killed 48 civilians on Saturday."
    (event,) = next(
        Pipeline(gazetteer=gaz).run([Article(id="t", text=text, published=dt.date(2022, 7, 11))])
    ).events
    assert event.location == "Kramatorsk"
    assert event.geo_precision == 1 and "location" in event.evidence


def test_a_government_making_a_statement_is_not_where_it_spoke_of():
    text = "Shelling hit Kramatorsk on Monday. Russia contends it only targets military sites."
    article = Article(id="t", text=text, published=dt.date(2022, 7, 11))
    pipeline = Pipeline(gazetteer=Gazetteer.from_places([KRAMATORSK, UKRAINE, RUSSIA]))
    doc, article = next(pipeline.docs([article]))
    annotated = pipeline.annotate(doc, article)
    by_name = {m.text: m for m in annotated.places}
    assert _speaks(by_name["Russia"], annotated)
    assert not _speaks(by_name["Kramatorsk"], annotated)

"""Ingest merges incidents across articles: the same articles in any order give the same
incidents, and ingesting them again changes nothing (real pipeline, tiny gazetteer)."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.gazetteer import Gazetteer
from sitrep.pipeline import Pipeline
from sitrep.records import Article, Place
from sitrep.store import open_store
from sitrep.workflow import ingest_articles

pytestmark = pytest.mark.slow

_ARTICLES = [
    Article(id="wire-1", source="Wire One", published=dt.date(2024, 5, 20),
            text="Russian forces shelled Kharkiv on Monday, killing 3 people, regional "
                 "officials said."),
    Article(id="wire-2", source="Wire Two", published=dt.date(2024, 5, 21),
            text="Russian troops shelled Kharkiv on Monday and killed five civilians, the "
                 "mayor said on Tuesday."),
    Article(id="wire-3", source="Wire Three", published=dt.date(2024, 5, 20),
            text="Hundreds of people protested in Kyiv on Monday against a new tax."),
]  # fmt: skip


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    places = [
        Place(name="Ukraine", latitude=49.0, longitude=31.3, country_code="UA",
              country="Ukraine", feature_class="A", feature_code="PCLI", population=44_000_000),
        Place(name="Kharkiv", latitude=49.98, longitude=36.25, country_code="UA",
              country="Ukraine", admin1="Kharkiv", feature_class="P", feature_code="PPLA",
              population=1_430_000, geonameid=706483),
        Place(name="Kyiv", latitude=50.45, longitude=30.52, country_code="UA",
              country="Ukraine", admin1="Kyiv City", feature_class="P", feature_code="PPLC",
              population=2_900_000, geonameid=703448),
    ]  # fmt: skip
    return Pipeline(gazetteer=Gazetteer.from_places(places), batch_size=2)


def test_ingest_order_does_not_change_the_incidents_and_rerunning_changes_nothing(
    tmp_path, pipeline
):
    forward, backward = tmp_path / "forward.sqlite", tmp_path / "backward.sqlite"
    for article in _ARTICLES:
        ingest_articles([article], db=str(forward), pipeline=pipeline)
    ingest_articles(_ARTICLES[::-1], db=str(backward), pipeline=pipeline, commit_every=1)
    found = open_store(forward).incidents()
    assert found == open_store(backward).incidents()

    shelling = [i for i in found if i.location == "Kharkiv"]
    assert [i.sources for i in shelling] == [["Wire One", "Wire Two"]]
    assert (shelling[0].fatalities_min, shelling[0].fatalities_max) == (3, 5)
    assert sorted(e for i in found for e in i.event_ids) == sorted(
        e.event_id for e in open_store(forward).events()
    )

    again = ingest_articles(_ARTICLES, db=str(forward), pipeline=pipeline)
    assert again.new_articles == 0
    assert open_store(forward).incidents() == found

"""The SQL store: round trips, idempotence, filters."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kharkiv_fixture import TEXT, kharkiv_article, kharkiv_event
from sitrep.records import ActorMention, Article, Event, Place, PlaceMention
from sitrep.store import EventFilter, open_store
from sitrep.store.database import StoredArticle, database_url


def _stored(article: Article, events: list[Event]) -> StoredArticle:
    kharkiv = Place(
        name="Kharkiv", latitude=49.98, longitude=36.25, country_code="UA", geonameid=706483
    )
    return StoredArticle(
        article=article,
        events=events,
        actors=[
            ActorMention(start=7, end=21, text="Russian forces", name="Military Forces of Russia")
        ],
        places=[PlaceMention(start=30, end=37, text="Kharkiv", place=kharkiv)],
    )


@pytest.fixture
def store(db_url):
    """A new store on each backend (SQLite, PostgreSQL)."""
    return open_store(db_url)


def test_round_trip_keeps_every_field(store):
    event = kharkiv_event()
    assert store.add([_stored(kharkiv_article(), [event])]) == 1
    (back,) = store.events()
    assert back == event


def test_re_adding_an_article_changes_nothing(store):
    store.add([_stored(kharkiv_article(), [kharkiv_event()])])
    before = store.stats()
    assert store.add([_stored(kharkiv_article(), [kharkiv_event(fatalities=99)])]) == 0
    assert store.stats() == before
    assert next(store.events()).fatalities == 3


def test_evidence_text_is_kept_from_thekharkiv_article(store):
    store.add([_stored(kharkiv_article(), [kharkiv_event()])])
    with store.engine.connect() as conn:
        rows = dict(conn.exec_driver_sql("SELECT field, text FROM evidence").all())
    assert rows == {"event_type": "shelled", "fatalities": "killing 3"}


def test_filters(store):
    second = kharkiv_event(
        "a2",
        country="Russia",
        country_code="RU",
        admin1="Kursk Oblast",
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1="Russian Volunteer Corps",
        date_start=dt.date(2024, 3, 11),
        date_end=dt.date(2024, 3, 17),
    )
    store.add(
        [
            _stored(kharkiv_article(), [kharkiv_event()]),
            _stored(kharkiv_article("a2", TEXT + " "), [second]),
        ]
    )
    assert [e.article_id for e in store.events(EventFilter(country="ru"))] == ["a2"]
    assert [e.article_id for e in store.events(EventFilter(country="Ukraine"))] == ["a1"]
    assert [e.article_id for e in store.events(EventFilter(admin1="kursk oblast"))] == ["a2"]
    assert [e.article_id for e in store.events(EventFilter(event_type="Battles"))] == ["a2"]
    assert [e.article_id for e in store.events(EventFilter(actor="volunteer"))] == ["a2"]
    # an alias seen in the text finds the canonical actor
    assert [e.article_id for e in store.events(EventFilter(actor="russian forces"))] == ["a1"]
    window = EventFilter(date_from=dt.date(2024, 3, 17), date_to=dt.date(2024, 3, 17))
    assert [e.article_id for e in store.events(window)] == ["a2"]
    assert store.stats()["by_country"] == {"Ukraine": 1, "Russia": 1}


def test_known_ids(store):
    store.add([_stored(kharkiv_article(), [])])
    assert store.known_article_ids(["a1", "zz"]) == {"a1"}


def test_database_url_accepts_paths_and_urls(tmp_path):
    assert database_url(tmp_path / "x.db") == f"sqlite:///{tmp_path / 'x.db'}"
    assert database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"


@settings(max_examples=25, deadline=None)
@given(
    fatalities=st.none() | st.integers(min_value=0, max_value=10_000),
    actors=st.lists(st.text(min_size=1, max_size=20), max_size=3, unique=True),
)
def test_round_trip_property(tmp_path_factory, fatalities, actors):
    store = open_store(tmp_path_factory.mktemp("db") / "p.sqlite")
    event = kharkiv_event(fatalities=fatalities, assoc_actors=actors)
    store.add([_stored(kharkiv_article(), [event])])
    assert next(store.events()) == event


def test_missing_folders_are_created(tmp_path):
    store = open_store(tmp_path / "new" / "folder" / "events.sqlite")
    assert store.stats()["articles"] == 0


def test_reading_a_missing_database_is_an_error_and_creates_nothing(tmp_path):
    from sitrep.errors import StoreError

    path = tmp_path / "typo.sqlite"
    with pytest.raises(StoreError, match="no database"):
        open_store(path, must_exist=True)
    assert not path.exists()


def test_an_article_is_read_back_for_provenance(store):
    store.add([_stored(kharkiv_article(), [kharkiv_event()])])
    article = store.article("a1")
    assert article is not None and article.text == TEXT
    assert store.article("missing") is None


def test_one_batch_shares_places_and_actors_and_keeps_the_first_of_a_repeated_id(store):
    items = [
        _stored(kharkiv_article(f"a{i}", TEXT + " " * i), [kharkiv_event(f"a{i}")])
        for i in range(5)
    ]
    repeated = _stored(kharkiv_article("a0", "Another text."), [kharkiv_event("a0", fatalities=99)])
    assert store.add([*items, repeated]) == 5
    figures = store.stats()
    assert (figures["articles"], figures["events"], figures["claims"]) == (5, 5, 5)
    assert (figures["places"], figures["actors"]) == (1, 2)
    assert store.article("a0").text == TEXT
    assert {e.fatalities for e in store.events()} == {3}
    by_alias = store.events(EventFilter(actor="russian forces"))
    assert sorted(e.article_id for e in by_alias) == [f"a{i}" for i in range(5)]

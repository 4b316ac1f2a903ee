"""Two processes ingesting at the same moment into one PostgreSQL database: every event
ends in exactly one incident and the incidents equal a merge of everything at once."""

from __future__ import annotations

import datetime as dt
import multiprocessing

from sitrep import incidents
from sitrep.incidents.tolls import report_of
from sitrep.records import Article, Event
from sitrep.store import open_store
from sitrep.store.database import StoredArticle

_ROUNDS = 12
_DAY = dt.date(2025, 3, 1)


def _item(writer: str, round_: int) -> StoredArticle:
    """Writer ``writer``'s report of incident ``round_``: both writers report each one
    (a clash in its own town and day), so their reports must end in one incident."""
    article_id = f"{writer}-{round_}"
    day = _DAY + dt.timedelta(days=3 * round_)
    text = "Militants attacked a checkpoint."
    event = Event(
        article_id=article_id,
        event_id=f"{article_id}-e1",
        event_type="Battles",
        sub_event_type="Armed clash",
        date_start=day,
        date_end=day,
        time_precision=1,
        country="Pakistan",
        country_code="PK",
        admin1="Balochistan",
        location=f"Town {round_}",
        latitude=28.0 + round_ * 0.2,
        longitude=66.0,
        geo_precision=1,
        fatalities=round_ + (writer == "b"),
        sentence=text,
    )
    article = Article(id=article_id, text=text, published=day, source=f"Outlet {writer}")
    return StoredArticle(article=article, events=[event], actors=[], places=[])


def _write(url: str, writer: str, barrier) -> None:
    store = open_store(url)
    for round_ in range(_ROUNDS):
        barrier.wait(timeout=60)  # both writers store their report of one incident at once
        store.add([_item(writer, round_)])
    store.engine.dispose()


def test_concurrent_ingests_neither_duplicate_nor_lose_incidents(postgres_url):
    open_store(postgres_url).engine.dispose()  # create the tables once
    spawn = multiprocessing.get_context("spawn")
    barrier = spawn.Barrier(2)
    writers = [spawn.Process(target=_write, args=(postgres_url, w, barrier)) for w in "ab"]
    for process in writers:
        process.start()
    for process in writers:
        process.join(timeout=180)
    assert [p.exitcode for p in writers] == [0, 0]

    store = open_store(postgres_url)
    found = store.incidents()
    members = sorted(e for i in found for e in i.event_ids)
    assert members == sorted(e.event_id for e in store.events())  # each in exactly one
    assert len(found) == _ROUNDS
    items = [_item(w, r) for w in "ab" for r in range(_ROUNDS)]
    reports = [
        report_of(e, source=i.article.source, published=i.article.published)
        for i in items
        for e in i.events
    ]
    by_id = {i.incident_id: i for i in found}
    assert by_id == {i.incident_id: i for i in incidents.merge(reports)}
    store.engine.dispose()

"""Incidents in the store: merged by every ``add`` (what ingest calls), in any order, read
back with filters; small hand-written events, real SQLite, no pipeline."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep import incidents
from sitrep.cli import main
from sitrep.incidents.tolls import report_of
from sitrep.records import Article, Claim, Event, Incident, Report
from sitrep.store import IncidentFilter, open_store, schema
from sitrep.store.database import StoredArticle, upgrade_database

_DAY = dt.date(2025, 3, 11)
_SIBI = {"location": "Sibi", "latitude": 29.543, "longitude": 67.877, "geonameid": 1164909}
_QUETTA = {"location": "Quetta", "latitude": 30.187, "longitude": 67.012, "geonameid": 1167528}
_DELHI = {"location": "Delhi", "latitude": 28.65, "longitude": 77.23, "geonameid": 1273294}
RELEASE_0_1_SQL = Path(__file__).parent / "data" / "store" / "release_0_1.sql"


def _event(article_id: str, **fields: object) -> Event:
    values: dict[str, object] = {
        "article_id": article_id,
        "event_id": f"{article_id}-e1",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "date_start": _DAY,
        "date_end": _DAY,
        "time_precision": 1,
        "country": "Pakistan",
        "country_code": "PK",
        "admin1": "Balochistan",
        "admin2": "Sibi District",
        "geo_precision": 1,
        "sentence": "Militants attacked a train.",
        **_SIBI,
    }
    values.update(fields)
    return Event(**values)  # type: ignore[arg-type]


def _item(article_id: str, source: str, published: dt.date, events: list[Event]) -> StoredArticle:
    article = Article(id=article_id, text="Militants attacked a train.", published=published,
                      source=source)  # fmt: skip
    return StoredArticle(article=article, events=events, actors=[], places=[])


def _articles() -> list[StoredArticle]:
    """The train attack near Sibi told by three outlets (tolls 16, 31, 64; one only names
    the province), a protest in Quetta the same day, and a clash in Delhi."""
    bla = "BLA: Baloch Liberation Army"
    claim = [Claim(claimant="Pakistani military", stance="claimed", text="said", start=0, end=4)]
    return [
        _item("voa", "VOA", _DAY, [_event("voa", fatalities=16, actor1=bla)]),
        _item("reuters", "Reuters", _DAY + dt.timedelta(days=1),
              [_event("reuters", fatalities=31, claims=claim)]),
        _item("afp", "AFP", _DAY + dt.timedelta(days=3),
              [_event("afp", fatalities=64, geo_precision=3, location="Balochistan",
                      latitude=28.5, longitude=65.0, admin2=None)]),
        _item("quetta", "Dawn", _DAY,
              [_event("quetta", event_type="Protests", sub_event_type="Peaceful protest",
                      admin2="Quetta District", **_QUETTA)]),
        _item("delhi", "PTI", _DAY, [_event("delhi", country="India", country_code="IN",
                                            admin1="Delhi", admin2=None, **_DELHI)]),
    ]  # fmt: skip


def _reports(items: list[StoredArticle]) -> list[Report]:
    return [
        Report.from_event(e, source=i.article.source, published=i.article.published)
        for i in items
        for e in i.events
    ]


def test_reports_of_one_incident_are_merged_and_every_event_is_in_exactly_one(tmp_path):
    store = open_store(tmp_path / "db.sqlite")
    store.add(_articles())
    found = store.incidents()
    members = sorted(e for i in found for e in i.event_ids)
    assert members == sorted(e.event_id for e in store.events())
    train = next(i for i in found if "voa-e1" in i.event_ids)
    assert train.event_ids == ["afp-e1", "reuters-e1", "voa-e1"]
    assert train.sources == ["AFP", "Reuters", "VOA"]
    assert (train.fatalities_min, train.fatalities_max) == (16, 64)
    assert train.location == "Sibi"
    assert train.verification == "corroborated"
    assert {r.source: r.claimant for r in train.reports}["Reuters"] == "Pakistani military"
    assert [c.field for c in train.contradictions] == ["fatalities"]
    lone = [i for i in found if i is not train]
    assert sorted(i.event_ids for i in lone) == [["delhi-e1"], ["quetta-e1"]]


def test_the_stored_incidents_equal_a_full_merge(tmp_path):
    store = open_store(tmp_path / "db.sqlite")
    for item in _articles():
        store.add([item])
    assert _by_id(store.incidents()) == incidents.merge(_reports(_articles()))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(order=st.permutations(range(5)), cuts=st.sets(st.integers(1, 4)))
def test_incidents_do_not_depend_on_ingest_order_or_batches(tmp_path_factory, order, cuts):
    items = _articles()
    store = open_store(tmp_path_factory.mktemp("order") / "db.sqlite")
    bounds = [0, *sorted(cuts), 5]
    for start, end in zip(bounds, bounds[1:], strict=False):
        store.add([items[i] for i in order[start:end]])
    assert _by_id(store.incidents()) == incidents.merge(_reports(items))


def test_adding_the_same_articles_again_changes_nothing(tmp_path):
    path = tmp_path / "db.sqlite"
    store = open_store(path)
    store.add(_articles())
    before = _dump(path)
    assert store.add(_articles()) == 0
    assert store.merge_incidents() == 0
    assert _dump(path) == before


def test_filters_select_incidents(tmp_path):
    store = open_store(tmp_path / "db.sqlite")
    store.add(_articles())

    def ids(**criteria: object) -> list[list[str]]:
        return [i.event_ids for i in store.incidents(IncidentFilter(**criteria))]  # type: ignore[arg-type]

    assert ids(country="india") == [["delhi-e1"]]
    assert ids(country="Pakistan", min_reports=2) == [["afp-e1", "reuters-e1", "voa-e1"]]
    assert ids(actor="baloch") == [["afp-e1", "reuters-e1", "voa-e1"]]
    assert ids(event_type="peaceful protest") == [["quetta-e1"]]
    assert ids(event_type="Riots") == []
    assert ids(date_from=_DAY + dt.timedelta(days=1)) == []
    assert ids(most_reported_first=True, limit=1) == [["afp-e1", "reuters-e1", "voa-e1"]]
    assert ids(verification="corroborated") == [["afp-e1", "reuters-e1", "voa-e1"]]
    assert len(ids(bbox=(66.0, 29.0, 68.5, 31.0))) == 2  # Sibi and Quetta, not Delhi
    assert len(ids(most_reported_first=True, offset=1)) == 2


def test_events_stored_before_incidents_are_merged_on_upgrade(tmp_path):
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as conn:
        conn.executescript(RELEASE_0_1_SQL.read_text(encoding="utf-8"))
    upgrade_database(path)
    store = open_store(path)
    found = store.incidents()
    assert [e for i in found for e in i.event_ids] == [e.event_id for e in store.events()]
    assert found


def _dump(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as conn:
        return {
            table: sorted(conn.execute(f"SELECT * FROM {table}").fetchall())
            for table in (schema.incidents.name, schema.incident_events.name)
        }


CONTRACT_FIELDS = {
    "incident_id", "event_ids", "article_ids", "sources", "event_type", "sub_event_type",
    "date_start", "date_end", "country_code", "admin1", "location", "latitude", "longitude",
    "fatalities_min", "fatalities_max", "verification", "contradictions",
}  # fmt: skip


def test_the_incidents_command_writes_the_contract_in_every_format(tmp_path):
    path = tmp_path / "db.sqlite"
    open_store(path).add(_articles())
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(main, ["incidents", "--db", str(path), *args])
        assert result.exit_code == 0, result.output
        return result.stdout

    rows = [json.loads(line) for line in run("--country", "PK").splitlines()]
    assert len(rows) == 2 and all(CONTRACT_FIELDS <= set(row) for row in rows)
    train = next(row for row in rows if len(row["event_ids"]) == 3)
    assert (train["fatalities_min"], train["fatalities_max"]) == (16, 64)
    values = train["contradictions"][0]["values"]
    assert {(v["source"], v["value"]) for v in values} == {
        ("VOA", 16),
        ("Reuters", 31),
        ("AFP", 64),
    }

    table = run("--format", "table", "--most-reported-first").splitlines()
    assert table[0].split()[:2] == ["reports", "dates"]
    assert table[1].split()[0] == "3" and "16-64" in table[1] and "AFP, Reuters, VOA" in table[1]
    assert len(table) == 4

    (csv_row,) = csv.DictReader(io.StringIO(run("--format", "csv", "--min-reports", "2")))
    assert csv_row["sources"] == "AFP; Reuters; VOA" and csv_row["reports"] == "3"
    geojson = json.loads(run("--format", "geojson", "--type", "Armed clash"))
    assert sorted(f["properties"]["location"] for f in geojson["features"]) == ["Delhi", "Sibi"]


def test_the_incidents_command_needs_a_database(tmp_path):
    result = CliRunner().invoke(main, ["incidents", "--db", str(tmp_path / "none.sqlite")])
    assert result.exit_code == 3


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(order=st.permutations(range(4)))
def test_a_chain_of_reports_over_days_merges_as_a_full_merge_whatever_the_order(
    tmp_path_factory, order
):
    """Reports dated only by publication (precision 2) two days apart: each links only to
    its neighbours in time, so adding one in the middle joins reports read days apart."""
    items = [
        _item(f"day{n}", f"Outlet {n}", _DAY + dt.timedelta(days=2 * n),
              [_event(f"day{n}", time_precision=2, fatalities=10 + n,
                      date_start=_DAY + dt.timedelta(days=2 * n),
                      date_end=_DAY + dt.timedelta(days=2 * n))])
        for n in range(4)
    ]  # fmt: skip
    store = open_store(tmp_path_factory.mktemp("chain") / "db.sqlite")
    for i in order:
        store.add([items[i]])
    found = _by_id(store.incidents())
    assert found == incidents.merge(_reports(items))
    assert len(found) < len(items)


def _by_id(found: list[Incident]) -> list[Incident]:
    return sorted(found, key=lambda i: i.incident_id)


def _claim(claimant: str, stance: str, text: str, toll: int | None) -> Claim:
    """A claim whose text states ``toll`` (as the event stage counts it)."""
    return Claim(claimant=claimant, stance=stance, text=text, start=0, end=len(text), toll=toll)  # type: ignore[arg-type]


def _told_in_claims() -> list[StoredArticle]:
    """The train attack: VOA gives 16 dead; Dawn's event gives no figure, but one of its
    claims states a toll and another says no passenger died in one part of it."""
    claims = [
        _claim("railway official", "asserted", "no passengers were killed in the rescue", 0),
        _claim("Pakistani military", "claimed", "the army killed 33 militants", 33),
    ]
    return [
        _item("voa", "VOA", _DAY, [_event("voa", fatalities=16)]),
        _item("dawn", "Dawn", _DAY + dt.timedelta(days=2), [_event("dawn", claims=claims)]),
    ]


def test_a_report_without_a_figure_takes_the_toll_its_claims_state(tmp_path):
    store = open_store(tmp_path / "db.sqlite")
    for item in reversed(_told_in_claims()):
        store.add([item])
    (train,) = store.incidents()
    assert (train.fatalities_min, train.fatalities_max) == (16, 33)
    dawn = next(r for r in train.reports if r.source == "Dawn")
    assert (dawn.fatalities, dawn.claimant, dawn.stance) == (33, "Pakistani military", "claimed")
    (toll,) = train.contradictions
    assert [(v.source, v.value, v.claimant) for v in toll.values] == [
        ("VOA", 16, None),
        ("Dawn", 33, "Pakistani military"),
    ]
    expected = [
        report_of(e, source=i.article.source, published=i.article.published)
        for i in _told_in_claims()
        for e in i.events
    ]
    assert _by_id(store.incidents()) == incidents.merge(expected)
    other = open_store(tmp_path / "other.sqlite")
    other.add(_told_in_claims())
    assert other.incidents() == store.incidents()
    assert store.events_by_id(["dawn-e1"])[0].fatalities is None  # the event is left as found


def test_a_claim_that_no_one_died_is_no_toll_of_the_incident():
    event = _event(
        "dawn", claims=[_claim("police", "asserted", "no one was killed in the blast", 0)]
    )
    assert report_of(event, source="Dawn", published=_DAY).fatalities is None
    told = _event("voa", fatalities=2, claims=[_claim("police", "asserted", "it killed 9 men", 9)])
    assert report_of(told, source="VOA", published=_DAY).fatalities == 2

"""The HTTP API, through a real server on 127.0.0.1 over a real SQLite file."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from sitrep.api import queries
from sitrep.api.cache import AggregateCache
from sitrep.api.queries import sentence_start
from sitrep.records import Article
from sitrep.store import open_store
from sitrep.store.database import StoredArticle
from web_fixture import HOSTILE_ACTOR, HOSTILE_SENTENCE, build_database, serving
from web_fixture import http_get as _get
from web_fixture import http_json as _json


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_database(tmp_path_factory.mktemp("api") / "events.sqlite")


@pytest.fixture(scope="module")
def server(db):
    with serving(db) as url:
        yield url


def _post(url: str, body: dict, token: str | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST")
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _assert_error(status: int, body: bytes, expected: int) -> dict:
    """Every error has the same shape (after datasette's)."""
    assert status == expected
    data = json.loads(body)
    assert data["ok"] is False and data["status"] == expected
    assert data["errors"] and data["error"] == "; ".join(data["errors"])
    return data


def test_events_are_paged_with_the_total_in_a_header(server):
    first, headers = _json(f"{server}/api/events?limit=2")
    assert headers["x-total-count"] == "5"
    assert [e["date_start"] for e in first] == ["2023-11-09", "2024-03-18"]
    rest, headers = _json(f"{server}/api/events?limit=10&offset=2")
    assert len(rest) == 3 and headers["x-total-count"] == "5"
    assert {e["event_id"] for e in first}.isdisjoint(e["event_id"] for e in rest)
    event = first[1]
    assert event["claims"] == [
        {"claimant": "officials", "stance": "asserted", "text": "officials said",
         "start": event["claims"][0]["start"], "end": event["claims"][0]["end"], "toll": None}
    ]  # fmt: skip
    assert set(event["evidence"]) == {"event_type", "actor1", "location", "fatalities"}


def test_events_take_the_cli_filters(server):
    def ids(query: str) -> list[str]:
        events, headers = _json(f"{server}/api/events?{query}")
        assert headers["x-total-count"] == str(len(events))
        return [e["event_id"] for e in events]

    assert ids("country=UA&type=Battles") == ["kharkiv-e2"]
    assert ids("country=ukraine&since=2024-04-01") == ["hostile-e1"]
    assert ids("type=Attack&until=2024-04-30") == ["hostile-e1"]
    assert ids("actor=RSF") == ["fasher-e1"]  # an alias
    assert ids("actor=military+forces+of+russia") == ["kharkiv-e1", "kharkiv-e2"]
    assert ids("actor=forces+of+russia&country=UA&since=2024-03-19") == ["kharkiv-e2"]
    assert ids("type=armed+clash") == ["kharkiv-e2"]  # a sub-event type
    assert ids("verification=contested") == ["fasher-e1"]
    assert ids("bbox=30,40,40,55&type=Explosions/Remote+violence") == ["kharkiv-e1"]
    assert ids("admin1=Kharkivska&verification=claimed") == ["kharkiv-e2"]


def test_events_sort_on_any_column_either_way(server):
    def order(sort: str) -> list[str]:
        return [e["event_id"] for e in _json(f"{server}/api/events?sort={sort}")[0]]

    assert order("-date") == ["fasher-e1", "hostile-e1", "kharkiv-e2", "kharkiv-e1", "nairobi-e1"]
    deaths = [e["fatalities"] for e in _json(f"{server}/api/events?sort=-fatalities")[0]]
    assert [d for d in deaths if d is not None] == [10, 3, 2]
    assert order("location")[-1] == "kharkiv-e2"  # Vovchansk


def test_events_as_csv_and_geojson(server):
    status, headers, body = _get(f"{server}/api/events?format=csv&country=SD")
    assert status == 200 and headers["content-type"].startswith("text/csv")
    assert headers["x-total-count"] == "1"
    (row,) = csv.DictReader(io.StringIO(body.decode()))
    assert row["event_id_cnty"] == "fasher-e1" and row["iso"] == "SD"
    status, headers, body = _get(f"{server}/api/events?format=geojson&limit=3")
    geo = json.loads(body)
    assert headers["content-type"] == "application/geo+json"
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 3
    assert geo["features"][0]["geometry"]["coordinates"] == [36.82, -1.29]


def test_one_event_with_its_article_and_sentence_offset(server):
    detail, _ = _json(f"{server}/api/events/kharkiv-e2")
    event = detail["event"]
    assert detail["article"] == {
        "id": "kharkiv",
        "published": "2024-03-20",
        "title": "Shelling in Kharkiv",
        "source": "Wire A",
        "url": "https://example.org/kharkiv",
    }
    start = detail["sentence_start"]
    s, e = event["evidence"]["location"]
    assert event["sentence"][s - start : e - start] == "Vovchansk"


def test_article_text_with_evidence_spans(server):
    article, _ = _json(f"{server}/api/articles/kharkiv")
    assert [e["event_id"] for e in article["events"]] == ["kharkiv-e1", "kharkiv-e2"]
    for event in article["events"]:
        for field, (s, e) in event["evidence"].items():
            assert article["text"][s:e], field
    s, e = article["events"][0]["evidence"]["actor1"]
    assert article["text"][s:e] == "Russian forces"


def test_actors_places_and_stats(server):
    actors, headers = _json(f"{server}/api/actors?limit=2")
    assert headers["x-total-count"] == "7"
    assert actors[0] == {
        "name": "Military Forces of Russia", "aliases": ["Russian forces"], "events": 2
    }  # fmt: skip
    found, _ = _json(f"{server}/api/actors?q=rsf")
    assert [a["name"] for a in found] == ["Rapid Support Forces"]

    places, headers = _json(f"{server}/api/places?country=UA")
    assert headers["x-total-count"] == "3"
    assert {p["location"] for p in places} == {"Kharkiv", "Vovchansk", "Odesa"}

    stats, _ = _json(f"{server}/api/stats")
    assert stats["events"] == 5 and stats["articles"] == 4 and stats["claims"] == 4
    assert stats["by_verification"] == {"reported": 3, "claimed": 1, "contested": 1}
    assert stats["by_event_type"]["Violence against civilians"] == 2
    assert stats["bounds"] == [-1.29, 25.35, 50.29, 36.94]  # south, west, north, east


def test_timeline_buckets_and_map_clusters(server):
    timeline, _ = _json(f"{server}/api/timeline?bucket=month")
    months = {b["start"]: b["count"] for b in timeline["buckets"]}
    assert months["2023-11-01"] == 1 and months["2024-03-01"] == 2 and months["2023-12-01"] == 0
    assert sum(months.values()) == 5
    auto, _ = _json(f"{server}/api/timeline?country=UA")
    assert auto["bucket"] == "day" and auto["buckets"][0]["start"] == "2024-03-18"

    wide, _ = _json(f"{server}/api/map?zoom=2")
    ukraine = [c for c in wide if c["count"] == 3]
    assert len(wide) == 3 and ukraine  # Kharkiv, Vovchansk and Odesa gather at zoom 2
    assert ukraine[0]["by_type"] == {
        "Explosions/Remote violence": 1, "Battles": 1, "Violence against civilians": 1
    }  # fmt: skip
    close, _ = _json(f"{server}/api/map?zoom=9&country=UA")
    assert sorted(c["event_id"] for c in close) == ["hostile-e1", "kharkiv-e1", "kharkiv-e2"]


def test_hostile_text_is_returned_verbatim_as_json_data(server):
    detail, _ = _json(f"{server}/api/events/hostile-e1")
    assert detail["event"]["actor1"] == HOSTILE_ACTOR
    assert detail["event"]["sentence"] == HOSTILE_SENTENCE


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/events/nope", 404),
        ("/api/articles/nope", 404),
        ("/api/nothing-here", 404),
        ("/api/events?limit=0", 400),
        ("/api/events?limit=100000", 400),
        ("/api/events?since=yesterday", 400),
        ("/api/events?sort=colour", 400),
        ("/api/events?bbox=1,2,3", 400),
        ("/api/events?format=xml", 400),
        ("/api/map?zoom=99", 400),
    ],
)
def test_errors_share_one_shape(server, path, status):
    _assert_error(*_get(f"{server}{path}")[::2], status)


def test_ingest_is_off_without_a_token(server):
    status, body = _post(
        f"{server}/api/articles", {"articles": [{"text": "x", "published": "2024-01-01"}]}
    )
    assert status == 403 and body["ok"] is False and "--ingest-token" in body["error"]


def test_reads_go_through_a_read_only_connection(server, db):
    before = db.stat().st_mtime_ns
    _json(f"{server}/api/events")
    _json(f"{server}/api/stats")
    assert db.stat().st_mtime_ns == before


def test_the_page_docs_and_openapi_are_served(server):
    status, headers, body = _get(f"{server}/")
    assert status == 200 and b'<div id="map"' in body
    schema, _ = _json(f"{server}/openapi.json")
    paths = {"/api/events", "/api/events/{event_id}", "/api/articles/{article_id}",
             "/api/actors", "/api/places", "/api/stats", "/api/articles"}  # fmt: skip
    assert paths <= set(schema["paths"])
    status, _, docs = _get(f"{server}/docs")
    assert status == 200 and b"/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs
    assert b"cdn." not in docs
    for asset in ("vendor/leaflet/leaflet.js", "vendor/world-atlas/countries-50m.json", "app.js"):
        assert _get(f"{server}/static/{asset}")[0] == 200, asset


def test_cached_aggregates_are_recomputed_after_an_ingest(tmp_path, monkeypatch):
    db = build_database(tmp_path / "events.sqlite")
    cache = AggregateCache(open_store(db, read_only=True))
    computed = []
    real_stats = queries.stats
    monkeypatch.setattr(queries, "stats", lambda store: computed.append(1) or real_stats(store))

    cache.warm()  # what a server does as it starts
    assert cache.stats().events == 5
    assert len(computed) == 1
    article = Article(id="new", text="Nothing happened.", published=dt.date(2024, 6, 1))
    open_store(db).add([StoredArticle(article=article, events=[], actors=[], places=[])])
    assert cache.stats().articles == 5
    assert len(computed) == 2


def test_sentence_start_prefers_the_occurrence_holding_the_evidence():
    text = "Shots were fired. Police came. Shots were fired."
    assert sentence_start(text, "Shots were fired.", {"event_type": (31, 36)}) == 31
    assert sentence_start(text, "Shots were fired.", {}) == 0
    assert sentence_start(text, "Not there.", {}) is None


@pytest.mark.slow
def test_ingest_with_the_token_stores_articles(tmp_path):
    db = tmp_path / "new.sqlite"
    story = {
        "id": "w1",
        "text": "KHARKIV - Russian forces shelled Kharkiv on Tuesday, killing three people, "
        "regional governor Oleh Syniehubov said.",
        "published": "2024-03-20",
        "source": "Wire",
    }
    with serving(db, ingest_token="s3cret") as url:
        body = {"articles": [story]}
        assert _post(f"{url}/api/articles", body)[0] == 401
        assert _post(f"{url}/api/articles", body, token="wrong")[0] == 401
        bad = {"articles": [story, {"text": "No date here.", "published": "someday"}]}
        status, result = _post(f"{url}/api/articles", bad, token="s3cret")
        assert status == 200, result
        assert result["new_articles"] == 1 and result["new_events"] >= 1
        assert result["skipped"] and result["skipped"][0].startswith("article 2:")
        events, headers = _json(f"{url}/api/events?country=UA")
        assert int(headers["x-total-count"]) >= 1 and events[0]["article_id"] == "w1"
        status, again = _post(f"{url}/api/articles", body, token="s3cret")
        assert again["new_articles"] == 0 and again["known_articles"] == 1


def test_serve_command(db, tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [sys.executable, "-m", "sitrep.cli", "-q", "serve", "--db", str(db)]
    server = subprocess.Popen([*command, "--port", str(port)], stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                stats, _ = _json(f"http://127.0.0.1:{port}/api/stats")
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "no server"
                time.sleep(0.2)
        assert stats["events"] == 5
    finally:
        server.terminate()
        server.wait(timeout=10)
    missing = subprocess.run(
        [*command[:-1], str(tmp_path / "typo.sqlite")], capture_output=True, text=True
    )
    assert missing.returncode == 3 and "no database" in missing.stderr
    assert not (tmp_path / "typo.sqlite").exists()


def test_a_failing_query_is_a_500_in_the_same_shape(tmp_path):
    empty = tmp_path / "empty.sqlite"
    sqlite3.connect(empty).close()  # a database without sitrep's tables
    with serving(empty) as url:
        status, _, body = _get(f"{url}/api/events")
    data = _assert_error(status, body, 500)
    assert "server log" in data["error"]

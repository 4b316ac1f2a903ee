"""The incidents API through a real server on 127.0.0.1, over a database where two
outlets report one shelling with different tolls."""

from __future__ import annotations

import csv
import io
import json

import pytest

from web_fixture import KHARKIV_EVENTS, build_database, http_get, http_json, serving


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = build_database(tmp_path_factory.mktemp("incidents") / "events.sqlite", second_report=True)
    with serving(db) as url:
        yield url


def _ids(server: str, query: str = "") -> list[list[str]]:
    found, _ = http_json(f"{server}/api/incidents?{query}")
    return [i["event_ids"] for i in found]


def test_incidents_are_paged_with_the_total_in_a_header(server):
    first, headers = http_json(f"{server}/api/incidents?limit=2")
    assert headers["x-total-count"] == "5"
    assert [i["event_ids"] for i in first] == [["nairobi-e1"], KHARKIV_EVENTS]
    rest, headers = http_json(f"{server}/api/incidents?limit=2&offset=2")
    assert headers["x-total-count"] == "5" and len(rest) == 2
    assert {i["incident_id"] for i in first}.isdisjoint(i["incident_id"] for i in rest)


def test_incidents_take_the_cli_filters_and_min_reports(server):
    assert _ids(server, "min_reports=2") == [KHARKIV_EVENTS]
    assert _ids(server, "min_reports=3") == []
    assert _ids(server, "country=UA&type=Battles") == [["kharkiv-e2"]]
    assert _ids(server, "verification=contested&country=UA") == [KHARKIV_EVENTS]
    assert _ids(server, "actor=RSF") == [["fasher-e1"]]
    assert _ids(server, "since=2024-04-01") == [["hostile-e1"], ["fasher-e1"]]
    assert _ids(server, "bbox=36,49,37,50.1") == [KHARKIV_EVENTS]
    _, headers = http_json(f"{server}/api/incidents?country=UA&limit=1")
    assert headers["x-total-count"] == "3"


def test_incidents_sort_on_columns_either_way(server):
    assert _ids(server, "sort=-reports")[0] == KHARKIV_EVENTS
    assert _ids(server, "sort=-date")[0] == ["fasher-e1"]
    found, _ = http_json(f"{server}/api/incidents?sort=-fatalities")
    highest = [i["fatalities_max"] for i in found]
    assert [n for n in highest if n is not None] == [10, 5, 2]
    status, _, body = http_get(f"{server}/api/incidents?sort=size")
    assert status == 400 and "reports" in json.loads(body)["error"]


def test_incidents_as_csv_and_geojson(server):
    status, headers, body = http_get(f"{server}/api/incidents?format=csv&min_reports=2")
    assert status == 200 and headers["content-type"].startswith("text/csv")
    (row,) = csv.DictReader(io.StringIO(body.decode()))
    assert row["sources"] == "Wire A; Wire B" and row["reports"] == "2"
    assert (row["fatalities_min"], row["fatalities_max"]) == ("3", "5")
    status, headers, body = http_get(f"{server}/api/incidents?format=geojson&country=KE")
    geo = json.loads(body)
    assert headers["content-type"] == "application/geo+json" and headers["x-total-count"] == "1"
    assert geo["features"][0]["geometry"]["coordinates"] == [36.82, -1.29]


def test_one_incident_with_reports_contradictions_and_evidence(server):
    (listed,), _ = http_json(f"{server}/api/incidents?min_reports=2")
    detail, _ = http_json(f"{server}/api/incidents/{listed['incident_id']}")
    assert {k: v for k, v in detail.items() if k != "report_events"} == listed
    assert detail["sources"] == ["Wire A", "Wire B"]
    assert (detail["fatalities_min"], detail["fatalities_max"]) == (3, 5)
    assert detail["verification"] == "contested"  # two tolls published the same day
    by_event = {r["event_id"]: r for r in detail["reports"]}
    assert by_event["kharkiv-e1"]["source"] == "Wire A"
    assert by_event["kharkiv-e1"]["claimant"] == "officials"
    assert by_event["kharkiv-b-e1"]["claimant"] == "regional governor <b>Oleh</b>"
    assert by_event["kharkiv-b-e1"]["stance"] == "asserted"
    (toll,) = detail["contradictions"]
    assert toll["field"] == "fatalities"
    assert {(v["value"], v["source"], v["claimant"]) for v in toll["values"]} == {
        (3, "Wire A", "officials"),
        (5, "Wire B", "regional governor <b>Oleh</b>"),
    }
    events = detail["report_events"]
    assert [e["event"]["event_id"] for e in events] == [r["event_id"] for r in detail["reports"]]
    for shown in events:
        event, start = shown["event"], shown["sentence_start"]
        assert shown["incident_id"] == detail["incident_id"]
        s, e = event["evidence"]["fatalities"]
        assert event["sentence"][s - start : e - start].startswith("killing")


def test_an_event_names_its_incident(server):
    (listed,), _ = http_json(f"{server}/api/incidents?min_reports=2")
    for event_id in KHARKIV_EVENTS:
        detail, _ = http_json(f"{server}/api/events/{event_id}")
        assert detail["incident_id"] == listed["incident_id"]
    alone, _ = http_json(f"{server}/api/events/kharkiv-e2")
    assert alone["incident_id"] not in (None, listed["incident_id"])


def test_an_unknown_incident_is_a_404(server):
    status, _, body = http_get(f"{server}/api/incidents/nope")
    assert status == 404 and json.loads(body)["error"] == "no incident 'nope'"

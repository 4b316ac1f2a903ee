"""Exports: JSON lines, ACLED-style CSV, GeoJSON and the terminal table."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from sitrep import export
from sitrep.records import Claim, Event


def _event(**changes) -> Event:
    values = dict(
        article_id="a1",
        event_id="e1",
        event_type="Battles",
        sub_event_type="Armed clash",
        date_start=dt.date(2024, 3, 11),
        date_end=dt.date(2024, 3, 17),
        time_precision=2,
        country="Russia",
        country_code="RU",
        admin1="Kursk Oblast",
        location="Kursk Oblast",
        latitude=51.7,
        longitude=36.2,
        geo_precision=3,
        actor1="Russian Volunteer Corps",
        assoc_actors=["Freedom of Russia Legion", "Siberian Battalion"],
        claims=[Claim(claimant="The groups", stance="claimed", text="claiming", start=0, end=8)],
        verification="unverified",
        sentence="The groups launched incursions.",
    )
    values.update(changes)
    return Event(**values)


def test_jsonl_has_the_contract_fields():
    out = io.StringIO()
    assert export.write([_event()], out, fmt="jsonl") == 1
    row = json.loads(out.getvalue())
    for field in (
        "article_id",
        "event_id",
        "event_type",
        "sub_event_type",
        "plover_type",
        "cameo_code",
        "date_start",
        "date_end",
        "time_precision",
        "country",
        "country_code",
        "admin1",
        "admin2",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "actor1",
        "actor2",
        "assoc_actors",
        "fatalities",
        "claims",
        "verification",
        "sentence",
        "evidence",
    ):
        assert field in row
    assert row["date_start"] == "2024-03-11"
    assert row["claims"][0]["stance"] == "claimed"


def test_csv_uses_acled_column_names():
    out = io.StringIO()
    export.write([_event()], out, fmt="csv")
    (row,) = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["event_date"] == "2024-03-11"
    assert row["year"] == "2024"
    assert row["sub_event_type"] == "Armed clash"
    assert row["assoc_actor_1"] == "Freedom of Russia Legion; Siberian Battalion"
    assert row["fatalities"] == ""
    assert row["claims"] == "The groups (claimed)"


def test_geojson_points_are_lon_lat_and_skip_unplaced_events():
    out = io.StringIO()
    count = export.write(
        [_event(), _event(event_id="e2", latitude=None, longitude=None)], out, fmt="geojson"
    )
    data = json.loads(out.getvalue())
    assert count == 1
    assert data["features"][0]["geometry"]["coordinates"] == [36.2, 51.7]


def test_table_is_one_line_per_event():
    out = io.StringIO()
    export.write([_event(), _event(event_id="e2")], out, fmt="table")
    lines = out.getvalue().splitlines()
    assert len(lines) == 3
    assert "Armed clash" in lines[1] and "unverified" in lines[1]


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown format"):
        export.write([], io.StringIO(), fmt="xlsx")

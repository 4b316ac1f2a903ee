"""The incident-merge benchmark's scorer and report generator (tiny fixtures, no shared data)."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.eval import incidents as eval_incidents
from sitrep.eval.incident_reports import reports_for

_ROW = {
    "event_id_cnty": "PAK1", "event_date": "2025-03-11", "event_type": "Battles",
    "sub_event_type": "Armed clash", "actor1": "BLA: Baloch Liberation Army",
    "actor2": "Military Forces of Pakistan (2018-)", "country": "Pakistan",
    "admin1": "Balochistan", "admin2": "Sibi", "location": "Sibi", "latitude": "29.54",
    "longitude": "67.87", "fatalities": "31", "source": "Dawn; Geo TV",
    "notes": "On 11 March 2025, BLA militants attacked a train near Sibi (Balochistan). 31 killed.",
}  # fmt: skip


def test_perfect_and_singleton_clusterings() -> None:
    gold = {"a": "x", "b": "x", "c": "y"}
    perfect = eval_incidents.scores(gold, gold)
    assert perfect["bcubed_f1"] == perfect["pairwise_f1"] == 1.0
    alone = eval_incidents.scores({k: k for k in gold}, gold)
    assert alone["bcubed_p"] == 1.0
    assert alone["bcubed_r"] == pytest.approx((0.5 + 0.5 + 1) / 3)
    assert alone["pairwise_r"] == 0.0


def test_one_big_cluster() -> None:
    gold = {"a": "x", "b": "x", "c": "y"}
    merged = eval_incidents.scores(dict.fromkeys(gold, "all"), gold)
    assert merged["bcubed_r"] == 1.0
    assert merged["bcubed_p"] == pytest.approx((2 / 3 + 2 / 3 + 1 / 3) / 3)
    assert merged["pairwise_p"] == pytest.approx(1 / 3)


def test_cross_country_pairs() -> None:
    countries = {"a": "PK", "b": "PK", "c": "IN"}
    assert eval_incidents.cross_pairs({"a": "1", "b": "1", "c": "2"}, countries) == 0
    assert eval_incidents.cross_pairs(dict.fromkeys(countries, "1"), countries) == 2


def test_generated_reports_are_deterministic_and_from_different_outlets() -> None:
    first, again = reports_for(_ROW, 4), reports_for(_ROW, 4)
    assert [r.article for r in first] == [r.article for r in again]
    assert len({r.article.source for r in first}) == 4
    assert {r.incident for r in first} == {"PAK1"}
    for report in first:
        assert 0 <= (report.article.published - dt.date(2025, 3, 11)).days <= 2
        assert report.stated.country_code == "Pakistan"
        assert report.article.text and "2025" not in report.article.text

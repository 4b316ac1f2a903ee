"""The brief's acceptance example, read from ../shared when a checkout has it.

A user's clone has no ../shared, so this module is skipped there; nothing in
sitrep knows about this article.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitrep.cli import main

SEED = Path(__file__).resolve().parents[2] / "shared" / "samples" / "seed_article.txt"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not SEED.exists(), reason="../shared/samples is not beside this checkout"),
]


@pytest.fixture(scope="module")
def events() -> list[dict]:
    result = CliRunner().invoke(main, ["extract", str(SEED)])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def _actors(event: dict) -> set[str]:
    return {event["actor1"], event["actor2"], *event["assoc_actors"]} - {None}


def test_incursions_last_week_claimed_and_unverified(events):
    incursions = [
        e
        for e in events
        if e["date_start"] == "2024-03-11"
        and e["date_end"] == "2024-03-17"
        and e["country_code"] == "RU"
    ]
    assert incursions, events
    regions = {e["admin1"] or "" for e in incursions}
    assert any("Kursk" in r for r in regions) and any("Belgorod" in r for r in regions), regions
    for event in incursions:
        assert event["verification"] == "unverified"
        assert any(c["stance"] == "claimed" for c in event["claims"])


def test_earlier_raids_of_may_2023(events):
    may = [e for e in events if e["date_start"] == "2023-05-01" and e["date_end"] == "2023-05-31"]
    assert may, events


def test_actor_acronym_resolved(events):
    names = set().union(*(_actors(e) for e in events))
    assert "Russian Volunteer Corps" in names
    assert "RVC" not in names


def test_every_filled_field_has_evidence(events):
    text = SEED.read_text().split("2024-03-21", 1)[1].lstrip()
    for event in events:
        for field in ("event_type", "date_start", "location", "actor1", "fatalities"):
            if event.get(field) is not None and field != "date_start":
                assert field in event["evidence"], (field, event)
        for start, end in event["evidence"].values():
            assert 0 <= start < end <= len(text)

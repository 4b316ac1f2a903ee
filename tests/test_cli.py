"""CLI round trips through a real SQLite file, with the real model and place index."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitrep.cli import main

DATA = Path(__file__).parent / "data" / "cli"

pytestmark = pytest.mark.slow


@pytest.fixture
def runner():
    return CliRunner()


def _jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_extract_prints_contract_events(runner):
    result = runner.invoke(main, ["extract", str(DATA / "shelling.txt")])
    assert result.exit_code == 0, result.output
    events = _jsonl(result.stdout)
    shelling = [e for e in events if e["event_type"] == "Explosions/Remote violence"]
    assert shelling, events
    first = shelling[0]
    assert first["country_code"] == "UA"
    assert first["date_start"] == "2024-03-19"  # "on Tuesday" before Wednesday 2024-03-20
    assert first["fatalities"] == 3
    text = (DATA / "shelling.txt").read_text().split("\n", 1)[1]
    for field, (start, end) in first["evidence"].items():
        assert 0 <= start < end <= len(text), field
    assert any(e["sub_event_type"] == "Arrests" for e in events)


def test_bad_records_are_reported_and_skipped(runner):
    result = runner.invoke(main, ["extract", str(DATA / "wire.jsonl")])
    assert result.exit_code == 0
    assert "wire.jsonl:2" in result.stderr
    assert "wire.jsonl:3" in result.stderr and "2024-02-30" in result.stderr
    assert {e["article_id"] for e in _jsonl(result.stdout)} == {"w1"}


def test_nothing_readable_exits_1(runner, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = runner.invoke(main, ["extract", str(empty)])
    assert result.exit_code == 1
    assert "empty.txt" in result.stderr


def test_ingest_then_query_round_trip(runner, tmp_path):
    db = str(tmp_path / "events.sqlite")
    first = runner.invoke(main, ["-q", "ingest", str(DATA), "--db", db])
    assert first.exit_code == 0, first.output
    assert "2 new article(s)" in first.stderr

    stats = json.loads(runner.invoke(main, ["stats", "--db", db, "--json"]).stdout)
    assert stats["articles"] == 2 and stats["events"] >= 2

    second = runner.invoke(main, ["-q", "ingest", str(DATA), "--db", db])
    assert "0 new article(s)" in second.stderr
    assert json.loads(runner.invoke(main, ["stats", "--db", db, "--json"]).stdout) == stats

    stored = _jsonl(runner.invoke(main, ["events", "--db", db]).stdout)
    extracted = _jsonl(runner.invoke(main, ["extract", str(DATA)]).stdout)
    assert sorted(e["event_id"] for e in stored) == sorted(e["event_id"] for e in extracted)

    sudan = runner.invoke(main, ["events", "--db", db, "--country", "SD", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(sudan.stdout)))
    assert rows and all(r["country"] == "Sudan" for r in rows)
    assert all(r["event_type"] == "Battles" for r in rows)

    geo = json.loads(runner.invoke(main, ["events", "--db", db, "--format", "geojson"]).stdout)
    assert geo["type"] == "FeatureCollection" and geo["features"]


def test_stage_commands_follow_the_contract(runner):
    path = str(DATA / "shelling.txt")
    timexes = _jsonl(runner.invoke(main, ["timex", path]).stdout)
    assert {"article_id", "start", "end", "text", "type", "value"} <= set(timexes[0])
    places = _jsonl(runner.invoke(main, ["geoparse", path]).stdout)
    kharkiv = [p for p in places if p["text"] == "Kharkiv"]
    assert kharkiv and kharkiv[0]["country_code"] == "UA"
    claims = _jsonl(runner.invoke(main, ["attribute", path]).stdout)
    assert any(c["cue"]["text"] == "said" for c in claims)


def test_geoparse_reports_demonyms_only_when_asked(runner, tmp_path):
    path = tmp_path / "envoy.txt"
    path.write_text(
        "date 2024-05-02\nCAIRO - An Egyptian envoy met officials in Cairo on Thursday.\n",
        encoding="utf-8",
    )
    plain = _jsonl(runner.invoke(main, ["geoparse", str(path)]).stdout)
    asked = _jsonl(runner.invoke(main, ["geoparse", "--demonyms", str(path)]).stdout)
    assert "Egyptian" not in {p["text"] for p in plain}
    egyptian = [p for p in asked if p["text"] == "Egyptian"]
    assert egyptian and egyptian[0]["country_code"] == "EG"
    assert {p["text"] for p in plain} < {p["text"] for p in asked}


def test_every_command_has_help_with_an_example(runner):
    for name, command in main.commands.items():
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example" in result.output, name
        assert command.help, name


def test_readme_shows_every_command():
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"sitrep {name}" in readme, name


def test_read_commands_on_a_missing_database_exit_3(runner, tmp_path):
    result = runner.invoke(main, ["events", "--db", str(tmp_path / "typo.sqlite")])
    assert result.exit_code == 3
    assert "no database" in result.stderr
    assert not (tmp_path / "typo.sqlite").exists()


def test_limits_must_be_positive(runner, tmp_path):
    assert runner.invoke(main, ["events", "--limit", "0"]).exit_code == 2
    assert runner.invoke(main, ["eval", "timex", "--limit", "5", "--gate"]).exit_code == 2


def test_only_the_dev_stories_errors_of_the_event_stage_are_listed(runner):
    assert runner.invoke(main, ["eval", "events", "--show-errors", "test"]).exit_code == 2
    result = runner.invoke(main, ["eval", "timex", "--show-errors", "dev"])
    assert result.exit_code == 2 and "events" in result.stderr


def test_a_corrupt_place_index_is_a_clear_error(tmp_path, monkeypatch):
    import subprocess
    import sys

    from sitrep.gazetteer import INDEX_VERSION

    (tmp_path / f"gazetteer-v{INDEX_VERSION}.sqlite").write_bytes(b"not a database" * 100)
    story = tmp_path / "story.txt"
    story.write_text("date 2024-03-20\nTroops shelled Kharkiv.\n")
    env = {**__import__("os").environ, "SITREP_CACHE_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "sitrep.cli", "geoparse", str(story)],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 3, done.stderr
    assert "sitrep setup" in done.stderr


def test_extract_is_the_same_whatever_the_hash_seed():
    import os
    import subprocess
    import sys

    outputs = set()
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-m", "sitrep.cli", "-q", "extract", str(DATA)],
            capture_output=True, text=True, check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )  # fmt: skip
        outputs.add(done.stdout)
    assert len(outputs) == 1

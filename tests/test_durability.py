"""Durability: real `sitrep ingest` processes, killed with SIGKILL or racing on one file.

A generated corpus of short wire stories is ingested three ways into SQLite: once without
interruption (the reference); by runs that are each killed at a random moment after their
first commit, at least 20 times (starting a new file whenever a run completes the corpus
between kills), then a final run; and by two processes at once. The
database must pass SQLite's integrity check after every kill and end up holding exactly
the reference's rows.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ARTICLES = 240
KILLS = 20
COMMIT_EVERY = 3
TABLES = ("articles", "events", "actors", "actor_aliases", "places", "event_actors", "claims",
          "evidence", "failed_articles", "incidents", "incident_events")  # fmt: skip
# What identifies a row regardless of autoincrement ids.
CONTENT = {
    "articles": "SELECT id, published, text FROM articles",
    "events": "SELECT event_id, article_id, position, event_type, fatalities FROM events",
    "actors": "SELECT name FROM actors",
    "actor_aliases": "SELECT a.name, x.alias FROM actor_aliases x "
    "JOIN actors a ON a.id = x.actor_id",
    "places": "SELECT geonameid, name FROM places",
    "event_actors": "SELECT x.event_id, a.name, x.role FROM event_actors x "
    "JOIN actors a ON a.id = x.actor_id",
    "claims": "SELECT event_id, position, text, start, \"end\" FROM claims",
    "evidence": "SELECT event_id, field, start, \"end\", text FROM evidence",
    "incidents": "SELECT incident_id, size, fatalities_min, fatalities_max, verification "
    "FROM incidents",
    "incident_events": "SELECT event_id, incident_id FROM incident_events",
}

ACTORS = ["Russian forces", "Ukrainian troops", "RSF fighters", "the Sudanese army",
          "Al-Shabaab militants", "Police", "Gunmen", "Houthi rebels", "Boko Haram fighters",
          "Israeli aircraft"]  # fmt: skip
PLACES = ["Kharkiv", "Donetsk", "Kherson", "Khartoum", "El Fasher", "Mogadishu", "Aleppo",
          "Idlib", "Sanaa", "Maiduguri", "Goma", "Bamako", "Kabul", "Mosul"]  # fmt: skip
ACTS = ["shelled", "attacked", "bombed", "raided", "stormed"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _corpus(path: Path) -> Path:
    pick = random.Random(6)
    with path.open("w", encoding="utf-8") as out:
        for i in range(ARTICLES):
            place, actor = pick.choice(PLACES), pick.choice(ACTORS)
            text = (
                f"{place.upper()} - {actor} {pick.choice(ACTS)} a district of {place} on "
                f"{pick.choice(DAYS)}, killing {pick.randint(2, 40)} people, officials said. "
                f"Witnesses said {pick.randint(3, 90)} homes were destroyed in report {i}."
            )
            record = {"id": f"k{i:04d}", "text": text, "published": f"2024-{1 + i % 12:02d}-15"}
            out.write(json.dumps(record) + "\n")
    return path


def _ingest(corpus: Path, db: Path, **popen) -> subprocess.Popen:
    command = [sys.executable, "-m", "sitrep.cli", "-q", "ingest", str(corpus), "--db", str(db),
               "--commit-every", str(COMMIT_EVERY)]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **popen)


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # tables not created yet
        return 0
    finally:
        conn.close()


def _contents(db: Path) -> dict[str, list]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        rows = {t: sorted(conn.execute(q).fetchall()) for t, q in CONTENT.items()}
    finally:
        conn.close()
    return {"counts": counts, **rows}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return _corpus(tmp_path_factory.mktemp("corpus") / "wire.jsonl")


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> dict:
    db = tmp_path_factory.mktemp("reference") / "reference.sqlite"
    done = _ingest(corpus, db)
    _, err = done.communicate(timeout=900)
    assert done.returncode == 0, err.decode()
    contents = _contents(db)
    assert contents["counts"]["articles"] == ARTICLES
    assert contents["counts"]["events"] >= ARTICLES
    assert contents["counts"]["failed_articles"] == 0
    return contents


def test_killed_at_random_moments_the_database_stays_whole(corpus, reference, tmp_path):
    pick = random.Random(20)
    kills = rounds = 0
    db = tmp_path / "killed-0.sqlite"
    while kills < KILLS:
        before = _count(db)
        run = _ingest(corpus, db)
        while run.poll() is None and _count(db) == before:  # wait for this run's first commit
            time.sleep(0.02)
        time.sleep(pick.uniform(0, 0.25))
        if run.poll() is None:
            run.send_signal(signal.SIGKILL)
            run.wait(timeout=60)
            kills += 1
            check = _contents(db)  # integrity_check and foreign_key_check pass after every kill
            assert check["counts"]["articles"] >= before
        else:  # a fast machine finished the corpus between kills: check it, start a new file
            assert run.returncode == 0, run.stderr.read().decode() if run.stderr else ""
            assert _contents(db) == reference
            rounds += 1
            db = tmp_path / f"killed-{rounds}.sqlite"
    final = _ingest(corpus, db)
    _, err = final.communicate(timeout=900)
    assert final.returncode == 0, err.decode()
    assert kills >= KILLS
    assert _contents(db) == reference


def test_two_processes_ingesting_into_one_file_lose_and_duplicate_nothing(
    corpus, reference, tmp_path
):
    records = corpus.read_text(encoding="utf-8").splitlines()
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text("\n".join(records[: 2 * ARTICLES // 3]) + "\n", encoding="utf-8")
    second.write_text("\n".join(records[ARTICLES // 3 :]) + "\n", encoding="utf-8")  # overlap
    db = tmp_path / "shared.sqlite"  # created by whichever process comes first
    runs = [_ingest(first, db), _ingest(second, db)]
    for run in runs:
        _, err = run.communicate(timeout=900)
        assert run.returncode == 0, err.decode()
    assert _contents(db) == reference
    assert os.path.getsize(db) > 0

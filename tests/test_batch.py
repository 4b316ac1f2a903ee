"""Batch runs on a real 2-worker Dask LocalCluster: Parquet partitions, bulk load, resuming
after SIGKILL without duplicates or losses."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from sitrep import ingest
from sitrep.batch import partitions, run_batch
from sitrep.batch.partitions import PartitionResult
from sitrep.records import Article, ArticleFailure, Claim, Event
from sitrep.store import open_store
from sitrep.store.bulk import StoredArticle

ARTICLES = 48
PARTITION = 4
PLACES = ["Kharkiv", "Khartoum", "Mogadishu", "Aleppo", "Sanaa", "Goma", "Kabul", "Mosul"]
ACTORS = ["Russian forces", "RSF fighters", "Al-Shabaab militants", "Houthi rebels", "Gunmen"]
# What identifies the stored rows regardless of autoincrement ids.
CONTENT = {
    "articles": "SELECT id FROM articles",
    "events": "SELECT event_id, article_id, position, event_type, fatalities FROM events",
    "claims": 'SELECT event_id, position, text, start, "end" FROM claims',
    "evidence": "SELECT event_id, field, text FROM evidence",
    "event_actors": "SELECT x.event_id, a.name, x.role FROM event_actors x "
    "JOIN actors a ON a.id = x.actor_id",
    "places": "SELECT geonameid, name FROM places",
}


def _write_corpus(path: Path) -> Path:
    pick = random.Random(11)
    with path.open("w", encoding="utf-8") as out:
        for i in range(ARTICLES):
            place, actor = pick.choice(PLACES), pick.choice(ACTORS)
            text = (
                f"{place.upper()} - {actor} attacked a market in {place} on Tuesday, killing "
                f"{pick.randint(2, 30)} civilians, police said. It was attack number {i}."
            )
            out.write(json.dumps({"id": f"b{i:03d}", "text": text, "published": "2024-05-02"}))
            out.write("\n")
    return path


def _contents(db: Path) -> dict[str, list]:
    conn = sqlite3.connect(db)
    try:
        return {name: sorted(conn.execute(query).fetchall()) for name, query in CONTENT.items()}
    finally:
        conn.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return _write_corpus(tmp_path_factory.mktemp("corpus") / "attacks.jsonl")


@pytest.fixture(scope="module")
def finished(corpus, tmp_path_factory) -> tuple[Path, Path]:
    """One uninterrupted batch run on a 2-worker LocalCluster: (out folder, database)."""
    root = tmp_path_factory.mktemp("batch")
    articles = [a for a in ingest.read([corpus]) if isinstance(a, Article)]
    done: list[int] = []
    report = run_batch(
        articles, out=root / "out", db=str(root / "db.sqlite"), workers=2,
        partition_size=PARTITION, progress=done.append,
    )  # fmt: skip
    assert sum(done) == ARTICLES
    assert report.partitions == ARTICLES // PARTITION and report.skipped_partitions == 0
    assert report.new_articles == ARTICLES and report.failed_articles == 0
    assert len(report.worker_peak_rss_mb) == 2
    return root / "out", root / "db.sqlite"


@pytest.mark.slow
def test_a_two_worker_batch_writes_parquet_and_loads_the_same_events(finished):
    out, db = finished
    contents = _contents(db)
    assert len(contents["articles"]) == ARTICLES
    assert len(contents["events"]) >= ARTICLES
    folders = sorted(p for p in out.iterdir() if p.is_dir())
    assert len(folders) == ARTICLES // PARTITION and all(partitions.is_loaded(f) for f in folders)
    parquet_events = [
        row for f in folders for row in pq.read_table(f / "events.parquet").to_pylist()
    ]
    assert sorted(r["event_id"] for r in parquet_events) == [e[0] for e in contents["events"]]
    stored = {e.event_id: e for e in open_store(db).events()}
    for row in parquet_events:
        assert stored[row["event_id"]].fatalities == row["fatalities"]
        assert stored[row["event_id"]].date_start == row["date_start"]
    assert (out / "errors.jsonl").read_text(encoding="utf-8") == ""


@pytest.mark.slow
def test_a_rerun_skips_finished_partitions(corpus, finished):
    out, db = finished
    before = _contents(db)
    articles = [a for a in ingest.read([corpus]) if isinstance(a, Article)]
    report = run_batch(articles, out=out, db=str(db), partition_size=PARTITION)
    assert report.skipped_partitions == report.partitions == ARTICLES // PARTITION
    assert report.new_articles == 0 and report.worker_peak_rss_mb == {}  # no cluster started
    assert _contents(db) == before


@pytest.mark.slow
def test_sigkill_during_a_batch_then_a_rerun_loses_and_duplicates_nothing(
    corpus, finished, tmp_path
):
    _, reference_db = finished
    out, db = tmp_path / "out", tmp_path / "db.sqlite"
    command = [sys.executable, "-m", "sitrep.cli", "-q", "batch", str(corpus), "--out", str(out),
               "--db", str(db), "--workers", "2", "--partition-size", str(PARTITION)]  # fmt: skip
    run = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    deadline = time.monotonic() + 600
    while run.poll() is None and time.monotonic() < deadline:
        if out.is_dir() and any(partitions.is_loaded(p) for p in out.iterdir()):
            break
        time.sleep(0.01)
    assert run.poll() is None, f"batch ended before it could be killed: {run.stderr.read()!r}"
    os.killpg(run.pid, signal.SIGKILL)  # the client and its cluster's worker processes
    run.wait(timeout=60)
    loaded = [p for p in out.iterdir() if partitions.is_loaded(p)]
    assert 0 < len(loaded) < ARTICLES // PARTITION

    rerun = subprocess.run(command, capture_output=True, text=True, timeout=900)
    assert rerun.returncode == 0, rerun.stderr
    assert "already loaded" in rerun.stderr
    assert _contents(db) == _contents(reference_db)


def _event(article_id: str) -> Event:
    return Event(
        article_id=article_id,
        event_id=f"{article_id}-e1",
        event_type="Battles",
        sub_event_type="Armed clash",
        date_start=dt.date(2024, 5, 1),
        date_end=dt.date(2024, 5, 2),
        assoc_actors=["Gunmen"],
        fatalities=None,
        claims=[Claim(claimant=None, stance="claimed", text="said", start=0, end=4)],
        sentence="said so",
        evidence={"event_type": (0, 4)},
    )


def test_a_partition_round_trips_through_parquet_with_its_errors(tmp_path):
    article = Article(id="p1", text="said so", published=dt.date(2024, 5, 2), origin="f.txt")
    broken = Article(id="p2", text="x", published=None, origin="g.txt:3")
    result = PartitionResult(
        stored=[StoredArticle(article=article, events=[_event("p1")], actors=[], places=[])],
        failures=[ArticleFailure(article=broken, stage="places", reason="ValueError: bad")],
    )
    folder = tmp_path / "part-00000-abc"
    partitions.write(folder, result)
    assert partitions.read(folder) == result
    assert [p.name for p in tmp_path.iterdir()] == [folder.name]  # no staging folder left
    (error,) = [json.loads(line) for line in (folder / "errors.jsonl").read_text().splitlines()]
    assert (error["article_id"], error["origin"], error["stage"], error["reason"]) == (
        "p2", "g.txt:3", "places", "ValueError: bad"
    )  # fmt: skip


def test_partitions_are_named_by_their_articles():
    articles = [Article(id=f"a{i}", text="t", published=None) for i in range(5)]
    first = partitions.plan(articles, size=2)
    assert [len(p.articles) for p in first] == [2, 2, 1]
    assert [p.name for p in partitions.plan(articles, size=2)] == [p.name for p in first]
    other = partitions.plan(articles[1:], size=2)
    assert other[0].name != first[0].name

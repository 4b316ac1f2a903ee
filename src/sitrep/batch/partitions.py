"""Partitions of a batch run: a fixed slice of the input, its results as Parquet files.

A partition folder holds ``events.parquet`` (one row per event, the fields of
CONTRACT.md; ``evidence`` as JSON text), ``claims.parquet`` (one row per claim, with its
event id and position), ``articles.parquet`` (the article and the actor and place
mentions the database load needs, as JSON text) and ``errors.jsonl`` (the articles a
stage failed on, with the reason). It is written under a temporary name and renamed when
complete, so a folder with the partition's name is always whole; ``loaded`` is created in
it once its rows are committed to the database.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import TypeAdapter

from sitrep.records import ActorMention, Article, ArticleFailure, Claim, Event, PlaceMention
from sitrep.store.bulk import StoredArticle

LOADED_MARK = "loaded"
_ACTORS = TypeAdapter(list[ActorMention])
_PLACES = TypeAdapter(list[PlaceMention])
_EVENT_FIELDS = [name for name in Event.model_fields if name not in {"claims", "evidence"}]
_ARTICLE_FIELDS = ["id", "text", "published", "title", "source", "url", "origin"]


@dataclass(frozen=True)
class Partition:
    """A slice of the input: its name (index and a digest of its article ids) and articles."""

    name: str
    articles: list[Article]


@dataclass(frozen=True)
class PartitionResult:
    """What extraction found in one partition: stored articles and failures."""

    stored: list[StoredArticle]
    failures: list[ArticleFailure]


def plan(articles: Sequence[Article], *, size: int) -> list[Partition]:
    """Cut the input into partitions of ``size`` articles, named so that the same input
    gives the same names (and another input other names)."""
    parts = []
    for index, start in enumerate(range(0, len(articles), size)):
        chunk = list(articles[start : start + size])
        digest = hashlib.sha1("\n".join(a.id for a in chunk).encode()).hexdigest()[:10]
        parts.append(Partition(name=f"part-{index:05d}-{digest}", articles=chunk))
    return parts


def write(folder: Path, result: PartitionResult) -> None:
    """Write the partition's files, all or nothing (temporary folder, then rename)."""
    staging = folder.with_name(f".{folder.name}.tmp")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    events, claims, articles = [], [], []
    for item in result.stored:
        art = item.article
        articles.append(
            {name: getattr(art, name) for name in _ARTICLE_FIELDS}
            | {
                "actors": _ACTORS.dump_json(item.actors).decode(),
                "places": _PLACES.dump_json(item.places).decode(),
            }
        )
        for ev in item.events:
            events.append(
                {name: getattr(ev, name) for name in _EVENT_FIELDS}
                | {"evidence": json.dumps(ev.evidence)}
            )
            claims += [
                {"event_id": ev.event_id, "position": i, **claim.model_dump()}
                for i, claim in enumerate(ev.claims)
            ]
    _write_table(staging / "events.parquet", events)
    _write_table(staging / "claims.parquet", claims)
    _write_table(staging / "articles.parquet", articles)
    with (staging / "errors.jsonl").open("w", encoding="utf-8") as out:
        for failure in result.failures:
            out.write(json.dumps(error_row(failure), ensure_ascii=False) + "\n")
    _sync(staging)
    os.replace(staging, folder)


def read(folder: Path) -> PartitionResult:
    """Read a written partition back into the records the database load takes."""
    claims: dict[str, list[Claim]] = {}
    for row in _rows(folder / "claims.parquet"):
        event_id = row.pop("event_id")
        row.pop("position")
        claims.setdefault(event_id, []).append(Claim(**row))
    events: dict[str, list[Event]] = {}
    for row in _rows(folder / "events.parquet"):
        evidence = {k: tuple(v) for k, v in json.loads(row.pop("evidence")).items()}
        event = Event(**row, claims=claims.get(row["event_id"], []), evidence=evidence)
        events.setdefault(event.article_id, []).append(event)
    stored = []
    for row in _rows(folder / "articles.parquet"):
        actors = _ACTORS.validate_json(row.pop("actors"))
        places = _PLACES.validate_json(row.pop("places"))
        article = Article(**row)
        stored.append(
            StoredArticle(
                article=article, events=events.get(article.id, []), actors=actors, places=places
            )
        )
    failures = []
    with (folder / "errors.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            failures.append(
                ArticleFailure(
                    article=Article.model_validate(row["article"]),
                    stage=row["stage"],
                    reason=row["reason"],
                )
            )
    return PartitionResult(stored=stored, failures=failures)


def error_row(failure: ArticleFailure) -> dict[str, Any]:
    """One line of an errors file: which article, where it came from, stage and reason."""
    art = failure.article
    return {
        "article_id": art.id,
        "origin": art.origin,
        "stage": failure.stage,
        "reason": failure.reason,
        "article": art.model_dump(mode="json"),
    }


def is_loaded(folder: Path) -> bool:
    """Whether the partition's rows are committed to the database."""
    return (folder / LOADED_MARK).exists()


def mark_loaded(folder: Path) -> None:
    """Record that the partition's rows are committed to the database."""
    (folder / LOADED_MARK).touch()


def _write_table(path: Path, rows: list[dict[str, Any]]) -> None:
    pq.write_table(pa.Table.from_pylist(rows), path)


def _rows(path: Path) -> list[dict[str, Any]]:
    return pq.read_table(path).to_pylist()


def _sync(folder: Path) -> None:
    """Flush the folder's files to disk before the rename makes them count."""
    for path in folder.iterdir():
        with path.open("rb") as handle:
            os.fsync(handle.fileno())

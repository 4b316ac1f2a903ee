"""Score the event stage: whole news stories, ACLED coder notes and CASE 2021 snippets.

Every set is split into ``dev`` and a frozen ``test`` part; every figure is printed per
split (``articles_test_precision``, ``notes_dev_events_per_note`` ...). Only ``test``
figures have floors. See :mod:`sitrep.eval.event_articles` (whole stories: precision,
recall, duplicates, events per story, false events in stories with none, fatalities, place
precision and verification on matched events) and :mod:`sitrep.eval.event_notes` (ACLED
notes: events per note, type macro-F1, fatalities, actors; CASE: sub-types).

``limit`` keeps about that many evenly spaced notes and snippets (stories are always all
scored, as they are few).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

from sitrep.errors import MissingDataError
from sitrep.eval import event_articles, event_notes
from sitrep.pipeline import Pipeline
from sitrep.records import Article, Event

SPLITS = ("dev", "test")
_Row = TypeVar("_Row")


def evaluate(data_dir: Path, *, limit: int | None = None) -> dict[str, float]:
    """Score the event stage on every set; raise MissingDataError when data is absent.

    Args:
        data_dir (Path): the ``shared/data`` folder.
        limit (int | None): at most about this many notes and snippets (evenly spaced).
    """
    note_files = sorted((data_dir / "acled_notes").glob("*.csv"))
    case_file = data_dir / event_notes.CASE_FILE
    if not note_files or not case_file.is_file():
        raise MissingDataError(
            f"event gold data not found under {data_dir}: need acled_notes/*.csv and "
            f"{event_notes.CASE_FILE}; pass the shared/data folder"
        )
    stories = event_articles.load_stories(data_dir)
    started = time.perf_counter()
    pipeline = Pipeline()
    metrics: dict[str, float] = {}
    found = extract(pipeline, [s.article for s in stories])
    scores = [event_articles.score(s, found[s.article.id]) for s in stories]
    for split in SPLITS:
        chosen = [s for s in scores if s.story.split == split]
        metrics.update(_prefixed(f"articles_{split}", event_articles.summarise(chosen)))
    notes = _sample(list(event_notes.read_notes(note_files)), limit)
    found = extract(pipeline, [event_notes.note_article(n) for n in notes])
    for split in SPLITS:
        pairs = [(n, found[n.row_id]) for n in notes if event_notes.split_of(n.row_id) == split]
        metrics.update(_prefixed(f"notes_{split}", event_notes.score_notes(pairs)))
    snippets = _sample(list(event_notes.read_snippets(case_file)), limit)
    articles = {s.row_id: event_notes.snippet_article(s) for s in snippets}
    found = extract(pipeline, list(articles.values()))
    for split in SPLITS:
        chosen_snippets = [s for s in snippets if event_notes.split_of(s.row_id) == split]
        scored = [(s, found[articles[s.row_id].id]) for s in chosen_snippets]
        metrics.update(_prefixed(f"case_{split}", event_notes.score_snippets(scored)))
    metrics["seconds"] = round(time.perf_counter() - started, 1)
    return metrics


def extract(pipeline: Pipeline, articles: list[Article]) -> dict[str, list[Event]]:
    """Events of each article, keyed by article id."""
    return {result.article.id: result.events for result in pipeline.run(articles)}


def _prefixed(prefix: str, figures: dict[str, float]) -> dict[str, float]:
    return {f"{prefix}_{name}": value for name, value in figures.items()}


def _sample(rows: Sequence[_Row], limit: int | None) -> list[_Row]:
    if limit is None or limit >= len(rows):
        return list(rows)
    step = len(rows) / limit
    return [rows[int(i * step)] for i in range(limit)]

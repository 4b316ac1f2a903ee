"""Score ``sitrep.events`` typing and fatality counts on ACLED notes and CASE 2021 snippets.

Data (under ``data_dir``, the ``shared/data`` folder):

- ``acled_notes/*.csv``: ACLED rows; each ``notes`` paragraph is run through
  :func:`sitrep.events.run` with empty time/place/claim layers, and the note's
  prediction is its first event. Metrics: ``acled_event_type_accuracy``,
  ``acled_event_type_macro_f1`` (over the 6 types), ``acled_sub_event_type_accuracy``,
  ``acled_detected`` (share of notes with any event), and
  ``acled_fatalities_accuracy`` (exact match; a null count is read as 0, which is
  how ACLED codes "not reported"). A note with no event counts as wrong.
- ``case2021_task2/test_set_final_release_with_labels.tsv``: snippets with
  CASE 2021 labels, mapped to ACLED sub-types by the taxonomy's ``case_code``.
  The 5 non-ACLED labels (ORG_CRIME, NATURAL_DISASTER, ...) are one class, "none",
  which is right when no event is found. Metrics: ``case_accuracy``,
  ``case_macro_f1`` (over the gold classes), ``case_seen_accuracy`` (ACLED labels only).

``limit`` keeps every k-th row of each set so that a short run still spans all of it.
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
import time
from collections.abc import Iterator
from pathlib import Path

from spacy.tokens import Doc

from sitrep import actors, events, nlp
from sitrep.errors import MissingDataError
from sitrep.records import AnnotatedArticle, Article, Event, Span
from sitrep.taxonomy import load as load_taxonomy

logger = logging.getLogger(__name__)

_NONE = "none"
_CASE_FILE = Path("case2021_task2") / "test_set_final_release_with_labels.tsv"
_REFERENCE_DATE = dt.date(2020, 1, 1)


def evaluate(data_dir: Path, *, limit: int | None = None) -> dict[str, float]:
    """Score event typing and fatalities; raise MissingDataError when the data is absent.

    Args:
        data_dir (Path): the ``shared/data`` folder.
        limit (int | None): at most this many rows of each data set (evenly spaced).
    """
    notes_dir = data_dir / "acled_notes"
    note_files = sorted(notes_dir.glob("*.csv")) if notes_dir.is_dir() else []
    case_file = data_dir / _CASE_FILE
    if not note_files or not case_file.is_file():
        raise MissingDataError(
            f"event gold data not found under {data_dir}: need acled_notes/*.csv and "
            f"{_CASE_FILE}; pass the shared/data folder"
        )
    started = time.perf_counter()
    metrics = _score_notes(_sample(list(_read_notes(note_files)), limit))
    metrics.update(_score_case(_sample(list(_read_case(case_file)), limit)))
    metrics["seconds"] = round(time.perf_counter() - started, 1)
    return metrics


def _sample(rows: list, limit: int | None) -> list:
    if limit is None or limit >= len(rows):
        return rows
    step = len(rows) / limit
    return [rows[int(i * step)] for i in range(limit)]


def _read_notes(files: list[Path]) -> Iterator[dict[str, str]]:
    for path in files:
        with path.open(encoding="utf-8", newline="") as handle:
            yield from csv.DictReader(handle)


def _read_case(path: Path) -> Iterator[tuple[str, str]]:
    with path.open(encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3:
                yield parts[1], parts[2]


def _first_events(texts: list[str]) -> Iterator[Event | None]:
    """Run the event stage over bare texts (actors only, no other layers); keep each first event."""
    pipeline = nlp.load()
    for i, doc in enumerate(pipeline.pipe(texts, batch_size=64)):
        found = events.run(_bare(doc, f"row{i}"), doc=doc)
        yield found[0] if found else None


def _bare(doc: Doc, ident: str) -> AnnotatedArticle:
    article = Article(id=ident, text=doc.text, published=_REFERENCE_DATE)
    sentences = [Span(start=s.start_char, end=s.end_char, text=s.text) for s in doc.sents]
    return AnnotatedArticle(
        article=article,
        sentences=sentences,
        entities=[],
        timexes=[],
        places=[],
        attributions=[],
        actors=actors.run(doc),
    )


def _score_notes(rows: list[dict[str, str]]) -> dict[str, float]:
    gold_types, pred_types = [], []
    sub_hits = death_hits = detected = 0
    predictions = _first_events([row["notes"] for row in rows])
    for row, event in zip(rows, predictions, strict=True):
        gold_types.append(row["event_type"])
        pred_types.append(event.event_type if event else _NONE)
        if event is None:
            continue
        detected += 1
        sub_hits += event.sub_event_type == row["sub_event_type"]
        death_hits += (event.fatalities or 0) == int(row["fatalities"] or 0)
    total = max(len(rows), 1)
    labels = [t.name for t in load_taxonomy().event_types]
    return {
        "acled_notes": float(len(rows)),
        "acled_detected": detected / total,
        "acled_event_type_accuracy": _accuracy(gold_types, pred_types),
        "acled_event_type_macro_f1": _macro_f1(gold_types, pred_types, labels),
        "acled_sub_event_type_accuracy": sub_hits / total,
        "acled_fatalities_accuracy": death_hits / total,
    }


def _score_case(rows: list[tuple[str, str]]) -> dict[str, float]:
    taxonomy = load_taxonomy()
    gold, pred = [], []
    predictions = _first_events([text for text, _ in rows])
    for (_, label), event in zip(rows, predictions, strict=True):
        sub = taxonomy.by_case_code(label)
        gold.append(sub.name if sub else _NONE)
        pred.append(event.sub_event_type if event else _NONE)
    seen = [(g, p) for g, p in zip(gold, pred, strict=True) if g != _NONE]
    return {
        "case_snippets": float(len(rows)),
        "case_accuracy": _accuracy(gold, pred),
        "case_macro_f1": _macro_f1(gold, pred, sorted(set(gold))),
        "case_seen_accuracy": _accuracy([g for g, _ in seen], [p for _, p in seen]),
    }


def _accuracy(gold: list[str], pred: list[str]) -> float:
    if not gold:
        return 0.0
    return sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)


def _macro_f1(gold: list[str], pred: list[str], labels: list[str]) -> float:
    """Unweighted mean of per-label F1 over ``labels`` (predictions outside them are misses)."""
    scores = []
    for label in labels:
        tp = sum(g == p == label for g, p in zip(gold, pred, strict=True))
        fp = sum(p == label != g for g, p in zip(gold, pred, strict=True))
        fn = sum(g == label != p for g, p in zip(gold, pred, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores) if scores else 0.0

"""Score the event stage: whole news stories, ACLED coder notes and CASE 2021 snippets.

The stories' titles are also scored alone, as headlines (``headlines_...``, see
:mod:`sitrep.eval.event_headlines`). Every set is split into ``dev`` and a frozen ``test``
part; every figure is printed per split (``articles_test_precision``,
``notes_dev_events_per_note`` ...). Only ``test`` figures have floors. See
:mod:`sitrep.eval.event_articles` (whole stories: precision, recall, duplicates, events per
story, false events in stories with none, fatalities, place precision and verification on
matched events) and :mod:`sitrep.eval.event_notes` (ACLED
notes: events per note, type macro-F1, fatalities, actors; CASE: sub-types).

When ``shared/samples/seed_article.txt`` is beside the data folder, ``seed_*`` figures
check the brief's sample story.

``limit`` keeps about that many evenly spaced notes and snippets (stories are always all
scored, as they are few).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

from sitrep import events, ingest
from sitrep.errors import MissingDataError
from sitrep.eval import actor_errors, event_articles, event_headlines, event_notes
from sitrep.gazetteer import Gazetteer
from sitrep.pipeline import Pipeline
from sitrep.records import Article, Event

SPLITS = ("dev", "test")
_SYSTEMS = (("", 0), ("_rules", 1))  # metric name suffix, index into _both's pairs
_VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
_Row = TypeVar("_Row")


def evaluate(data_dir: Path, *, limit: int | None = None) -> dict[str, float]:
    """Score the event stage on every set; raise MissingDataError when data is absent.

    Every figure is given for sitrep as it runs (trigger rules, trained detector and typer)
    and, under ``..._rules_...``, for the trigger rules alone, on the same parses.

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
    found = _both(pipeline, [s.article for s in stories])
    regions = region_names(pipeline.gazetteer)
    for name, which in _SYSTEMS:
        scores = [
            event_articles.score(s, found[s.article.id][which], region_names=regions)
            for s in stories
        ]
        for split in SPLITS:
            chosen = [s for s in scores if s.story.split == split]
            figures = event_articles.summarise(chosen)
            metrics.update(_prefixed(f"articles_{split}{name}", figures))
    titles = event_headlines.run_titles(pipeline, stories)
    for split in SPLITS:
        chosen_titles = [t for t in titles if t.story.split == split]
        metrics.update(_prefixed(f"headlines_{split}", event_headlines.summarise(chosen_titles)))
    notes = _sample(list(event_notes.read_notes(note_files)), limit)
    found = _both(pipeline, [event_notes.note_article(n) for n in notes])
    for name, which in _SYSTEMS:
        for split in SPLITS:
            pairs = [
                (n, found[n.row_id][which])
                for n in notes
                if event_notes.split_of(n.row_id) == split
            ]
            metrics.update(_prefixed(f"notes_{split}{name}", event_notes.score_notes(pairs)))
    snippets = _sample(list(event_notes.read_snippets(case_file)), limit)
    articles = {s.row_id: event_notes.snippet_article(s) for s in snippets}
    found = _both(pipeline, list(articles.values()))
    for name, which in _SYSTEMS:
        for split in SPLITS:
            scored = [
                (s, found[articles[s.row_id].id][which])
                for s in snippets
                if event_notes.split_of(s.row_id) == split
            ]
            metrics.update(_prefixed(f"case_{split}{name}", event_notes.score_snippets(scored)))
    metrics.update(_seed(pipeline, data_dir.parent / "samples" / "seed_article.txt"))
    metrics["seconds"] = round(time.perf_counter() - started, 1)
    return metrics


def actor_error_listing(data_dir: Path, *, split: str = "dev", limit: int | None = None) -> str:
    """The actor disagreements with ACLED's coding on the notes of ``split``, grouped by
    cause (:mod:`sitrep.eval.actor_errors`); raise MissingDataError when data is absent.

    Raises:
        ValueError: for the frozen ``test`` split, whose errors must not be looked at.
    """
    if split != "dev":
        raise ValueError("only the dev split's errors may be listed")
    note_files = sorted((data_dir / "acled_notes").glob("*.csv"))
    if not note_files:
        raise MissingDataError(f"ACLED notes not found under {data_dir}/acled_notes")
    notes = _sample(
        [n for n in event_notes.read_notes(note_files) if event_notes.split_of(n.row_id) == split],
        limit,
    )
    found = extract(Pipeline(), [event_notes.note_article(n) for n in notes])
    return actor_errors.listing([(n, found.get(n.row_id, [])) for n in notes])


def story_errors(data_dir: Path, *, split: str = "dev") -> list[str]:
    """The missed, false and duplicate events of every ``split`` story, described line by
    line; only the ``dev`` parts may be listed (the ``test`` parts stay frozen)."""
    if split != "dev":
        raise ValueError("only the dev stories' errors may be listed; test stays frozen")
    stories = [s for s in event_articles.load_stories(data_dir) if s.split == split]
    pipeline = Pipeline()
    found = extract(pipeline, [s.article for s in stories])
    regions = region_names(pipeline.gazetteer)
    lines: list[str] = []
    for story in stories:
        scored = event_articles.score(story, found[story.article.id], region_names=regions)
        lines += event_articles.describe_errors(scored)
    lines.append("titles alone (headlines):")
    for result in event_headlines.run_titles(pipeline, stories):
        lines += event_headlines.describe(result)
    return lines


def region_names(gazetteer: Gazetteer) -> event_articles.RegionNames:
    """The gazetteer's names of the admin1 regions of a country that a gold region name
    denotes, by name or by its skeleton ("Lower Shabelle" -> {"Shabeellaha Hoose"})."""

    @functools.cache
    def names(name: str, country_code: str | None) -> set[str]:
        found = [*gazetteer.lookup(name), *gazetteer.lookup_skeleton(name)]
        return {
            p.name for p in found if p.feature_code == "ADM1" and p.country_code == country_code
        }

    return names


def _both(pipeline: Pipeline, articles: list[Article]) -> dict[str, tuple[list[Event], ...]]:
    """Events of each article with the models and with the rules alone, by article id."""
    found = {}
    for doc, article in pipeline.docs(articles):
        annotated = pipeline.annotate(doc, article)
        found[article.id] = tuple(
            events.run(annotated, doc=doc, gazetteer=pipeline.gazetteer, use_models=models)
            for models in (True, False)
        )
    return found


def _seed(pipeline: Pipeline, path: Path) -> dict[str, float]:
    """The brief's sample story, when it is there: its two raids into Russian regions (dated
    the week before publication), its background event of May 2023, and violent events
    placed in Ukraine (there should be none: Kyiv is only where the groups spoke)."""
    if not path.is_file():
        return {}
    articles = [a for a in ingest.read([path]) if isinstance(a, Article)]
    found = [e for events in extract(pipeline, articles).values() for e in events]
    raids = {
        e.admin1 for e in found if e.country_code == "RU" and not e.background and _spans_a_week(e)
    }
    return {
        "seed_raids": float(len(raids)),
        "seed_background": float(sum(e.background for e in found)),
        "seed_violent_in_ukraine": float(
            sum(e.country_code == "UA" and e.event_type in _VIOLENT for e in found)
        ),
    }


def _spans_a_week(event: Event) -> bool:
    start, end = event.date_start, event.date_end
    return start is not None and end is not None and (end - start).days == 6


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

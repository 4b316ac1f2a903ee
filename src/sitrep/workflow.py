"""Whole jobs built from the stages: extract articles and store the results."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from sitrep.pipeline import Pipeline
from sitrep.records import Article
from sitrep.store import open_store
from sitrep.store.database import DEFAULT_DB, StoredArticle

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IngestReport:
    """What an ingest run did."""

    db: str
    new_articles: int
    known_articles: int
    new_events: int


def ingest_articles(
    articles: Iterable[Article],
    *,
    db: str | None = None,
    pipeline: Pipeline | None = None,
    n_process: int = 1,
    commit_every: int = 50,
    progress: Callable[[int], object] | None = None,
) -> IngestReport:
    """Extract events from the articles not yet stored and store them.

    Articles already in the database (same id) are skipped before any NLP runs,
    so a second run over the same input is fast and changes nothing. Results are
    committed every ``commit_every`` articles; a failure loses at most that batch.
    """
    store = open_store(db or DEFAULT_DB)
    unique = list({article.id: article for article in articles}.values())
    known = store.known_article_ids(a.id for a in unique)
    todo = [a for a in unique if a.id not in known]
    if progress and known:
        progress(len(known))
    new_articles = new_events = 0
    if todo:
        pipeline = pipeline or Pipeline(n_process=n_process)
        for chunk in _chunks(pipeline.run(todo), commit_every):
            new_articles += store.add(
                StoredArticle(
                    article=result.article,
                    events=result.events,
                    actors=result.annotated.actors,
                    places=result.annotated.places,
                )
                for result in chunk
            )
            new_events += sum(len(result.events) for result in chunk)
            if progress:
                progress(len(chunk))
    logger.info("stored %d new articles, %d events", new_articles, new_events)
    return IngestReport(
        db=str(store.engine.url),
        new_articles=new_articles,
        known_articles=len(known),
        new_events=new_events,
    )


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk

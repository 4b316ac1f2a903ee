"""Whole jobs built from the stages: extract articles and store the results."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sitrep.pipeline import Extraction, Pipeline
from sitrep.records import Article
from sitrep.store import open_store
from sitrep.store.database import StoredArticle

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
    store = open_store(db)
    articles = list(articles)
    unique = list({article.id: article for article in articles}.values())
    known = store.known_article_ids(a.id for a in unique)
    todo = [a for a in unique if a.id not in known]
    if progress and len(articles) > len(todo):
        progress(len(articles) - len(todo))  # stored already, or repeated in the input
    new_articles = new_events = 0
    pending: list[Extraction] = []

    def flush() -> None:
        nonlocal new_articles, new_events
        new_articles += store.add(
            StoredArticle(
                article=result.article,
                events=result.events,
                actors=result.annotated.actors,
                places=result.annotated.places,
            )
            for result in pending
        )
        new_events += sum(len(result.events) for result in pending)
        pending.clear()

    if todo:
        pipeline = pipeline or Pipeline(n_process=n_process)
        for result in pipeline.run(todo):
            pending.append(result)
            if progress:
                progress(1)
            if len(pending) >= commit_every:
                flush()
        flush()
    logger.info("stored %d new articles, %d events", new_articles, new_events)
    return IngestReport(
        db=str(store.engine.url),
        new_articles=new_articles,
        known_articles=len(known),
        new_events=new_events,
    )

"""Whole jobs built from the stages: extract articles and store the results."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sitrep.pipeline import Extraction, FailureHandler, Pipeline, log_failure
from sitrep.records import Article, ArticleFailure
from sitrep.store import open_store
from sitrep.store.database import StoredArticle

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IngestReport:
    """What an ingest run did. ``failed_articles``: articles a stage failed on in this run
    (recorded in the database with their reasons; the next run tries them again)."""

    db: str
    new_articles: int
    known_articles: int
    new_events: int
    failed_articles: int = 0


def ingest_articles(
    articles: Iterable[Article],
    *,
    db: str | None = None,
    pipeline: Pipeline | None = None,
    n_process: int = 1,
    commit_every: int = 50,
    progress: Callable[[int], object] | None = None,
    on_failure: FailureHandler = log_failure,
) -> IngestReport:
    """Extract events from the articles not yet stored and store them.

    Articles already in the database (same id) are skipped before any NLP runs,
    so a second run over the same input is fast and changes nothing. An article that fails
    in a stage is passed to ``on_failure`` and recorded as failed, with its stage and
    reason; it is not stored, so the next run over the same input tries it again.
    Results are committed every ``commit_every`` articles; an interruption loses at most
    that batch, which the next run redoes.
    """
    store = open_store(db)
    articles = list(articles)
    unique = list({article.id: article for article in articles}.values())
    known = store.known_article_ids(a.id for a in unique)
    todo = [a for a in unique if a.id not in known]
    if progress and len(articles) > len(todo):
        progress(len(articles) - len(todo))  # stored already, or repeated in the input
    new_articles = new_events = failed = 0
    pending: list[Extraction] = []
    failures: list[ArticleFailure] = []

    def fail(failure: ArticleFailure) -> None:
        failures.append(failure)
        on_failure(failure)
        if progress:
            progress(1)

    def flush() -> None:
        nonlocal new_articles, new_events, failed
        new_articles += store.add(
            (
                StoredArticle(
                    article=result.article,
                    events=result.events,
                    actors=result.annotated.actors,
                    places=result.annotated.places,
                )
                for result in pending
            ),
            failures=failures,
        )
        new_events += sum(len(result.events) for result in pending)
        failed += len(failures)
        pending.clear()
        failures.clear()

    if todo:
        pipeline = pipeline or Pipeline(n_process=n_process)
        for result in pipeline.run(todo, on_failure=fail):
            pending.append(result)
            if progress:
                progress(1)
            if len(pending) + len(failures) >= commit_every:
                flush()
        flush()
    logger.info("stored %d new articles, %d events; %d failed", new_articles, new_events, failed)
    return IngestReport(
        db=str(store.engine.url),
        new_articles=new_articles,
        known_articles=len(known),
        new_events=new_events,
        failed_articles=failed,
    )

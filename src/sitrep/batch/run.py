"""Run extraction over many articles on dask.distributed, then load the results in bulk.

The input is cut into partitions (:mod:`sitrep.batch.partitions`). Each worker process
loads the pipeline once and extracts whole partitions; as each finishes, this process
writes its Parquet files and loads its rows into the database in one transaction. A rerun
over the same input skips the partitions already loaded, loads those written but not
loaded, and extracts the rest, so an interrupted run (even by SIGKILL) loses at most the
partitions in flight and never stores an article twice.
"""

from __future__ import annotations

import functools
import json
import logging
import resource
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sitrep.batch import partitions
from sitrep.batch.partitions import Partition, PartitionResult
from sitrep.errors import ClusterError, SitrepError
from sitrep.records import Article, ArticleFailure
from sitrep.store import open_store
from sitrep.store.bulk import StoredArticle

if TYPE_CHECKING:
    from dask.distributed import Client

logger = logging.getLogger(__name__)

PARTITION_ARTICLES = 50
ERRORS_FILE = "errors.jsonl"


@dataclass(frozen=True)
class BatchReport:
    """What a batch run did, and the peak memory of each worker process (MB)."""

    out: Path
    db: str
    partitions: int
    skipped_partitions: int
    new_articles: int
    new_events: int
    failed_articles: int
    worker_peak_rss_mb: dict[str, float] = field(default_factory=dict)


def run_batch(
    articles: Sequence[Article],
    *,
    out: Path,
    db: str | None = None,
    workers: int = 2,
    scheduler: str | None = None,
    partition_size: int = PARTITION_ARTICLES,
    progress: Callable[[int], object] | None = None,
    on_failure: Callable[[ArticleFailure], object] | None = None,
) -> BatchReport:
    """Extract events from ``articles`` on a Dask cluster and store them in ``db``.

    Args:
        articles: the input; an id seen twice is kept once.
        out (Path): folder for the partitions and ``errors.jsonl``.
        db (str | None): database path or URL.
        workers (int): worker processes of the local cluster (ignored with ``scheduler``).
        scheduler (str | None): address of a running Dask scheduler to use instead.
        partition_size (int): articles per partition (the unit of work and of resuming).
        progress: called with a number of articles as each partition is done.
        on_failure: called with each article a stage failed on.
    """
    out.mkdir(parents=True, exist_ok=True)
    store = open_store(db)
    unique = list({article.id: article for article in articles}.values())
    parts = partitions.plan(unique, size=partition_size)
    report = _Tally()

    def finish(part: Partition, result: PartitionResult | None = None) -> None:
        folder = out / part.name
        if result is not None:
            partitions.write(folder, result)
        else:
            result = partitions.read(folder)
        report.new_articles += store.add(result.stored, failures=result.failures)
        partitions.mark_loaded(folder)
        report.new_events += sum(len(item.events) for item in result.stored)
        report.failed += len(result.failures)
        for failure in result.failures:
            if on_failure:
                on_failure(failure)
        if progress:
            progress(len(part.articles))

    todo = []
    for part in parts:
        folder = out / part.name
        if partitions.is_loaded(folder):
            report.skipped += 1
            if progress:
                progress(len(part.articles))
        elif folder.is_dir():
            finish(part)  # written by an earlier run that stopped before loading it
        else:
            todo.append(part)
    peaks: dict[str, float] = {}
    if todo:
        with _client(workers=workers, scheduler=scheduler) as client:
            for part, result in _extracted(client, todo):
                finish(part, result)
            peaks = {str(worker): rss / 1024 for worker, rss in client.run(_peak_rss_kb).items()}
    _collect_errors(out, parts)
    logger.info(
        "batch: %d partitions (%d already loaded), %d new articles, %d events, %d failed",
        len(parts), report.skipped, report.new_articles, report.new_events, report.failed,
    )  # fmt: skip
    return BatchReport(
        out=out,
        db=str(store.engine.url),
        partitions=len(parts),
        skipped_partitions=report.skipped,
        new_articles=report.new_articles,
        new_events=report.new_events,
        failed_articles=report.failed,
        worker_peak_rss_mb=peaks,
    )


@dataclass
class _Tally:
    skipped: int = 0
    new_articles: int = 0
    new_events: int = 0
    failed: int = 0


@contextmanager
def _client(*, workers: int, scheduler: str | None) -> Iterator[Client]:
    """A Dask client on the given scheduler, or on a local cluster of worker processes."""
    import dask
    from dask.distributed import Client, LocalCluster

    # Dask starts workers with MALLOC_TRIM_THRESHOLD_=65536, which makes glibc hand memory
    # back after nearly every parse: a quarter of a worker's CPU time went to system calls.
    # Keep only its one-thread-per-library settings.
    environ = {"OMP_NUM_THREADS": 1, "MKL_NUM_THREADS": 1, "OPENBLAS_NUM_THREADS": 1}
    with dask.config.set({"distributed.nanny.pre-spawn-environ": environ}):
        cluster = None
        try:
            if scheduler:
                client = Client(scheduler, timeout="30s")
            else:
                cluster = LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},  # no fixed port
                    host="127.0.0.1",
                    memory_limit=0,  # sitrep's workers hold one model each; no spilling
                )
                client = Client(cluster)
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"cannot start or reach the Dask cluster: {exc}") from exc
        try:
            yield client
        finally:
            client.close()
            if cluster is not None:
                cluster.close()


def _extracted(
    client: Client, todo: list[Partition]
) -> Iterator[tuple[Partition, PartitionResult]]:
    """Each partition with its result, as the workers finish them."""
    from dask.distributed import as_completed

    by_key = {}
    for part in todo:
        future = client.submit(extract_partition, part.articles, key=part.name, pure=False)
        by_key[future.key] = (part, future)
    for future in as_completed([future for _part, future in by_key.values()]):
        part, _ = by_key.pop(future.key)
        try:
            result = future.result()
        except SitrepError:
            raise
        except Exception as exc:  # a worker died on the partition: report and stop
            raise ClusterError(f"partition {part.name} could not be run: {exc}") from exc
        future.release()
        yield part, result


def extract_partition(articles: list[Article]) -> PartitionResult:
    """Run on a worker: extract one partition with the worker's pipeline."""
    failures: list[ArticleFailure] = []
    stored = [
        StoredArticle(
            article=result.article,
            events=result.events,
            actors=result.annotated.actors,
            places=result.annotated.places,
        )
        for result in _worker_pipeline().run(articles, on_failure=failures.append)
    ]
    return PartitionResult(stored=stored, failures=failures)


@functools.cache
def _worker_pipeline():
    """The pipeline of this worker process: models and place index load once."""
    from sitrep.pipeline import Pipeline

    pipeline = Pipeline()  # one BLAS thread per worker: the workers are the parallelism
    pipeline.gazetteer  # noqa: B018 - load the place index now, not in the first partition
    return pipeline


def _peak_rss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _collect_errors(out: Path, parts: list[Partition]) -> None:
    """Write ``errors.jsonl``: every failed article of the run's partitions, in input order."""
    with (out / ERRORS_FILE).open("w", encoding="utf-8") as errors:
        for part in parts:
            path = out / part.name / ERRORS_FILE
            if path.exists():
                for line in path.read_text(encoding="utf-8").splitlines():
                    row = json.loads(line)
                    row.pop("article")
                    errors.write(json.dumps(row, ensure_ascii=False) + "\n")

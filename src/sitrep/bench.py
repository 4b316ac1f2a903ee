"""Throughput benchmark: sitrep's whole extraction against spaCy's small pipeline alone.

Usage: python -m sitrep.bench ARTICLES.jsonl [--repeat N] [--processes N]
Prints articles/s and words/s for each, on the same texts, in one process with one BLAS
thread, alternating the runs N times; the ratios are taken over the medians. spaCy alone
is timed twice: stock, and with the numpy matrix ops that sitrep's pipeline uses. ``--processes``
adds a run of sitrep with that many spaCy worker processes.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from threadpoolctl import threadpool_limits

from sitrep import ingest, nlp
from sitrep.records import Article


def _timed(label: str, work: Callable[[], int], *, articles: int, words: int) -> float:
    start = time.perf_counter()
    produced = work()
    seconds = time.perf_counter() - start
    print(
        f"{label:<34} {seconds:7.2f} s  {articles / seconds:7.2f} articles/s  "
        f"{words / seconds:8.0f} words/s  ({produced} outputs)"
    )
    return seconds


def main() -> None:
    """Run the benchmark from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--repeat", type=int, default=1, help="alternating runs of each")
    parser.add_argument("--processes", type=int, default=1, help="also time n_process=N")
    args = parser.parse_args()
    if not args.path.exists():
        raise SystemExit(f"benchmark corpus {args.path} not found")
    items = list(ingest.read([args.path]))
    articles = [a for a in items if isinstance(a, Article)]
    skipped = len(items) - len(articles)
    words = sum(len(a.text.split()) for a in articles)
    print(f"{len(articles)} articles, {words} words ({skipped} skipped) from {args.path}")

    from sitrep.pipeline import Pipeline

    sizes = {"articles": len(articles), "words": words}
    with threadpool_limits(limits=1):  # one core each: no multi-threaded BLAS
        pipeline = Pipeline()
        list(pipeline.run(articles[:1]))  # lexicons and caches that load lazily, before timing
        texts = [a.text for a in articles]
        small = nlp.load_reference()
        small_numpy = nlp.load_reference(numpy_ops=True)
        small_times, numpy_times, sitrep_times = [], [], []
        for _ in range(args.repeat):
            small_times.append(
                _timed(
                    "spaCy en_core_web_sm alone",
                    lambda: sum(len(doc.ents) for doc in small.pipe(texts)),
                    **sizes,
                )
            )
            numpy_times.append(
                _timed(
                    "spaCy sm alone, numpy ops",
                    lambda: sum(len(doc.ents) for doc in small_numpy.pipe(texts)),
                    **sizes,
                )
            )
            sitrep_times.append(
                _timed(
                    "sitrep extract (all stages)",
                    lambda: sum(len(r.events) for r in pipeline.run(articles)),
                    **sizes,
                )
            )
        sitrep_median = statistics.median(sitrep_times)
        print(
            f"sitrep / spaCy-alone time ratio: {sitrep_median / statistics.median(small_times):.2f}"
            f" (stock spaCy); {sitrep_median / statistics.median(numpy_times):.2f}"
            " (spaCy with the same numpy ops as sitrep)"
        )
        if args.processes > 1:
            parallel = Pipeline(n_process=args.processes)
            _timed(
                f"sitrep extract, {args.processes} processes",
                lambda: sum(len(r.events) for r in parallel.run(articles)),
                **sizes,
            )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()

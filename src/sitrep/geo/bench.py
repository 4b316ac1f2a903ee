"""Benchmark: time to find and resolve an article's places once it is parsed.

Usage: ``python -m sitrep.geo.bench [PATH ...] [--repeat N]`` (default: ``examples/``).
Parses every article first (not timed), then times :class:`sitrep.geocode.RunGeocoder`
over all of them as one run, in chunks as the pipeline geocodes them (the run-level
lexicon included unless ``$SITREP_RUN_LEXICON`` is ``0``), ``--repeat`` times, and prints
milliseconds per article for the first (cold gazetteer cache) and the median later run
(wall clock, and CPU time of this process, which a busy machine inflates less), and the
mean number of place mentions.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from sitrep import gazetteer, geocode, ingest, nlp
from sitrep.geo import run_lexicon_on
from sitrep.records import Article


def main() -> None:
    """Run the benchmark from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[Path("examples")])
    parser.add_argument("--repeat", type=int, default=3, help="timed passes (default 3)")
    args = parser.parse_args()
    missing = [p for p in args.paths if not p.exists()]
    if missing:
        raise SystemExit(f"benchmark input {missing[0]} not found")
    articles = [a for a in ingest.read(args.paths) if isinstance(a, Article)]
    if not articles:
        raise SystemExit("no article could be read")
    gaz = gazetteer.load()
    docs = nlp.load().pipe([a.text for a in articles], batch_size=16)
    items = list(zip(docs, articles, strict=True))
    timings, cpu = [], []
    mentions = 0
    for _ in range(max(args.repeat, 1)):
        started, started_cpu = time.perf_counter(), time.process_time()
        geocoder = geocode.RunGeocoder(gazetteer=gaz, lexicon=run_lexicon_on())
        mentions = sum(
            len(found)
            for at in range(0, len(items), geocode.RUN_CHUNK)
            for found in geocoder.run(items[at : at + geocode.RUN_CHUNK])
        )
        timings.append((time.perf_counter() - started) * 1000 / len(articles))
        cpu.append((time.process_time() - started_cpu) * 1000 / len(articles))
    words = sum(len(a.text.split()) for a in articles) / len(articles)
    print(f"{len(articles)} articles, {words:.0f} words and {mentions / len(articles):.1f} "
          "place mentions each")  # fmt: skip
    print(f"places per article: {timings[0]:.2f} ms first pass (cold cache)")
    if len(timings) > 1:
        warm, warm_cpu = statistics.median(timings[1:]), statistics.median(cpu[1:])
        print(f"places per article: {warm:.2f} ms (median of later passes; "
              f"{warm_cpu:.2f} ms of CPU time)")  # fmt: skip


if __name__ == "__main__":
    main()

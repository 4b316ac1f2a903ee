"""Benchmark (not a test): time and peak memory of `sitrep ingest` on one huge text file.

Usage: python -m sitrep.bench_ingest [--mb 50] [--max-chars N] [--corpus examples]
Builds a plain-text file of about ``--mb`` megabytes from the stories in ``--corpus``
(default: the demo articles in examples/), paragraph after paragraph, ingests it with
``sitrep ingest`` in a child process and prints the input size, the characters kept,
the wall time, the child's peak resident memory and what was stored.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from sitrep import ingest
from sitrep.records import Article
from sitrep.store import open_store, schema


def build_input(path: Path, *, megabytes: float, corpus: Path) -> int:
    """Write about ``megabytes`` MB of paragraphs from ``corpus`` to ``path``; return bytes."""
    paragraphs = [
        p.strip()
        for item in ingest.read([corpus], dct=None, require_date=False)
        if isinstance(item, Article)
        for p in item.text.split("\n\n")
        if p.strip()
    ]
    if not paragraphs:
        raise SystemExit(f"no article text found in {corpus}")
    target = int(megabytes * 1024 * 1024)
    written = 0
    with path.open("w", encoding="utf-8") as out:
        written += out.write("date 2024-03-20\n")
        while written < target:
            for paragraph in paragraphs:
                written += out.write(paragraph + "\n\n")
                if written >= target:
                    break
    return path.stat().st_size


def main() -> None:
    """Run the benchmark from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="input size in megabytes")
    parser.add_argument("--max-chars", type=int, default=ingest.DEFAULT_MAX_CHARS)
    parser.add_argument("--corpus", type=Path, default=Path("examples"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "huge.txt"
        size = build_input(source, megabytes=args.mb, corpus=args.corpus)
        db = Path(scratch) / "bench.sqlite"
        print(f"input      {size / 1024**2:.2f} MB of text from {args.corpus}", flush=True)
        command = [sys.executable, "-m", "sitrep.cli", "-q", "ingest", str(source),
                   "--db", str(db), "--max-chars", str(args.max_chars)]  # fmt: skip
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        if done.returncode != 0:
            raise SystemExit(f"sitrep ingest exited {done.returncode}:\n{done.stderr}")
        store = open_store(db)
        figures = store.stats()
        with store.engine.connect() as conn:
            kept = conn.execute(select(func.length(schema.articles.c.text))).scalar_one()
        print(f"kept       {kept:,} characters (--max-chars {args.max_chars:,})")
        print(f"time       {seconds:.1f} s wall (cpus: {os.cpu_count()})")
        print(f"peak RSS   {peak_kb / 1024:.0f} MB (the sitrep ingest process)")
        print(f"stored     {figures['articles']} article(s), {figures['events']:,} event(s)")


if __name__ == "__main__":
    main()

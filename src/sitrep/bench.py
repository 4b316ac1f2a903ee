"""Throughput benchmark: whole sitrep processes against spaCy's small pipeline alone.

Usage: python -m sitrep.bench DATA_DIR [--repeat 3] [--postgres URL] [--work DIR]

From the shared data folder it builds two corpora of distinct texts (same text kept once):
the VOA stories, and the bench corpus (VOA stories, PolNeAR and LGL articles). Every
figure is one whole process, model loading included, with one BLAS thread: spaCy's full
small pipeline alone over the texts, ``sitrep extract``, ``sitrep ingest`` into SQLite and
into PostgreSQL (a new database on the ``--postgres`` server, default
``$SITREP_TEST_POSTGRES``; skipped without one) and ``sitrep batch`` with 1 and 2
workers. spaCy and ``sitrep extract`` alternate ``--repeat`` times; the ratio is the
median spaCy time over the median sitrep time (above 1: sitrep is faster), in wall time
and, less disturbed by other work on a shared machine, in CPU time.
"""

from __future__ import annotations

import argparse
import compileall
import csv
import hashlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, Token

from sitrep import ingest
from sitrep.records import Article

# One BLAS thread in every process: the comparison is per core.
_ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
_WORKER_RSS = re.compile(r"worker peak RSS ([\d, ]+) MB")


@dataclass(frozen=True)
class Corpus:
    """A benchmark corpus written as JSON lines."""

    name: str
    path: Path
    articles: int
    words: int


@dataclass(frozen=True)
class Timing:
    """One whole process: wall seconds, CPU seconds (its own and its waited-for children's),
    its peak RSS and the worker processes' (MB), and the seconds its main thread was ready
    to run but waited for a core held by other processes (None where the kernel does not
    say). Wall time is about CPU time plus that wait: the rest is time spent blocked."""

    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    worker_rss_mb: tuple[float, ...] = ()
    waited_seconds: float | None = None


def voa_articles(data: Path) -> list[Article]:
    """The VOA stories."""
    path = data / "voa_stories" / "voa_stories.jsonl"
    return [a for a in ingest.read([path]) if isinstance(a, Article)]


def polnear_articles(data: Path) -> Iterator[Article]:
    """PolNeAR's train and dev texts, dated by the corpus metadata."""
    dates: dict[str, str] = {}
    with (data / "polnear" / "metadata_train_dev.tsv").open(encoding="utf-8") as meta:
        for row in csv.DictReader(meta, delimiter="\t"):
            dates[row["filename"]] = row["publication_date"]
    for path in sorted((data / "polnear").glob("*/text/*.txt")):
        published = dates.get(path.stem)
        if published:
            yield Article(
                id=f"polnear-{path.stem}",
                text=path.read_text(encoding="utf-8"),
                published=published,  # type: ignore[arg-type]
            )


def lgl_articles(data: Path) -> Iterator[Article]:
    """LGL's local news articles."""
    from sitrep.eval.geo import lgl_articles as read_lgl

    for article, _gold in read_lgl(data / "lgl" / "lgl.xml"):
        yield article.model_copy(update={"id": f"lgl-{article.id}"})


def write_corpus(name: str, articles: list[Article], folder: Path) -> Corpus:
    """Keep each distinct text once and write the articles as JSON lines."""
    seen: set[str] = set()
    path = folder / f"{name}.jsonl"
    count = words = 0
    with path.open("w", encoding="utf-8") as out:
        for article in articles:
            digest = hashlib.sha1(" ".join(article.text.split()).encode()).hexdigest()
            if not article.text.strip() or digest in seen:
                continue
            seen.add(digest)
            record = {"id": article.id, "text": article.text, "published": str(article.published)}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
            words += len(article.text.split())
    return Corpus(name=name, path=path, articles=count, words=words)


def timed(command: list[str], *, stdout: int | None = subprocess.DEVNULL) -> Timing:
    """Run a command to completion; its wall time and peak RSS (from the kernel)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=os.environ | _ONE_THREAD,
        text=True,
    )
    assert process.stderr is not None
    err = process.stderr.read()
    if sys.platform == "linux":  # wait for the exit but keep /proc/PID until reaped
        os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOWAIT)
    seconds = time.perf_counter() - start
    waited = _run_queue_seconds(process.pid)
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 4):  # 4: some articles failed, reported
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{err[-2000:]}")
    found = _WORKER_RSS.search(err)
    workers = tuple(float(v) for v in found.group(1).split(",")) if found else ()
    return Timing(
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        peak_rss_mb=usage.ru_maxrss / 1024,
        worker_rss_mb=workers,
        waited_seconds=waited,
    )


def _run_queue_seconds(pid: int) -> float | None:
    """Seconds the process's main thread waited on the run queue (``/proc/PID/schedstat``,
    readable until the exited process is reaped), or None without that file."""
    try:
        fields = Path(f"/proc/{pid}/schedstat").read_text().split()
    except OSError:
        return None
    return int(fields[1]) / 1e9


def spacy_alone(path: Path) -> None:
    """Run spaCy's stock small pipeline (every component) over a JSON-lines corpus."""
    from sitrep.nlp import load_reference

    nlp = load_reference()
    with path.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in lines]
    tokens = sum(len(doc) for doc in nlp.pipe(texts))
    print(tokens)


def breakdown(path: Path, *, batch_size: int = 16) -> None:
    """Print where ``sitrep extract``'s CPU time goes on a JSON-lines corpus, in this process.

    spaCy's components run one after the other over all the texts (each component's own
    CPU seconds), then sitrep's stages over the parsed documents (``Pipeline(clock=...)``).
    Loading the models and the place index is timed apart; the process's start-up (imports)
    is not included.
    """
    from sitrep.nlp import load
    from sitrep.pipeline import Pipeline

    articles = [a for a in ingest.read([path]) if isinstance(a, Article)]
    steps: dict[str, float] = {}
    start = time.process_time()
    nlp = load()
    clock: dict[str, float] = {}
    pipeline = Pipeline(clock=clock, batch_size=batch_size)
    pipeline.gazetteer.lookup("Kyiv")  # open the place index
    steps["loading the models and the place index"] = time.process_time() - start
    start = time.process_time()
    docs = [nlp.make_doc(article.text) for article in articles]
    steps["spaCy tokenizer"] = time.process_time() - start
    for name, component in nlp.pipeline:
        start = time.process_time()
        pipe = getattr(component, "pipe", None)  # plain function components have none
        docs = list(pipe(docs, batch_size=batch_size)) if pipe else [component(d) for d in docs]
        steps[f"spaCy {name}"] = time.process_time() - start
    for doc, article in zip(docs, articles, strict=True):
        pipeline.extract(doc, article)
    sentence_share, token_share = first_pass_share(docs)
    steps.update({f"sitrep {name}": seconds for name, seconds in clock.items()})
    total = sum(seconds for name, seconds in steps.items() if not name.startswith("loading"))
    words = sum(len(a.text.split()) for a in articles)
    print(f"{len(articles)} articles, {words} words; CPU seconds after loading: {total:.2f}")
    for name, seconds in steps.items():
        share = "" if name.startswith("loading") else f"{100 * seconds / total:5.1f}%"
        print(f"  {name:<40} {seconds:6.2f} s {share}")
    print(
        f"a first pass for selective parsing would send {100 * sentence_share:.0f}% of the "
        f"sentences ({100 * token_share:.0f}% of their tokens) to the parser"
    )


def first_pass_share(docs: list[Doc]) -> tuple[float, float]:
    """The shares of sentences, and of their tokens, that need the parser by a cheap first
    pass over tags and lemmas: those with a word of the event taxonomy's trigger or cue
    lexicon, a claim cue (verb, noun or adjective) or a number. The rest could go unparsed.
    """
    from sitrep.claims.lexicon import packaged as claim_cues
    from sitrep.events.triggers import forms_of, lexicon_for
    from sitrep.taxonomy import load as load_taxonomy

    events = lexicon_for(load_taxonomy())
    claims = claim_cues()

    def needs_parse(token: Token) -> bool:
        if token.like_num or claims.verb(token) or claims.noun(token) or claims.adjective(token):
            return True
        return any(form in events.triggers or form in events.cues for form in forms_of(token))

    sentences = [sent for doc in docs for sent in doc.sents]
    chosen = [sent for sent in sentences if any(needs_parse(t) for t in sent)]
    tokens = sum(len(sent) for sent in sentences)
    return len(chosen) / len(sentences), sum(len(sent) for sent in chosen) / tokens


def _row(label: str, corpus: Corpus, timing: Timing, note: str = "") -> None:
    workers = (
        "  workers " + ", ".join(f"{v:.0f}" for v in timing.worker_rss_mb) + " MB"
        if timing.worker_rss_mb
        else ""
    )
    waited = (
        f"  waited for a core {timing.waited_seconds:.1f} s"
        if timing.waited_seconds is not None
        else ""
    )
    print(
        f"  {label:<30} {timing.seconds:8.1f} s {corpus.articles / timing.seconds:8.2f} art/s "
        f"{corpus.words / timing.seconds:8.0f} words/s  CPU {timing.cpu_seconds:7.1f} s  "
        f"peak RSS {timing.peak_rss_mb:5.0f} MB"
        f"{workers}{waited}{note}",
        flush=True,
    )


def compare(corpus: Corpus, *, repeat: int) -> float:
    """Alternate spaCy alone and ``sitrep extract``; print each run and the median ratio."""
    spacy_cmd = [sys.executable, "-m", "sitrep.bench", "--spacy-alone", str(corpus.path)]
    sitrep_cmd = [sys.executable, "-m", "sitrep.cli", "-q", "extract", str(corpus.path)]
    spacy_times, sitrep_times, spacy_cpu, sitrep_cpu = [], [], [], []
    for _ in range(repeat):
        spacy_run = timed(spacy_cmd)
        _row("spaCy sm, full pipeline", corpus, spacy_run)
        sitrep_run = timed(sitrep_cmd)
        _row("sitrep extract", corpus, sitrep_run)
        spacy_times.append(spacy_run.seconds)
        sitrep_times.append(sitrep_run.seconds)
        spacy_cpu.append(spacy_run.cpu_seconds)
        sitrep_cpu.append(sitrep_run.cpu_seconds)
    ratio = statistics.median(spacy_times) / statistics.median(sitrep_times)
    cpu_ratio = statistics.median(spacy_cpu) / statistics.median(sitrep_cpu)
    print(
        f"  ratio spaCy time / sitrep time (medians of {repeat}): {ratio:.2f} "
        f"(spaCy {statistics.median(spacy_times):.1f} s, sitrep "
        f"{statistics.median(sitrep_times):.1f} s); CPU time ratio {cpu_ratio:.2f}",
        flush=True,
    )
    return ratio


def store_runs(corpus: Corpus, *, work: Path, postgres: str | None) -> None:
    """Ingest into SQLite and PostgreSQL, and batch with 1 and 2 workers (SQLite)."""
    ingest_cmd = [sys.executable, "-m", "sitrep.cli", "-q", "ingest", str(corpus.path), "--db"]
    _row("ingest into SQLite", corpus, timed([*ingest_cmd, str(work / "ingest.sqlite")]))
    if postgres:
        with _new_postgres_database(postgres) as url:
            _row("ingest into PostgreSQL", corpus, timed([*ingest_cmd, url]))
    else:
        print("  ingest into PostgreSQL: skipped (no --postgres URL or $SITREP_TEST_POSTGRES)")
    one = None
    for workers in (1, 2):
        run = timed(
            [sys.executable, "-m", "sitrep.cli", "-q", "batch", str(corpus.path),
             "--out", str(work / f"batch{workers}"), "--db", str(work / f"batch{workers}.sqlite"),
             "--workers", str(workers)]
        )  # fmt: skip
        note = f"  speed-up {one / run.seconds:.2f}x" if one else ""
        _row(f"batch, {workers} worker(s)", corpus, run, note)
        one = one or run.seconds


class _new_postgres_database:  # noqa: N801 - used as a context manager
    """A new database on the server at ``url``, dropped on exit."""

    def __init__(self, url: str) -> None:
        from sqlalchemy import create_engine

        from sitrep.store.database import database_url

        self.admin = create_engine(database_url(url), isolation_level="AUTOCOMMIT")
        self.name = f"sitrep_bench_{uuid.uuid4().hex[:8]}"

    def __enter__(self) -> str:
        from sqlalchemy import text

        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.name}"'))
        return self.admin.url.set(database=self.name).render_as_string(hide_password=False)

    def __exit__(self, *_exc: object) -> None:
        from sqlalchemy import text

        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        self.admin.dispose()


def main() -> None:
    """Run the benchmark from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, nargs="?", help="the shared data folder")
    parser.add_argument("--repeat", type=int, default=3, help="alternating runs (default 3)")
    parser.add_argument("--postgres", default=os.environ.get("SITREP_TEST_POSTGRES"))
    parser.add_argument("--work", type=Path, help="folder for corpora and databases (temp)")
    parser.add_argument("--only", choices=["voa", "bench"], help="one corpus only")
    parser.add_argument(
        "--limit", type=int, help="first N bench articles only (a quick run, not the benchmark)"
    )
    parser.add_argument(
        "--compare-only", action="store_true", help="only spaCy against sitrep extract"
    )
    parser.add_argument(
        "--breakdown",
        action="store_true",
        help="only print where sitrep extract's CPU time goes, per step, on the chosen corpus",
    )
    parser.add_argument("--spacy-alone", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--breakdown-of", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.spacy_alone:
        spacy_alone(args.spacy_alone)
        return
    if args.breakdown_of:
        breakdown(args.breakdown_of)
        return
    if args.data is None or not (args.data / "voa_stories").is_dir():
        raise SystemExit(f"shared data folder {args.data} not found (voa_stories/ missing)")
    # Byte-compile sitrep's modules as an installed wheel has them: an editable install
    # run with PYTHONDONTWRITEBYTECODE=1 would compile every changed module at each start.
    compileall.compile_dir(Path(__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory(prefix="sitrep-bench-") as temp:
        work = args.work or Path(temp)
        work.mkdir(parents=True, exist_ok=True)
        voa = voa_articles(args.data)
        corpora = {
            "voa": write_corpus("voa", voa, work),
            "bench": write_corpus(
                "bench",
                [*voa, *polnear_articles(args.data), *lgl_articles(args.data)][: args.limit],
                work,
            ),
        }
        for name, corpus in corpora.items():
            if args.only and name != args.only:
                continue
            print(f"{name}: {corpus.articles} distinct articles, {corpus.words} words", flush=True)
            if args.breakdown:  # in its own process, with one BLAS thread like the others
                command = [sys.executable, "-m", "sitrep.bench", "--breakdown-of", str(corpus.path)]
                timed(command, stdout=None)
                continue
            compare(corpus, repeat=args.repeat)
            if name == "bench" and not args.compare_only:
                store_runs(corpus, work=work / "runs", postgres=args.postgres)


if __name__ == "__main__":
    main()

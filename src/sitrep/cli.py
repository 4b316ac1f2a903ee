"""The ``sitrep`` command line: a thin layer over the Python API.

Exit codes: 0 success (bad records are reported and skipped); 1 nothing at all
could be read; 2 wrong usage; 3 a data, model or database error; 4 finished, but a stage
failed on some articles (reported; ``ingest`` records them and retries them next run).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import click
from tqdm import tqdm

from sitrep import export, incident_export, ingest
from sitrep.errors import InputError, SitrepError
from sitrep.records import Article, ArticleFailure

EXIT_NOTHING_READ = 1
EXIT_ERROR = 3
EXIT_ARTICLES_FAILED = 4

EPILOG = """\b
Examples:
  sitrep extract examples/voa/                 events as JSON lines, no database
  sitrep ingest examples/ --db events.sqlite   store articles and events
  sitrep events --db events.sqlite --country Ukraine --format csv -o ukraine.csv
  sitrep timex story.txt --dct 2024-03-21      time expressions of a file without a date header

Exit codes: 0 success (bad records are reported on stderr and skipped),
1 nothing could be read, 2 wrong usage, 3 data, model or database error,
4 a stage failed on some articles (reported on stderr; ingest retries them next run).
"""


class _Reader:
    """Reads articles from paths, reporting each bad record and each failed article on
    stderr and counting them."""

    def __init__(
        self,
        paths: tuple[str, ...],
        dct: dt.date | None,
        *,
        max_chars: int,
        require_date: bool = True,
    ) -> None:
        self.paths = paths
        self.dct = dct
        self.max_chars = max_chars
        self.require_date = require_date
        self.read = 0
        self.skipped = 0
        self.failed = 0

    def __iter__(self) -> Iterator[Article]:
        items = ingest.read(
            self.paths, dct=self.dct, require_date=self.require_date, max_chars=self.max_chars
        )
        for item in items:
            if isinstance(item, InputError):
                self.skipped += 1
                click.echo(f"sitrep: skipped {item}", err=True)
                continue
            self.read += 1
            yield item

    def failure(self, failure: ArticleFailure) -> None:
        """Report an article a stage failed on, in one line: where, which, stage, reason."""
        self.failed += 1
        article = failure.article
        click.echo(
            f"sitrep: failed {article.origin} (article {article.id}) in stage "
            f"{failure.stage}: {failure.reason}",
            err=True,
        )

    def finish(self) -> None:
        """Print the tally; exit 1 when nothing at all could be read, 4 when articles failed."""
        if self.skipped or self.failed:
            click.echo(
                f"sitrep: read {self.read} article(s), skipped {self.skipped} bad record(s), "
                f"{self.failed} article(s) failed",
                err=True,
            )
        if self.read == 0:
            click.echo("sitrep: error: no article could be read", err=True)
            sys.exit(EXIT_NOTHING_READ)
        if self.failed:
            sys.exit(EXIT_ARTICLES_FAILED)


def _input_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option(
        "--max-chars",
        type=click.IntRange(min=1000),
        default=ingest.DEFAULT_MAX_CHARS,
        show_default=True,
        help="Cut longer article texts at a paragraph break (with a warning).",
    )(func)
    func = click.option(
        "--dct",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        help="Publication date for files that give none (YYYY-MM-DD).",
    )(func)
    return click.argument("paths", nargs=-1, required=True)(func)


def _db_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db",
        default=None,
        envvar="SITREP_DB",
        show_default="sitrep.sqlite",
        help="SQLite file path or database URL (sqlite:///..., postgresql://...).",
    )(func)


def _to_date(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


def _emit(rows: Iterable[dict]) -> None:
    out = sys.stdout
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")


def _guarded(func: Callable[..., None]) -> Callable[..., None]:
    """Turn sitrep's own errors into a one-line message and exit code 3."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            func(*args, **kwargs)
        except SitrepError as exc:
            click.echo(f"sitrep: error: {exc}", err=True)
            sys.exit(EXIT_ERROR)

    return wrapper


@click.group(epilog=EPILOG)
@click.version_option(package_name="sitrep")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr; no progress bar.")
@click.pass_context
def main(ctx: click.Context, verbose: int, quiet: bool) -> None:
    """sitrep turns news reports into verifiable conflict-event data, offline."""
    level = (
        logging.ERROR
        if quiet
        else (logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING)
    )
    logging.basicConfig(level=level, format="sitrep: %(levelname)s: %(name)s: %(message)s")
    ctx.obj = {"quiet": quiet}


@main.command(epilog="Example: sitrep setup")
@_guarded
def setup() -> None:
    """Build the place index and check the language model (done once; later runs are instant)."""
    from sitrep import gazetteer, nlp

    gazetteer.load()
    nlp.load()
    click.echo("sitrep is ready: language model and place index loaded", err=True)


@main.command(epilog="Example: sitrep extract examples/voa/ > events.jsonl")
@_input_options
@_guarded
def extract(paths: tuple[str, ...], dct: dt.datetime | None, max_chars: int) -> None:
    """Print the events each article reports, as JSON lines (no database needed)."""
    from sitrep.pipeline import Pipeline

    reader = _Reader(paths, _to_date(dct), max_chars=max_chars)
    pipeline = Pipeline()
    results = pipeline.run(reader, on_failure=reader.failure)
    _emit(export.event_json(event) for result in results for event in result.events)
    reader.finish()


@main.command(epilog="Example: sitrep timex story.txt --dct 2024-03-21")
@_input_options
@_guarded
def timex(paths: tuple[str, ...], dct: dt.datetime | None, max_chars: int) -> None:
    """Print time expressions normalised against each article's publication date."""
    from sitrep import timex as time_stage
    from sitrep.pipeline import StageFailed, stage

    reader = _Reader(paths, _to_date(dct), max_chars=max_chars)

    def rows() -> Iterator[dict]:
        for article in reader:
            assert article.published is not None  # the reader requires dates
            try:
                with stage("time", article):
                    found = time_stage.run(article.text, published=article.published)
            except StageFailed as failed:
                reader.failure(failed.failure)
                continue
            for t in found:
                yield {"article_id": article.id, **t.model_dump(mode="json")}

    _emit(rows())
    reader.finish()


@main.command(epilog="Example: sitrep geoparse examples/voa/")
@_input_options
@_guarded
def geoparse(paths: tuple[str, ...], dct: dt.datetime | None, max_chars: int) -> None:
    """Print place mentions with coordinates, admin1 and country (no date needed)."""
    from sitrep import geocode
    from sitrep.pipeline import Pipeline

    reader = _Reader(paths, _to_date(dct), max_chars=max_chars, require_date=False)
    pipeline = Pipeline()

    def places(doc: Any, article: Article) -> list:
        return geocode.run(doc, article=article, gazetteer=pipeline.gazetteer)

    found = pipeline.each_doc("places", places, reader, on_failure=reader.failure)
    _emit(_place_row(article.id, mention) for article, mentions in found for mention in mentions)
    reader.finish()


def _place_row(article_id: str, mention: Any) -> dict:
    place = mention.place.model_dump() if mention.place else {}
    row = {
        "article_id": article_id,
        "start": mention.start,
        "end": mention.end,
        "text": mention.text,
        "name": place.get("name"),
    }
    for key in (
        "latitude",
        "longitude",
        "country_code",
        "country",
        "admin1",
        "admin2",
        "feature_class",
        "feature_code",
        "geonameid",
    ):
        row[key] = place.get(key)
    return row


@main.command(epilog="Example: sitrep attribute examples/voa/")
@_input_options
@_guarded
def attribute(paths: tuple[str, ...], dct: dt.datetime | None, max_chars: int) -> None:
    """Print attributed statements: source, reporting cue, content and stance (no date needed)."""
    from sitrep import claims
    from sitrep.pipeline import Pipeline

    reader = _Reader(paths, _to_date(dct), max_chars=max_chars, require_date=False)
    found = Pipeline().each_doc(
        "claims", lambda doc, _article: claims.run(doc), reader, on_failure=reader.failure
    )
    _emit(
        {"article_id": article.id, **attribution.model_dump(mode="json")}
        for article, attributions in found
        for attribution in attributions
    )
    reader.finish()


@main.command(name="ingest", epilog="Example: sitrep ingest examples/ --db events.sqlite")
@_input_options
@_db_option
@click.option("--processes", default=1, show_default=True, help="spaCy worker processes.")
@click.option(
    "--commit-every",
    type=click.IntRange(min=1),
    default=50,
    show_default=True,
    help="Articles per transaction (an interruption loses at most this many).",
)
@click.pass_context
@_guarded
def ingest_cmd(
    ctx: click.Context,
    paths: tuple[str, ...],
    dct: dt.datetime | None,
    max_chars: int,
    db: str | None,
    processes: int,
    commit_every: int,
) -> None:
    """Read articles, extract their events and store both; already stored articles are skipped.

    An article that a stage fails on is reported, recorded in the database with the reason
    (see `sitrep stats`) and tried again by the next ingest of the same input.
    """
    from sitrep.workflow import ingest_articles

    reader = _Reader(paths, _to_date(dct), max_chars=max_chars)
    articles = list(reader)
    bar = tqdm(
        total=len(articles),
        unit="article",
        disable=ctx.obj["quiet"],
        file=sys.stderr,
        desc="extracting",
    )
    with bar:
        report = ingest_articles(
            articles,
            db=db,
            n_process=processes,
            commit_every=commit_every,
            progress=bar.update,
            on_failure=reader.failure,
        )
    failed = f"; {report.failed_articles} failed" if report.failed_articles else ""
    click.echo(
        f"{report.new_articles} new article(s), {report.new_events} event(s) stored; "
        f"{report.known_articles} already stored{failed}; database {report.db}",
        err=True,
    )
    reader.finish()


def _filter_options(what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The criteria ``events`` and ``incidents`` share, with ``what`` in their help."""
    options = [
        click.option("--country", help="Country name or ISO code."),
        click.option("--admin1", help="First-level region, e.g. 'Kursk Oblast'."),
        click.option("--type", "event_type", help="ACLED event type or sub-event type."),
        click.option("--actor", help="Actor name or alias (substring, any role)."),
        click.option(
            "--since",
            type=click.DateTime(formats=["%Y-%m-%d"]),
            help=f"{what.capitalize()} on or after.",
        ),
        click.option(
            "--until",
            type=click.DateTime(formats=["%Y-%m-%d"]),
            help=f"{what.capitalize()} on or before.",
        ),
        click.option("--limit", type=click.IntRange(min=1), help=f"At most this many {what}."),
        click.option(
            "--newest-first", is_flag=True, help=f"Latest {what} first (default: oldest first)."
        ),
    ]

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


@main.command(epilog="Example: sitrep batch examples/ --out runs/demo --db events.sqlite")
@_input_options
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the Parquet partitions and errors.jsonl (reuse it to resume).",
)
@_db_option
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Worker processes of the local Dask cluster.",
)
@click.option("--scheduler", help="Address of a running Dask scheduler (tcp://HOST:8786).")
@click.option(
    "--partition-size",
    type=click.IntRange(min=1),
    default=50,
    show_default=True,
    help="Articles per partition: the unit of work and of resuming.",
)
@click.pass_context
@_guarded
def batch(
    ctx: click.Context,
    paths: tuple[str, ...],
    dct: dt.datetime | None,
    max_chars: int,
    out: Path,
    db: str | None,
    workers: int,
    scheduler: str | None,
    partition_size: int,
) -> None:
    """Extract events on a Dask cluster, write them as Parquet and load them into the database.

    Resumable: a rerun with the same input and --out skips the partitions already loaded.
    Articles a stage fails on are listed with the reason in OUT/errors.jsonl.
    """
    import distributed  # noqa: F401 - sets its loggers' levels on import; then ours apply

    from sitrep.batch import run_batch

    # Dask's own messages (cluster start and stop) only with -v.
    verbose = logging.getLogger().level < logging.WARNING
    logging.getLogger("distributed").setLevel(logging.INFO if verbose else logging.ERROR)
    reader = _Reader(paths, _to_date(dct), max_chars=max_chars)
    articles = list(reader)
    bar = tqdm(
        total=len(articles),
        unit="article",
        disable=ctx.obj["quiet"],
        file=sys.stderr,
        desc="batch",
    )
    with bar:
        report = run_batch(
            articles,
            out=out,
            db=db,
            workers=workers,
            scheduler=scheduler,
            partition_size=partition_size,
            progress=bar.update,
            on_failure=reader.failure,
        )
    peaks = ", ".join(f"{mb:.0f}" for mb in report.worker_peak_rss_mb.values())
    click.echo(
        f"{report.partitions} partition(s), {report.skipped_partitions} already loaded; "
        f"{report.new_articles} new article(s), {report.new_events} event(s) stored; "
        f"{report.failed_articles} failed (see {report.out / 'errors.jsonl'}); "
        f"database {report.db}" + (f"; worker peak RSS {peaks} MB" if peaks else ""),
        err=True,
    )
    reader.finish()


@main.command(epilog="Example: sitrep events --country Ukraine --since 2024-03-01 --format csv")
@_db_option
@_filter_options("events")
@click.option(
    "--format", "fmt", type=click.Choice(export.FORMATS), default="jsonl", show_default=True
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write (stdout).")
@_guarded
def events(
    db: str | None,
    country: str | None,
    admin1: str | None,
    event_type: str | None,
    actor: str | None,
    since: dt.datetime | None,
    until: dt.datetime | None,
    limit: int | None,
    newest_first: bool,
    fmt: str,
    output: str | None,
) -> None:
    """Read stored events back, filtered, as JSON lines, ACLED-style CSV or GeoJSON."""
    from sitrep.store import EventFilter, open_store

    store = open_store(db, must_exist=True)
    where = EventFilter(
        country=country,
        admin1=admin1,
        event_type=event_type,
        actor=actor,
        date_from=_to_date(since),
        date_to=_to_date(until),
        limit=limit,
        newest_first=newest_first,
    )
    if output:
        with open(output, "w", encoding="utf-8", newline="") as out:
            count = export.write(store.events(where), out, fmt=fmt)
        click.echo(f"wrote {count} event(s) to {output}", err=True)
    else:
        export.write(store.events(where), sys.stdout, fmt=fmt)


@main.command(epilog="Example: sitrep incidents --country Pakistan --format table")
@_db_option
@_filter_options("incidents")
@click.option(
    "--min-reports",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Only incidents reported by at least this many events (2: merged across articles).",
)
@click.option("--most-reported-first", is_flag=True, help="Incidents with most reports first.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(incident_export.FORMATS),
    default="jsonl",
    show_default=True,
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write (stdout).")
@_guarded
def incidents(
    db: str | None,
    country: str | None,
    admin1: str | None,
    event_type: str | None,
    actor: str | None,
    since: dt.datetime | None,
    until: dt.datetime | None,
    limit: int | None,
    newest_first: bool,
    min_reports: int,
    most_reported_first: bool,
    fmt: str,
    output: str | None,
) -> None:
    """Stored events from different articles that report the same incident, merged, with
    the fatality range, contradictions and verification (run after ingest)."""
    from sitrep.store import IncidentFilter, open_store

    store = open_store(db, must_exist=True)
    where = IncidentFilter(
        country=country,
        admin1=admin1,
        event_type=event_type,
        actor=actor,
        date_from=_to_date(since),
        date_to=_to_date(until),
        limit=limit,
        newest_first=newest_first,
        min_reports=min_reports,
        most_reported_first=most_reported_first,
    )
    found = store.incidents(where)
    if output:
        with open(output, "w", encoding="utf-8", newline="") as out:
            count = incident_export.write(found, out, fmt=fmt)
        click.echo(f"wrote {count} incident(s) to {output}", err=True)
    else:
        incident_export.write(found, sys.stdout, fmt=fmt)


@main.command(epilog="Example: sitrep stats --db events.sqlite")
@_db_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@_guarded
def stats(db: str | None, as_json: bool) -> None:
    """Summarise what the database holds."""
    from sitrep.store import open_store

    store = open_store(db, must_exist=True)
    figures = store.stats()
    failures = store.failures(limit=20)
    if as_json:
        click.echo(json.dumps({**figures, "failures": failures}, default=str, indent=2))
        return
    for key in ("articles", "events", "incidents", "actors", "places", "claims"):
        click.echo(f"{key:<10} {figures[key]}")
    if figures["failed_articles"]:
        click.echo(
            f"{'failed':<10} {figures['failed_articles']} article(s) a stage failed on; "
            "ingesting the same input again retries them"
        )
        for failure in failures:
            click.echo(
                f"  {failure['origin']}  stage {failure['stage']}: {failure['reason']} "
                f"({failure['attempts']} attempt(s))"
            )
    click.echo(f"{'dates':<10} {figures['first_date']} .. {figures['last_date']}")
    for title, key in (("event type", "by_event_type"), ("country", "by_country")):
        click.echo(f"\nevents by {title}:")
        for name, count in figures[key].items():
            click.echo(f"  {count:>5}  {name}")


@main.command(epilog="Example: sitrep doctor --db events.sqlite")
@_db_option
def doctor(db: str | None) -> None:
    """Check the language model, place index, database and disk space; say what to fix.

    Exits 0 when all is well, 3 when something needs doing. Changes nothing.
    """
    from sitrep import doctor as checks

    found = checks.run(db=db)
    for check in found:
        click.echo(f"{'ok' if check.ok else 'PROBLEM':<8} {check.name:<15} {check.found}")
        if check.advice:
            click.echo(f"{'':<8} {'':<15} -> {check.advice}")
    if not all(check.ok for check in found):
        sys.exit(EXIT_ERROR)


@main.group(name="db", epilog="Example: sitrep db upgrade --db events.sqlite")
def db_group() -> None:
    """Manage the database schema."""


@db_group.command(name="upgrade", epilog="Example: sitrep db upgrade --db events.sqlite")
@_db_option
@_guarded
def db_upgrade(db: str | None) -> None:
    """Bring a database made by an older sitrep to this version's schema (back it up first)."""
    from sitrep.store.database import upgrade_database

    before, after = upgrade_database(db)
    if before == after:
        click.echo(f"database is at schema revision {after} already; nothing to do", err=True)
    else:
        click.echo(f"database upgraded from schema revision {before} to {after}", err=True)


@main.command(epilog="Example: sitrep serve --db out/demo.sqlite --port 8000")
@_db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--ingest-token",
    envvar="SITREP_INGEST_TOKEN",
    help="Turn on POST /api/articles for clients sending 'Authorization: Bearer TOKEN'.",
)
@click.pass_context
@_guarded
def serve(
    ctx: click.Context, db: str | None, host: str, port: int, ingest_token: str | None
) -> None:
    """Serve the HTTP API under /api/ (docs at /docs) and the analyst's web page at /."""
    import uvicorn

    from sitrep.api import create_app

    app = create_app(db=db, ingest_token=ingest_token)
    click.echo(
        f"sitrep: serving {db or 'sitrep.sqlite'} at http://{host}:{port}/ "
        f"(API docs at /docs); Ctrl-C stops",
        err=True,
    )
    uvicorn.run(app, host=host, port=port, log_level="warning" if ctx.obj["quiet"] else "info")


@main.command(name="eval", epilog="Example: sitrep eval all --data ../shared/data")
@click.argument(
    "stages",
    nargs=-1,
    type=click.Choice(["timex", "geo", "events", "claims", "incidents", "all"]),
)
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("../shared/data"),
    show_default=True,
    help="Folder with the gold development sets.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    help="Score only about N documents of each set (not with --gate).",
)
@click.option("--gate", is_flag=True, help="Fail (exit 1) when a figure drops below its floor.")
@_guarded
def eval_cmd(stages: tuple[str, ...], data_dir: Path, limit: int | None, gate: bool) -> None:
    """Score stages against gold development data and print the figures."""
    from sitrep.eval import runner

    if gate and limit:
        raise click.UsageError("--gate compares full-set figures with their floors; drop --limit")
    chosen = runner.STAGES if not stages or "all" in stages else list(stages)
    results = runner.evaluate(chosen, data_dir=data_dir, limit=limit)
    click.echo(runner.format_table(results))
    if gate:
        failures = runner.check_floors(results)
        for failure in failures:
            click.echo(f"sitrep: below floor: {failure}", err=True)
        if failures:
            sys.exit(EXIT_NOTHING_READ)


@main.command(
    name="train",
    epilog="Example: sitrep train events --data ../shared/data",
)
@click.argument("model_name", metavar="MODEL", type=click.Choice(["events"]))
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("../shared/data"),
    show_default=True,
    help="Folder with the development sets (only their dev parts are used).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the models (default: inside the installed package).",
)
@_guarded
def train_cmd(model_name: str, data_dir: Path, output: Path | None) -> None:
    """Retrain the event detector and typer from the dev data and print cross-validated figures."""
    from sitrep.events import train

    figures = train.run(data_dir, output=output)
    for name, value in figures.items():
        click.echo(f"{name:<34} {value:.4f}")


if __name__ == "__main__":
    main()

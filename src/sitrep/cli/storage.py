"""Commands that fill the database and read it back."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from pathlib import Path

import click

from sitrep import export, incident_export
from sitrep.cli.app import main
from sitrep.cli.common import (
    EXIT_ERROR,
    Reader,
    db_option,
    filter_options,
    guarded,
    input_options,
    progress_bar,
    to_date,
    write_records,
)


@main.command(name="ingest", epilog="Example: sitrep ingest examples/ --db events.sqlite")
@input_options
@db_option
@click.option("--processes", default=1, show_default=True, help="spaCy worker processes.")
@click.option(
    "--commit-every",
    type=click.IntRange(min=1),
    default=50,
    show_default=True,
    help="Articles per transaction (an interruption loses at most this many).",
)
@click.pass_context
@guarded
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

    reader = Reader(paths, to_date(dct), max_chars=max_chars)
    articles = list(reader)
    with progress_bar(ctx, total=len(articles), desc="extracting") as bar:
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


@main.command(epilog="Example: sitrep batch examples/ --out runs/demo --db events.sqlite")
@input_options
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the Parquet partitions and errors.jsonl (reuse it to resume).",
)
@db_option
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
@guarded
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
    reader = Reader(paths, to_date(dct), max_chars=max_chars)
    articles = list(reader)
    with progress_bar(ctx, total=len(articles), desc="batch") as bar:
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
@db_option
@filter_options("events")
@click.option(
    "--format", "fmt", type=click.Choice(export.FORMATS), default="jsonl", show_default=True
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write (stdout).")
@guarded
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
        date_from=to_date(since),
        date_to=to_date(until),
        limit=limit,
        newest_first=newest_first,
    )
    write_records(store.events(where), fmt=fmt, layout=export.LAYOUT, output=output, noun="event")


@main.command(epilog="Example: sitrep incidents --country Pakistan --format table")
@db_option
@filter_options("incidents")
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
@guarded
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
        date_from=to_date(since),
        date_to=to_date(until),
        limit=limit,
        newest_first=newest_first,
        min_reports=min_reports,
        most_reported_first=most_reported_first,
    )
    found = store.incidents(where)
    write_records(found, fmt=fmt, layout=incident_export.LAYOUT, output=output, noun="incident")


@main.command(epilog="Example: sitrep stats --db events.sqlite")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@guarded
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
@db_option
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
@db_option
@guarded
def db_upgrade(db: str | None) -> None:
    """Bring a database made by an older sitrep to this version's schema (back it up first)."""
    from sitrep.store.database import upgrade_database

    before, after = upgrade_database(db)
    if before == after:
        click.echo(f"database is at schema revision {after} already; nothing to do", err=True)
    else:
        click.echo(f"database upgraded from schema revision {before} to {after}", err=True)

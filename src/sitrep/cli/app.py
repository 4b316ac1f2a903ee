"""The ``sitrep`` command group: logging and quiet mode for every command."""

from __future__ import annotations

import logging
import os

import click

from sitrep.geo import RUN_LEXICON_ENV

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


@click.group(epilog=EPILOG)
@click.version_option(package_name="sitrep")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr; no progress bar.")
@click.option(
    "--no-run-lexicon",
    is_flag=True,
    help="Resolve each article's places alone, not helped by the run's other articles "
    "(docs/places.md).",
)
@click.pass_context
def main(ctx: click.Context, verbose: int, quiet: bool, no_run_lexicon: bool) -> None:
    """sitrep turns news reports into verifiable conflict-event data, offline."""
    if no_run_lexicon:  # read by every pipeline, batch workers' included
        os.environ[RUN_LEXICON_ENV] = "0"
    level = (
        logging.ERROR
        if quiet
        else (logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING)
    )
    logging.basicConfig(level=level, format="sitrep: %(levelname)s: %(name)s: %(message)s")
    ctx.obj = {"quiet": quiet}

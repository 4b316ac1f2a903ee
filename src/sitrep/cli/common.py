"""What the commands share: reading inputs with a tally, common options, error handling."""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import click
from tqdm import tqdm

from sitrep import formats, ingest
from sitrep.errors import InputError, SitrepError
from sitrep.records import Article, ArticleFailure

EXIT_NOTHING_READ = 1
EXIT_ERROR = 3
EXIT_ARTICLES_FAILED = 4


class Reader:
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


def input_options(func: Callable[..., Any]) -> Callable[..., Any]:
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


def db_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db",
        default=None,
        envvar="SITREP_DB",
        show_default="sitrep.sqlite",
        help="SQLite file path or database URL (sqlite:///..., postgresql://...).",
    )(func)


def to_date(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


def emit(rows: Iterable[dict]) -> None:
    out = sys.stdout
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")


def guarded(func: Callable[..., None]) -> Callable[..., None]:
    """Turn sitrep's own errors into a one-line message and exit code 3."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            func(*args, **kwargs)
        except SitrepError as exc:
            click.echo(f"sitrep: error: {exc}", err=True)
            sys.exit(EXIT_ERROR)

    return wrapper


def filter_options(what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
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


def progress_bar(ctx: click.Context, *, total: int, desc: str) -> tqdm:
    """A bar of articles on stderr, off with ``--quiet``."""
    return tqdm(total=total, unit="article", disable=ctx.obj["quiet"], file=sys.stderr, desc=desc)


def write_records(
    records: Iterable[Any], *, fmt: str, layout: formats.Layout, output: str | None, noun: str
) -> None:
    """Write ``records`` in ``fmt`` to the file ``output`` (saying how many) or to stdout."""
    if not output:
        formats.write(records, sys.stdout, fmt=fmt, layout=layout)
        return
    with open(output, "w", encoding="utf-8", newline="") as out:
        count = formats.write(records, out, fmt=fmt, layout=layout)
    click.echo(f"wrote {count} {noun}(s) to {output}", err=True)

"""Commands around the data: the HTTP server, evaluation against gold data, training."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sitrep.cli.app import main
from sitrep.cli.common import EXIT_NOTHING_READ, db_option, guarded


@main.command(epilog="Example: sitrep serve --db out/demo.sqlite --port 8000")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--ingest-token",
    envvar="SITREP_INGEST_TOKEN",
    help="Turn on POST /api/articles for clients sending 'Authorization: Bearer TOKEN'.",
)
@click.pass_context
@guarded
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
@click.option(
    "--show-errors",
    "show_errors",
    type=click.Choice(["dev"]),
    help="List the missed, false and duplicate events of the dev stories and the events' "
    "actor disagreements with the dev ACLED notes, by cause, instead of scoring (events "
    "only; the frozen test parts' errors are never listed).",
)
@guarded
def eval_cmd(
    stages: tuple[str, ...], data_dir: Path, limit: int | None, gate: bool, show_errors: str | None
) -> None:
    """Score stages against gold development data and print the figures."""
    from sitrep.eval import runner

    if gate and limit:
        raise click.UsageError("--gate compares full-set figures with their floors; drop --limit")
    if show_errors:
        if list(stages) != ["events"] or gate:
            raise click.UsageError(
                "--show-errors lists the events stage's errors: sitrep eval events"
            )
        from sitrep.eval import events as event_eval

        for line in event_eval.story_errors(data_dir, split=show_errors):
            click.echo(line)
        click.echo(event_eval.actor_error_listing(data_dir, split=show_errors, limit=limit))
        return
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
@guarded
def train_cmd(model_name: str, data_dir: Path, output: Path | None) -> None:
    """Retrain the event detector and typer from the dev data and print cross-validated figures."""
    from sitrep.events import train

    figures = train.run(data_dir, output=output)
    for name, value in figures.items():
        click.echo(f"{name:<34} {value:.4f}")

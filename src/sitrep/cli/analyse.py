"""Commands that analyse articles and print JSON lines, with no database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import click

from sitrep import export
from sitrep.cli.app import main
from sitrep.cli.common import Reader, emit, guarded, input_options, to_date


@main.command(epilog="Example: sitrep setup")
@guarded
def setup() -> None:
    """Build the place index and check the language model (done once; later runs are instant)."""
    from sitrep import gazetteer, nlp

    gazetteer.load()
    nlp.load()
    click.echo("sitrep is ready: language model and place index loaded", err=True)


@main.command(epilog="Example: sitrep extract examples/voa/ > events.jsonl")
@input_options
@guarded
def extract(paths: tuple[str, ...], dct: dt.datetime | None, max_chars: int) -> None:
    """Print the events each article reports, as JSON lines (no database needed)."""
    from sitrep.pipeline import Pipeline

    reader = Reader(paths, to_date(dct), max_chars=max_chars)
    pipeline = Pipeline()
    results = pipeline.run(reader, on_failure=reader.failure)
    emit(export.event_json(event) for result in results for event in result.events)
    reader.finish()


@main.command(epilog="Example: sitrep timex story.txt --dct 2024-03-21")
@input_options
@guarded
def timex(paths: tuple[str, ...], dct: dt.datetime | None, max_chars: int) -> None:
    """Print time expressions normalised against each article's publication date."""
    from sitrep import timex as time_stage
    from sitrep.pipeline import StageFailed, stage

    reader = Reader(paths, to_date(dct), max_chars=max_chars)

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

    emit(rows())
    reader.finish()


@main.command(epilog="Example: sitrep geoparse examples/voa/")
@input_options
@click.option(
    "--demonyms",
    is_flag=True,
    help='Also report demonyms ("Egyptian") as mentions of their country.',
)
@guarded
def geoparse(
    paths: tuple[str, ...], dct: dt.datetime | None, max_chars: int, demonyms: bool
) -> None:
    """Print place mentions with coordinates, admin1 and country (no date needed)."""
    from sitrep.pipeline import Pipeline

    reader = Reader(paths, to_date(dct), max_chars=max_chars, require_date=False)
    found = Pipeline(demonyms=demonyms).places(reader, on_failure=reader.failure)
    emit(_place_row(article.id, mention) for article, mentions in found for mention in mentions)
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
    row["evidence"] = mention.evidence
    return row


@main.command(epilog="Example: sitrep attribute examples/voa/")
@input_options
@guarded
def attribute(paths: tuple[str, ...], dct: dt.datetime | None, max_chars: int) -> None:
    """Print attributed statements: source, reporting cue, content and stance (no date needed)."""
    from sitrep import claims
    from sitrep.pipeline import Pipeline

    reader = Reader(paths, to_date(dct), max_chars=max_chars, require_date=False)
    found = Pipeline().each_doc(
        "claims", lambda doc, _article: claims.run(doc), reader, on_failure=reader.failure
    )
    emit(
        {"article_id": article.id, **attribution.model_dump(mode="json")}
        for article, attributions in found
        for attribution in attributions
    )
    reader.finish()

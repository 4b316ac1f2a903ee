"""Score events from headline-only texts: each gold story's title alone, as a UCDP record is.

Every title of ``voa_events`` and ``news_events`` (see :mod:`sitrep.eval.event_articles`) is
run alone through the pipeline, published on its story's date, and its events are compared
with its story's gold events, per the story's frozen ``split``:

- ``near``: the share of titles of stories with a required gold event that yield an event
  within 50 km of one of the story's gold events (what a UCDP headline is scored on);
- ``any_event``: the share of those titles that yield any event;
- ``false_events``: events from the titles of stories with no gold event at all, and
  ``quiet``: the share of those titles that yield none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sitrep.eval.event_articles import Story, near, share
from sitrep.pipeline import Pipeline
from sitrep.records import Article, Event


@dataclass(frozen=True)
class TitleResult:
    """The events one story's title yields on its own."""

    story: Story
    events: list[Event]

    @property
    def has_required(self) -> bool:
        return any(gold.required for gold in self.story.gold)

    @property
    def near(self) -> bool:
        """Whether an event lies within :data:`~sitrep.eval.event_articles.NEAR_KM` of one
        of the story's gold events."""
        return any(near(event, gold) for event in self.events for gold in self.story.gold)


def title_article(story: Story) -> Article | None:
    """The story's title as an article of its own, published on the story's date."""
    title = (story.article.title or "").strip()
    if not title:
        return None
    return Article(id=f"{story.article.id}#title", text=title, published=story.article.published)


def run_titles(pipeline: Pipeline, stories: Iterable[Story]) -> list[TitleResult]:
    """Each titled story with the events its title yields alone."""
    titled = [(story, title_article(story)) for story in stories]
    articles = {article.id: story for story, article in titled if article is not None}
    found = {
        result.article.id: result.events
        for result in pipeline.run(article for _, article in titled if article is not None)
    }
    return [TitleResult(story, found.get(key, [])) for key, story in articles.items()]


def summarise(results: Iterable[TitleResult]) -> dict[str, float]:
    """The figures of the module docstring over some titles."""
    results = list(results)
    eventful = [r for r in results if r.has_required]
    quiet = [r for r in results if not r.story.gold]
    return {
        "titles": float(len(eventful)),
        "near": share(r.near for r in eventful),
        "any_event": share(bool(r.events) for r in eventful),
        "no_event_titles": float(len(quiet)),
        "quiet": share(not r.events for r in quiet),
        "false_events": float(sum(len(r.events) for r in quiet)),
    }


def describe(result: TitleResult) -> list[str]:
    """Lines for one dev title that missed its place or yielded a false event (never list the
    frozen ``test`` titles)."""
    if result.story.split != "dev":
        raise ValueError("only dev titles may be listed; test stays frozen")
    if result.has_required and result.near or not result.story.gold and not result.events:
        return []
    if result.story.gold and not result.has_required:
        return []
    kind = "false" if not result.story.gold else "missed"
    lines = [f"{kind} {result.story.article.id}: {result.story.article.title}"]
    for event in result.events:
        lines.append(
            f"    event {event.sub_event_type}, {event.location or '-'} "
            f"({event.country_code}, precision {event.geo_precision})"
        )
    for gold in result.story.gold:
        if gold.required:
            lines.append(
                f"    gold {gold.sub_event_type}, {gold.admin1 or '-'} ({gold.country_code})"
            )
    return lines

"""Response and request bodies of the HTTP API (they make its OpenAPI schema)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from sitrep.records import Event, Incident


class ApiError(BaseModel):
    """The one shape of every error: ``error`` is ``errors`` joined with '; '."""

    ok: Literal[False] = False
    error: str
    errors: list[str]
    status: int


class ArticleInfo(BaseModel):
    """Where an event was reported."""

    id: str
    published: dt.date
    title: str | None = None
    source: str | None = None
    url: str | None = None


class EventDetail(BaseModel):
    """One event with its article; ``sentence_start`` is the sentence's offset in the
    article text, so ``event.evidence`` spans can be placed inside ``event.sentence``."""

    event: Event
    article: ArticleInfo
    sentence_start: int | None
    incident_id: str | None = Field(
        default=None, description="The incident this event is one report of (/api/incidents/{id})"
    )


class IncidentDetail(Incident):
    """One incident as ``sitrep incidents`` writes it (reports, fatality range,
    contradictions, verification) and each report's event with its article, in the
    order of ``reports``: the claims, the sentence and its evidence spans."""

    report_events: list[EventDetail]


class ArticleText(ArticleInfo):
    """An article's full text with every event found in it (their evidence spans and
    claims are character offsets into ``text``)."""

    text: str
    events: list[Event]


class ActorCount(BaseModel):
    """An actor, the other names it was found under, and how many events name it."""

    name: str
    aliases: list[str]
    events: int


class PlaceCount(BaseModel):
    """A place events are coded at, with how many of the matching events."""

    location: str | None
    admin1: str | None
    country: str | None
    country_code: str | None
    latitude: float
    longitude: float
    events: int


class TimelineBucket(BaseModel):
    """Events starting from ``start`` to ``end`` (both inclusive), by event type."""

    start: dt.date
    end: dt.date
    count: int
    by_type: dict[str, int]


class Timeline(BaseModel):
    """A histogram of event start dates."""

    bucket: Literal["day", "week", "month", "year"]
    buckets: list[TimelineBucket]


class MapCluster(BaseModel):
    """Events close together at the requested zoom: one marker on the map.

    ``event_id`` is set when the cluster holds a single event; ``location`` when all its
    events share one point. ``bounds`` is (south, west, north, east) of its events.
    """

    latitude: float
    longitude: float
    count: int
    by_type: dict[str, int]
    event_id: str | None = None
    location: str | None = None
    bounds: tuple[float, float, float, float]


class Stats(BaseModel):
    """What the database holds (not filtered); the values the page offers as filters."""

    articles: int
    events: int
    actors: int
    places: int
    claims: int
    first_date: dt.date | None
    last_date: dt.date | None
    by_event_type: dict[str, int]
    by_country: dict[str, int]
    by_verification: dict[str, int]
    bounds: tuple[float, float, float, float] | None = Field(
        description="(south, west, north, east) of all events with coordinates"
    )


class ArticleIn(BaseModel):
    """One article to ingest, as a line of the ``.jsonl`` input format."""

    text: str = Field(min_length=1)
    published: str = Field(description="ISO date or a form news sites print")
    id: str | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None


class IngestRequest(BaseModel):
    """Articles to extract events from and store."""

    articles: list[ArticleIn] = Field(min_length=1, max_length=100)


class IngestResult(BaseModel):
    """What an ingest request did; ``skipped`` says why each unreadable article was left."""

    new_articles: int
    known_articles: int
    new_events: int
    skipped: list[str]

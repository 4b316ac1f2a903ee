"""Typed records passed from stage to stage.

Article -> AnnotatedArticle (sentences, entities, time expressions, places,
attributions) -> Event. Every span is a pair of character offsets into
``Article.text`` (end exclusive) plus the covered text, so each fact can be
traced back to the words that support it.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
Stance = Literal["asserted", "claimed", "denied", "confirmed", "unverified"]


class Record(BaseModel):
    """Base for all records: immutable once built, strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Span(Record):
    """A stretch of an article's text."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Article(Record):
    """One news story as read from its source, before any analysis.

    ``published`` is the reference date for relative expressions (None only when read
    for a command that needs no date: ``geoparse``, ``attribute``). ``dateline``
    is the place named in a leading ``CITY -`` dateline, if any. ``origin``
    names the file (and line) the article came from.
    """

    id: str
    text: str
    published: dt.date | None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    origin: str | None = None
    dateline: Span | None = None


class EntityMention(Record):
    """A named entity found by the NLP pipeline (spaCy label)."""

    start: int
    end: int
    text: str
    label: str


class TimeExpression(Record):
    """A temporal expression normalised against the publication date.

    ``value`` follows TimeML TIMEX3. ``date_start``/``date_end`` give the
    calendar interval a DATE covers (None for durations and sets).
    ``precision``: 1 day, 2 week or range of days, 3 month or coarser.
    """

    start: int
    end: int
    text: str
    type: TimexType
    value: str
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    precision: int | None = None


class Place(Record):
    """A gazetteer entry (GeoNames ids and feature codes)."""

    name: str
    latitude: float
    longitude: float
    country_code: str | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    feature_class: str | None = None
    feature_code: str | None = None
    geonameid: int | None = None
    population: int | None = None


class PlaceMention(Record):
    """A toponym in the text and, when resolved, the place it names. ``evidence`` says
    when the place was decided by other articles of the run rather than by the article
    itself (see ``docs/places.md``, "Run-level lexicon")."""

    start: int
    end: int
    text: str
    place: Place | None = None
    evidence: str | None = None


class Attribution(Record):
    """A reported statement: who (source) said (cue) what (content), and how.

    ``relayed_by`` is the outer source when the statement is reported inside another
    ("X said officials told him ..."). ``covers`` lists, for an ``unverified`` caveat,
    the contents of the statements it is about.
    """

    source: Span | None
    cue: Span
    content: Span
    stance: Stance
    relayed_by: Span | None = None
    covers: list[Span] = []


class ActorMention(Record):
    """An actor named in the text, resolved to its canonical name."""

    start: int
    end: int
    text: str
    name: str
    kind: str | None = None


class Claim(Record):
    """Who stands behind an event report, and how."""

    claimant: str | None
    stance: Stance
    text: str
    start: int
    end: int
    toll: int | None = None  # the death toll the claim's text states (0: "no one was killed")


class AnnotatedArticle(Record):
    """An article with every layer the extraction stages need."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    article: Article
    sentences: list[Span]
    entities: list[EntityMention]
    timexes: list[TimeExpression]
    places: list[PlaceMention]
    attributions: list[Attribution]
    actors: list[ActorMention] = []


class Event(Record):
    """One event an article reports, in the shape of the ``extract`` contract."""

    article_id: str
    event_id: str
    event_type: str
    sub_event_type: str
    plover_type: str | None = None
    cameo_code: str | None = None
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    time_precision: int | None = None
    country: str | None = None
    country_code: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    geonameid: int | None = None
    actor1: str | None = None
    actor2: str | None = None
    assoc_actors: list[str] = []
    fatalities: int | None = None
    claims: list[Claim] = []
    verification: str = "reported"
    background: bool = False
    sentence: str
    evidence: dict[str, tuple[int, int]] = {}


class Report(Record):
    """One article's report of an event, as incident merging reads it: the event's fields
    plus the outlet that published it, the publication date and the first claimant.

    Built from an :class:`Event` by :meth:`from_event`; ``background`` marks an earlier
    incident told as context.
    """

    event_id: str
    article_id: str
    source: str | None = None
    published: dt.date | None = None
    event_type: str
    sub_event_type: str
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    time_precision: int | None = None
    country_code: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    geonameid: int | None = None
    actor1: str | None = None
    actor2: str | None = None
    assoc_actors: list[str] = []
    fatalities: int | None = None
    verification: str = "reported"
    claimant: str | None = None
    stance: Stance | None = None
    background: bool = False

    @classmethod
    def from_event(cls, event: Event, *, source: str | None, published: dt.date | None) -> Report:
        """The report of ``event`` by the outlet ``source``, published on ``published``."""
        first = event.claims[0] if event.claims else None
        fields = event.model_dump(include=set(cls.model_fields) & set(Event.model_fields))
        return cls(
            **fields,
            source=source,
            published=published,
            claimant=first.claimant if first else None,
            stance=first.stance if first else None,
        )


class ContradictionValue(Record):
    """One report's value of a contested field, and who gives it."""

    value: str | int
    event_id: str
    source: str | None
    claimant: str | None


class Contradiction(Record):
    """A field the reports of one incident disagree on, with each report's value."""

    field: Literal["fatalities", "actor1", "location", "date"]
    values: list[ContradictionValue]


class IncidentReport(Record):
    """A report as kept in its incident: who published it, who claims it, and its figure."""

    event_id: str
    article_id: str
    source: str | None
    published: dt.date | None
    claimant: str | None
    stance: Stance | None
    fatalities: int | None
    verification: str
    background: bool


class Incident(Record):
    """Reports of one real incident from one or more articles, merged (the ``incidents``
    contract): the merged fields, the fatality range, contradictions and verification."""

    incident_id: str
    event_ids: list[str]
    article_ids: list[str]
    sources: list[str]
    event_type: str
    sub_event_type: str
    date_start: dt.date | None
    date_end: dt.date | None
    country_code: str | None
    admin1: str | None
    location: str | None
    latitude: float | None
    longitude: float | None
    fatalities_min: int | None
    fatalities_max: int | None
    verification: Literal["corroborated", "contested", "claimed", "unverified", "reported"]
    contradictions: list[Contradiction]
    reports: list[IncidentReport]


class ArticleFailure(Record):
    """An article that one stage could not process: the stage, and the error it raised."""

    article: Article
    stage: str
    reason: str

"""What to read back: the criteria of ``sitrep events`` and ``sitrep incidents``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, exists, func, or_, select

from sitrep.store import schema


@dataclass(frozen=True, kw_only=True)
class EventFilter:
    """Which events to read back; every criterion is optional and they combine with AND.

    ``bbox`` is (west, south, east, north) in degrees. ``sort`` is a key of ``SORT_KEYS``,
    ``-`` in front for descending; without it events come by date (``newest_first`` turns
    that round). ``offset`` skips that many events of the ordered result.
    """

    country: str | None = None
    admin1: str | None = None
    event_type: str | None = None
    actor: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    verification: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    limit: int | None = None
    offset: int = 0
    newest_first: bool = False
    sort: str | None = None


@dataclass(frozen=True, kw_only=True)
class IncidentFilter(EventFilter):
    """Which incidents to read back: the event criteria (an incident matches when its merged
    type, region and dates do, and when one of its events matches the country and actor),
    plus the least number of reports and the order."""

    min_reports: int = 1
    most_reported_first: bool = False


def actor_condition(name: str, *, alone: bool) -> ColumnElement[bool]:
    """Events one of whose actors' canonical names or aliases contains ``name``
    (case-insensitive). Alone, the list of the actors' events drives the query; with
    other criteria, a correlated EXISTS lets their indexes drive it instead."""
    needle = f"%{name.lower()}%"
    matching_actors = (
        select(schema.actors.c.id)
        .outerjoin(schema.actor_aliases, schema.actor_aliases.c.actor_id == schema.actors.c.id)
        .where(
            or_(
                func.lower(schema.actors.c.name).like(needle),
                func.lower(schema.actor_aliases.c.alias).like(needle),
            )
        )
    )
    links = schema.event_actors
    if alone:
        return schema.events.c.event_id.in_(
            select(links.c.event_id).where(links.c.actor_id.in_(matching_actors))
        )
    return exists().where(
        links.c.event_id == schema.events.c.event_id, links.c.actor_id.in_(matching_actors)
    )

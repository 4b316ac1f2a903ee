"""What to read back: the criteria of ``sitrep events`` and ``sitrep incidents``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select

from sitrep.store import schema


@dataclass(frozen=True, kw_only=True)
class EventFilter:
    """Which events to read back; every criterion is optional and they combine with AND."""

    country: str | None = None
    admin1: str | None = None
    event_type: str | None = None
    actor: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    limit: int | None = None
    newest_first: bool = False


@dataclass(frozen=True, kw_only=True)
class IncidentFilter(EventFilter):
    """Which incidents to read back: the event criteria (an incident matches when its merged
    type, region and dates do, and when one of its events matches the country and actor),
    plus the least number of reports and the order."""

    min_reports: int = 1
    most_reported_first: bool = False


def events_with_actor(name: str) -> Select:
    """Event ids whose actors' canonical names or aliases match ``name`` (case-insensitive)."""
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
    return select(schema.event_actors.c.event_id).where(
        schema.event_actors.c.actor_id.in_(matching_actors)
    )

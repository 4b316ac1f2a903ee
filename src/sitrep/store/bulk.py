"""Write many articles at once: one statement per table per batch, never one per row.

Rows go in with ``executemany`` (SQLAlchemy's multi-row inserts); on PostgreSQL the
tables that only ever receive new rows (events, claims, evidence, event actors) are
filled with ``COPY``. Articles, places, actors and aliases use ``INSERT ... ON CONFLICT DO
NOTHING``, so two writers storing the same article, place or actor at the same moment
neither fail nor duplicate it: the article's rows are written by whichever inserted it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from sitrep.records import ActorMention, Article, Event, PlaceMention
from sitrep.store import schema

_CHUNK = 500  # ids per IN (...) list
# The events table's columns that hold an Event field (the rest are set by the store).
EVENT_COLUMNS = [c.name for c in schema.events.columns if c.name not in {"position", "place_id"}]


@dataclass(frozen=True, kw_only=True)
class StoredArticle:
    """What ingest hands the store for one article."""

    article: Article
    events: list[Event]
    actors: list[ActorMention]
    places: list[PlaceMention]


def article_columns(art: Article) -> dict[str, Any]:
    """The article's own columns, as both ``articles`` and ``failed_articles`` keep them."""
    return {
        "published": art.published,
        "title": art.title,
        "source": art.source,
        "url": art.url,
        "origin": art.origin,
        "text": art.text,
    }


def insert_articles(
    conn: Connection, items: Sequence[StoredArticle], *, now: dt.datetime
) -> list[str]:
    """Store the articles not yet in the database with everything found in them.

    Returns the ids of the articles this call stored; the others (already stored, or
    repeated in ``items``) are left exactly as they are. Runs inside the caller's
    transaction.
    """
    first: dict[str, StoredArticle] = {}
    for item in items:
        first.setdefault(item.article.id, item)  # a repeated id: the first one counts
    unique = list(first.values())
    if not unique:
        return []
    new_ids = set(
        _insert_new(
            conn,
            schema.articles,
            [
                {"id": i.article.id, "ingested_at": now, **article_columns(i.article)}
                for i in unique
            ],
            key="id",
            returning="id",
        )
    )
    stored = [item for item in unique if item.article.id in new_ids]
    if not stored:
        return []
    place_ids = _place_ids(conn, stored)
    actor_ids = _actor_ids(conn, stored)
    events, claims, evidence, roles = [], [], [], []
    for item in stored:
        text = item.article.text
        for position, ev in enumerate(item.events):
            values = {name: getattr(ev, name) for name in EVENT_COLUMNS}
            values["position"] = position
            values["place_id"] = place_ids.get(ev.geonameid) if ev.geonameid is not None else None
            events.append(values)
            claims += [
                {"event_id": ev.event_id, "position": i, **claim.model_dump()}
                for i, claim in enumerate(ev.claims)
            ]
            evidence += [
                {"event_id": ev.event_id, "field": field, "start": start, "end": end,
                 "text": text[start:end]}
                for field, (start, end) in ev.evidence.items()
            ]  # fmt: skip
            for role, name in _roles(ev):
                roles.append({"event_id": ev.event_id, "actor_id": actor_ids[name], "role": role})
    for table, rows in (
        (schema.events, events),
        (schema.claims, claims),
        (schema.evidence, evidence),
        (schema.event_actors, roles),
    ):
        copy_rows(conn, table, rows)
    ids = [item.article.id for item in stored]
    for chunk in _chunks(ids):
        conn.execute(
            delete(schema.failed_articles).where(schema.failed_articles.c.article_id.in_(chunk))
        )
    return ids


def copy_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Append rows to ``table``: ``COPY`` on PostgreSQL, ``executemany`` elsewhere."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(table.insert(), rows)
        return
    columns = [c.name for c in table.columns if c.name in rows[0]]
    as_json = {c.name for c in table.columns if isinstance(c.type, schema.JSON)}
    quoted = ", ".join(f'"{name}"' for name in columns)
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        with cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([json.dumps(row[c]) if c in as_json else row[c] for c in columns])
    finally:
        cursor.close()


def _roles(ev: Event) -> list[tuple[str, str]]:
    roles = [("actor1", ev.actor1), ("actor2", ev.actor2)]
    roles += [("assoc", name) for name in ev.assoc_actors]
    return [(role, name) for role, name in roles if name]


def _insert_new(
    conn: Connection, table: Table, rows: list[dict[str, Any]], *, key: str | list[str],
    returning: str | None = None,
) -> list[Any]:  # fmt: skip
    """Insert the rows whose ``key`` is not taken; return ``returning`` of those inserted."""
    if not rows:
        return []
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).on_conflict_do_nothing(
        index_elements=[key] if isinstance(key, str) else key
    )
    if returning is None:
        conn.execute(statement, rows)
        return []
    found = conn.execute(statement.returning(table.c[returning]), rows)
    return list(found.scalars())


def _place_ids(conn: Connection, items: Iterable[StoredArticle]) -> dict[int, int]:
    """Row ids of the items' places by GeoNames id, adding the places not yet stored."""
    places = {
        mention.place.geonameid: mention.place
        for item in items
        for mention in item.places
        if mention.place is not None and mention.place.geonameid is not None
    }
    rows = [place.model_dump(exclude={"population"}) for place in places.values()]
    _insert_new(conn, schema.places, rows, key="geonameid")
    table = schema.places
    found: dict[int, int] = {}
    for chunk in _chunks(list(places)):
        query = select(table.c.geonameid, table.c.id).where(table.c.geonameid.in_(chunk))
        found.update((geonameid, id_) for geonameid, id_ in conn.execute(query))
    return found


def _actor_ids(conn: Connection, items: Iterable[StoredArticle]) -> dict[str, int]:
    """Row ids of the actors the items' events name, adding new actors and aliases."""
    aliases: set[tuple[str, str]] = set()
    names: set[str] = set()
    for item in items:
        used = {name for ev in item.events for _role, name in _roles(ev)}
        names |= used
        aliases |= {
            (m.name, m.text)
            for m in item.actors
            if m.name in used and m.text.lower() != m.name.lower()
        }
    table = schema.actors
    _insert_new(conn, table, [{"name": name} for name in sorted(names)], key="name")
    ids: dict[str, int] = {}
    for chunk in _chunks(sorted(names)):
        query = select(table.c.name, table.c.id).where(table.c.name.in_(chunk))
        ids.update((name, id_) for name, id_ in conn.execute(query))
    _insert_new(
        conn,
        schema.actor_aliases,
        [{"actor_id": ids[name], "alias": alias} for name, alias in sorted(aliases)],
        key=["actor_id", "alias"],
    )
    return ids


def _chunks(values: list[Any]) -> Iterable[list[Any]]:
    for i in range(0, len(values), _CHUNK):
        yield values[i : i + _CHUNK]

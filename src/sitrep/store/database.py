"""Read and write sitrep records through SQLAlchemy Core.

SQLite is the default (one file). A ``postgresql://`` URL uses PostgreSQL through psycopg,
with the same schema (migrations run on both) and the same queries. Writes go through
:mod:`sitrep.store.bulk`: a statement per table per batch, ``COPY`` on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, insert, or_, select, update
from sqlalchemy.exc import SQLAlchemyError

from sitrep.errors import StoreError
from sitrep.records import (
    Article,
    ArticleFailure,
    Claim,
    Event,
)
from sitrep.store import migrations, schema
from sitrep.store.bulk import EVENT_COLUMNS, StoredArticle, article_columns, insert_articles

DEFAULT_DB = "sitrep.sqlite"
SQLITE_BUSY_TIMEOUT = 60.0  # seconds a writer waits for another process's transaction


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


def database_url(db: str | Path) -> str:
    """Turn a file path or URL into an SQLAlchemy URL (``sqlite:///path`` for paths)."""
    text = str(db)
    if "://" in text:
        return text.replace("postgresql://", "postgresql+psycopg://", 1)
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def open_store(db: str | Path | None = None, *, must_exist: bool = False) -> Store:
    """Open the database at ``db``, a path or a URL (default ``sitrep.sqlite`` here).

    A missing SQLite file is created, with its folders, at the newest schema revision,
    unless ``must_exist`` is set (for commands that only read), which raises
    :class:`StoreError` instead. A database at an older schema revision raises a
    :class:`StoreError` that says to run ``sitrep db upgrade``; nothing is changed.
    """
    db = db or DEFAULT_DB
    _prepare_file(db, must_exist=must_exist)
    engine = connect(db)
    migrations.check(engine, db_hint=str(db))
    return Store(engine)


def upgrade_database(db: str | Path | None = None) -> tuple[str | None, str]:
    """Bring an existing database to the newest schema revision, in one transaction.

    Returns the revision before (None for a new, empty database) and after.
    """
    db = db or DEFAULT_DB
    _prepare_file(db, must_exist=True)
    return migrations.upgrade(connect(db))


def _prepare_file(db: str | Path, *, must_exist: bool) -> None:
    if "://" in str(db):
        return
    path = Path(db).expanduser()
    if must_exist and not path.exists():
        raise StoreError(f"no database at {path}; create it with `sitrep ingest PATH --db {db}`")
    path.parent.mkdir(parents=True, exist_ok=True)


def connect(db: str | Path) -> Engine:
    """An engine for ``db`` (path or URL), without looking at its schema.

    SQLite connections use WAL (readers never block the writer), wait up to
    ``SQLITE_BUSY_TIMEOUT`` seconds for another process's write lock, enforce foreign keys,
    and begin write transactions with ``BEGIN IMMEDIATE`` so two writers queue instead of
    failing; DDL runs inside transactions too, so an interrupted migration leaves nothing.
    """
    try:
        engine = create_engine(
            database_url(db),
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT} if _is_sqlite(db) else {},
        )
    except (SQLAlchemyError, ImportError) as exc:
        raise StoreError(f"cannot open database {str(db)!r}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _is_sqlite(db: str | Path) -> bool:
    return database_url(db).startswith("sqlite")


def _sqlite_connect(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # transactions are begun by _sqlite_begin
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _sqlite_begin(conn) -> None:
    write = conn.get_execution_options().get(migrations.WRITE_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


class Store:
    """Articles and the events extracted from them, with actors, places and claims."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._writer = engine.execution_options(**{migrations.WRITE_OPTION: True})

    def known_article_ids(self, ids: Iterable[str]) -> set[str]:
        """Return those of ``ids`` that are already stored."""
        wanted = list(set(ids))
        found: set[str] = set()
        with self.engine.connect() as conn:
            for i in range(0, len(wanted), 500):
                chunk = wanted[i : i + 500]
                rows = conn.execute(
                    select(schema.articles.c.id).where(schema.articles.c.id.in_(chunk))
                )
                found.update(rows.scalars())
        return found

    def add(
        self, items: Iterable[StoredArticle], *, failures: Iterable[ArticleFailure] = ()
    ) -> int:
        """Store articles with their events, and failed articles, in one transaction.

        Returns how many articles were new. An article already stored is left exactly as it
        is, so re-ingesting changes nothing. A stored article leaves the failed articles; a
        failure is recorded (or its attempts counted up) unless the article is stored.
        """
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        try:
            with self._writer.begin() as conn:
                added = len(insert_articles(conn, list(items), now=now))
                for failure in failures:
                    if not _article_exists(conn, failure.article.id):
                        _record_failure(conn, failure, now=now)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot write to {self.engine.url}: {exc}") from exc
        return added

    def failures(self, *, limit: int | None = None) -> list[dict[str, Any]]:
        """Failed articles, most recent first: id, origin, stage, reason, attempts, time."""
        table = schema.failed_articles
        query = select(
            table.c.article_id,
            table.c.origin,
            table.c.stage,
            table.c.reason,
            table.c.attempts,
            table.c.failed_at,
        ).order_by(table.c.failed_at.desc(), table.c.article_id)
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [dict(row) for row in conn.execute(query).mappings()]

    def events(self, where: EventFilter | None = None) -> Iterator[Event]:
        """Yield stored events matching ``where``, by date (oldest first unless asked) then
        article order."""
        where = where or EventFilter()
        ev = schema.events
        by_date = ev.c.date_start.desc() if where.newest_first else ev.c.date_start
        query = select(ev).order_by(by_date, ev.c.article_id, ev.c.position)
        if where.country:
            query = query.where(
                or_(
                    func.lower(ev.c.country) == where.country.lower(),
                    func.lower(ev.c.country_code) == where.country.lower(),
                )
            )
        if where.admin1:
            query = query.where(func.lower(ev.c.admin1) == where.admin1.lower())
        if where.event_type:
            query = query.where(
                or_(
                    func.lower(ev.c.event_type) == where.event_type.lower(),
                    func.lower(ev.c.sub_event_type) == where.event_type.lower(),
                )
            )
        if where.actor:
            query = query.where(ev.c.event_id.in_(_events_with_actor(where.actor)))
        if where.date_from:
            query = query.where(ev.c.date_end >= where.date_from)
        if where.date_to:
            query = query.where(ev.c.date_start <= where.date_to)
        if where.limit:
            query = query.limit(where.limit)
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
            ids = [row["event_id"] for row in rows]
            claims = _claims_by_event(conn, ids)
            evidence = _evidence_by_event(conn, ids)
        for row in rows:
            yield _event_from_row(row, claims.get(row["event_id"], []), evidence)

    def article(self, article_id: str) -> Article | None:
        """Return one stored article, or None."""
        with self.engine.connect() as conn:
            row = (
                conn.execute(select(schema.articles).where(schema.articles.c.id == article_id))
                .mappings()
                .first()
            )
        if row is None:
            return None
        return Article(
            id=row["id"],
            text=row["text"],
            published=row["published"],
            title=row["title"],
            source=row["source"],
            url=row["url"],
            origin=row["origin"],
        )

    def stats(self) -> dict[str, Any]:
        """Counts of what is stored, and events per type and per country."""
        ev = schema.events
        with self.engine.connect() as conn:

            def count(table: schema.Table) -> int:
                return conn.execute(select(func.count()).select_from(table)).scalar_one()

            by_type = conn.execute(
                select(ev.c.event_type, func.count()).group_by(ev.c.event_type)
            ).all()
            by_country = conn.execute(
                select(ev.c.country, func.count()).group_by(ev.c.country)
            ).all()
            span = conn.execute(select(func.min(ev.c.date_start), func.max(ev.c.date_end))).one()
            return {
                "articles": count(schema.articles),
                "events": count(ev),
                "actors": count(schema.actors),
                "places": count(schema.places),
                "claims": count(schema.claims),
                "failed_articles": count(schema.failed_articles),
                "first_date": span[0],
                "last_date": span[1],
                "by_event_type": {k: n for k, n in sorted(by_type, key=lambda r: -r[1])},
                "by_country": {
                    k or "(unknown)": n for k, n in sorted(by_country, key=lambda r: -r[1])
                },
            }


def _events_with_actor(name: str):
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


def _article_exists(conn, article_id: str) -> bool:
    found = conn.execute(select(schema.articles.c.id).where(schema.articles.c.id == article_id))
    return found.first() is not None


def _record_failure(conn, failure: ArticleFailure, *, now: dt.datetime) -> None:
    table = schema.failed_articles
    key = table.c.article_id == failure.article.id
    attempts = conn.execute(select(table.c.attempts).where(key)).scalar()
    values = {"stage": failure.stage, "reason": failure.reason, "failed_at": now}
    if attempts is None:
        article = article_columns(failure.article)
        conn.execute(
            insert(table).values(article_id=failure.article.id, attempts=1, **article, **values)
        )
    else:
        conn.execute(update(table).where(key).values(attempts=attempts + 1, **values))


def _claims_by_event(conn, ids: list[str]) -> dict[str, list[Claim]]:
    table = schema.claims
    out: dict[str, list[Claim]] = {}
    for i in range(0, len(ids), 500):
        rows = conn.execute(
            select(table).where(table.c.event_id.in_(ids[i : i + 500])).order_by(table.c.position)
        ).mappings()
        for row in rows:
            out.setdefault(row["event_id"], []).append(
                Claim(
                    claimant=row["claimant"],
                    stance=row["stance"],
                    text=row["text"],
                    start=row["start"],
                    end=row["end"],
                )
            )
    return out


def _evidence_by_event(conn, ids: list[str]) -> dict[str, dict[str, tuple[int, int]]]:
    table = schema.evidence
    out: dict[str, dict[str, tuple[int, int]]] = {}
    for i in range(0, len(ids), 500):
        rows = conn.execute(select(table).where(table.c.event_id.in_(ids[i : i + 500])))
        for row in rows.mappings():
            out.setdefault(row["event_id"], {})[row["field"]] = (row["start"], row["end"])
    return out


def _event_from_row(row, claims: list[Claim], evidence: dict) -> Event:
    values = {name: row[name] for name in EVENT_COLUMNS}
    return Event(**values, claims=claims, evidence=evidence.get(row["event_id"], {}))

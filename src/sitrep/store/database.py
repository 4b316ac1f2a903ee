"""Read and write sitrep records through SQLAlchemy Core.

SQLite is the default (one file). A ``postgresql://`` URL uses PostgreSQL through psycopg,
with the same schema (migrations run on both) and the same queries. Writes go through
:mod:`sitrep.store.bulk`: a statement per table per batch, ``COPY`` on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Engine,
    Select,
    create_engine,
    event,
    func,
    insert,
    make_url,
    or_,
    select,
    update,
)
from sqlalchemy.exc import SQLAlchemyError

from sitrep import taxonomy
from sitrep.errors import StoreError
from sitrep.records import (
    Article,
    ArticleFailure,
    Claim,
    Event,
    Incident,
)
from sitrep.store import migrations, schema
from sitrep.store.bulk import EVENT_COLUMNS, StoredArticle, article_columns, insert_articles
from sitrep.store.filters import EventFilter, IncidentFilter, actor_condition
from sitrep.store.incidents import (
    count_incidents,
    incident_by_id,
    incident_of_event,
    merge_unmerged,
    read_incidents,
)
from sitrep.store.rows import claims_by_event

DEFAULT_DB = "sitrep.sqlite"
SQLITE_BUSY_TIMEOUT = 60.0  # seconds a writer waits for another process's transaction


# Keys ``EventFilter.sort`` accepts, and the column each one orders by.
SORT_KEYS = {
    "date": schema.events.c.date_start,
    "event_type": schema.events.c.event_type,
    "sub_event_type": schema.events.c.sub_event_type,
    "country": schema.events.c.country,
    "location": schema.events.c.location,
    "actor1": schema.events.c.actor1,
    "actor2": schema.events.c.actor2,
    "fatalities": schema.events.c.fatalities,
    "verification": schema.events.c.verification,
}


def database_url(db: str | Path) -> str:
    """Turn a file path or URL into an SQLAlchemy URL (``sqlite:///path`` for paths)."""
    text = str(db)
    if "://" in text:
        return text.replace("postgresql://", "postgresql+psycopg://", 1)
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def open_store(
    db: str | Path | None = None, *, must_exist: bool = False, read_only: bool = False
) -> Store:
    """Open the database at ``db``, a path or a URL (default ``sitrep.sqlite`` here).

    A missing SQLite file is created, with its folders, at the newest schema revision,
    unless ``must_exist`` is set (for commands that only read), which raises
    :class:`StoreError` instead. A database at an older schema revision raises a
    :class:`StoreError` that says to run ``sitrep db upgrade``; nothing is changed.
    ``read_only`` (implies ``must_exist``) opens connections that cannot write: SQLite in
    ``mode=ro``, PostgreSQL with read-only transactions; the schema is checked, never changed.
    """
    db = db or DEFAULT_DB
    _prepare_file(db, must_exist=must_exist or read_only)
    if read_only:
        try:
            engine = _read_only_engine(database_url(db))
        except (SQLAlchemyError, ImportError) as exc:
            raise StoreError(f"cannot open database {str(db)!r}: {exc}") from exc
    else:
        engine = connect(db)
    migrations.check(engine, db_hint=str(db), create=not read_only)
    return Store(engine)


def upgrade_database(db: str | Path | None = None) -> tuple[str | None, str]:
    """Bring an existing database to the newest schema revision, in one transaction.

    Returns the revision before (None for a new, empty database) and after. Events stored
    before incidents existed are then merged into incidents.
    """
    db = db or DEFAULT_DB
    _prepare_file(db, must_exist=True)
    engine = connect(db)
    revisions = migrations.upgrade(engine)
    Store(engine).merge_incidents()
    return revisions


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


def _read_only_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        path = Path(parsed.database or "").resolve()
        engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
        event.listen(engine, "connect", _sqlite_query_only)
        return engine
    if parsed.get_backend_name() == "postgresql":
        return create_engine(url, connect_args={"options": "-c default_transaction_read_only=on"})
    raise StoreError(f"read-only access is not supported for {parsed.get_backend_name()}")


def _sqlite_query_only(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()


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
        is, so re-ingesting changes nothing. The new events are merged into the stored
        incidents in the same transaction. A stored article leaves the failed articles; a
        failure is recorded (or its attempts counted up) unless the article is stored.
        """
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        try:
            with self._writer.begin() as conn:
                added = len(insert_articles(conn, list(items), now=now))
                for failure in failures:
                    if not _article_exists(conn, failure.article.id):
                        _record_failure(conn, failure, now=now)
                merge_unmerged(conn)
            if added:
                self.analyze()
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

    def analyze(self) -> None:
        """Refresh the statistics SQLite's query planner picks indexes by (a bounded,
        sampled ANALYZE: milliseconds); PostgreSQL's autovacuum does this by itself."""
        if self.engine.dialect.name == "sqlite":
            with self._writer.begin() as conn:
                conn.exec_driver_sql("PRAGMA analysis_limit=1000")
                conn.exec_driver_sql("ANALYZE")

    def events(self, where: EventFilter | None = None) -> Iterator[Event]:
        """Yield stored events matching ``where``, in its order (by default by date, oldest
        first, then article order)."""
        where = where or EventFilter()
        query = select(schema.events).where(*event_conditions(where))
        query = _ordered(query, where)
        if where.limit:
            query = query.limit(where.limit)
        if where.offset:
            query = query.offset(where.offset)
        yield from self._events_from(query)

    def events_by_id(self, ids: Iterable[str]) -> list[Event]:
        """The stored events with these ids, in the order given; unknown ids are left out."""
        wanted = list(ids)
        found = {
            event.event_id: event
            for event in self._events_from(
                select(schema.events).where(schema.events.c.event_id.in_(wanted))
            )
        }
        return [found[i] for i in wanted if i in found]

    def count_events(self, where: EventFilter | None = None) -> int:
        """How many stored events match ``where`` (its limit and offset ignored)."""
        query = select(func.count()).select_from(schema.events)
        query = query.where(*event_conditions(where or EventFilter()))
        with self.engine.connect() as conn:
            return conn.execute(query).scalar_one()

    def _events_from(self, query: Select) -> Iterator[Event]:
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
            ids = [row["event_id"] for row in rows]
            claims = claims_by_event(conn, ids)
            evidence = _evidence_by_event(conn, ids)
        for row in rows:
            yield _event_from_row(row, claims.get(row["event_id"], []), evidence)

    def incidents(self, where: IncidentFilter | None = None) -> list[Incident]:
        """Stored incidents matching ``where``, by date (oldest first unless asked), then id;
        every stored event is in exactly one."""
        with self.engine.connect() as conn:
            return read_incidents(conn, where)

    def count_incidents(self, where: IncidentFilter | None = None) -> int:
        """How many stored incidents match ``where`` (its limit and offset aside)."""
        with self.engine.connect() as conn:
            return count_incidents(conn, where)

    def incident(self, incident_id: str) -> Incident | None:
        """One stored incident with its reports, or None."""
        with self.engine.connect() as conn:
            return incident_by_id(conn, incident_id)

    def incident_id_of(self, event_id: str) -> str | None:
        """The id of the incident a stored event belongs to, or None."""
        with self.engine.connect() as conn:
            return incident_of_event(conn, event_id)

    def merge_incidents(self) -> int:
        """Merge the stored events that are in no incident yet (events stored before
        incidents existed); return how many there were."""
        try:
            with self._writer.begin() as conn:
                return merge_unmerged(conn)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot write to {self.engine.url}: {exc}") from exc

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
                "incidents": count(schema.incidents),
                "failed_articles": count(schema.failed_articles),
                "first_date": span[0],
                "last_date": span[1],
                "by_event_type": {k: n for k, n in sorted(by_type, key=lambda r: -r[1])},
                "by_country": {
                    k or "(unknown)": n for k, n in sorted(by_country, key=lambda r: -r[1])
                },
            }


def event_conditions(where: EventFilter) -> list[ColumnElement[bool]]:
    """SQL conditions on ``schema.events`` for the criteria of ``where`` (AND them)."""
    ev = schema.events
    conditions: list[ColumnElement[bool]] = []
    if where.country:
        # ISO codes have two letters and no country name has: one indexed column decides
        column = ev.c.country_code if len(where.country) == 2 else ev.c.country
        conditions.append(func.lower(column) == where.country.lower())
    if where.admin1:
        conditions.append(func.lower(ev.c.admin1) == where.admin1.lower())
    if where.event_type:
        conditions.append(_type_condition(where.event_type.lower()))
    if where.date_from:
        conditions.append(ev.c.date_end >= where.date_from)
    if where.date_to:
        conditions.append(ev.c.date_start <= where.date_to)
    if where.verification:
        conditions.append(func.lower(ev.c.verification) == where.verification.lower())
    if where.bbox:
        west, south, east, north = where.bbox
        conditions += [ev.c.latitude.between(south, north), ev.c.longitude.between(west, east)]
    if where.actor:
        conditions.append(actor_condition(where.actor, alone=not conditions))
    return conditions


def _type_condition(wanted: str) -> ColumnElement[bool]:
    """Event type or sub-event type ``wanted`` (lower case). ACLED's names of types and
    sub-types never coincide, so a known name needs only its own (indexed) column."""
    ev = schema.events
    acled = taxonomy.load()
    if wanted in {t.name.lower() for t in acled.event_types}:
        return func.lower(ev.c.event_type) == wanted
    if wanted in {s.name.lower() for s in acled.sub_event_types}:
        return func.lower(ev.c.sub_event_type) == wanted
    return or_(func.lower(ev.c.event_type) == wanted, func.lower(ev.c.sub_event_type) == wanted)


def _ordered(query: Select, where: EventFilter) -> Select:
    """By date (start, then end: the order of ``ix_events_dates``), then article order;
    or by a ``SORT_KEYS`` column first."""
    ev = schema.events
    key = (where.sort or "date").removeprefix("-")
    if key not in SORT_KEYS:
        raise ValueError(f"unknown sort key {key!r}; choose one of {', '.join(SORT_KEYS)}")
    descending = where.sort.startswith("-") if where.sort else where.newest_first
    dates: list[ColumnElement[Any]] = [ev.c.date_start, ev.c.date_end]
    order: list[ColumnElement[Any]]
    if key == "date":
        order = [c.desc() for c in dates] if descending else dates
    else:
        order = [SORT_KEYS[key].desc() if descending else SORT_KEYS[key], *dates]
    return query.order_by(*order, ev.c.article_id, ev.c.position)


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

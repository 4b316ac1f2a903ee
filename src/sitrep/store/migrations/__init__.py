"""Schema migrations with Alembic, packaged inside sitrep (no ``alembic.ini`` needed).

Each revision in ``versions/`` changes the schema one step; ``0001`` is the schema of
sitrep 0.1. A new, empty database is created at the newest revision (head). A database
at an older revision is never changed silently: :func:`check` raises a :class:`StoreError`
that says to run ``sitrep db upgrade``, which calls :func:`upgrade`.
See docs/development.md for how to add a revision.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import SQLAlchemyError

from sitrep.errors import StoreError

SCRIPT_LOCATION = "sitrep.store:migrations"
RELEASE_0_1 = "0001"
# Set on connections that write: on SQLite they begin with BEGIN IMMEDIATE (see database.py).
WRITE_OPTION = "sitrep_write"


@dataclass(frozen=True)
class SchemaState:
    """Where a database stands: its revision (None when it has no tables) and the head."""

    current: str | None
    head: str
    unstamped_release_0_1: bool = False

    @property
    def empty(self) -> bool:
        """No sitrep tables at all: a new database."""
        return self.current is None

    @property
    def up_to_date(self) -> bool:
        """At the newest revision this sitrep knows."""
        return self.current == self.head


def config(connection: Connection | None = None) -> Config:
    """An Alembic configuration for sitrep's packaged migrations.

    Args:
        connection (Connection | None): the connection migrations run on, inside its
            transaction; required to run them, not to list revisions.
    """
    cfg = Config()
    cfg.set_main_option("script_location", SCRIPT_LOCATION)
    cfg.attributes["connection"] = connection
    return cfg


@lru_cache(maxsize=1)
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(config())


def head() -> str:
    """The newest revision this sitrep knows."""
    revision = _scripts().get_current_head()
    if revision is None:  # only if the packaged versions/ folder were missing
        raise StoreError("sitrep's schema migrations are missing; reinstall sitrep")
    return revision


def state(connection: Connection) -> SchemaState:
    """Read the revision of the database behind ``connection``.

    A database made by sitrep 0.1 has no ``alembic_version`` table; it is recognised by
    its ``schema_info`` table and reported at revision ``0001``.
    """
    current = MigrationContext.configure(connection).get_current_revision()
    if current is not None:
        return SchemaState(current=current, head=head())
    tables = set(inspect(connection).get_table_names()) - {"alembic_version"}
    if not tables:
        return SchemaState(current=None, head=head())
    if "schema_info" in tables:
        versions = connection.execute(text("SELECT version FROM schema_info")).scalars().all()
        if versions and max(versions) == 1:
            return SchemaState(current=RELEASE_0_1, head=head(), unstamped_release_0_1=True)
    raise StoreError(
        f"{connection.engine.url} holds tables ({', '.join(sorted(tables)[:5])}...) "
        "but no sitrep schema version; use a new database file"
    )


def check(engine: Engine, *, db_hint: str, create: bool = True) -> SchemaState:
    """Create a new database at head; refuse a database at another revision.

    Args:
        engine (Engine): the database.
        db_hint (str): how the user named the database, quoted in the advice to upgrade.
        create (bool): create the tables of an empty database (False for read-only access,
            which leaves an empty database as it is).

    Raises:
        StoreError: the database is older (run ``sitrep db upgrade``) or newer
            (upgrade sitrep) than this sitrep.
    """
    with engine.connect() as conn:
        found = state(conn)
    if found.empty:
        if not create:
            return found
        upgrade(engine)
        with engine.connect() as conn:
            found = state(conn)
    if found.up_to_date:
        return found
    if not is_known(found.current):
        raise StoreError(
            f"database {db_hint} has schema revision {found.current}, newer than this "
            f"sitrep knows (head {found.head}); upgrade sitrep"
        )
    raise StoreError(
        f"database {db_hint} has schema revision {found.current}; this sitrep needs "
        f"{found.head}. Back it up, then run `sitrep db upgrade --db {db_hint}`"
    )


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Bring the database to head in one transaction; return (revision before, after).

    On SQLite the transaction starts with ``BEGIN IMMEDIATE``: a second process that
    upgrades or creates the same database at the same moment waits, then finds it done.
    """
    try:
        with engine.execution_options(**{WRITE_OPTION: True}).begin() as conn:
            before = state(conn)
            if before.current is not None and not is_known(before.current):
                raise StoreError(
                    f"database schema revision {before.current} is newer than this sitrep; "
                    "upgrade sitrep"
                )
            cfg = config(conn)
            if before.unstamped_release_0_1:
                command.stamp(cfg, RELEASE_0_1)
            if not before.up_to_date:
                command.upgrade(cfg, "head")
    except SQLAlchemyError as exc:
        raise StoreError(
            f"cannot create or upgrade the tables in {engine.url} (is it writable?): {exc}"
        ) from exc
    return before.current, before.head


def is_known(revision: str | None) -> bool:
    """Whether ``revision`` is one of this sitrep's revisions (None: an empty database)."""
    return revision is None or any(r.revision == revision for r in _scripts().walk_revisions())

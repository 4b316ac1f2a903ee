"""Alembic environment: migrations run on the connection sitrep hands over.

sitrep calls Alembic through :mod:`sitrep.store.migrations`, which opens a transaction
(on SQLite ``BEGIN IMMEDIATE``, so concurrent processes wait for each other) and passes the
connection in ``config.attributes["connection"]``; every revision of one upgrade runs in
that single transaction.
"""

from __future__ import annotations

from alembic import context

from sitrep.store import schema

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "run sitrep's migrations with `sitrep db upgrade` or sitrep.store.migrations, "
        "not the alembic command"
    )
context.configure(
    connection=connection,
    target_metadata=schema.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them; PostgreSQL alters in place
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()

"""Check that sitrep can run here: model, place index, database, disk space.

Each check says what it found and, when something is wrong, what to do about it.
Nothing is created or changed: a missing place index is reported, not built, and the
database is only read.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, func, select
from sqlalchemy.exc import SQLAlchemyError

from sitrep.errors import SitrepError

MIN_FREE_BYTES = 500 * 1024**2


@dataclass(frozen=True)
class Check:
    """One finding: ``advice`` is None when all is well."""

    name: str
    found: str
    advice: str | None = None

    @property
    def ok(self) -> bool:
        """Nothing to do."""
        return self.advice is None


def run(*, db: str | None = None) -> list[Check]:
    """Run every check.

    Args:
        db (str | None): the database to check (path or URL); default ``sitrep.sqlite``.
    """
    from sitrep.store.database import DEFAULT_DB

    db = db or DEFAULT_DB
    return [_model(), _place_index(), _database(db), *_disk_space(db)]


def _model() -> Check:
    from sitrep import nlp

    try:
        model = nlp.load()
    except SitrepError as exc:
        return Check("language model", "not installed", str(exc))
    return Check("language model", f"{nlp.MODEL_NAME} {model.meta.get('version', '?')} loads")


def _place_index() -> Check:
    from sitrep import gazetteer

    path = gazetteer.cache_dir() / gazetteer._INDEX_NAME
    if not path.exists():
        return Check("place index", f"no index at {path}", "run `sitrep setup` (about 30 s, once)")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            places = conn.execute("SELECT count(*) FROM places").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return Check(
            "place index", f"{path} is unreadable ({exc})", f"delete {path}, then `sitrep setup`"
        )
    return Check("place index", f"{path}: {places:,} places")


def _database(db: str) -> Check:
    from sitrep.store import migrations, schema
    from sitrep.store.database import database_url

    if "://" not in db and not Path(db).expanduser().exists():
        return Check(
            "database",
            f"no database at {db} yet; `sitrep ingest` creates it at schema revision "
            f"{migrations.head()}",
        )
    try:
        engine = create_engine(database_url(db))  # plain: reading changes nothing
        with engine.connect() as conn:
            state = migrations.state(conn)
            failed = (
                conn.execute(select(func.count()).select_from(schema.failed_articles)).scalar()
                if state.up_to_date
                else 0
            )
        engine.dispose()
    except (SitrepError, SQLAlchemyError, ImportError) as exc:
        return Check("database", f"{db} cannot be read", str(exc))
    if state.empty:
        return Check("database", f"{db} is empty; `sitrep ingest` creates the tables")
    if state.up_to_date:
        found = f"{db} at schema revision {state.current} (the newest)"
        if failed:
            return Check(
                "database",
                f"{found}; {failed} article(s) failed in a stage",
                "see `sitrep stats`; ingest the same input again to retry them",
            )
        return Check("database", found)
    if migrations.is_known(state.current):
        return Check(
            "database",
            f"{db} at schema revision {state.current}; this sitrep needs {state.head}",
            f"back it up, then run `sitrep db upgrade --db {db}`",
        )
    return Check(
        "database",
        f"{db} at schema revision {state.current}, newer than this sitrep ({state.head})",
        "upgrade sitrep",
    )


def _disk_space(db: str) -> list[Check]:
    from sitrep import gazetteer

    folders = {"cache": gazetteer.cache_dir()}
    if "://" not in db:
        folders["database"] = Path(db).expanduser().resolve().parent
    checks = []
    for role, folder in folders.items():
        existing = next((p for p in (folder, *folder.parents) if p.exists()), Path("/"))
        free = shutil.disk_usage(existing).free
        found = f"{free / 1024**3:.1f} GB free for the {role} ({folder})"
        advice = None
        if free < MIN_FREE_BYTES:
            advice = (
                f"free some space: less than {MIN_FREE_BYTES // 1024**2} MB left; "
                "SQLite needs room for its write-ahead log while ingesting"
            )
        checks.append(Check("disk space", found, advice))
    return checks

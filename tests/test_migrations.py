"""Schema migrations: new databases at head, 0.1 databases upgraded only when asked."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from click.testing import CliRunner

from kharkiv_fixture import kharkiv_event
from sitrep.cli import main
from sitrep.errors import StoreError
from sitrep.store import migrations, open_store, schema
from sitrep.store.database import connect, upgrade_database

RELEASE_0_1_SQL = Path(__file__).parent / "data" / "store" / "release_0_1.sql"
# What sitrep 0.1 stored in the fixture.
EVENT = kharkiv_event(plover_type="ATTACK", cameo_code="195", assoc_actors=["Wagner Group"])


def _release_0_1_database(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")  # as 0.1 left its files
    conn.executescript(RELEASE_0_1_SQL.read_text(encoding="utf-8"))
    conn.close()
    return path


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_a_new_database_is_created_at_head_and_matches_the_table_definitions(db_url):
    store = open_store(db_url)
    with store.engine.connect() as conn:
        found = migrations.state(conn)
        assert found.current == migrations.head() and found.up_to_date
        differences = compare_metadata(MigrationContext.configure(conn), schema.metadata)
        versions = conn.execute(schema.schema_info.select()).scalars().all()
    assert differences == []
    assert versions == [int(migrations.head())]  # each revision raises schema_info to its number


def test_a_release_0_1_database_is_refused_unchanged_until_upgraded(tmp_path):
    path = _release_0_1_database(tmp_path / "old.sqlite")
    before = _dump(path)
    with pytest.raises(StoreError, match="sitrep db upgrade --db"):
        open_store(path)
    assert _dump(path) == before

    assert upgrade_database(path) == ("0001", migrations.head())
    store = open_store(path)
    assert list(store.events()) == [EVENT]
    figures = store.stats()
    assert (figures["articles"], figures["events"], figures["failed_articles"]) == (1, 1, 0)
    assert store.article("a1").title == "Shelling"


def test_the_cli_upgrades_and_writing_commands_say_how(tmp_path):
    runner = CliRunner()
    path = str(_release_0_1_database(tmp_path / "old.sqlite"))
    refused = runner.invoke(main, ["stats", "--db", path])
    assert refused.exit_code == 3
    assert f"sitrep db upgrade --db {path}" in refused.stderr

    done = runner.invoke(main, ["db", "upgrade", "--db", path])
    assert done.exit_code == 0, done.output
    assert f"from schema revision 0001 to {migrations.head()}" in done.stderr
    again = runner.invoke(main, ["db", "upgrade", "--db", path])
    assert "nothing to do" in again.stderr
    assert runner.invoke(main, ["stats", "--db", path]).exit_code == 0


def test_upgrading_a_missing_database_creates_nothing(tmp_path):
    with pytest.raises(StoreError, match="no database"):
        upgrade_database(tmp_path / "typo.sqlite")
    assert not (tmp_path / "typo.sqlite").exists()


def test_every_revision_downgrades_and_upgrades_again(tmp_path):
    path = _release_0_1_database(tmp_path / "old.sqlite")
    upgrade_database(path)
    engine = connect(path)
    with engine.begin() as conn:
        command.downgrade(migrations.config(conn), migrations.RELEASE_0_1)
    with engine.connect() as conn:
        assert migrations.state(conn).current == migrations.RELEASE_0_1
        assert "failed_articles" not in conn.dialect.get_table_names(conn)
    with engine.begin() as conn:
        command.downgrade(migrations.config(conn), "base")
    with engine.connect() as conn:
        assert migrations.state(conn).empty
    assert list(open_store(path).events()) == []


def test_every_revision_downgrades_to_nothing_and_upgrades_again(db_url):
    open_store(db_url)
    engine = connect(db_url)
    with engine.begin() as conn:
        command.downgrade(migrations.config(conn), "base")
    with engine.connect() as conn:
        assert migrations.state(conn).empty
    assert upgrade_database(db_url) == (None, migrations.head())
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), schema.metadata) == []
    engine.dispose()


def test_a_database_from_a_newer_sitrep_is_refused(db_url):
    open_store(db_url).engine.dispose()
    engine = connect(db_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    engine.dispose()
    with pytest.raises(StoreError, match="newer than this sitrep"):
        open_store(db_url)
    with pytest.raises(StoreError, match="upgrade sitrep"):
        upgrade_database(db_url)


def test_a_foreign_database_is_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.close()
    with pytest.raises(StoreError, match="no sitrep schema version"):
        open_store(path)

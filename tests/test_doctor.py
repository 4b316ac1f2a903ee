"""`sitrep doctor`: what it finds and what it advises, changing nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitrep.cli import main
from sitrep.store import migrations, open_store

pytestmark = pytest.mark.slow  # loads the language model

RELEASE_0_1_SQL = Path(__file__).parent / "data" / "store" / "release_0_1.sql"


def _doctor(*args: str):
    return CliRunner().invoke(main, ["doctor", *args])


def test_a_healthy_setup_is_all_ok(tmp_path):
    db = tmp_path / "events.sqlite"
    open_store(db)
    result = _doctor("--db", str(db))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["ok"] * 5
    assert f"at schema revision {migrations.head()} (the newest)" in result.stdout
    assert "places" in result.stdout and "GB free" in result.stdout


def test_an_old_database_and_a_missing_index_are_problems_with_advice(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir()
    monkeypatch.setenv("SITREP_CACHE_DIR", str(cache))
    db = tmp_path / "old.sqlite"
    conn = sqlite3.connect(db)
    conn.executescript(RELEASE_0_1_SQL.read_text(encoding="utf-8"))
    conn.close()
    before = db.read_bytes()

    result = _doctor("--db", str(db))
    assert result.exit_code == 3
    out = result.stdout
    assert "PROBLEM  place index" in out and "-> run `sitrep setup`" in out
    assert f"PROBLEM  database        {db} at schema revision 0001" in out
    assert f"-> back it up, then run `sitrep db upgrade --db {db}`" in out
    assert list(cache.iterdir()) == []  # no index built
    assert db.read_bytes() == before  # the database untouched


def test_a_corrupt_index_is_named_with_the_fix(tmp_path, monkeypatch):
    from sitrep import gazetteer

    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path))
    index = tmp_path / gazetteer._INDEX_NAME
    index.write_bytes(b"not a database" * 100)
    result = _doctor("--db", str(tmp_path / "none.sqlite"))
    assert result.exit_code == 3
    assert f"-> delete {index}, then `sitrep setup`" in result.stdout
    assert "no database at" in result.stdout
    assert not (tmp_path / "none.sqlite").exists()

"""Shared test set-up.

- Playwright drives Debian's chromium, never a downloaded browser.
- A fresh database on each backend the store supports. SQLite needs nothing. PostgreSQL
  tests use the server named by ``SITREP_TEST_POSTGRES`` (a URL such as
  ``postgresql://postgres@127.0.0.1:55432/postgres``); ``make test`` starts a private one.
  Each test gets its own new database on that server, dropped afterwards. Without the
  variable the PostgreSQL tests are skipped with a message saying so; with the variable
  set but no server answering, they fail (CI must not pass silently).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from sitrep.store.database import database_url

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-sync",
    "--metrics-recording-only",
    "--no-first-run",
    "--no-pings",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright launches /usr/bin/chromium (``apt-get install chromium``).

    Without it the browser tests are skipped on a developer's machine and fail in CI,
    where ``make test`` installs it first.
    """
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: `make test` installs it with apt-get")
        pytest.skip(f"{CHROMIUM} is missing: apt-get install -y chromium")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


POSTGRES_ENV = "SITREP_TEST_POSTGRES"
BACKENDS = ["sqlite", "postgresql"]


def _postgres_admin_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(
            f"PostgreSQL store tests skipped: no server ({POSTGRES_ENV} is not set). "
            f"`make test` starts a private one; by hand, set {POSTGRES_ENV}="
            "postgresql://USER@HOST:PORT/DB"
        )
    return database_url(url)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A new, empty PostgreSQL database (URL), dropped after the test."""
    admin = create_engine(_postgres_admin_url(), isolation_level="AUTOCOMMIT")
    name = f"sitrep_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # the variable is set: an unreachable server is a failure
        admin.dispose()
        pytest.fail(f"{POSTGRES_ENV} is set but PostgreSQL is not usable: {exc}")
    try:
        yield make_url(admin.url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path) -> str:
    """A new, empty database on each backend: an SQLite path, or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "test.sqlite")
    return request.getfixturevalue("postgres_url")

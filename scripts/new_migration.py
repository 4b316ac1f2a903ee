"""Write the next schema revision from what changed in src/sitrep/store/schema.py.

    python scripts/new_migration.py "events: background column"

Builds a scratch SQLite database at the newest revision, lets Alembic compare it with
the tables in schema.py and writes ``versions/NNNN_<message>.py`` with the differences.
Read it before committing (see docs/development.md, "Schema changes").
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from alembic import command

from sitrep.store import migrations
from sitrep.store.database import connect


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("message", help="what the revision changes, in a few words")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        engine = connect(Path(scratch) / "head.sqlite")
        migrations.upgrade(engine)
        next_revision = f"{int(migrations.head()) + 1:04d}"
        with engine.begin() as conn:
            script = command.revision(
                migrations.config(conn),
                message=args.message,
                autogenerate=True,
                rev_id=next_revision,
            )
        engine.dispose()
    if script is not None and not isinstance(script, list):
        subprocess.run([sys.executable, "-m", "ruff", "format", script.path], check=False)


if __name__ == "__main__":
    main()

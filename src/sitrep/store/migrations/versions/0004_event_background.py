"""Events gain ``background``: an earlier incident told as context; schema_info version 4.

Events stored before this revision were not told apart, so they are marked ``false``.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "events", sa.Column("background", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.execute("UPDATE schema_info SET version = 4")


def downgrade() -> None:
    op.execute("UPDATE schema_info SET version = 3")
    op.drop_column("events", "background")

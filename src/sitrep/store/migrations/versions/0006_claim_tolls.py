"""Claims gain ``toll``: the death toll each claim's text states; schema_info version 6.

The event stage counts it when it extracts the claim, so merging reports into incidents
reads it instead of parsing claim texts. Claims stored before this revision keep a null
toll; their events' incidents were merged with the figures decided then.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("claims", sa.Column("toll", sa.Integer(), nullable=True))
    op.execute("UPDATE schema_info SET version = 6")


def downgrade() -> None:
    op.execute("UPDATE schema_info SET version = 5")
    op.drop_column("claims", "toll")

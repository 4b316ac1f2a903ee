"""Indexes for reading events back at scale (the API and the web page); schema_info version 3.

Filters compare lower-cased values in date order; date ranges, the timeline and the map read
covering indexes instead of the wide event rows.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_LOWERED = ("country", "country_code", "event_type", "sub_event_type")


def upgrade() -> None:
    for name in _LOWERED:
        op.create_index(
            f"ix_events_{name}_lower",
            "events",
            [sa.func.lower(sa.column(name)), "date_start", "date_end"],
        )
    op.create_index("ix_events_dates", "events", ["date_start", "date_end", "event_type"])
    op.create_index(
        "ix_events_map", "events", ["latitude", "longitude", "event_type", "location", "event_id"]
    )
    op.execute("UPDATE schema_info SET version = 3")


def downgrade() -> None:
    op.execute("UPDATE schema_info SET version = 2")
    op.drop_index("ix_events_map", table_name="events")
    op.drop_index("ix_events_dates", table_name="events")
    for name in _LOWERED:
        op.drop_index(f"ix_events_{name}_lower", table_name="events")

"""Incidents: reports of one incident from different articles, merged; every event in one;
schema_info version 5.

The tables start empty: ``sitrep db upgrade`` merges the events already stored once the
revisions have run (and any ingest merges events that are in no incident yet).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incidents",
        sa.Column("incident_id", sa.String(length=64), nullable=False),
        sa.Column("event_type", sa.Text(), nullable=False),
        sa.Column("sub_event_type", sa.Text(), nullable=False),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("country_code", sa.String(length=2), nullable=True),
        sa.Column("admin1", sa.Text(), nullable=True),
        sa.Column("location", sa.Text(), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("fatalities_min", sa.Integer(), nullable=True),
        sa.Column("fatalities_max", sa.Integer(), nullable=True),
        sa.Column("verification", sa.String(length=16), nullable=False),
        sa.Column("contradictions", sa.JSON(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("incident_id"),
    )
    for column in ("event_type", "date_start", "country_code"):
        op.create_index(f"ix_incidents_{column}", "incidents", [column])
    op.create_table(
        "incident_events",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("incident_id", sa.String(length=64), nullable=False),
        sa.Column("article_id", sa.String(length=64), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("claimant", sa.Text(), nullable=True),
        sa.Column("stance", sa.String(length=16), nullable=True),
        sa.Column("fatalities", sa.Integer(), nullable=True),
        sa.Column("verification", sa.String(length=16), nullable=False),
        sa.Column("background", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.event_id"]),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.incident_id"]),
        sa.PrimaryKeyConstraint("event_id"),
    )
    op.create_index("ix_incident_events_incident_id", "incident_events", ["incident_id"])
    op.execute("UPDATE schema_info SET version = 5")


def downgrade() -> None:
    op.execute("UPDATE schema_info SET version = 4")
    op.drop_index("ix_incident_events_incident_id", table_name="incident_events")
    op.drop_table("incident_events")
    for column in ("event_type", "date_start", "country_code"):
        op.drop_index(f"ix_incidents_{column}", table_name="incidents")
    op.drop_table("incidents")

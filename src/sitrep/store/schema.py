"""Table definitions (SQLAlchemy Core), portable across SQLite and PostgreSQL.

These describe the schema at the newest migration (``migrations/versions``); a change
here needs a new revision (docs/development.md), and a test compares the two.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)

metadata = MetaData()

# sitrep 0.1 refuses to write to a database whose version here is above 1.
schema_info = Table(
    "schema_info",
    metadata,
    Column("version", Integer, primary_key=True),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("published", Date, nullable=False, index=True),
    Column("title", Text),
    Column("source", Text),
    Column("url", Text),
    Column("origin", Text),
    Column("text", Text, nullable=False),
    Column("ingested_at", DateTime, nullable=False),
)

places = Table(
    "places",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("geonameid", Integer, unique=True),
    Column("name", Text, nullable=False),
    Column("latitude", Float, nullable=False),
    Column("longitude", Float, nullable=False),
    Column("country_code", String(2)),
    Column("country", Text),
    Column("admin1", Text),
    Column("admin2", Text),
    Column("feature_class", String(1)),
    Column("feature_code", String(10)),
)

actors = Table(
    "actors",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False, unique=True),
)

actor_aliases = Table(
    "actor_aliases",
    metadata,
    Column("actor_id", Integer, ForeignKey("actors.id"), nullable=False),
    Column("alias", Text, nullable=False),
    UniqueConstraint("actor_id", "alias"),
)

events = Table(
    "events",
    metadata,
    Column("event_id", String(64), primary_key=True),
    Column("article_id", String(64), ForeignKey("articles.id"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("event_type", Text, nullable=False, index=True),
    Column("sub_event_type", Text, nullable=False),
    Column("plover_type", Text),
    Column("cameo_code", Text),
    Column("date_start", Date, index=True),
    Column("date_end", Date),
    Column("time_precision", Integer),
    Column("place_id", Integer, ForeignKey("places.id")),
    Column("country", Text),
    Column("country_code", String(2), index=True),
    Column("admin1", Text),
    Column("admin2", Text),
    Column("location", Text),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("geo_precision", Integer),
    Column("geonameid", Integer),
    Column("actor1", Text),
    Column("actor2", Text),
    Column("assoc_actors", JSON, nullable=False),
    Column("fatalities", Integer),
    Column("verification", Text, nullable=False),
    Column("background", Boolean, nullable=False, default=False),
    Column("sentence", Text, nullable=False),
)

# Indexes for reading events back at scale (the API, the web page): filters compare
# lower-cased values, in date order; date ranges, the timeline (by date and type) and the
# map (by point) read covering indexes, never the wide event rows.
for _name in ("country", "country_code", "event_type", "sub_event_type"):
    Index(
        f"ix_events_{_name}_lower",
        func.lower(events.c[_name]),
        events.c.date_start,
        events.c.date_end,
    )
Index("ix_events_dates", events.c.date_start, events.c.date_end, events.c.event_type)
Index(
    "ix_events_map",
    events.c.latitude,
    events.c.longitude,
    events.c.event_type,
    events.c.location,
    events.c.event_id,
)

event_actors = Table(
    "event_actors",
    metadata,
    Column("event_id", String(64), ForeignKey("events.event_id"), nullable=False, index=True),
    Column("actor_id", Integer, ForeignKey("actors.id"), nullable=False, index=True),
    Column("role", String(16), nullable=False),
    UniqueConstraint("event_id", "actor_id", "role"),
)

claims = Table(
    "claims",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(64), ForeignKey("events.event_id"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("claimant", Text),
    Column("stance", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("toll", Integer),  # revision 0006
)

evidence = Table(
    "evidence",
    metadata,
    Column("event_id", String(64), ForeignKey("events.event_id"), nullable=False, index=True),
    Column("field", String(32), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    UniqueConstraint("event_id", "field"),
)

# Articles a stage failed on (revision 0002): kept with the reason, retried by the next
# ingest of the same input, removed once stored.
failed_articles = Table(
    "failed_articles",
    metadata,
    Column("article_id", String(64), primary_key=True),
    Column("published", Date),
    Column("title", Text),
    Column("source", Text),
    Column("url", Text),
    Column("origin", Text),
    Column("text", Text, nullable=False),
    Column("stage", String(32), nullable=False),
    Column("reason", Text, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("failed_at", DateTime, nullable=False),
)

# Incidents (revision 0005): reports of one real incident from different articles,
# merged by ingest (sitrep.incidents). Every event belongs to exactly one incident.
incidents = Table(
    "incidents",
    metadata,
    Column("incident_id", String(64), primary_key=True),
    Column("event_type", Text, nullable=False, index=True),
    Column("sub_event_type", Text, nullable=False),
    Column("date_start", Date, index=True),
    Column("date_end", Date),
    Column("country_code", String(2), index=True),
    Column("admin1", Text),
    Column("location", Text),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("fatalities_min", Integer),
    Column("fatalities_max", Integer),
    Column("verification", String(16), nullable=False),
    Column("contradictions", JSON, nullable=False),
    Column("size", Integer, nullable=False),
)

# One row per event: its incident, and the report as the incident keeps it.
incident_events = Table(
    "incident_events",
    metadata,
    Column("event_id", String(64), ForeignKey("events.event_id"), primary_key=True),
    Column(
        "incident_id",
        String(64),
        ForeignKey("incidents.incident_id"),
        nullable=False,
        index=True,
    ),
    Column("article_id", String(64), nullable=False),
    Column("source", Text),
    Column("published", Date),
    Column("claimant", Text),
    Column("stance", String(16)),
    Column("fatalities", Integer),
    Column("verification", String(16), nullable=False),
    Column("background", Boolean, nullable=False),
)

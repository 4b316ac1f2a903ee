"""Stored rows read back as records, shared by the event and incident readers."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, select

from sitrep.records import Claim
from sitrep.store import schema

_CHUNK = 500


def claims_by_event(conn: Connection, ids: Sequence[str]) -> dict[str, list[Claim]]:
    """The claims of each of the events ``ids`` (those with any), in their order."""
    table = schema.claims
    out: dict[str, list[Claim]] = {}
    for i in range(0, len(ids), _CHUNK):
        rows = conn.execute(
            select(table)
            .where(table.c.event_id.in_(ids[i : i + _CHUNK]))
            .order_by(table.c.position)
        ).mappings()
        for row in rows:
            claim = Claim(**{name: row[name] for name in Claim.model_fields})
            out.setdefault(row["event_id"], []).append(claim)
    return out

"""Write incidents as JSON lines, CSV, GeoJSON or a table for reading in a terminal."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from sitrep import formats
from sitrep.records import Incident

FORMATS = formats.FORMATS

# The contract's fields; lists are joined with "; ", contradictions are JSON.
CSV_COLUMNS = [
    "incident_id",
    "event_ids",
    "article_ids",
    "sources",
    "event_type",
    "sub_event_type",
    "date_start",
    "date_end",
    "country_code",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "fatalities_min",
    "fatalities_max",
    "verification",
    "contradictions",
    "reports",
]


def incident_json(incident: Incident) -> dict:
    """The ``incidents`` contract's JSON object for one incident (with its ``reports``)."""
    return incident.model_dump(mode="json")


def write(incidents: Iterable[Incident], out: TextIO, *, fmt: str) -> int:
    """Write ``incidents`` to ``out`` in ``fmt`` (one of ``FORMATS``); return the count."""
    return formats.write(incidents, out, fmt=fmt, layout=LAYOUT)


def csv_row(incident: Incident) -> dict[str, object]:
    """One CSV row: the contract's fields, lists joined, contradictions as JSON, and the
    number of reports."""
    data = incident_json(incident)
    row: dict[str, object] = {name: data.get(name) for name in CSV_COLUMNS}
    for name in ("event_ids", "article_ids", "sources"):
        row[name] = "; ".join(data[name])
    row["contradictions"] = json.dumps(data["contradictions"], ensure_ascii=False)
    row["reports"] = len(incident.reports)
    return row


_TABLE_COLUMNS = [
    ("reports", 7),
    ("dates", 22),
    ("event type", 26),
    ("location", 24),
    ("dead", 7),
    ("verification", 12),
    ("sources", 30),
    ("contradictions", 22),
]


def _table_cells(incident: Incident) -> list[str]:
    return [
        str(len(incident.reports)),
        _dates(incident),
        incident.sub_event_type,
        ", ".join(p for p in (incident.location, incident.country_code) if p),
        _dead(incident),
        incident.verification,
        ", ".join(incident.sources),
        ", ".join(c.field for c in incident.contradictions),
    ]


def _dates(incident: Incident) -> str:
    start, end = incident.date_start, incident.date_end
    if start is None:
        return ""
    return str(start) if end in (None, start) else f"{start}..{end}"


def _dead(incident: Incident) -> str:
    low, high = incident.fatalities_min, incident.fatalities_max
    if low is None:
        return ""
    return str(low) if low == high else f"{low}-{high}"


LAYOUT = formats.Layout(
    as_json=incident_json,
    csv_columns=CSV_COLUMNS,
    as_csv_row=csv_row,
    table_columns=_TABLE_COLUMNS,
    as_table_cells=_table_cells,
)

"""Write incidents as JSON lines, CSV, GeoJSON or a table for reading in a terminal."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import TextIO

from sitrep.records import Incident

FORMATS = ("jsonl", "csv", "geojson", "table")

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
    writers = {
        "jsonl": _write_jsonl,
        "csv": _write_csv,
        "geojson": _write_geojson,
        "table": _write_table,
    }
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return writers[fmt](incidents, out)


def _write_jsonl(incidents: Iterable[Incident], out: TextIO) -> int:
    count = 0
    for incident in incidents:
        out.write(json.dumps(incident_json(incident), ensure_ascii=False) + "\n")
        count += 1
    return count


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


def _write_csv(incidents: Iterable[Incident], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for incident in incidents:
        writer.writerow(csv_row(incident))
        count += 1
    return count


def _write_geojson(incidents: Iterable[Incident], out: TextIO) -> int:
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [i.longitude, i.latitude]},
            "properties": incident_json(i),
        }
        for i in incidents
        if i.latitude is not None and i.longitude is not None
    ]
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    out.write("\n")
    return len(features)


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


def _write_table(incidents: Iterable[Incident], out: TextIO) -> int:
    """A fixed-width summary: one line per incident."""
    out.write("  ".join(name.ljust(width) for name, width in _TABLE_COLUMNS).rstrip() + "\n")
    count = 0
    for incident in incidents:
        cells = [
            str(len(incident.reports)),
            _dates(incident),
            incident.sub_event_type,
            ", ".join(p for p in (incident.location, incident.country_code) if p),
            _dead(incident),
            incident.verification,
            ", ".join(incident.sources),
            ", ".join(c.field for c in incident.contradictions),
        ]
        out.write(
            "  ".join(
                _fit(cell, width) for cell, (_, width) in zip(cells, _TABLE_COLUMNS, strict=True)
            ).rstrip()
            + "\n"
        )
        count += 1
    return count


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


def _fit(text: str, width: int) -> str:
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"

"""Write events as JSON lines, ACLED-style CSV, GeoJSON or a table for reading in a terminal."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from sitrep import formats
from sitrep.records import Event

FORMATS = formats.FORMATS

# ACLED's column names first, then sitrep's own fields that ACLED has no column for.
CSV_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "country",
    "iso",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "notes",
    "fatalities",
    "event_date_end",
    "plover_type",
    "cameo_code",
    "verification",
    "background",
    "claims",
    "article_id",
]


def event_json(event: Event) -> dict:
    """The ``extract`` contract's JSON object for one event."""
    return event.model_dump(mode="json")


def write(events: Iterable[Event], out: TextIO, *, fmt: str) -> int:
    """Write ``events`` to ``out`` in ``fmt`` (one of ``FORMATS``); return the count."""
    return formats.write(events, out, fmt=fmt, layout=LAYOUT)


def acled_row(event: Event) -> dict[str, object]:
    """One CSV row with ACLED's column names."""
    return {
        "event_id_cnty": event.event_id,
        "event_date": event.date_start.isoformat() if event.date_start else "",
        "year": event.date_start.year if event.date_start else "",
        "time_precision": event.time_precision,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1,
        "assoc_actor_1": "; ".join(event.assoc_actors),
        "actor2": event.actor2,
        "assoc_actor_2": "",
        "country": event.country,
        "iso": event.country_code,
        "admin1": event.admin1,
        "admin2": event.admin2,
        "location": event.location,
        "latitude": event.latitude,
        "longitude": event.longitude,
        "geo_precision": event.geo_precision,
        "notes": event.sentence,
        "fatalities": event.fatalities,
        "event_date_end": event.date_end.isoformat() if event.date_end else "",
        "plover_type": event.plover_type,
        "cameo_code": event.cameo_code,
        "verification": event.verification,
        "background": event.background,
        "claims": "; ".join(f"{c.claimant or 'unnamed'} ({c.stance})" for c in event.claims),
        "article_id": event.article_id,
    }


_TABLE_COLUMNS = [
    ("date", 10),
    ("event type", 26),
    ("location", 22),
    ("actor1", 26),
    ("actor2", 22),
    ("dead", 4),
    ("verification", 12),
]


def _table_cells(event: Event) -> list[str]:
    return [
        str(event.date_start or ""),
        event.sub_event_type,
        ", ".join(dict.fromkeys(p for p in (event.location, event.country) if p)),
        event.actor1 or "",
        event.actor2 or "",
        "" if event.fatalities is None else str(event.fatalities),
        event.verification,
    ]


LAYOUT = formats.Layout(
    as_json=event_json,
    csv_columns=CSV_COLUMNS,
    as_csv_row=acled_row,
    table_columns=_TABLE_COLUMNS,
    as_table_cells=_table_cells,
)

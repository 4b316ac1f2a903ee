"""The output formats events and incidents share: JSON lines, CSV, GeoJSON and a
fixed-width table for a terminal, each told by a :class:`Layout` how to render one record."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, Protocol, TextIO, TypeVar

FORMATS = ("jsonl", "csv", "geojson", "table")


class Located(Protocol):
    """A record with a point (either may be missing)."""

    @property
    def latitude(self) -> float | None: ...

    @property
    def longitude(self) -> float | None: ...


Record = TypeVar("Record", bound=Located)


@dataclass(frozen=True)
class Layout(Generic[Record]):
    """How one kind of record is written: its JSON object, its CSV columns and row, its
    table columns (name, width) and cells."""

    as_json: Callable[[Record], dict]
    csv_columns: list[str]
    as_csv_row: Callable[[Record], dict[str, object]]
    table_columns: list[tuple[str, int]]
    as_table_cells: Callable[[Record], list[str]]


def write(records: Iterable[Record], out: TextIO, *, fmt: str, layout: Layout[Record]) -> int:
    """Write ``records`` to ``out`` in ``fmt`` (one of ``FORMATS``); return the count."""
    writers = {"jsonl": _write_jsonl, "csv": _write_csv, "geojson": _write_geojson,
               "table": _write_table}  # fmt: skip
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return writers[fmt](records, out, layout)


def _write_jsonl(records: Iterable[Record], out: TextIO, layout: Layout[Record]) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(layout.as_json(record), ensure_ascii=False) + "\n")
        count += 1
    return count


def _write_csv(records: Iterable[Record], out: TextIO, layout: Layout[Record]) -> int:
    writer = csv.DictWriter(out, fieldnames=layout.csv_columns, lineterminator="\n")
    writer.writeheader()
    count = 0
    for record in records:
        writer.writerow(layout.as_csv_row(record))
        count += 1
    return count


def _write_geojson(records: Iterable[Record], out: TextIO, layout: Layout[Record]) -> int:
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [r.longitude, r.latitude]},
            "properties": layout.as_json(r),
        }
        for r in records
        if r.latitude is not None and r.longitude is not None
    ]
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    out.write("\n")
    return len(features)


def _write_table(records: Iterable[Record], out: TextIO, layout: Layout[Record]) -> int:
    """One line per record, each cell cut to its column's width."""
    columns = layout.table_columns
    out.write("  ".join(name.ljust(width) for name, width in columns).rstrip() + "\n")
    count = 0
    for record in records:
        cells = layout.as_table_cells(record)
        line = "  ".join(_fit(cell, width) for cell, (_, width) in zip(cells, columns, strict=True))
        out.write(line.rstrip() + "\n")
        count += 1
    return count


def _fit(text: str, width: int) -> str:
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"

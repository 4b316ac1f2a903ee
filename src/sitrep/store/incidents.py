"""Incidents in the store: stored events merged across articles, kept up to date by ingest.

- :func:`merge_unmerged` runs inside ingest's write transaction: every event not yet in an
  incident (new events, or events stored before revision ``0005``) is merged
  into the stored incidents with :func:`sitrep.incidents.update`. Only the stored reports
  that could share a link component with them are read: of the same country (reports are
  never linked across countries), without a country, or sharing a place name with one of
  those, and dated within reach. The result equals a full merge of every stored event,
  whatever order the articles came in; running it again changes nothing. A new report
  without a death toll takes the one its claims state (:mod:`sitrep.incidents.tolls`);
  the incident keeps that figure, so it is worked out once.
- :func:`read_incidents` reads incidents back, filtered like events and sorted;
  :func:`count_incidents` counts them, :func:`incident_by_id` reads one.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, delete, func, insert, or_, select

from sitrep import incidents as merging
from sitrep.incidents.clustering import components, links
from sitrep.incidents.compatibility import DEFAULT_RULES, date_window, place_key
from sitrep.incidents.tolls import with_claimed_toll
from sitrep.records import Contradiction, Incident, IncidentReport, Report
from sitrep.store import schema
from sitrep.store.filters import IncidentFilter, actor_condition
from sitrep.store.rows import claims_by_event

logger = logging.getLogger(__name__)

_CHUNK = 500
_RULES = DEFAULT_RULES  # the rules ingest merges with (those of incidents.update)
_REPORT_COLUMNS = [c for c in schema.events.columns if c.name in Report.model_fields]


def merge_unmerged(conn: Connection) -> int:
    """Merge every stored event that is in no incident yet; return how many there were."""
    _one_merge_at_a_time(conn)
    new = _new_reports(conn)
    if not new:
        return 0
    known = _related(conn, new)
    stored = _incidents_of(conn, [r.event_id for r in known])
    change = merging.update(known, stored, new)
    _write(conn, change)
    logger.info(
        "merged %d new event(s): %d incident(s) written, %d retired",
        len(new),
        len(change.incidents),
        len(change.retired),
    )
    return len(new)


# The PostgreSQL advisory lock every writer takes to merge (any number, the same for all).
_MERGE_LOCK = 7_497_325_043


def _one_merge_at_a_time(conn: Connection) -> None:
    """On PostgreSQL, wait until no other transaction is merging: a lock held to the end of
    this transaction, after which its statements see the other writers' committed events
    and incidents (read committed), so concurrent ingests neither duplicate nor lose an
    incident. SQLite writers already run one at a time (``BEGIN IMMEDIATE``)."""
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(_MERGE_LOCK)))


INCIDENT_SORT_KEYS = {
    "date": schema.incidents.c.date_start,
    "reports": schema.incidents.c.size,
    "event_type": schema.incidents.c.event_type,
    "sub_event_type": schema.incidents.c.sub_event_type,
    "country": schema.incidents.c.country_code,
    "location": schema.incidents.c.location,
    "fatalities": schema.incidents.c.fatalities_max,
    "verification": schema.incidents.c.verification,
}


def read_incidents(conn: Connection, where: IncidentFilter | None = None) -> list[Incident]:
    """Stored incidents matching ``where``, by date (oldest first unless asked), then id;
    ``where.sort`` (a key of ``INCIDENT_SORT_KEYS``, ``-`` in front for descending) orders
    by that first."""
    where = where or IncidentFilter()
    table = schema.incidents
    key = (where.sort or "date").removeprefix("-")
    if key not in INCIDENT_SORT_KEYS:
        raise ValueError(f"unknown sort key {key!r}; choose one of {', '.join(INCIDENT_SORT_KEYS)}")
    descending = where.sort.startswith("-") if where.sort else where.newest_first
    by_date = table.c.date_start.desc() if where.newest_first else table.c.date_start
    column = INCIDENT_SORT_KEYS[key]
    order = [column.desc() if descending else column]
    if key != "date":
        order.append(by_date)
    if where.most_reported_first:
        order.insert(0, table.c.size.desc())
    query = select(table.c.incident_id).where(*_conditions(where))
    query = query.order_by(*order, table.c.incident_id)
    if where.limit:
        query = query.limit(where.limit)
    if where.offset:
        query = query.offset(where.offset)
    ids = list(conn.execute(query).scalars())
    found = {i.incident_id: i for i in _load(conn, ids)}
    return [found[i] for i in ids]


def count_incidents(conn: Connection, where: IncidentFilter | None = None) -> int:
    """How many stored incidents match ``where`` (its limit and offset aside)."""
    query = select(func.count()).select_from(schema.incidents)
    return conn.execute(query.where(*_conditions(where or IncidentFilter()))).scalar_one()


def incident_by_id(conn: Connection, incident_id: str) -> Incident | None:
    """One stored incident with its reports, or None."""
    found = _load(conn, [incident_id])
    return found[0] if found else None


def incident_of_event(conn: Connection, event_id: str) -> str | None:
    """The id of the incident an event belongs to, or None for an unknown event."""
    members = schema.incident_events
    query = select(members.c.incident_id).where(members.c.event_id == event_id)
    return conn.execute(query).scalar()


def _conditions(where: IncidentFilter) -> list[ColumnElement[bool]]:
    """The criteria of ``where`` on the incidents table."""
    table = schema.incidents
    members = schema.incident_events
    ev = schema.events
    conditions: list[ColumnElement[bool]] = []
    if where.min_reports > 1:
        conditions.append(table.c.size >= where.min_reports)
    if where.country:
        wanted = where.country.lower()
        in_country = (
            select(members.c.incident_id)
            .join(ev, ev.c.event_id == members.c.event_id)
            .where(or_(func.lower(ev.c.country) == wanted, func.lower(ev.c.country_code) == wanted))
        )
        conditions.append(table.c.incident_id.in_(in_country))
    if where.admin1:
        conditions.append(func.lower(table.c.admin1) == where.admin1.lower())
    if where.event_type:
        wanted = where.event_type.lower()
        conditions.append(
            or_(
                func.lower(table.c.event_type) == wanted,
                func.lower(table.c.sub_event_type) == wanted,
            )
        )
    if where.actor:
        conditions.append(
            table.c.incident_id.in_(
                select(members.c.incident_id).where(
                    members.c.event_id.in_(
                        select(ev.c.event_id).where(actor_condition(where.actor, alone=True))
                    )
                )
            )
        )
    if where.verification:
        conditions.append(func.lower(table.c.verification) == where.verification.lower())
    if where.bbox:
        west, south, east, north = where.bbox
        conditions += [
            table.c.latitude.between(south, north),
            table.c.longitude.between(west, east),
        ]
    if where.date_from:
        conditions.append(func.coalesce(table.c.date_end, table.c.date_start) >= where.date_from)
    if where.date_to:
        conditions.append(table.c.date_start <= where.date_to)
    return conditions


def _new_reports(conn: Connection) -> list[Report]:
    """Reports of the stored events in no incident yet: the event, its article's outlet and
    date, and its first claim's claimant and stance; or, when the event gives no death
    toll, the toll one of its claims states with that claim's claimant and stance."""
    ev, art, claims = schema.events, schema.articles, schema.claims
    first_claim = (
        select(claims.c.event_id, claims.c.claimant, claims.c.stance)
        .where(claims.c.position == 0)
        .subquery()
    )
    query = (
        select(
            *_REPORT_COLUMNS,
            art.c.source,
            art.c.published,
            first_claim.c.claimant,
            first_claim.c.stance,
        )
        .join(art, art.c.id == ev.c.article_id)
        .outerjoin(first_claim, first_claim.c.event_id == ev.c.event_id)
        .where(~ev.c.event_id.in_(select(schema.incident_events.c.event_id)))
    )
    reports = [Report(**row) for row in conn.execute(query).mappings()]
    stated = claims_by_event(conn, [r.event_id for r in reports if r.fatalities is None])
    return [with_claimed_toll(r, stated.get(r.event_id, [])) for r in reports]


def _merged_reports(conn: Connection, condition: Any) -> list[Report]:
    """Reports of the merged events meeting ``condition``, with the figure, claimant and
    stance their incident keeps (decided when each report was new)."""
    ev, art, members = schema.events, schema.articles, schema.incident_events
    columns = [c for c in _REPORT_COLUMNS if c.name != "fatalities"]
    query = (
        select(
            *columns,
            art.c.source,
            art.c.published,
            members.c.fatalities,
            members.c.claimant,
            members.c.stance,
        )
        .join(art, art.c.id == ev.c.article_id)
        .join(members, members.c.event_id == ev.c.event_id)
        .where(condition)
    )
    return [Report(**row) for row in conn.execute(query).mappings()]


def _related(conn: Connection, new: Sequence[Report]) -> list[Report]:
    """The merged reports that may share a link component with ``new``.

    Reports are linked only within one country or by the same place name, and only when
    their date windows overlap; so this reads the reports of those countries (and those
    without one) whose dates reach the span of the components new reports are in, and
    widens countries and span until the components stop growing."""
    ev = schema.events
    countries = {r.country_code for r in new if r.country_code}
    span = _span(new)
    found: dict[str, Report] = {}
    while span is not None:
        first, last = span
        condition = and_(
            or_(ev.c.country_code.is_(None), ev.c.country_code.in_(sorted(countries))),
            ev.c.date_start <= last + dt.timedelta(days=_RULES.slack_days + _RULES.reported_days),
            func.coalesce(ev.c.date_end, ev.c.date_start)
            >= first - dt.timedelta(days=_RULES.slack_days),
        )
        for report in _merged_reports(conn, condition):
            found[report.event_id] = report
        more = _countries_named(conn, [*new, *found.values()], countries)
        grown = _span(_touched(new, list(found.values())))
        inside = grown is None or (first <= grown[0] and grown[1] <= last)
        if not more and inside:
            break
        countries |= more
        if grown is not None:
            span = min(first, grown[0]), max(last, grown[1])
    return sorted(found.values(), key=lambda r: r.event_id)


def _span(reports: Iterable[Report]) -> tuple[dt.date, dt.date] | None:
    """The first and last day the reports' date windows reach (None when none is dated)."""
    windows = [w for w in (date_window(r, rules=_RULES) for r in reports) if w is not None]
    if not windows:
        return None
    return min(w[0] for w in windows), max(w[1] for w in windows)


def _touched(new: Sequence[Report], known: Sequence[Report]) -> list[Report]:
    """The reports in the link components that new reports are in."""
    everything = [*known, *new]
    fresh = {r.event_id for r in new}
    linked = links(everything, rules=_RULES)
    return [
        everything[i]
        for component in components(len(everything), linked)
        if any(everything[i].event_id in fresh for i in component)
        for i in component
    ]


def _countries_named(conn: Connection, reports: Sequence[Report], countries: set[str]) -> set[str]:
    """Countries outside ``countries`` with a place named like a report without a country
    (such reports link by place name)."""
    names = {place_key(r.location) for r in reports if r.country_code is None and r.location}
    if not names:
        return set()
    ev = schema.events
    elsewhere = select(ev.c.country_code, ev.c.location).where(
        ev.c.country_code.is_not(None),
        ev.c.country_code.not_in(sorted(countries)),
        ev.c.location.is_not(None),
    )
    return {c for c, name in conn.execute(elsewhere) if place_key(name) in names}


def _incidents_of(conn: Connection, event_ids: Sequence[str]) -> list[Incident]:
    members = schema.incident_events
    ids: set[str] = set()
    for chunk in _chunks(event_ids):
        rows = conn.execute(select(members.c.incident_id).where(members.c.event_id.in_(chunk)))
        ids.update(rows.scalars())
    return _load(conn, sorted(ids))


def _load(conn: Connection, ids: Sequence[str]) -> list[Incident]:
    """The incidents with these ids (any order), with their reports."""
    table, members = schema.incidents, schema.incident_events
    reports: dict[str, list[IncidentReport]] = {}
    rows: list[Any] = []
    for chunk in _chunks(ids):
        rows += conn.execute(select(table).where(table.c.incident_id.in_(chunk))).mappings().all()
        for member in conn.execute(
            select(members).where(members.c.incident_id.in_(chunk)).order_by(members.c.event_id)
        ).mappings():
            values = {k: v for k, v in member.items() if k != "incident_id"}
            reports.setdefault(member["incident_id"], []).append(IncidentReport(**values))
    return [_incident(row, reports.get(row["incident_id"], [])) for row in rows]


def _incident(row: Any, reports: list[IncidentReport]) -> Incident:
    values = {k: v for k, v in row.items() if k not in {"size", "contradictions"}}
    return Incident(
        **values,
        contradictions=[Contradiction.model_validate(c) for c in row["contradictions"]],
        event_ids=sorted(r.event_id for r in reports),
        article_ids=sorted({r.article_id for r in reports}),
        sources=sorted({r.source for r in reports if r.source}),
        reports=sorted(reports, key=lambda r: (r.published or dt.date.max, r.event_id)),
    )


def _write(conn: Connection, change: merging.Update) -> None:
    """Replace the changed incidents and delete the retired ones."""
    table, members = schema.incidents, schema.incident_events
    replaced = [*change.retired, *(i.incident_id for i in change.incidents)]
    event_ids = [e for i in change.incidents for e in i.event_ids]
    for chunk in _chunks(event_ids):
        conn.execute(delete(members).where(members.c.event_id.in_(chunk)))
    for chunk in _chunks(replaced):
        conn.execute(delete(members).where(members.c.incident_id.in_(chunk)))
        conn.execute(delete(table).where(table.c.incident_id.in_(chunk)))
    if not change.incidents:
        return
    conn.execute(insert(table), [_incident_row(i) for i in change.incidents])
    conn.execute(
        insert(members),
        [
            {"incident_id": i.incident_id, **r.model_dump()}
            for i in change.incidents
            for r in i.reports
        ],
    )


def _incident_row(incident: Incident) -> dict[str, Any]:
    row = incident.model_dump(exclude={"event_ids", "article_ids", "sources", "reports"})
    row["contradictions"] = [c.model_dump(mode="json") for c in incident.contradictions]
    row["size"] = len(incident.reports)
    return row


def _chunks(items: Iterable[str]) -> Iterable[list[str]]:
    items = list(items)
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]

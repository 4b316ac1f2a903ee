"""One incident record from its reports: merged fields, fatality range, contradictions,
verification and a stable id.

- **Type**: the sub-event type most reports give (ties: the most exactly placed report's).
- **Dates**: the days every exactly dated report agrees on; if they disagree, the span of
  them; reports without an exact date only when no report has one.
- **Place**: the most exactly placed report's (town before district, province, country).
- **Fatalities**: the lowest and highest figure any report gives.
- **Contradictions**: fatality figures, attackers (``actor1``), named towns more than the
  merge distance apart, and exact dates that differ; each with every report's value,
  event, outlet and claimant.
- **Verification**, the first that applies: ``contested`` when a report is contested,
  the reports name different attackers, or reports published on the same day give
  different tolls (later higher tolls are updates, not disputes); ``corroborated`` when
  two or more outlets report it outside background mentions; ``unverified`` when a report
  says it could not be verified; ``claimed`` when every report rests on a combatant's
  claim; else ``reported``.
- **Id**: a hash of the first report's event id (earliest publication, then smallest id),
  so re-running or adding later reports keeps it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Literal

from sitrep.incidents.compatibility import (
    DEFAULT_RULES,
    PlaceLevel,
    Rules,
    distance_km,
    place_level,
)
from sitrep.records import Contradiction, ContradictionValue, Incident, IncidentReport, Report

Field = Literal["fatalities", "actor1", "location", "date"]
Verification = Literal["corroborated", "contested", "claimed", "unverified", "reported"]


def summarise(reports: Sequence[Report], *, rules: Rules = DEFAULT_RULES) -> Incident:
    """The incident the reports describe (at least one report)."""
    if not reports:
        raise ValueError("an incident needs at least one report")
    by_place = sorted(reports, key=lambda r: (place_level(r), r.geo_precision or 3, r.event_id))
    sub_counts = Counter(r.sub_event_type for r in reports)
    top = max(sub_counts.values())
    typed = next(r for r in by_place if sub_counts[r.sub_event_type] == top)
    placed = by_place[0]
    start, end = _dates(reports)
    figures = [r.fatalities for r in reports if r.fatalities is not None]
    contradictions = _contradictions(reports, rules=rules)
    return Incident(
        incident_id=incident_id(reports),
        event_ids=sorted(r.event_id for r in reports),
        article_ids=sorted({r.article_id for r in reports}),
        sources=sorted({r.source for r in reports if r.source}),
        event_type=typed.event_type,
        sub_event_type=typed.sub_event_type,
        date_start=start,
        date_end=end,
        country_code=placed.country_code,
        admin1=placed.admin1,
        location=placed.location,
        latitude=placed.latitude,
        longitude=placed.longitude,
        fatalities_min=min(figures) if figures else None,
        fatalities_max=max(figures) if figures else None,
        verification=_verification(reports, contradictions),
        contradictions=contradictions,
        reports=[
            IncidentReport(
                event_id=r.event_id,
                article_id=r.article_id,
                source=r.source,
                published=r.published,
                claimant=r.claimant,
                stance=r.stance,
                fatalities=r.fatalities,
                verification=r.verification,
                background=r.background,
            )
            for r in sorted(reports, key=_first_key)
        ],
    )


def incident_id(reports: Sequence[Report]) -> str:
    """A stable id: a hash of the first report's event id."""
    first = min(reports, key=_first_key)
    return hashlib.sha1(f"incident:{first.event_id}".encode()).hexdigest()[:16]


def _first_key(report: Report) -> tuple[dt.date, str]:
    return report.published or dt.date.max, report.event_id


def _dates(reports: Sequence[Report]) -> tuple[dt.date | None, dt.date | None]:
    dated = [r for r in reports if r.date_start is not None]
    exact = [r for r in dated if (r.time_precision or 1) == 1] or dated
    if not exact:
        return None, None
    starts = [r.date_start for r in exact if r.date_start is not None]
    ends = [r.date_end or r.date_start for r in exact if (r.date_end or r.date_start) is not None]
    latest_start, earliest_end = max(starts), min(e for e in ends if e is not None)
    if latest_start <= earliest_end:
        return latest_start, earliest_end
    return min(starts), max(e for e in ends if e is not None)


def _contradictions(reports: Sequence[Report], *, rules: Rules) -> list[Contradiction]:
    found = []
    checks: list[tuple[Field, Callable[[Report], str | int | None]]] = [
        ("fatalities", lambda r: r.fatalities),
        ("actor1", lambda r: r.actor1),
        ("location", lambda r: r.location if place_level(r) == PlaceLevel.POINT else None),
        (
            "date",
            lambda r: r.date_start.isoformat() if r.date_start and r.time_precision == 1 else None,
        ),
    ]
    for field, value_of in checks:
        given = [(r, v) for r in sorted(reports, key=_first_key) if (v := value_of(r)) is not None]
        if len({v for _, v in given}) < 2:
            continue
        if field == "location" and _all_near([r for r, _ in given], rules=rules):
            continue
        found.append(
            Contradiction(
                field=field,
                values=[
                    ContradictionValue(
                        value=v, event_id=r.event_id, source=r.source, claimant=r.claimant
                    )
                    for r, v in given
                ],
            )
        )
    return found


def _all_near(reports: list[Report], *, rules: Rules) -> bool:
    """Whether every two of the reports' places are within the merge distance."""
    return all((distance_km(a, b) or 0.0) <= rules.same_place_km for a in reports for b in reports)


def _verification(reports: Sequence[Report], contradictions: list[Contradiction]) -> Verification:
    disputed = {c.field for c in contradictions}
    same_day_tolls = Counter(
        (r.published, r.fatalities) for r in reports if r.fatalities is not None
    )
    days = Counter(published for published, _ in same_day_tolls)
    if (
        any(r.verification == "contested" for r in reports)
        or "actor1" in disputed
        or any(count > 1 for count in days.values())
    ):
        return "contested"
    outlets = {r.source.casefold() for r in reports if r.source and not r.background}
    if len(outlets) >= 2:
        return "corroborated"
    if any(r.verification == "unverified" for r in reports):
        return "unverified"
    if all(r.verification == "claimed" for r in reports):
        return "claimed"
    return "reported"

"""A report's death toll when its event gives none: the toll one of its claims states.

An event's ``fatalities`` counts the deaths its own sentences report; an article may
state the toll only inside a claim attached to the event ("the military said it killed 33
militants"). Such a report then carries the largest positive toll its claims state (as
the event stage keeps the largest of its sentences), with the claimant and stance of the
claim that states it, so the incident's fatality range and contradictions name who gives
each figure. A claim that no one died is not read as a toll of the whole incident: it
usually speaks of one part of it ("no passengers were killed during the operation").

Each claim carries the toll its text states, counted by the event stage
(:func:`sitrep.events.attribution.with_stated_tolls`), so merging parses nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sitrep.records import Claim, Event, Report


def claimed_toll(claims: Sequence[Claim]) -> tuple[int, Claim] | None:
    """The largest positive death toll the claims state, and the first claim stating it."""
    best: tuple[int, Claim] | None = None
    for claim in claims:
        if claim.toll and (best is None or claim.toll > best[0]):
            best = claim.toll, claim
    return best


def with_claimed_toll(report: Report, claims: Sequence[Claim]) -> Report:
    """``report`` with the toll its ``claims`` state when its event gives no figure."""
    if report.fatalities is not None or not claims:
        return report
    found = claimed_toll(claims)
    if found is None:
        return report
    toll, claim = found
    return report.model_copy(
        update={"fatalities": toll, "claimant": claim.claimant, "stance": claim.stance}
    )


def report_of(event: Event, *, source: str | None, published: dt.date | None) -> Report:
    """The report of ``event`` by the outlet ``source``, published on ``published``, with
    the toll its claims state when the event gives none (what the store merges)."""
    report = Report.from_event(event, source=source, published=published)
    return with_claimed_toll(report, event.claims)

"""Whether two event records can report the same incident: type, date, place and actors.

The predicates work on :class:`~sitrep.records.Event` records alone, so that merging the
events of one article (:mod:`sitrep.events.merge`) and merging reports from several
articles use the same rules. A field the text did not give (no date evidence: the date is
the report's; a place under ``location_inferred`` evidence: taken from the dateline, the
previous sentence or the article's main country) constrains less than one it did.
"""

from __future__ import annotations

import datetime as dt

from sitrep.geo.distance import distance_km
from sitrep.records import Event

INFERRED_PLACE = "location_inferred"
# A place known only at an approximate point (a village at its community's centre).
APPROXIMATE_PLACE = "location_approximate"
PLACE_EVIDENCE = ("location", INFERRED_PLACE, APPROXIMATE_PLACE)
_RECENT = dt.timedelta(days=49)
_FAMILIES = {
    "Battles": "violence",
    "Explosions/Remote violence": "violence",
    "Violence against civilians": "violence",
    "Protests": "demonstration",
    "Riots": "demonstration",
    "Strategic developments": "strategic",
}
STRATEGIC_FAMILY = "strategic"
# Generic actor names that never rule out a named one ("Unidentified Armed Group (Mali)").
_GENERIC_PREFIXES = ("unidentified", "civilians", "protesters", "rioters")


def same_incident(a: Event, b: Event, *, km: float = 50.0, slack_days: int = 1) -> bool:
    """Whether ``a`` and ``b`` may report one incident: all four predicates hold."""
    return (
        types_compatible(a, b)
        and dates_overlap(a, b, slack_days=slack_days)
        and places_compatible(a, b, km=km)
        and actors_compatible(a, b)
    )


def types_compatible(a: Event, b: Event) -> bool:
    """Same family of event types: violence (battles, explosions, violence against
    civilians) or demonstrations (protests, riots). A strategic development (arrests,
    seizures, looting) fits any family: it is part of the incident it is told with."""
    first, second = family(a.event_type), family(b.event_type)
    return first == second or STRATEGIC_FAMILY in {first, second}


def family(event_type: str) -> str | None:
    """The family of an ACLED event type: "violence", "demonstration" or "strategic"."""
    return _FAMILIES.get(event_type)


def dates_overlap(a: Event, b: Event, *, slack_days: int = 1) -> bool:
    """Whether the date ranges overlap, widened by ``slack_days``.

    An event dated only by its report (no date evidence) may have happened on any day of the
    seven weeks up to the end of its range.
    """
    if a.date_start is None or b.date_start is None:
        return True
    slack = dt.timedelta(days=slack_days)
    a_start, a_end = _range(a)
    b_start, b_end = _range(b)
    return a_start <= b_end + slack and b_start <= a_end + slack


def places_compatible(a: Event, b: Event, *, km: float = 50.0) -> bool:
    """Whether the places can be one: within ``km``, or one contains the other.

    An unplaced or inferred place (the dateline, a neighbouring sentence) fits any place; a
    region or country (precision 3) contains the places of its admin1 or country.
    """
    if not is_placed(a) or not is_placed(b):
        return True
    if a.country_code and b.country_code and a.country_code != b.country_code:
        return False
    distance = kilometres(a, b)
    if distance is not None and distance <= km:
        return True
    for vague, other in ((a, b), (b, a)):
        if vague.geo_precision == 3:
            if vague.admin1 is None or vague.admin1 == other.admin1:
                return True
    return False


def actors_compatible(a: Event, b: Event) -> bool:
    """Whether the parties can be the same: an actor1 is missing or generic, or the two
    events share a party (in either role: "X attacked Y" and "Y repelled X")."""
    first, second = a.actor1, b.actor1
    if not first or not second or is_generic(first) or is_generic(second):
        return True
    return bool({first, a.actor2} & {second, b.actor2} - {None})


def is_placed(event: Event) -> bool:
    """Whether the event's own sentence gave its place (not inferred, not missing)."""
    return "location" in event.evidence and event.latitude is not None


def is_dated(event: Event) -> bool:
    """Whether the text gave the event's date (not just the report's)."""
    return "date_start" in event.evidence


def kilometres(a: Event, b: Event) -> float | None:
    """Great-circle distance between the two events' points, or None without both."""
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return None
    return distance_km(a.latitude, a.longitude, b.latitude, b.longitude)


def _range(event: Event) -> tuple[dt.date, dt.date]:
    assert event.date_start is not None
    end = event.date_end or event.date_start
    if not is_dated(event):
        return end - _RECENT, end
    return event.date_start, end


def is_generic(name: str) -> bool:
    """Whether an actor name stands for a kind of party, not a named one."""
    return name.lower().startswith(_GENERIC_PREFIXES)

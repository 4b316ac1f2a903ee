"""Could two event reports describe the same incident? Pairwise predicates and a score.

Each predicate takes two records with the fields of :class:`sitrep.records.Event` (an
``Event`` or an incident :class:`~sitrep.records.Report`; see :class:`Reported`) and
answers one question:

- :func:`same_country`: both have a country and it is the same one (never merge across);
  a report whose place was not resolved to a country can only join a report that names
  the same place (:func:`same_place_name`);
- :func:`types_compatible`: the same ACLED event type, or two kinds of violence
  (battles, explosions, violence against civilians), or two kinds of unrest (protests,
  riots), or a listed bridge between them ("excessive force against protesters" and an
  attack);
- :func:`dates_overlap`: their date windows overlap, give or take ``slack_days``; a date
  of precision 2 or coarser (a week, "reported on") also reaches back ``reported_days``;
- :func:`places_compatible`: two named places within ``near_km`` of each other (the same
  town, or a town and its outskirts); a vaguer report (a district, a province, only the
  country) is compatible with any report inside it: the same admin2, admin1 or country.
  Two different towns further apart than ``near_km`` are two incidents, even on one day;
- :func:`actors_compatible`: they do not name different attackers with no actor in common.

:func:`compatible` is all of them together and :func:`similarity` scores a compatible pair
(0 to 1) by how closely type, place, date and actors agree, so that a merge can prefer the
closest candidate.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from enum import IntEnum
from typing import Protocol

from sitrep.geo.distance import distance_km as geo_distance_km

_VIOLENCE = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
_UNREST = {"Protests", "Riots"}
_BRIDGES = {
    "Excessive force against protesters", "Mob violence", "Violent demonstration",
    "Looting/property destruction", "Disrupted weapons use", "Non-violent transfer of territory",
}  # fmt: skip
_GENERIC_ACTOR_PREFIXES = ("unidentified", "civilians", "protesters", "rioters", "unknown")


class Reported(Protocol):
    """The event fields the predicates read (``Event`` and ``Report`` both have them)."""

    @property
    def event_type(self) -> str: ...
    @property
    def sub_event_type(self) -> str: ...
    @property
    def date_start(self) -> dt.date | None: ...
    @property
    def date_end(self) -> dt.date | None: ...
    @property
    def time_precision(self) -> int | None: ...
    @property
    def country_code(self) -> str | None: ...
    @property
    def admin1(self) -> str | None: ...
    @property
    def admin2(self) -> str | None: ...
    @property
    def location(self) -> str | None: ...
    @property
    def latitude(self) -> float | None: ...
    @property
    def longitude(self) -> float | None: ...
    @property
    def geo_precision(self) -> int | None: ...
    @property
    def geonameid(self) -> int | None: ...
    @property
    def actor1(self) -> str | None: ...
    @property
    def actor2(self) -> str | None: ...
    @property
    def assoc_actors(self) -> list[str]: ...


class PlaceLevel(IntEnum):
    """How exactly a report places its event (lower is more exact)."""

    POINT = 1
    ADMIN2 = 2
    ADMIN1 = 3
    COUNTRY = 4
    UNKNOWN = 5


@dataclass(frozen=True)
class Rules:
    """Thresholds of the predicates.

    Args:
        same_place_km (float): two towns at most this far apart can be one incident's
            place (one town resolved to two points, or a town and its suburb); default 3.
        near_km (float): the same for a report that places the event near a town, or
            the town where a district or area is named; default 10.
        slack_days (int): date windows may miss each other by this many days; default 1.
        reported_days (int): a date of precision 2 or coarser (a reported date, a week)
            also reaches back this many days; default 2.
    """

    same_place_km: float = 3.0
    near_km: float = 10.0
    slack_days: int = 1
    reported_days: int = 2


DEFAULT_RULES = Rules()


def same_country(a: Reported, b: Reported) -> bool:
    """Both reports have a country, and it is the same one."""
    return a.country_code is not None and a.country_code == b.country_code


def same_place_name(a: Reported, b: Reported) -> bool:
    """Both name the same place (accents and case aside) and no two countries disagree."""
    if a.country_code and b.country_code and a.country_code != b.country_code:
        return False
    return bool(a.location) and place_key(a.location) == place_key(b.location)


def place_key(name: str | None) -> str:
    """A place name without accents, case or surrounding spaces ("Shāhpur" -> "shahpur")."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def types_compatible(a: Reported, b: Reported) -> bool:
    """The same event type, two kinds of violence, two kinds of unrest, or a bridge type."""
    if a.event_type == b.event_type:
        return True
    kinds = {a.event_type, b.event_type}
    if kinds <= _VIOLENCE or kinds <= _UNREST:
        return True
    return bool({a.sub_event_type, b.sub_event_type} & _BRIDGES) and bool(kinds & _VIOLENCE)


def date_window(
    report: Reported, *, rules: Rules = DEFAULT_RULES
) -> tuple[dt.date, dt.date] | None:
    """The days the report's event may fall on (None without a date)."""
    if report.date_start is None:
        return None
    start, end = report.date_start, report.date_end or report.date_start
    if (report.time_precision or 1) >= 2:
        start -= dt.timedelta(days=rules.reported_days)
    return start, end


def dates_overlap(a: Reported, b: Reported, *, rules: Rules = DEFAULT_RULES) -> bool:
    """The date windows overlap, give or take ``rules.slack_days`` (unknown dates do)."""
    wa, wb = date_window(a, rules=rules), date_window(b, rules=rules)
    if wa is None or wb is None:
        return True
    slack = dt.timedelta(days=rules.slack_days)
    return wa[0] - slack <= wb[1] and wb[0] - slack <= wa[1]


def place_level(report: Reported) -> PlaceLevel:
    """How exactly the report places its event."""
    if report.country_code is None:
        return PlaceLevel.UNKNOWN
    if report.admin1 is None:
        return PlaceLevel.COUNTRY
    precision = report.geo_precision or 3
    if precision >= 3 or report.latitude is None:
        return PlaceLevel.ADMIN1
    if precision == 2 and report.admin2 and _names_admin(report.location, report.admin2):
        return PlaceLevel.ADMIN2
    return PlaceLevel.POINT


def distance_km(a: Reported, b: Reported) -> float | None:
    """Great-circle distance between the two reports' points (None without coordinates)."""
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    return geo_distance_km(
        a.latitude or 0.0, a.longitude or 0.0, b.latitude or 0.0, b.longitude or 0.0
    )


def places_compatible(a: Reported, b: Reported, *, rules: Rules = DEFAULT_RULES) -> bool:
    """Two named places close together, or a vaguer place that contains the other; without
    a country on either side, the same place name."""
    if a.country_code is None or b.country_code is None:
        return same_place_name(a, b)
    if not same_country(a, b):
        return False
    level_a, level_b = place_level(a), place_level(b)
    vaguer = max(level_a, level_b)
    if vaguer == PlaceLevel.COUNTRY:
        return True
    if vaguer == PlaceLevel.ADMIN1:
        return _same_name(a.admin1, b.admin1)
    if vaguer == PlaceLevel.ADMIN2:
        return _same_name(a.admin2, b.admin2)
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    distance = distance_km(a, b)
    return distance is not None and distance <= _reach_km(a, b, rules=rules)


def _reach_km(a: Reported, b: Reported, *, rules: Rules) -> float:
    """How far apart two points may be: a town's size, or more when a report says "near"."""
    exact = (a.geo_precision or 1) == 1 and (b.geo_precision or 1) == 1
    return rules.same_place_km if exact else rules.near_km


def actors_compatible(a: Reported, b: Reported) -> bool:
    """False when both name a specific attacker, they differ, and no actor is shared."""
    attacker_a, attacker_b = _specific(a.actor1), _specific(b.actor1)
    if attacker_a is None or attacker_b is None or attacker_a == attacker_b:
        return True
    return bool(_actors(a) & _actors(b))


def compatible(a: Reported, b: Reported, *, rules: Rules = DEFAULT_RULES) -> bool:
    """All predicates hold: same country, compatible type, dates, place and actors."""
    return (
        (same_country(a, b) or same_place_name(a, b))
        and types_compatible(a, b)
        and dates_overlap(a, b, rules=rules)
        and places_compatible(a, b, rules=rules)
        and actors_compatible(a, b)
    )


def similarity(a: Reported, b: Reported, *, rules: Rules = DEFAULT_RULES) -> float:
    """How closely two compatible reports agree, from 0 to 1 (type 0.3, place 0.4,
    date 0.2, actors 0.1)."""
    return (
        0.3 * type_similarity(a, b)
        + 0.4 * _place_score(a, b, rules=rules)
        + 0.2 * _date_score(a, b)
        + 0.1 * _actor_score(a, b)
    )


def type_similarity(a: Reported, b: Reported) -> float:
    """1 for the same sub-event type, 0.7 for the same event type, else 0.4."""
    if a.sub_event_type == b.sub_event_type:
        return 1.0
    return 0.7 if a.event_type == b.event_type else 0.4


def _place_score(a: Reported, b: Reported, *, rules: Rules) -> float:
    vaguer = max(place_level(a), place_level(b))
    if vaguer == PlaceLevel.UNKNOWN:
        return 0.6
    if vaguer == PlaceLevel.POINT:
        if a.geonameid is not None and a.geonameid == b.geonameid:
            return 1.0
        distance = distance_km(a, b) or 0.0
        return 1.0 - 0.5 * min(1.0, distance / _reach_km(a, b, rules=rules))
    return {PlaceLevel.ADMIN2: 0.6, PlaceLevel.ADMIN1: 0.45, PlaceLevel.COUNTRY: 0.2}.get(
        vaguer, 0.0
    )


def _date_score(a: Reported, b: Reported) -> float:
    if a.date_start is None or b.date_start is None:
        return 0.5
    exact = (a.time_precision or 1) == 1 and (b.time_precision or 1) == 1
    if exact and a.date_start == b.date_start:
        return 1.0
    a_end, b_end = a.date_end or a.date_start, b.date_end or b.date_start
    if a.date_start <= b_end and b.date_start <= a_end:
        return 0.8
    return 0.4


def _actor_score(a: Reported, b: Reported) -> float:
    shared, either = _actors(a) & _actors(b), _actors(a) | _actors(b)
    if not either:
        return 0.5
    return 0.5 + 0.5 * len(shared) / len(either) if shared else 0.3


def _actors(report: Reported) -> set[str]:
    names = [report.actor1, report.actor2, *report.assoc_actors]
    return {n for n in (_specific(name) for name in names) if n is not None}


def _specific(name: str | None) -> str | None:
    """The actor name lower-cased, or None for a missing or generic one ("civilians")."""
    if not name:
        return None
    lowered = name.lower()
    return None if lowered.startswith(_GENERIC_ACTOR_PREFIXES) else lowered


def _same_name(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a.casefold() == b.casefold()


def _names_admin(location: str | None, admin: str) -> bool:
    """Whether a location names the admin region itself ("Bolan" for "Bolan District")."""
    return bool(location) and admin.casefold().startswith((location or "").casefold())

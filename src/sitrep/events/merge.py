"""One incident, one event: join the events of an article that report the same incident.

Events are taken in text order; each joins the latest incident it is compatible with
(:func:`sitrep.events.compat.same_incident`, with no day of slack: within one story, two
days named are two days) or starts a new one; an event named by its day ("Tuesday's
attack marked an escalation") joins the incident of that day whatever its type. Events of one clause
with conjoined places ("raids into Kursk and Belgorod") never join each other. The joined
event keeps the first report's trigger, sentence and id, and gathers the other fields
from all reports: a stated date over the report's date, a named place over an inferred
one and a finer place over a vaguer one, missing actors, the largest death toll, and every
claim.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sitrep.events import compat
from sitrep.events.candidate import Candidate
from sitrep.records import Event

_PLACE_FIELDS = (
    "country", "country_code", "admin1", "admin2", "location", "latitude", "longitude",
    "geo_precision", "geonameid",
)  # fmt: skip
_DATE_FIELDS = ("date_start", "date_end", "time_precision")
_STRATEGIC = "Strategic developments"


@dataclass
class Draft:
    """An event built from one candidate, with the sentence it came from."""

    event: Event
    candidate: Candidate
    sentence: int
    support: bool = False  # may add to an incident told nearby, never start one
    fresh: bool = False  # its sentence opens another incident ("Meanwhile, ...")
    refers_back: bool = False  # names an incident by its day ("Tuesday's attack")
    lasting: bool = False  # tells a siege, hostage-taking or rescue, which may span days


@dataclass
class Incident:
    """The drafts that report one incident and the event gathered from them."""

    event: Event
    drafts: list[Draft] = field(default_factory=list)

    @property
    def candidates(self) -> list[Candidate]:
        """The distinct candidates of the incident, in text order."""
        seen: dict[int, Candidate] = {}
        for draft in self.drafts:
            seen.setdefault(draft.candidate.anchor.i, draft.candidate)
        return list(seen.values())

    @property
    def sentences(self) -> list[int]:
        """Indexes of the sentences that report the incident."""
        return sorted({draft.sentence for draft in self.drafts})


def group(drafts: list[Draft], *, reach: int = 2) -> list[Incident]:
    """Join drafts that report the same incident, keeping the order of first reports.

    Supporting drafts (from sentences the detector does not take as reports of their own)
    join the nearest compatible incident at most ``reach`` sentences away, adding actors,
    tolls and claims but no place or date, or are dropped.
    """
    incidents: list[Incident] = []
    for draft in drafts:
        if draft.support:
            continue
        target = None
        if not draft.fresh or (incidents and draft.sentence in incidents[-1].sentences):
            target = next((inc for inc in reversed(incidents) if _joins(draft, inc)), None)
        if target is None:
            incidents.append(Incident(event=draft.event, drafts=[draft]))
        else:
            _add(target, draft)
    for draft in drafts:
        if not draft.support:
            continue
        near = [
            (min(abs(i - draft.sentence) for i in inc.sentences), n)
            for n, inc in enumerate(incidents)
            if _joins(draft, inc)
        ]
        near = [(distance, n) for distance, n in near if distance <= reach]
        if near:
            _add(incidents[min(near)[1]], draft)
    return incidents


def _add(incident: Incident, draft: Draft) -> None:
    event = draft.event
    if draft.support:  # a sentence that is no report of its own gives no place or date
        unplaced = dict.fromkeys(_PLACE_FIELDS)
        evidence = {
            k: v
            for k, v in event.evidence.items()
            if k not in {*compat.PLACE_EVIDENCE, "date_start", "date_end"}
        }
        event = event.model_copy(update={**unplaced, "evidence": evidence})
    incident.event = combine(incident.event, event)
    incident.drafts.append(draft)


def _joins(draft: Draft, incident: Incident) -> bool:
    anchor = draft.candidate.anchor.i
    if any(d.candidate.anchor.i == anchor for d in incident.drafts):
        return False  # conjoined places of one clause stay apart
    a, b = incident.event, draft.event
    slack = int(draft.lasting or any(d.lasting for d in incident.drafts))
    if draft.refers_back:  # its type is the incident's, whatever its own words suggest
        return (
            compat.dates_overlap(a, b, slack_days=slack)
            and compat.places_compatible(a, b)
            and compat.actors_compatible(a, b)
        )
    return compat.same_incident(a, b, slack_days=slack)


def combine(primary: Event, other: Event) -> Event:
    """``primary`` with the fields ``other`` adds (see the module docstring)."""
    values: dict[str, Any] = {}
    evidence = dict(primary.evidence)

    def take(fields: tuple[str, ...], keys: tuple[str, ...]) -> None:
        values.update({name: getattr(other, name) for name in fields})
        for key in keys:
            evidence.pop(key, None)
            if key in other.evidence:
                evidence[key] = other.evidence[key]

    if _better_date(other, primary):
        take(_DATE_FIELDS, ("date_start", "date_end"))
    else:
        values.update(_both_days(primary, other))
    if _better_place(other, primary):
        take(_PLACE_FIELDS, compat.PLACE_EVIDENCE)
    for role in ("actor1", "actor2"):
        mine, theirs = getattr(primary, role), getattr(other, role)
        if theirs and (not mine or (compat.is_generic(mine) and not compat.is_generic(theirs))):
            if theirs not in {primary.actor1, primary.actor2}:
                take((role,), (role,))
    if other.fatalities is not None and (
        primary.fatalities is None or other.fatalities > primary.fatalities
    ):
        take(("fatalities",), ("fatalities",))
    taken = {values.get("actor1", primary.actor1), values.get("actor2", primary.actor2)}
    assoc = [*primary.assoc_actors, *other.assoc_actors]
    values["assoc_actors"] = [name for name in dict.fromkeys(assoc) if name not in taken]
    seen = {(c.start, c.end, c.stance) for c in primary.claims}
    extra = [c for c in other.claims if (c.start, c.end, c.stance) not in seen]
    values["claims"] = [*primary.claims, *extra]
    if values["claims"] and "claims" not in evidence:
        first = values["claims"][0]
        evidence["claims"] = (first.start, first.end)
    values["evidence"] = evidence
    return primary.model_copy(update=values)


def _better_date(other: Event, primary: Event) -> bool:
    if not compat.is_dated(other):
        return False
    if not compat.is_dated(primary):
        return True
    if other.date_start is None or primary.date_start is None:
        return False
    inside = primary.date_start <= other.date_start and (other.date_end or other.date_start) <= (
        primary.date_end or primary.date_start
    )
    return inside and (other.time_precision or 3) < (primary.time_precision or 3)


def _both_days(a: Event, b: Event) -> dict[str, Any]:
    """The date range over both reports when one is dated the day after the other (a siege
    told on the day it began and on the day it ended spans both), else nothing."""
    a_start, b_start = a.date_start, b.date_start
    if not (compat.is_dated(a) and compat.is_dated(b)) or a_start is None or b_start is None:
        return {}
    if abs((b_start - a_start).days) != 1:
        return {}
    days = [d for d in (a_start, a.date_end, b_start, b.date_end) if d is not None]
    return {"date_start": min(days), "date_end": max(days)}


def _better_place(other: Event, primary: Event) -> bool:
    if other.latitude is None and other.location is None:
        return False
    if other.event_type == _STRATEGIC != primary.event_type:
        return False  # an arrest or seizure told with an attack may be elsewhere
    if not compat.is_placed(other):
        return primary.latitude is None and primary.location is None
    if not compat.is_placed(primary):
        return True
    return (other.geo_precision or 3) < (primary.geo_precision or 3)

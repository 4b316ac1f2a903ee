"""Why sitrep's actors disagree with ACLED's on coder notes: a listing grouped by cause.

Each note whose ACLED actor is non-empty and whose first event names it differently falls
under one cause, checked in this order:

- ``no event``: sitrep found no event in the note;
- ``no actor``: the event has no actor in that role;
- ``swapped``: sitrep's actor in that role is ACLED's party of the other role;
- ``country wrong``: a generic party ("Police Forces of X") of ACLED's category but of
  another country (or none);
- ``not civilians``: ACLED codes civilians, sitrep another party;
- ``civilians wrongly``: sitrep gives civilians, ACLED another party;
- ``not in actor table``: sitrep's name is free text the actor lexicon does not know;
- ``other party``: a known party of another category (or a named group that is not ACLED's).

Only for the ``dev`` split: the frozen ``test`` split's errors must not be looked at.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sitrep import actors
from sitrep.eval.event_notes import INTER_KINDS, Note, same_actor2, same_party, swapped_pair
from sitrep.records import Event

CAUSES = (
    "no event",
    "no actor",
    "swapped",
    "country wrong",
    "not civilians",
    "civilians wrongly",
    "not in actor table",
    "other party",
)
ROLES = ("actor1", "actor2")


@dataclass(frozen=True)
class Disagreement:
    """One note whose ``role`` sitrep names differently from ACLED."""

    role: str
    cause: str
    note: Note
    system: str | None


def agrees(role: str, event: Event | None, note: Note) -> bool:
    """Whether the event's actor in ``role`` is ACLED's party, as the note figures count it."""
    if event is None:
        return False
    if swapped_pair(event, note):
        return True
    if role == "actor1":
        return same_party(event.actor1, note.actor1)
    return same_actor2(event.actor2, note)


def cause_of(role: str, event: Event | None, note: Note) -> str:
    """The cause (one of :data:`CAUSES`) of a disagreement in ``role``."""
    if event is None:
        return "no event"
    ours = getattr(event, role)
    if not ours:
        return "no actor"
    other = "actor2" if role == "actor1" else "actor1"
    theirs, their_other = getattr(note, role), getattr(note, other)
    if their_other and (same_party(ours, their_other) or _same_kind(ours, their_other, note)):
        return "swapped"
    category = actors.category(ours)
    if category is not None and category[0] == _acled_kind(role, note) and actors.is_generic(ours):
        return "country wrong"
    ours_civilians = ours.lower().startswith("civilians")
    if theirs.lower().startswith("civilians") and not ours_civilians:
        return "not civilians"
    if ours_civilians:
        return "civilians wrongly"
    return "not in actor table" if category is None else "other party"


def disagreements(pairs: list[tuple[Note, list[Event]]]) -> list[Disagreement]:
    """Every role of every note (with that ACLED actor) that sitrep's first event misses."""
    found = []
    for note, events in pairs:
        event = events[0] if events else None
        for role in ROLES:
            if not getattr(note, role) or agrees(role, event, note):
                continue
            system = getattr(event, role) if event is not None else None
            found.append(Disagreement(role, cause_of(role, event, note), note, system))
    return found


def listing(pairs: list[tuple[Note, list[Event]]], *, examples: int = 5) -> str:
    """Counts per role and cause, with the first ``examples`` notes of each cause and the
    most frequent (sitrep, ACLED) name pairs."""
    lines = []
    found = disagreements(pairs)
    for role in ROLES:
        coded = sum(bool(getattr(note, role)) for note, _ in pairs)
        mine = [d for d in found if d.role == role]
        lines.append(f"== {role}: {coded - len(mine)}/{coded} agree, {len(mine)} disagree")
        by_cause: dict[str, list[Disagreement]] = defaultdict(list)
        for item in mine:
            by_cause[item.cause].append(item)
        for cause in CAUSES:
            items = by_cause.get(cause, [])
            if not items:
                continue
            lines.append(f"-- {cause}: {len(items)}")
            counts: dict[tuple[str, str], int] = defaultdict(int)
            for item in items:
                counts[(item.system or "-", getattr(item.note, role))] += 1
            for (ours, theirs), n in sorted(counts.items(), key=lambda kv: -kv[1])[:8]:
                lines.append(f"   {n:4d}  {ours}  |  ACLED: {theirs}")
            for item in items[:examples]:
                lines.append(f"   e.g. [{item.note.row_id}] {item.note.text[:300]}")
                lines.append(f"        sitrep: {item.system}  ACLED: {getattr(item.note, role)}")
    return "\n".join(lines)


def _acled_kind(role: str, note: Note) -> str | None:
    code = note.inter2 if role == "actor2" else note.inter1
    return INTER_KINDS.get(code)


def _same_kind(ours: str, theirs: str, note: Note) -> bool:
    """Whether ``ours`` is of the category and country ACLED's name ``theirs`` implies."""
    category = actors.category(ours)
    known = actors.category(theirs)
    if category is None or known is None:
        return False
    country = actors.country_named(theirs) or actors.country_named(note.country)
    return category == (known[0], country)

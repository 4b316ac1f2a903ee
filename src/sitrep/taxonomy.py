"""The ACLED event taxonomy as typed records, loaded from ``data/acled_taxonomy.json``.

Each of the 25 sub-event types carries its definition, its PLOVER type and
CAMEO code, its CASE 2021 label, and the trigger and cue lexicons that
:mod:`sitrep.events` uses to detect and type events.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from pydantic import BaseModel, ConfigDict

_DATA_FILE = "acled_taxonomy.json"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SubEventType(_Frozen):
    """One ACLED sub-event type and its lexicons (lemma or lemma phrase -> weight)."""

    name: str
    event_type: str
    definition: str
    plover: str | None
    cameo: str | None
    case_code: str
    triggers: dict[str, float]
    cues: dict[str, float]


class EventType(_Frozen):
    """One of the six ACLED event types."""

    name: str
    definition: str
    sub_event_types: tuple[str, ...]


class NonEvents(_Frozen):
    """Lemmas marking non-political harm, and lemmas that override them."""

    lemmas: frozenset[str]
    override_lemmas: frozenset[str]


class Taxonomy(_Frozen):
    """The whole taxonomy, with look-ups by sub-type name and CASE 2021 code."""

    event_types: tuple[EventType, ...]
    sub_event_types: tuple[SubEventType, ...]
    non_events: NonEvents

    def sub_type(self, name: str) -> SubEventType:
        """Return the sub-event type called ``name`` (exact ACLED spelling); KeyError if unknown."""
        for sub in self.sub_event_types:
            if sub.name == name:
                return sub
        raise KeyError(f"unknown ACLED sub-event type {name!r}")

    def by_case_code(self, code: str) -> SubEventType | None:
        """Return the sub-event type with CASE 2021 label ``code``, or None for non-ACLED labels."""
        for sub in self.sub_event_types:
            if sub.case_code == code:
                return sub
        return None


@lru_cache(maxsize=1)
def load() -> Taxonomy:
    """Return the packaged taxonomy, read on first use and cached."""
    raw = json.loads(resources.files("sitrep.data").joinpath(_DATA_FILE).read_text("utf-8"))
    event_types = []
    subs = []
    for etype in raw["event_types"]:
        names = []
        for sub in etype["sub_event_types"]:
            subs.append(SubEventType(event_type=etype["name"], **sub))
            names.append(sub["name"])
        event_types.append(
            EventType(
                name=etype["name"], definition=etype["definition"], sub_event_types=tuple(names)
            )
        )
    non_events = NonEvents(
        lemmas=frozenset(raw["non_events"]["lemmas"]),
        override_lemmas=frozenset(raw["non_events"]["override_lemmas"]),
    )
    return Taxonomy(
        event_types=tuple(event_types), sub_event_types=tuple(subs), non_events=non_events
    )

"""ACLED's naming conventions for the actors of a typed event.

- Generic parties take the event's country: "Police Forces" in Ukraine is "Police Forces
  of Ukraine", "Civilians" is "Civilians (Ukraine)"; so do generic parties the actor layer
  qualified by another country when their words name none ("soldiers", "the police").
- Protests: actor1 is "Protesters (country)"; the group that protested becomes an
  associate; actor2 is the state force that intervened (a protest with intervention or
  excessive force names none: "Police Forces of country").
- Riots: actor1 is "Rioters (country)"; a violent demonstration targets the state force
  named, else the civilians it harmed (their people or property), else no one; mob
  violence targets civilians unless a party is named.
- Violence against civilians: actor2 is "Civilians (country)"; a named victim group
  becomes an associate.
- Looting/property destruction: property whose owners the text does not name belongs to
  "Civilians (country)".
- Battles: both actors are armed parties, never civilians.
- Political violence (battles, violence against civilians, explosions/remote violence):
  a perpetrator or side the text does not name is "Unidentified Armed Group (country)".
"""

from __future__ import annotations

from sitrep.actors import country_named, for_country, requalified
from sitrep.events.participants import CIVILIANS
from sitrep.records import Event

_PROTESTERS, _RIOTERS = "Protesters", "Rioters"
_UNIDENTIFIED = "Unidentified Armed Group"
_POLICE = "Police Forces"
# Political violence: a perpetrator or side the text does not name is an unidentified armed
# group ("a man was shot dead in a drive-by shooting"; a battle has two armed sides).
_VIOLENCE = {"Battles", "Violence against civilians", "Explosions/Remote violence"}
_STATE_PREFIXES = ("military forces", "police forces", "government of")
_INTERVENTIONS = {"Excessive force against protesters", "Protest with intervention"}
_LOOTING = "Looting/property destruction"


def apply(event: Event, text: str) -> Event:
    """``event`` (from the article ``text``) with its actors named by ACLED's conventions."""
    country = event.country_code

    def named(role: str) -> str | None:
        name = getattr(event, role)
        if not name:
            return None
        span = event.evidence.get(role)
        if span is not None and country and country_named(text[span[0] : span[1]]) is None:
            return requalified(name, country)  # "soldiers": the event country's forces
        return for_country(name, country)

    actor1, actor2 = named("actor1"), named("actor2")
    assoc = [for_country(a, country) for a in event.assoc_actors]
    civilians = for_country(CIVILIANS, country)
    if event.event_type in {"Protests", "Riots"}:
        crowd = for_country(_PROTESTERS if event.event_type == "Protests" else _RIOTERS, country)
        state = next((a for a in (actor1, actor2) if a and _is_state(a)), None)
        assoc += [a for a in (actor1,) if a and a != crowd and a != state and a != civilians]
        actor1 = crowd
        if event.sub_event_type in _INTERVENTIONS:
            actor2 = state or for_country(_POLICE, country)  # the state intervened
        elif event.sub_event_type == "Violent demonstration":
            actor2 = state or (civilians if actor2 == civilians else None)
        elif event.sub_event_type == "Mob violence":
            actor2 = actor2 if actor2 and actor2 != crowd else civilians
        else:
            actor2 = None
    elif event.event_type == "Violence against civilians":
        if actor2 and actor2 != civilians and not _is_state(actor2):
            assoc.append(actor2)
        actor2 = civilians
    elif event.sub_event_type == _LOOTING:
        actor2 = actor2 or civilians  # property whose owners the text does not name
    elif event.event_type == "Battles":
        actor2 = actor2 if actor2 != civilians else None
        actor2 = actor2 or for_country(_UNIDENTIFIED, country)
    if event.event_type in _VIOLENCE:
        actor1 = actor1 or for_country(_UNIDENTIFIED, country)
    taken = {actor1, actor2}
    evidence = dict(event.evidence)
    for role, name in (("actor1", actor1), ("actor2", actor2)):
        if name is None:
            evidence.pop(role, None)
        elif role not in evidence and "event_type" in evidence:
            evidence[role] = evidence["event_type"]  # the event word implies the party
    return event.model_copy(
        update={
            "actor1": actor1,
            "actor2": actor2,
            "assoc_actors": [a for a in dict.fromkeys(assoc) if a not in taken],
            "evidence": evidence,
        }
    )


def _is_state(name: str) -> bool:
    return name.lower().startswith(_STATE_PREFIXES)

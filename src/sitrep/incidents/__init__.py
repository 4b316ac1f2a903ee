"""Incidents across sources: reports of one real incident, from different articles and
outlets, merged into one record that keeps who said what.

A pure stage: events in, incidents out; nothing is read or written here.

- :func:`merge` takes every report (an :class:`~sitrep.records.Event` with its article's
  outlet and publication date, as a :class:`~sitrep.records.Report`) and returns the
  incidents; every report belongs to exactly one, a lone report is an incident of one.
- :func:`update` adds new reports to incidents merged before and returns only what
  changed: the result equals a full :func:`merge` of old and new reports together.
- :mod:`~sitrep.incidents.compatibility` holds the pairwise rules (type, dates, place,
  actors), :mod:`~sitrep.incidents.clustering` the grouping and
  :mod:`~sitrep.incidents.summary` the merged record.

The result does not depend on the order of the reports, and merging again changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sitrep.incidents.clustering import DEFAULT_THRESHOLD, cluster, components, links
from sitrep.incidents.compatibility import DEFAULT_RULES, Rules
from sitrep.incidents.summary import summarise
from sitrep.records import Incident, Report

__all__ = ["Rules", "Update", "merge", "update"]


@dataclass(frozen=True)
class Update:
    """What adding reports changed: incidents to write (new or grown) and ids to delete."""

    incidents: list[Incident]
    retired: list[str]


def merge(
    reports: Iterable[Report],
    *,
    rules: Rules = DEFAULT_RULES,
    threshold: float = DEFAULT_THRESHOLD,
) -> list[Incident]:
    """Merge reports into incidents.

    Args:
        reports (Iterable[Report]): every report to merge (event ids unique).
        rules (Rules): thresholds of the compatibility predicates.
        threshold (float): the least average similarity at which two groups merge.

    Returns:
        list[Incident]: sorted by incident id.
    """
    groups = cluster(list(reports), rules=rules, threshold=threshold)
    return sorted((summarise(g, rules=rules) for g in groups), key=lambda i: i.incident_id)


def update(
    known: Sequence[Report],
    incidents: Sequence[Incident],
    new: Sequence[Report],
    *,
    rules: Rules = DEFAULT_RULES,
    threshold: float = DEFAULT_THRESHOLD,
) -> Update:
    """Add new reports to the incidents merged from ``known`` reports.

    Only the link-graph components that new reports join are merged again, so the stored
    incidents plus this update equal ``merge(known + new)``.

    Args:
        known (Sequence[Report]): the reports merged before.
        incidents (Sequence[Incident]): the incidents merged from them.
        new (Sequence[Report]): reports to add (reports already known are ignored).
        rules (Rules): as for :func:`merge`.
        threshold (float): as for :func:`merge`.

    Returns:
        Update: incidents to write and the ids of incidents that no longer exist.
    """
    known_ids = {r.event_id for r in known}
    fresh = {r.event_id: r for r in new if r.event_id not in known_ids}
    if not fresh:
        return Update(incidents=[], retired=[])
    everything = sorted([*known, *fresh.values()], key=lambda r: r.event_id)
    linked = links(everything, rules=rules)
    touched = [
        [everything[i] for i in component]
        for component in components(len(everything), linked)
        if any(everything[i].event_id in fresh for i in component)
    ]
    touched_ids = {r.event_id for group in touched for r in group}
    merged = [i for group in touched for i in merge(group, rules=rules, threshold=threshold)]
    before = {i.incident_id for i in incidents if touched_ids & set(i.event_ids)}
    after = {i.incident_id: i for i in merged}
    unchanged = {
        i.incident_id for i in incidents if i.incident_id in after and i == after[i.incident_id]
    }
    return Update(
        incidents=sorted(
            (i for i in merged if i.incident_id not in unchanged), key=lambda i: i.incident_id
        ),
        retired=sorted(before - set(after)),
    )

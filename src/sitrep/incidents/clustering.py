"""Group reports into incidents: an order-independent agglomerative clustering.

1. Reports are nodes; two are linked when :func:`~sitrep.incidents.compatibility.compatible`
   holds and they come from different articles (one article's events are different
   incidents; the events stage merges within an article). Only reports with nearby dates
   and the same country or the same place name are compared.
2. A vague report (a province or a country where others name a town) keeps its links
   only when it is unambiguous: when the more exactly placed reports it links to, of the
   closest event type, could all be one incident (every two of them are linked).
   "Protest in Chile" on a day with protests in three Chilean towns stays alone.
3. Each connected component is clustered on its own, so a new report can only change the
   incidents of the component it joins (:func:`components` lets an incremental update
   find them; ambiguity is decided within a component too).
4. Within a component, the two clusters with the highest average
   :func:`~sitrep.incidents.compatibility.similarity` merge first, as long as every pair
   across them is linked and the average reaches ``threshold``; ties go to the smaller
   event ids. Reports are sorted by event id first, so the result does not depend on
   input order.
"""

from __future__ import annotations

import heapq
import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence

from sitrep.incidents.compatibility import (
    DEFAULT_RULES,
    Rules,
    compatible,
    date_window,
    place_key,
    place_level,
    similarity,
    type_similarity,
)
from sitrep.records import Report

DEFAULT_THRESHOLD = 0.5
_DAY_BLOCK = 7


def links(
    reports: Sequence[Report], *, rules: Rules = DEFAULT_RULES
) -> dict[int, dict[int, float]]:
    """Similarity of every linked pair, by index into ``reports`` (both directions)."""
    by_block: dict[tuple[str, str, int], list[int]] = defaultdict(list)
    for i, report in enumerate(reports):
        window = date_window(report, rules=rules)
        if window is None:
            continue
        first = window[0].toordinal() // _DAY_BLOCK
        last = window[1].toordinal() // _DAY_BLOCK
        keys = [("name", place_key(report.location))] if report.location else []
        if report.country_code is not None:
            keys.append(("country", report.country_code))
        for (kind, value), block in itertools.product(keys, range(first - 1, last + 2)):
            by_block[(kind, value, block)].append(i)
    linked: dict[int, dict[int, float]] = defaultdict(dict)
    for members in by_block.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if j in linked[i] or reports[i].article_id == reports[j].article_id:
                    continue
                a, b = reports[i], reports[j]
                if compatible(a, b, rules=rules):
                    score = similarity(a, b, rules=rules)
                    linked[i][j] = linked[j][i] = score
    return linked


def unambiguous(
    reports: Sequence[Report], linked: dict[int, dict[int, float]]
) -> dict[int, dict[int, float]]:
    """The links without those of vague reports whose finer neighbours of the closest type
    are not all linked."""
    levels = [place_level(r) for r in reports]
    ambiguous = set()
    for i, neighbours in linked.items():
        finer = [j for j in neighbours if levels[j] < levels[i]]
        closest = max((type_similarity(reports[i], reports[j]) for j in finer), default=0.0)
        finer = sorted(j for j in finer if type_similarity(reports[i], reports[j]) == closest)
        if any(k not in linked[j] for j, k in itertools.combinations(finer, 2)):
            ambiguous.add(i)
    return {
        i: {j: score for j, score in neighbours.items() if j not in ambiguous}
        for i, neighbours in linked.items()
        if i not in ambiguous
    }


def components(size: int, linked: dict[int, dict[int, float]]) -> list[list[int]]:
    """Connected components of the link graph over ``range(size)``, each sorted."""
    seen: set[int] = set()
    result = []
    for start in range(size):
        if start in seen:
            continue
        stack, members = [start], []
        seen.add(start)
        while stack:
            node = stack.pop()
            members.append(node)
            for other in linked.get(node, {}):
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
        result.append(sorted(members))
    return result


def cluster(
    reports: Sequence[Report],
    *,
    rules: Rules = DEFAULT_RULES,
    threshold: float = DEFAULT_THRESHOLD,
) -> list[list[Report]]:
    """Partition reports into incidents (each list sorted by event id)."""
    ordered = sorted(reports, key=lambda r: r.event_id)
    linked = unambiguous(ordered, links(ordered, rules=rules))
    groups: list[list[Report]] = []
    for component in components(len(ordered), linked):
        for members in _agglomerate(component, linked, threshold):
            groups.append([ordered[i] for i in members])
    return sorted(groups, key=lambda g: g[0].event_id)


def _agglomerate(
    component: list[int], linked: dict[int, dict[int, float]], threshold: float
) -> Iterable[list[int]]:
    """Average-link merging within one component; a merge needs every cross pair linked."""
    if len(component) == 1:
        return [component]
    clusters: dict[int, list[int]] = {i: [i] for i in component}
    # cross[(p, q)] = (sum of similarities, number of linked pairs), p < q
    cross: dict[tuple[int, int], tuple[float, int]] = {}
    for i in component:
        for j, score in linked.get(i, {}).items():
            if i < j:
                cross[(i, j)] = (score, 1)
    heap = [(-total, p, q) for (p, q), (total, _) in cross.items() if total >= threshold]
    heapq.heapify(heap)
    while heap:
        negative, p, q = heapq.heappop(heap)
        if p not in clusters or q not in clusters or (p, q) not in cross:
            continue
        total, count = cross[(p, q)]
        size = len(clusters[p]) * len(clusters[q])
        if count < size or -negative != total / size:
            continue
        clusters[p] = sorted(clusters[p] + clusters.pop(q))
        for r in list(clusters):
            if r == p:
                continue
            merged = _add(cross.pop(_key(p, r), None), cross.pop(_key(q, r), None))
            if merged is None:
                continue
            cross[_key(p, r)] = merged
            pairs = len(clusters[p]) * len(clusters[r])
            if merged[1] == pairs and merged[0] / pairs >= threshold:
                low, high = _key(p, r)
                heapq.heappush(heap, (-merged[0] / pairs, low, high))
    return list(clusters.values())


def _key(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _add(a: tuple[float, int] | None, b: tuple[float, int] | None) -> tuple[float, int] | None:
    if a is None or b is None:
        return a or b
    return a[0] + b[0], a[1] + b[1]

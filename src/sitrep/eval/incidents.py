"""Score incident merging (:mod:`sitrep.incidents`) on reports built from the shared data.

Two benchmarks, both built at evaluation time (nothing derived from the data is stored):

**ACLED headlines.** ACLED rows (``acled_notes/``) are grouped by country and day. Blocks
with two or more incidents are kept, so that every incident has same-day distractors in
the same country and often the same province (Donetsk has dozens a day); within a block,
incidents sharing a place and sub-event type are kept once, since no report could tell
them apart; at most ``_MAX_PER_BLOCK`` incidents a block. Each incident gets one to four
differently worded reports (:mod:`sitrep.eval.incident_reports`): other outlets and
publication days, partial details, changed tolls. A block belongs to the frozen ``test``
part when the sha1 of its country and day is divisible by 3, else to ``dev``; rules are
tuned on ``dev`` only. Two runs per part:

- ``alone``: the merge on reports that state exactly what each text says (the merge by
  itself);
- ``e2e``: the texts through the whole pipeline (spaCy, time, places, claims, actors,
  events), then the merge. A report is placed in the incident of its first event (an
  article without an event is a cluster of its own).

**VOA stories.** The 89 Voice of America stories (outlet "VOA") through the pipeline.
Gold incidents join the stories' gold events (``voa_events/gold.jsonl``, background
mentions left out) that share country, event type, day (±1) and place (within 50 km, or
the same province when one is vaguer), complete-link; the Pakistan train hijacking is told
in five stories. System events are matched to gold events of their story as the
``voa_events`` README describes; only matched events are scored, and only the ``dev``
stories.

Figures: pairwise and B-cubed precision, recall and F1; ``cross_country_pairs`` counts
pairs of reports of different gold countries merged; ``no_cross_country_merges`` is 1 when
no merge-alone run has any (the merge rule never joins two countries; end to end, a report
geocoded to the wrong country can, which the ``e2e`` counts show); ``singletons_bcubed_f1``
is the score of leaving every report alone, for scale.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import itertools
import json
import logging
import math
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from sitrep import incidents
from sitrep.errors import MissingDataError
from sitrep.eval.incident_reports import GeneratedReport, reports_for
from sitrep.geo.distance import distance_km
from sitrep.incidents.tolls import report_of
from sitrep.pipeline import Pipeline
from sitrep.records import Article, Event, Report

logger = logging.getLogger(__name__)

_ACLED_FILES = ("rpanlilio_acled_2020.csv", "dkoban_acled_afghanistan_2020.csv")
_MAX_PER_BLOCK = 6
_BLOCKS = {"dev": 90, "test": 45}
_REPORT_COUNTS = ([1, 2, 3, 4], [30, 30, 25, 15])
_GOLD_MATCH_KM = 50.0
Labels = dict[str, str]


def evaluate(data_dir: Path, *, limit: int | None = None) -> dict[str, float]:
    """Build both benchmarks and score the merge on them.

    Args:
        data_dir (Path): the ``shared/data`` folder.
        limit (int | None): at most this many blocks per ACLED part, and stories of VOA.

    Returns:
        dict[str, float]: ``acled_<part>_<run>_<metric>`` for part dev/test and run
        alone/e2e, ``voa_<metric>``, item counts and ``seconds``.
    """
    started = time.perf_counter()
    parts = _acled_parts(Path(data_dir), limit=limit)
    pipeline = Pipeline()
    result: dict[str, float] = {}
    for part, generated in parts.items():
        gold = {g.article.id: g.incident for g in generated}
        countries = {g.article.id: g.country for g in generated}
        alone = _labels_alone([g.stated for g in generated])
        e2e = _labels_end_to_end(pipeline, [g.article for g in generated])
        for run, predicted in (("alone", alone), ("e2e", e2e)):
            prefix = f"acled_{part}_{run}"
            result.update(_prefixed(prefix, scores(predicted, gold)))
            result[f"{prefix}_cross_country_pairs"] = cross_pairs(predicted, countries)
        result[f"acled_{part}_singletons_bcubed_f1"] = scores({k: k for k in gold}, gold)[
            "bcubed_f1"
        ]
        result[f"acled_{part}_reports"] = float(len(gold))
        result[f"acled_{part}_incidents"] = float(len(set(gold.values())))
    result.update(_voa(Path(data_dir), pipeline, limit=limit))
    # The merge rule is judged on the reports as stated: end to end, a report geocoded to the
    # wrong country can join that country's reports, an extraction error counted apart.
    crossings = [v for k, v in result.items() if k.endswith("_alone_cross_country_pairs")]
    result["no_cross_country_merges"] = float(not any(crossings))
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


# --- scores ---------------------------------------------------------------------------------


def scores(predicted: Labels, gold: Labels) -> dict[str, float]:
    """Pairwise and B-cubed precision, recall and F1 of a clustering over gold's items."""
    items = sorted(gold)
    pred_groups, gold_groups = _groups(predicted, items), _groups(gold, items)
    b_p = sum(
        len(pred_groups[predicted[i]] & gold_groups[gold[i]]) / len(pred_groups[predicted[i]])
        for i in items
    )
    b_r = sum(
        len(pred_groups[predicted[i]] & gold_groups[gold[i]]) / len(gold_groups[gold[i]])
        for i in items
    )
    n = len(items) or 1
    pred_pairs = sum(math.comb(len(g), 2) for g in pred_groups.values())
    gold_pairs = sum(math.comb(len(g), 2) for g in gold_groups.values())
    both = sum(
        math.comb(len(p & g), 2)
        for p in pred_groups.values()
        for g in gold_groups.values()
        if p & g
    )
    return {
        **_prf(
            "pairwise",
            both / pred_pairs if pred_pairs else 1.0,
            both / gold_pairs if gold_pairs else 1.0,
        ),
        **_prf("bcubed", b_p / n, b_r / n),
    }


def cross_pairs(predicted: Labels, countries: dict[str, str]) -> float:
    """Pairs of items from different gold countries placed in one predicted cluster."""
    by_cluster: dict[str, list[str]] = defaultdict(list)
    for item, label in predicted.items():
        by_cluster[label].append(countries[item])
    return float(
        sum(
            1
            for members in by_cluster.values()
            for a, b in itertools.combinations(members, 2)
            if a != b
        )
    )


def _prf(name: str, p: float, r: float) -> dict[str, float]:
    return {f"{name}_p": p, f"{name}_r": r, f"{name}_f1": 2 * p * r / (p + r) if p + r else 0.0}


def _groups(labels: Labels, items: list[str]) -> dict[str, set[str]]:
    groups: dict[str, set[str]] = defaultdict(set)
    for item in items:
        groups[labels[item]].add(item)
    return groups


def _prefixed(prefix: str, values: dict[str, float]) -> dict[str, float]:
    return {f"{prefix}_{k}": v for k, v in values.items()}


# --- runs -----------------------------------------------------------------------------------


def _labels_alone(reports: list[Report]) -> Labels:
    """Article id -> incident id, merging the stated reports."""
    return {
        article: incident.incident_id
        for incident in incidents.merge(reports)
        for article in incident.article_ids
    }


def _labels_end_to_end(pipeline: Pipeline, articles: list[Article]) -> Labels:
    """Article id -> incident id of its first event, through the whole pipeline."""
    firsts, reports = _extract(pipeline, articles)
    of_event = {e: i.incident_id for i in incidents.merge(reports) for e in i.event_ids}
    return {a.id: of_event[firsts[a.id]] if a.id in firsts else f"none:{a.id}" for a in articles}


def _extract(pipeline: Pipeline, articles: list[Article]) -> tuple[dict[str, str], list[Report]]:
    """First event id per article, and every event as a report."""
    firsts: dict[str, str] = {}
    reports = []
    for extraction in pipeline.run(articles):
        article = extraction.article
        for event in extraction.events:
            firsts.setdefault(article.id, event.event_id)
            reports.append(_report(event, article))
    return firsts, reports


def _report(event: Event, article: Article) -> Report:
    return report_of(event, source=article.source, published=article.published)


# --- ACLED headlines ------------------------------------------------------------------------


def _acled_parts(data_dir: Path, *, limit: int | None) -> dict[str, list[GeneratedReport]]:
    """Generated reports of the dev and test blocks."""
    rows = _acled_rows(data_dir)
    blocks: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        blocks[(row["country"], row["event_date"])].append(row)
    chosen: dict[str, list[GeneratedReport]] = {"dev": [], "test": []}
    taken = {"dev": 0, "test": 0}
    for key in sorted(blocks, key=lambda k: _digest(f"{k[0]}|{k[1]}")):
        incidents_ = _distinct(blocks[key])
        if len(incidents_) < 2:
            continue
        part = "test" if int(_digest(f"{key[0]}|{key[1]}"), 16) % 3 == 0 else "dev"
        if taken[part] >= min(_BLOCKS[part], limit or _BLOCKS[part]):
            continue
        taken[part] += 1
        for row in incidents_:
            count = _count(row)
            chosen[part].extend(reports_for(row, count))
    return chosen


def _acled_rows(data_dir: Path) -> list[dict[str, str]]:
    folder = data_dir / "acled_notes"
    paths = [folder / name for name in _ACLED_FILES]
    if not all(p.is_file() for p in paths):
        raise MissingDataError(
            f"ACLED notes not found under {folder}; pass the shared data folder with --data"
        )
    rows: list[dict[str, str]] = []
    for path in paths:
        with path.open(encoding="utf-8", newline="") as handle:
            rows.extend(csv.DictReader(handle))
    return rows


def _distinct(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """A block's incidents, one per place and sub-event type, at most ``_MAX_PER_BLOCK``."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for row in sorted(rows, key=lambda r: _digest(r["event_id_cnty"])):
        key = (row["location"], row["sub_event_type"])
        if key not in seen:
            seen.add(key)
            kept.append(row)
    return kept[:_MAX_PER_BLOCK]


def _count(row: dict[str, str]) -> int:
    """How many reports an incident gets (1-4), fixed by its event id."""
    values, weights = _REPORT_COUNTS
    point = int(_digest(f"count:{row['event_id_cnty']}"), 16) % sum(weights)
    for value, weight in zip(values, weights, strict=True):
        if point < weight:
            return value
        point -= weight
    return values[-1]


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


# --- VOA stories ----------------------------------------------------------------------------


def _voa(data_dir: Path, pipeline: Pipeline, *, limit: int | None) -> dict[str, float]:
    """Merge the events of the VOA dev stories; score the ones matched to gold events."""
    stories_path = data_dir / "voa_stories" / "voa_stories.jsonl"
    gold_path = data_dir / "voa_events" / "gold.jsonl"
    split_path = data_dir / "voa_events" / "stories.jsonl"
    if not all(p.is_file() for p in (stories_path, gold_path, split_path)):
        raise MissingDataError(f"VOA stories or their gold events not found under {data_dir}")
    dev = {str(s["story_id"]) for s in _jsonl(split_path) if s["split"] == "dev"}
    articles = [
        Article(
            id=str(s["id"]),
            text=s["text"],
            published=dt.date.fromisoformat(s["published"][:10]),
            source="VOA",
        )
        for s in _jsonl(stories_path)
        if str(s["id"]) in dev
    ][:limit]
    gold_events = [
        g for g in _jsonl(gold_path) if str(g["story_id"]) in dev and not g["background"]
    ]
    gold_incident = _gold_incidents(gold_events)
    events: list[Event] = []
    reports: list[Report] = []
    by_id = {a.id: a for a in articles}
    for extraction in pipeline.run(articles):
        events.extend(extraction.events)
        reports.extend(_report(e, by_id[e.article_id]) for e in extraction.events)
    of_event = {e: i.incident_id for i in incidents.merge(reports) for e in i.event_ids}
    matched = _match(events, gold_events)
    predicted = {event_id: of_event[event_id] for event_id in matched}
    gold = {event_id: gold_incident[gold_id] for event_id, gold_id in matched.items()}
    return {**_prefixed("voa", scores(predicted, gold)), "voa_matched_events": float(len(gold))}


def _gold_incidents(gold: list[dict]) -> dict[str, str]:
    """Gold event id -> incident id: complete-link over same country, type, day and place."""
    groups: list[list[dict]] = []
    for event in sorted(gold, key=lambda g: g["gold_id"]):
        home = next((g for g in groups if all(_same_gold(event, other) for other in g)), None)
        if home is None:
            groups.append([event])
        else:
            home.append(event)
    return {e["gold_id"]: group[0]["gold_id"] for group in groups for e in group}


def _same_gold(a: dict, b: dict) -> bool:
    if a["story_id"] == b["story_id"] or a["country_code"] != b["country_code"]:
        return False
    if a["event_type"] != b["event_type"]:
        return False
    days = abs(
        (dt.date.fromisoformat(a["date_start"]) - dt.date.fromisoformat(b["date_start"])).days
    )
    if days > 1:
        return False
    if a["geo_precision"] == b["geo_precision"] == "town":
        return (
            distance_km(a["latitude"], a["longitude"], b["latitude"], b["longitude"])
            <= _GOLD_MATCH_KM
        )
    return a["admin1"] is None or b["admin1"] is None or a["admin1"] == b["admin1"]


def _match(events: Sequence[Event], gold: Sequence[dict]) -> dict[str, str]:
    """System event id -> gold event id, greedily, as the voa_events README scores."""
    pairs = []
    for event in events:
        for g in gold:
            if str(g["story_id"]) != event.article_id or not _dates_agree(event, g):
                continue
            distance = _place_distance(event, g)
            if distance is not None:
                pairs.append((distance, event.event_id, g["gold_id"]))
    matched: dict[str, str] = {}
    used: set[str] = set()
    for _, event_id, gold_id in sorted(pairs):
        if event_id not in matched and gold_id not in used:
            matched[event_id] = gold_id
            used.add(gold_id)
    return matched


def _dates_agree(event: Event, gold: dict) -> bool:
    if event.date_start is None:
        return False
    start = dt.date.fromisoformat(gold["date_start"]) - dt.timedelta(days=1)
    end = dt.date.fromisoformat(gold["date_end"]) + dt.timedelta(days=1)
    return event.date_start <= end and start <= (event.date_end or event.date_start)


def _place_distance(event: Event, gold: dict) -> float | None:
    """Distance in km when the places agree (0 for an agreeing vague gold place), else None."""
    if event.country_code != gold["country_code"]:
        return None
    if gold["geo_precision"] == "country":
        return 0.0
    if gold["geo_precision"] == "admin1" and event.admin1 == gold["admin1"]:
        return 0.0
    if event.latitude is None or event.longitude is None:
        return None
    distance = distance_km(event.latitude, event.longitude, gold["latitude"], gold["longitude"])
    return distance if distance <= _GOLD_MATCH_KM else None


def _jsonl(path: Path) -> Iterable[dict]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)

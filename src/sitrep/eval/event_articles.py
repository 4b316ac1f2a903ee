"""Score every event sitrep extracts from whole news stories against hand-coded gold.

Data (under ``data_dir``): ``voa_events/`` (gold for the stories of
``voa_stories/voa_stories.jsonl``) and ``news_events/`` (gold and ``articles.jsonl``),
each with ``stories.jsonl`` giving every story's ``split`` (``dev`` or the frozen ``test``).

Scoring follows ``shared/data/README.md``: a system event matches a gold event of the same
story when their dates overlap (the gold range widened by one day each side) and their
places agree (within 50 km of a gold town; the same admin1 or within 50 km of a gold
region; the same country for a gold country). Admin1 names agree when their distinctive
words overlap or, given ``region_names``, when the gold's name is another name of the
system's region ("Lower Shabelle" is GeoNames' "Shabeellaha Hoose"). Pairs are matched
greedily, best first, one to one. A leftover system event that fits an already matched
gold event is a duplicate; any other leftover is a false event. Precision = matched / system events;
recall = matched required gold events / required gold events (background and optional
gold events may be matched but are never required).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sitrep import ingest
from sitrep.errors import MissingDataError
from sitrep.geo.distance import distance_km
from sitrep.records import Article, Event

_SETS = {
    "voa_events": Path("voa_stories") / "voa_stories.jsonl",
    "news_events": Path("news_events") / "articles.jsonl",
}
# The names a gazetteer gives the admin1 regions of a country that a region name denotes.
RegionNames = Callable[[str, str | None], set[str]]
_SLACK = dt.timedelta(days=1)
NEAR_KM = 50.0  # a town-level gold event is matched this near
_REGION_WORDS = {
    "oblast", "province", "region", "governorate", "state", "district", "prefecture",
    "department", "county", "muhafazat", "al", "el", "the", "of", "kray", "krai", "republic",
}  # fmt: skip


@dataclass(frozen=True)
class GoldEvent:
    """One hand-coded event of a story (the fields the scorer uses)."""

    gold_id: str
    event_type: str
    sub_event_type: str
    date_start: dt.date
    date_end: dt.date
    country_code: str | None
    admin1: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: str
    fatalities: int | None
    verification: str | None
    background: bool
    optional: bool
    sentences: tuple[str, ...] = ()

    @property
    def required(self) -> bool:
        """Whether missing this event is an error."""
        return not (self.background or self.optional)


@dataclass(frozen=True)
class Story:
    """A gold story: its article, split and coded events."""

    article: Article
    split: str
    dataset: str
    gold: tuple[GoldEvent, ...]


@dataclass
class StoryScore:
    """How the system events of one story fared against its gold events."""

    story: Story
    events: list[Event]
    matches: list[tuple[Event, GoldEvent]] = field(default_factory=list)
    duplicates: list[Event] = field(default_factory=list)
    false_events: list[Event] = field(default_factory=list)

    @property
    def missed(self) -> list[GoldEvent]:
        """Required gold events no system event matched."""
        found = {gold.gold_id for _, gold in self.matches}
        return [g for g in self.story.gold if g.required and g.gold_id not in found]


def load_stories(data_dir: Path) -> list[Story]:
    """Read both gold story sets; raise MissingDataError when a file is absent."""
    stories: list[Story] = []
    for dataset, texts in _SETS.items():
        meta_file = data_dir / dataset / "stories.jsonl"
        gold_file = data_dir / dataset / "gold.jsonl"
        text_file = data_dir / texts
        for path in (meta_file, gold_file, text_file):
            if not path.is_file():
                raise MissingDataError(
                    f"whole-article event gold not found: {path}; pass the shared/data folder"
                )
        meta = {_story_id(row): row for row in _jsonl(meta_file)}
        gold: dict[str, list[GoldEvent]] = {key: [] for key in meta}
        for row in _jsonl(gold_file):
            gold[_story_id(row)].append(_gold_event(row))
        for item in ingest.read([text_file]):
            if isinstance(item, Article) and item.id in meta:
                split = meta[item.id]["split"]
                stories.append(Story(item, split, dataset, tuple(gold[item.id])))
    return stories


def score(
    story: Story, events: list[Event], *, region_names: RegionNames | None = None
) -> StoryScore:
    """Match the system ``events`` of ``story`` to its gold events (``region_names``: see
    :func:`matches`)."""
    result = StoryScore(story=story, events=events)
    pairs = [
        (_closeness(event, gold), i, j)
        for i, event in enumerate(events)
        for j, gold in enumerate(story.gold)
        if matches(event, gold, region_names=region_names)
    ]
    used_events: set[int] = set()
    used_gold: set[int] = set()
    for _, i, j in sorted(pairs, key=lambda p: p[0]):
        if i in used_events or j in used_gold:
            continue
        used_events.add(i)
        used_gold.add(j)
        result.matches.append((events[i], story.gold[j]))
    for i, event in enumerate(events):
        if i in used_events:
            continue
        if any(matches(event, story.gold[j], region_names=region_names) for j in used_gold):
            result.duplicates.append(event)
        else:
            result.false_events.append(event)
    return result


def matches(event: Event, gold: GoldEvent, *, region_names: RegionNames | None = None) -> bool:
    """Whether a system event reports the gold incident (dates overlap, places agree);
    ``region_names`` gives the gazetteer's names of the regions a gold admin1 name denotes."""
    if event.date_start is None:
        return False
    end = event.date_end or event.date_start
    if event.date_start > gold.date_end + _SLACK or end < gold.date_start - _SLACK:
        return False
    return _places_agree(event, gold, region_names)


def summarise(scores: Iterable[StoryScore]) -> dict[str, float]:
    """Precision, recall and the other whole-article figures over some scored stories."""
    scores = list(scores)
    system = sum(len(s.events) for s in scores)
    matched = sum(len(s.matches) for s in scores)
    coded = sum(len(s.story.gold) for s in scores)
    required = sum(sum(g.required for g in s.story.gold) for s in scores)
    found = sum(sum(g.required for _, g in s.matches) for s in scores)
    quiet = [s for s in scores if not s.story.gold]
    pairs = [pair for s in scores for pair in s.matches]
    counted = [(e, g) for e, g in pairs if g.fatalities is not None]
    verified = [(e, g) for e, g in pairs if g.verification]
    precision = matched / system if system else 0.0
    recall = found / required if required else 0.0
    return {
        "stories": float(len(scores)),
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "events_per_story": system / max(len(scores), 1),
        "coded_per_story": coded / max(len(scores), 1),
        "system_to_coded": system / coded if coded else float(system),
        "duplicates": float(sum(len(s.duplicates) for s in scores)),
        "false_events": float(sum(len(s.false_events) for s in scores)),
        "no_event_stories": float(len(quiet)),
        "no_event_stories_quiet": sum(not s.events for s in quiet) / max(len(quiet), 1),
        "false_events_in_no_event_stories": float(sum(len(s.events) for s in quiet)),
        "fatalities_exact": share((e.fatalities or 0) == g.fatalities for e, g in counted),
        "place_precision_agreement": share(_same_precision(e, g) for e, g in pairs),
        "verification_accuracy": share(e.verification == g.verification for e, g in verified),
    }


def describe_errors(scored: StoryScore) -> list[str]:
    """Lines listing a story's missed gold events, false events and duplicates, each with
    the sentence it comes from (for the ``dev`` parts only: never read the frozen split's
    errors)."""
    if not (scored.missed or scored.false_events or scored.duplicates):
        return []
    story = scored.story
    lines = [
        f"{story.dataset} {story.article.id} ({story.article.published}): {story.article.title}"
    ]
    for gold in scored.missed:
        lines.append(f"  missed {_gold_line(gold)}")
        lines += [f"      | {sentence}" for sentence in gold.sentences[:2]]
    for kind, events in (("false", scored.false_events), ("duplicate", scored.duplicates)):
        for event in events:
            lines.append(f"  {kind} {_event_line(event)}")
            lines.append(f"      | {event.sentence}")
    return lines


def _gold_line(gold: GoldEvent) -> str:
    return (
        f"{gold.gold_id} {gold.sub_event_type}, {gold.date_start}..{gold.date_end}, "
        f"{gold.admin1 or '-'} ({gold.country_code}, {gold.geo_precision})"
    )


def _event_line(event: Event) -> str:
    return (
        f"{event.sub_event_type}, {event.date_start}..{event.date_end}, "
        f"{event.location or '-'} ({event.country_code}, precision {event.geo_precision})"
    )


def share(hits: Iterable[bool]) -> float:
    """The share of true values (0 when there are none)."""
    values = list(hits)
    return sum(values) / len(values) if values else 0.0


def _same_precision(event: Event, gold: GoldEvent) -> bool:
    """Town-level gold wants precision 1 or 2; region or country gold wants 3."""
    if event.geo_precision is None:
        return False
    return (event.geo_precision < 3) == (gold.geo_precision == "town")


def _closeness(event: Event, gold: GoldEvent) -> tuple[int, float, int]:
    """Sort key of a candidate pair: same type first, then nearer places, then dates."""
    same_type = 0 if event.event_type == gold.event_type else 1
    km = _distance(event, gold)
    start = event.date_start or gold.date_start
    return same_type, km if km is not None else 1e6, abs((start - gold.date_start).days)


def _places_agree(event: Event, gold: GoldEvent, region_names: RegionNames | None) -> bool:
    if gold.geo_precision == "town":
        return near(event, gold)
    if not event.country_code or event.country_code != gold.country_code:
        return False
    if gold.geo_precision == "country":
        return True
    if near(event, gold) or _same_region(event.admin1, gold.admin1):
        return True
    return bool(
        region_names is not None
        and event.admin1
        and gold.admin1
        and event.admin1 in region_names(gold.admin1, gold.country_code)
    )


def _same_region(system: str | None, gold: str | None) -> bool:
    """Admin1 names agree when their distinctive words overlap ("Kharkiv Oblast" ~ "Kharkiv")."""
    if not system or not gold:
        return False
    return bool(_region_words(system) & _region_words(gold))


def _region_words(name: str) -> set[str]:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    parts = re.split(r"[^a-z]+", plain.replace("'", ""))
    return {p for p in parts if len(p) > 2 and p not in _REGION_WORDS}


def near(event: Event, gold: GoldEvent) -> bool:
    """Whether the event lies within :data:`NEAR_KM` of the gold event."""
    km = _distance(event, gold)
    return km is not None and km <= NEAR_KM


def _distance(event: Event, gold: GoldEvent) -> float | None:
    """Km between an event and a gold event, None when either has no point."""
    if None in (event.latitude, event.longitude, gold.latitude, gold.longitude):
        return None
    return distance_km(event.latitude, event.longitude, gold.latitude, gold.longitude)  # type: ignore[arg-type]


def _story_id(row: dict) -> str:
    return str(row.get("story_id") or row.get("article_id"))


def _gold_event(row: dict) -> GoldEvent:
    return GoldEvent(
        gold_id=row["gold_id"],
        event_type=row["event_type"],
        sub_event_type=row["sub_event_type"],
        date_start=dt.date.fromisoformat(row["date_start"]),
        date_end=dt.date.fromisoformat(row["date_end"]),
        country_code=row.get("country_code"),
        admin1=row.get("admin1"),
        latitude=row.get("latitude"),
        longitude=row.get("longitude"),
        geo_precision=row.get("geo_precision") or "country",
        fatalities=row.get("fatalities"),
        verification=row.get("verification"),
        background=bool(row.get("background")),
        optional=bool(row.get("optional")),
        sentences=tuple(row.get("sentences") or ()),
    )


def _jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)

"""Score every event sitrep extracts from ACLED coder notes and CASE 2021 snippets.

Each ACLED note describes one event: every event sitrep reports beyond the first of a note
counts against precision, and the note's first event is compared with ACLED's coding
(event type, sub-event type, fatalities, actors). CASE 2021 snippets carry ACLED sub-type
labels; their five non-ACLED labels (crime, disasters, diplomacy...) are right when sitrep
reports no event.

Both sets are split by a hash of the row id (:func:`split_of`): a third is the frozen
``test`` split, never used to develop rules or train models; the rest is ``dev``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sitrep import actors
from sitrep.records import Article, Event
from sitrep.taxonomy import load as load_taxonomy

NONE = "none"
CASE_FILE = Path("case2021_task2") / "test_set_final_release_with_labels.tsv"
_YEARS = re.compile(r"\(\s*\d{4}\s*-?\s*(?:\d{4})?\s*\)")
_ACRONYM = re.compile(r"^[A-Za-z0-9-]{2,12}:\s+")
# ACLED's actor category codes (inter1, inter2) as named in sitrep's actor lexicon.
INTER_KINDS = {
    "1": "state forces", "2": "rebel group", "3": "political militia", "4": "identity militia",
    "5": "rioters", "6": "protesters", "7": "civilians", "8": "external/other forces",
}  # fmt: skip


@dataclass(frozen=True)
class Note:
    """One ACLED row: the note's text and ACLED's coding of it."""

    row_id: str
    text: str
    date: dt.date
    event_type: str
    sub_event_type: str
    fatalities: int
    actor1: str
    actor2: str
    inter2: str = ""  # ACLED's category code of actor2 ("1" state forces ... "8" external)
    country: str = ""
    inter1: str = ""  # ACLED's category code of actor1


@dataclass(frozen=True)
class Snippet:
    """One CASE 2021 snippet and its label (an ACLED sub-type name, or ``none``)."""

    row_id: str
    text: str
    label: str


def split_of(row_id: str) -> str:
    """``test`` for a third of the rows (sha1 of the id, mod 3 == 0), else ``dev``."""
    digest = int(hashlib.sha1(row_id.encode("utf-8")).hexdigest(), 16)
    return "test" if digest % 3 == 0 else "dev"


def read_notes(files: list[Path]) -> Iterator[Note]:
    """ACLED rows of the given CSV files."""
    for path in files:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                yield Note(
                    row_id=row["event_id_cnty"],
                    text=row["notes"],
                    date=dt.date.fromisoformat(row["event_date"]),
                    event_type=row["event_type"],
                    sub_event_type=row["sub_event_type"],
                    fatalities=int(row["fatalities"] or 0),
                    actor1=row["actor1"],
                    actor2=row["actor2"],
                    inter2=row["inter2"],
                    inter1=row["inter1"],
                    country=row["country"],
                )


def read_snippets(path: Path) -> Iterator[Snippet]:
    """CASE 2021 snippets with their labels mapped to ACLED sub-type names."""
    taxonomy = load_taxonomy()
    with path.open(encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3:
                sub = taxonomy.by_case_code(parts[2])
                yield Snippet(row_id=parts[0], text=parts[1], label=sub.name if sub else NONE)


def note_article(note: Note) -> Article:
    """The note as an article published on the event's date."""
    return Article(id=note.row_id, text=note.text, published=note.date)


def snippet_article(snippet: Snippet) -> Article:
    """The snippet as an article; CASE gives no dates, so a fixed reference date."""
    return Article(id=f"case-{snippet.row_id}", text=snippet.text, published=dt.date(2020, 1, 1))


def score_notes(pairs: list[tuple[Note, list[Event]]]) -> dict[str, float]:
    """Figures over notes and the events sitrep found in each."""
    system = sum(len(events) for _, events in pairs)
    detected = sum(bool(events) for _, events in pairs)
    gold_types = [note.event_type for note, _ in pairs]
    pred_types = [events[0].event_type if events else NONE for _, events in pairs]
    firsts = [(note, events[0] if events else None) for note, events in pairs]
    deadly = [(note, event) for note, event in firsts if note.fatalities > 0]
    targeted = [(note, event) for note, event in firsts if note.actor2]
    labels = [t.name for t in load_taxonomy().event_types]
    return {
        "notes": float(len(pairs)),
        "events_per_note": system / max(len(pairs), 1),
        "precision": detected / system if system else 0.0,
        "detected": detected / max(len(pairs), 1),
        "type_accuracy": accuracy(gold_types, pred_types),
        "type_macro_f1": macro_f1(gold_types, pred_types, labels),
        "sub_type_accuracy": _share(
            bool(e and e.sub_event_type == n.sub_event_type) for n, e in firsts
        ),
        "fatalities_exact": _share(
            ((e.fatalities if e else None) or 0) == n.fatalities for n, e in firsts
        ),
        "fatalities_exact_where_reported": _share(
            bool(e and e.fatalities == n.fatalities) for n, e in deadly
        ),
        "actor1_agreement": _share(
            bool(e and (same_party(e.actor1, n.actor1) or swapped_pair(e, n))) for n, e in firsts
        ),
        "actor2_agreement": _share(
            bool(e and (same_actor2(e.actor2, n) or swapped_pair(e, n))) for n, e in targeted
        ),
        "actor2_ordered_agreement": _share(
            bool(e and same_actor2(e.actor2, n)) for n, e in targeted
        ),
        "actor2_name_agreement": _share(
            bool(e and same_party(e.actor2, n.actor2)) for n, e in targeted
        ),
    }


def score_snippets(pairs: list[tuple[Snippet, list[Event]]]) -> dict[str, float]:
    """Sub-type figures over CASE snippets (first event, or ``none``)."""
    gold = [snippet.label for snippet, _ in pairs]
    pred = [events[0].sub_event_type if events else NONE for _, events in pairs]
    seen = [(g, p) for g, p in zip(gold, pred, strict=True) if g != NONE]
    return {
        "snippets": float(len(pairs)),
        "accuracy": accuracy(gold, pred),
        "macro_f1": macro_f1(gold, pred, sorted(set(gold))),
        "seen_accuracy": accuracy([g for g, _ in seen], [p for _, p in seen]),
    }


def same_party(system: str | None, acled: str | None) -> bool:
    """Whether sitrep's actor names ACLED's party: equal once ACLED's year ranges and acronym
    prefixes ("LeT: Lashkar-e-Taiba") are dropped, or ACLED's name is sitrep's plus a
    qualifier ("Military Forces of Yemen (2016-) Supreme Political Council" is "Military
    Forces of Yemen")."""
    if not system or not acled:
        return False
    ours, theirs = _party(system), _party(acled)
    return ours == theirs or theirs.startswith(ours + " ")


def same_actor2(system: str | None, note: Note) -> bool:
    """Whether sitrep's actor2 is the party ACLED's note codes as actor2: the same name
    (:func:`same_party`), or the same ACLED actor category and country ("Police Forces of
    Afghanistan" for ACLED's "Military Forces of Afghanistan (2014-)", "Civilians (Mali)"
    for "Civilians (Mali)"). ACLED's actor country is the one its name gives, else the
    note's."""
    return _same_coded(system, note.actor2, note.inter2, note)


def swapped_pair(event: Event, note: Note) -> bool:
    """Whether sitrep names both of ACLED's actors, in the other order: the same coding, as
    ACLED's actor columns "do not imply directionality (e.g. attacker or defender)"; each
    compared as :func:`same_actor2` compares actor2."""
    return bool(
        note.actor1
        and note.actor2
        and _same_coded(event.actor1, note.actor2, note.inter2, note)
        and _same_coded(event.actor2, note.actor1, note.inter1, note)
    )


def _same_coded(system: str | None, acled: str, inter: str, note: Note) -> bool:
    """Whether sitrep's actor is ACLED's ``acled`` (category code ``inter``): by name, or by
    ACLED category and country."""
    if not system or not acled:
        return False
    if same_party(system, acled):
        return True
    ours = actors.category(system)
    kind = INTER_KINDS.get(inter)
    if ours is None or ours[1] is None or kind is None:
        return False
    country = actors.country_named(acled) or actors.country_named(note.country)
    return ours == (kind, country)


def _party(name: str) -> str:
    """Lower case, without ACLED's year ranges and acronym prefixes ("NAS: National ..."),
    hyphens as spaces ("al-Sham" is ACLED's "al Sham")."""
    bare = _ACRONYM.sub("", _YEARS.sub(" ", name)).replace("-", " ")
    return " ".join(bare.lower().split())


def _share(hits: Iterator[bool] | list[bool]) -> float:
    values = list(hits)
    return sum(values) / len(values) if values else 0.0


def accuracy(gold: list[str], pred: list[str]) -> float:
    """Share of equal labels."""
    if not gold:
        return 0.0
    return sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)


def macro_f1(gold: list[str], pred: list[str], labels: list[str]) -> float:
    """Unweighted mean of per-label F1 over ``labels`` (predictions outside them are misses)."""
    scores = []
    for label in labels:
        tp = sum(g == p == label for g, p in zip(gold, pred, strict=True))
        fp = sum(p == label != g for g, p in zip(gold, pred, strict=True))
        fn = sum(g == label != p for g, p in zip(gold, pred, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores) if scores else 0.0

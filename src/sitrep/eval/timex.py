"""Score the time stage on TempEval-3 training data (TimeBank + AQUAINT TimeML).

Each ``.tml`` document gives its creation date in ``<DCT>`` and gold TIMEX3 tags
inside ``<TEXT>``; the tags are stripped to get the plain text and gold spans.
Metrics follow the TempEval-3 entity scorer, on character offsets: *strict*
spans match exactly, *relaxed* spans overlap. Precision counts system spans that
match a gold span, recall gold spans matched by a system span. Type and value
accuracy are measured over relaxed matches, and value F1 = value accuracy x
relaxed F1 (the TempEval-3 headline for normalisation).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from sitrep import timex
from sitrep.errors import MissingDataError
from sitrep.records import TimeExpression

logger = logging.getLogger(__name__)

_FOLDER = "tempeval3_train"


@dataclass(frozen=True)
class _Gold:
    start: int
    end: int
    type: str
    value: str


@dataclass(frozen=True)
class _Document:
    name: str
    text: str
    dct: dt.date
    gold: list[_Gold]


def evaluate(data_dir: Path, *, limit: int | None = None) -> dict[str, float]:
    """Run ``sitrep.timex.run`` over the TempEval-3 training documents and score it.

    Args:
        data_dir (Path): the shared ``data`` folder holding ``tempeval3_train/``.
        limit (int | None): score only the first ``limit`` documents (sorted by path).

    Returns:
        dict[str, float]: strict/relaxed precision, recall, F1, type and value
        accuracy, value F1, counts and seconds taken.
    """
    paths = sorted((Path(data_dir) / _FOLDER).glob("*/*.tml"))
    if not paths:
        raise MissingDataError(
            f"no TempEval-3 .tml files under {Path(data_dir) / _FOLDER}: pass the folder that "
            "holds tempeval3_train/ (the shared development data)"
        )
    if limit is not None:
        paths = paths[:limit]
    began = time.perf_counter()
    counts = dict.fromkeys(
        ("gold", "system", "strict_gold", "strict_system", "relaxed_gold", "relaxed_system"), 0
    )
    counts |= {"type_ok": 0, "value_ok": 0}
    for path in paths:
        doc = _read(path)
        system = timex.run(doc.text, published=doc.dct)
        _score(doc, system, counts)
    metrics = _metrics(counts)
    metrics["documents"] = float(len(paths))
    metrics["seconds"] = round(time.perf_counter() - began, 2)
    return metrics


def _read(path: Path) -> _Document:
    """Parse one TimeML file into plain text, creation date and gold spans."""
    root = ET.parse(path).getroot()
    dct_tag = root.find("DCT/TIMEX3")
    text_tag = root.find("TEXT")
    if dct_tag is None or text_tag is None:
        raise MissingDataError(f"{path}: no DCT or TEXT element; is this a TimeML file?")
    dct = dt.date.fromisoformat(dct_tag.attrib["value"][:10])
    parts: list[str] = []
    gold: list[_Gold] = []

    def walk(element: ET.Element) -> None:
        start = sum(map(len, parts))
        parts.append(element.text or "")
        for child in element:
            walk(child)
            parts.append(child.tail or "")
        if element.tag == "TIMEX3" and element.attrib.get("functionInDocument") != "CREATION_TIME":
            end = start + len("".join(element.itertext()))
            gold.append(_Gold(start, end, element.attrib["type"], element.attrib["value"]))

    walk(text_tag)
    return _Document(path.name, "".join(parts), dct, gold)


def _score(doc: _Document, system: list[TimeExpression], counts: dict[str, int]) -> None:
    counts["gold"] += len(doc.gold)
    counts["system"] += len(system)
    for gold in doc.gold:
        overlapping = [s for s in system if s.start < gold.end and gold.start < s.end]
        if any(s.start == gold.start and s.end == gold.end for s in overlapping):
            counts["strict_gold"] += 1
        if overlapping:
            counts["relaxed_gold"] += 1
            best = max(overlapping, key=lambda s: min(s.end, gold.end) - max(s.start, gold.start))
            counts["type_ok"] += best.type == gold.type
            counts["value_ok"] += _canonical(best.value) == _canonical(gold.value)
            if best.value != gold.value:
                logger.debug(
                    "%s: %r -> %s, gold %s (DCT %s)",
                    doc.name,
                    doc.text[gold.start : gold.end],
                    best.value,
                    gold.value,
                    doc.dct,
                )
        else:
            logger.debug("%s: missed %r", doc.name, doc.text[gold.start : gold.end])
    for span in system:
        overlapping_gold = [g for g in doc.gold if span.start < g.end and g.start < span.end]
        if any(g.start == span.start and g.end == span.end for g in overlapping_gold):
            counts["strict_system"] += 1
        if overlapping_gold:
            counts["relaxed_system"] += 1
        else:
            logger.debug("%s: spurious %r", doc.name, span.text)


def _canonical(value: str) -> str:
    """Drop zero padding of ISO week numbers, which annotators wrote both ways (W7, W07)."""
    return re.sub(r"-W0(\d)", r"-W\1", value)


def _metrics(counts: dict[str, int]) -> dict[str, float]:
    metrics: dict[str, float] = {}
    for kind in ("strict", "relaxed"):
        precision = counts[f"{kind}_system"] / counts["system"] if counts["system"] else 0.0
        recall = counts[f"{kind}_gold"] / counts["gold"] if counts["gold"] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        metrics |= {f"{kind}_precision": precision, f"{kind}_recall": recall, f"{kind}_f1": f1}
    matched = counts["relaxed_gold"]
    for attribute in ("type", "value"):
        accuracy = counts[f"{attribute}_ok"] / matched if matched else 0.0
        metrics[f"{attribute}_accuracy"] = accuracy
        metrics[f"{attribute}_f1"] = accuracy * metrics["relaxed_f1"]
    metrics = {name: round(value, 4) for name, value in metrics.items()}
    metrics["gold"] = float(counts["gold"])
    metrics["system"] = float(counts["system"])
    return metrics

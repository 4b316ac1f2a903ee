"""Score places: ``sitrep.geocode`` on LGL, and event places on ACLED notes.

Data (under ``data_dir``, the ``shared/data`` folder):

- ``lgl/lgl.xml`` (Lieberman et al. 2010): local news with gold toponyms. Each article's
  ``dltime`` is its publication date. Split by ``sha1(docid) mod 3``: 0 is the frozen
  ``test`` split (floors guard it; never tune on its errors), the rest ``train`` (the
  learned ranker is fitted there). The articles are geocoded as one run in file order
  (:func:`predict_lgl`), each article's source its ``<domain>``, so that the run-level
  lexicon works as in every run. A predicted mention matches a gold toponym when their
  spans overlap (each gold toponym matched once). Per split (``test_*``, ``train_*``):

  - ``recognition_p/_r/_f1``: predicted mentions vs all gold toponyms;
  - ``acc161_end_to_end``: gold toponyms with coordinates that were recognised and placed
    within 161 km, over all gold toponyms with coordinates; ``acc161_resolved``: the same
    over those recognised and resolved; ``mean_km``/``median_km``: their errors;
  - ``acc161_gold_spans``: the resolver alone, given the gold spans (unresolved = wrong),
    with ``gold_mean_km``, ``gold_median_km`` and ``gold_auc`` (area under the curve of
    sorted log errors, 0 best, 1 worst; an unresolved toponym counts 20,039 km), for the
    default ranker and, as ``acc161_gold_spans_rules``/``_learned``, for both.
- ``acled_notes/*.csv``: each note through the whole pipeline (its source the row's
  ``source`` column); its first event's place is
  scored against the row's coordinates: ``acled_event_within50`` (within 50 km; a note
  without an event or place counts as wrong), on all notes, on the Ukrainian ones
  (``acled_ukraine_event_within50``) and on the frozen split ``sha1(event_id_cnty) mod 3
  == 0`` (``acled_test_event_within50``; its Ukrainian notes alone:
  ``acled_test_ukraine_event_within50``). ``acled_toponym_within50``: some resolved
  mention of the note lies within 50 km (what the geoparser offers the event stage).
  ``acled_location_names_found``: share of distinct ``location`` names the gazetteer knows.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import math
import statistics
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from sitrep import gazetteer, geocode, nlp
from sitrep.errors import MissingDataError
from sitrep.gazetteer import Gazetteer
from sitrep.geo import run_lexicon_on
from sitrep.geo.ranker import RANKERS
from sitrep.records import Article, Place, PlaceMention

_KM = 161.0
_EVENT_KM = 50.0
_EARTH_HALF_KM = 20039.0


@dataclass(frozen=True)
class Toponym:
    """A gold toponym: span, and the gold point and country when resolved."""

    start: int
    end: int
    lat: float | None
    lon: float | None
    country: str | None


def split_of(ident: str) -> str:
    """``test`` for the frozen third of a set (sha1 of the id mod 3 == 0), else ``train``."""
    return "test" if int(hashlib.sha1(ident.encode()).hexdigest(), 16) % 3 == 0 else "train"


def lgl_articles(path: Path) -> Iterator[tuple[Article, list[Toponym]]]:
    """LGL articles with their gold toponyms."""
    root = ET.parse(path).getroot()
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        published = dt.date.fromisoformat((art.findtext("dltime") or "")[:10])
        gold = []
        for top in art.iter("toponym"):
            tag = top.find("gaztag")
            lat = lon = None
            country = None
            if tag is not None and tag.findtext("lat"):
                lat, lon = float(tag.findtext("lat", "")), float(tag.findtext("lon", ""))
                country = tag.findtext("country")
            start, end = int(top.findtext("start", "")), int(top.findtext("end", ""))
            gold.append(Toponym(start, end, lat, lon, country))
        article = Article(
            id=art.get("docid", ""),
            text=text,
            published=published,
            source=art.findtext("domain") or None,
        )
        yield article, gold


def evaluate(
    data_dir: Path, *, limit: int | None = None, lexicon: bool | None = None
) -> dict[str, float]:
    """Return the figures described in the module docstring (``limit`` caps each set).
    The run-level lexicon is used as in every run (:func:`sitrep.geo.run_lexicon_on`)
    unless ``lexicon`` says otherwise."""
    if lexicon is None:
        lexicon = run_lexicon_on()
    lgl_path = data_dir / "lgl" / "lgl.xml"
    notes = sorted((data_dir / "acled_notes").glob("*.csv"))
    if not lgl_path.is_file() or not notes:
        raise MissingDataError(
            f"geo gold data not found under {data_dir}: need lgl/lgl.xml and "
            "acled_notes/*.csv; pass the shared/data folder as data_dir"
        )
    started = time.perf_counter()
    gaz = gazetteer.load()
    items = list(lgl_articles(lgl_path))[:limit]
    docs = nlp.load().pipe([a.text for a, _ in items], batch_size=32)
    parsed = [(a, gold, doc) for (a, gold), doc in zip(items, docs, strict=True)]
    metrics: dict[str, float] = {}
    predicted = predict_lgl(parsed, gazetteer=gaz, lexicon=lexicon)
    for split in ("test", "train"):
        chosen = [item for item in predicted if split_of(item.article.id) == split]
        for name, value in score_lgl(chosen).items():
            metrics[f"{split}_{name}"] = value
    metrics.update(score_acled(list(_read_notes(notes, limit)), gazetteer=gaz, lexicon=lexicon))
    from sitrep.eval.geo_wire import evaluate_wire  # it scores with this module's functions

    metrics.update(evaluate_wire(data_dir, gazetteer=gaz, limit=limit))
    metrics["seconds"] = round(time.perf_counter() - started, 1)
    return metrics


@dataclass(frozen=True)
class Predicted:
    """An LGL article's gold toponyms, its geoparse, and its gold spans resolved per ranker."""

    article: Article
    gold: list[Toponym]
    found: list[PlaceMention]
    given: dict[str, list[PlaceMention]]


def predict_lgl(
    items: list[tuple[Article, list[Toponym], Doc]], *, gazetteer: Gazetteer, lexicon: bool = True
) -> list[Predicted]:
    """Geoparse parsed LGL articles as one run, in chunks of :data:`geocode.RUN_CHUNK`
    (demonyms count, as LGL tags them), and resolve their gold spans the same way."""
    parse = geocode.RunGeocoder(gazetteer=gazetteer, demonyms=True, lexicon=lexicon)
    given = {
        name: geocode.RunGeocoder(gazetteer=gazetteer, ranker=name, lexicon=lexicon)
        for name in RANKERS
    }
    out: list[Predicted] = []
    for at in range(0, len(items), geocode.RUN_CHUNK):
        chunk = items[at : at + geocode.RUN_CHUNK]
        found = parse.run([(doc, a) for a, _, doc in chunk])
        spans = [(doc, a, [(g.start, g.end) for g in gold]) for a, gold, doc in chunk]
        by_ranker = {name: resolver.resolve(spans) for name, resolver in given.items()}
        for i, (a, gold, _) in enumerate(chunk):
            out.append(Predicted(a, gold, found[i], {n: r[i] for n, r in by_ranker.items()}))
    return out


def score_lgl(items: Iterable[Predicted]) -> dict[str, float]:
    """Recognition and resolution figures over geoparsed LGL articles."""
    n_pred = n_pred_hit = n_gold = n_gold_hit = n_coord = 0
    resolved_errors: list[float] = []
    gold_errors: dict[str, list[float]] = {name: [] for name in RANKERS}
    for item in items:
        pred, gold, given = item.found, item.gold, item.given
        n_pred += len(pred)
        n_pred_hit += sum(any(_overlap(p, g) for g in gold) for p in pred)
        n_gold += len(gold)
        used: set[int] = set()
        for g in gold:
            hit = next((i for i, p in enumerate(pred) if i not in used and _overlap(p, g)), None)
            n_gold_hit += hit is not None
            if hit is not None:
                used.add(hit)
            if g.lat is None:
                continue
            n_coord += 1
            for name, mentions in given.items():
                by_span = next((p for p in mentions if (p.start, p.end) == (g.start, g.end)), None)
                gold_errors[name].append(_error(by_span.place if by_span else None, g))
            if hit is not None and pred[hit].place is not None:
                resolved_errors.append(_error(pred[hit].place, g))
    p = n_pred_hit / n_pred if n_pred else 0.0
    r = n_gold_hit / n_gold if n_gold else 0.0
    within = sum(e <= _KM for e in resolved_errors)
    default = gold_errors[geocode.DEFAULT_RANKER]
    out = {
        "recognition_p": p,
        "recognition_r": r,
        "recognition_f1": 2 * p * r / (p + r) if p + r else 0.0,
        "acc161_end_to_end": within / n_coord if n_coord else 0.0,
        "acc161_resolved": within / len(resolved_errors) if resolved_errors else 0.0,
        "mean_km": statistics.fmean(resolved_errors) if resolved_errors else 0.0,
        "median_km": statistics.median(resolved_errors) if resolved_errors else 0.0,
        "acc161_gold_spans": _share_within(default),
        "gold_mean_km": statistics.fmean(default) if default else 0.0,
        "gold_median_km": statistics.median(default) if default else 0.0,
        "gold_auc": _auc(default),
    }
    for name, errors in gold_errors.items():
        out[f"acc161_gold_spans_{name}"] = _share_within(errors)
    return out


def _share_within(errors: list[float], km: float = _KM) -> float:
    return sum(e <= km for e in errors) / len(errors) if errors else 0.0


def _auc(errors: list[float]) -> float:
    """Area under the sorted log-error curve, scaled to [0, 1] (Gritta et al. 2018)."""
    if not errors:
        return 0.0
    top = math.log(_EARTH_HALF_KM + 1)
    logs = sorted(math.log(min(e, _EARTH_HALF_KM) + 1) / top for e in errors)
    if len(logs) == 1:
        return logs[0]
    area = sum((a + b) / 2 for a, b in zip(logs, logs[1:], strict=False))
    return area / (len(logs) - 1)


def _error(place: Place | None, g: Toponym) -> float:
    if place is None or g.lat is None or g.lon is None:
        return _EARTH_HALF_KM
    return geocode.distance_km(place.latitude, place.longitude, g.lat, g.lon)


def _overlap(p: PlaceMention, g: Toponym) -> bool:
    return p.start < g.end and g.start < p.end


def _read_notes(files: list[Path], limit: int | None) -> Iterator[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for path in files:
        with path.open(encoding="utf-8", newline="") as handle:
            rows.extend(csv.DictReader(handle))
    if limit is not None and limit < len(rows):
        step = len(rows) / limit
        rows = [rows[int(i * step)] for i in range(limit)]
    yield from rows


def score_acled(
    rows: list[dict[str, str]], *, gazetteer: Gazetteer, lexicon: bool = True
) -> dict[str, float]:
    """Event-place and toponym figures on ACLED notes (see the module docstring)."""
    from sitrep.pipeline import Pipeline

    pipeline = Pipeline(gazetteer=gazetteer, batch_size=64, run_lexicon=lexicon)
    articles = [
        Article(
            id=row["event_id_cnty"],
            text=row["notes"],
            published=dt.date.fromisoformat(row["event_date"]),
            source=row.get("source") or None,
        )
        for row in rows
    ]
    event_hits: dict[str, list[bool]] = {"all": [], "ukraine": [], "test": [], "test_ukraine": []}
    toponym_hits = []
    for row, result in zip(rows, pipeline.run(articles), strict=True):
        lat, lon = float(row["latitude"]), float(row["longitude"])
        event = result.events[0] if result.events else None
        hit = (
            event is not None
            and event.latitude is not None
            and event.longitude is not None
            and geocode.distance_km(event.latitude, event.longitude, lat, lon) <= _EVENT_KM
        )
        event_hits["all"].append(hit)
        if row["country"] == "Ukraine":
            event_hits["ukraine"].append(hit)
        if split_of(row["event_id_cnty"]) == "test":
            event_hits["test"].append(hit)
            if row["country"] == "Ukraine":
                event_hits["test_ukraine"].append(hit)
        toponym_hits.append(
            any(
                m.place is not None
                and geocode.distance_km(m.place.latitude, m.place.longitude, lat, lon) <= _EVENT_KM
                for m in result.annotated.places
            )
        )
    names = {row["location"] for row in rows}
    known = sum(bool(gazetteer.lookup(name)) for name in names)
    return {
        "acled_notes": float(len(rows)),
        "acled_event_within50": _mean(event_hits["all"]),
        "acled_ukraine_event_within50": _mean(event_hits["ukraine"]),
        "acled_test_event_within50": _mean(event_hits["test"]),
        "acled_test_ukraine_event_within50": _mean(event_hits["test_ukraine"]),
        "acled_toponym_within50": _mean(toponym_hits),
        "acled_location_names_found": known / len(names) if names else 0.0,
    }


def _mean(values: list[bool]) -> float:
    return sum(values) / len(values) if values else 0.0

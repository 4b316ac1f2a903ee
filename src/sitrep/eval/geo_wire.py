"""Score places on wire news: ``voa_places/``, Voice of America world-news articles with
every toponym coded by hand in LGL's conventions (see that folder's README).

Each article is geoparsed alone, with no source and no run-level lexicon, as a held-out
set of unrelated articles is run; demonyms count as mentions of their country, as the
gold tags them. The figures are those of LGL (:func:`sitrep.eval.geo.score_lgl`), per the
set's own ``split`` field: ``wire_dev_*`` and ``wire_test_*`` (frozen: never tune on its
errors). When the folder is absent the section is skipped with a one-line warning.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

from spacy.tokens import Doc

from sitrep import geocode, nlp
from sitrep.eval.geo import Predicted, Toponym, score_lgl
from sitrep.gazetteer import Gazetteer
from sitrep.geo.ranker import RANKERS
from sitrep.records import Article

logger = logging.getLogger(__name__)

FOLDER = "voa_places"


def wire_articles(data_dir: Path) -> list[tuple[Article, list[Toponym], str]]:
    """The coded articles with their gold toponyms and split, texts read from the
    folders named by each record's ``text_source``; [] when the set is absent."""
    gold_path = data_dir / FOLDER / "gold.jsonl"
    if not gold_path.is_file():
        return []
    texts: dict[str, dict[str, dict[str, str]]] = {}
    out = []
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        folder = record["text_source"]
        if folder not in texts:
            texts[folder] = _stories(data_dir / folder)
        story = texts[folder][record["id"]]
        article = Article(
            id=record["id"],
            text=story["text"],
            published=dt.date.fromisoformat(story["published"][:10]),
        )
        gold = [
            Toponym(t["start"], t["end"], t["lat"], t["lon"], t["country_code"])
            for t in record["toponyms"]
        ]
        out.append((article, gold, record["split"]))
    return out


def _stories(folder: Path) -> dict[str, dict[str, str]]:
    """A story folder's texts by id (``voa_stories.jsonl`` or ``articles.jsonl``)."""
    stories = {}
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if "text" in row:
                stories[row["id"]] = row
    return stories


def evaluate_wire(
    data_dir: Path, *, gazetteer: Gazetteer, limit: int | None = None
) -> dict[str, float]:
    """``wire_dev_*`` and ``wire_test_*`` figures (see the module docstring); {} when the
    set is absent."""
    items = wire_articles(data_dir)[:limit]
    if not items:
        logger.warning("wire news (%s) not found under %s: section skipped", FOLDER, data_dir)
        return {}
    docs = nlp.load().pipe([a.text for a, _, _ in items], batch_size=16)
    predicted: dict[str, list[Predicted]] = {"dev": [], "test": []}
    for (article, gold, split), doc in zip(items, docs, strict=True):
        predicted[split].append(predict_alone(article, gold, doc, gazetteer=gazetteer))
    metrics: dict[str, float] = {}
    for split, chosen in predicted.items():
        metrics[f"wire_{split}_articles"] = float(len(chosen))
        for name, value in score_lgl(chosen).items():
            metrics[f"wire_{split}_{name}"] = value
    return metrics


def predict_alone(
    article: Article, gold: list[Toponym], doc: Doc, *, gazetteer: Gazetteer
) -> Predicted:
    """One article's geoparse and its gold spans resolved per ranker, the article alone."""
    found = geocode.RunGeocoder(gazetteer=gazetteer, demonyms=True, lexicon=False).run(
        [(doc, article)]
    )[0]
    spans = [(doc, article, [(g.start, g.end) for g in gold])]
    given = {
        name: geocode.RunGeocoder(gazetteer=gazetteer, ranker=name, lexicon=False).resolve(spans)[0]
        for name in RANKERS
    }
    return Predicted(article, gold, found, given)

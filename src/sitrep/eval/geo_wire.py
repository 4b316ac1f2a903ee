"""Score places on wire news: ``voa_places/``, Voice of America world-news articles with
every toponym coded by hand in LGL's conventions (see that folder's README).

Each article is geoparsed alone, with no source and no run-level lexicon, as a held-out
set of unrelated articles is run; demonyms count as mentions of their country, as the
gold tags them. The figures are those of LGL (:func:`sitrep.eval.geo.score_lgl`), per the
set's own ``split`` field: ``wire_dev_*`` and ``wire_test_*`` (frozen: never tune on its
errors). When the folder is absent the section is skipped with a one-line warning.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from sitrep import ingest, nlp
from sitrep.eval.geo import Toponym, predict_lgl, score_lgl
from sitrep.gazetteer import Gazetteer
from sitrep.records import Article

logger = logging.getLogger(__name__)

FOLDER = "voa_places"


def wire_articles(data_dir: Path) -> list[tuple[Article, list[Toponym], str]]:
    """The coded articles with their gold toponyms and split, texts read from the
    folders named by each record's ``text_source``; [] when the set is absent."""
    gold_path = data_dir / FOLDER / "gold.jsonl"
    if not gold_path.is_file():
        return []
    texts: dict[str, dict[str, Article]] = {}
    out = []
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        folder = record["text_source"]
        if folder not in texts:
            texts[folder] = _articles(data_dir / folder)
        gold = [
            Toponym(t["start"], t["end"], t["lat"], t["lon"], t["country_code"])
            for t in record["toponyms"]
        ]
        out.append((texts[folder][record["id"]], gold, record["split"]))
    return out


def _articles(folder: Path) -> dict[str, Article]:
    """A story folder's articles by id, read as ``sitrep`` reads JSONL."""
    read = ingest.read(sorted(folder.glob("*.jsonl")))
    return {item.id: item for item in read if isinstance(item, Article)}


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
    parsed = [(article, gold, doc) for (article, gold, _), doc in zip(items, docs, strict=True)]
    # Without the run lexicon each article is resolved alone, whatever else the run holds.
    predicted = predict_lgl(parsed, gazetteer=gazetteer, lexicon=False)
    metrics: dict[str, float] = {}
    for split in ("dev", "test"):
        chosen = [p for p, (_, _, of) in zip(predicted, items, strict=True) if of == split]
        metrics[f"wire_{split}_articles"] = float(len(chosen))
        for name, value in score_lgl(chosen).items():
            metrics[f"wire_{split}_{name}"] = value
    return metrics

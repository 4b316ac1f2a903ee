"""Fit the learned place ranker on LGL's training split and write ``data/geo_ranker.json``.

Usage: ``python -m sitrep.geo.train --data ../shared/data`` (about 3 minutes: most of it
parsing the articles). The frozen ``test`` split of :func:`sitrep.eval.geo.split_of` is
never read. For every gold toponym whose candidates include one within 161 km of the
gold point, the features of all its candidates are taken in the context that the rule
ranker's picks give the article, and the nearest candidate is the target; a name counts
once per article (its later mentions share the pick of its first).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path

from spacy.tokens import Doc

from sitrep import gazetteer, nlp
from sitrep.eval.geo import Toponym, lgl_articles, split_of
from sitrep.gazetteer import Gazetteer
from sitrep.geo import ranker as rankers
from sitrep.geo.distance import distance_km
from sitrep.geo.resolve import Context, mentions, resolve
from sitrep.records import Article

_KM = 161.0
_OUT = Path(__file__).resolve().parents[1] / "data" / "geo_ranker.json"


def examples(
    items: Iterable[tuple[Article, list[Toponym], Doc]], *, gazetteer: Gazetteer
) -> list[tuple[list[list[float]], int]]:
    """Training groups: each gold toponym's candidate features and its right candidate."""
    rules = rankers.load("rules")
    groups = []
    for article, gold, doc in items:
        text = article.text
        doc.user_data.setdefault("sitrep_text", text)
        spans = sorted({(g.start, g.end) for g in gold})
        found = mentions(doc, text, spans, gazetteer)
        context = Context(found, text=text, gazetteer=gazetteer, dateline=set())
        resolve(context, ranker=rules)
        vectors = context.features(context.picks)
        by_span = {(g.start, g.end): g for g in gold}
        for i, m in enumerate(found):
            g = by_span.get((m.start, m.end))
            if g is None or g.lat is None or g.lon is None or len(m.candidates) < 2:
                continue
            if context.representative[i] != i:
                continue
            errors = [distance_km(p.latitude, p.longitude, g.lat, g.lon) for p in m.candidates]
            best = min(range(len(errors)), key=errors.__getitem__)
            if errors[best] <= _KM:
                rows = vectors[context.starts[i] : context.starts[i + 1]]
                groups.append((rows.tolist(), best))
    return groups


def main() -> None:
    """Parse LGL's training split, fit, and write the weights."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared/data folder")
    parser.add_argument("--out", type=Path, default=_OUT)
    args = parser.parse_args()
    articles = [
        (a, gold) for a, gold in lgl_articles(args.data / "lgl" / "lgl.xml")
        if split_of(a.id) == "train"
    ]  # fmt: skip
    docs = nlp.load().pipe([a.text for a, _ in articles], batch_size=32)
    items = [(a, gold, doc) for (a, gold), doc in zip(articles, docs, strict=True)]
    groups = examples(items, gazetteer=gazetteer.load())
    weights = rankers.train(groups)
    payload = {
        "trained": dt.date.today().isoformat(),
        "data": "LGL train split (sha1(docid) mod 3 != 0)",
        "toponyms": len(groups),
        "weights": weights,
    }
    args.out.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    print(f"{len(groups)} toponyms; weights written to {args.out}")


if __name__ == "__main__":
    main()

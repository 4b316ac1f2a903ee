"""Score ``sitrep.geocode`` against the LGL local-news geoparsing corpus.

Data: ``<data_dir>/lgl/lgl.xml`` (Lieberman et al. 2010). Each article's ``dltime`` is
its publication date. A predicted mention matches a gold toponym when their character
spans overlap (each gold toponym is matched at most once).

Metrics, pooled over articles:

- ``recognition_p/_r/_f1``: predicted mentions vs all gold toponyms (span overlap).
- ``acc161_resolved``: among gold toponyms with coordinates that were matched by a
  predicted mention with a resolved place, the share within 161 km of the gold point.
- ``acc161_end_to_end``: resolved within 161 km / all gold toponyms with coordinates.
- ``acc161_gold_spans``: resolution only: gold spans are given to the resolver,
  share within 161 km over all gold toponyms with coordinates.
- ``country_agreement``: among matched resolved ones, share with the gold country.
"""

from __future__ import annotations

import datetime as dt
import logging
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sitrep import gazetteer, geocode, nlp
from sitrep.errors import MissingDataError
from sitrep.records import Article

log = logging.getLogger(__name__)
_KM = 161.0


@dataclass(frozen=True)
class _Toponym:
    start: int
    end: int
    lat: float | None
    lon: float | None
    country: str | None


def _articles(path: Path) -> Iterator[tuple[Article, list[_Toponym]]]:
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
            gold.append(_Toponym(start, end, lat, lon, country))
        yield Article(id=art.get("docid", ""), text=text, published=published), gold


def evaluate(
    data_dir: Path, *, limit: int | None = None, demonyms: bool = True
) -> dict[str, float]:
    """Return recognition and resolution figures on LGL (``limit`` caps the articles).

    LGL tags demonyms ("Egyptian") as toponyms, so they are recognised by default here.
    """
    path = data_dir / "lgl" / "lgl.xml"
    if not path.is_file():
        raise MissingDataError(
            f"LGL gold data not found at {path}; pass the shared/data folder as data_dir"
        )
    gaz = gazetteer.load()
    pipeline = nlp.load()
    n_pred = n_pred_hit = n_gold = n_gold_hit = 0
    n_coord = n_resolved = n_within = n_country = n_gold_span_within = 0
    for k, (article, gold) in enumerate(_articles(path)):
        if limit is not None and k >= limit:
            break
        doc = pipeline(article.text)
        pred = geocode.run(doc, article=article, gazetteer=gaz, demonyms=demonyms)
        given = geocode.resolve(
            doc, [(g.start, g.end) for g in gold], article=article, gazetteer=gaz
        )
        n_pred += len(pred)
        n_pred_hit += sum(any(_overlap(p, g) for g in gold) for p in pred)
        n_gold += len(gold)
        used: set[int] = set()
        for g in gold:
            hit = next((i for i, p in enumerate(pred) if i not in used and _overlap(p, g)), None)
            n_gold_hit += hit is not None
            if g.lat is None:
                continue
            n_coord += 1
            by_gold = next((p for p in given if (p.start, p.end) == (g.start, g.end)), None)
            if by_gold and by_gold.place and _within(by_gold.place, g):
                n_gold_span_within += 1
            if hit is None:
                continue
            used.add(hit)
            place = pred[hit].place
            if place is None:
                continue
            n_resolved += 1
            n_within += _within(place, g)
            n_country += place.country == g.country or _same_country(place.country_code, g)
    p = n_pred_hit / n_pred if n_pred else 0.0
    r = n_gold_hit / n_gold if n_gold else 0.0
    return {
        "recognition_p": p,
        "recognition_r": r,
        "recognition_f1": 2 * p * r / (p + r) if p + r else 0.0,
        "acc161_resolved": n_within / n_resolved if n_resolved else 0.0,
        "acc161_end_to_end": n_within / n_coord if n_coord else 0.0,
        "acc161_gold_spans": n_gold_span_within / n_coord if n_coord else 0.0,
        "country_agreement": n_country / n_resolved if n_resolved else 0.0,
    }


def _overlap(p: object, g: _Toponym) -> bool:
    return p.start < g.end and g.start < p.end  # type: ignore[attr-defined]


def _within(place: object, g: _Toponym) -> bool:
    return geocode.distance_km(place.latitude, place.longitude, g.lat, g.lon) <= _KM  # type: ignore


def _same_country(code: str | None, g: _Toponym) -> bool:
    return code == "US" and g.country == "United States"

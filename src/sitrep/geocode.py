"""Geoparsing: find place names in an article and resolve them to gazetteer places.

Recognition combines spaCy's GPE/LOC/FAC entities, the article's dateline, and
gazetteer matches on capitalised word sequences (the small English model calls
Kursk a PRODUCT and Kyiv a PERSON), guarded against common words and person
names. Resolution scores every gazetteer candidate of a mention by feature type,
population, exact-name match, admin-area cue words ("Kursk region"), and
agreement with the countries, admin1 areas and other places the article names
unambiguously; a second pass re-scores with that context.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from sitrep.gazetteer import Gazetteer, normalize
from sitrep.nlp import text_of
from sitrep.records import Article, Place, PlaceMention

log = logging.getLogger(__name__)

_PLACE_LABELS = {"GPE", "LOC", "FAC"}
# spaCy labels a gazetteer match may override (sm calls Kursk a PRODUCT, Kyiv a PERSON).
_OVERRIDABLE_LABELS = {"PERSON", "ORG", "PRODUCT", "NORP", "FAC"}
_ADMIN_CUES = {
    "region", "regions", "province", "provinces", "oblast", "oblasts", "state", "states",
    "governorate", "governorates", "district", "districts", "county", "counties", "parish",
    "parishes", "krai", "prefecture", "department",
}  # fmt: skip
_ADMIN2_CUES = {"county", "counties", "parish", "parishes", "district", "districts"}
_PLACE_PREPS = {"in", "near", "of", "from", "at", "outside", "to", "around", "across", "into"}
_CONNECTORS = {"of", "de", "del", "la", "le", "upon", "on", "-", "al", "el", "du", "des"}
_HONORIFICS = {"mr", "mrs", "ms", "dr", "gen", "sen", "rep", "gov", "president", "minister"}
_BIG_CITY = 100_000
_INSIDE_ORG_POPULATION = 20_000
_MIN_CUED_POPULATION = 1_000
_NEAR_KM = 161.0
_NEAR_DEGREES = _NEAR_KM / 111.0 + 0.1


_MAX_CANDIDATES = 40
_PASSES = 3


@dataclass
class _Mention:
    start: int
    end: int
    text: str
    key: str
    cue_admin: bool = False
    cue_admin2: bool = False
    candidates: tuple[Place, ...] = ()
    within: int | None = None  # index of the mention after "<this>, <that>"


def run(
    doc: Doc, *, article: Article, gazetteer: Gazetteer, demonyms: bool = False
) -> list[PlaceMention]:
    """Find and resolve the place names of an article.

    Args:
        doc (Doc): the article text parsed by :func:`sitrep.nlp.load` (``doc.text ==
            article.text``).
        article (Article): the article; its ``dateline`` span is a place mention too.
        gazetteer (Gazetteer): where names are looked up.
        demonyms (bool): also report demonyms ("Egyptian") as mentions of their
            country, as some gold sets do. Default False.

    Returns:
        PlaceMention list in text order; ``place`` is None when no candidate fits.
    """
    spans = _recognize(doc, article=article, gazetteer=gazetteer, demonyms=demonyms)
    return resolve(doc, spans, article=article, gazetteer=gazetteer)


def resolve(
    doc: Doc, spans: Iterable[tuple[int, int]], *, article: Article, gazetteer: Gazetteer
) -> list[PlaceMention]:
    """Resolve given toponym spans (character offsets) in an article to places."""
    text = text_of(doc)
    mentions = [_mention(doc, text, s, e, gazetteer) for s, e in sorted(set(spans))]
    for i, (m, nxt) in enumerate(zip(mentions, mentions[1:], strict=False)):
        if text[m.end : nxt.start].strip() == ",":
            m.within = i + 1
    dateline = article.dateline
    dateline_ccs = {
        p.country_code
        for m in mentions
        if dateline and m.start == dateline.start and m.candidates
        for p in m.candidates[:1]
        if p.country_code
    }
    context = _Context(text, gazetteer, dateline_ccs)
    picks: list[Place | None] = [None] * len(mentions)
    for _ in range(_PASSES):
        picks = [_best(m, context, picks) for m in mentions]
        context.update(mentions, picks)
    return [
        PlaceMention(start=m.start, end=m.end, text=m.text, place=p)
        for m, p in zip(mentions, picks, strict=True)
    ]


def _mention(doc: Doc, doc_text: str, start: int, end: int, gazetteer: Gazetteer) -> _Mention:
    text = doc_text[start:end]
    m = _Mention(start, end, text, normalize(text))
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is not None:
        m.cue_admin, m.cue_admin2 = _admin_cue(span)
    words = normalize(text).split()
    if words and words[-1] in _ADMIN_CUES:
        m.cue_admin = True
        m.cue_admin2 = m.cue_admin2 or words[-1] in _ADMIN2_CUES
    m.candidates = tuple(_candidates(text, gazetteer)[:_MAX_CANDIDATES])
    return m


def _candidates(text: str, gazetteer: Gazetteer) -> list[Place]:
    for variant in _variants(text):
        found = gazetteer.lookup(variant)
        if found:
            return found
    code = gazetteer.demonym(text)
    country = gazetteer.country(code) if code else None
    return [country] if country else []


def _variants(text: str) -> list[str]:
    """The name as written, then without "the", a possessive or a trailing admin word."""
    out = [text]
    words = text.split()
    if words and words[0].lower() == "the":
        out.append(" ".join(words[1:]))
    if text.endswith(("'s", "’s")):
        out.append(text[:-2])
    if len(words) > 1 and words[-1].lower() in _ADMIN_CUES:
        out.append(" ".join(words[:-1]))
    return [v for v in out if v.strip()]


def _admin_cue(span: Span) -> tuple[bool, bool]:
    """Whether an admin word follows a (possibly coordinated) name or "regions of" precedes it."""
    doc = span.doc
    i = span.end
    while i < len(doc) and (doc[i].pos_ == "PROPN" or doc[i].lower_ in {"and", ",", "or"}):
        i += 1
    after = doc[i].lower_ if i < len(doc) and i - span.end <= 4 else ""
    j = span.start - 1
    while j >= 0 and (doc[j].pos_ == "PROPN" or doc[j].lower_ in {"and", ",", "or"}):
        j -= 1
    before = doc[j - 1].lower_ if j >= 1 and doc[j].lower_ == "of" else ""
    cue = after in _ADMIN_CUES or before in _ADMIN_CUES
    return cue, after in _ADMIN2_CUES or before in _ADMIN2_CUES


class _Context:
    """What the article says about where it is: countries, admin1 areas, picked places.

    Counts are kept per mention name so that a name's own picks do not vote for themselves.
    """

    def __init__(self, text: str, gazetteer: Gazetteer, dateline_ccs: set[str]) -> None:
        self.fixed: Counter[str] = Counter({cc: 2 for cc in dateline_ccs})
        for word in set(text.replace("-", " ").split()):
            if word[:1].isupper():
                cc = gazetteer.demonym(word.strip(".,;:'\"()"))
                if cc:
                    self.fixed[cc] += 1
        self.update([], [])

    def update(self, mentions: list[_Mention], picks: list[Place | None]) -> None:
        """Recount the context from the current picks."""
        self.countries: Counter[str] = Counter(self.fixed)
        self.admin1: Counter[tuple[str, str]] = Counter()
        self.own_countries: dict[str, Counter[str]] = {}
        self.own_admin1: dict[str, Counter[tuple[str, str]]] = {}
        self.points: list[tuple[float, float, str]] = []
        for m, p in zip(mentions, picks, strict=True):
            if p is None or p.country_code is None:
                continue
            weight = 2 if len({c.country_code for c in m.candidates[:3]}) == 1 else 1
            self.countries[p.country_code] += weight
            self.own_countries.setdefault(m.key, Counter())[p.country_code] += weight
            if p.admin1:
                self.admin1[(p.country_code, p.admin1)] += weight
                self.own_admin1.setdefault(m.key, Counter())[(p.country_code, p.admin1)] += weight
            self.points.append((p.latitude, p.longitude, m.key))

    def country_share(self, cc: str, key: str) -> float:
        own = self.own_countries.get(key, Counter())
        total = sum(self.countries.values()) - sum(own.values())
        return (self.countries[cc] - own[cc]) / total if total > 0 else 0.0

    def admin1_votes(self, cc: str, admin1: str, key: str) -> int:
        own = self.own_admin1.get(key, Counter())
        return self.admin1[(cc, admin1)] - own[(cc, admin1)]

    def near(self, p: Place, key: str) -> bool:
        lat, lon = p.latitude, p.longitude
        return any(
            _km(lat, lon, la, lo) < _NEAR_KM
            for la, lo, k in self.points
            if k != key and abs(la - lat) < _NEAR_DEGREES  # cheap bound: 1° latitude ≥ 111 km
        )


def _best(m: _Mention, ctx: _Context, picks: list[Place | None]) -> Place | None:
    if not m.candidates:
        return None
    container = picks[m.within] if m.within is not None else None
    return max(m.candidates, key=lambda p: _score(p, m, ctx, container))


def _score(p: Place, m: _Mention, ctx: _Context, container: Place | None) -> float:
    code = p.feature_code or ""
    score = math.log10((p.population or 0) + 10)
    if code.startswith("PCL"):
        score += 2.5
    elif code == "ADM1":
        score += 0.5 if m.cue_admin else -0.5
    elif code == "ADM2":
        score += 1 if m.cue_admin2 else -2.5
    elif code == "PPLC":
        score += 1
    if m.cue_admin and not code.startswith("ADM"):
        score -= 2
    if normalize(p.name) == m.key:
        score += 1
    if p.country_code:
        score += 4 * ctx.country_share(p.country_code, m.key)
        if p.admin1 and ctx.admin1_votes(p.country_code, p.admin1, m.key) > 0:
            score += 1.5
    if ctx.near(p, m.key):
        score += 1.5
    if container is not None and container.country_code == p.country_code:
        ccode = container.feature_code or ""
        if ccode.startswith("PCL") or (ccode == "ADM1" and container.admin1 == p.admin1):
            score += 4
    return score


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    return _km(lat1, lon1, lat2, lon2)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _recognize(
    doc: Doc, *, article: Article, gazetteer: Gazetteer, demonyms: bool
) -> list[tuple[int, int]]:
    """Character spans of toponyms: dateline, spaCy place entities, gazetteer matches."""
    spans: list[tuple[int, int]] = []
    if article.dateline is not None:
        spans.append((article.dateline.start, article.dateline.end))
    for ent in doc.ents:
        if ent.label_ in _PLACE_LABELS:
            if len(ent) == 1 and ent.text in _surnames(doc):
                continue  # "Athens said" after "Jane Athens"
            spans.append(_trim(ent))
        elif demonyms and ent.label_ == "NORP" and gazetteer.demonym(ent.text):
            spans.append((ent.start_char, ent.end_char))
    taken = _occupied(spans)
    ent_of = {t.i: e for e in doc.ents for t in e}
    i = 0
    while i < len(doc):
        match = _match_at(doc, i, gazetteer, ent_of)
        if match is None:
            i += 1
            continue
        span = doc[i:match]
        if not any(k in taken for k in range(span.start_char, span.end_char)):
            spans.append((span.start_char, span.end_char))
            taken.update(range(span.start_char, span.end_char))
        i = match
    return _dedupe(spans)


def _trim(ent: Span) -> tuple[int, int]:
    """Drop a leading "the" and a trailing possessive from an entity span."""
    start, end = ent.start, ent.end
    if ent[0].lower_ == "the" and len(ent) > 1:
        start += 1
    if ent[-1].text in {"'s", "’s"} and end - start > 1:
        end -= 1
    span = ent.doc[start:end]
    return span.start_char, span.end_char


def _occupied(spans: list[tuple[int, int]]) -> set[int]:
    return {k for s, e in spans for k in range(s, e)}


def _dedupe(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort and drop spans overlapping an earlier, longer one."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(set(spans), key=lambda x: (x[0], -x[1])):
        if out and s < out[-1][1]:
            continue
        out.append((s, e))
    return out


def _capitalised(tok: Token) -> bool:
    return tok.is_alpha and tok.text[0].isupper() and not tok.is_stop


def _match_at(doc: Doc, i: int, gazetteer: Gazetteer, ent_of: dict[int, Span]) -> int | None:
    """End token index of the longest accepted gazetteer name starting at token ``i``."""
    if not _capitalised(doc[i]):
        return None
    ends = []
    j = i
    while j < len(doc) and j - i < gazetteer.max_words:
        tok = doc[j]
        if not (_capitalised(tok) or (j > i and tok.lower_ in _CONNECTORS)):
            break
        j += 1
        if _capitalised(tok):
            ends.append(j)
    for end in reversed(ends):
        span = doc[i:end]
        places = gazetteer.lookup(span.text)
        if places and _accept(span, places, ent_of):
            return end
    return None


def _accept(span: Span, places: list[Place], ent_of: dict[int, Span]) -> bool:
    """Guard gazetteer-only matches against common words and names of people/organisations."""
    doc = span.doc
    ent = ent_of.get(span.start)
    top_code = places[0].feature_code or ""
    strong = top_code.startswith("PCL") or top_code == "ADM1"
    biggest = max(p.population or 0 for p in places)
    if ent is not None:
        if ent.label_ not in _OVERRIDABLE_LABELS:
            return False
        if len(ent) > len(span):
            # "Dublin Police Department": a place heading an organisation's name.
            inside_org = ent.label_ in {"ORG", "FAC"} and span.start == ent.start
            if not (inside_org and (strong or biggest >= _INSIDE_ORG_POPULATION)):
                return False
    elif any(t.pos_ != "PROPN" for t in span if t.is_alpha):
        return False
    text = span.text
    if text.isupper() and len(text) <= 4 and not strong:
        return False  # acronyms: "DUI", "GBI"
    if len(span) == 1 and (text.lower() in _lower_words(doc) or text in _surnames(doc)):
        return False
    prev = doc[span.start - 1] if span.start > 0 else None
    if prev is not None and prev.lower_.rstrip(".") in _HONORIFICS:
        return False
    if strong or biggest >= _BIG_CITY:
        return True
    nxt = doc[span.end] if span.end < len(doc) else None
    cued = (prev is not None and prev.lower_ in _PLACE_PREPS) or (
        nxt is not None and nxt.lower_ in _ADMIN_CUES
    )
    return cued and (biggest >= _MIN_CUED_POPULATION or top_code == "ADM2")


def _lower_words(doc: Doc) -> set[str]:
    """Words the article also writes in lower case (so they are common words)."""
    if "sitrep_lower" not in doc.user_data:
        doc.user_data["sitrep_lower"] = {t.text for t in doc if t.is_lower}
    return doc.user_data["sitrep_lower"]


def _surnames(doc: Doc) -> set[str]:
    """Last words of multi-word PERSON names in the article ("Clark" of "Wesley Clark")."""
    if "sitrep_surnames" not in doc.user_data:
        doc.user_data["sitrep_surnames"] = {
            e[-1].text for e in doc.ents if e.label_ == "PERSON" and len(e) > 1
        }
    return doc.user_data["sitrep_surnames"]

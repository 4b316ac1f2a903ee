"""Joint resolution of an article's toponyms to gazetteer places.

Every candidate of every mention gets a feature vector (:data:`sitrep.geo.ranker.FEATURES`):
its own kind and size, the words around the mention ("Kursk region", "Bakhmut
direction"), and what the rest of the article says — the dateline, the countries named
and the votes of the other mentions' current picks, admin areas in common, distance to
the other picks, and containment ("Tyotkino in the Kursk region", "Kalynove, Donetsk").
A ranker scores the vectors; the picks are recomputed a few times so that context settles.

A mention stays unresolved (None) rather than taking a far-fetched match: a place that
lies outside the area the text puts it in ("Orikhove, Luhansk" when the only Orikhove
known is in Crimea), a name found only by its consonant skeleton whose country the
article does not support, and a small place in a country nothing else in the article
supports when the article is clearly about somewhere else.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from spacy.tokens import Doc, Span

from sitrep.gazetteer import Gazetteer, normalize
from sitrep.geo.ranker import FEATURES, Ranker
from sitrep.geo.recognize import ADMIN2_CUES, ADMIN_CUES, TOWN_CUES
from sitrep.records import Place

_MAX_CANDIDATES = 30
_PASSES = 3
_NEAR_KM = 161.0
_CONTAINER_GAPS = frozenset({",", "(", "in", "in the", "of", "of the", ", in", ", in the"})
_FAR_KM = 1000.0
_SMALL_PLACE = 100_000
_STRONG_ELSEWHERE = 2.0
_IDX = {name: i for i, name in enumerate(FEATURES)}


@dataclass
class Mention:
    """One toponym with its candidates and the cue words around it."""

    start: int
    end: int
    text: str
    key: str
    cue_admin: bool = False
    cue_admin2: bool = False
    cue_town: bool = False
    fuzzy: bool = False
    candidates: tuple[Place, ...] = ()
    within: int | None = None  # index of the mention that contains this one
    contains: bool = False  # some mention lies within this one
    static: np.ndarray = field(default_factory=lambda: np.zeros((0, len(FEATURES))))
    coords: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))


def mentions(
    doc: Doc, text: str, spans: list[tuple[int, int]], gazetteer: Gazetteer
) -> list[Mention]:
    """Build the mentions of the given spans, with candidates and containment links."""
    out = [_mention(doc, text, s, e, gazetteer) for s, e in spans]
    for i, (m, nxt) in enumerate(zip(out, out[1:], strict=False)):
        gap = " ".join(text[m.end : nxt.start].split()).lower()
        if gap in _CONTAINER_GAPS and _can_contain(nxt, m, gap):
            m.within = i + 1
            nxt.contains = True
    for m in out:
        biggest = max((p.population or 0 for p in m.candidates), default=0)
        rows = [_static(m, p, biggest) for p in m.candidates]
        m.static = np.array(rows).reshape(-1, len(FEATURES))
        m.coords = np.radians([(p.latitude, p.longitude) for p in m.candidates]).reshape(-1, 2)
    return out


def _can_contain(outer: Mention, inner: Mention, gap: str) -> bool:
    if gap in {",", "("}:
        return True
    areas = any((p.feature_code or "").startswith(("PCL", "ADM")) for p in outer.candidates[:3])
    return outer.cue_admin or (areas and not inner.cue_admin)


def _mention(doc: Doc, text: str, start: int, end: int, gazetteer: Gazetteer) -> Mention:
    surface = text[start:end]
    m = Mention(start, end, surface, normalize(surface))
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is not None:
        m.cue_admin, m.cue_admin2, m.cue_town = _cues(span)
    words = m.key.split()
    if words and words[-1] in ADMIN_CUES:
        m.cue_admin = True
        m.cue_admin2 = m.cue_admin2 or words[-1] in ADMIN2_CUES
    candidates, m.fuzzy = _candidates(surface, gazetteer)
    m.candidates = tuple(candidates[:_MAX_CANDIDATES])
    return m


def _candidates(text: str, gazetteer: Gazetteer) -> tuple[list[Place], bool]:
    variants = _variants(text)
    for variant in variants:
        found = gazetteer.lookup(variant)
        if found:
            return found, False
    code = gazetteer.demonym(text)
    country = gazetteer.country(code) if code else None
    if country:
        return [country], False
    for variant in variants:
        found = gazetteer.lookup_skeleton(variant)
        if found:
            return found, True
    return [], False


def _variants(text: str) -> list[str]:
    """The name as written, then without "the", a possessive or a trailing admin word."""
    out = [text]
    words = text.split()
    if words and words[0].lower() == "the":
        out.append(" ".join(words[1:]))
    if text.endswith(("'s", "’s")):
        out.append(text[:-2])
    if len(words) > 1 and words[-1].lower() in ADMIN_CUES | TOWN_CUES:
        out.append(" ".join(words[:-1]))
    return [v for v in out if v.strip()]


def _cues(span: Span) -> tuple[bool, bool, bool]:
    """Admin word after a (possibly coordinated) name or "regions of" before it; a sector
    word ("direction", "axis", "front") right after it."""
    doc = span.doc
    i = span.end
    while i < len(doc) and (doc[i].pos_ == "PROPN" or doc[i].lower_ in {"and", ",", "or"}):
        i += 1
    after = doc[i].lower_ if i < len(doc) and i - span.end <= 4 else ""
    j = span.start - 1
    while j >= 0 and (doc[j].pos_ == "PROPN" or doc[j].lower_ in {"and", ",", "or"}):
        j -= 1
    before = doc[j - 1].lower_ if j >= 1 and doc[j].lower_ == "of" else ""
    cue = after in ADMIN_CUES or before in ADMIN_CUES
    town = span.end < len(doc) and doc[span.end].lower_ in TOWN_CUES
    return cue, after in ADMIN2_CUES or before in ADMIN2_CUES, town


def _static(m: Mention, p: Place, biggest: int) -> list[float]:
    """The features that depend on the mention and candidate alone."""
    code = p.feature_code or ""
    vec = [0.0] * len(FEATURES)
    admin = code.startswith("ADM")
    vec[_IDX["log_population"]] = math.log10((p.population or 0) + 10)
    vec[_IDX["country"]] = float(code.startswith("PCL"))
    vec[_IDX["admin1_cued"]] = float(code == "ADM1" and m.cue_admin)
    vec[_IDX["admin1_bare"]] = float(code == "ADM1" and not m.cue_admin)
    vec[_IDX["admin2_cued"]] = float(code == "ADM2" and m.cue_admin2)
    vec[_IDX["admin2_bare"]] = float(code == "ADM2" and not m.cue_admin2)
    vec[_IDX["region"]] = float(code in {"CONT", "RGN"})
    vec[_IDX["capital"]] = float(code == "PPLC")
    vec[_IDX["admin_cue_not_admin"]] = float(m.cue_admin and not admin)
    vec[_IDX["town_cue_place"]] = float(m.cue_town and p.feature_class == "P")
    vec[_IDX["town_cue_area"]] = float(m.cue_town and p.feature_class != "P")
    vec[_IDX["exact_name"]] = float(normalize(p.name) == m.key)
    vec[_IDX["fuzzy"]] = float(m.fuzzy)
    vec[_IDX["most_populous"]] = float((p.population or 0) == biggest and biggest > 0)
    vec[_IDX["container_role_area"]] = float(m.contains and (admin or code.startswith("PCL")))
    return vec


class Context:
    """What the article says about where it is: the dateline's and named countries, and the
    current picks' countries, admin1 areas and points, counted per mention name so that a
    name's own picks do not vote for themselves."""

    def __init__(self, text: str, gazetteer: Gazetteer, dateline_ccs: set[str]) -> None:
        self.dateline = dateline_ccs
        self.fixed: Counter[str] = Counter({cc: 2 for cc in dateline_ccs})
        for word in set(text.replace("-", " ").split()):
            if word[:1].isupper():
                cc = gazetteer.demonym(word.strip(".,;:'\"()"))
                if cc:
                    self.fixed[cc] += 1
        self.update([], [])

    def update(self, mentions: list[Mention], picks: list[Place | None]) -> None:
        """Recount the context from the current picks."""
        self.countries: Counter[str] = Counter(self.fixed)
        self.admin1: Counter[tuple[str, str]] = Counter()
        self.own_countries: dict[str, Counter[str]] = {}
        self.own_admin1: dict[str, Counter[tuple[str, str]]] = {}
        points: list[tuple[float, float]] = []
        self.point_keys: list[str] = []
        for m, p in zip(mentions, picks, strict=True):
            if p is None or p.country_code is None:
                continue
            weight = 2 if len({c.country_code for c in m.candidates[:3]}) == 1 else 1
            self.countries[p.country_code] += weight
            self.own_countries.setdefault(m.key, Counter())[p.country_code] += weight
            if p.admin1:
                self.admin1[(p.country_code, p.admin1)] += weight
                self.own_admin1.setdefault(m.key, Counter())[(p.country_code, p.admin1)] += weight
            points.append((p.latitude, p.longitude))
            self.point_keys.append(m.key)
        self.points = np.radians(points).reshape(-1, 2)

    def votes(self, cc: str | None, key: str) -> float:
        """Votes for country ``cc`` from everything but the mentions named ``key``."""
        if cc is None:
            return 0.0
        own = self.own_countries.get(key)
        return self.countries[cc] - (own[cc] if own else 0)

    def total(self, key: str) -> float:
        own = self.own_countries.get(key)
        return sum(self.countries.values()) - (sum(own.values()) if own else 0)

    def admin1_votes(self, cc: str, admin1: str, key: str) -> int:
        own = self.own_admin1.get(key)
        return self.admin1[(cc, admin1)] - (own[(cc, admin1)] if own else 0)

    def nearest_km(self, coords: np.ndarray, key: str) -> np.ndarray | None:
        """Distance from each point of ``coords`` (radians) to the nearest pick of another
        mention than ``key``; None when there is none."""
        others = self.points[[k != key for k in self.point_keys]] if self.point_keys else None
        if others is None or not len(others):
            return None
        lat1, lon1 = coords[:, :1], coords[:, 1:]
        lat2, lon2 = others[:, 0], others[:, 1]
        a = (
            np.sin((lat2 - lat1) / 2) ** 2
            + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
        )
        km = 2 * 6371.0 * np.arcsin(np.minimum(1.0, np.sqrt(a)))
        return km.min(axis=1)


def resolve(
    mentions: list[Mention], *, context: Context, ranker: Ranker
) -> list[Place | None]:
    """Pick a place (or None) for each mention, jointly."""
    picks: list[Place | None] = [None] * len(mentions)
    for _ in range(_PASSES):
        by_key: dict[str, Place | None] = {}
        new: list[Place | None] = []
        for m in mentions:
            if m.within is None and m.key in by_key:
                new.append(by_key[m.key])
                continue
            pick = _best(m, context, picks, ranker)
            if m.within is None:
                by_key[m.key] = pick
            new.append(pick)
        picks = new
        context.update(mentions, picks)
    return [
        p if p is not None and _plausible(m, p, context, picks) else None
        for m, p in zip(mentions, picks, strict=True)
    ]


def feature_vectors(m: Mention, context: Context, picks: list[Place | None]) -> np.ndarray:
    """Feature matrix of a mention's candidates (one row each) given the current picks."""
    container = picks[m.within] if m.within is not None else None
    total = context.total(m.key)
    vec = m.static.copy()
    shares = np.array(
        [context.votes(p.country_code, m.key) / total if total > 0 else 0.0 for p in m.candidates]
    )
    vec[:, _IDX["country_share"]] = shares
    vec[:, _IDX["unsupported"]] = (shares == 0) & (shares.max(initial=0.0) > 0)
    nearest = context.nearest_km(m.coords, m.key)
    if nearest is not None:
        vec[:, _IDX["near"]] = nearest < _NEAR_KM
        vec[:, _IDX["log_nearest_km"]] = np.minimum(np.log10(nearest + 1) / 4, 1.0)
    else:
        vec[:, _IDX["log_nearest_km"]] = 1.0
    for row, p in enumerate(m.candidates):
        vec[row, _IDX["dateline_country"]] = p.country_code in context.dateline
        if p.country_code and p.admin1:
            votes = context.admin1_votes(p.country_code, p.admin1, m.key)
            vec[row, _IDX["admin1_support"]] = votes > 0
        if container is not None:
            vec[row, _IDX["container_fits"]] = _inside(p, container)
            vec[row, _IDX["container_clash"]] = container.country_code != p.country_code
    return vec


def _best(
    m: Mention, context: Context, picks: list[Place | None], ranker: Ranker
) -> Place | None:
    if len(m.candidates) < 2:
        return m.candidates[0] if m.candidates else None
    scores = ranker.scores(feature_vectors(m, context, picks))
    return m.candidates[int(np.argmax(scores))]


def _inside(p: Place, container: Place) -> bool:
    if container.country_code != p.country_code:
        return False
    code = container.feature_code or ""
    if code.startswith("PCL"):
        return True
    if code == "ADM1":
        return container.admin1 == p.admin1
    if code == "ADM2":
        return container.admin2 == p.admin2 and container.admin1 == p.admin1
    return distance_km(p.latitude, p.longitude, container.latitude, container.longitude) < 50


def _plausible(m: Mention, p: Place, context: Context, picks: list[Place | None]) -> bool:
    """False for a far-fetched pick: see the module docstring."""
    container = picks[m.within] if m.within is not None else None
    small = (p.population or 0) < _SMALL_PLACE
    if container is not None and (_inside(p, container) or p.feature_class != "P" or not small):
        return True
    if container is not None:
        # "Orikhove, Luhansk" when the only Orikhove known is in Crimea: unknown, not wrong.
        km = distance_km(p.latitude, p.longitude, container.latitude, container.longitude)
        return km < _NEAR_KM
    votes = context.votes(p.country_code, m.key)
    found = context.nearest_km(np.radians([[p.latitude, p.longitude]]), m.key)
    nearest = None if found is None else float(found[0])
    near = nearest is not None and nearest < _NEAR_KM
    if m.fuzzy:
        return votes > 0 and (near or p.feature_class == "P")
    code = p.feature_code or ""
    if code.startswith("PCL") or code in {"ADM1", "CONT", "RGN"}:
        return True
    elsewhere = context.total(m.key) - votes
    far = nearest is None or nearest > _FAR_KM
    return not (votes == 0 and elsewhere >= _STRONG_ELSEWHERE and far and small)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))

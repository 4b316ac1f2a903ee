"""A name's candidates as the arrays place resolution scores, cached per name.

Each name looked up once gets its candidates (most likely first), the features that depend
on the name and the place alone, their points on the sphere, and their countries and
admin1 areas as numbers shared by all articles, so that an article's table
(:class:`sitrep.geo.resolve.Context`) is stacked from cached arrays.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from sitrep.gazetteer import Gazetteer, normalize
from sitrep.geo.candidates import SMALL_PLACE, has_own_name, most_likely, places_named
from sitrep.geo.distance import unit_vectors
from sitrep.geo.ranker import FEATURES
from sitrep.records import Place

FEATURE_INDEX = {name: i for i, name in enumerate(FEATURES)}
# Countries and (country, admin1) areas numbered once for all articles, so that an
# article's table is built from its names' cached numbers (-1: none).
COUNTRY_IDS: dict[str, int] = {}
COUNTRY_CODES: list[str] = []
_AREA_IDS: dict[tuple[str, str], int] = {}


@dataclass(frozen=True, eq=False)
class CandidateSet:
    """A name's candidates with the arrays the features need, cached per name."""

    places: tuple[Place, ...]
    fuzzy: bool
    base: np.ndarray  # features that depend on the name and the place alone
    points: np.ndarray  # unit vectors on the sphere
    is_adm1: np.ndarray
    is_adm2: np.ndarray
    is_admin: np.ndarray  # ADM* or PCL*
    is_populated: np.ndarray
    is_adm_code: np.ndarray  # ADM* only
    country_ids: np.ndarray  # numbers in COUNTRY_IDS (-1: none)
    area_ids: np.ndarray  # numbers in _AREA_IDS (-1: none)
    weight: float  # a name's vote: 2 when its first three candidates share a country


@lru_cache(maxsize=50_000)
def candidate_set(gazetteer: Gazetteer, surface: str) -> CandidateSet:
    """The candidates of a name as written, with their cached arrays."""
    found, fuzzy = places_named(surface, gazetteer)
    key = normalize(surface)
    places = _a_country_by_its_own_name(most_likely(found), key)
    codes = [p.feature_code or "" for p in places]
    pops = np.array([p.population or 0 for p in places], dtype=float)
    biggest = pops.max(initial=0.0)
    base = np.zeros((len(places), len(FEATURES)))
    base[:, FEATURE_INDEX["log_population"]] = np.log10(pops + 10)
    base[:, FEATURE_INDEX["country"]] = [c.startswith("PCL") for c in codes]
    base[:, FEATURE_INDEX["region"]] = [c in {"CONT", "RGN"} for c in codes]
    base[:, FEATURE_INDEX["capital"]] = [c == "PPLC" for c in codes]
    base[:, FEATURE_INDEX["exact_name"]] = [has_own_name(p, key) for p in places]
    base[:, FEATURE_INDEX["fuzzy"]] = float(fuzzy)
    base[:, FEATURE_INDEX["most_populous"]] = (pops == biggest) & (biggest > 0)
    base[:, FEATURE_INDEX["admin1_namesake"]] = _admin1_namesakes(places)
    points = unit_vectors(places)
    is_adm = np.array([c.startswith("ADM") for c in codes], dtype=bool)
    return CandidateSet(
        places, fuzzy, base, points,
        is_adm1=np.array([c == "ADM1" for c in codes], dtype=bool),
        is_adm2=np.array([c == "ADM2" for c in codes], dtype=bool),
        is_admin=is_adm | np.array([c.startswith("PCL") for c in codes], dtype=bool),
        is_populated=np.array([p.feature_class == "P" for p in places], dtype=bool),
        is_adm_code=is_adm,
        country_ids=np.array([_country_id(p.country_code) for p in places], dtype=np.int64),
        area_ids=np.array(
            [_AREA_IDS.setdefault((p.country_code, p.admin1), len(_AREA_IDS))
             if p.country_code and p.admin1 else -1 for p in places], dtype=np.int64,
        ),
        weight=2.0 if len({c.country_code for c in places[:3]}) == 1 else 1.0,
    )  # fmt: skip


def _a_country_by_its_own_name(places: tuple[Place, ...], key: str) -> tuple[Place, ...]:
    """A country's own name names the country or a namesake of that name, never a place
    that only has it as an alternate name ("Iraq" is not Arāk, Iran, whose alternate
    name it is; "Jordan" may still be Jordan, Minnesota)."""
    own = tuple(p for p in places if has_own_name(p, key))
    if not any((p.feature_code or "").startswith("PCL") for p in own):
        return places
    return own


def _country_id(code: str | None) -> int:
    if not code:
        return -1
    if code not in COUNTRY_IDS:
        COUNTRY_IDS[code] = len(COUNTRY_CODES)
        COUNTRY_CODES.append(code)
    return COUNTRY_IDS[code]


def numbered(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Global numbers (-1: none) renumbered 0..n-1 within an article, and the n numbers."""
    known = ids >= 0
    if not known.any():
        return np.full(len(ids), -1, dtype=np.int64), np.zeros(0, dtype=np.int64)
    present = np.bincount(ids[known]) > 0  # a table lookup, not np.unique's sort
    kinds = np.flatnonzero(present)
    return np.where(known, (np.cumsum(present) - 1)[ids], -1), kinds


@lru_cache(maxsize=256)
def countries_named(text: str, gazetteer: Gazetteer) -> Counter[str]:
    """The countries the text's capitalised demonyms name, each counted once per distinct
    word ("Ukrainian", "Russians"); cached, as an article may be resolved twice."""
    named: Counter[str] = Counter()
    for word in set(text.replace("-", " ").split()):
        if word[:1].isupper():
            cc = gazetteer.demonym(word.strip(".,;:'\"()"))
            if cc:
                named[cc] += 1
    return named


def _admin1_namesakes(places: tuple[Place, ...]) -> list[bool]:
    """Which places are small towns outside the admin1 area that the name also is
    ("Kansas, Illinois" when the name is the state Kansas; not Farah, the seat of Farah
    province, nor the city of Washington)."""
    areas = {(p.country_code, p.admin1) for p in places if p.feature_code == "ADM1"}
    return [
        bool(areas)
        and p.feature_class == "P"
        and (p.population or 0) < SMALL_PLACE
        and (p.country_code, p.admin1) not in areas
        for p in places
    ]


@lru_cache(maxsize=50_000)
def static_features(
    found: CandidateSet, cue_admin: bool, cue_admin2: bool, cue_town: bool, contains: bool
) -> np.ndarray:
    """The features that depend on the mention (its name and cue words) and candidate alone
    (shared between calls: copy before changing)."""
    vec = found.base.copy()
    vec[:, FEATURE_INDEX["admin1_cued"]] = found.is_adm1 & cue_admin
    vec[:, FEATURE_INDEX["admin1_bare"]] = found.is_adm1 & (not cue_admin)
    vec[:, FEATURE_INDEX["admin2_cued"]] = found.is_adm2 & cue_admin2
    vec[:, FEATURE_INDEX["admin2_bare"]] = found.is_adm2 & (not cue_admin2)
    vec[:, FEATURE_INDEX["admin_cue_not_admin"]] = cue_admin & ~found.is_adm_code
    vec[:, FEATURE_INDEX["town_cue_place"]] = cue_town & found.is_populated
    vec[:, FEATURE_INDEX["town_cue_area"]] = cue_town & ~found.is_populated
    vec[:, FEATURE_INDEX["container_role_area"]] = contains & found.is_admin
    return vec

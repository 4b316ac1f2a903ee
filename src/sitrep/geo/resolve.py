"""Joint resolution of an article's toponyms to gazetteer places.

Every candidate of every mention gets a feature vector (:data:`sitrep.geo.ranker.FEATURES`):
its own kind and size, the words around the mention ("Kursk region", "Bakhmut
direction"), and what the rest of the article says — the dateline, the countries named
and the votes of the other mentions' current picks, admin areas in common (with the
other names' picks, and with any of their candidates), distance to the other picks, and
containment ("Tyotkino in the Kursk region", "Kalynove, Donetsk").
A ranker scores the vectors; the picks are recomputed until they settle (picks that flip
back and forth together are then made one name at a time). All candidates of an article
sit in one table (:class:`Context`), so that each pass is a few array operations. A name
means one place per article: a bare mention ("near X") takes the pick of the name's
mention that has a container ("X, Donetsk"). A site or part of a town the gazetteer lacks
("Donetsk Airport", "Zolote-5") resolves to the town.

A mention stays unresolved (None) rather than taking a far-fetched match: a place that
lies outside the area the text puts it in ("Orikhove, Luhansk" when the only Orikhove
known is in Crimea, or only across the oblast border), a name found only by its
consonant skeleton whose country the article does not support or that lies away from
the place the text puts it in ("Gagarina, Donetsk" is not Agra), a small place in a
country nothing else in the article supports when the article is clearly about
somewhere else, and a small town found only by skeleton or alternate name far from all
the article's other places (a stray namesake of a place the index lacks).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from spacy.tokens import Doc

from sitrep.gazetteer import Gazetteer, normalize
from sitrep.geo.candidate_table import (
    COUNTRY_CODES,
    COUNTRY_IDS,
    FEATURE_INDEX,
    CandidateSet,
    candidate_set,
    countries_named,
    numbered,
    static_features,
)
from sitrep.geo.candidates import SMALL_PLACE, has_own_name
from sitrep.geo.distance import chord_km, distance_km, dot_within, km_of_dots, unit_vectors
from sitrep.geo.katottg import APPROXIMATE
from sitrep.geo.name_parts import is_strong
from sitrep.geo.ranker import FEATURES, Ranker
from sitrep.geo.recognize import (
    ADMIN2_CUES,
    ADMIN_CUES,
    TOWN_CUES,
    Tokens,
    in_region_named_after,
    tokens_of,
)
from sitrep.records import Place

_MAX_PASSES = 8
_NEAR_KM = 161.0
_NEAR_DOT = dot_within(_NEAR_KM)
_IF_NEAR_KM = 50.0
_SAME_PLACE_KM = 30.0
_CONTAINER_GAPS = frozenset({",", "(", "in", "in the", "of", "of the", ", in", ", in the"})
# What kind of place a name is, written between it and its container.
_KIND_BEFORE_LINK = re.compile(
    r"(?:sector )?(?:city|town|village|area|locality|neighbou?rhood|municipality|district|"
    r"districts|province|governorate|region|county|oblast|raion)(?=[ ,(])"
)
_MAX_GAP_WORDS = 8  # more than any link above has ("sector district, in the": 4)
_FAR_KM = 1000.0
_STRONG_ELSEWHERE = 2.0
_IDX = FEATURE_INDEX
# Per row: country votes, their total, admin1 votes, km to the nearest pick, near share.
_Evaluation = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]
_NO_ROWS = np.zeros((0, len(FEATURES)))
_NO_POINTS = np.zeros((0, 3))


@dataclass
class Mention:
    """One toponym with its candidates and the cue words around it."""

    start: int
    end: int
    text: str
    key: str
    found: CandidateSet  # the name's candidates and their cached arrays
    cue_admin: bool = False
    cue_admin2: bool = False
    cue_town: bool = False
    fuzzy: bool = False
    candidates: tuple[Place, ...] = ()
    within: int | None = None  # index of the mention that contains this one
    contains: bool = False  # some mention lies within this one
    static: np.ndarray = field(default_factory=lambda: _NO_ROWS)  # shared: copy to change
    points: np.ndarray = field(default_factory=lambda: _NO_POINTS)  # unit vectors


def mentions(
    doc: Doc, text: str, spans: list[tuple[int, int]], gazetteer: Gazetteer
) -> list[Mention]:
    """Build the mentions of the given spans, with candidates and containment links."""
    tokens = tokens_of(doc)
    found = [candidate_set(gazetteer, text[s:e]) for s, e in spans]
    # Each name's first and past-the-last token, as Tokens.token_at gives them, at once.
    chars = np.array(spans, dtype=np.int64).reshape(-1, 2)
    at = np.searchsorted(
        tokens.starts, [chars[:, 0], np.maximum(chars[:, 1] - 1, chars[:, 0])], side="right"
    )
    token_spans = (np.maximum(at - 1, 0) + [[0], [1]]).T.tolist()
    skip = (tokens.propn | tokens.coordinator).tolist()
    out = [
        _mention(tokens, skip, text, span, words, c)
        for span, words, c in zip(spans, token_spans, found, strict=True)
    ]
    for i, (m, nxt) in enumerate(zip(out, out[1:], strict=False)):
        gap = _container_gap(text[m.end : nxt.start])
        if gap is not None and _can_contain(nxt, m, gap):
            m.within = i + 1
            nxt.contains = True
    for m, candidates in zip(out, found, strict=True):
        m.static = static_features(candidates, m.cue_admin, m.cue_admin2, m.cue_town, m.contains)
    return out


def _container_gap(between: str) -> str | None:
    """The link between two names if the second may contain the first ("," "(" "in the"
    "of"), also after a word saying what the first is ("Imam Sahib district, Kunduz",
    "Mora village (Surat, Gujarat)", "Timurak area of Charbolak district"); else None."""
    words = between.split(maxsplit=_MAX_GAP_WORDS)
    if len(words) > _MAX_GAP_WORDS:  # not split to the end: too long to be a link
        return None
    gap = " ".join(words).lower()
    kind = _KIND_BEFORE_LINK.match(gap)
    if kind is not None:
        gap = gap[kind.end() :].strip()
    return gap if gap in _CONTAINER_GAPS else None


def _can_contain(outer: Mention, inner: Mention, gap: str) -> bool:
    if gap in {",", "("}:
        return True
    areas = any((p.feature_code or "").startswith(("PCL", "ADM")) for p in outer.candidates[:3])
    return outer.cue_admin or (areas and not inner.cue_admin)


def _mention(
    tokens: Tokens,
    skip: list[bool],
    text: str,
    span: tuple[int, int],
    token_span: list[int],
    found: CandidateSet,
) -> Mention:
    (start, end), (first, last) = span, token_span
    surface = text[start:end]
    m = Mention(
        start, end, surface, normalize(surface), found, candidates=found.places,
        fuzzy=found.fuzzy, points=found.points,
    )  # fmt: skip
    m.cue_admin, m.cue_admin2, m.cue_town = _cues(tokens, skip, text, first, last)
    words = m.key.split()
    if words and words[-1] in ADMIN_CUES:
        m.cue_admin = True
        m.cue_admin2 = m.cue_admin2 or words[-1] in ADMIN2_CUES
    return m


def _cues(
    tokens: Tokens, skip: list[bool], text: str, first: int, last: int
) -> tuple[bool, bool, bool]:
    """Admin word after a (possibly coordinated) name or "regions of" before it; a sector
    word ("direction", "axis", "front") right after it. ``first:last`` are the name's tokens;
    ``skip`` flags proper nouns and coordinators."""
    n = len(skip)

    def word(i: int) -> str:
        return text[tokens.starts[i] : tokens.ends[i]].lower()

    i = last
    while i < n and skip[i]:
        i += 1
    after = word(i) if i < n and i - last <= 4 else ""
    j = first - 1
    while j >= 0 and skip[j]:
        j -= 1
    before = word(j - 1) if j >= 1 and word(j) == "of" else ""
    cue = after in ADMIN_CUES or before in ADMIN_CUES
    town = last < n and word(last) in TOWN_CUES
    return cue, after in ADMIN2_CUES or before in ADMIN2_CUES, town


class Context:
    """An article's candidates stacked in one table, and what the article says about where
    it is: the dateline's and named countries, and the current picks' countries, admin1
    areas and points, counted per mention name so that a name's own picks do not vote for
    themselves. A pick is a row of the table (-1 for none)."""

    def __init__(
        self, mentions: list[Mention], *, text: str, gazetteer: Gazetteer, dateline: set[str]
    ) -> None:
        self.mentions = mentions
        self.places = [p for m in mentions for p in m.candidates]
        sizes = np.array([len(m.candidates) for m in mentions], dtype=np.int64)
        self.starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        self.owner = np.repeat(np.arange(len(mentions)), sizes)
        self.nonempty = np.flatnonzero(sizes > 0)
        self.static = np.vstack([m.static for m in mentions] or [_NO_ROWS])
        self.points = np.vstack([m.points for m in mentions] or [_NO_POINTS])
        sets = [m.found for m in mentions]
        no_ids = np.zeros(0, dtype=np.int64)
        country_ids = np.concatenate([s.country_ids for s in sets] or [no_ids])
        self.cc, countries = numbered(country_ids)
        self.a1, areas = numbered(np.concatenate([s.area_ids for s in sets] or [no_ids]))
        keys: dict[str, int] = {}
        self.mention_key = np.array(
            [keys.setdefault(m.key, len(keys)) for m in mentions], dtype=np.int64
        )
        self.key = self.mention_key[self.owner] if len(mentions) else self.owner
        self.n_keys, self.n_countries, self.n_areas = len(keys), len(countries), len(areas)
        self.weight = np.array([s.weight for s in sets])
        fixed = Counter({cc: 2 for cc in dateline}) + countries_named(text, gazetteer)
        self.fixed_total = float(sum(fixed.values()))
        self.fixed = np.array([fixed[COUNTRY_CODES[c]] for c in countries.tolist()], dtype=float)
        on_dateline = [COUNTRY_IDS[cc] for cc in dateline if cc in COUNTRY_IDS]
        if on_dateline:  # else the column stays 0
            self.static[:, _IDX["dateline_country"]] = np.isin(country_ids, on_dateline)
        self.static[:, _IDX["admin1_potential"]] = self._relative(self._potential_area_support())
        # One place per name and article: a mention without a container ("near X") takes
        # the pick of the name's first mention that has one ("X, Donetsk"), else of its
        # first mention.
        first: dict[str, int] = {}
        for i, m in enumerate(mentions):
            if m.within is not None:
                first.setdefault(m.key, i)
        for i, m in enumerate(mentions):
            first.setdefault(m.key, i)
        self.representative = np.array(
            [first[m.key] if m.within is None else i for i, m in enumerate(mentions)],
            dtype=np.int64,
        )
        # Set by :func:`resolve`: the picks, and every row's features and score given them.
        self.picks = np.full(len(mentions), -1, dtype=np.int64)
        self.features_of_picks = np.zeros((0, len(FEATURES)))
        self.scores = np.zeros(0)
        self._evaluated: tuple[np.ndarray, _Evaluation] | None = None
        # For :meth:`evaluate`: the rows with a country and with an admin1 area (which, and
        # their numbers and name keys), and whether a row's name is each mention's.
        has_cc, has_area = self.cc >= 0, self.a1 >= 0
        self._in_countries = has_cc, self.cc[has_cc], self.key[has_cc]
        self._in_areas = has_area, self.a1[has_area], self.key[has_area]
        self._same_name = self.key[:, None] == self.mention_key[None, :]
        # Mentions with a container, and per (mention, container's row) their candidates'
        # container features.
        self._contained = [
            (i, m.within) for i, m in enumerate(mentions) if m.within is not None and m.candidates
        ]
        self._container_columns: dict[tuple[int, int], tuple[list[bool], list[bool]]] = {}

    def evaluate(self, picks: np.ndarray) -> _Evaluation:
        """Per row, given the picks: votes for its country and the total of votes (both
        without its own name's), votes for its admin1 area, km to the nearest pick of
        another name (inf when there is none), and the share of the other names' picks
        within :data:`_NEAR_KM`. The evaluation of the last picks asked is kept (do not
        change its arrays): a resolution's final picks are those its last pass evaluated."""
        if self._evaluated is not None and np.array_equal(self._evaluated[0], picks):
            return self._evaluated[1]
        chosen = np.flatnonzero(picks >= 0)
        rows = picks[chosen]
        keep = self.cc[rows] >= 0
        chosen, rows = chosen[keep], rows[keep]
        weights, ccs, keys = self.weight[chosen], self.cc[rows], self.mention_key[chosen]
        # Sums of small whole numbers: bincount gives what np.add.at would, faster.
        counts = self.fixed + np.bincount(ccs, weights, minlength=self.n_countries)
        own = np.bincount(
            keys * self.n_countries + ccs, weights, minlength=self.n_keys * self.n_countries
        ).reshape(self.n_keys, self.n_countries)
        votes = np.zeros(len(self.places))
        has_cc, ccs_of_rows, keys_of_rows = self._in_countries
        votes[has_cc] = counts[ccs_of_rows] - own[keys_of_rows, ccs_of_rows]
        total = self.fixed_total + weights.sum() - own.sum(axis=1)[self.key]
        in_area = self.a1[rows] >= 0
        areas, area_weights = self.a1[rows][in_area], weights[in_area]
        area_counts = np.bincount(areas, area_weights, minlength=self.n_areas)
        own_area = np.bincount(
            keys[in_area] * self.n_areas + areas, area_weights,
            minlength=self.n_keys * self.n_areas,
        ).reshape(self.n_keys, self.n_areas)  # fmt: skip
        area_votes = np.zeros(len(self.places))
        has_area, areas_of_rows, keys_of_rows = self._in_areas
        area_votes[has_area] = area_counts[areas_of_rows] - own_area[keys_of_rows, areas_of_rows]
        nearest = np.full(len(self.places), np.inf)
        near_share = np.zeros(len(self.places))
        if len(rows):
            # The km of the nearest pick only: the largest dot product is the nearest.
            dots = self.points @ self.points[rows].T
            dots[self._same_name[:, chosen]] = -np.inf
            closest = dots.max(axis=1)
            anyone = np.isfinite(closest)  # -inf: every pick is the row's own name's
            nearest[anyone] = km_of_dots(closest[anyone])
            others = len(rows) - np.bincount(keys, minlength=self.n_keys)[self.key]
            near = (dots > _NEAR_DOT).sum(axis=1)
            np.divide(near, others, out=near_share, where=others > 0)
        self._evaluated = picks.copy(), (votes, total, area_votes, nearest, near_share)
        return self._evaluated[1]

    def features(self, picks: np.ndarray) -> np.ndarray:
        """Feature matrix of every candidate (one row each) given the current picks."""
        votes, total, area_votes, nearest, near_share = self.evaluate(picks)
        vec = self.static.copy()
        shares = np.divide(votes, total, out=np.zeros_like(votes), where=total > 0)
        vec[:, _IDX["country_share"]] = shares
        if len(self.nonempty):
            best = np.maximum.reduceat(shares, self.starts[self.nonempty])
            best_of = np.zeros(len(self.mentions))
            best_of[self.nonempty] = best
            vec[:, _IDX["unsupported"]] = (shares == 0) & (best_of[self.owner] > 0)
        vec[:, _IDX["near"]] = nearest < _NEAR_KM
        vec[:, _IDX["near_share"]] = near_share
        with np.errstate(divide="ignore"):
            vec[:, _IDX["log_nearest_km"]] = np.minimum(np.log10(nearest + 1) / 4, 1.0)
        vec[:, _IDX["admin1_support"]] = self._relative(area_votes)
        for i, within in self._contained:
            row = int(picks[within])
            if row < 0:
                continue
            columns = self._container_columns.get((i, row))
            if columns is None:  # the same container pick as an earlier pass's, mostly
                container, candidates = self.places[row], self.mentions[i].candidates
                columns = self._container_columns[(i, row)] = (
                    [_inside(p, container) for p in candidates],
                    [container.country_code != p.country_code for p in candidates],
                )
            rows = slice(self.starts[i], self.starts[i + 1])
            vec[rows, _IDX["container_fits"]], vec[rows, _IDX["container_clash"]] = columns
        return vec

    def _potential_area_support(self) -> np.ndarray:
        """Per row, how many other names have a candidate in its admin1 area, each name
        counting one over the number of areas its candidates lie in: "Athens" and
        "Henderson County" both have a candidate in Texas, whatever either picks now."""
        support = np.zeros(len(self.places))
        valid = np.flatnonzero(self.a1 >= 0)
        if not len(valid):
            return support
        pairs = np.unique(self.key[valid] * self.n_areas + self.a1[valid])
        keys, areas = np.divmod(pairs, self.n_areas)
        weight = 1.0 / np.maximum(np.bincount(keys, minlength=self.n_keys), 1)
        by_area = np.bincount(areas, weights=weight[keys], minlength=self.n_areas)
        support[valid] = by_area[self.a1[valid]] - weight[self.key[valid]]
        return support

    def _relative(self, values: np.ndarray) -> np.ndarray:
        """Each row's value over the largest among its mention's candidates (0 when that
        is 0): "Boone County" with five mentions of Indiana and one of Kentucky."""
        out = np.zeros_like(values)
        if len(self.nonempty):
            best_of = np.zeros(len(self.mentions))
            best_of[self.nonempty] = np.maximum.reduceat(values, self.starts[self.nonempty])
            np.divide(values, best_of[self.owner], out=out, where=best_of[self.owner] > 0)
        return out

    def choose(self, scores: np.ndarray) -> np.ndarray:
        """The best-scoring row of each mention (the first on ties; -1 without candidates),
        then each later mention of a name takes its first mention's row."""
        picks = np.full(len(self.mentions), -1, dtype=np.int64)
        if len(self.nonempty):
            best = np.maximum.reduceat(scores, self.starts[self.nonempty])
            best_of = np.full(len(self.mentions), np.inf)
            best_of[self.nonempty] = best
            top = np.flatnonzero(scores == best_of[self.owner])
            owners = self.owner[top]  # ascending: each mention's first best row opens its run
            first = np.ones(len(top), dtype=bool)
            first[1:] = owners[1:] != owners[:-1]
            picks[self.nonempty] = top[first]
        return picks[self.representative]


def resolve(context: Context, *, ranker: Ranker) -> list[Place | None]:
    """Pick a place (or None) for each of the context's mentions, jointly."""
    picks = context.picks
    for _ in range(_MAX_PASSES):
        features = context.features(picks)
        scores = ranker.scores(features)
        previous, picks = picks, context.choose(scores)
        if np.array_equal(picks, previous):
            break
    else:  # flipping together: "Walker County" to Texas as "Huntsville" goes to Alabama
        picks = _settle_one_name_at_a_time(context, picks, ranker=ranker)
        features = context.features(picks)
        scores = ranker.scores(features)
    context.picks, context.features_of_picks, context.scores = picks, features, scores
    votes, total, _, nearest, _ = context.evaluate(picks)
    out: list[Place | None] = []
    for i, (m, row) in enumerate(zip(context.mentions, picks.tolist(), strict=True)):
        if row < 0:
            out.append(None)
            continue
        container = None
        if m.within is not None and picks[m.within] >= 0:
            container = context.places[picks[m.within]]
        p = context.places[row]
        plausible = _plausible(
            m, p, container, votes=float(votes[row]), total=float(total[row]),
            nearest=float(nearest[row]),
        )  # fmt: skip
        if plausible and p.feature_code == APPROXIMATE:
            plausible = _singled_out(context, i, row, container, nearest)
        out.append(p if plausible else None)
    return [out[i] for i in context.representative.tolist()]


def _settle_one_name_at_a_time(
    context: Context, picks: np.ndarray, *, ranker: Ranker
) -> np.ndarray:
    """Picks that flip back and forth when all names are picked at once, made one name at
    a time, each seeing the others' latest picks, until none changes."""
    new = None  # the picks the others' latest picks lead to, made again after a change
    for _ in range(_MAX_PASSES):
        changed = False
        for key in range(context.n_keys):
            if new is None:
                new = context.choose(ranker.scores(context.features(picks)))
            mine = context.mention_key == key
            if not np.array_equal(new[mine], picks[mine]):
                picks = np.where(mine, new, picks)
                changed, new = True, None
        if not changed:
            break
    return picks


def near_places(
    names: list[str], places: list[Place], *, gazetteer: Gazetteer, km: float = _IF_NEAR_KM
) -> list[bool]:
    """For each name, whether one of its candidates lies within ``km`` of one of
    ``places`` (a town's or smaller place's point: areas are too coarse to say)."""
    towns = [p for p in places if p.feature_class == "P"]
    if not towns:
        return [False] * len(names)
    anchors = unit_vectors(towns)
    out = []
    for name in names:
        found = candidate_set(gazetteer, name)
        out.append(bool(len(found.places)) and bool((chord_km(found.points, anchors) < km).any()))
    return out


def _inside(p: Place, container: Place) -> bool:
    if container.country_code != p.country_code:
        return False
    if in_region_named_after(p, container):
        return True
    code = container.feature_code or ""
    if code.startswith("PCL"):
        return True
    if code == "ADM1":
        return container.admin1 == p.admin1
    if code == "ADM2":
        return container.admin2 == p.admin2 and container.admin1 == p.admin1
    return distance_km(p.latitude, p.longitude, container.latitude, container.longitude) < 50


def _singled_out(
    context: Context, index: int, row: int, container: Place | None, nearest: np.ndarray
) -> bool:
    """Whether an approximate pick (a village at its community's centre) is the one meant:
    no namesake in the text's container lies more than :data:`_SAME_PLACE_KM` away, or
    the pick alone lies within :data:`_IF_NEAR_KM` of the article's other places."""
    rows = range(context.starts[index], context.starts[index + 1])
    pick = context.points[row]
    rivals = [
        r for r in rows
        if r != row and context.places[r].feature_class == "P"
        and (container is None or _inside(context.places[r], container))
        and chord_km(pick[None, :], context.points[r][None, :])[0, 0] > _SAME_PLACE_KM
    ]  # fmt: skip
    if not rivals:
        return True
    return bool(nearest[row] < _IF_NEAR_KM and (nearest[rivals] >= _IF_NEAR_KM).all())


def _plausible(
    m: Mention, p: Place, container: Place | None, *, votes: float, total: float, nearest: float
) -> bool:
    """False for a far-fetched pick (see the module docstring); ``votes`` for its country
    and ``total`` from the other names, km to the ``nearest`` other name's pick."""
    small = (p.population or 0) < SMALL_PLACE
    if container is not None:
        area = (container.feature_code or "").startswith(("PCL", "ADM"))
        if _inside(p, container):
            return True
        if m.fuzzy:  # a skeleton match away from its container: "Gagarina, Donetsk" is not Agra
            km = distance_km(p.latitude, p.longitude, container.latitude, container.longitude)
            return not area and km < _NEAR_KM
        if p.feature_class != "P" or not small:
            return True
        # "Orikhove, Luhansk" when the only Orikhove known is in Crimea: unknown, not wrong.
        if area:
            return False
        km = distance_km(p.latitude, p.longitude, container.latitude, container.longitude)
        return km < _NEAR_KM
    far = nearest > _FAR_KM
    # Another name's pick exists, and all lie far away: a small town found only by its
    # skeleton or an alternate name is a stray namesake of a place the index lacks
    # ("Callisburg" is not Claysburg, Pennsylvania, nor "Rocky Hill" Rock Hill, South
    # Carolina); an area ("Haditha" for Haditha District) is no stray.
    astray = far and math.isfinite(nearest)
    if m.fuzzy:
        town = p.feature_class == "P"
        return votes > 0 and (nearest < _NEAR_KM or town) and not (astray and town and small)
    code = p.feature_code or ""
    if is_strong(code):
        return True
    alternate = not has_own_name(p, m.key)
    if astray and small and alternate and p.feature_class == "P":
        return False
    elsewhere = total - votes
    # A big city counts too when the text names it only by an alternate name ("Pul" for
    # Poole, "Pech" for Pécs: a fragment of a name the index lacks).
    doubtful = small or alternate
    return not (votes == 0 and elsewhere >= _STRONG_ELSEWHERE and far and doubtful)

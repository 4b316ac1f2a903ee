"""Linear candidate rankers over the features of :mod:`sitrep.geo.resolve`.

Two weight sets score the same features: ``rules`` (set by hand) and ``learned`` (fitted
by :func:`train` on LGL's training split, stored in ``data/geo_ranker.json``). Training
maximises the softmax likelihood of the candidate nearest the gold point among each
toponym's candidates, regularised toward the rule weights; see ``docs/places.md`` for how the two
compare and which one is the default.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import numpy as np

FEATURES = (
    "log_population",  # log10(population + 10)
    "country",  # PCL*
    "admin1_cued",  # ADM1 and the mention has an admin word ("Kursk region")
    "admin1_bare",  # ADM1 without one
    "admin2_cued",
    "admin2_bare",
    "region",  # continent or named region ("Middle East")
    "capital",  # PPLC
    "admin_cue_not_admin",  # admin word, but a populated place
    "town_cue_place",  # "Bakhmut direction" and a populated place
    "town_cue_area",  # "Bakhmut direction" and an area
    "exact_name",  # the place's main name is the mention's
    "fuzzy",  # matched by consonant skeleton only
    "most_populous",  # the biggest candidate of the mention
    "country_share",  # share of the other mentions' votes for the candidate's country
    "dateline_country",
    "admin1_support",  # votes for its admin1 area over the best-supported one of the name
    "near",  # another pick within 161 km
    "log_nearest_km",  # log10(km + 1) / 4 to the nearest other pick (1 if none)
    "container_fits",  # "X, Y" / "X in the Y region": inside Y
    "container_clash",  # in another country than Y
    "container_role_area",  # an area that another mention lies in ("X, <Y>")
    "unsupported",  # nothing supports its country while another candidate's is supported
    "near_share",  # share of the other names' picks within 161 km
    "admin1_namesake",  # a town outside the admin1 area that the name also is
    "admin1_potential",  # other names that may lie in its admin1 area, over the name's best
)
RULE_WEIGHTS = {
    "log_population": 1.0, "country": 2.5, "admin1_cued": 0.5, "admin1_bare": -0.5,
    "admin2_cued": 1.0, "admin2_bare": -2.5, "region": 2.0, "capital": 1.0,
    "admin_cue_not_admin": -2.0, "town_cue_place": 2.0, "town_cue_area": -2.0,
    "exact_name": 1.0, "fuzzy": -1.0, "most_populous": 0.0, "country_share": 4.0,
    "dateline_country": 1.0, "admin1_support": 1.5, "near": 0.5, "log_nearest_km": 0.0,
    "container_fits": 4.0, "container_clash": -1.0, "container_role_area": 1.5,
    "unsupported": -1.0, "near_share": 1.5, "admin1_namesake": -2.0, "admin1_potential": 1.0,
}  # fmt: skip
RANKERS = ("rules", "learned")
_MODEL_FILE = "geo_ranker.json"


class Ranker:
    """A weight per feature; :meth:`scores` are their dot products with feature vectors."""

    def __init__(self, weights: dict[str, float], *, name: str) -> None:
        self.name = name
        self.weights = np.array([float(weights.get(f, 0.0)) for f in FEATURES])

    def scores(self, features: np.ndarray) -> np.ndarray:
        """Score candidates' feature vectors (rows, in :data:`FEATURES` order)."""
        return features @ self.weights


@lru_cache(maxsize=2)
def load(name: str = "learned") -> Ranker:
    """The ``rules`` ranker, or the ``learned`` one shipped in ``data/geo_ranker.json``."""
    if name == "rules":
        return Ranker(RULE_WEIGHTS, name="rules")
    if name != "learned":
        raise ValueError(f"unknown ranker {name!r}; choose one of {RANKERS}")
    text = resources.files("sitrep.data").joinpath(_MODEL_FILE).read_text(encoding="utf-8")
    return Ranker(json.loads(text)["weights"], name="learned")


def train(
    groups: list[tuple[list[list[float]], int]],
    *,
    epochs: int = 3000,
    learning_rate: float = 1.0,
    l2: float = 3e-2,
) -> dict[str, float]:
    """Fit weights by full-batch gradient descent on the softmax loss, with a ridge penalty
    that pulls each weight toward its rule weight (a feature the training data never shows,
    such as "Bakhmut direction" in US local news, keeps the rule's weight).

    Args:
        groups: one item per toponym: its candidates' feature vectors and the index of the
            right candidate.
        epochs (int): gradient steps. learning_rate (float): step size.
        l2 (float): strength of the pull toward the rule weights (0.03 did best in
            5-fold cross-validation on LGL's training split, of 0.01, 0.03 and 0.1).

    Returns:
        Feature name -> weight, starting from the rule weights.
    """
    groups = [g for g in groups if len(g[0]) > 1]
    if not groups:
        return dict(RULE_WEIGHTS)
    x = np.array([v for vectors, _ in groups for v in vectors], dtype=float)
    sizes = np.array([len(vectors) for vectors, _ in groups])
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    owner = np.repeat(np.arange(len(groups)), sizes)
    gold = np.zeros(len(x))
    gold[starts + np.array([g for _, g in groups])] = 1.0
    prior = np.array([RULE_WEIGHTS[f] for f in FEATURES], dtype=float)
    weights = prior.copy()
    for _ in range(epochs):
        scores = x @ weights
        scores -= np.maximum.reduceat(scores, starts)[owner]
        exps = np.exp(scores)
        probs = exps / np.add.reduceat(exps, starts)[owner]
        grad = x.T @ (probs - gold) / len(groups) + l2 * (weights - prior)
        weights -= learning_rate * grad
    return {f: round(float(w), 4) for f, w in zip(FEATURES, weights, strict=True)}

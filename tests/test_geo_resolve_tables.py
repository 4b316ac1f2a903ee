"""Tests for the candidate table of place resolution (sitrep.geo.resolve.Context): the
distances and votes it computes from array operations agree with direct computation."""

from __future__ import annotations

import math

import numpy as np
import pytest

from place_fixture import place as _place
from sitrep import nlp
from sitrep.gazetteer import Gazetteer
from sitrep.geo import ranker as rankers
from sitrep.geo.distance import distance_km
from sitrep.geo.resolve import Context, mentions, resolve

PLACES = [
    _place("Ukraine", 49.0, 31.3, "UA", "PCLI", 44_000_000),
    _place("Kharkiv", 49.99, 36.23, "UA", "PPL", 1_400_000, "Kharkiv Oblast"),
    _place("Izium", 49.21, 37.26, "UA", "PPL", 45_000, "Kharkiv Oblast"),
    _place("Izium", 52.0, 60.0, "RU", "PPL", 300, "Orenburg Oblast"),
    _place("Balakliia", 49.46, 36.86, "UA", "PPL", 27_000, "Kharkiv Oblast"),
    _place("Kyiv", 50.45, 30.52, "UA", "PPLC", 2_900_000, "Kyiv"),
    _place("Paris", 48.85, 2.35, "FR", "PPLC", 2_100_000, "Ile-de-France"),
    _place("Paris", 33.66, -95.56, "US", "PPL", 25_000, "Texas"),
]
TEXT = (
    "Shelling hit Izium and Balakliia on Monday, officials in Kharkiv said. "
    "Ukraine asked for help in Paris, and Kyiv said Izium was calm again."
)


@pytest.fixture(scope="module")
def context() -> Context:
    gaz = Gazetteer.from_places(PLACES, demonyms={"Ukrainian": "UA"})
    doc = nlp.load()(TEXT)
    spans = []
    for name in ("Izium", "Balakliia", "Kharkiv", "Ukraine", "Paris", "Kyiv"):
        at = -1
        while (at := TEXT.find(name, at + 1)) >= 0:
            spans.append((at, at + len(name)))
    found = mentions(doc, TEXT, sorted(spans), gaz)
    ctx = Context(found, text=TEXT, gazetteer=gaz, dateline=set())
    resolve(ctx, ranker=rankers.load("rules"))
    return ctx


def _direct(ctx: Context, picks: np.ndarray) -> tuple[list[float], list[float]]:
    """Each row's km to the nearest pick of another name and share of those within 161 km."""
    nearest, share = [], []
    for row, place in enumerate(ctx.places):
        own = ctx.mentions[int(ctx.owner[row])].key
        km = [
            distance_km(place.latitude, place.longitude, p.latitude, p.longitude)
            for i, pick in enumerate(picks.tolist())
            if pick >= 0 and ctx.mentions[i].key != own
            for p in [ctx.places[pick]]
            if p.country_code
        ]
        nearest.append(min(km, default=math.inf))
        share.append(sum(k < 161 for k in km) / len(km) if km else 0.0)
    return nearest, share


def test_nearest_pick_and_near_share_agree_with_direct_distances(context):
    for picks in (context.picks, context.choose(np.zeros(len(context.places)))):
        _, _, _, nearest, near_share = context.evaluate(picks)
        expected_nearest, expected_share = _direct(context, picks)
        assert np.allclose(nearest, expected_nearest, atol=1e-6)
        assert np.allclose(near_share, expected_share)


def test_evaluations_of_different_picks_do_not_mix(context):
    picks = context.picks
    first = [a.copy() for a in context.evaluate(picks)]
    other = context.choose(np.arange(len(context.places), dtype=float))  # last rows
    assert not np.array_equal(other, picks)
    second = context.evaluate(other)
    assert any(not np.array_equal(a, b) for a, b in zip(first, second, strict=True))
    for a, b in zip(first, context.evaluate(picks), strict=True):
        assert np.array_equal(a, b)


def test_country_votes_count_each_other_names_pick_once(context):
    votes, total, _, _, _ = context.evaluate(context.picks)
    izium_in_russia = next(
        r for r, p in enumerate(context.places) if p.name == "Izium" and p.country_code == "RU"
    )
    assert votes[izium_in_russia] == 0  # no other name's pick lies in Russia
    assert total[izium_in_russia] > 0
    ukraine_rows = [r for r, p in enumerate(context.places) if p.country_code == "UA"]
    assert all(votes[r] > 0 for r in ukraine_rows)

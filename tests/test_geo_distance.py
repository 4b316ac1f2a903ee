"""Tests for sitrep.geo.distance: haversine, unit vectors and distances by dot product."""

from __future__ import annotations

import numpy as np

from sitrep.geo.distance import chord_km, distance_km, dot_within, km_of_dots, unit_vectors
from sitrep.records import Place

KYIV = Place(name="Kyiv", latitude=50.45, longitude=30.52)
BROVARY = Place(name="Brovary", latitude=50.51, longitude=30.79)  # about 20 km east
KHARKIV = Place(name="Kharkiv", latitude=49.99, longitude=36.23)  # about 410 km east
SYDNEY = Place(name="Sydney", latitude=-33.87, longitude=151.21)


def test_chord_km_matches_the_haversine_distance_for_every_pair():
    places = [KYIV, BROVARY, KHARKIV, SYDNEY]
    km = chord_km(unit_vectors(places), unit_vectors(places))
    for i, a in enumerate(places):
        for j, b in enumerate(places):
            expected = distance_km(a.latitude, a.longitude, b.latitude, b.longitude)
            assert abs(km[i, j] - expected) < 1e-6
    assert 400 < km[0, 2] < 420


def test_the_largest_dot_product_is_the_nearest_point_and_gives_its_km():
    points = unit_vectors([BROVARY, KHARKIV, SYDNEY])
    dots = unit_vectors([KYIV]) @ points.T
    nearest = int(dots.argmax())
    assert nearest == 0
    assert km_of_dots(dots.max(axis=1))[0] == chord_km(unit_vectors([KYIV]), points).min()


def test_points_within_a_distance_have_a_dot_product_above_its_threshold():
    dots = (unit_vectors([KYIV]) @ unit_vectors([BROVARY, KHARKIV, SYDNEY]).T)[0]
    assert (dots > dot_within(161.0)).tolist() == [True, False, False]
    assert (dots > dot_within(500.0)).tolist() == [True, True, False]
    assert np.isclose(km_of_dots(np.array([dot_within(161.0)]))[0], 161.0)

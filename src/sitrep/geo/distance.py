"""Great-circle distances on a spherical Earth, between two points or between point sets."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sitrep.records import Place

__all__ = ["EARTH_RADIUS_KM", "chord_km", "distance_km", "dot_within", "km_of_dots", "unit_vectors"]

EARTH_RADIUS_KM = 6371.0


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def unit_vectors(places: Sequence[Place]) -> np.ndarray:
    """The places' points as unit vectors on the sphere, one row each."""
    lat, lon = np.radians([(p.latitude, p.longitude) for p in places]).reshape(-1, 2).T
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


def chord_km(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Great-circle km between every point of ``a`` and of ``b`` (unit vectors), a matrix."""
    return km_of_dots(a @ b.T)


def km_of_dots(dots: np.ndarray) -> np.ndarray:
    """Great-circle km between unit vectors, from their dot products (the larger the dot
    product, the nearer: the nearest of many points is the one of the largest)."""
    half_chord = np.sqrt(np.maximum(2.0 - 2.0 * dots, 0.0)) / 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(half_chord, 1.0))


def dot_within(km: float) -> float:
    """The dot product of two unit vectors ``km`` apart: nearer points have a larger one."""
    return math.cos(km / EARTH_RADIUS_KM)

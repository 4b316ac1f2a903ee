"""Tests for sitrep.geo.patterns: a lawmaker's home place after a party letter."""

from __future__ import annotations

import pytest

from sitrep.gazetteer import Gazetteer
from sitrep.geo.patterns import home_places_of_lawmakers
from sitrep.records import Place


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.from_places([
        Place(name="Charleston", latitude=38.35, longitude=-81.63, country_code="US",
              feature_class="P", feature_code="PPLA", population=48_000),
        Place(name="Duluth", latitude=46.78, longitude=-92.11, country_code="US",
              feature_class="P", feature_code="PPL", population=86_000),
        Place(name="Elk River", latitude=45.3, longitude=-93.57, country_code="US",
              feature_class="P", feature_code="PPL", population=25_000),
    ])  # fmt: skip


def _homes(text: str, gaz: Gazetteer) -> list[str]:
    return [text[s:e] for s, e in home_places_of_lawmakers(text, gaz)]


@pytest.mark.parametrize(
    ("text", "homes"),
    [
        ("Sen. Ann Doe, D-Charleston, voted no.", ["Charleston"]),
        ("Rep. Jim Roe (R-Elk River) spoke.", ["Elk River"]),
        ("DFL-Duluth; the vote was close.", ["Duluth"]),
        ("Rep. Ed Poe, I-Duluth, and Rep. Al Day, D-Charleston, agreed.", ["Duluth", "Charleston"]),
        ("The AD-Charleston route, the BDFL-Duluth team and the X-D-Duluth car.", []),
        ("The RFL-Duluth and DF-Duluth lines, D-Springfield, closed.", []),
    ],
)
def test_a_party_letter_starts_a_word_and_the_place_is_known(text, homes, gaz):
    assert _homes(text, gaz) == homes

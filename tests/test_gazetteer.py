"""Tests for sitrep.gazetteer: name folding, lookups, admin-name forms, packaged points."""

from __future__ import annotations

import sqlite3

import pytest

from sitrep import gazetteer
from sitrep.gazetteer import Gazetteer, normalize
from sitrep.geo import build
from sitrep.geocode import distance_km
from sitrep.records import Place

TURKEY = Place(
    name="Turkey", latitude=39.0, longitude=35.4, country_code="TR", country="Turkey",
    feature_class="A", feature_code="PCLI", population=82_000_000,
)  # fmt: skip
TURKEY_TOWN = Place(
    name="Turkey", latitude=34.99, longitude=-78.18, country_code="US", admin1="North Carolina",
    feature_class="P", feature_code="PPL", population=290,
)  # fmt: skip
KYIV = Place(
    name="Kyiv", latitude=50.45, longitude=30.52, country_code="UA", country="Ukraine",
    feature_class="P", feature_code="PPLC", population=2_950_000,
)  # fmt: skip
ILLINOIS = Place(
    name="Illinois", latitude=40.0, longitude=-89.2, country_code="US", admin1="Illinois",
    feature_class="A", feature_code="ADM1", population=12_800_000,
)  # fmt: skip


@pytest.fixture
def gaz() -> Gazetteer:
    return Gazetteer.from_places(
        [TURKEY_TOWN, TURKEY, KYIV, ILLINOIS],
        aliases={"Kyiv": ["Kiev", "Київ", "Kyïv"]},
        abbreviations={"Illinois": ["Ill."]},
        demonyms={"Ukrainian": "UA", "Turkish": "TR"},
    )


def test_normalize_folds_case_accents_punctuation_and_abbreviations():
    assert normalize("St. Louis") == normalize("saint-louis") == "saint louis"
    assert normalize("Kurskaya oblast'") == "kurskaya oblast"
    assert normalize("ZÜRICH") == "zurich"


def test_lookup_is_case_and_accent_insensitive_with_alternate_names(gaz):
    for name in ("Kyiv", "KYIV", "kiev", "Kyïv"):
        (place,) = gaz.lookup(name)
        assert place.country_code == "UA"
    assert gaz.lookup("Київ") == []  # only Latin-script names are indexed
    assert gaz.lookup("Atlantis") == []


def test_lookup_ranks_countries_before_towns(gaz):
    places = gaz.lookup("turkey")
    assert [p.feature_code for p in places] == ["PCLI", "PPL"]
    assert gaz.country("tr") == TURKEY


def test_index_file_is_read_only_and_gives_the_first_country_of_each_code(gaz, tmp_path):
    northern_cyprus = TURKEY.model_copy(update={"name": "Northern Cyprus", "feature_code": "PCLD"})
    build.insert(gaz._db, northern_cyprus, [northern_cyprus.name])  # a later "TR" country
    gaz._db.commit()
    path = tmp_path / "index.sqlite"
    copy = sqlite3.connect(path)
    gaz._db.backup(copy)
    copy.close()
    index = Gazetteer(path)
    assert [p.feature_code for p in index.lookup("Turkey")] == ["PCLI", "PPL"]
    assert index.country("tr") == index.country("TR") == TURKEY
    assert index.country("UA") is None  # Kyiv is a city, not the country
    with pytest.raises(sqlite3.OperationalError):
        index._db.execute("DELETE FROM places")


def test_abbreviation_needs_its_period(gaz):
    assert gaz.lookup("Ill.") == [ILLINOIS]
    assert gaz.lookup("Ill") == []


def test_a_name_asked_again_in_any_spelling_gives_the_same_places(gaz):
    assert gaz.lookup("Ill") == []  # asked without the period first: no abbreviation
    assert gaz.lookup("Ill.") == [ILLINOIS]
    assert gaz.lookup("Ill") == []
    first = gaz.lookup("Kiev")
    assert first == [KYIV]
    assert gaz.lookup("Kiev") is first  # kept, not looked up again
    assert gaz.lookup("KIEV") == gaz.lookup("kyïv") == [KYIV]


def test_demonyms_and_plurals(gaz):
    assert gaz.demonym("Ukrainian") == "UA"
    assert gaz.demonym("Ukrainians") == "UA"
    assert gaz.demonym("Martian") is None


def test_admin_forms_strip_type_words_and_validate_adjectives():
    forms = build._admin_forms("Kurskaya oblast'", [], {"kursk"})
    assert "kursk" in forms and "kurskaya" in forms
    assert "kursk" not in build._admin_forms("Kurskaya oblast'", [], set())
    assert build._admin_forms("Basra Governorate", ["State of Texas"], set()) == [
        "basra",
        "texas",
    ]
    assert build._display_name("Kurskaya oblast'", [], ["kurskaya", "kursk"]) == "Kursk Oblast"


def test_midpoint_ignores_outliers():
    pts = [(10.0 + i / 100, 20.0 + i / 100, 1) for i in range(100)] + [(80.0, 170.0, 1)]
    lat, lon = build._midpoint(pts)
    assert abs(lat - 10.5) < 0.1 and abs(lon - 20.5) < 0.1


def test_country_points_are_central_not_capitals():
    points = build._country_points()
    turkey = points["TR"]
    assert distance_km(*turkey, 39.0, 35.0) < 100  # GeoNames' point for Turkey
    assert distance_km(*turkey, 39.93, 32.86) > 150  # Ankara
    us = points["US"]
    assert 30 < us[0] < 45 and -105 < us[1] < -90  # contiguous states, not pulled to Alaska
    assert -10 < points["FR"][1] < 10  # metropolitan France, not French Guiana


def test_country_points_are_the_factbook_points_geonames_uses():
    points = build._country_points()
    assert distance_km(*points["RU"], 60.0, 100.0) < 1  # not the polygon centroid (61.7, 99.7)
    assert distance_km(*points["CA"], 60.0, -95.0) < 1
    # GeoNames puts the United States at the centre of the contiguous states, not at the
    # Factbook's 38 N 97 W.
    assert distance_km(*points["US"], 39.76, -98.5) < 100


def test_cache_dir_env_override(monkeypatch, tmp_path):
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path))
    assert gazetteer.cache_dir() == tmp_path


@pytest.mark.slow
def test_full_index():
    gaz = gazetteer.load()
    assert gaz.lookup("Kursk region")[0].feature_code == "ADM1"
    assert gaz.lookup("Kursk region")[0].admin1 == "Kursk Oblast"
    assert {p.feature_code for p in gaz.lookup("Kursk")} >= {"ADM1", "PPL"}
    assert gaz.lookup("Kiev")[0].country_code == "UA"
    assert gaz.lookup("W.Va.")[0].name == "West Virginia"
    # Conflict areas that are no single GeoNames entry (data/areas.tsv).
    assert gaz.lookup("South Ossetia")[0].admin1 == "Shida Kartli"
    karabakh = gaz.lookup("Nagorno-Karabakh")[0]
    assert karabakh.country_code == "AZ" and karabakh.feature_code == "RGN"
    assert distance_km(karabakh.latitude, karabakh.longitude, 39.82, 46.75) < 50  # Stepanakert
    assert gaz.lookup("Darfur")[0].country_code == "SD"
    assert gaz.demonym("South Ossetian") == "GE"

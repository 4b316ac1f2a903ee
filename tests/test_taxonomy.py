"""The packaged ACLED taxonomy: complete, exactly spelled, with mappings."""

from __future__ import annotations

import pytest

from sitrep import taxonomy

EXPECTED = {
    "Battles": [
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ],
    "Explosions/Remote violence": [
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ],
    "Violence against civilians": ["Sexual violence", "Attack", "Abduction/forced disappearance"],
    "Protests": [
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": [
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ],
}


@pytest.fixture(scope="module")
def tax() -> taxonomy.Taxonomy:
    return taxonomy.load()


def test_six_types_and_twenty_five_sub_types_with_exact_spellings(tax):
    found = {e.name: list(e.sub_event_types) for e in tax.event_types}
    assert found == EXPECTED
    assert len(tax.sub_event_types) == 25


def test_every_sub_type_knows_its_event_type_and_has_triggers(tax):
    for sub in tax.sub_event_types:
        assert sub.name in EXPECTED[sub.event_type]
        assert sub.triggers and sub.definition
        assert all(weight > 0 for weight in sub.triggers.values()), sub.name


def test_case_codes_are_unique_and_map_back(tax):
    codes = [sub.case_code for sub in tax.sub_event_types]
    assert len(set(codes)) == 25
    assert tax.by_case_code("ART_MISS_ATTACK").name == "Shelling/artillery/missile attack"
    assert tax.by_case_code("PROPERTY_DISTRUCT").name == "Looting/property destruction"
    assert tax.by_case_code("NATURAL_DISASTER") is None


def test_plover_and_cameo_mappings(tax):
    assert tax.sub_type("Air/drone strike").cameo == "195"
    assert tax.sub_type("Air/drone strike").plover == "ASSAULT"
    assert tax.sub_type("Peaceful protest").plover == "PROTEST"
    assert tax.sub_type("Arrests").cameo == "173"
    plovers = {sub.plover for sub in tax.sub_event_types} - {None}
    assert plovers <= {"ASSAULT", "PROTEST", "COERCE", "SUPPORT", "MOBILIZE", "RETREAT"}


def test_unknown_sub_type_raises(tax):
    with pytest.raises(KeyError):
        tax.sub_type("Armed Clash")


def test_load_is_cached():
    assert taxonomy.load() is taxonomy.load()

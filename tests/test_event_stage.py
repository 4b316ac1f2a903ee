"""The whole event stage with its trained models, on a small place index and stories
written for these tests: one incident per event, background, incident dates, verification."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.gazetteer import Gazetteer
from sitrep.ingest import find_dateline
from sitrep.pipeline import Pipeline
from sitrep.records import Article, Event, Place

pytestmark = pytest.mark.slow

PUBLISHED = dt.date(2024, 3, 21)
LAST_WEEK = (dt.date(2024, 3, 11), dt.date(2024, 3, 17))

_PLACES = [
    ("Ukraine", 49.0, 31.3, "UA", "Ukraine", None, "A", "PCLI", 44_000_000),
    ("Russia", 61.5, 105.3, "RU", "Russia", None, "A", "PCLI", 144_000_000),
    ("Kyiv", 50.45, 30.52, "UA", "Ukraine", "Kyiv City", "P", "PPLC", 2_900_000),
    ("Kursk", 51.5, 36.0, "RU", "Russia", "Kursk", "A", "ADM1", 1_100_000),
    ("Belgorod", 50.7, 37.0, "RU", "Russia", "Belgorod", "A", "ADM1", 1_500_000),
    ("Kharkiv", 49.98, 36.25, "UA", "Ukraine", "Kharkiv", "P", "PPLA", 1_430_000),
    ("Cherkasy", 49.44, 32.06, "UA", "Ukraine", "Cherkasy", "P", "PPLA", 270_000),
    ("Odesa", 46.6, 30.5, "UA", "Ukraine", "Odesa", "A", "ADM1", 2_300_000),
]


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    places = [
        Place(name=name, latitude=lat, longitude=lon, country_code=code, country=country,
              admin1=admin1, feature_class=fclass, feature_code=fcode, population=population)
        for name, lat, lon, code, country, admin1, fclass, fcode, population in _PLACES
    ]  # fmt: skip
    demonyms = {"Russian": "RU", "Ukrainian": "UA"}
    return Pipeline(gazetteer=Gazetteer.from_places(places, demonyms=demonyms), batch_size=4)


def _events(pipeline: Pipeline, text: str, published: dt.date = PUBLISHED) -> list[Event]:
    article = Article(id="t", text=text, published=published, dateline=find_dateline(text))
    (result,) = pipeline.run([article])
    return result.events


_RAID_STORY = (
    "KYIV - Two armed groups of Russian exiles who fight for Ukraine said on March 21 that "
    "their units were still carrying out attacks across the border after a week of raids.\n\n"
    "{incursion}\n\n"
    '"We are still fighting," a commander of one of the groups told a press conference in '
    "Kyiv.\n\n"
    "Reuters could not independently verify the claims.\n\n"
    "The raids follow earlier actions by the groups in Russian border regions in May 2023."
)
_INCURSIONS = [
    "The groups launched incursions from northern Ukraine last week into the Russian regions "
    "of Kursk and Belgorod, claiming to have taken several villages.",
    "Last week the fighters crossed into the Kursk and Belgorod regions of Russia, claiming to "
    "have entered several villages.",
    "Their units raided villages in Russia's Kursk and Belgorod regions last week, the groups "
    "claimed.",
    "The fighters launched raids into Russia's Kursk and Belgorod regions last week.",
    "Last week the fighters entered several villages in Kursk and Belgorod, on the Russian "
    "side of the border.",
]


@pytest.mark.parametrize("incursion", _INCURSIONS)
def test_each_wording_of_the_incursion_gives_both_raids_and_the_background(
    pipeline: Pipeline, incursion: str
) -> None:
    found = _events(pipeline, _RAID_STORY.format(incursion=incursion))
    raids = [e for e in found if not e.background]
    assert sorted(e.admin1 or "" for e in raids) == ["Belgorod", "Kursk"], found
    for raid in raids:
        assert raid.country_code == "RU"
        assert (raid.date_start, raid.date_end) == LAST_WEEK
    assert "Battles" in {raid.event_type for raid in raids}
    earlier = [e for e in found if e.background]
    assert len(earlier) == 1, found
    assert (earlier[0].date_start, earlier[0].date_end) == (
        dt.date(2023, 5, 1),
        dt.date(2023, 5, 31),
    )
    violent = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
    assert not [e for e in found if e.country_code == "UA" and e.event_type in violent]


def test_statements_plans_and_elections_are_not_events(pipeline: Pipeline) -> None:
    text = (
        "The U.N. chief condemned the violence and called for restraint on Tuesday. "
        "The envoy will arrive in Kyiv on Friday for talks on a ceasefire. "
        "Tanks guarded the election office as voters cast ballots. "
        "Officials warned that militants could attack the city."
    )
    assert _events(pipeline, text) == []


@pytest.mark.parametrize(
    ("headline", "deaths"),
    [
        ("Russian shelling kills three in Kharkiv, Ukraine says.", 3),
        ("Russian missile strike on Kharkiv apartment block kills 5.", 5),
    ],
)
def test_a_headline_alone_reports_its_incident(
    pipeline: Pipeline, headline: str, deaths: int
) -> None:
    (event,) = _events(pipeline, headline)
    assert event.sub_event_type == "Shelling/artillery/missile attack"
    assert (event.location, event.fatalities) == ("Kharkiv", deaths)


@pytest.mark.parametrize(
    "brief",
    [
        "Officials warned that militants could attack the city.",
        "Ukraine condemns Russian shelling of Kharkiv.",
    ],
)
def test_a_brief_statement_is_still_not_an_event(pipeline: Pipeline, brief: str) -> None:
    assert _events(pipeline, brief) == []


def test_where_a_source_speaks_is_not_where_the_incident_happened(pipeline: Pipeline) -> None:
    text = (
        "Russian missiles struck an apartment block in eastern Ukraine on Tuesday, killing "
        "five people. \"Rescuers are still searching the rubble,\" an emergency official in "
        "Kyiv told reporters."
    )
    (event,) = _events(pipeline, text)
    assert event.country_code == "UA"
    assert event.location != "Kyiv"


def test_one_incident_told_in_three_sentences_is_one_event(pipeline: Pipeline) -> None:
    text = (
        "Russian forces shelled Kharkiv on Tuesday. "
        "Three civilians were killed and 12 were wounded, the regional governor said. "
        "The shelling damaged a school and several apartment buildings."
    )
    (event,) = _events(pipeline, text)
    assert event.location == "Kharkiv" and event.geo_precision == 1
    assert event.date_start == dt.date(2024, 3, 19)
    assert event.fatalities == 3 and "fatalities" in event.evidence
    assert event.actor1 == "Military Forces of Russia"
    assert event.verification == "reported" and not event.background


def test_the_count_a_party_claims_is_a_claim_not_the_toll(pipeline: Pipeline) -> None:
    text = (
        "Ukrainian troops repelled an assault near Kharkiv on Tuesday. "
        "The Russian defence ministry claimed its forces killed 430 Ukrainian soldiers."
    )
    found = _events(pipeline, text)
    assert found and all(e.fatalities is None for e in found), found
    assert any(c.stance == "claimed" and "430" in c.text for e in found for c in e.claims)


def test_a_place_only_inferred_is_never_precise(pipeline: Pipeline) -> None:
    text = "KYIV - Gunmen attacked a police checkpoint on Tuesday, killing two officers."
    found = _events(pipeline, text)
    assert found
    for event in found:
        assert event.geo_precision != 1
        assert "location" not in event.evidence and "location_inferred" in event.evidence


@pytest.mark.parametrize(
    ("text", "toll"),
    [
        (
            "Militants hijacked a passenger train near Kharkiv on Tuesday. "
            "At least 26 people were killed, officials said.",
            26,
        ),
        (
            "Gunmen attacked a passenger train near Kharkiv on Tuesday, taking many hostages. "
            "Officials said 31 people, including 9 guards, lost their lives in the attack. "
            "Eighteen soldiers and eight passengers were among those killed in the initial "
            "assault. Five guards were also killed in the ensuing battle.",
            31,
        ),
    ],
)
def test_a_toll_told_beside_the_incident_is_its_fatalities(
    pipeline: Pipeline, text: str, toll: int
) -> None:
    found = [e for e in _events(pipeline, text) if e.event_type != "Strategic developments"]
    assert [e.fatalities for e in found] == [toll], found


def test_the_army_s_count_of_enemies_it_killed_stays_a_claim(pipeline: Pipeline) -> None:
    text = (
        "Militants attacked a passenger train near Kharkiv on Tuesday. "
        "Twelve passengers were killed in the attack. "
        "The army said it killed 40 militants in the operation that followed."
    )
    found = [e for e in _events(pipeline, text) if e.fatalities is not None]
    assert [e.fatalities for e in found] == [12], found
    assert [c.toll for c in found[0].claims if "40" in c.text] == [40]


def test_positions_stand_for_the_forces_that_hold_them(pipeline: Pipeline) -> None:
    text = (
        "Russian troops fired mortars at Ukrainian positions near Kharkiv on Tuesday. "
        "On Wednesday, gunmen attacked a police checkpoint in Kharkiv. "
        "On Thursday, six soldiers were killed in attacks by militants on check points in "
        "Kharkiv."
    )
    found = _events(pipeline, text)
    assert [e.actor2 for e in found] == [
        "Military Forces of Ukraine",
        "Police Forces of Ukraine",
        "Military Forces of Ukraine",
    ]


def test_a_protest_told_with_an_arrest_stays_a_protest(pipeline: Pipeline) -> None:
    text = (
        "Journalists held a protest outside a newspaper office in Kharkiv on Tuesday, "
        "demanding the release of its editor. He was arrested in connection with a tax case, "
        "but his arrest is believed to be an attack on media freedom."
    )
    found = _events(pipeline, text)
    assert found and found[0].event_type == "Protests", found


def test_a_route_named_whole_does_not_place_the_attack_at_its_end(pipeline: Pipeline) -> None:
    text = (
        "Gunmen attacked a passenger train in eastern Ukraine on Tuesday. "
        "The train was travelling from Kyiv to Kharkiv when it came under heavy fire."
    )
    found = _events(pipeline, text)
    assert found and all(e.location not in {"Kyiv", "Kharkiv"} for e in found), found
    assert {e.country_code for e in found} == {"UA"}


def test_a_place_an_advance_heads_to_is_where_it_happened(pipeline: Pipeline) -> None:
    text = (
        "Heavy fighting was reported in Ukraine on Monday. "
        "Russian troops launched an assault to Kharkiv on Tuesday, killing two soldiers."
    )
    tuesday = [e for e in _events(pipeline, text) if e.date_start == dt.date(2024, 3, 19)]
    assert [e.location for e in tuesday] == ["Kharkiv"]


def test_an_event_that_highlights_something_is_not_its_own_claimant(pipeline: Pipeline) -> None:
    text = (
        "Farmers near Kharkiv say they fear the fields, and a deadly shelling of the town "
        "market on Tuesday has highlighted the danger, officials said."
    )
    found = _events(pipeline, text)
    assert found, "the shelling is an event"
    claimants = {c.claimant for e in found for c in e.claims}
    assert not any(c and "shelling" in c for c in claimants), claimants


def test_an_incident_in_a_named_region_is_not_moved_to_a_town_of_another(
    pipeline: Pipeline,
) -> None:
    text = (
        "Russian drones struck the Cherkasy and Odesa regions overnight, damaging homes, "
        "regional officials said on Thursday."
    )
    found = _events(pipeline, text)
    assert {e.admin1 for e in found} == {"Cherkasy", "Odesa"}, found
    odesa = next(e for e in found if e.admin1 == "Odesa")
    assert odesa.location == "Odesa" and odesa.geo_precision == 3

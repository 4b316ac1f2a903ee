"""Tests for sitrep.incidents: compatibility rules, merging, the merged record, order
independence and incremental updates (small hand-written reports, no pipeline)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep import incidents
from sitrep.incidents import compatibility as compat
from sitrep.records import Claim, Event, Report

_DAY = dt.date(2025, 3, 11)

# Sibi and two places near it (Balochistan), Quetta further away, and a town in India.
_SIBI = {"location": "Sibi", "latitude": 29.543, "longitude": 67.877, "geonameid": 1164909}
_NEAR_SIBI = {"location": "Kurk", "latitude": 29.60, "longitude": 67.95, "geonameid": 1}
_QUETTA = {"location": "Quetta", "latitude": 30.187, "longitude": 67.012, "geonameid": 1167528}


def _report(event_id: str, **fields: object) -> Report:
    values: dict[str, object] = {
        "article_id": f"a-{event_id}",
        "source": "Reuters",
        "published": _DAY,
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "date_start": _DAY,
        "date_end": _DAY,
        "time_precision": 1,
        "country_code": "PK",
        "admin1": "Balochistan",
        "admin2": "Sibi District",
        "geo_precision": 1,
        **_SIBI,
    }
    values.update(fields)
    return Report(event_id=event_id, **values)  # type: ignore[arg-type]


def _hijack() -> list[Report]:
    """Five reports of the train hijacking near Sibi from four outlets over four days, tolls
    16 to 64; one is contested, one names only the province, one has no date of its own."""
    bla = "BLA: Baloch Liberation Army"
    return [
        _report("e1", source="VOA", fatalities=16, published=_DAY, actor1=bla),
        _report("e2", source="Reuters", fatalities=31, published=_DAY + dt.timedelta(days=1),
                verification="contested", claimant="Pakistani military"),
        _report("e3", source="AP", fatalities=58, published=_DAY + dt.timedelta(days=2)),
        _report("e4", source="AFP", fatalities=64, published=_DAY + dt.timedelta(days=3),
                geo_precision=3, location="Balochistan", latitude=28.5, longitude=65.0,
                admin2=None),
        _report("e5", source="VOA", fatalities=58, published=_DAY + dt.timedelta(days=2),
                time_precision=2, date_start=_DAY + dt.timedelta(days=2),
                date_end=_DAY + dt.timedelta(days=2)),
    ]  # fmt: skip


def _distractors() -> list[Report]:
    """Same day, same province: an airstrike in Quetta, a protest in Sibi, a clash in India."""
    return [
        _report(
            "d1",
            **_QUETTA,
            admin2="Quetta District",
            fatalities=2,
            event_type="Explosions/Remote violence",
            sub_event_type="Air/drone strike",
        ),
        _report("d2", event_type="Protests", sub_event_type="Peaceful protest"),
        _report("d3", country_code="IN", admin1="Rajasthan", admin2=None, location="Sibi"),
    ]


# --- compatibility ---------------------------------------------------------------------------


def test_never_across_countries_even_with_the_same_place_name() -> None:
    a, b = _report("x"), _report("y", country_code="IN", admin1="Rajasthan")
    assert not compat.same_country(a, b)
    assert not compat.compatible(a, b)


def test_unresolved_place_joins_only_the_same_name() -> None:
    unresolved = _report("x", country_code=None, admin1=None, latitude=None, longitude=None,
                         geonameid=None, geo_precision=3)  # fmt: skip
    assert compat.compatible(unresolved, _report("y"))
    assert not compat.compatible(unresolved, _report("z", **_QUETTA))


def test_nearby_towns_are_different_places_but_near_reaches_further() -> None:
    sibi, kurk = _report("x"), _report("y", **_NEAR_SIBI)
    assert 5 < (compat.distance_km(sibi, kurk) or 0) < 10
    assert not compat.places_compatible(sibi, kurk)
    assert compat.places_compatible(sibi, _report("z", **_NEAR_SIBI, geo_precision=2))


def test_vaguer_report_matches_places_inside_its_region() -> None:
    province = _report("p", location="Balochistan", geo_precision=3, admin2=None)
    country = _report("c", location="Pakistan", admin1=None, admin2=None, geo_precision=3)
    assert compat.place_level(province) == compat.PlaceLevel.ADMIN1
    assert compat.place_level(country) == compat.PlaceLevel.COUNTRY
    assert compat.places_compatible(province, _report("q", **_QUETTA))
    assert not compat.places_compatible(province, _report("s", admin1="Sindh"))
    assert compat.places_compatible(country, _report("s", admin1="Sindh"))


def test_types_dates_and_actors() -> None:
    clash = _report("x")
    strike = _report(
        "y", event_type="Explosions/Remote violence", sub_event_type="Air/drone strike"
    )
    protest = _report("z", event_type="Protests", sub_event_type="Peaceful protest")
    assert compat.types_compatible(clash, strike)
    assert not compat.types_compatible(clash, protest)
    later = _report(
        "w", date_start=_DAY + dt.timedelta(days=3), date_end=_DAY + dt.timedelta(days=3)
    )
    assert not compat.dates_overlap(clash, later)
    assert compat.dates_overlap(clash, _report("v", date_start=_DAY + dt.timedelta(days=1)))
    reported = _report("u", time_precision=2, date_start=_DAY + dt.timedelta(days=3),
                       date_end=_DAY + dt.timedelta(days=3))  # fmt: skip
    assert compat.dates_overlap(clash, reported)
    bla = _report("t", actor1="BLA", actor2="Military Forces of Pakistan")
    assert not compat.actors_compatible(
        bla, _report("s", actor1="TTP", actor2="Civilians (Pakistan)")
    )
    assert compat.actors_compatible(
        bla, _report("r", actor1="Military Forces of Pakistan", actor2="BLA")
    )
    assert compat.actors_compatible(bla, _report("q", actor1="Unidentified Armed Group (Pakistan)"))


def test_predicates_take_events_too() -> None:
    event = Event(article_id="a", event_id="e", event_type="Battles", sub_event_type="Armed clash",
                  date_start=_DAY, date_end=_DAY, time_precision=1, country_code="PK",
                  admin1="Balochistan", geo_precision=1, sentence="...", **_SIBI)  # fmt: skip
    assert compat.compatible(event, _report("x"))


# --- merging ----------------------------------------------------------------------------------


def test_hijack_reports_form_one_incident_and_distractors_stay_apart() -> None:
    merged = incidents.merge(_hijack() + _distractors())
    by_event = {e: i for i in merged for e in i.event_ids}
    hijack = by_event["e1"]
    assert hijack.event_ids == ["e1", "e2", "e3", "e4", "e5"]
    assert hijack.sources == ["AFP", "AP", "Reuters", "VOA"]
    assert (hijack.fatalities_min, hijack.fatalities_max) == (16, 64)
    assert (hijack.location, hijack.date_start, hijack.date_end) == ("Sibi", _DAY, _DAY)
    assert hijack.verification == "contested"
    tolls = next(c for c in hijack.contradictions if c.field == "fatalities")
    assert [(v.value, v.source) for v in tolls.values] == [
        (16, "VOA"),
        (31, "Reuters"),
        (58, "AP"),
        (58, "VOA"),
        (64, "AFP"),
    ]
    assert tolls.values[1].claimant == "Pakistani military"
    assert [r.source for r in hijack.reports] == ["VOA", "Reuters", "AP", "VOA", "AFP"]
    assert len(merged) == 4
    assert all(len(by_event[d].event_ids) == 1 for d in ("d1", "d2", "d3"))


def test_every_report_is_in_exactly_one_incident() -> None:
    reports = _hijack() + _distractors()
    merged = incidents.merge(reports)
    assert sorted(e for i in merged for e in i.event_ids) == sorted(r.event_id for r in reports)


def test_two_same_day_incidents_in_nearby_towns_stay_apart() -> None:
    merged = incidents.merge([
        _report("a1", source="AP"), _report("a2", source="AFP"),
        _report("b1", **_NEAR_SIBI, source="AP"), _report("b2", **_NEAR_SIBI, source="BBC"),
    ])  # fmt: skip
    assert sorted(i.event_ids for i in merged) == [["a1", "a2"], ["b1", "b2"]]
    assert all(i.verification == "corroborated" for i in merged)


def test_a_vague_report_between_two_incidents_stays_alone() -> None:
    reports = [_report("a"), _report("b", **_QUETTA),
               _report("v", location="Balochistan", geo_precision=3, admin2=None)]  # fmt: skip
    assert sorted(i.event_ids for i in incidents.merge(reports)) == [["a"], ["b"], ["v"]]
    unambiguous = [_report("a"), _report("v", location="Balochistan", geo_precision=3, admin2=None)]
    assert [i.event_ids for i in incidents.merge(unambiguous)] == [["a", "v"]]


def test_events_of_one_article_are_never_merged() -> None:
    merged = incidents.merge([_report("a", article_id="same"), _report("b", article_id="same")])
    assert len(merged) == 2


@pytest.mark.parametrize(
    ("verifications", "sources", "expected"),
    [
        (["reported", "reported"], ["AP", "AP"], "reported"),
        (["reported", "reported"], ["AP", "AFP"], "corroborated"),
        (["claimed", "claimed"], ["AP", "AP"], "claimed"),
        (["claimed", "unverified"], ["AP", "AP"], "unverified"),
        (["contested", "reported"], ["AP", "AFP"], "contested"),
    ],
)
def test_verification(verifications: list[str], sources: list[str], expected: str) -> None:
    reports = [
        _report(f"e{n}", verification=v, source=s)
        for n, (v, s) in enumerate(zip(verifications, sources, strict=True))
    ]
    [incident] = incidents.merge(reports)
    assert incident.verification == expected


def test_different_attackers_are_a_contradiction() -> None:
    [incident] = incidents.merge([_report("a", actor1="BLA", actor2="Military Forces of Pakistan"),
                                  _report("b", actor1="Military Forces of Pakistan")])  # fmt: skip
    assert incident.verification == "contested"
    assert [c.field for c in incident.contradictions] == ["actor1"]


def test_report_from_event_keeps_outlet_date_and_first_claimant() -> None:
    claim = Claim(claimant="the army", stance="claimed", text="x", start=0, end=1)
    event = Event(article_id="a", event_id="e", event_type="Battles", sub_event_type="Armed clash",
                  sentence="...", fatalities=3, claims=[claim])  # fmt: skip
    report = Report.from_event(event, source="AP", published=_DAY)
    assert (report.source, report.published, report.fatalities) == ("AP", _DAY, 3)
    assert (report.claimant, report.stance) == ("the army", "claimed")


# --- order independence, stable ids, incremental updates ------------------------------------


_POOL = _hijack() + _distractors() + [_report("n1", **_NEAR_SIBI), _report("n2", **_NEAR_SIBI)]


@settings(max_examples=60, deadline=None)
@given(st.permutations(_POOL))
def test_merge_ignores_input_order(reports: list[Report]) -> None:
    assert incidents.merge(reports) == incidents.merge(_POOL)


def test_merging_again_changes_nothing_and_ids_are_stable() -> None:
    first = incidents.merge(_POOL)
    assert incidents.merge(_POOL) == first
    two_days = _DAY + dt.timedelta(days=2)
    later = _report("z9", source="BBC", published=two_days, date_start=two_days,
                    date_end=two_days, time_precision=2)  # fmt: skip
    grown = {i.incident_id: i for i in incidents.merge([*_POOL, later])}
    hijack = next(i for i in first if "e1" in i.event_ids)
    assert "z9" in grown[hijack.incident_id].event_ids


@settings(max_examples=60, deadline=None)
@given(st.lists(st.booleans(), min_size=len(_POOL), max_size=len(_POOL)))
def test_update_equals_a_full_merge(is_new: list[bool]) -> None:
    known = [r for r, new in zip(_POOL, is_new, strict=True) if not new]
    new = [r for r, new in zip(_POOL, is_new, strict=True) if new]
    stored = {i.incident_id: i for i in incidents.merge(known)}
    change = incidents.update(known, list(stored.values()), new)
    for retired in change.retired:
        del stored[retired]
    stored.update({i.incident_id: i for i in change.incidents})
    assert sorted(stored.values(), key=lambda i: i.incident_id) == incidents.merge(_POOL)

"""Compatibility of event records and gathering one incident's fields (no parsing needed)."""

from __future__ import annotations

import datetime as dt

from sitrep.events import compat, merge
from sitrep.records import Claim, Event

DAY = dt.date(2024, 3, 14)
KHARKIV = dict(country_code="UA", admin1="Kharkiv", latitude=50.0, longitude=36.23)
IZIUM = dict(country_code="UA", admin1="Kharkiv", latitude=49.21, longitude=37.26)
KYIV = dict(country_code="UA", admin1="Kyiv City", latitude=50.45, longitude=30.52)


def _event(*, dated: bool = True, placed: bool = True, inferred: bool = False, **fields) -> Event:
    evidence = {"event_type": (0, 5)}
    if dated:
        evidence["date_start"] = evidence["date_end"] = (10, 15)
    if placed:
        evidence[compat.INFERRED_PLACE if inferred else "location"] = (20, 25)
    base = dict(
        article_id="a", event_id="e", event_type="Battles", sub_event_type="Armed clash",
        date_start=DAY, date_end=DAY, time_precision=1, geo_precision=1, sentence="s",
        evidence=evidence,
    )  # fmt: skip
    if placed:
        base |= KHARKIV
    return Event(**(base | fields))


def test_type_families():
    shelling = _event(event_type="Explosions/Remote violence")
    assert compat.types_compatible(_event(), shelling)
    assert not compat.types_compatible(_event(), _event(event_type="Protests"))
    assert compat.types_compatible(_event(event_type="Riots"), _event(event_type="Protests"))


def test_dates_overlap_with_slack_and_report_dates_fit_earlier_days():
    later = _event(date_start=DAY + dt.timedelta(days=2), date_end=DAY + dt.timedelta(days=2))
    assert not compat.dates_overlap(_event(), later)
    assert compat.dates_overlap(_event(), later, slack_days=2)
    reported = _event(dated=False, date_start=DAY + dt.timedelta(days=5), time_precision=2)
    assert compat.dates_overlap(_event(), reported)


def test_places_by_distance_containment_and_inference():
    assert compat.places_compatible(_event(), _event(**KHARKIV))
    assert not compat.places_compatible(_event(), _event(**IZIUM))  # about 125 km away
    region = _event(**(IZIUM | dict(geo_precision=3)))
    assert compat.places_compatible(_event(), region)  # the region contains Kharkiv
    assert not compat.places_compatible(_event(), _event(**(KYIV | dict(geo_precision=3))))
    dateline = _event(inferred=True, **KYIV)
    assert compat.places_compatible(_event(), dateline)  # an inferred place fits anywhere
    assert compat.places_compatible(_event(), _event(inferred=True, country_code="RU"))


def test_named_actors_must_agree_generic_ones_fit_any():
    russia = _event(actor1="Military Forces of Russia")
    assert not compat.actors_compatible(russia, _event(actor1="Military Forces of Ukraine"))
    assert compat.actors_compatible(russia, _event(actor1="Unidentified Armed Group (Ukraine)"))
    assert compat.same_incident(russia, _event())


def test_combine_gathers_date_place_actors_toll_and_claims():
    first = _event(dated=False, inferred=True, date_start=DAY, time_precision=2, **KYIV)
    claim = Claim(claimant="Police", stance="asserted", text="t", start=30, end=40)
    other = _event(
        actor1="Military Forces of Russia", fatalities=3, claims=[claim],
        date_start=DAY - dt.timedelta(days=1), date_end=DAY - dt.timedelta(days=1),
        evidence={"event_type": (50, 55), "date_start": (60, 65), "date_end": (60, 65),
                  "location": (70, 75), "actor1": (80, 85), "fatalities": (90, 91)},
    )  # fmt: skip
    joined = merge.combine(first, other)
    assert joined.date_start == DAY - dt.timedelta(days=1) and joined.evidence["date_start"]
    assert joined.admin1 == "Kharkiv" and "location" in joined.evidence
    assert compat.INFERRED_PLACE not in joined.evidence
    assert joined.actor1 == "Military Forces of Russia" and joined.fatalities == 3
    assert joined.claims == [claim] and joined.evidence["event_type"] == (0, 5)
    assert merge.combine(joined, _event(fatalities=1)).fatalities == 3

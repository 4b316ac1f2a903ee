"""One stored shelling report of Kharkiv, shared by the store and migration tests."""

from __future__ import annotations

import datetime as dt

from sitrep.records import Article, Claim, Event

TEXT = "KYIV - Russian forces shelled Kharkiv on Monday, killing 3 people, officials said."


def kharkiv_article(article_id: str = "a1", text: str = TEXT) -> Article:
    """The report itself, published 2024-03-21."""
    return Article(id=article_id, text=text, published=dt.date(2024, 3, 21))


def kharkiv_event(article_id: str = "a1", **changes: object) -> Event:
    """The shelling event sitrep stores for ``TEXT``, with any field replaced by ``changes``."""
    values: dict[str, object] = dict(
        article_id=article_id,
        event_id=f"{article_id}-e1",
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        date_start=dt.date(2024, 3, 18),
        date_end=dt.date(2024, 3, 18),
        time_precision=1,
        country="Ukraine",
        country_code="UA",
        admin1="Kharkivska",
        location="Kharkiv",
        latitude=49.98,
        longitude=36.25,
        geo_precision=1,
        geonameid=706483,
        actor1="Military Forces of Russia",
        actor2="Civilians (Ukraine)",
        fatalities=3,
        claims=[
            Claim(claimant="officials", stance="asserted", text="officials said", start=67, end=81)
        ],
        sentence=TEXT,
        evidence={"event_type": (22, 29), "fatalities": (49, 58)},
    )
    values.update(changes)
    return Event(**values)  # type: ignore[arg-type]

"""Headline-only texts yield their incident at the headline's place; headlines about
threats, plans, talks or denials yield none. The headlines are written for these tests
(real towns, invented reports), resolved on a small place index."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.eval import event_headlines
from sitrep.eval.event_articles import GoldEvent, Story
from sitrep.gazetteer import Gazetteer
from sitrep.pipeline import Pipeline
from sitrep.records import Article, Event, Place

PUBLISHED = dt.date(2023, 6, 6)

_PLACES = [
    ("Ukraine", 49.0, 31.3, "UA", None, "A", "PCLI", 44_000_000),
    ("Russia", 61.5, 105.3, "RU", None, "A", "PCLI", 144_000_000),
    ("Kyiv", 50.45, 30.52, "UA", "Kyiv City", "P", "PPLC", 2_900_000),
    ("Kramatorsk", 48.72, 37.56, "UA", "Donetsk", "P", "PPLA2", 150_000),
    ("Melitopol", 46.85, 35.37, "UA", "Zaporizhzhia", "P", "PPLA2", 150_000),
    ("Lyman", 48.99, 37.80, "UA", "Donetsk", "P", "PPL", 20_000),
    ("Nova Kakhovka", 46.75, 33.35, "UA", "Kherson", "P", "PPL", 45_000),
    ("Zaporizhzhia", 47.82, 35.19, "UA", "Zaporizhzhia", "P", "PPLA", 720_000),
    ("Belgorod", 50.61, 36.58, "RU", "Belgorod", "P", "PPLA", 390_000),
    ("Donetsk", 48.02, 37.80, "UA", "Donetsk", "P", "PPLA", 900_000),
    ("Odesa", 46.48, 30.73, "UA", "Odesa", "P", "PPLA", 1_000_000),
]


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    places = [
        Place(name=name, latitude=lat, longitude=lon, country_code=code,
              country={"UA": "Ukraine", "RU": "Russia"}[code], admin1=admin1,
              feature_class=fclass, feature_code=fcode, population=population)
        for name, lat, lon, code, admin1, fclass, fcode, population in _PLACES
    ]  # fmt: skip
    demonyms = {"Russian": "RU", "Ukrainian": "UA"}
    return Pipeline(gazetteer=Gazetteer.from_places(places, demonyms=demonyms), batch_size=8)


def _events(pipeline: Pipeline, text: str) -> list[Event]:
    (result,) = pipeline.run([Article(id="h", text=text, published=PUBLISHED)])
    return result.events


@pytest.mark.slow
@pytest.mark.parametrize(
    ("headline", "place"),
    [
        ("Missile strike on Kramatorsk railway station", "Kramatorsk"),  # nominal trigger
        ("Explosion in Melitopol", "Melitopol"),
        ("Fighting near Lyman", "Lyman"),  # gerund
        ("Rocket attack hits Zaporizhzhia", "Zaporizhzhia"),  # event noun as subject
        ("Kyiv hit by drones overnight", "Kyiv"),  # participle on the place
        ("Explosions reported in Belgorod", "Belgorod"),
        ("Shelling in Donetsk kills 3", "Donetsk"),  # "X kills N"
        ("Drone attack on Odesa port", "Odesa"),
        ("Drone strike on oil depot in Belgorod", "Belgorod"),  # "strike" tagged a verb
        ("Missile Strike Hits Kramatorsk Railway Station", "Kramatorsk"),  # title case
        ("Russian Shelling Kills 3 in Melitopol Market", "Melitopol"),
    ],
)
def test_a_headline_reporting_an_incident_yields_it_at_its_place(pipeline, headline, place):
    found = _events(pipeline, headline)
    assert [e.location for e in found] == [place]
    assert found[0].event_type != "Strategic developments"


@pytest.mark.slow
@pytest.mark.parametrize(
    "headline",
    [
        "Threat of missile strikes on Kyiv",  # the event word under another noun
        "Explosion risk at Zaporizhzhia power plant",
        "Russia warns of strikes on Kyiv",  # a finite verb: the detector's to judge
        "Ukraine denies attack on Belgorod",
        "Possible strike on Odesa port",  # unrealised
        "No shelling in Donetsk overnight",  # negated
        "Talks on a ceasefire in Donetsk",
    ],
)
def test_a_headline_about_no_incident_yields_none(pipeline, headline):
    assert _events(pipeline, headline) == []


@pytest.mark.slow
def test_the_form_rule_is_for_headlines_only(pipeline):
    """A nominal fragment inside a longer text is judged by the detector, not by its form."""
    filler = "Officials met in Kyiv on Monday to discuss the budget and the grain exports. " * 3
    headline = _events(pipeline, "Explosion in Melitopol")
    longer = _events(pipeline, filler + "Explosion in Melitopol")
    assert len(headline) == 1
    assert all(e.sentence != "Explosion in Melitopol" for e in longer)


def _gold(lat: float, lon: float, *, required: bool = True) -> GoldEvent:
    return GoldEvent(
        gold_id="g", event_type="Battles", sub_event_type="Armed clash",
        date_start=PUBLISHED, date_end=PUBLISHED, country_code="UA", admin1=None,
        latitude=lat, longitude=lon, geo_precision="town", fatalities=None,
        verification=None, background=False, optional=not required,
    )  # fmt: skip


def _story(key: str, title: str, gold: tuple[GoldEvent, ...], split: str = "dev") -> Story:
    article = Article(id=key, text="Body.", published=PUBLISHED, title=title)
    return Story(article=article, split=split, dataset="t", gold=gold)


def _event(lat: float, lon: float) -> Event:
    return Event(
        article_id="a", event_id="e", event_type="Battles", sub_event_type="Armed clash",
        latitude=lat, longitude=lon, sentence="s",
    )  # fmt: skip


def test_title_scores_count_near_events_any_events_and_false_events():
    near = event_headlines.TitleResult(_story("a", "A", (_gold(48.0, 37.8),)), [_event(48.2, 37.8)])
    far = event_headlines.TitleResult(_story("b", "B", (_gold(48.0, 37.8),)), [_event(50.4, 30.5)])
    none = event_headlines.TitleResult(_story("c", "C", (_gold(48.0, 37.8),)), [])
    quiet = event_headlines.TitleResult(_story("d", "D", ()), [])
    loud = event_headlines.TitleResult(_story("e", "E", ()), [_event(1, 1), _event(2, 2)])
    optional_only = event_headlines.TitleResult(
        _story("f", "F", (_gold(48.0, 37.8, required=False),)), []
    )
    figures = event_headlines.summarise([near, far, none, quiet, loud, optional_only])
    assert figures["titles"] == 3
    assert figures["near"] == pytest.approx(1 / 3)
    assert figures["any_event"] == pytest.approx(2 / 3)
    assert figures["no_event_titles"] == 2
    assert figures["quiet"] == pytest.approx(0.5)
    assert figures["false_events"] == 2
    assert event_headlines.describe(near) == []
    assert event_headlines.describe(far)[0].startswith("missed b: B")
    assert event_headlines.describe(loud)[0].startswith("false e: E")


def test_titles_are_run_alone_on_their_story_date_and_test_titles_are_never_listed():
    story = _story("s", "Explosion in Melitopol", (), split="test")
    article = event_headlines.title_article(story)
    assert article is not None
    assert (article.text, article.published) == ("Explosion in Melitopol", PUBLISHED)
    assert event_headlines.title_article(_story("u", "  ", ())) is None
    with pytest.raises(ValueError):
        event_headlines.describe(event_headlines.TitleResult(story, []))

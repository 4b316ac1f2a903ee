"""Tests for the run-level place lexicon (sitrep.geo.lexicon via sitrep.geocode.RunGeocoder
and the pipeline) on a tiny gazetteer and the real English pipeline."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from place_fixture import place as _place
from sitrep import geocode, nlp
from sitrep.gazetteer import Gazetteer
from sitrep.geo import lexicon
from sitrep.pipeline import Pipeline
from sitrep.records import Article

PLACES = [
    _place("Greece", 39.0, 22.0, "GR", "PCLI", 10_700_000),
    _place("Jordan", 31.0, 36.0, "JO", "PCLI", 10_000_000),
    _place("Jordan", 44.67, -93.63, "US", "PPL", 6_000, admin1="MN"),
    _place("Athens", 37.98, 23.73, "GR", "PPLC", 660_000, admin1="ESYE31"),
    _place("Athens", 33.96, -83.38, "US", "PPL", 115_000, admin1="GA"),
    _place("Athens", 32.2, -95.85, "US", "PPL", 12_000, admin1="TX"),
    _place("Watkinsville", 33.86, -83.41, "US", "PPL", 2_800, admin1="GA"),
    _place("Bogart", 33.95, -83.53, "US", "PPL", 1_300, admin1="GA"),
    _place("Tyler", 32.35, -95.3, "US", "PPL", 100_000, admin1="TX"),
    _place("Corsicana", 32.1, -96.47, "US", "PPL", 24_000, admin1="TX"),
    _place("Richmond", 37.55, -77.46, "US", "PPLA", 230_000, admin1="VA"),
    _place("Richmond", 37.75, -84.29, "US", "PPL", 35_000, admin1="KY"),
    _place("Madison County", 38.41, -78.28, "US", "ADM2", 13_000, admin1="VA"),
    _place("Madison County", 37.72, -84.28, "US", "ADM2", 90_000, admin1="KY"),
    _place("Berea", 37.57, -84.3, "US", "PPL", 15_000, admin1="KY"),
    _place("Winchester", 37.99, -84.18, "US", "PPL", 18_000, admin1="KY"),
    *[
        _place(name, 40.0 + i, -110.0 + i, "US", "PPL", 5_000, admin1=area)
        for i, (name, area) in enumerate(
            [("Tok", "AK"), ("Moab", "UT"), ("Taos", "NM"), ("Sedona", "AZ"), ("Aspen", "CO"),
             ("Boise", "ID"), ("Butte", "MT"), ("Fargo", "ND"), ("Omaha", "NE")]
        )
    ],  # fmt: skip
    _place("Shakopee", 44.8, -93.53, "US", "PPL", 40_000, admin1="MN"),
    _place("Chaska", 44.79, -93.6, "US", "PPL", 27_000, admin1="MN"),
]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.from_places(PLACES)


def _item(text: str, name: str, *, source: str | None, ident: str):
    """A parsed article and the span of ``name`` in it."""
    article = Article(id=ident, text=text, published=dt.date(2009, 3, 20), source=source)
    start = text.index(name)
    return nlp.load()(text), article, [(start, start + len(name))]


def _georgia_run(source_of_last: str | None = "banner"):
    return [
        _item("Deputies searched Watkinsville.", "Watkinsville", source="banner", ident="a"),
        _item("The fair opens in Bogart on Friday.", "Bogart", source="banner", ident="b"),
        _item("Athens police arrested two men.", "Athens", source=source_of_last, ident="c"),
    ]  # fmt: skip


def _resolved(items, gaz, **options):
    found = geocode.RunGeocoder(gazetteer=gaz, **options).resolve(items)
    return [mentions[0] for mentions in found]


def test_source_lexicon_decides_an_open_name_and_says_so(gaz):
    athens = _resolved(_georgia_run(), gaz)[2]
    assert (athens.place.country_code, athens.place.admin1) == ("US", "GA")
    assert (
        athens.evidence is not None and "banner" in athens.evidence and "US.GA" in athens.evidence
    )


def test_without_the_lexicon_or_alone_the_article_decides(gaz):
    alone = _resolved(_georgia_run()[2:], gaz)[0]
    off = _resolved(_georgia_run(), gaz, lexicon=False)[2]
    doc, article, spans = _georgia_run()[2]
    plain = geocode.resolve(doc, spans, article=article, gazetteer=gaz)[0]
    assert alone.place == off.place == plain.place
    assert plain.place is not None and plain.place.country_code == "GR"
    assert alone.evidence is None and off.evidence is None


def test_another_source_is_not_decided_by_this_one(gaz):
    athens = _resolved(_georgia_run(source_of_last="wire"), gaz)[2]
    assert athens.place is not None and athens.place.country_code == "GR"
    assert athens.evidence is None


def test_order_within_a_chunk_does_not_matter(gaz):
    run = _georgia_run()
    results = set()
    for order in itertools.permutations(range(len(run))):
        found = _resolved([run[i] for i in order], gaz)
        results.add(found[order.index(2)].place)
    assert len(results) == 1


def test_a_later_chunk_uses_the_earlier_chunks_votes(gaz):
    run = _georgia_run()
    geocoder = geocode.RunGeocoder(gazetteer=gaz)
    geocoder.resolve(run[:2])
    athens = geocoder.resolve(run[2:])[0][0]
    assert athens.place is not None and athens.place.admin1 == "GA"


def test_an_area_with_a_small_share_of_a_mixed_run_decides_nothing(gaz):
    text = "Crews from Tok, Moab, Taos, Sedona, Aspen, Boise, Butte, Fargo and Omaha arrived."
    names = ["Tok", "Moab", "Taos", "Sedona", "Aspen", "Boise", "Butte", "Fargo", "Omaha"]
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    article = Article(id="m", text=text, published=dt.date(2009, 3, 20))
    run = [*_georgia_run(source_of_last=None), (nlp.load()(text), article, spans)]
    run = [(doc, a.model_copy(update={"source": None}), s) for doc, a, s in run]
    found = _resolved(run, gaz)
    # Georgia has 2 of the 11 votes of the other articles: less than a fifth
    assert found[2].place is not None and found[2].place.country_code == "GR"
    assert found[2].evidence is None
    assert _resolved(run[:3], gaz)[2].place.admin1 == "GA"  # alone with Georgia's, it decides


def test_a_tie_between_areas_keeps_the_article_pick(gaz):
    run = [
        *_georgia_run()[:2],
        _item("A crash closed a road in Tyler.", "Tyler", source="banner", ident="d"),
        _item("Corsicana voters approved the bond.", "Corsicana", source="banner", ident="e"),
        _georgia_run()[2],
    ]
    athens = _resolved(run, gaz)[-1]
    assert athens.place is not None and athens.place.country_code == "GR"


def test_names_that_only_support_each_other_are_decided_by_the_lexicon(gaz):
    text = "Richmond police and Madison County deputies searched the house."
    spans = [(0, 8), (20, 34)]
    article = Article(id="c", text=text, published=dt.date(2009, 3, 20), source="register")
    run = [
        _item("Deputies searched a house in Berea.", "Berea", source="register", ident="a"),
        _item("The fair opens in Winchester.", "Winchester", source="register", ident="b"),
        (nlp.load()(text), article, spans),
    ]
    alone = geocode.RunGeocoder(gazetteer=gaz, lexicon=False).resolve(run)[2]
    decided = geocode.RunGeocoder(gazetteer=gaz).resolve(run)[2]
    assert [m.place.admin1 for m in alone] == ["VA", "VA"]
    assert [m.place.admin1 for m in decided] == ["KY", "KY"]
    assert all(m.evidence for m in decided)


def test_a_country_is_not_taken_for_a_town_of_the_source_area(gaz):
    run = [
        _item("Deputies searched a house in Shakopee.", "Shakopee", source="herald", ident="a"),
        _item("The fair opens in Chaska on Friday.", "Chaska", source="herald", ident="b"),
        _item("Jordan signed the treaty.", "Jordan", source="herald", ident="c"),
    ]
    jordan = _resolved(run, gaz)[2]
    assert jordan.place is not None and jordan.place.country_code == "JO"


@pytest.mark.parametrize("lexicon", [True, False])
def test_pipeline_places_use_the_lexicon_unless_turned_off(gaz, lexicon):
    texts = [
        "Deputies searched a house in Watkinsville on Monday.",
        "The county fair opens in Bogart on Friday.",
        "Hundreds of protesters marched in Athens on Tuesday against the new tax.",
    ]
    articles = [
        Article(id=str(i), text=t, published=dt.date(2009, 3, 20), source="banner")
        for i, t in enumerate(texts)
    ]
    pipeline = Pipeline(gazetteer=gaz, run_lexicon=lexicon)
    found = {a.id: mentions for a, mentions in pipeline.places(articles)}
    athens = next(m for m in found["2"] if m.text == "Athens")
    extracted = list(pipeline.run(articles))
    assert [m.place for m in extracted[2].annotated.places] == [m.place for m in found["2"]]
    assert athens.place is not None
    assert athens.place.admin1 == ("GA" if lexicon else "ESYE31")
    event = extracted[2].events[0]
    assert event.admin1 == athens.place.admin1
    # a town the run's other articles chose is inferred: never precision 1
    assert event.geo_precision == (2 if lexicon else 1)


def test_an_article_whose_places_fail_fails_alone_in_its_chunk(gaz, monkeypatch):
    from sitrep.geo import recognize as recognition

    real = geocode.recognize

    def fragile(doc, *, article, **options):
        if article.id == "bad":
            raise ValueError("broken article")
        return real(doc, article=article, **options)

    monkeypatch.setattr(geocode, "recognize", fragile)
    assert recognition.recognize is real  # only the geocoder's reference is replaced
    articles = [
        Article(id=i, text=f"Deputies searched a house in Bogart on {day}.", source="banner",
                published=dt.date(2009, 3, 20))
        for i, day in (("a", "Monday"), ("bad", "Tuesday"), ("c", "Friday"))
    ]  # fmt: skip
    failures = []
    found = list(Pipeline(gazetteer=gaz).places(articles, on_failure=failures.append))
    assert [a.id for a, _ in found] == ["a", "c"]
    assert [(f.article.id, f.stage, f.reason) for f in failures] == [
        ("bad", "places", "ValueError: broken article")
    ]
    assert all(m.place is not None for _, mentions in found for m in mentions)


def test_an_area_two_names_pick_together_votes_though_the_picks_stay_open(gaz):
    text = "Richmond police and Madison County deputies searched the house."
    article = Article(id="c", text=text, published=dt.date(2009, 3, 20), source="register")
    pending = geocode.RunGeocoder(gazetteer=gaz).first(nlp.load()(text), article)
    resolution = lexicon.standing(
        pending.context, [m.place for m in pending.found], source="register"
    )
    assert resolution.confident == {("US", "VA")}
    assert len(resolution.open) == 2  # the source's other articles may still move them
    # A name alone in its area does not make it vote.
    text = "Richmond police searched the house."
    article = Article(id="d", text=text, published=dt.date(2009, 3, 20), source="register")
    pending = geocode.RunGeocoder(gazetteer=gaz).first(nlp.load()(text), article)
    resolution = lexicon.standing(
        pending.context, [m.place for m in pending.found], source="register"
    )
    assert resolution.confident == frozenset() and len(resolution.open) == 1


def test_a_stray_namesake_left_unresolved_is_open_to_the_lexicon():
    places = [
        *PLACES,
        _place("Arcade", 34.08, -83.56, "US", "PPL", 1_800, admin1="GA"),
        # Known by "Arcade" only as an alternate name, far from Tyler: a stray pick.
        _place("Grants Pass", 42.44, -123.33, "US", "PPL", 90_000, admin1="OR"),
    ]
    gaz = Gazetteer.from_places(places, aliases={"Grants Pass": ["Arcade"]})
    text = "Crews from Tyler and Arcade met."
    article = Article(id="c", text=text, published=dt.date(2009, 3, 20), source="banner")
    spans = [(11, 16), (21, 27)]
    run = [*_georgia_run()[:2], (nlp.load()(text), article, spans)]
    alone = geocode.RunGeocoder(gazetteer=gaz, lexicon=False).resolve(run)[2]
    assert alone[1].place is None  # not Grants Pass, Oregon
    decided = geocode.RunGeocoder(gazetteer=gaz).resolve(run)[2]
    assert decided[1].place is not None and decided[1].place.admin1 == "GA"
    assert decided[1].evidence

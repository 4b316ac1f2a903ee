"""The event scorers on hand-made events: matching, duplicates, splits, parties."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.eval import event_articles, event_notes
from sitrep.eval import events as eval_events
from sitrep.gazetteer import Gazetteer
from sitrep.records import Article, Event, Place

DAY = dt.date(2024, 3, 14)


def _event(n: int, *, day: dt.date = DAY, lat: float = 50.0, lon: float = 36.2, **extra) -> Event:
    fields = dict(
        article_id="s1", event_id=f"e{n}", event_type="Battles", sub_event_type="Armed clash",
        date_start=day, date_end=day, country_code="UA", admin1="Kharkiv Oblast",
        latitude=lat, longitude=lon, geo_precision=1, sentence="x",
    )  # fmt: skip
    return Event(**(fields | extra))


def _gold(gold_id: str, *, precision: str = "town", **extra) -> event_articles.GoldEvent:
    fields = dict(
        gold_id=gold_id, event_type="Battles", sub_event_type="Armed clash", date_start=DAY,
        date_end=DAY, country_code="UA", admin1="Kharkiv", latitude=50.0, longitude=36.25,
        geo_precision=precision, fatalities=3, verification="reported", background=False,
        optional=False,
    )  # fmt: skip
    return event_articles.GoldEvent(**(fields | extra))


def _story(*gold: event_articles.GoldEvent) -> event_articles.Story:
    article = Article(id="s1", text="x", published=DAY)
    return event_articles.Story(article=article, split="dev", dataset="t", gold=tuple(gold))


def test_a_second_report_of_a_matched_incident_is_a_duplicate():
    story = _story(_gold("g1"))
    scored = event_articles.score(story, [_event(1, fatalities=3), _event(2)])
    assert [g.gold_id for _, g in scored.matches] == ["g1"]
    assert len(scored.duplicates) == 1 and not scored.false_events
    figures = event_articles.summarise([scored])
    assert figures["precision"] == 0.5 and figures["recall"] == 1.0
    assert figures["fatalities_exact"] == 1.0 and figures["system_to_coded"] == 2.0


def test_dates_need_to_overlap_within_a_day_and_towns_within_50_km():
    gold = _gold("g1")
    assert event_articles.matches(_event(1, day=DAY + dt.timedelta(days=1)), gold)
    assert not event_articles.matches(_event(1, day=DAY + dt.timedelta(days=2)), gold)
    assert not event_articles.matches(_event(1, lat=51.0), gold)  # about 110 km north


def test_vague_gold_places_match_by_region_or_country():
    region = _gold("g1", precision="admin1", latitude=49.5, longitude=37.0)
    far_in_region = _event(1, lat=50.5, lon=35.0)
    assert event_articles.matches(far_in_region, region)
    assert not event_articles.matches(_event(1, admin1="Sumy Oblast", lat=50.9, lon=34.8), region)
    country = _gold("g1", precision="country")
    assert event_articles.matches(_event(1, admin1=None, lat=48.0, lon=31.0), country)
    assert not event_articles.matches(_event(1, country_code="RU"), country)


def test_a_gold_region_spelt_otherwise_matches_by_the_gazetteers_names():
    gold = _gold("g1", precision="admin1", country_code="SO", admin1="Lower Shabelle",
                 latitude=1.9, longitude=44.7)  # fmt: skip
    event = _event(1, country_code="SO", admin1="Shabeellaha Hoose", lat=2.6, lon=44.2)
    assert not event_articles.matches(event, gold)
    places = [
        Place(name="Shabeellaha Hoose", latitude=2.6, longitude=44.2, country_code="SO",
              country="Somalia", admin1="Shabeellaha Hoose", feature_class="A",
              feature_code="ADM1", population=1_000_000),
    ]  # fmt: skip
    gazetteer = Gazetteer.from_places(places, aliases={"Shabeellaha Hoose": ["Lower Shabelle"]})
    names = eval_events.region_names(gazetteer)
    assert event_articles.matches(event, gold, region_names=names)
    elsewhere = event.model_copy(update={"admin1": "Banaadir"})
    assert not event_articles.matches(elsewhere, gold, region_names=names)


def test_background_and_optional_gold_are_never_required():
    story = _story(_gold("g1", background=True), _gold("g2", optional=True, latitude=46.5))
    figures = event_articles.summarise([event_articles.score(story, [])])
    assert figures["recall"] == 0.0 and figures["stories"] == 1.0
    assert story.gold[0].required is False and story.gold[1].required is False


def test_stories_with_no_event_count_their_false_events():
    quiet = event_articles.score(_story(), [])
    noisy = event_articles.score(_story(), [_event(1)])
    figures = event_articles.summarise([quiet, noisy])
    assert figures["no_event_stories"] == 2.0
    assert figures["no_event_stories_quiet"] == 0.5
    assert figures["false_events_in_no_event_stories"] == 1.0


def test_split_is_a_stable_third():
    ids = [f"UKR{n}" for n in range(3000)]
    test = [i for i in ids if event_notes.split_of(i) == "test"]
    assert 900 < len(test) < 1100
    assert event_notes.split_of("UKR42") == event_notes.split_of("UKR42")


def test_parties_compare_without_acled_year_ranges():
    assert event_notes.same_party(
        "Military Forces of Ukraine", "Military Forces of Ukraine (2019-)"
    )
    assert event_notes.same_party(
        "Military Forces of Yemen", "Military Forces of Yemen (2016-) Supreme Political Council"
    )
    assert not event_notes.same_party("Military Forces of Russia", "Military Forces of Ukraine")
    assert event_notes.same_party("Lashkar-e-Taiba", "LeT: Lashkar-e-Taiba")
    assert not event_notes.same_party(None, "Civilians (Ukraine)")


def test_a_second_event_from_a_note_counts_against_precision():
    note = event_notes.Note(
        row_id="UKR1", text="x", date=DAY, event_type="Battles", sub_event_type="Armed clash",
        fatalities=2, actor1="Military Forces of Russia (2000-)", actor2="",
    )  # fmt: skip
    figures = event_notes.score_notes([(note, [_event(1, fatalities=2), _event(2)])])
    assert figures["events_per_note"] == 2.0 and figures["precision"] == 0.5
    assert figures["fatalities_exact_where_reported"] == 1.0
    assert figures["type_accuracy"] == 1.0


def _note_with_actor2(actor2: str, inter2: str, country: str = "Afghanistan") -> event_notes.Note:
    return event_notes.Note(
        row_id="AFG1", text="x", date=DAY, event_type="Battles", sub_event_type="Armed clash",
        fatalities=0, actor1="Taliban", actor2=actor2, inter2=inter2, country=country,
    )  # fmt: skip


def test_actor2_is_the_same_party_by_name_or_by_category_and_country():
    police = _note_with_actor2("Police Forces of Afghanistan (2014-)", "1")
    assert event_notes.same_actor2("Police Forces of Afghanistan", police)
    assert event_notes.same_actor2("Military Forces of Afghanistan", police)  # state forces
    assert not event_notes.same_actor2("Military Forces of Pakistan", police)
    assert not event_notes.same_actor2("Civilians (Afghanistan)", police)
    assert not event_notes.same_actor2(None, police)
    militia = _note_with_actor2("Militia (Pro-Government)", "3")
    assert event_notes.same_actor2("Unidentified Armed Group (Afghanistan)", militia)
    assert not event_notes.same_actor2("Taliban", militia)


def test_errors_list_misses_false_events_and_duplicates_with_their_sentences():
    story = _story(_gold("g1", sentences=("Rebels attacked a post.",)), _gold("g2", latitude=48.0))
    far = _event(3, lat=10.0, sentence="Troops paraded in the capital.")
    scored = event_articles.score(story, [_event(1), _event(2), far])
    lines = event_articles.describe_errors(scored)
    assert lines[0].startswith("t s1")
    assert any(line.startswith("  missed g2") for line in lines)
    assert "      | Troops paraded in the capital." in lines
    assert sum(line.startswith("  duplicate") for line in lines) == 1
    assert event_articles.describe_errors(event_articles.score(_story(), [])) == []


def test_only_the_dev_stories_errors_may_be_listed(tmp_path):
    with pytest.raises(ValueError, match="frozen"):
        eval_events.story_errors(tmp_path, split="test")

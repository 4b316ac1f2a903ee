"""Tests for the wire-news section of ``sitrep eval geo`` on a small set written here."""

from __future__ import annotations

import json
import logging

from sitrep.eval.geo_wire import evaluate_wire, wire_articles
from sitrep.gazetteer import Gazetteer
from sitrep.records import Place

KHERSON = Place(
    name="Kherson", latitude=46.64, longitude=32.61, country_code="UA",
    feature_class="P", feature_code="PPLA", population=280_000, admin1="Kherson Oblast",
)  # fmt: skip
UKRAINE = Place(
    name="Ukraine", latitude=49.0, longitude=32.0, country_code="UA",
    feature_class="A", feature_code="PCLI", population=41_000_000,
)  # fmt: skip


def _write_set(root, stories, gold):
    (root / "voa_stories").mkdir()
    (root / "voa_stories" / "voa_stories.jsonl").write_text(
        "".join(json.dumps(s) + "\n" for s in stories), encoding="utf-8"
    )
    (root / "voa_places").mkdir()
    (root / "voa_places" / "gold.jsonl").write_text(
        "".join(json.dumps(g) + "\n" for g in gold), encoding="utf-8"
    )


def _toponym(text, phrase, place):
    start = text.index(phrase)
    return {
        "start": start, "end": start + len(phrase), "phrase": phrase,
        "lat": place.latitude if place else None, "lon": place.longitude if place else None,
        "country_code": place.country_code if place else None,
    }  # fmt: skip


def test_the_section_is_skipped_with_a_warning_when_the_set_is_absent(tmp_path, caplog):
    gaz = Gazetteer.from_places([KHERSON])
    with caplog.at_level(logging.WARNING):
        assert evaluate_wire(tmp_path, gazetteer=gaz) == {}
    assert "voa_places" in caplog.text


def test_articles_are_read_from_their_source_folder_and_scored_per_split(tmp_path):
    dev_text = "Russian missiles hit Kherson on Monday, officials in Ukraine said."
    test_text = "Ukraine said its air defences shot down drones over Kherson."
    stories = [
        {"id": "1", "published": "2024-01-02 10:00:00Z", "text": dev_text},
        {"id": "2", "published": "2024-01-03 10:00:00Z", "text": test_text},
    ]
    gold = [
        {"id": "1", "text_source": "voa_stories", "split": "dev",
         "toponyms": [_toponym(dev_text, "Kherson", KHERSON),
                      _toponym(dev_text, "Ukraine", UKRAINE)]},
        {"id": "2", "text_source": "voa_stories", "split": "test",
         "toponyms": [_toponym(test_text, "Ukraine", UKRAINE)]},
    ]  # fmt: skip
    _write_set(tmp_path, stories, gold)
    articles = wire_articles(tmp_path)
    assert [(a.id, a.source, split) for a, _, split in articles] == [
        ("1", None, "dev"),
        ("2", None, "test"),
    ]
    gaz = Gazetteer.from_places([KHERSON, UKRAINE])
    figures = evaluate_wire(tmp_path, gazetteer=gaz)
    assert figures["wire_dev_articles"] == 1 and figures["wire_test_articles"] == 1
    assert figures["wire_dev_recognition_r"] == 1.0
    assert figures["wire_dev_acc161_end_to_end"] == 1.0
    # "Kherson" in the test article is not in its gold: a false place there only.
    assert figures["wire_test_recognition_p"] == 0.5
    assert figures["wire_dev_recognition_p"] == 1.0

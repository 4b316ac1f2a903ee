"""Ingest of what users actually have: other encodings, scraped dates, huge or odd texts."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep import ingest
from sitrep.errors import InputError
from sitrep.ingest.article import cut_point
from sitrep.ingest.dates import parse_date
from sitrep.records import Article

STORY = (
    "KYIV \u2014 The \u201cceasefire\u201d talks \u2013 held in Doha \u2013 failed, "
    "officials said; caf\u00e9 owners in Kharkiv fled."
)


def _read(path, **options) -> list[Article | InputError]:
    return list(ingest.read([path], **options))


def _article(path, **options) -> Article:
    (item,) = _read(path, **options)
    assert isinstance(item, Article), item
    return item


# --- encodings ------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_unicode_with_a_byte_order_mark(tmp_path, encoding, caplog):
    path = tmp_path / "story.txt"
    data = f"date 2024-03-21\r\n{STORY}\r\n".encode(encoding)
    if encoding.endswith("-be"):  # Python writes no BOM for explicit byte orders
        data = "\ufeff".encode(encoding) + data
    path.write_bytes(data)
    article = _article(path)
    assert article.text == STORY
    assert article.published == dt.date(2024, 3, 21)
    assert article.dateline is not None and article.dateline.text == "KYIV"
    assert caplog.text == ""  # Unicode with a BOM is no reason for a warning


def test_utf16_json_lines(tmp_path):
    path = tmp_path / "wire.jsonl"
    lines = [
        {"id": "u1", "text": STORY, "published": "2024-03-21"},
        {"id": "u2", "text": "Second story.", "published": "2024-03-22"},
    ]
    path.write_bytes("\n".join(json.dumps(x, ensure_ascii=False) for x in lines).encode("utf-16"))
    items = _read(path)
    assert [(a.id, a.text) for a in items] == [("u1", STORY), ("u2", "Second story.")]
    assert items[1].origin == f"{path}:2"


def test_windows_1252_is_read_with_a_warning_naming_it(tmp_path, caplog):
    path = tmp_path / "windows.txt"
    path.write_bytes(f"date 2024-03-21\r\n{STORY}\r\n".encode("cp1252"))
    with caplog.at_level(logging.WARNING):
        article = _article(path)
    assert article.text == STORY
    assert f"{path}: not UTF-8; read as Windows-1252 (cp1252)" in caplog.text


def test_latin_1_is_read_as_windows_1252():
    article = _article(Path(__file__).parent / "data" / "ingest" / "encodings" / "latin1.txt")
    assert article.text == "BOGOTÁ - Soldados y guerrilleros se enfrentaron el lunes."
    assert article.dateline is not None and article.dateline.text == "BOGOTÁ"


def test_another_code_page_is_guessed_and_named(tmp_path, caplog):
    path = tmp_path / "cyrillic.txt"
    text = "Війська обстріляли Харків у понеділок, заявили офіційні особи. " * 3
    path.write_bytes(f"date 2024-03-21\n{text.strip()}\n".encode("cp1251"))
    with caplog.at_level(logging.WARNING):
        article = _article(path)
    assert article.text == text.strip()
    assert "read as cp1251" in caplog.text


def test_utf8_mixed_with_windows_1252_keeps_both(tmp_path, caplog):
    path = tmp_path / "mixed.txt"
    path.write_bytes(
        "date 2024-03-21\nKYIV \u2014 caf\u00e9 owners fled; ".encode()
        + "the \u201cdeal\u201d collapsed.".encode("cp1252")
    )
    with caplog.at_level(logging.WARNING):
        article = _article(path)
    assert article.text == "KYIV \u2014 caf\u00e9 owners fled; the \u201cdeal\u201d collapsed."
    assert "UTF-8 mixed with other bytes" in caplog.text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file (NUL bytes)"),
        ("UTF-16 without its mark".encode("utf-16-le"), "needs a byte order mark"),
        (bytes(range(0x80, 0x100)) * 4, "not text"),
        (b"\x01\x02\x03\x04\x05 abc \x06\x07\x08\x0e\x0f\x10", "binary data, not text"),
    ],
)
def test_binary_is_still_skipped_with_a_reason(tmp_path, data, reason):
    path = tmp_path / "blob.txt"
    path.write_bytes(data)
    (error,) = _read(path, dct=dt.date(2024, 1, 1))
    assert isinstance(error, InputError)
    assert reason in error.reason


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("2024-03-21", dt.date(2024, 3, 21)),
        ("2024-03-21T09:30:00Z", dt.date(2024, 3, 21)),
        ("2024-03-21T23:30:00-05:00", dt.date(2024, 3, 21)),  # the publisher's own date
        ("Wed Nov 23, 2016 | 4:58pm EST", dt.date(2016, 11, 23)),
        ("24 November 2016", dt.date(2016, 11, 24)),
        ("7:58 AM ET, Sat January 3, 2015", dt.date(2015, 1, 3)),
        ("Mon, 02 Jan 2017 23:10:00 +0000", dt.date(2017, 1, 2)),
        ("Updated: Nov. 23, 2016", dt.date(2016, 11, 23)),
    ],
)
def test_scraped_date_forms(written, day):
    assert parse_date(written) == day


@pytest.mark.parametrize(
    "written", ["2024-02-30", "2024-13-45", "2024-02-30T10:00:00", "yesterday", "Nov 2016", "x"]
)
def test_impossible_relative_or_partial_dates_are_refused(written):
    assert parse_date(written) is None


def test_json_lines_with_scraped_dates(tmp_path):
    path = tmp_path / "scraped.jsonl"
    records = [
        {"id": f"s{i}", "text": "Troops shelled a town.", "published": published}
        for i, published in enumerate(
            ["Wed Nov 23, 2016 | 4:58pm EST", "24 November 2016", "2024-02-30"]
        )
    ]
    path.write_text("\n".join(json.dumps(r) for r in records))
    first, second, bad = _read(path)
    assert (first.published, second.published) == (dt.date(2016, 11, 23), dt.date(2016, 11, 24))
    assert isinstance(bad, InputError)
    assert bad.reason == "invalid 'published' date: '2024-02-30'"


def test_commands_that_need_no_date_keep_articles_without_one(tmp_path, caplog):
    path = tmp_path / "undated.jsonl"
    path.write_text(
        '{"id": "n1", "text": "Troops shelled Kharkiv."}\n'
        '{"id": "n2", "text": "Troops shelled Kharkiv.", "published": "2024-02-30"}\n'
    )
    with caplog.at_level(logging.WARNING):
        items = _read(path, require_date=False)
    assert [(a.id, a.published) for a in items] == [("n1", None), ("n2", None)]
    assert "invalid 'published' date: '2024-02-30'; ignored" in caplog.text
    assert all(isinstance(i, InputError) for i in _read(path))


@pytest.mark.parametrize(
    ("first_line", "day"),
    [
        ("date Wed Nov 23, 2016 | 4:58pm EST", dt.date(2016, 11, 23)),
        ("Date: 24 November 2016", dt.date(2016, 11, 24)),
        ("date 2016-11-23T16:58:00-05:00", dt.date(2016, 11, 23)),
    ],
)
def test_text_date_header_in_any_published_form(tmp_path, first_line, day):
    path = tmp_path / "story.txt"
    path.write_text(f"{first_line}\nKYIV - Troops shelled a town.\n")
    article = _article(path)
    assert (article.published, article.text) == (day, "KYIV - Troops shelled a town.")


def test_a_first_line_about_dates_is_text_not_a_header(tmp_path):
    path = tmp_path / "palms.txt"
    path.write_text("Date palms burned after the shelling.\nFarmers fled.\n")
    article = _article(path, dct=dt.date(2024, 5, 1))
    assert article.text.startswith("Date palms burned")
    assert article.published == dt.date(2024, 5, 1)


def test_an_unreadable_date_header_is_an_error_naming_it(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("\ndate: sometime last week\nTroops shelled a town.\n")
    (error,) = _read(path, dct=dt.date(2024, 5, 1))
    assert isinstance(error, InputError)
    assert error.reason == "invalid date header (line 2): 'sometime last week'"


# --- long and odd texts ---------------------------------------------------------------------


def test_long_text_is_cut_at_a_paragraph_break_with_a_warning(tmp_path, caplog):
    paragraphs = [f"Paragraph {i} says that troops shelled town {i}." for i in range(400)]
    text = "\n\n".join(paragraphs)
    path = tmp_path / "long.txt"
    path.write_text(f"date 2024-03-21\n{text}\n")
    with caplog.at_level(logging.WARNING):
        article = _article(path, max_chars=5000)
    assert len(article.text) <= 5000
    assert article.text.endswith(".")  # whole paragraphs only
    assert text.startswith(article.text)
    assert f"text of {len(text)} characters cut to" in caplog.text
    assert "--max-chars 5000" in caplog.text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=" \nab.", max_size=400), st.integers(min_value=1, max_value=300))
def test_cut_point_keeps_a_prefix_within_the_limit(text, limit):
    cut = cut_point(text, limit)
    if len(text) <= limit:
        assert cut == len(text)
    else:
        assert limit // 2 <= cut <= limit


def test_characters_no_database_stores_become_replacement_characters(tmp_path):
    path = tmp_path / "odd.jsonl"
    path.write_text(
        '{"id": "z1", "text": "Shelling\\u0000 hit \\ud800Kharkiv.", "published": "2024-03-21",'
        ' "title": "T\\u0000"}\n'
    )
    article = _article(path)
    assert article.text == "Shelling\ufffd hit \ufffdKharkiv."
    assert article.title == "T\ufffd"


@pytest.mark.parametrize(
    ("given_id", "reason"),
    [("x" * 65, "longer than 64"), ("a\nb", "control characters"), ("\u0007bell", "control")],
)
def test_unusable_ids_are_errors(tmp_path, given_id, reason):
    path = tmp_path / "ids.jsonl"
    path.write_text(json.dumps({"id": given_id, "text": "Shelling.", "published": "2024-03-21"}))
    (error,) = _read(path)
    assert isinstance(error, InputError)
    assert reason in error.reason


def test_bidi_and_injection_strings_are_kept_as_written(tmp_path):
    hostile = "Robert'); DROP TABLE articles;-- \u202egnp.exe =cmd|' /C calc'!A0 <script>x</script>"
    path = tmp_path / "hostile.jsonl"
    record = {"id": "h1", "text": hostile, "published": "2024-03-21", "source": hostile}
    path.write_text(json.dumps(record))
    article = _article(path)
    assert (article.text, article.source) == (hostile, hostile)

"""Tests for sitrep.ingest: every input format, folders, stdin and bad input."""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

import pytest

from sitrep import ingest
from sitrep.errors import InputError
from sitrep.records import Article

DATA = Path(__file__).parent / "data" / "ingest"
BAD = DATA / "bad"


def _split(items):
    items = list(items)
    articles = [i for i in items if isinstance(i, Article)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(articles) + len(errors) == len(items)
    return articles, errors


def _one(path, **kwargs) -> Article | InputError:
    items = list(ingest.read([path], **kwargs))
    assert len(items) == 1, items
    return items[0]


def _stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


# --- plain text -----------------------------------------------------------------------------


def test_txt_header_on_own_line():
    article = _one(DATA / "corpus" / "odesa.txt")
    assert isinstance(article, Article)
    assert article.published == dt.date(2024, 5, 2)
    assert article.text.startswith("ODESA - Two drones")
    assert article.text.endswith("No casualties were reported.")
    assert article.origin == str(DATA / "corpus" / "odesa.txt")
    assert article.dateline is not None
    assert article.dateline.text == "ODESA"
    assert article.text[article.dateline.start : article.dateline.end] == "ODESA"


def test_txt_header_on_same_line_as_dateline():
    article = _one(DATA / "corpus" / "nested" / "sameline.txt")
    assert isinstance(article, Article)
    assert article.published == dt.date(2024, 3, 21)
    assert article.text.startswith("KHARKIV — Shelling")
    assert article.dateline is not None
    assert (article.dateline.start, article.dateline.end) == (0, 7)


def test_txt_without_header_uses_dct():
    article = _one(BAD / "no_date.txt", dct=dt.date(2024, 1, 9))
    assert isinstance(article, Article)
    assert article.published == dt.date(2024, 1, 9)
    assert article.text == "Troops entered the town on Monday, a spokesman said."


def test_txt_header_wins_over_dct():
    article = _one(DATA / "corpus" / "odesa.txt", dct=dt.date(2000, 1, 1))
    assert isinstance(article, Article)
    assert article.published == dt.date(2024, 5, 2)


def test_txt_crlf_is_normalised(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"date 2024-05-02\r\nKYIV - First line.\r\nSecond line.\r\n")
    article = _one(path)
    assert isinstance(article, Article)
    assert article.text == "KYIV - First line.\nSecond line."


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("bad_date.txt", "invalid date header (line 1): '2024-02-30'"),
        ("no_date.txt", "no date"),
        ("empty.txt", "empty file"),
        ("blank.jsonl", "empty file"),
        ("garbage.txt", "binary file"),
        ("nav_only.html", "no article text"),
    ],
)
def test_bad_files_give_one_error_naming_the_file(name, reason):
    error = _one(BAD / name)
    assert isinstance(error, InputError)
    assert error.origin == str(BAD / name)
    assert reason in error.reason
    assert "\n" not in str(error)
    assert str(error).startswith(f"[E101] {BAD / name}")


def test_invalid_date_is_an_error_even_with_dct():
    error = _one(BAD / "bad_date.txt", dct=dt.date(2024, 2, 1))
    assert isinstance(error, InputError)


def test_missing_file_is_an_error_not_an_exception(tmp_path):
    error = _one(tmp_path / "nope.txt")
    assert isinstance(error, InputError)
    assert "cannot read file" in error.reason


def test_header_without_text(tmp_path):
    path = tmp_path / "header_only.txt"
    path.write_text("date 2024-05-02\n\n")
    error = _one(path)
    assert isinstance(error, InputError)
    assert error.reason == "no article text"


# --- JSON lines -----------------------------------------------------------------------------


def test_jsonl_bad_lines_do_not_stop_good_ones():
    articles, errors = _split(ingest.read([DATA / "mixed.jsonl"]))
    origin = str(DATA / "mixed.jsonl")
    assert [a.origin for a in articles] == [f"{origin}:1", f"{origin}:3"]
    assert articles[0].id == "a1"
    assert articles[0].published == dt.date(2025, 3, 14)
    assert len(articles[1].id) == 16  # no id given: content hash
    by_line = {e.origin: e.reason for e in errors}
    assert set(by_line) == {f"{origin}:{n}" for n in (2, 4, 5, 6, 7)}
    assert by_line[f"{origin}:2"].startswith("invalid JSON")
    assert "text" in by_line[f"{origin}:4"]
    assert "2025-02-30" in by_line[f"{origin}:5"]
    assert "missing 'published'" in by_line[f"{origin}:6"]
    assert "JSON object" in by_line[f"{origin}:7"]


def test_jsonl_missing_date_filled_from_dct():
    articles, errors = _split(ingest.read([DATA / "mixed.jsonl"], dct=dt.date(2025, 3, 18)))
    assert [(a.id, a.published) for a in articles if a.published == dt.date(2025, 3, 18)] == [
        ("a6", dt.date(2025, 3, 18))
    ]
    assert len(errors) == 4
    unnamed = next(a for a in articles if a.origin.endswith(":3"))
    assert unnamed.id == ingest.content_id(unnamed.text, unnamed.published)


def test_jsonl_fields_and_datetime_formats():
    articles, errors = _split(ingest.read([DATA / "corpus" / "nested" / "wire.jsonl"]))
    assert errors == []
    first, second = articles
    assert (first.id, first.title, first.source, first.url) == (
        "w1",
        "Rebels seize villages",
        "Wire",
        "https://example.org/w1",
    )
    assert first.dateline is not None and first.dateline.text == "GOMA"
    assert second.published == dt.date(2025, 3, 14)
    assert second.origin.endswith("wire.jsonl:3")  # blank line 2 skipped, numbering kept


def test_jsonl_lines_in_another_encoding_are_read_and_binary_lines_skipped(tmp_path, caplog):
    path = tmp_path / "enc.jsonl"
    path.write_bytes(
        b'{"id": "x", "text": "caf\xe9 bombing", "published": "2024-01-01"}\n'
        b'{"id": "y", "text": "fine", "published": "2024-01-01"}\n'
        + bytes(range(0x80, 0x100)) * 3
        + b"\n"
    )
    articles, errors = _split(ingest.read([path]))
    assert [(a.id, a.text) for a in articles] == [("x", "café bombing"), ("y", "fine")]
    assert f"{path}:1: not UTF-8; read as Windows-1252 (cp1252)" in caplog.text
    (error,) = errors
    assert error.origin == f"{path}:3"
    assert error.reason.startswith("not text")


# --- HTML and feeds -------------------------------------------------------------------------


def test_html_page():
    article = _one(DATA / "page.html")
    assert isinstance(article, Article)
    assert article.title == "Militants attack checkpoint near border"
    assert article.published == dt.date(2024, 6, 3)
    assert article.url == "https://news.example.org/2024/06/checkpoint-attack"
    assert article.text.startswith("PESHAWAR, Pakistan — Militants")
    assert "Privacy policy" not in article.text and "Sport" not in article.text
    assert article.dateline is not None and article.dateline.text == "PESHAWAR"


def test_html_without_date_needs_dct(tmp_path):
    page = (DATA / "page.html").read_text().replace("2024-06-03T08:15:00+02:00", "")
    path = tmp_path / "nodate.html"
    path.write_text(page)
    assert isinstance(_one(path), InputError)
    article = _one(path, dct=dt.date(2024, 6, 4))
    assert isinstance(article, Article)
    assert article.published == dt.date(2024, 6, 4)


def test_rss_feed_entries():
    articles, errors = _split(ingest.read([DATA / "feed.xml"], dct=dt.date(2025, 3, 13)))
    origin = str(DATA / "feed.xml")
    assert [a.origin for a in articles] == [f"{origin}#1", f"{origin}#3"]
    first, third = articles
    assert first.text == (
        "ALEPPO, Syria — An airstrike hit a fuel depot on Tuesday evening.\n\n"
        "Firefighters worked through the night & into the morning."
    )
    assert first.published == dt.date(2025, 3, 11)  # publisher's local date, not UTC
    assert (first.title, first.source, first.url) == (
        "Airstrike hits fuel depot",
        "Example Wire",
        "https://wire.example.org/1",
    )
    assert first.dateline is not None and first.dateline.text == "ALEPPO"
    assert (
        third.text == "Thousands marched on Wednesday to demand the release of detained activists."
    )
    assert third.published == dt.date(2025, 3, 13)  # no pubDate: dct
    assert [e.origin for e in errors] == [f"{origin}#2"]
    assert "entry 2" in errors[0].reason


def test_rss_entry_without_date_and_dct_is_an_error():
    _, errors = _split(ingest.read([DATA / "feed.xml"]))
    assert sorted(e.origin.rsplit("#", 1)[1] for e in errors) == ["2", "3"]


def test_atom_feed():
    article = _one(DATA / "feed.atom")
    assert isinstance(article, Article)
    assert article.published == dt.date(2024, 9, 1)
    assert article.source == "Example Atom Desk"
    assert article.url == "https://atom.example.org/1"
    assert article.text == "Army troops and rebels clashed near a river crossing on Saturday."


def test_xml_that_is_not_a_feed(tmp_path):
    path = tmp_path / "data.xml"
    path.write_text('<?xml version="1.0"?><config><setting>1</setting></config>')
    error = _one(path)
    assert isinstance(error, InputError)
    assert "no feed entries" in error.reason


# --- folders and stdin ----------------------------------------------------------------------


def test_folder_is_read_recursively_in_order_and_skips_other_files():
    articles, errors = _split(ingest.read([DATA / "corpus"]))
    assert errors == []
    corpus = DATA / "corpus"
    assert [a.origin for a in articles] == [
        str(corpus / "nested" / "sameline.txt"),
        f"{corpus / 'nested' / 'wire.jsonl'}:1",
        f"{corpus / 'nested' / 'wire.jsonl'}:3",
        str(corpus / "odesa.txt"),
    ]


def test_several_paths_keep_their_order():
    items = list(
        ingest.read([DATA / "corpus" / "odesa.txt", BAD / "empty.txt", DATA / "feed.atom"])
    )
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "Article"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'\n{"id": "s1", "text": "Clashes on Monday.", "published": "2024-01-02"}\n', "s1"),
        ((DATA / "feed.atom").read_bytes(), "Army troops"),
        ((DATA / "page.html").read_bytes(), "PESHAWAR"),
        (b"date 2024-01-02\nKYIV - Text from a pipe.\n", "KYIV - Text"),
    ],
)
def test_stdin_format_is_sniffed(monkeypatch, data, expected):
    _stdin(monkeypatch, data)
    articles, errors = _split(ingest.read(["-"]))
    assert errors == []
    assert len(articles) == 1
    assert expected in (articles[0].id, articles[0].text[: len(expected)])
    assert articles[0].origin.startswith("<stdin>")


def test_stdin_jsonl_line_numbers(monkeypatch):
    _stdin(monkeypatch, (DATA / "mixed.jsonl").read_bytes())
    articles, errors = _split(ingest.read(["-"]))
    assert [a.origin for a in articles] == ["<stdin>:1", "<stdin>:3"]
    assert len(errors) == 5


def test_stdin_empty(monkeypatch):
    _stdin(monkeypatch, b"")
    (error,) = ingest.read(["-"])
    assert isinstance(error, InputError)
    assert error.reason == "empty file"


# --- ids and datelines ----------------------------------------------------------------------


def test_content_id_is_stable_and_layout_insensitive():
    day = dt.date(2024, 3, 21)
    a = ingest.content_id("Troops  entered\nthe town.", day)
    assert a == ingest.content_id("  Troops entered the town. ", day)
    assert len(a) == 16 and int(a, 16) >= 0
    assert a != ingest.content_id("Troops entered the city.", day)
    assert a != ingest.content_id("Troops entered the town.", dt.date(2024, 3, 22))


def test_same_story_in_two_formats_gets_one_id(tmp_path):
    text = "KYIV - Drones hit an energy facility overnight, officials said."
    (tmp_path / "a.txt").write_text(f"date 2024-03-21\n{text}\n")
    (tmp_path / "b.jsonl").write_text(f'{{"text": "{text}", "published": "2024-03-21"}}\n')
    first, second = ingest.read([tmp_path / "a.txt", tmp_path / "b.jsonl"])
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.id == second.id


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("KYIV - Three groups said", "KYIV"),
        ("  KYIV — Three groups said", "KYIV"),
        ("NEW YORK, March 3 (Reuters) - Stocks fell", "NEW YORK"),
        ("PORT-AU-PRINCE, Haiti — Gangs attacked", "PORT-AU-PRINCE"),
        ("ST. LOUIS (AP) — Police said", "ST. LOUIS"),
        ("KYIV (Reuters) - Drones hit", "KYIV"),
        ("ISLAMABAD/PENTAGON — A plane crashed", "ISLAMABAD"),
        ("MARANCHON, SPAIN — The air was cold", "MARANCHON"),
        ("BOGOTÁ, Colombia — Rebels said", "BOGOTÁ"),
        ("Kyiv, Ukraine — Drones hit", "Kyiv"),
        ("Dar es Salaam, Tanzania – Police said", "Dar es Salaam"),
        ("Goma (Reuters) - Rebels said", "Goma"),
    ],
)
def test_dateline_found(text, city):
    span = ingest.find_dateline(text)
    assert span is not None
    assert span.text == city
    assert text[span.start : span.end] == city


@pytest.mark.parametrize(
    "text",
    [
        "Hamas — the group that rules Gaza — said",
        "The war - it goes on",
        "U.S. forces said on Monday",
        "BREAKING - Explosion heard",
        "KYIV-based analysts said",
        "Three people died.\nKYIV - later text",
        "",
    ],
)
def test_no_dateline(text):
    assert ingest.find_dateline(text) is None


def test_explicit_file_with_other_suffix_is_sniffed(tmp_path):
    path = tmp_path / "export.data"
    path.write_text('{"id": "e1", "text": "Clashes on Monday.", "published": "2024-01-02"}\n')
    article = _one(path)
    assert isinstance(article, Article)
    assert (article.id, article.origin) == ("e1", f"{path}:1")

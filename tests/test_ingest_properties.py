"""Properties of ingest that must hold for any text."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep import ingest
from sitrep.errors import InputError
from sitrep.records import Article

texts = st.text(min_size=1, max_size=300)


@settings(max_examples=200, deadline=None)
@given(texts)
def test_dateline_span_points_into_the_text(text):
    span = ingest.find_dateline(text)
    if span is not None:
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.text


@settings(max_examples=100, deadline=None)
@given(texts, st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)))
def test_ids_ignore_layout_but_not_date(text, day):
    assert ingest.content_id(text, day) == ingest.content_id(f"  {text}\n", day)
    assert ingest.content_id(text, day) != ingest.content_id(text, day + dt.timedelta(days=1))


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_articles_or_errors_never_exceptions(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("raw") / "input.txt"
    path.write_bytes(data)
    items = list(ingest.read([path], dct=dt.date(2024, 1, 1)))
    assert items
    for item in items:
        assert isinstance(item, (Article, InputError))
        if isinstance(item, InputError):
            assert "input.txt" in str(item)

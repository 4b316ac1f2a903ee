"""Tests for the time stage: recognition, normalisation and calendar edge cases."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep import timex
from sitrep.errors import MissingDataError
from sitrep.eval.timex import evaluate

D = dt.date
PUB = D(2024, 3, 21)  # a Thursday


def _one(text: str, published: dt.date = PUB) -> timex.TimeExpression:
    found = timex.run(text, published=published)
    assert len(found) == 1, found
    return found[0]


def _interval(expr: timex.TimeExpression) -> tuple[str, dt.date | None, dt.date | None, int | None]:
    return expr.value, expr.date_start, expr.date_end, expr.precision


@pytest.mark.parametrize(
    ("text", "value", "start", "end", "precision"),
    [
        ("Shelling began March 21.", "2024-03-21", D(2024, 3, 21), D(2024, 3, 21), 1),
        ("It happened on 21 March 2024.", "2024-03-21", D(2024, 3, 21), D(2024, 3, 21), 1),
        ("On March 21, 2023, troops moved.", "2023-03-21", D(2023, 3, 21), D(2023, 3, 21), 1),
        ("Filed 2024-03-21 from Kyiv", "2024-03-21", D(2024, 3, 21), D(2024, 3, 21), 1),
        ("the raid on Mar. 5 killed", "2024-03-05", D(2024, 3, 5), D(2024, 3, 5), 1),
        ("talks on March 25 will", "2024-03-25", D(2024, 3, 25), D(2024, 3, 25), 1),
        ("in May 2023 rebels", "2023-05", D(2023, 5, 1), D(2023, 5, 31), 3),
        ("in 2014 Russia", "2014", D(2014, 1, 1), D(2014, 12, 31), 3),
        ("fighting in early March", "2024-03", D(2024, 3, 1), D(2024, 3, 10), 2),
    ],
)
def test_explicit_dates(text, value, start, end, precision):
    assert _interval(_one(text)) == (value, start, end, precision)


@pytest.mark.parametrize(
    ("text", "start", "end", "span"),
    [
        ("clashes on March 16-17 left", D(2024, 3, 16), D(2024, 3, 17), "March 16-17"),
        (
            "during the night of March 16-17, drones",
            D(2024, 3, 16),
            D(2024, 3, 17),
            "the night of March 16-17",
        ),
        ("between March 3 and 5 the army", D(2024, 3, 3), D(2024, 3, 5), "between March 3 and 5"),
        ("from 30 January to 2 February", D(2024, 1, 30), D(2024, 2, 2), None),
        ("Dec. 30 - Jan. 2 strikes", D(2023, 12, 30), D(2024, 1, 2), "Dec. 30 - Jan. 2"),
    ],
)
def test_ranges(text, start, end, span):
    expr = timex.run(text, published=PUB)[0]
    assert (expr.date_start, expr.date_end, expr.precision) == (start, end, 2)
    if span is not None:
        assert expr.text == span


def test_and_without_between_is_not_a_range():
    found = timex.run("On March 3 and 5 others died", published=PUB)
    assert [(f.text, f.date_end) for f in found] == [("March 3", D(2024, 3, 3))]


@pytest.mark.parametrize(
    ("text", "published", "day"),
    [
        ("attacked on Tuesday", PUB, D(2024, 3, 19)),
        ("attacked on Thursday", PUB, PUB),  # the publication weekday is that day
        ("attacked on Friday", PUB, D(2024, 3, 15)),
        ("attacked last Thursday", PUB, D(2024, 3, 14)),
        ("attacked last Tuesday", PUB, D(2024, 3, 19)),
        ("talks next Tuesday", PUB, D(2024, 3, 26)),
        ("talks next Thursday", PUB, D(2024, 3, 28)),
        ("raided on Sunday", D(2024, 1, 3), D(2023, 12, 31)),  # across a year boundary
    ],
)
def test_weekdays(text, published, day):
    expr = _one(text, published)
    assert (expr.value, expr.date_start, expr.date_end, expr.precision) == (
        day.isoformat(),
        day,
        day,
        1,
    )


def test_weekday_with_part_of_day_is_a_time():
    expr = _one("Tuesday night")
    assert (expr.type, expr.value, expr.date_start) == ("TIME", "2024-03-19TNI", D(2024, 3, 19))


def test_future_tense_moves_a_weekday_forward_but_reporting_does_not():
    assert _one("The council will vote on Tuesday").date_start == D(2024, 3, 26)
    assert _one("Troops will leave, officials said on Tuesday").date_start == D(2024, 3, 19)


def test_lowercase_month_and_weekday_words_are_ignored():
    assert timex.run("we may march on sunday trading", published=PUB) == []


@pytest.mark.parametrize(
    ("text", "published", "value", "start", "end"),
    [
        ("yesterday", D(2024, 3, 1), "2024-02-29", D(2024, 2, 29), D(2024, 2, 29)),
        ("yesterday", D(2023, 3, 1), "2023-02-28", D(2023, 2, 28), D(2023, 2, 28)),
        ("today", PUB, "2024-03-21", PUB, PUB),
        ("tomorrow", D(2023, 12, 31), "2024-01-01", D(2024, 1, 1), D(2024, 1, 1)),
        ("the day before yesterday", D(2024, 1, 1), "2023-12-30", D(2023, 12, 30), D(2023, 12, 30)),
        ("two days ago", D(2024, 3, 1), "2024-02-28", D(2024, 2, 28), D(2024, 2, 28)),
        ("three weeks ago", PUB, "2024-W09", D(2024, 2, 26), D(2024, 3, 3)),
        ("last week", PUB, "2024-W11", D(2024, 3, 11), D(2024, 3, 17)),
        ("last week", D(2024, 1, 3), "2023-W52", D(2023, 12, 25), D(2023, 12, 31)),
        ("this week", PUB, "2024-W12", D(2024, 3, 18), D(2024, 3, 24)),
        ("last month", D(2024, 1, 10), "2023-12", D(2023, 12, 1), D(2023, 12, 31)),
        ("next month", D(2023, 12, 10), "2024-01", D(2024, 1, 1), D(2024, 1, 31)),
        ("earlier this month", PUB, "2024-03", D(2024, 3, 1), PUB),
        ("this year", PUB, "2024", D(2024, 1, 1), D(2024, 12, 31)),
        ("last year", D(2024, 1, 1), "2023", D(2023, 1, 1), D(2023, 12, 31)),
        ("late 2023", PUB, "2023", D(2023, 9, 1), D(2023, 12, 31)),
        ("last fall", PUB, "2023-FA", D(2023, 9, 1), D(2023, 11, 30)),
        ("the third quarter", PUB, "2023-Q3", D(2023, 7, 1), D(2023, 9, 30)),
        ("over the weekend", PUB, "2024-W11-WE", D(2024, 3, 16), D(2024, 3, 17)),
        ("over the weekend", D(2024, 3, 24), "2024-W12-WE", D(2024, 3, 23), D(2024, 3, 24)),
    ],
)
def test_relative_dates_cross_boundaries(text, published, value, start, end):
    expr = _one(text, published)
    assert (expr.type, expr.value, expr.date_start, expr.date_end) == ("DATE", value, start, end)


def test_last_week_is_a_week_and_last_month_a_month():
    assert _one("last week").precision == 2
    assert _one("last month").precision == 3


@pytest.mark.parametrize(
    ("text", "published", "value"),
    [
        ("in December", D(2024, 1, 10), "2023-12"),
        ("in May", PUB, "2023-05"),
        ("in March", PUB, "2024-03"),
        ("next May", PUB, "2024-05"),
        ("last March", PUB, "2023-03"),
        ("in April next year", PUB, "2025-04"),
        ("elections are scheduled for May", PUB, "2024-05"),
    ],
)
def test_months_without_a_year(text, published, value):
    assert _one(text, published).value == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("three weeks", "P3W"),
        ("48 hours", "PT48H"),
        ("a week of raids", "P1W"),
        ("a five-year plan", "P5Y"),
        ("the past two months", "P2M"),
        ("several days", "PXD"),
        ("two decades", "P20Y"),
        ("the last twenty four hours", "PT24H"),
    ],
)
def test_durations(text, value):
    expr = _one(text)
    assert (expr.type, expr.value, expr.date_start, expr.date_end) == (
        "DURATION",
        value,
        None,
        None,
    )


def test_ages_and_ordinals_are_not_durations():
    assert timex.run("a 35-year-old man fled after a second attack", published=PUB) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [("now", "PRESENT_REF"), ("currently", "PRESENT_REF"), ("recently", "PAST_REF")],
)
def test_references(text, value):
    assert _interval(_one(text)) == (value, None, None, None)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("every day", "P1D"),
        ("weekly", "P1W"),
        ("twice a month", "P1M"),
        ("every two weeks", "P2W"),
        ("every Friday", "XXXX-WXX-5"),
    ],
)
def test_sets(text, value):
    expr = _one(text)
    assert (expr.type, expr.value) == ("SET", value)


def test_years_and_counts():
    found = timex.run("In 1990, 2000 troops and $1995 moved; the 1996 Olympics", published=PUB)
    assert [f.value for f in found] == ["1990", "1996"]


def test_clock_time():
    expr = _one("at 10:35 p.m. local")
    assert (expr.type, expr.value) == ("TIME", "2024-03-21T22:35")


def test_offsets_sorted_and_point_into_text():
    text = "KYIV - On Tuesday night drones hit; three days later, on March 21, 2024, talks began."
    found = timex.run(text, published=PUB)
    assert [f.start for f in found] == sorted(f.start for f in found)
    assert all(text[f.start : f.end] == f.text for f in found)
    assert [f.text for f in found] == ["Tuesday night", "three days", "March 21, 2024"]


_WORDS = st.sampled_from(
    [
        "March",
        "May",
        "21",
        "31",
        "Feb.",
        "29",
        "2024",
        "1999",
        "-",
        "and",
        "between",
        "the night of",
        "last",
        "next",
        "this",
        "early",
        "late",
        "Tuesday",
        "night",
        "week",
        "weeks",
        "ago",
        "two",
        "a",
        "every",
        "day",
        "yesterday",
        "the day before",
        "12:30",
        "p.m.",
        "fall",
        "third-quarter",
        "1990s",
        ",",
        "will",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(st.text(max_size=80), st.lists(_WORDS, max_size=12).map(" ".join)),
    published=st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 12, 31)),
)
def test_never_crashes_and_intervals_are_ordered(text, published):
    found = timex.run(text, published=published)
    previous_end = 0
    for expr in found:
        assert 0 <= expr.start < expr.end <= len(text)
        assert expr.start >= previous_end
        previous_end = expr.end
        assert text[expr.start : expr.end] == expr.text
        if expr.date_start is not None:
            assert expr.date_end is not None and expr.date_start <= expr.date_end


def test_evaluate_without_data_raises(tmp_path):
    with pytest.raises(MissingDataError):
        evaluate(tmp_path)


def test_evaluate_scores_a_small_timeml_file(tmp_path):
    folder = tmp_path / "tempeval3_train" / "Mini"
    folder.mkdir(parents=True)
    (folder / "doc.tml").write_text(
        '<?xml version="1.0" ?>\n<TimeML><DOCID>d</DOCID>'
        '<DCT><TIMEX3 tid="t0" type="DATE" value="2024-03-21" '
        'functionInDocument="CREATION_TIME">20240321</TIMEX3></DCT>'
        '<TEXT>Rebels struck <TIMEX3 tid="t1" type="DATE" value="2024-03-19">Tuesday</TIMEX3>'
        ' and <TIMEX3 tid="t2" type="DATE" value="2024-W11">last week</TIMEX3>, for '
        '<TIMEX3 tid="t3" type="DURATION" value="P2D">two days</TIMEX3> &amp; more.</TEXT>'
        "</TimeML>",
        encoding="utf-8",
    )
    metrics = evaluate(tmp_path)
    assert metrics["gold"] == 3
    assert metrics["strict_f1"] == 1.0
    assert metrics["value_f1"] == 1.0


def test_words_are_matched_whole_in_every_alternative():
    found = timex.run("They acted concurrently, not recurrently.", published=dt.date(2024, 1, 1))
    assert [t.text for t in found] == []


# --- rule gates: they only skip rules that cannot match ------------------------------------

_GATED_TEXTS = [
    "Two days ago the army said it had struck the 5th of May depot; earlier this spring, too.",
    "Rebels attack once a week, every Monday, and the quarter ended at the weekend.",
    "Fighting went on for years, twice a month; the shelling began this morning.",
    "THREE DAYS AGO, LAST NIGHT AND IN THE FALL OF 2023: the headline in capitals.",
    "A report of 3 May 2024 with no other time word",
    "Fighting stopped two weeks ago.",
    "ſeveral \u212aurdish fighters were killed twİce a week, three days AGO.",
    "The SPRİNG offensive began at 5 pm on 2 June, Tuesday.",
]


@pytest.mark.parametrize("text", _GATED_TEXTS)
def test_gated_rules_find_what_every_rule_finds(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from sitrep.timex import rules

    gated = timex.run(text, published=PUB)
    monkeypatch.setattr(timex, "RULES", [r._replace(gate=None) for r in rules.RULES])
    assert timex.run(text, published=PUB) == gated


def test_gates_skip_rules_whose_words_are_missing() -> None:
    from sitrep.timex.rules import RULES

    text = "The army said it struck a depot."
    gates = [r.gate for r in RULES if r.gate is not None]
    assert len(gates) >= 5
    assert not any(g.admits(text, text.lower()) for g in gates)
    # a text with a lookalike of an ASCII letter passes every word gate
    assert all(g.admits(text, None) for g in gates if g.words)


def test_ascii_lookalikes_are_every_non_ascii_match_of_an_ascii_letter() -> None:
    import re
    import string

    from sitrep.timex.rules import ASCII_LOOKALIKES

    others = "".join(chr(c) for c in range(128, 0x110000) if not 0xD800 <= c < 0xE000)
    found = {
        ch for letter in string.ascii_lowercase for ch in re.findall(letter, others, re.IGNORECASE)
    }
    assert found == ASCII_LOOKALIKES

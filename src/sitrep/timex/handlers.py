"""One normaliser per rule: a regular-expression match to a TIMEX3 type, value and interval."""

from __future__ import annotations

import datetime as dt
import re

from sitrep.lexicon import WEEKDAYS
from sitrep.timex.values import (
    _DAY,
    _MONTH_CONTEXT,
    _ORDINALS,
    _QUANTITY_AFTER,
    _SEASONS,
    _UNITS,
    _apply_mod,
    _day_value,
    _duration_value,
    _future_context,
    _month_end,
    _month_norm,
    _month_num,
    _nearest,
    _Norm,
    _parse_number,
    _previous_word,
    _shift_month,
    _week_norm,
    _week_start,
    _year_norm,
)

# --- handlers: one per rule ---


def _explicit_date(m: re.Match[str], text: str, published: dt.date) -> _Norm | None:
    """Month-first dates and ranges: 'March 21', 'March 21, 2024', 'March 16-17'."""
    return _day_range(
        m, (m.group("mon"), m.group("d")), (m.group("mon2"), m.group("d2")), published
    )


def _day_first_date(m: re.Match[str], text: str, published: dt.date) -> _Norm | None:
    """Day-first dates and ranges: '21 March 2024', '16-17 March', '30 January to 2 February'."""
    if not m.group("d0"):
        return _day_range(m, (m.group("mon"), m.group("d")), (None, None), published)
    first = (m.group("mon0") or m.group("mon"), m.group("d0"))
    return _day_range(m, first, (m.group("mon"), m.group("d")), published)


def _day_range(
    m: re.Match[str],
    first_tokens: tuple[str, str],
    last_tokens: tuple[str | None, str | None],
    published: dt.date,
) -> _Norm | None:
    """A day, or a range of days, from month and day tokens; the year from ``y`` or nearest."""
    month = _month_num(first_tokens[0])
    month2 = _month_num(last_tokens[0]) if last_tokens[0] else month
    if month is None or month2 is None:
        return None
    day = int(re.sub(r"\D", "", first_tokens[1]))
    if m.group("y"):
        first = dt.date(int(m.group("y")), month, day)
    else:
        years = (published.year - 1, published.year, published.year + 1)
        candidates = [dt.date(y, month, day) for y in years if day <= _month_end(y, month).day]
        if m.group("wd"):
            weekday = WEEKDAYS.index(m.group("wd").lower())
            candidates = [d for d in candidates if d.weekday() == weekday] or candidates
        first = _nearest(candidates, published)
    if last_tokens[1] is None:
        return _Norm("DATE", _day_value(first), first, first, 1)
    year2 = first.year + (1 if month2 < month else 0)
    last = dt.date(year2, month2, int(re.sub(r"\D", "", last_tokens[1])))
    if last <= first:
        return None
    return _Norm("DATE", first.isoformat(), first, last, 2)


def _iso_date(m: re.Match[str], text: str, published: dt.date) -> _Norm:
    day = dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    return _Norm("DATE", day.isoformat(), day, day, 1)


def _month_year(m: re.Match[str], text: str, published: dt.date) -> _Norm | None:
    """Month with or without a year: 'May 2023', 'in May', 'last May', 'early March'."""
    month = _month_num(m.group("mon"))
    if month is None:
        return None
    rel = (m.group("rel") or "").lower()
    if m.group("y"):
        year = int(m.group("y"))
    elif m.group("yrel"):
        year = published.year + {"last": -1, "this": 0, "next": 1}[m.group("yrel").lower()]
    else:
        if len(m.group("mon").rstrip(".")) < 4 and m.group("mon").lower() not in ("may", "june"):
            return None  # a bare abbreviation ('Dec', 'Jan.') is more often a name
        if m.group("mon").lower() in ("may", "march") and not (rel or m.group("mod")):
            if _previous_word(text, m.start()) not in _MONTH_CONTEXT:
                return None
        year = published.year
        if rel == "next":
            year += 1 if month <= published.month else 0
        elif rel == "last":
            year -= 1 if month >= published.month else 0
        elif rel != "this" and month > published.month and not _future_context(text, m.start()):
            year -= 1
    return _apply_mod(_month_norm(year, month), m.group("mod"), published)


def _year(m: re.Match[str], text: str, published: dt.date) -> _Norm | None:
    """Years and decades: 'in 2014', 'late 2023', 'fiscal 1989', 'the 1990s'."""
    year = int(m.group("y"))
    if m.group("decade"):
        if year % 10:
            return None
        norm = _Norm("DATE", str(year // 10), dt.date(year, 1, 1), dt.date(year + 9, 12, 31))
        return _apply_mod(norm, m.group("mod"), published)
    if not (m.group("mod") or m.group("fiscal")):
        before = text[max(0, m.start() - 2) : m.start()]
        after = text[m.end() : m.end() + 20]
        if re.search(r"[$£€#]\s?$|\d[.,]?$", before) or _QUANTITY_AFTER.match(after):
            return None
    return _apply_mod(_year_norm(year), m.group("mod"), published)


def _weekday(m: re.Match[str], text: str, published: dt.date) -> _Norm | None:
    """'Tuesday', 'on Tuesday night', 'last Tuesday', 'next Tuesday'."""
    if not m.group("wd")[0].isupper():
        return None
    weekday = WEEKDAYS.index(m.group("wd").lower())
    back = (published.weekday() - weekday) % 7
    rel = (m.group("rel") or "").lower()
    if rel == "next":
        day = published + ((weekday - published.weekday()) % 7 or 7) * _DAY
    elif rel in ("last", "past"):
        day = published - (back or 7) * _DAY
    elif back and rel != "this" and _future_context(text, m.start()):
        day = published + (7 - back) * _DAY
    else:
        day = published - back * _DAY
    part = (m.group("part") or "").lower() or None
    return _Norm("TIME" if part else "DATE", _day_value(day, part), day, day, 1)


def _deictic_day(m: re.Match[str], text: str, published: dt.date) -> _Norm:
    """today, yesterday, tomorrow, tonight, last night, this morning, the day before yesterday."""
    word = m.group("word").lower()
    offset = {"today": 0, "tonight": 0, "this": 0, "yesterday": -1, "last": -1, "tomorrow": 1}
    delta = offset[word.split()[0]]
    if m.group("shift"):
        delta += -1 if m.group("shift").lower() == "before" else 1
    day = published + delta * _DAY
    part = (m.group("part") or "").lower() or None
    if word == "tonight" or word == "last":
        part = "night"
    return _Norm("TIME" if part else "DATE", _day_value(day, part), day, day, 1)


def _ago(m: re.Match[str], text: str, published: dt.date) -> _Norm | None:
    """'two days ago', 'three weeks ago', 'a year earlier'."""
    number = _parse_number(m.group("num"))
    unit = m.group("unit").lower().rstrip("s")
    if number is None:
        return _Norm("DATE", "PAST_REF")
    count = int(number)
    if unit in ("hour", "minute", "second"):
        hours = count if unit == "hour" else 0
        day = published - (hours // 24) * _DAY
        return _Norm("DATE", day.isoformat(), day, day, 1)
    if unit in ("day", "night"):
        day = published - count * _DAY
        return _Norm("DATE", day.isoformat(), day, day, 1)
    if unit in ("week", "fortnight"):
        return _week_norm(published - count * (14 if unit == "fortnight" else 7) * _DAY)
    if unit == "month":
        return _month_norm(*_shift_month(published.year, published.month, -count))
    years = {"year": 1, "decade": 10}.get(unit, 100) * count
    if unit == "quarter":
        year, month = _shift_month(published.year, published.month, -3 * count)
        quarter = (month - 1) // 3 + 1
        first = dt.date(year, 3 * quarter - 2, 1)
        return _Norm("DATE", f"{year}-Q{quarter}", first, _month_end(year, 3 * quarter))
    return _year_norm(published.year - years)


def _relative_unit(m: re.Match[str], text: str, published: dt.date) -> _Norm | None:
    """'last week', 'this month', 'next year', 'earlier this month', 'the weekend'."""
    rel = m.group("rel").lower()
    unit = m.group("unit").lower()
    if rel in ("past", "previous", "coming") and not m.group("mod"):
        return None  # 'the past week' is a duration, handled there
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(rel, 0)
    if unit == "week":
        norm = _week_norm(published + 7 * step * _DAY)
    elif unit == "weekend":
        if rel == "the" and published.weekday() < 5:
            step = -1  # 'the weekend' in a weekday story is the one just past
        saturday = _week_start(published) + (5 + 7 * step) * _DAY
        year, week, _ = saturday.isocalendar()
        norm = _Norm("DATE", f"{year}-W{week:02d}-WE", saturday, saturday + _DAY)
    elif unit == "month":
        norm = _month_norm(*_shift_month(published.year, published.month, step))
    elif unit == "quarter":
        year, month = _shift_month(published.year, published.month, 3 * step)
        quarter = (month - 1) // 3 + 1
        first = dt.date(year, 3 * quarter - 2, 1)
        norm = _Norm("DATE", f"{year}-Q{quarter}", first, _month_end(year, 3 * quarter))
    elif unit == "year":
        norm = _year_norm(published.year + step)
    elif unit == "decade":
        start = published.year // 10 * 10 + 10 * step
        norm = _Norm("DATE", str(start // 10), dt.date(start, 1, 1), dt.date(start + 9, 12, 31))
    elif unit == "century":
        start = published.year // 100 * 100 + 100 * step
        norm = _Norm("DATE", str(start // 100), dt.date(start, 1, 1), dt.date(start + 99, 12, 31))
    else:
        return _season(unit, rel, None, m.group("mod"), published)
    return _apply_mod(norm, m.group("mod"), published)


def _season(
    name: str, rel: str, year: int | None, mod: str | None, published: dt.date
) -> _Norm | None:
    code, first_month = _SEASONS[name.lower()]

    def interval(y: int) -> tuple[dt.date, dt.date]:
        start = dt.date(y, first_month, 1)
        end_year, end_month = _shift_month(y, first_month, 2)
        return start, _month_end(end_year, end_month)

    if year is None:
        years = range(published.year - 2, published.year + 2)
        if rel == "last":
            year = max(y for y in years if interval(y)[1] < published)
        elif rel == "next":
            year = min(y for y in years if interval(y)[0] > published)
        else:  # 'this', or bare with a year-less context: the current or latest one
            year = max(y for y in years if interval(y)[0] <= published)
    start, end = interval(year)
    return _apply_mod(_Norm("DATE", f"{year}-{code}", start, end), mod, published)


def _season_rule(m: re.Match[str], text: str, published: dt.date) -> _Norm | None:
    """'last fall', 'this summer', 'winter 2023', 'early spring'."""
    rel = (m.group("rel") or "").lower()
    year = int(m.group("y")) if m.group("y") else None
    if not (rel or year or m.group("mod")):
        return None
    return _season(m.group("season"), rel, year, m.group("mod"), published)


def _quarter(m: re.Match[str], text: str, published: dt.date) -> _Norm:
    """'the third quarter', 'third-quarter', 'the first quarter of 2024'."""
    quarter = _ORDINALS[m.group("ord").lower()]
    first_month = 3 * quarter - 2
    if m.group("y") or m.group("y0"):
        year = int(m.group("y") or m.group("y0"))
    else:
        year = published.year - (1 if first_month > published.month else 0)
    start = dt.date(year, first_month, 1)
    return _Norm("DATE", f"{year}-Q{quarter}", start, _month_end(year, first_month + 2))


def _duration(m: re.Match[str], text: str, published: dt.date) -> _Norm | None:
    """'three weeks', '48 hours', 'a week of raids', 'the past two months', 'five-year'."""
    unit = m.group("unit").lower()
    numtext = (m.group("num") or "").lower()
    if numtext in ("a", "an", "") and unit in ("second", "quarter", "minute"):
        return None  # 'a second attack', 'a quarter of the vote', 'a minute's silence'
    lead = (m.group("lead") or "").lower()
    if not numtext and not re.match(r"the\s+(?:past|last|previous|next|coming|following)", lead):
        return None
    number = _parse_number(numtext) if numtext else 1.0
    return _Norm("DURATION", _duration_value(number, unit))


def _vague_period(m: re.Match[str], text: str, published: dt.date) -> _Norm:
    """'for years', 'recent months': unspecified durations or past references."""
    if m.group("recent"):
        return _Norm("DATE", "PAST_REF")
    return _Norm("DURATION", _duration_value(None, m.group("unit")))


def _reference(m: re.Match[str], text: str, published: dt.date) -> _Norm:
    """now/currently (PRESENT_REF), recently/previously (PAST_REF), soon (FUTURE_REF)."""
    word = m.group(0).lower()
    if re.search(r"recent|previous|formerly|past|lately", word):
        return _Norm("DATE", "PAST_REF")
    if re.search(r"soon|future|coming", word):
        return _Norm("DATE", "FUTURE_REF")
    return _Norm("DATE", "PRESENT_REF")


def _set(m: re.Match[str], text: str, published: dt.date) -> _Norm | None:
    """'every day', 'weekly', 'twice a week', 'every Monday', 'every two weeks'."""
    if m.group("every_wd"):
        if not m.group("every_wd")[0].isupper():
            return None
        return _Norm("SET", f"XXXX-WXX-{WEEKDAYS.index(m.group('every_wd').lower()) + 1}")
    if m.group("adverb"):
        word = m.group("adverb").lower()
        unit = {"dai": "day", "nigh": "night", "annu": "year", "hour": "hour"}.get(word[:4], word)
        unit = {"weekly": "week", "monthly": "month", "yearly": "year", "nightly": "night"}.get(
            unit, unit
        )
        return _Norm("SET", _duration_value(1, unit if unit in _UNITS else "day"))
    number = _parse_number(m.group("num")) if m.group("num") else 1.0
    if m.group("other"):
        number = 2.0
    return _Norm("SET", _duration_value(number, m.group("unit")))


def _clock(m: re.Match[str], text: str, published: dt.date) -> _Norm | None:
    """Clock times '10:35 a.m.', '3 pm', 'noon', 'midnight', taken to be on the publication day."""
    if m.group("named"):
        hour, minute = (12, 0) if m.group("named").lower() == "noon" else (0, 0)
    else:
        hour, minute = int(m.group("h")), int(m.group("min") or 0)
        if m.group("ampm").istitle():
            return None  # '12 Am(ericans)'
        if hour > 12 or minute > 59 or hour == 0:
            return None
        if m.group("ampm").lower().startswith("p") and hour != 12:
            hour += 12
        elif m.group("ampm").lower().startswith("a") and hour == 12:
            hour = 0
    value = f"{published.isoformat()}T{hour:02d}:{minute:02d}"
    return _Norm("TIME", value, published, published, 1)

"""One normaliser per rule: a regular-expression match to a TIMEX3 type, value and interval."""

from __future__ import annotations

import datetime as dt
import re

from sitrep.lexicon import WEEKDAYS
from sitrep.timex.values import (
    MONTH_CONTEXT,
    ONE_DAY,
    ORDINALS,
    QUANTITY_AFTER,
    SEASONS,
    UNITS,
    Norm,
    apply_mod,
    day_value,
    duration_value,
    future_context,
    month_end,
    month_norm,
    month_num,
    nearest_date,
    parse_number,
    previous_word,
    shift_month,
    week_norm,
    week_start,
    year_norm,
)

# --- handlers: one per rule ---


def handle_explicit_date(m: re.Match[str], text: str, published: dt.date) -> Norm | None:
    """Month-first dates and ranges: 'March 21', 'March 21, 2024', 'March 16-17'."""
    return _day_range(
        m, (m.group("mon"), m.group("d")), (m.group("mon2"), m.group("d2")), published
    )


def handle_day_first_date(m: re.Match[str], text: str, published: dt.date) -> Norm | None:
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
) -> Norm | None:
    """A day, or a range of days, from month and day tokens; the year from ``y`` or nearest."""
    month = month_num(first_tokens[0])
    month2 = month_num(last_tokens[0]) if last_tokens[0] else month
    if month is None or month2 is None:
        return None
    day = int(re.sub(r"\D", "", first_tokens[1]))
    if m.group("y"):
        first = dt.date(int(m.group("y")), month, day)
    else:
        years = (published.year - 1, published.year, published.year + 1)
        candidates = [dt.date(y, month, day) for y in years if day <= month_end(y, month).day]
        if m.group("wd"):
            weekday = WEEKDAYS.index(m.group("wd").lower())
            candidates = [d for d in candidates if d.weekday() == weekday] or candidates
        first = nearest_date(candidates, published)
    if last_tokens[1] is None:
        return Norm("DATE", day_value(first), first, first, 1)
    year2 = first.year + (1 if month2 < month else 0)
    last = dt.date(year2, month2, int(re.sub(r"\D", "", last_tokens[1])))
    if last <= first:
        return None
    return Norm("DATE", first.isoformat(), first, last, 2)


def handle_iso_date(m: re.Match[str], text: str, published: dt.date) -> Norm:
    day = dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    return Norm("DATE", day.isoformat(), day, day, 1)


def handle_month_year(m: re.Match[str], text: str, published: dt.date) -> Norm | None:
    """Month with or without a year: 'May 2023', 'in May', 'last May', 'early March'."""
    month = month_num(m.group("mon"))
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
            if previous_word(text, m.start()) not in MONTH_CONTEXT:
                return None
        year = published.year
        if rel == "next":
            year += 1 if month <= published.month else 0
        elif rel == "last":
            year -= 1 if month >= published.month else 0
        elif rel != "this" and month > published.month and not future_context(text, m.start()):
            year -= 1
    return apply_mod(month_norm(year, month), m.group("mod"), published)


def handle_year(m: re.Match[str], text: str, published: dt.date) -> Norm | None:
    """Years and decades: 'in 2014', 'late 2023', 'fiscal 1989', 'the 1990s'."""
    year = int(m.group("y"))
    if m.group("decade"):
        if year % 10:
            return None
        norm = Norm("DATE", str(year // 10), dt.date(year, 1, 1), dt.date(year + 9, 12, 31))
        return apply_mod(norm, m.group("mod"), published)
    if not (m.group("mod") or m.group("fiscal")):
        before = text[max(0, m.start() - 2) : m.start()]
        after = text[m.end() : m.end() + 20]
        if re.search(r"[$£€#]\s?$|\d[.,]?$", before) or QUANTITY_AFTER.match(after):
            return None
    return apply_mod(year_norm(year), m.group("mod"), published)


def handle_weekday(m: re.Match[str], text: str, published: dt.date) -> Norm | None:
    """'Tuesday', 'on Tuesday night', 'last Tuesday', 'next Tuesday'."""
    if not m.group("wd")[0].isupper():
        return None
    weekday = WEEKDAYS.index(m.group("wd").lower())
    back = (published.weekday() - weekday) % 7
    rel = (m.group("rel") or "").lower()
    if rel == "next":
        day = published + ((weekday - published.weekday()) % 7 or 7) * ONE_DAY
    elif rel in ("last", "past"):
        day = published - (back or 7) * ONE_DAY
    elif back and rel != "this" and future_context(text, m.start()):
        day = published + (7 - back) * ONE_DAY
    else:
        day = published - back * ONE_DAY
    part = (m.group("part") or "").lower() or None
    return Norm("TIME" if part else "DATE", day_value(day, part), day, day, 1)


def handle_deictic_day(m: re.Match[str], text: str, published: dt.date) -> Norm:
    """today, yesterday, tomorrow, tonight, last night, this morning, the day before yesterday."""
    word = m.group("word").lower()
    offset = {"today": 0, "tonight": 0, "this": 0, "yesterday": -1, "last": -1, "tomorrow": 1}
    delta = offset[word.split()[0]]
    if m.group("shift"):
        delta += -1 if m.group("shift").lower() == "before" else 1
    day = published + delta * ONE_DAY
    part = (m.group("part") or "").lower() or None
    if word == "tonight" or word == "last":
        part = "night"
    return Norm("TIME" if part else "DATE", day_value(day, part), day, day, 1)


def handle_ago(m: re.Match[str], text: str, published: dt.date) -> Norm | None:
    """'two days ago', 'three weeks ago', 'a year earlier'."""
    number = parse_number(m.group("num"))
    unit = m.group("unit").lower().rstrip("s")
    if number is None:
        return Norm("DATE", "PAST_REF")
    count = int(number)
    if unit in ("hour", "minute", "second"):
        hours = count if unit == "hour" else 0
        day = published - (hours // 24) * ONE_DAY
        return Norm("DATE", day.isoformat(), day, day, 1)
    if unit in ("day", "night"):
        day = published - count * ONE_DAY
        return Norm("DATE", day.isoformat(), day, day, 1)
    if unit in ("week", "fortnight"):
        return week_norm(published - count * (14 if unit == "fortnight" else 7) * ONE_DAY)
    if unit == "month":
        return month_norm(*shift_month(published.year, published.month, -count))
    years = {"year": 1, "decade": 10}.get(unit, 100) * count
    if unit == "quarter":
        year, month = shift_month(published.year, published.month, -3 * count)
        quarter = (month - 1) // 3 + 1
        first = dt.date(year, 3 * quarter - 2, 1)
        return Norm("DATE", f"{year}-Q{quarter}", first, month_end(year, 3 * quarter))
    return year_norm(published.year - years)


def handle_relative_unit(m: re.Match[str], text: str, published: dt.date) -> Norm | None:
    """'last week', 'this month', 'next year', 'earlier this month', 'the weekend'."""
    rel = m.group("rel").lower()
    unit = m.group("unit").lower()
    if rel in ("past", "previous", "coming") and not m.group("mod"):
        return None  # 'the past week' is a duration, handled there
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(rel, 0)
    if unit == "week":
        norm = week_norm(published + 7 * step * ONE_DAY)
    elif unit == "weekend":
        if rel == "the" and published.weekday() < 5:
            step = -1  # 'the weekend' in a weekday story is the one just past
        saturday = week_start(published) + (5 + 7 * step) * ONE_DAY
        year, week, _ = saturday.isocalendar()
        norm = Norm("DATE", f"{year}-W{week:02d}-WE", saturday, saturday + ONE_DAY)
    elif unit == "month":
        norm = month_norm(*shift_month(published.year, published.month, step))
    elif unit == "quarter":
        year, month = shift_month(published.year, published.month, 3 * step)
        quarter = (month - 1) // 3 + 1
        first = dt.date(year, 3 * quarter - 2, 1)
        norm = Norm("DATE", f"{year}-Q{quarter}", first, month_end(year, 3 * quarter))
    elif unit == "year":
        norm = year_norm(published.year + step)
    elif unit == "decade":
        start = published.year // 10 * 10 + 10 * step
        norm = Norm("DATE", str(start // 10), dt.date(start, 1, 1), dt.date(start + 9, 12, 31))
    elif unit == "century":
        start = published.year // 100 * 100 + 100 * step
        norm = Norm("DATE", str(start // 100), dt.date(start, 1, 1), dt.date(start + 99, 12, 31))
    else:
        return _season(unit, rel, None, m.group("mod"), published)
    return apply_mod(norm, m.group("mod"), published)


def _season(
    name: str, rel: str, year: int | None, mod: str | None, published: dt.date
) -> Norm | None:
    code, first_month = SEASONS[name.lower()]

    def interval(y: int) -> tuple[dt.date, dt.date]:
        start = dt.date(y, first_month, 1)
        end_year, end_month = shift_month(y, first_month, 2)
        return start, month_end(end_year, end_month)

    if year is None:
        years = range(published.year - 2, published.year + 2)
        if rel == "last":
            year = max(y for y in years if interval(y)[1] < published)
        elif rel == "next":
            year = min(y for y in years if interval(y)[0] > published)
        else:  # 'this', or bare with a year-less context: the current or latest one
            year = max(y for y in years if interval(y)[0] <= published)
    start, end = interval(year)
    return apply_mod(Norm("DATE", f"{year}-{code}", start, end), mod, published)


def handle_season(m: re.Match[str], text: str, published: dt.date) -> Norm | None:
    """'last fall', 'this summer', 'winter 2023', 'early spring'."""
    rel = (m.group("rel") or "").lower()
    year = int(m.group("y")) if m.group("y") else None
    if not (rel or year or m.group("mod")):
        return None
    return _season(m.group("season"), rel, year, m.group("mod"), published)


def handle_quarter(m: re.Match[str], text: str, published: dt.date) -> Norm:
    """'the third quarter', 'third-quarter', 'the first quarter of 2024'."""
    quarter = ORDINALS[m.group("ord").lower()]
    first_month = 3 * quarter - 2
    if m.group("y") or m.group("y0"):
        year = int(m.group("y") or m.group("y0"))
    else:
        year = published.year - (1 if first_month > published.month else 0)
    start = dt.date(year, first_month, 1)
    return Norm("DATE", f"{year}-Q{quarter}", start, month_end(year, first_month + 2))


def handle_duration(m: re.Match[str], text: str, published: dt.date) -> Norm | None:
    """'three weeks', '48 hours', 'a week of raids', 'the past two months', 'five-year'."""
    unit = m.group("unit").lower()
    numtext = (m.group("num") or "").lower()
    if numtext in ("a", "an", "") and unit in ("second", "quarter", "minute"):
        return None  # 'a second attack', 'a quarter of the vote', 'a minute's silence'
    lead = (m.group("lead") or "").lower()
    if not numtext and not re.match(r"the\s+(?:past|last|previous|next|coming|following)", lead):
        return None
    number = parse_number(numtext) if numtext else 1.0
    return Norm("DURATION", duration_value(number, unit))


def handle_vague_period(m: re.Match[str], text: str, published: dt.date) -> Norm:
    """'for years', 'recent months': unspecified durations or past references."""
    if m.group("recent"):
        return Norm("DATE", "PAST_REF")
    return Norm("DURATION", duration_value(None, m.group("unit")))


def handle_reference(m: re.Match[str], text: str, published: dt.date) -> Norm:
    """now/currently (PRESENT_REF), recently/previously (PAST_REF), soon (FUTURE_REF)."""
    word = m.group(0).lower()
    if re.search(r"recent|previous|formerly|past|lately", word):
        return Norm("DATE", "PAST_REF")
    if re.search(r"soon|future|coming", word):
        return Norm("DATE", "FUTURE_REF")
    return Norm("DATE", "PRESENT_REF")


def handle_set(m: re.Match[str], text: str, published: dt.date) -> Norm | None:
    """'every day', 'weekly', 'twice a week', 'every Monday', 'every two weeks'."""
    if m.group("every_wd"):
        if not m.group("every_wd")[0].isupper():
            return None
        return Norm("SET", f"XXXX-WXX-{WEEKDAYS.index(m.group('every_wd').lower()) + 1}")
    if m.group("adverb"):
        word = m.group("adverb").lower()
        unit = {"dai": "day", "nigh": "night", "annu": "year", "hour": "hour"}.get(word[:4], word)
        unit = {"weekly": "week", "monthly": "month", "yearly": "year", "nightly": "night"}.get(
            unit, unit
        )
        return Norm("SET", duration_value(1, unit if unit in UNITS else "day"))
    number = parse_number(m.group("num")) if m.group("num") else 1.0
    if m.group("other"):
        number = 2.0
    return Norm("SET", duration_value(number, m.group("unit")))


def handle_clock(m: re.Match[str], text: str, published: dt.date) -> Norm | None:
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
    return Norm("TIME", value, published, published, 1)

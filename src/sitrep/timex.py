"""Find temporal expressions in text and normalise them against the publication date.

Rule-based: a list of regular-expression rules, each with a normaliser that turns
a match into a TimeML TIMEX3 ``type``/``value`` plus an inclusive calendar interval.
Overlapping matches are resolved longest first. Relative expressions follow news
conventions: a bare weekday is the most recent such day on or before publication,
a bare month the most recent such month not after it, a day and month without a
year the nearest such date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from sitrep.lexicon import CARDINALS, MONTHS, SMALL_NUMBERS, TENS, WEEKDAYS
from sitrep.records import TimeExpression, TimexType

logger = logging.getLogger(__name__)

_DAY = dt.timedelta(days=1)

_UNITS = {
    "second": "S",
    "minute": "M",
    "hour": "H",
    "day": "D",
    "night": "D",
    "week": "W",
    "fortnight": "W",
    "month": "M",
    "quarter": "Q",
    "year": "Y",
    "decade": "Y",
    "century": "Y",
}
_VAGUE = {"few", "several", "some", "many", "dozens", "couple"}
_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
_SEASONS = {
    "spring": ("SP", 3),
    "summer": ("SU", 6),
    "fall": ("FA", 9),
    "autumn": ("FA", 9),
    "winter": ("WI", 12),
}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_ORDINALS |= {"1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
# Words after which a bare 'May' or 'March' is taken as a month, not a verb.
_MONTH_CONTEXT = frozenset(
    "in since by until till of from to before after during through throughout for year fiscal "
    "and or between early late mid".split()
)

# A four-digit number followed by one of these is a count or a clock time, not a year.
_QUANTITY_AFTER = re.compile(
    r"\s*(?:%|percent|per\s?cent|GMT|UTC|hrs|hours|local|[ap]\.?m\b|[:.]\d|,\d|people|persons"
    r"|troops|soldiers|civilians|fighters|militants|men|women|children|members|residents"
    r"|refugees|families|homes|houses|buildings|dollars|euros|pounds|tons|tonnes|met(?:er|re)s"
    r"|km|kilomet(?:er|re)s|miles|feet|votes|cases|deaths|casualties|rounds|shells|rockets)\b",
    re.IGNORECASE,
)

_FUTURE_CUE = re.compile(
    r"\b(?:will|shall|won't|going\s+to|expected|scheduled|set\s+(?:to|for)|plans?\s+to"
    r"|planned|planning|due|upcoming|(?:is|are)\s+to)\b|\w'll\b",
    re.IGNORECASE,
)
_REPORTING_BEFORE = re.compile(
    r"\b(?:said|says|told|announced|reported|added|stated|confirmed|warned|claimed|predicted)"
    r"(?:\s+(?:on|late|early|last))?\s*$",
    re.IGNORECASE,
)

# --- regular-expression building blocks (compiled with IGNORECASE) ---
_MON = (
    r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?\.?|july?\.?"
    r"|aug(?:ust|\.)?|sep(?:t(?:ember)?)?\.?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)"
    r"(?![a-z])"
)
_WD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_D = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
_Y = r"(?:1[6-9]\d\d|20\d\d)(?!\d)"
_NUMW = (
    r"(?:(?:" + "|".join(TENS) + r")(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|" + "|".join(sorted(SMALL_NUMBERS, key=len, reverse=True)) + ")"
)
_NUM = (
    r"(?:\d+(?:\.\d+)?(?:\s+1/2)?|" + _NUMW + r"|a\s+few|a\s+couple(?:\s+of)?|few|several"
    r"|many|dozens\s+of|a|an)"
)
_UNIT = (
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|quarters?|years?"
    r"|decades?|centuries|century)"
)
_MOD = (
    r"(?:(?P<mod>(?:the\s+)?(?:end|beginning|start|middle)\s+of|early|mid|late|earlier|later)"
    r"[\s-]+)?"
)
_REL = r"(?:last|this|next|past|previous|coming|current)"


@dataclass(frozen=True)
class _Norm:
    """A normalised expression before it gets its offsets."""

    type: TimexType
    value: str
    start: dt.date | None = None
    end: dt.date | None = None
    precision: int | None = None


_Handler = Callable[[re.Match[str], str, dt.date], "_Norm | None"]


def run(text: str, *, published: dt.date) -> list[TimeExpression]:
    """Find and normalise the temporal expressions in ``text``.

    Args:
        text (str): the article text; offsets in the result index into it.
        published (datetime.date): the reference date for relative expressions.

    Returns:
        list[TimeExpression]: non-overlapping expressions sorted by start.
    """
    if isinstance(published, dt.datetime):
        published = published.date()
    found: list[tuple[int, int, _Norm]] = []
    for pattern, handler in _RULES:
        for match in pattern.finditer(text):
            try:
                norm = handler(match, text, published)
            except (ValueError, OverflowError) as exc:  # impossible dates such as Feb 30
                logger.debug("skipping %r: %s", match.group(0), exc)
                continue
            if norm is not None:
                found.append((match.start(), match.end(), norm))
    chosen: list[tuple[int, int, _Norm]] = []
    for start, end, norm in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, norm))
    return [_record(text, start, end, norm) for start, end, norm in sorted(chosen)]


def _record(text: str, start: int, end: int, norm: _Norm) -> TimeExpression:
    precision = norm.precision
    if precision is None and norm.start is not None and norm.end is not None:
        days = (norm.end - norm.start).days + 1
        precision = 1 if days == 1 else 2 if days <= 16 else 3
    return TimeExpression(
        start=start,
        end=end,
        text=text[start:end],
        type=norm.type,
        value=norm.value,
        date_start=norm.start,
        date_end=norm.end,
        precision=precision,
    )


# --- calendar helpers ---


def _month_num(token: str) -> int | None:
    """Month number of a capitalised month name or abbreviation, else None."""
    if not token[:1].isupper():
        return None
    return MONTHS.get(token[:3].lower())


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def _day_value(day: dt.date, part: str | None = None) -> str:
    return day.isoformat() + (f"T{_PARTS[part]}" if part else "")


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _week_norm(day: dt.date) -> _Norm:
    monday = _week_start(day)
    year, week, _ = monday.isocalendar()
    return _Norm("DATE", f"{year}-W{week:02d}", monday, monday + 6 * _DAY)


def _month_norm(year: int, month: int) -> _Norm:
    return _Norm(
        "DATE", f"{year:04d}-{month:02d}", dt.date(year, month, 1), _month_end(year, month)
    )


def _year_norm(year: int) -> _Norm:
    return _Norm("DATE", f"{year:04d}", dt.date(year, 1, 1), dt.date(year, 12, 31))


def _apply_mod(norm: _Norm, mod: str | None, published: dt.date) -> _Norm:
    """Narrow a DATE interval for early/mid/late, earlier/later and the start/end of."""
    if not mod or norm.start is None or norm.end is None:
        return norm
    mod = mod.lower().split()[-2] if " of" in mod.lower() else mod.lower()
    start, end = norm.start, norm.end
    third = ((end - start).days + 1) // 3
    if mod in ("early", "beginning", "start"):
        end = start + (third - 1) * _DAY
    elif mod in ("mid", "middle"):
        start, end = start + third * _DAY, end - third * _DAY
    elif mod in ("late", "end"):
        start = end - (third - 1) * _DAY
    elif mod == "earlier":
        end = min(end, published)
    elif mod == "later":
        start = max(start, published)
    if start > end:
        return norm
    if (end - start).days >= 60:  # whole months for 'late 2023', 'the end of the decade'
        start, end = start.replace(day=1), _month_end(end.year, end.month)
    return _Norm(norm.type, norm.value, start, end)


def _parse_number(token: str) -> float | None:
    """Numeric value of a cardinal in digits or words; None for vague ones (several)."""
    token = token.lower().replace("-", " ")
    words = token.split()
    if not words or any(w in _VAGUE for w in words):
        return None
    if words[0] in ("a", "an"):
        return 1
    if words[0][0].isdigit():
        value = float(words[0])
        return value + 0.5 if len(words) > 1 else value
    return float(sum(CARDINALS[w] for w in words))


def _number_text(number: float | None) -> str:
    if number is None:
        return "X"
    return str(int(number)) if number == int(number) else str(number)


def _duration_value(number: float | None, unit: str) -> str:
    unit = unit.lower().rstrip("s")
    unit = "century" if unit.startswith("centur") else unit
    code = _UNITS[unit]
    if number is not None:
        number *= {"fortnight": 2, "decade": 10, "century": 100}.get(unit, 1)
    prefix = "PT" if code in ("S", "H") or unit == "minute" else "P"
    return f"{prefix}{_number_text(number)}{code}"


def _previous_word(text: str, start: int) -> str:
    match = re.search(r"([A-Za-z]+)[\s-]*$", text[max(0, start - 20) : start])
    return match.group(1).lower() if match else ""


def _future_context(text: str, start: int) -> bool:
    """Whether the clause before ``start`` speaks of the future ('will meet on Tuesday')."""
    clause = re.split(r"[.!?;:\n]", text[max(0, start - 120) : start])[-1]
    if _REPORTING_BEFORE.search(clause):
        return False  # 'will go, officials said on Tuesday'
    return bool(_FUTURE_CUE.search(clause))


def _nearest(candidates: list[dt.date], published: dt.date) -> dt.date:
    return min(candidates, key=lambda d: (abs((d - published).days), d > published))


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


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + pattern + r")(?![\w])", re.IGNORECASE)


_RULES: list[tuple[re.Pattern[str], _Handler]] = [
    (
        _compile(
            rf"(?P<between>between\s+)?(?:(?P<wd>{_WD}),?\s+)?(?:(?:the\s+)?night\s+of\s+)?"
            rf"(?P<mon>{_MON})\s+(?P<d>{_D})"
            rf"(?:\s*(?:-|–|to|through|until|(?(between)and|(?!)))\s*(?:(?P<mon2>{_MON})\s+)?(?P<d2>{_D}))?"
            rf"(?:,?\s+(?P<y>{_Y}))?"
        ),
        _explicit_date,
    ),
    (
        _compile(
            rf"(?P<between>between\s+)?(?:(?P<wd>{_WD}),?\s+)?(?:(?:the\s+)?night\s+of\s+)?"
            rf"(?:the\s+)?(?:(?P<d0>{_D})(?:\s+(?:of\s+)?(?P<mon0>{_MON}))?"
            rf"\s*(?:-|–|to|through|until|(?(between)and|(?!)))\s*)?"
            rf"(?P<d>{_D})\s+(?:of\s+)?(?P<mon>{_MON})(?:,?\s+(?P<y>{_Y}))?"
        ),
        _day_first_date,
    ),
    (_compile(r"(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)"), _iso_date),
    (
        _compile(
            rf"(?:(?P<rel>last|next|this)\s+)?{_MOD}(?P<mon>{_MON})"
            rf"(?:,?\s+(?:of\s+)?(?P<y>{_Y})|\s+(?P<yrel>last|this|next)\s+year)?"
        ),
        _month_year,
    ),
    (
        _compile(
            rf"(?:the\s+)?{_MOD}(?:(?P<fiscal>fiscal(?:\s+year)?|the\s+year)\s+)?(?P<y>{_Y})"
            r"(?P<decade>'?s)?"
        ),
        _year,
    ),
    (
        _compile(
            rf"(?:(?P<rel>last|next|this|past|coming)\s+)?(?:(?:early|late)\s+)?(?P<wd>{_WD})"
            r"(?:\s+(?P<part>morning|afternoon|evening|night))?"
        ),
        _weekday,
    ),
    (
        _compile(
            r"(?:(?:early|late)\s+)?(?:the\s+day\s+(?P<shift>before|after)\s+)?"
            r"(?P<word>today|yesterday|tomorrow|tonight|last\s+night"
            r"|this(?=\s+(?:morning|afternoon|evening)))"
            r"(?:\s*(?P<part>morning|afternoon|evening|night))?"
        ),
        _deictic_day,
    ),
    (
        _compile(
            r"(?:(?:about|around|nearly|almost|more\s+than|over|some|just|only|roughly)\s+)?"
            rf"(?P<num>{_NUM})[\s-]+(?P<unit>{_UNIT})(?:\s+or\s+so)?\s+(?:ago|earlier)"
        ),
        _ago,
    ),
    (
        _compile(
            rf"(?:the\s+)?{_MOD}(?P<rel>{_REL})\s+"
            r"(?P<unit>week(?:end)?|month|year|quarter|decade|century|spring|summer|fall|autumn|winter)"
        ),
        _relative_unit,
    ),
    (_compile(r"(?P<rel>the)\s+(?P<unit>weekend)(?P<mod>)"), _relative_unit),
    (
        _compile(
            rf"(?:(?P<rel>last|this|next|coming)\s+)?{_MOD}(?P<season>spring|summer|fall|autumn|winter)"
            rf"(?:\s+(?:of\s+)?(?P<y>{_Y}))?"
        ),
        _season_rule,
    ),
    (
        _compile(
            rf"(?:the\s+)?(?:(?P<y0>{_Y})\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal[\s-]+)?"
            rf"quarter(?:\s+of\s+(?:fiscal\s+)?(?P<y>{_Y}))?"
        ),
        _quarter,
    ),
    (
        _compile(
            r"(?:(?P<lead>the\s+(?:past|last|next|previous|first|coming|following|final|remaining"
            r"|latest)|(?:past|last|next|previous|first|coming|following)(?=\s+(?!an?\s)))\s+)?"
            rf"(?:(?P<num>{_NUM})[\s-]+)?(?P<unit>{_UNIT})(?![\s-]+old)"
        ),
        _duration,
    ),
    (
        _compile(
            r"(?:(?P<recent>recent)|for|over\s+the\s+(?:past|last)|in\s+the\s+(?:past|last))\s+"
            r"(?P<unit>years|months|weeks|days|decades|centuries)"
        ),
        _vague_period,
    ),
    (
        _compile(
            r"now|currently|current|presently|at\s+present|at\s+the\s+moment|nowadays"
            r"|these\s+days|right\s+now|recently|previously|formerly|lately"
            r"|(?:in\s+)?the\s+past|(?:in\s+)?the\s+(?:near\s+)?future"
        ),
        _reference,
    ),
    (
        _compile(
            rf"every\s+(?P<every_wd>{_WD})"
            r"|(?P<adverb>daily|weekly|monthly|annually|yearly|hourly|nightly)"
            rf"|(?:every|each)\s+(?P<other>other\s+)?(?:(?P<num>{_NUM})\s+)?(?P<unit>{_UNIT})"
        ),
        _set,
    ),
    (
        _compile(
            rf"(?:once|twice|(?:{_NUM})\s+times)\s+(?:a|an|per|every)\s+(?P<unit>{_UNIT})"
            r"(?P<num>)(?P<other>)(?P<every_wd>)(?P<adverb>)"
        ),
        _set,
    ),
    (
        _compile(
            r"(?P<h>[01]?\d)(?::(?P<min>[0-5]\d))?\s*(?P<ampm>a\.\s?m\.?|p\.\s?m\.?|am|pm)"
            r"|(?P<named>noon|midnight)"
        ),
        _clock,
    ),
]

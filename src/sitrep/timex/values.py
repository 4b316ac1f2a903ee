"""Normalised values: the record a rule produces, unit tables and calendar arithmetic."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from sitrep.lexicon import CARDINALS, MONTHS
from sitrep.records import TimexType

ONE_DAY = dt.timedelta(days=1)

UNITS = {
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
SEASONS = {
    "spring": ("SP", 3),
    "summer": ("SU", 6),
    "fall": ("FA", 9),
    "autumn": ("FA", 9),
    "winter": ("WI", 12),
}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
ORDINALS |= {"1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
# Words after which a bare 'May' or 'March' is taken as a month, not a verb.
MONTH_CONTEXT = frozenset(
    "in since by until till of from to before after during through throughout for year fiscal "
    "and or between early late mid".split()
)

# A four-digit number followed by one of these is a count or a clock time, not a year.
QUANTITY_AFTER = re.compile(
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


@dataclass(frozen=True)
class Norm:
    """A normalised expression before it gets its offsets."""

    type: TimexType
    value: str
    start: dt.date | None = None
    end: dt.date | None = None
    precision: int | None = None


Handler = Callable[[re.Match[str], str, dt.date], "Norm | None"]


# --- calendar helpers ---


def month_num(token: str) -> int | None:
    """Month number of a capitalised month name or abbreviation, else None."""
    if not token[:1].isupper():
        return None
    return MONTHS.get(token[:3].lower())


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def day_value(day: dt.date, part: str | None = None) -> str:
    return day.isoformat() + (f"T{_PARTS[part]}" if part else "")


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def week_norm(day: dt.date) -> Norm:
    monday = week_start(day)
    year, week, _ = monday.isocalendar()
    return Norm("DATE", f"{year}-W{week:02d}", monday, monday + 6 * ONE_DAY)


def month_norm(year: int, month: int) -> Norm:
    return Norm("DATE", f"{year:04d}-{month:02d}", dt.date(year, month, 1), month_end(year, month))


def year_norm(year: int) -> Norm:
    return Norm("DATE", f"{year:04d}", dt.date(year, 1, 1), dt.date(year, 12, 31))


def apply_mod(norm: Norm, mod: str | None, published: dt.date) -> Norm:
    """Narrow a DATE interval for early/mid/late, earlier/later and the start/end of."""
    if not mod or norm.start is None or norm.end is None:
        return norm
    mod = mod.lower().split()[-2] if " of" in mod.lower() else mod.lower()
    start, end = norm.start, norm.end
    third = ((end - start).days + 1) // 3
    if mod in ("early", "beginning", "start"):
        end = start + (third - 1) * ONE_DAY
    elif mod in ("mid", "middle"):
        start, end = start + third * ONE_DAY, end - third * ONE_DAY
    elif mod in ("late", "end"):
        start = end - (third - 1) * ONE_DAY
    elif mod == "earlier":
        end = min(end, published)
    elif mod == "later":
        start = max(start, published)
    if start > end:
        return norm
    if (end - start).days >= 60:  # whole months for 'late 2023', 'the end of the decade'
        start, end = start.replace(day=1), month_end(end.year, end.month)
    return Norm(norm.type, norm.value, start, end)


def parse_number(token: str) -> float | None:
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


def duration_value(number: float | None, unit: str) -> str:
    unit = unit.lower().rstrip("s")
    unit = "century" if unit.startswith("centur") else unit
    code = UNITS[unit]
    if number is not None:
        number *= {"fortnight": 2, "decade": 10, "century": 100}.get(unit, 1)
    prefix = "PT" if code in ("S", "H") or unit == "minute" else "P"
    return f"{prefix}{_number_text(number)}{code}"


def previous_word(text: str, start: int) -> str:
    match = re.search(r"([A-Za-z]+)[\s-]*$", text[max(0, start - 20) : start])
    return match.group(1).lower() if match else ""


def future_context(text: str, start: int) -> bool:
    """Whether the clause before ``start`` speaks of the future ('will meet on Tuesday')."""
    clause = re.split(r"[.!?;:\n]", text[max(0, start - 120) : start])[-1]
    if _REPORTING_BEFORE.search(clause):
        return False  # 'will go, officials said on Tuesday'
    return bool(_FUTURE_CUE.search(clause))


def nearest_date(candidates: list[dt.date], published: dt.date) -> dt.date:
    return min(candidates, key=lambda d: (abs((d - published).days), d > published))

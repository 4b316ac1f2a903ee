"""Publication dates as sources write them: ISO, or the free forms of scraped news.

``2024-03-21``, ``2024-03-21T09:30:00Z``, ``Wed Nov 23, 2016 | 4:58pm EST``,
``24 November 2016``, ``7:58 AM ET, Sat January 3, 2015``. The date is kept as written,
in the publisher's own time zone (an evening story from New York keeps its New York date).
A day, month and year must all be given; relative forms (``yesterday``) are refused, as is
an impossible calendar date (``2024-02-30``).
"""

from __future__ import annotations

import datetime as dt
import re

_ISO_DATE = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?![\d])")
_LABEL = re.compile(
    r"^(?:(?:last\s+)?updated|(?:first\s+)?published|posted|date)(?:\s+on)?\s*:?\s*", re.I
)
_LONGEST = 80  # characters; a date field longer than this is not a date
_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PARSERS": ["custom-formats", "absolute-time"],
}


def parse_date(value: str) -> dt.date | None:
    """The calendar date ``value`` names, or None when it names no complete, real date."""
    value = " ".join(value.split())
    if not value or len(value) > _LONGEST:
        return None
    iso = _ISO_DATE.match(value)
    if iso:
        try:
            day = dt.date(int(iso["year"]), int(iso["month"]), int(iso["day"]))
        except ValueError:
            return None
        if iso.end() == len(value) or _valid_iso_datetime(value):
            return day
    return _free_form(value)


def looks_like_iso(value: str) -> bool:
    """Whether ``value`` starts like an ISO date (so a failure to parse is an error)."""
    return _ISO_DATE.match(value.strip()) is not None


def _valid_iso_datetime(value: str) -> bool:
    try:
        dt.datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _free_form(value: str) -> dt.date | None:
    import dateparser

    value = _LABEL.sub("", value).replace("|", " ")
    parsed = dateparser.parse(value, languages=["en"], settings=_SETTINGS)
    return parsed.date() if parsed is not None else None

"""Datelines: the place a story was filed from, as in ``KYIV -`` or ``Kyiv, Ukraine —``."""

from __future__ import annotations

import re

from sitrep.records import Span

_LONGEST_DATELINE = 300  # characters from the start of the text that may hold one
_H = r"[^\S\r\n]"  # horizontal white space, NBSP included
_UP = "A-ZÀ-ÖØ-Þ"
_LOW = "a-zß-öø-ÿ"
# A capitalised dateline word: KYIV, PORT-AU-PRINCE, ST. LOUIS, N'DJAMENA.
_CAPS_WORD = rf"[{_UP}](?:[{_UP}'’.\-]*[{_UP}.])?"
_CAPS_CITY = rf"{_CAPS_WORD}(?:{_H}{_CAPS_WORD}){{0,3}}"
# A title-case place word: Kyiv, Port-au-Prince, Dar es Salaam (lower-case joiners).
_TITLE_WORD = rf"[{_UP}][{_LOW}'’]*(?:-[{_UP}{_LOW}][{_LOW}'’]*)*\.?"
_JOINER = r"(?:al|as|de|del|da|di|do|du|el|es|la|le|of|on|upon)"
_TITLE_CITY = rf"{_TITLE_WORD}(?:{_H}(?:{_JOINER}{_H})?{_TITLE_WORD}){{0,3}}"
_REGION = rf"(?:{_CAPS_CITY}|{_TITLE_CITY})"
_MONTH = (
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
    r"|(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|SEPT|OCT|NOV|DEC)[A-Z]*\.?"
)
_DATE_PART = rf"(?:{_MONTH}){_H}+\d{{1,2}}(?:,?{_H}+\d{{4}})?"
_AGENCY = r"\([^()\n]{1,40}\)"
_DASH = rf"(?:{_H}+-{{1,2}}{_H}+|{_H}*[—–]{_H}*)"
_TAIL = rf"(?:/{_REGION})?(?:,{_H}*{_REGION})?(?:,{_H}*{_DATE_PART})?"
_CAPS_DATELINE = re.compile(rf"\A\s*(?P<city>{_CAPS_CITY}){_TAIL}(?:{_H}*{_AGENCY})?{_DASH}(?=\S)")
# Title case is only unambiguous with a region ("Kyiv, Ukraine —") or an agency.
_TITLE_DATELINE = re.compile(
    rf"\A\s*(?P<city>{_TITLE_CITY})"
    rf"(?:(?:,{_H}*{_REGION})(?:,{_H}*{_DATE_PART})?(?:{_H}*{_AGENCY})?"
    rf"|(?:,{_H}*{_DATE_PART})?{_H}*{_AGENCY}){_DASH}(?=\S)"
)
# Capitalised lead-ins that are labels, not places.
_NOT_PLACES = frozenset(
    "ADVISORY ANALYSIS BREAKING CORRECTED CORRECTION EDITORIAL EXCLUSIVE EXPLAINER "
    "FACTBOX FLASH INTERVIEW LIVE NEWS OPINION PHOTOS REVIEW UPDATE UPDATED URGENT "
    "VIDEO WATCH".split()
)


def find_dateline(text: str) -> Span | None:
    """Return the city of a leading dateline (``KYIV -``, ``Kyiv, Ukraine —``), if any."""
    head = text[:_LONGEST_DATELINE]
    match = _CAPS_DATELINE.match(head) or _TITLE_DATELINE.match(head)
    if not match or all(word in _NOT_PLACES for word in match["city"].upper().split()):
        return None
    start, end = match.span("city")
    return Span(start=start, end=end, text=text[start:end])

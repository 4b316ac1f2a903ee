"""The rules: compiled patterns, each paired with its normaliser."""

from __future__ import annotations

import re

from sitrep.timex.handlers import (
    _ago,
    _clock,
    _day_first_date,
    _deictic_day,
    _duration,
    _explicit_date,
    _iso_date,
    _month_year,
    _quarter,
    _reference,
    _relative_unit,
    _season_rule,
    _set,
    _vague_period,
    _weekday,
    _year,
)
from sitrep.timex.patterns import _D, _MOD, _MON, _NUM, _REL, _UNIT, _WD, _Y
from sitrep.timex.values import _Handler


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

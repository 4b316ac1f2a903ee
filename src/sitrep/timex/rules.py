"""The rules: compiled patterns, each paired with its normaliser."""

from __future__ import annotations

import re

from sitrep.timex.handlers import (
    handle_ago,
    handle_clock,
    handle_day_first_date,
    handle_deictic_day,
    handle_duration,
    handle_explicit_date,
    handle_iso_date,
    handle_month_year,
    handle_quarter,
    handle_reference,
    handle_relative_unit,
    handle_season,
    handle_set,
    handle_vague_period,
    handle_weekday,
    handle_year,
)
from sitrep.timex.patterns import (
    DAY_PATTERN,
    MODIFIER_PATTERN,
    MONTH_PATTERN,
    NUMBER_PATTERN,
    RELATIVE_PATTERN,
    UNIT_PATTERN,
    WEEKDAY_PATTERN,
    YEAR_PATTERN,
)
from sitrep.timex.values import Handler


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + pattern + r")(?![\w])", re.IGNORECASE)


RULES: list[tuple[re.Pattern[str], Handler]] = [
    (
        _compile(
            rf"(?P<between>between\s+)?(?:(?P<wd>{WEEKDAY_PATTERN}),?\s+)?(?:(?:the\s+)?night\s+of\s+)?"
            rf"(?P<mon>{MONTH_PATTERN})\s+(?P<d>{DAY_PATTERN})"
            rf"(?:\s*(?:-|–|to|through|until|(?(between)and|(?!)))\s*(?:(?P<mon2>{MONTH_PATTERN})\s+)?(?P<d2>{DAY_PATTERN}))?"
            rf"(?:,?\s+(?P<y>{YEAR_PATTERN}))?"
        ),
        handle_explicit_date,
    ),
    (
        _compile(
            rf"(?P<between>between\s+)?(?:(?P<wd>{WEEKDAY_PATTERN}),?\s+)?(?:(?:the\s+)?night\s+of\s+)?"
            rf"(?:the\s+)?(?:(?P<d0>{DAY_PATTERN})(?:\s+(?:of\s+)?(?P<mon0>{MONTH_PATTERN}))?"
            rf"\s*(?:-|–|to|through|until|(?(between)and|(?!)))\s*)?"
            rf"(?P<d>{DAY_PATTERN})\s+(?:of\s+)?(?P<mon>{MONTH_PATTERN})(?:,?\s+(?P<y>{YEAR_PATTERN}))?"
        ),
        handle_day_first_date,
    ),
    (_compile(r"(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)"), handle_iso_date),
    (
        _compile(
            rf"(?:(?P<rel>last|next|this)\s+)?{MODIFIER_PATTERN}(?P<mon>{MONTH_PATTERN})"
            rf"(?:,?\s+(?:of\s+)?(?P<y>{YEAR_PATTERN})|\s+(?P<yrel>last|this|next)\s+year)?"
        ),
        handle_month_year,
    ),
    (
        _compile(
            rf"(?:the\s+)?{MODIFIER_PATTERN}(?:(?P<fiscal>fiscal(?:\s+year)?|the\s+year)\s+)?(?P<y>{YEAR_PATTERN})"
            r"(?P<decade>'?s)?"
        ),
        handle_year,
    ),
    (
        _compile(
            rf"(?:(?P<rel>last|next|this|past|coming)\s+)?(?:(?:early|late)\s+)?(?P<wd>{WEEKDAY_PATTERN})"
            r"(?:\s+(?P<part>morning|afternoon|evening|night))?"
        ),
        handle_weekday,
    ),
    (
        _compile(
            r"(?:(?:early|late)\s+)?(?:the\s+day\s+(?P<shift>before|after)\s+)?"
            r"(?P<word>today|yesterday|tomorrow|tonight|last\s+night"
            r"|this(?=\s+(?:morning|afternoon|evening)))"
            r"(?:\s*(?P<part>morning|afternoon|evening|night))?"
        ),
        handle_deictic_day,
    ),
    (
        _compile(
            r"(?:(?:about|around|nearly|almost|more\s+than|over|some|just|only|roughly)\s+)?"
            rf"(?P<num>{NUMBER_PATTERN})[\s-]+(?P<unit>{UNIT_PATTERN})(?:\s+or\s+so)?\s+(?:ago|earlier)"
        ),
        handle_ago,
    ),
    (
        _compile(
            rf"(?:the\s+)?{MODIFIER_PATTERN}(?P<rel>{RELATIVE_PATTERN})\s+"
            r"(?P<unit>week(?:end)?|month|year|quarter|decade|century|spring|summer|fall|autumn|winter)"
        ),
        handle_relative_unit,
    ),
    (_compile(r"(?P<rel>the)\s+(?P<unit>weekend)(?P<mod>)"), handle_relative_unit),
    (
        _compile(
            rf"(?:(?P<rel>last|this|next|coming)\s+)?{MODIFIER_PATTERN}(?P<season>spring|summer|fall|autumn|winter)"
            rf"(?:\s+(?:of\s+)?(?P<y>{YEAR_PATTERN}))?"
        ),
        handle_season,
    ),
    (
        _compile(
            rf"(?:the\s+)?(?:(?P<y0>{YEAR_PATTERN})\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal[\s-]+)?"
            rf"quarter(?:\s+of\s+(?:fiscal\s+)?(?P<y>{YEAR_PATTERN}))?"
        ),
        handle_quarter,
    ),
    (
        _compile(
            r"(?:(?P<lead>the\s+(?:past|last|next|previous|first|coming|following|final|remaining"
            r"|latest)|(?:past|last|next|previous|first|coming|following)(?=\s+(?!an?\s)))\s+)?"
            rf"(?:(?P<num>{NUMBER_PATTERN})[\s-]+)?(?P<unit>{UNIT_PATTERN})(?![\s-]+old)"
        ),
        handle_duration,
    ),
    (
        _compile(
            r"(?:(?P<recent>recent)|for|over\s+the\s+(?:past|last)|in\s+the\s+(?:past|last))\s+"
            r"(?P<unit>years|months|weeks|days|decades|centuries)"
        ),
        handle_vague_period,
    ),
    (
        _compile(
            r"now|currently|current|presently|at\s+present|at\s+the\s+moment|nowadays"
            r"|these\s+days|right\s+now|recently|previously|formerly|lately"
            r"|(?:in\s+)?the\s+past|(?:in\s+)?the\s+(?:near\s+)?future"
        ),
        handle_reference,
    ),
    (
        _compile(
            rf"every\s+(?P<every_wd>{WEEKDAY_PATTERN})"
            r"|(?P<adverb>daily|weekly|monthly|annually|yearly|hourly|nightly)"
            rf"|(?:every|each)\s+(?P<other>other\s+)?(?:(?P<num>{NUMBER_PATTERN})\s+)?(?P<unit>{UNIT_PATTERN})"
        ),
        handle_set,
    ),
    (
        _compile(
            rf"(?:once|twice|(?:{NUMBER_PATTERN})\s+times)\s+(?:a|an|per|every)\s+(?P<unit>{UNIT_PATTERN})"
            r"(?P<num>)(?P<other>)(?P<every_wd>)(?P<adverb>)"
        ),
        handle_set,
    ),
    (
        _compile(
            r"(?P<h>[01]?\d)(?::(?P<min>[0-5]\d))?\s*(?P<ampm>a\.\s?m\.?|p\.\s?m\.?|am|pm)"
            r"|(?P<named>noon|midnight)"
        ),
        handle_clock,
    ),
]

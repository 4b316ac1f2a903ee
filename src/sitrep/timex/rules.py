"""The rules: compiled patterns, each paired with its normaliser and, where one is cheap
to test, a gate: words or a pattern one of which every match of the rule contains.

A rule's pattern is tried at every word start of the text, which costs far more than
looking for a word: a text none of whose words could start a match of the rule (most
texts, for the rarer rules) skips it. Gates only skip work, never change a match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from sitrep.lexicon import WEEKDAYS
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


# The only characters that match an ASCII letter case-insensitively in Python's re (a
# literal "i" matches the dotted capital I and the dotless i, "s" the long s, "k" the
# Kelvin sign): in a text without them, a rule's word appears in ``text.lower()``.
ASCII_LOOKALIKES = frozenset("\u0130\u0131\u017f\u212a")


@dataclass(frozen=True)
class Gate:
    """A necessary condition of a rule's match: one of ``words`` (lower case) in the text,
    in any case, or a match of ``pattern``."""

    words: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None

    def admits(self, text: str, lowered: str | None) -> bool:
        """Whether the rule may match ``text``; ``lowered`` is ``text.lower()``, or None
        when the text holds an ASCII lookalike (then every word gate admits it)."""
        if self.words and (lowered is None or any(w in lowered for w in self.words)):
            return True
        return self.pattern is not None and self.pattern.search(text) is not None


class Rule(NamedTuple):
    """A pattern, the normaliser of its matches and, optionally, its gate."""

    pattern: re.Pattern[str]
    handler: Handler
    gate: Gate | None = None


# "5 May", "5th of May": a day number, then a month's first three letters
_DAY_AND_MONTH = re.compile(
    r"\d(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
    re.IGNORECASE,
)

RULES: list[Rule] = [
    Rule(
        _compile(
            rf"(?P<between>between\s+)?(?:(?P<wd>{WEEKDAY_PATTERN}),?\s+)?(?:(?:the\s+)?night\s+of\s+)?"
            rf"(?P<mon>{MONTH_PATTERN})\s+(?P<d>{DAY_PATTERN})"
            rf"(?:\s*(?:-|–|to|through|until|(?(between)and|(?!)))\s*(?:(?P<mon2>{MONTH_PATTERN})\s+)?(?P<d2>{DAY_PATTERN}))?"
            rf"(?:,?\s+(?P<y>{YEAR_PATTERN}))?"
        ),
        handle_explicit_date,
    ),
    Rule(
        _compile(
            rf"(?P<between>between\s+)?(?:(?P<wd>{WEEKDAY_PATTERN}),?\s+)?(?:(?:the\s+)?night\s+of\s+)?"
            rf"(?:the\s+)?(?:(?P<d0>{DAY_PATTERN})(?:\s+(?:of\s+)?(?P<mon0>{MONTH_PATTERN}))?"
            rf"\s*(?:-|–|to|through|until|(?(between)and|(?!)))\s*)?"
            rf"(?P<d>{DAY_PATTERN})\s+(?:of\s+)?(?P<mon>{MONTH_PATTERN})(?:,?\s+(?P<y>{YEAR_PATTERN}))?"
        ),
        handle_day_first_date,
        Gate(pattern=_DAY_AND_MONTH),
    ),
    Rule(_compile(r"(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)"), handle_iso_date),
    Rule(
        _compile(
            rf"(?:(?P<rel>last|next|this)\s+)?{MODIFIER_PATTERN}(?P<mon>{MONTH_PATTERN})"
            rf"(?:,?\s+(?:of\s+)?(?P<y>{YEAR_PATTERN})|\s+(?P<yrel>last|this|next)\s+year)?"
        ),
        handle_month_year,
    ),
    Rule(
        _compile(
            rf"(?:the\s+)?{MODIFIER_PATTERN}(?:(?P<fiscal>fiscal(?:\s+year)?|the\s+year)\s+)?(?P<y>{YEAR_PATTERN})"
            r"(?P<decade>'?s)?"
        ),
        handle_year,
        Gate(pattern=re.compile(YEAR_PATTERN)),
    ),
    Rule(
        _compile(
            rf"(?:(?P<rel>last|next|this|past|coming)\s+)?(?:(?:early|late)\s+)?(?P<wd>{WEEKDAY_PATTERN})"
            r"(?:\s+(?P<part>morning|afternoon|evening|night))?"
        ),
        handle_weekday,
        Gate(words=WEEKDAYS),
    ),
    Rule(
        _compile(
            r"(?:(?:early|late)\s+)?(?:the\s+day\s+(?P<shift>before|after)\s+)?"
            r"(?P<word>today|yesterday|tomorrow|tonight|last\s+night"
            r"|this(?=\s+(?:morning|afternoon|evening)))"
            r"(?:\s*(?P<part>morning|afternoon|evening|night))?"
        ),
        handle_deictic_day,
        Gate(
            words=(
                "today",
                "yesterday",
                "tomorrow",
                "tonight",
                "night",
                "morning",
                "afternoon",
                "evening",
            )
        ),
    ),
    Rule(
        _compile(
            r"(?:(?:about|around|nearly|almost|more\s+than|over|some|just|only|roughly)\s+)?"
            rf"(?P<num>{NUMBER_PATTERN})[\s-]+(?P<unit>{UNIT_PATTERN})(?:\s+or\s+so)?\s+(?:ago|earlier)"
        ),
        handle_ago,
        Gate(words=("ago", "earlier")),
    ),
    Rule(
        _compile(
            rf"(?:the\s+)?{MODIFIER_PATTERN}(?P<rel>{RELATIVE_PATTERN})\s+"
            r"(?P<unit>week(?:end)?|month|year|quarter|decade|century|spring|summer|fall|autumn|winter)"
        ),
        handle_relative_unit,
    ),
    Rule(
        _compile(r"(?P<rel>the)\s+(?P<unit>weekend)(?P<mod>)"),
        handle_relative_unit,
        Gate(words=("weekend",)),
    ),
    Rule(
        _compile(
            rf"(?:(?P<rel>last|this|next|coming)\s+)?{MODIFIER_PATTERN}(?P<season>spring|summer|fall|autumn|winter)"
            rf"(?:\s+(?:of\s+)?(?P<y>{YEAR_PATTERN}))?"
        ),
        handle_season,
        Gate(words=("spring", "summer", "fall", "autumn", "winter")),
    ),
    Rule(
        _compile(
            rf"(?:the\s+)?(?:(?P<y0>{YEAR_PATTERN})\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal[\s-]+)?"
            rf"quarter(?:\s+of\s+(?:fiscal\s+)?(?P<y>{YEAR_PATTERN}))?"
        ),
        handle_quarter,
        Gate(words=("quarter",)),
    ),
    Rule(
        _compile(
            r"(?:(?P<lead>the\s+(?:past|last|next|previous|first|coming|following|final|remaining"
            r"|latest)|(?:past|last|next|previous|first|coming|following)(?=\s+(?!an?\s)))\s+)?"
            rf"(?:(?P<num>{NUMBER_PATTERN})[\s-]+)?(?P<unit>{UNIT_PATTERN})(?![\s-]+old)"
        ),
        handle_duration,
    ),
    Rule(
        _compile(
            r"(?:(?P<recent>recent)|for|over\s+the\s+(?:past|last)|in\s+the\s+(?:past|last))\s+"
            r"(?P<unit>years|months|weeks|days|decades|centuries)"
        ),
        handle_vague_period,
        Gate(words=("years", "months", "weeks", "days", "decades", "centuries")),
    ),
    Rule(
        _compile(
            r"now|currently|current|presently|at\s+present|at\s+the\s+moment|nowadays"
            r"|these\s+days|right\s+now|recently|previously|formerly|lately"
            r"|(?:in\s+)?the\s+past|(?:in\s+)?the\s+(?:near\s+)?future"
        ),
        handle_reference,
    ),
    Rule(
        _compile(
            rf"every\s+(?P<every_wd>{WEEKDAY_PATTERN})"
            r"|(?P<adverb>daily|weekly|monthly|annually|yearly|hourly|nightly)"
            rf"|(?:every|each)\s+(?P<other>other\s+)?(?:(?P<num>{NUMBER_PATTERN})\s+)?(?P<unit>{UNIT_PATTERN})"
        ),
        handle_set,
        Gate(
            words=(
                "every",
                "each",
                "daily",
                "weekly",
                "monthly",
                "annually",
                "yearly",
                "hourly",
                "nightly",
            )
        ),
    ),
    Rule(
        _compile(
            rf"(?:once|twice|(?:{NUMBER_PATTERN})\s+times)\s+(?:a|an|per|every)\s+(?P<unit>{UNIT_PATTERN})"
            r"(?P<num>)(?P<other>)(?P<every_wd>)(?P<adverb>)"
        ),
        handle_set,
        Gate(words=("once", "twice", "times")),
    ),
    Rule(
        _compile(
            r"(?P<h>[01]?\d)(?::(?P<min>[0-5]\d))?\s*(?P<ampm>a\.\s?m\.?|p\.\s?m\.?|am|pm)"
            r"|(?P<named>noon|midnight)"
        ),
        handle_clock,
    ),
]

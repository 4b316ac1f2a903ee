"""Regular-expression building blocks shared by the rules (compiled with IGNORECASE)."""

from __future__ import annotations

from sitrep.lexicon import SMALL_NUMBERS, TENS

# --- regular-expression building blocks (compiled with IGNORECASE) ---
MONTH_PATTERN = (
    r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?\.?|july?\.?"
    r"|aug(?:ust|\.)?|sep(?:t(?:ember)?)?\.?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)"
    r"(?![a-z])"
)
WEEKDAY_PATTERN = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
DAY_PATTERN = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
YEAR_PATTERN = r"(?:1[6-9]\d\d|20\d\d)(?!\d)"
_NUMW = (
    r"(?:(?:" + "|".join(TENS) + r")(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|" + "|".join(sorted(SMALL_NUMBERS, key=len, reverse=True)) + ")"
)
NUMBER_PATTERN = (
    r"(?:\d+(?:\.\d+)?(?:\s+1/2)?|" + _NUMW + r"|a\s+few|a\s+couple(?:\s+of)?|few|several"
    r"|many|dozens\s+of|a|an)"
)
UNIT_PATTERN = (
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|quarters?|years?"
    r"|decades?|centuries|century)"
)
MODIFIER_PATTERN = (
    r"(?:(?P<mod>(?:the\s+)?(?:end|beginning|start|middle)\s+of|early|mid|late|earlier|later)"
    r"[\s-]+)?"
)
RELATIVE_PATTERN = r"(?:last|this|next|past|previous|coming|current)"

"""Find temporal expressions in text and normalise them against the publication date.

Rule-based: a list of regular-expression rules, each with a normaliser that turns
a match into a TimeML TIMEX3 ``type``/``value`` plus an inclusive calendar interval.
Overlapping matches are resolved longest first. Relative expressions follow news
conventions: a bare weekday is the most recent such day on or before publication,
a bare month the most recent such month not after it, a day and month without a
year the nearest such date.
"""

from __future__ import annotations

import datetime as dt
import logging

from sitrep.records import TimeExpression
from sitrep.timex.rules import ASCII_LOOKALIKES, RULES
from sitrep.timex.values import Norm

__all__ = ["TimeExpression", "run"]

logger = logging.getLogger(__name__)


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
    lowered = None if ASCII_LOOKALIKES.intersection(text) else text.lower()
    found: list[tuple[int, int, Norm]] = []
    for pattern, handler, gate in RULES:
        if gate is not None and not gate.admits(text, lowered):
            continue
        for match in pattern.finditer(text):
            try:
                norm = handler(match, text, published)
            except (ValueError, OverflowError) as exc:  # impossible dates such as Feb 30
                logger.debug("skipping %r: %s", match.group(0), exc)
                continue
            if norm is not None:
                found.append((match.start(), match.end(), norm))
    chosen: list[tuple[int, int, Norm]] = []
    for start, end, norm in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, norm))
    return [_record(text, start, end, norm) for start, end, norm in sorted(chosen)]


def _record(text: str, start: int, end: int, norm: Norm) -> TimeExpression:
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

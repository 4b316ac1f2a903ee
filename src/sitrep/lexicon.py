"""Number words and calendar names, shared by the time, fatality and event stages."""

from __future__ import annotations

_SMALL = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
TENS: tuple[str, ...] = tuple("twenty thirty forty fifty sixty seventy eighty ninety".split())
SMALL_NUMBERS: tuple[str, ...] = tuple(_SMALL)
# Cardinal number words from zero to ninety: "seventeen" -> 17, "forty" -> 40.
CARDINALS: dict[str, int] = {w: i for i, w in enumerate(_SMALL)} | {
    w: 20 + 10 * i for i, w in enumerate(TENS)
}
# Month names and their abbreviations, lower case -> month number.
MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        1,
    )
    for name in names
}  # fmt: skip
WEEKDAYS: tuple[str, ...] = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)  # fmt: skip

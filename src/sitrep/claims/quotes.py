"""Quotations: where they are, which cue they belong to, and who says a quote that stands alone.

Curly quotes pair by direction; straight quotes (" or '') pair in order within a paragraph.
A quotation that fills its own paragraph with no cue of its own ("“We will not give up.”"
after "the commander told reporters: ...") belongs to the last attribution before it whose
source is a name.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from sitrep import records
from sitrep.claims.spans import CharRange, span
from sitrep.nlp import text_of

_OPEN_QUOTES = {"“", "«", "``"}
_CLOSE_QUOTES = {"”", "»"}
_CLOSER = {"“": "”", "«": "»", "``": "''"}
_QUOTE_MARK = re.compile(r"''|``|[“”\"«»\n]")
_MAX_QUOTE_CHARS = 3000
_MAX_QUOTE_GAP_TOKENS = 6
_QUOTE_GAP = re.compile(r"[\s,:;.\u2014\u2013-]*")
_PARAGRAPH_EDGE = re.compile(r"[\s.,;:\u2014\u2013-]*")
_MAX_SPEAKER_DISTANCE_CHARS = 1500
_NAME_ENTS = {"PERSON", "ORG", "NORP", "GPE"}


def quote_regions(text: str) -> list[CharRange]:
    """Character ranges of quotations, quote marks included."""
    regions: list[CharRange] = []
    open_at: tuple[int, str] | None = None
    for match in _QUOTE_MARK.finditer(text):
        mark, at = match.group(), match.start()
        if mark == "\n":
            open_at = None if open_at and open_at[1] not in _OPEN_QUOTES else open_at
        elif open_at is None:
            open_at = (at, mark) if mark not in _CLOSE_QUOTES else None
        elif mark in _CLOSE_QUOTES or mark == _CLOSER.get(open_at[1], open_at[1]):
            if match.end() - open_at[0] <= _MAX_QUOTE_CHARS:
                regions.append((open_at[0], match.end()))
            open_at = None
        elif mark in _OPEN_QUOTES:
            open_at = (at, mark)
    return regions


def inside(char: int, quotes: list[CharRange]) -> bool:
    """Whether a character offset lies strictly inside a quotation."""
    return any(start < char < end for start, end in quotes)


def adjacent(verb: Token, quotes: list[CharRange], *, left: int) -> CharRange | None:
    """A quotation ending just before the cue's clause ('"...," X said'; the clause starts
    at token ``left``) or opening just after the cue ('X told reporters: "..."')."""
    doc = verb.doc
    left_char = doc[left].idx
    for start, end in reversed(quotes):
        if end <= left_char:
            gap = text_of(doc)[end:left_char]
            return (start, end) if _QUOTE_GAP.fullmatch(gap) else None
    after = verb.i + 1
    for token in doc[after : min(after + _MAX_QUOTE_GAP_TOKENS, verb.sent.end)]:
        starting = [q for q in quotes if q[0] == token.idx]
        if starting:
            return starting[0]
        if token.pos_ in {"VERB", "AUX"}:
            break
    return None


def extend(content: CharRange, cue: Token, quotes: list[CharRange]) -> CharRange:
    """Widen a character range to whole quotations it touches (quotes over several sentences)."""
    start, end = content
    cue_char = cue.idx
    for q_start, q_end in quotes:
        if q_start < end and start < q_end and not q_start <= cue_char < q_end:
            start, end = min(start, q_start), max(end, q_end)
    return start, end


def standalone(
    doc: Doc, quotes: list[CharRange], found: list[records.Attribution]
) -> list[records.Attribution]:
    """Attributions for quotations that fill their own paragraph and no content covers yet.

    Each takes the source and cue of the last attribution before it (within
    ``_MAX_SPEAKER_DISTANCE_CHARS``) whose source is a name; quotes with no such speaker
    are left alone.
    """
    text = text_of(doc)
    named = [a for a in found if a.source is not None and _is_name(doc, a.source)]
    result = []
    for start, end in quotes:
        if not _fills_paragraph(text, start, end):
            continue
        if any(a.content.start < end and start < a.content.end for a in found):
            continue
        before = [a for a in named if a.cue.end <= start]
        if not before or start - before[-1].cue.end > _MAX_SPEAKER_DISTANCE_CHARS:
            continue
        speaker = before[-1]
        result.append(
            records.Attribution(
                source=speaker.source,
                cue=speaker.cue,
                content=span(doc, start, end),
                stance=speaker.stance,
            )
        )
    return result


def _fills_paragraph(text: str, start: int, end: int) -> bool:
    """Whether only punctuation and spaces separate a quotation from its paragraph's edges."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return bool(
        _PARAGRAPH_EDGE.fullmatch(text[line_start:start])
        and _PARAGRAPH_EDGE.fullmatch(text[end:line_end])
    )


def _is_name(doc: Doc, source: records.Span) -> bool:
    """Whether a source span holds a proper noun or a named entity (not "he", "officials")."""
    words = doc.char_span(source.start, source.end, alignment_mode="expand")
    if words is None:
        return False
    return any(t.pos_ == "PROPN" or t.ent_type_ in _NAME_ENTS for t in words)

"""Token and character ranges shared by the cue finders, and the record they build.

Token ranges are ``(start, end)`` token indexes (end exclusive); character ranges are
offsets into ``doc.text``. Sources and cues are token ranges, contents character ranges
(a content may be widened to whole quotations, which need not end on token boundaries).
"""

from __future__ import annotations

from typing import overload

from spacy.tokens import Doc, Token

from sitrep import records
from sitrep.nlp import text_of

TokenRange = tuple[int, int]
CharRange = tuple[int, int]

MAX_SOURCE_TOKENS = 8
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
_TRIM_CHILD_DEPS = {"appos", "relcl", "acl"}


def noun_phrase(head: Token) -> TokenRange:
    """Subtree of a noun; long ones lose appositions and relative clauses after the head."""
    start, end = head.left_edge.i, head.right_edge.i + 1
    if end - start > MAX_SOURCE_TOKENS:
        cut = [c for c in head.rights if c.dep_ in _TRIM_CHILD_DEPS]
        if cut:
            end = cut[0].left_edge.i
    return trim(head.doc, start, end, keep_quotes=False) or (head.i, head.i + 1)


def previous_sentence(token: Token) -> TokenRange | None:
    """Token range of the sentence before the token's own, the usual target of a disclaimer."""
    start = token.sent.start
    if start == 0:
        return None
    prev = token.doc[start - 1].sent
    return trim(token.doc, prev.start, prev.end)


def is_pronoun_range(doc: Doc, rng: TokenRange) -> bool:
    """True when a range is a single pronoun or determiner ("it", "this")."""
    return rng[1] - rng[0] == 1 and doc[rng[0]].pos_ in {"PRON", "DET"}


@overload
def chars(doc: Doc, tokens: TokenRange) -> CharRange: ...
@overload
def chars(doc: Doc, tokens: TokenRange | None) -> CharRange | None: ...
def chars(doc: Doc, tokens: TokenRange | None) -> CharRange | None:
    """Character range of a token range (None passes through)."""
    if tokens is None:
        return None
    span = doc[tokens[0] : tokens[1]]
    return span.start_char, span.end_char


def trim(doc: Doc, start: int, end: int, *, keep_quotes: bool = True) -> TokenRange | None:
    """Drop punctuation, conjunctions and spaces at both ends of a token range.

    Quote marks stay at the ends of contents (``keep_quotes``) but not of sources.
    """
    while start < end and _edge_junk(doc[start], opening=True, keep_quotes=keep_quotes):
        start += 1
    while end > start and _edge_junk(doc[end - 1], opening=False, keep_quotes=keep_quotes):
        end -= 1
    return (start, end) if end > start else None


def _edge_junk(token: Token, *, opening: bool, keep_quotes: bool) -> bool:
    """Tokens that never begin or end a span."""
    if token.is_space:
        return True
    if token.is_quote:
        return not keep_quotes
    if token.is_punct:
        return True
    return opening and token.dep_ == "cc"


def attribution(
    doc: Doc,
    source: TokenRange | None,
    cue: TokenRange,
    content: CharRange,
    stance: records.Stance,
) -> records.Attribution:
    """Build the record from token ranges for source and cue, a character range for content."""
    source_chars = chars(doc, source)
    cue_chars = chars(doc, cue)
    return records.Attribution(
        source=span(doc, *source_chars) if source_chars else None,
        cue=span(doc, *cue_chars),
        content=span(doc, *content),
        stance=stance,
    )


def span(doc: Doc, start: int, end: int) -> records.Span:
    """A record span over ``doc.text``."""
    return records.Span(start=start, end=end, text=text_of(doc)[start:end])

"""The event's date: the time expression of its sentence nearest its anchor.

A date that only dates a statement ("said on March 21", "told reporters Tuesday"), or
another noun of the sentence ("followed earlier raids in May 2023"), is not the
incident's. With no date of its own, an event takes its incident's other reports' dates
when merged (:mod:`sitrep.events.merge`), else the publication date as a week-level
"reported" date.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from sitrep import records
from sitrep.events.candidate import Candidate
from sitrep.events.filters import governing_verb
from sitrep.events.words import words


def event_date(
    cand: Candidate, sent: Span, annotated: records.AnnotatedArticle
) -> records.TimeExpression | None:
    """The dated time expression of ``sent`` nearest the anchor that dates the incident."""
    anchor = cand.anchor.idx
    doc = sent.doc
    found = []
    for timex in annotated.timexes:
        if not sent.start_char <= timex.start < sent.end_char or timex.date_start is None:
            continue
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is not None and (
            _dates_a_statement(span.root, cand) or _dates_another_noun(span.root, cand)
        ):
            continue
        found.append(timex)
    return min(found, key=lambda t: abs(t.start - anchor), default=None)


def _dates_another_noun(tok: Token, cand: Candidate) -> bool:
    """The expression hangs on a noun other than the event's own words before it reaches a
    verb ("the raids follow earlier actions in May 2023": May 2023 dates the actions). A bare
    day name is adverbial wherever the parser hangs it ("attacked a train Tuesday")."""
    if tok.dep_ == "npadvmod":
        return False
    anchors = {t.i for t in cand.tokens}
    cur = tok
    for _ in range(6):
        if cur.head.i == cur.i or cur.i in anchors:
            return False
        cur = cur.head
        if cur.i in anchors or cur.pos_ in {"VERB", "AUX"}:
            return False
        if cur.pos_ in {"NOUN", "PROPN"} and cur.ent_type_ not in {"DATE", "TIME"}:
            return True
    return False


def _dates_a_statement(tok: Token, cand: Candidate) -> bool:
    """The expression hangs on a reporting verb that is not the event's own word, and not
    through an event word of its own ("a statement saying ... an airstrike on April 10":
    April 10 dates the airstrike)."""
    verb = governing_verb(tok.head if tok.dep_ != "ROOT" else tok)
    anchors = {t.i for t in cand.tokens}
    if verb is None or verb.i in anchors:
        return False
    cur = tok
    while cur.i != verb.i and cur.head.i != cur.i:
        cur = cur.head
        if cur.i in anchors:
            return False
    return verb.lemma_.lower() in words("reaction_lemmas")

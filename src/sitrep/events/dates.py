"""The event's date: the time expression nearest its anchor."""

from __future__ import annotations

from spacy.tokens import Span

from sitrep import records
from sitrep.events.candidate import Candidate


def event_date(
    cand: Candidate, sent: Span, annotated: records.AnnotatedArticle
) -> records.TimeExpression | None:
    anchor = cand.anchor.idx
    in_sent = [
        t
        for t in annotated.timexes
        if sent.start_char <= t.start < sent.end_char and t.date_start is not None
    ]
    if in_sent:
        return min(in_sent, key=lambda t: abs(t.start - anchor))
    for attribution in annotated.attributions:
        if not attribution.content.start <= anchor < attribution.content.end:
            continue
        cue_sent = sent.doc.char_span(attribution.cue.start, attribution.cue.end, "expand")
        if cue_sent is None:
            continue
        bounds = cue_sent.sent
        near = [
            t
            for t in annotated.timexes
            if bounds.start_char <= t.start < bounds.end_char and t.date_start is not None
        ]
        if near:
            return min(near, key=lambda t: abs(t.start - attribution.cue.start))
    return None

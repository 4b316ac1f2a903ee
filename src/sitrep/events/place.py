"""The event's place(s) and geo precision."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from sitrep import records
from sitrep.events.candidate import Candidate
from sitrep.events.words import words

if TYPE_CHECKING:
    from sitrep.gazetteer import Gazetteer


class CountryHints:
    """Countries a sentence points to without a place mention ("Russian border regions",
    "on Ukrainian soil", "inside Syria"); the gazetteer is loaded on first need."""

    def __init__(self, gazetteer: Gazetteer | None) -> None:
        self._gazetteer = gazetteer
        self._seen: dict[int, tuple[Span, records.Place] | None] = {}

    def find(
        self, sent: Span, anchor: int, taken: list[records.PlaceMention]
    ) -> records.PlaceMention | None:
        """The hint nearest ``anchor`` outside the ``taken`` mentions, or None."""
        hints = []
        for tok in sent:
            if any(p.start <= tok.idx < p.end for p in taken):
                continue
            if tok.i not in self._seen:
                self._seen[tok.i] = self._hint(tok)
            found = self._seen[tok.i]
            if found is not None:
                span, place = found
                hints.append(
                    records.PlaceMention(
                        start=span.start_char, end=span.end_char, text=span.text, place=place
                    )
                )
        return min(hints, key=lambda h: abs(h.start - anchor), default=None)

    def _hint(self, tok: Token) -> tuple[Span, records.Place] | None:
        if not tok.text[:1].isupper():
            return None
        if tok.dep_ in {"amod", "compound"} and tok.head.lemma_.lower() in words("place_nouns"):
            span = tok.doc[tok.i : tok.i + 1]
            code = self._load().demonym(tok.text)
        elif tok.dep_ == "pobj" and tok.pos_ == "PROPN" and tok.head.lower_ in words("loc_preps"):
            first = min([c.i for c in tok.lefts if c.dep_ == "compound"], default=tok.i)
            span = tok.doc[first : tok.i + 1]
            found = self._load().lookup(span.text)
            code = next((p.country_code for p in found if _is_country(p)), None)
        else:
            return None
        place = self._load().country(code) if code else None
        return (span, place) if place is not None else None

    def _load(self) -> Gazetteer:
        if self._gazetteer is None:
            from sitrep.gazetteer import load

            self._gazetteer = load()
        return self._gazetteer


def _is_country(place: records.Place) -> bool:
    return (place.feature_code or "").startswith("PCL")


def _place_score(mention: records.PlaceMention, doc: Doc) -> int:
    """0 when governed by a locative preposition, 2 when by "from", 3 when the name only
    qualifies a noun that is no place ("U.S. officials"), else 1."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return 1
    cur = span.root
    if (
        cur.dep_ in {"compound", "amod", "poss", "nmod"}
        and cur.head.pos_ in {"NOUN", "PROPN"}
        and cur.head.lemma_.lower() not in words("place_nouns")
        and cur.head.head.lower_ not in words("loc_preps")
    ):
        return 3
    for _ in range(4):
        if cur.head.i == cur.i:
            break
        cur = cur.head
        if cur.dep_ == "prep" or cur.pos_ == "ADP":
            lemma = cur.lower_
            if lemma in words("loc_preps"):
                return 0
            if lemma == "from":
                return 2
    return 1


def event_places(
    cand: Candidate,
    sent: Span,
    prev: Span | None,
    annotated: records.AnnotatedArticle,
    countries: CountryHints,
) -> list[tuple[records.PlaceMention, int]]:
    """The event's place(s) and geo precision; conjoined places give one event each.

    In order: a resolved place of the sentence (not one the action comes "from"); a country
    the sentence points to ("Russian border regions", precision 3); a place the action comes
    from; an unresolved name; a locative place of the previous sentence; the dateline; the
    country the article names most (precision 3, evidence at its first mention); last, a
    name that only qualifies a noun ("U.S. officials").
    """
    doc = sent.doc
    anchor = cand.anchor.idx

    def _within(span: Span | records.Span) -> list[records.PlaceMention]:
        start = span.start_char if isinstance(span, Span) else span.start
        end = span.end_char if isinstance(span, Span) else span.end
        return [p for p in annotated.places if start <= p.start < end]

    def _group(best: records.PlaceMention) -> list[tuple[records.PlaceMention, int]]:
        group = [best, *_conjoined(best, here, doc)]
        return [(p, _precision(p, doc)) for p in sorted(group, key=lambda p: p.start)]

    dateline = annotated.article.dateline
    here = [
        p for p in _within(sent) if dateline is None or not dateline.start <= p.start < dateline.end
    ]
    ranked = sorted(
        here, key=lambda p: (p.place is None, _place_score(p, doc), abs(p.start - anchor))
    )
    if ranked and ranked[0].place is not None and _place_score(ranked[0], doc) < 2:
        return _group(ranked[0])
    hint = countries.find(sent, anchor, here)
    if hint is not None:
        return [(hint, 3)]
    if ranked and _place_score(ranked[0], doc) < 3:
        return _group(ranked[0])
    if prev is not None:
        found = [p for p in _within(prev) if _place_score(p, doc) == 0]
        if found:
            best = min(found, key=lambda p: p.place is None)
            return [(best, _precision(best, doc))]
    found = _within(dateline) if dateline is not None else []
    if found:
        return [(found[0], _precision(found[0], doc))]
    main_country = _main_country(annotated.places, doc)
    if main_country is not None:
        return [(main_country, 3)]
    return _group(ranked[0]) if ranked else []


def _main_country(places: list[records.PlaceMention], doc: Doc) -> records.PlaceMention | None:
    """The first mention of the country where the article's resolved places lie most.

    A town or region counts twice as much as a bare country name, which news also uses
    for governments; a name that only qualifies a noun ("U.S. officials") does not count.
    """
    counts: Counter[str] = Counter()
    for mention in places:
        if mention.place and mention.place.country_code and _place_score(mention, doc) < 3:
            national = (mention.place.feature_code or "").startswith("PCL")
            counts[mention.place.country_code] += 1 if national else 2
    if not counts:
        return None
    code = counts.most_common(1)[0][0]
    return next(
        (
            p
            for p in places
            if p.place
            and p.place.country_code == code
            and (p.place.feature_code or "").startswith("PCL")
        ),
        None,
    )


def _conjoined(
    best: records.PlaceMention, here: list[records.PlaceMention], doc: Doc
) -> list[records.PlaceMention]:
    span = doc.char_span(best.start, best.end, alignment_mode="expand")
    if span is None:
        return []
    conj = {t.i for t in span.root.conjuncts}
    out = []
    for other in here:
        if other is best:
            continue
        o_span = doc.char_span(other.start, other.end, alignment_mode="expand")
        if o_span is not None and o_span.root.i in conj:
            out.append(other)
    return out


def _precision(mention: records.PlaceMention, doc: Doc) -> int:
    place = mention.place
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    near = False
    if span is not None:
        near = any(
            t.lower_ in words("near_preps") for t in span.root.ancestors if t.i >= span.start - 6
        )
    if place is None:
        return 3
    code = place.feature_code or ""
    if place.feature_class == "P":
        return 2 if near else 1
    if code.startswith("PCL") or code == "ADM1":
        return 3
    return 2

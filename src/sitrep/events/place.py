"""The event's place(s) and geo precision."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from sitrep import records
from sitrep.events.candidate import Candidate
from sitrep.events.compat import APPROXIMATE_PLACE, INFERRED_PLACE
from sitrep.events.words import words
from sitrep.geo.katottg import APPROXIMATE
from sitrep.geo.recognize import in_region_named_after
from sitrep.nlp import text_of

if TYPE_CHECKING:
    from sitrep.gazetteer import Gazetteer


_WORLD_REGIONS = frozenset({"RGN", "CONT"})
# Nouns that, after "in the", refer back to a town named before ("in the city").
_SETTLEMENT_NOUNS = frozenset({"city", "town", "village"})
_CONTAINER_GAPS = frozenset({",", "(", "in", "in the", ", in", ", in the"})


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


def _approximate(place: records.Place | None) -> bool:
    return place is not None and place.feature_code == APPROXIMATE


def _written_as_name(mention: records.PlaceMention) -> bool:
    """Whether the text writes the mention as a name, with a capital ("al-Hasakeh" and
    "el Mina" too): a common noun taken for a place ("worshipers left mosques" read as
    Moscow) is no event's place."""
    return any(c.isupper() for c in mention.text)


def _is_country(place: records.Place) -> bool:
    return (place.feature_code or "").startswith("PCL")


def _place_score(mention: records.PlaceMention, doc: Doc) -> int:
    """0 when governed by a locative preposition, 2 when by "from" or by "to" of a route
    named whole (:func:`_names_route`), 3 when the name only qualifies a noun that is no
    place ("U.S. officials") or a preposition relates it to something else ("fight for
    Ukraine"), else 1."""
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
            if lemma == "from" or (lemma in words("route_preps") and _names_route(cur)):
                return 2
            if lemma in words("relation_preps"):
                return 3
    return 1


def _names_the_event(mention: records.PlaceMention, anchor: Token, doc: Doc) -> bool:
    """Whether the name qualifies the event's own noun ("the Chasiv Yar attack", "the
    Kabul bombing"): it says where the event happened, unlike a name qualifying another
    noun ("U.S. officials")."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return (
        span is not None
        and span.root.head.i == anchor.i
        and span.root.dep_ in {"compound", "amod", "nmod"}
    )


def _speaks(mention: records.PlaceMention, annotated: records.AnnotatedArticle) -> bool:
    """Whether the name is itself who makes a statement, a government by its capital or
    country ("Russia contends it only targets military sites", "the Kremlin said"): no
    event happened there for that."""
    text = annotated.article.text
    return any(
        a.source is not None
        and a.source.end == mention.end
        and text[a.source.start : mention.start].strip().lower() in {"", "the"}
        for a in annotated.attributions
    )


def _names_route(prep: Token) -> bool:
    """Whether the verb above ``prep`` has both a "from" and a "to" (or "toward"): a route
    named whole ("travelling from Quetta to Peshawar, the capital of Khyber Pakhtunkhwa")
    says where the action went; it happened somewhere between."""
    verb = next((t for t in prep.ancestors if t.pos_ in {"VERB", "AUX"}), None)
    if verb is None:
        return False
    found = {t.lower_ for t in verb.subtree if t.dep_ == "prep"} & words("route_preps")
    return "from" in found and len(found) > 1


@dataclass(frozen=True)
class EventPlace:
    """Where an event happened: the mention naming it, its geo precision, and whether the
    event's own sentence gave it or it was inferred (previous sentence, dateline, the
    article's main country, a name that only qualifies a noun)."""

    mention: records.PlaceMention
    precision: int
    inferred: bool = False

    def evidence(self) -> dict[str, tuple[int, int]]:
        """The event's evidence for its place: the mention under ``location`` (or
        ``location_inferred``), and also under ``location_approximate`` when the
        gazetteer knows the place only at an approximate point."""
        span = (self.mention.start, self.mention.end)
        out = {INFERRED_PLACE if self.inferred else "location": span}
        if _approximate(self.mention.place):
            out[APPROXIMATE_PLACE] = span
        return out


def speaker_places(annotated: records.AnnotatedArticle, doc: Doc) -> set[int]:
    """Starts of the places that locate someone making a statement ("an official in Quetta
    told VOA", "said in Geneva"): where it was said, not where the incident happened."""
    anchors = [
        (span.start, span.end)
        for a in annotated.attributions
        for span in (a.source, a.cue)
        if span is not None
    ]
    found: set[int] = set()
    for mention in annotated.places:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        prep = span.root.head
        if prep.i == span.root.i or prep.pos_ != "ADP" or prep.lower_ not in words("loc_preps"):
            continue
        head = prep.head.idx
        if any(start <= head < end for start, end in anchors):
            found.add(mention.start)
    return found


def event_places(
    cand: Candidate,
    sent: Span,
    prev: Span | None,
    annotated: records.AnnotatedArticle,
    countries: CountryHints,
) -> list[EventPlace]:
    """The event's place(s); conjoined places give one event each.

    In order: a resolved place of the sentence (not one the action comes "from", not an end
    of a route the sentence names whole); a country the sentence points to ("Russian border
    regions", precision 3); an unresolved name; inferred (precision 2 at best), a locative
    place of the previous sentence; a place the action comes from or a route's end (a train
    travelling from Quetta to Peshawar was attacked somewhere between); inferred again, the
    dateline, the country the article names most (precision 3, evidence at its first
    mention), and last a name that only qualifies a noun ("U.S. officials").
    """
    doc = sent.doc
    anchor = cand.anchor.idx

    def _within(span: Span | records.Span) -> list[records.PlaceMention]:
        start = span.start_char if isinstance(span, Span) else span.start
        end = span.end_char if isinstance(span, Span) else span.end
        return [p for p in annotated.places if start <= p.start < end]

    def _group(best: records.PlaceMention) -> list[EventPlace]:
        best = _named_inside(best, here, text_of(doc))
        group = _innermost([best, *_conjoined(best, here, doc)])
        return [EventPlace(p, _precision(p, doc)) for p in sorted(group, key=lambda p: p.start)]

    def _inferred(mention: records.PlaceMention, precision: int) -> list[EventPlace]:
        return [EventPlace(mention, max(precision, 2), inferred=True)]

    dateline = annotated.article.dateline
    support = _coherence(annotated.places, doc)
    main_country = _main_country(annotated.places, doc)

    def _credible(mention: records.PlaceMention) -> bool:
        return (
            _written_as_name(mention)
            and not _speaks(mention, annotated)
            and not (dateline is not None and dateline.start <= mention.start < dateline.end)
            and not _stray(mention, support(mention), main_country)
        )

    def _score(mention: records.PlaceMention) -> int:
        return 0 if _names_the_event(mention, cand.anchor, doc) else _place_score(mention, doc)

    here = [p for p in _within(sent) if _credible(p)]
    ranked = sorted(
        here,
        key=lambda p: (
            p.place is None,
            _score(p),
            support(p),
            _fineness(p.place) if p.place is not None else 5,
            abs(p.start - anchor),
        ),
    )
    if ranked and ranked[0].place is not None and _score(ranked[0]) < 2:
        return _group(ranked[0])
    hint = countries.find(sent, anchor, here)
    if hint is not None:
        return [EventPlace(hint, 3)]
    if ranked and _score(ranked[0]) < 2:
        return _group(ranked[0])
    referent = _settlement_referent(
        sent, [p for p in _within(prev) if _credible(p)] if prev is not None else [], here
    )
    if referent is not None:
        return _inferred(referent, _precision(referent, doc))
    if prev is not None:
        found = [p for p in _within(prev) if _place_score(p, doc) == 0 and _credible(p)]
        if found:
            best = min(found, key=lambda p: p.place is None)
            return _inferred(best, _precision(best, doc))
    if ranked and _score(ranked[0]) < 3:
        return _group(ranked[0])
    found = _within(dateline) if dateline is not None else []
    if found:
        return _inferred(found[0], _precision(found[0], doc))
    if main_country is not None:
        return _inferred(main_country, 3)
    return _inferred(ranked[0], 3) if ranked else []


def _coherence(
    places: list[records.PlaceMention], doc: Doc
) -> Callable[[records.PlaceMention], int]:
    """How well the article's other names support a mention's place: 0 when another name
    lies in its region (admin1) or the article resolves no other name, 1 when one lies in
    its country, 2 when none does (a namesake abroad: "Chi" read as Chicago in a story on
    Herat). Names spelt like the mention, and names only qualifying a noun ("U.S.
    troops"), do not support it."""
    resolved = [
        (m.text.lower(), m.place)
        for m in places
        if m.place is not None and _place_score(m, doc) < 3
    ]

    def support(mention: records.PlaceMention) -> int:
        place = mention.place
        others = [p for text, p in resolved if text != mention.text.lower()]
        if place is None or not others:
            return 0
        if place.admin1 is not None and any(
            (p.country_code, p.admin1) == (place.country_code, place.admin1) for p in others
        ):
            return 0
        return 1 if any(p.country_code == place.country_code for p in others) else 2

    return support


def _settlement_referent(
    sent: Span, before: list[records.PlaceMention], here: list[records.PlaceMention]
) -> records.PlaceMention | None:
    """The town a sentence points back to with "in the city" (or town, village): the last
    populated place it names before those words, in whatever role ("Kharkiv regional
    Governor ... said seven people were killed in the city"), else the last one of the
    previous sentence (``before``); None when the sentence has no such words."""
    phrase = next(
        (
            tok
            for tok in sent
            if tok.lower_ in _SETTLEMENT_NOUNS
            and tok.dep_ == "pobj"
            and tok.head.lower_ in words("loc_preps")
            and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)
        ),
        None,
    )
    if phrase is None:
        return None
    towns = [
        p
        for p in [*before, *here]
        if p.place is not None and p.place.feature_class == "P" and p.start < phrase.idx
    ]
    return towns[-1] if towns else None


def _stray(
    mention: records.PlaceMention, support: int, main_country: records.PlaceMention | None
) -> bool:
    """Whether ``mention`` is a place in a country no other name of the article lies in
    (``support`` 2, from :func:`_coherence`) while the article's main country is another:
    a namesake abroad ("Nara" in a story on Mali), a country only qualifying or bordering
    ("a joint Kenya-U.S. base", "near the Cameroon border"), or a government speaking
    ("Russia contends") in a story set elsewhere. Not a candidate for the event's place."""
    return (
        support == 2
        and mention.place is not None
        and main_country is not None
        and main_country.place is not None
        and mention.place.country_code != main_country.place.country_code
    )


def finer_place(
    event: records.Event,
    own: list[int],
    sentences: list[Span],
    annotated: records.AnnotatedArticle,
    *,
    speakers: set[int],
    reach: int = 2,
) -> EventPlace | None:
    """A more specific place for an incident placed only vaguely (a region, a country, or an
    inferred place), from its own sentences or, inferred, from those of its paragraph up to
    ``reach`` sentences away.

    Only resolved places in the event's country count, governed by a locative preposition
    or standing alone (not one the action comes "from", not a name qualifying a noun, not
    where a speaker is: ``speakers`` holds their starts, from :func:`speaker_places`); its
    own sentences come first, then the following ones, then the preceding, then finer
    places before vaguer ones.
    """
    placed = "location" in event.evidence and event.geo_precision is not None
    if placed and (event.geo_precision or 3) < 3:
        return None
    current = _fineness_of_event(event)
    doc = sentences[0].doc
    dateline = annotated.article.dateline
    first, last = min(own), max(own)
    text = annotated.article.text
    best: tuple[tuple[int, int, int, int], records.PlaceMention, bool] | None = None
    for index in range(max(first - reach, 0), min(last + reach, len(sentences) - 1) + 1):
        sent = sentences[index]
        if index < first:
            gap = text[sent.end_char : sentences[first].start_char]
        else:
            gap = text[sentences[last].end_char : sent.start_char]
        if index not in own and "\n\n" in gap:
            continue  # another paragraph
        for mention in annotated.places:
            place = mention.place
            if place is None or not sent.start_char <= mention.start < sent.end_char:
                continue
            if dateline is not None and dateline.start <= mention.start < dateline.end:
                continue
            if mention.start in speakers or not _written_as_name(mention):
                continue
            if event.country_code and place.country_code != event.country_code:
                continue
            fineness = _fineness(place)
            if fineness >= current or _place_score(mention, doc) >= 2:
                continue
            inside = index in own
            key = (0 if inside else 1, 0 if index > last else 1, abs(index - last), fineness)
            if best is None or key < best[0]:
                best = (key, mention, inside)
    if best is None:
        return None
    _, mention, inside = best
    precision = _precision(mention, doc)
    if inside:
        return EventPlace(mention, precision)
    return EventPlace(mention, max(precision, 2), inferred=True)


def _fineness(place: records.Place) -> int:
    """0 a populated place, 1 a district, 2 a region (admin1), 3 a country, 4 a region of
    several countries or a continent ("the Middle East")."""
    code = place.feature_code or ""
    if place.feature_class == "P":
        return 0
    if code.startswith("PCL"):
        return 3
    if code in _WORLD_REGIONS:
        return 4 if place.country_code is None else 2  # "Donbas" lies in one country
    return 2 if code == "ADM1" else 1


def _fineness_of_event(event: records.Event) -> int:
    if event.latitude is None:
        return 5
    if event.geo_precision == 3:
        if event.country_code is None:
            return 4
        return 3 if event.admin1 is None else 2
    return 0 if "location" in event.evidence else 1


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


def _innermost(group: list[records.PlaceMention]) -> list[records.PlaceMention]:
    """Drop a region or country that only contains another place of the group ("Valparaiso,
    Zacatecas" is one place, not two)."""
    kept = []
    for mention in group:
        place = mention.place
        if place is not None and any(
            other is not mention and other.place is not None and _contains(place, other.place)
            for other in group
        ):
            continue
        kept.append(mention)
    return kept or group


def _named_inside(
    container: records.PlaceMention, here: list[records.PlaceMention], text: str
) -> records.PlaceMention:
    """The place written right before ``container`` and lying in it ("in the area of
    Sakhanka, Donetsk" is at Sakhanka), else ``container``."""
    for mention in here:
        if mention.place is None or container.place is None or mention.end > container.start:
            continue
        gap = " ".join(text[mention.end : container.start].split()).lower()
        if gap in _CONTAINER_GAPS and _contains(container.place, mention.place):
            return mention
    return container


def _contains(outer: records.Place, inner: records.Place) -> bool:
    code = outer.feature_code or ""
    if outer.country_code != inner.country_code or outer is inner:
        return False
    if code.startswith("PCL"):
        return not (inner.feature_code or "").startswith("PCL")
    if code == "ADM1":
        return inner.admin1 == outer.admin1 and inner.feature_code != "ADM1"
    if code == "ADM2":
        return inner.admin2 == outer.admin2 and inner.feature_class == "P"
    return outer.feature_class == "P" and in_region_named_after(inner, outer)


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
    if place.feature_class == "P":  # a town the run's other articles chose is inferred
        return 2 if near or _approximate(place) or mention.evidence else 1
    if code.startswith("PCL") or code == "ADM1" or code in _WORLD_REGIONS:
        return 3
    return 2

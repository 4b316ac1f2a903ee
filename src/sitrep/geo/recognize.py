"""Toponym recognition: which stretches of an article name places.

Sources: the article's dateline, spaCy's GPE/LOC/FAC entities, and gazetteer matches on
capitalised word sequences (the small English model calls Kursk a PRODUCT and Kyiv a
PERSON), guarded against common words and person names. Not places, whatever the
gazetteer holds: armed groups and organisations of the actor lexicon ("Taliban"),
holidays and religious seasons (``data/not_places.tsv``: "Ramadan"), and demonyms used
as adjectives ("Somali special forces", "the Syrian Observatory").
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.attrs import IS_ALPHA, IS_LOWER, IS_STOP
from spacy.tokens import Doc, Span

from sitrep import actors
from sitrep.data import read_tsv
from sitrep.gazetteer import Gazetteer, normalize
from sitrep.nlp import text_of
from sitrep.records import Article, Place

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# spaCy labels a gazetteer match may override (sm calls Kursk a PRODUCT, Kyiv a PERSON).
_OVERRIDABLE_LABELS = frozenset({"PERSON", "ORG", "PRODUCT", "NORP", "FAC"})
ADMIN_CUES = frozenset({
    "region", "regions", "province", "provinces", "oblast", "oblasts", "state", "states",
    "governorate", "governorates", "district", "districts", "county", "counties", "parish",
    "parishes", "krai", "prefecture", "department", "raion", "rayon",
})  # fmt: skip
ADMIN2_CUES = frozenset({"county", "counties", "parish", "parishes", "district", "districts",
                         "raion", "rayon"})  # fmt: skip
# "the Bakhmut direction", "Kupiansk axis", "the Zaporizhzhia front": the town names the sector.
TOWN_CUES = frozenset({"direction", "directions", "axis", "front", "sector"})
_PLACE_PREPS = frozenset({"in", "near", "of", "from", "at", "outside", "to", "around", "across",
                          "into"})  # fmt: skip
_CONNECTORS = frozenset({"of", "de", "del", "la", "le", "upon", "on", "-", "al", "el", "du", "des"})
_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "gen", "sen", "rep", "gov", "president",
                         "minister"})  # fmt: skip
_BIG_CITY = 100_000
_INSIDE_ORG_POPULATION = 20_000
_MIN_CUED_POPULATION = 1_000
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]+(?![\w'’-])")


def recognize(
    doc: Doc, *, article: Article, gazetteer: Gazetteer, demonyms: bool = False
) -> list[tuple[int, int]]:
    """Character spans of toponyms in text order (see the module docstring).

    Args:
        demonyms (bool): also return demonyms ("Egyptian") as mentions of their country,
            as some gold sets tag them.
    """
    spans: list[tuple[int, int]] = []
    if article.dateline is not None:
        spans.append((article.dateline.start, article.dateline.end))
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS:
            if len(ent) == 1 and ent.text in _surnames(doc):
                continue  # "Athens said" after "Jane Athens"
            trimmed = _trim(ent)
            if trimmed is not None and not _not_a_place(doc, *trimmed, gazetteer, demonyms):
                spans.append(trimmed)
        elif demonyms and ent.label_ == "NORP" and gazetteer.demonym(ent.text):
            spans.append((ent.start_char, ent.end_char))
    taken = {k for s, e in spans for k in range(s, e)}
    ent_of = {t.i: e for e in doc.ents for t in e}
    capitalised = _capitalised_tokens(doc)
    i = 0
    while i < len(doc):
        match = _match_at(doc, i, gazetteer, ent_of, capitalised) if capitalised[i] else None
        if match is None:
            i += 1
            continue
        span = doc[i:match]
        free = not any(k in taken for k in range(span.start_char, span.end_char))
        if free and not _not_a_place(doc, span.start_char, span.end_char, gazetteer, demonyms):
            spans.append((span.start_char, span.end_char))
            taken.update(range(span.start_char, span.end_char))
        i = match
    return _dedupe(spans)


@lru_cache(maxsize=1)
def _not_place_names() -> frozenset[str]:
    return frozenset(normalize(r["name"]) for r in read_tsv("not_places.tsv"))


def _not_a_place(doc: Doc, start: int, end: int, gazetteer: Gazetteer, demonyms: bool) -> bool:
    """Holidays, named armed groups/organisations, and demonyms qualifying a noun."""
    text = text_of(doc)[start:end]
    if normalize(text) in _not_place_names():
        return True
    if actors.resolve(text) is not None:
        found = gazetteer.lookup(text)
        if not found or not (found[0].feature_code or "").startswith(("PCL", "ADM")):
            return True  # "Taliban", "Hamas": not the town that shares the name
    if demonyms or gazetteer.demonym(text) is None:
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    last = span[-1]
    nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
    # "Somali special forces", "Syrian Observatory": an adjective, not the place.
    return last.dep_ in {"amod", "compound"} or (
        nxt is not None and nxt.pos_ in {"NOUN", "PROPN", "ADJ"} and not nxt.is_punct
    )


def _trim(ent: Span) -> tuple[int, int] | None:
    """Drop a leading "the", a trailing possessive and a trailing sector word
    ("the Bakhmut direction" -> "Bakhmut")."""
    start, end = ent.start, ent.end
    if ent[0].lower_ == "the" and len(ent) > 1:
        start += 1
    if ent.doc[end - 1].text in {"'s", "’s"} and end - start > 1:
        end -= 1
    if ent.doc[end - 1].lower_ in TOWN_CUES and end - start > 1:
        end -= 1
    if start >= end:
        return None
    span = ent.doc[start:end]
    return span.start_char, span.end_char


def _dedupe(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort and drop spans overlapping an earlier, longer one."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(set(spans), key=lambda x: (x[0], -x[1])):
        if out and s < out[-1][1]:
            continue
        out.append((s, e))
    return out


def _capitalised_tokens(doc: Doc) -> list[bool]:
    """Per token: alphabetic, starting with a capital, and not a stop word."""
    flags = doc.to_array([IS_ALPHA, IS_STOP, IS_LOWER])
    return [
        bool(alpha and not stop and not lower and doc[i].text[0].isupper())
        for i, (alpha, stop, lower) in enumerate(flags.tolist())
    ]


def _match_at(
    doc: Doc, i: int, gazetteer: Gazetteer, ent_of: dict[int, Span], capitalised: list[bool]
) -> int | None:
    """End token index of the longest accepted gazetteer name starting at token ``i``."""
    ends = []
    j = i
    while j < len(doc) and j - i < gazetteer.max_words:
        if not (capitalised[j] or (j > i and doc[j].lower_ in _CONNECTORS)):
            break
        j += 1
        if capitalised[j - 1]:
            ends.append(j)
    for end in reversed(ends):
        span = doc[i:end]
        places = gazetteer.lookup(span.text)
        if places and _accept(span, places, ent_of):
            return end
    return None


def _accept(span: Span, places: list[Place], ent_of: dict[int, Span]) -> bool:
    """Guard gazetteer-only matches against common words and names of people/organisations."""
    doc = span.doc
    ent = ent_of.get(span.start)
    top_code = places[0].feature_code or ""
    strong = top_code.startswith("PCL") or top_code in {"ADM1", "RGN", "CONT"}
    biggest = max(p.population or 0 for p in places)
    if ent is not None:
        if ent.label_ not in _OVERRIDABLE_LABELS:
            return False
        if len(ent) > len(span):
            # "Dublin Police Department": a place heading an organisation's name.
            inside_org = ent.label_ in {"ORG", "FAC"} and span.start == ent.start
            if not (inside_org and (strong or biggest >= _INSIDE_ORG_POPULATION)):
                return False
    elif any(t.pos_ != "PROPN" for t in span if t.is_alpha):
        return False
    text = span.text
    if text.isupper() and len(text) <= 4 and not strong:
        return False  # acronyms: "DUI", "GBI"
    if len(span) == 1 and (text.lower() in _lower_words(doc) or text in _surnames(doc)):
        return False
    prev = doc[span.start - 1] if span.start > 0 else None
    if prev is not None and prev.lower_.rstrip(".") in _HONORIFICS:
        return False
    if strong or biggest >= _BIG_CITY:
        return True
    nxt = doc[span.end] if span.end < len(doc) else None
    cued = (prev is not None and prev.lower_ in _PLACE_PREPS) or (
        nxt is not None and (nxt.lower_ in ADMIN_CUES or nxt.lower_ in TOWN_CUES)
    )
    return cued and (biggest >= _MIN_CUED_POPULATION or top_code == "ADM2")


def _lower_words(doc: Doc) -> set[str]:
    """Words the article also writes in lower case (so they are common words)."""
    if "sitrep_lower" not in doc.user_data:
        doc.user_data["sitrep_lower"] = set(_LOWER_WORD.findall(text_of(doc)))
    return doc.user_data["sitrep_lower"]


def _surnames(doc: Doc) -> set[str]:
    """Last words of multi-word PERSON names in the article ("Clark" of "Wesley Clark")."""
    if "sitrep_surnames" not in doc.user_data:
        doc.user_data["sitrep_surnames"] = {
            e[-1].text for e in doc.ents if e.label_ == "PERSON" and len(e) > 1
        }
    return doc.user_data["sitrep_surnames"]

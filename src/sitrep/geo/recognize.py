"""Toponym recognition: which stretches of an article name places.

Sources: the article's dateline, spaCy's GPE/LOC/FAC entities, and gazetteer matches on
capitalised word sequences (the small English model calls Kursk a PRODUCT and Kyiv a
PERSON), guarded against common words and person names, also inside organisations' names
("the Ohio Department of Development"). A small town named without a cue word ("a Danbury
mason") is returned apart: it is a place only near the article's other places
(:func:`sitrep.geocode.run` decides). Not places, whatever the
gazetteer holds: armed groups and organisations of the actor lexicon ("Taliban"),
holidays and religious seasons (``data/not_places.tsv``: "Ramadan"), and demonyms used
as adjectives ("Somali special forces", "the Syrian Observatory").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache

import numpy as np
from spacy.tokens import Doc, Span

from sitrep import actors
from sitrep.data import read_tsv
from sitrep.gazetteer import Gazetteer, normalize
from sitrep.geo.katottg import APPROXIMATE
from sitrep.geo.name_parts import (
    BIG_CITY,
    DIRECTION_WORDS,
    INSIDE_ORG_POPULATION,
    LOCATIVE_PREPS,
    heads_a_site,
    in_longer_entity,
    inside_name,
    is_strong,
)
from sitrep.geo.names import skeleton
from sitrep.geo.patterns import (
    demonym_words,
    home_places_of_lawmakers,
    is_demonym,
)
from sitrep.geo.tokens import NAME_LABELS, NUMBERED_NAME, TOWN_CUES, Tokens, tokens_of
from sitrep.nlp import dictionary_words, is_headline, text_of
from sitrep.records import Article, Place

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# spaCy labels a gazetteer match may override (sm calls Kursk a PRODUCT, Kyiv a PERSON).
_OVERRIDABLE_LABELS = frozenset({"PERSON", "ORG", "PRODUCT", "NORP", "FAC", "EVENT", "WORK_OF_ART"})
ADMIN_CUES = frozenset({
    "region", "regions", "province", "provinces", "oblast", "oblasts", "state", "states",
    "governorate", "governorates", "district", "districts", "county", "counties", "parish",
    "parishes", "krai", "prefecture", "department", "raion", "rayon",
})  # fmt: skip
ADMIN2_CUES = frozenset({"county", "counties", "parish", "parishes", "district", "districts",
                         "raion", "rayon"})  # fmt: skip
_PLACE_PREPS = frozenset({"in", "near", "of", "from", "at", "outside", "to", "around", "across",
                          "into"})  # fmt: skip
_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "gen", "sen", "rep", "gov", "president",
                         "minister"})  # fmt: skip
_DATELINE_MARKS = frozenset({"—", "–", "--", "-", ":"})
# Words after a town's name that make it where someone lives ("a Dayton man").
_RESIDENTS = frozenset({
    "man", "men", "woman", "women", "resident", "residents", "native", "natives", "teen",
    "teens", "teenager", "teenagers", "boy", "girl", "couple", "family", "families",
})  # fmt: skip
# Words after an organisation's name that make it a party or movement ("Svoboda activists").
_MEMBER_WORDS = frozenset({
    "activists", "supporters", "members", "deputies", "lawmakers", "leader", "leaders",
    "faction", "party", "candidate", "candidates", "rally", "protesters", "fighters",
    "mercenaries",
})  # fmt: skip
_MIN_CUED_POPULATION = 1_000
# Capitalised names joined by hyphens: "U.S.-Russian", "Kenya-U.S.", "Sino-Russian".
_JOINED = re.compile(r"(?<![\w.-])[A-Z][\w.]*(?:-[A-Z][\w.]*)+")
# Parts of speech the tagger gives a foreign place's name it does not know.
_NAME_POS = frozenset({"VERB", "NOUN", "PROPN"})
_PERSON_WORD = re.compile(r"[A-Z][a-z]+|[A-Z]\.")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]+(?![\w'’-])")


@dataclass(frozen=True)
class Toponyms:
    """Character spans of an article's toponyms in text order, and of the names that are
    places only if the article's other places lie near one of their candidates (a small
    town named without a cue word: "Lombard fifth-graders", "a Danbury mason")."""

    spans: list[tuple[int, int]]
    if_near: list[tuple[int, int]]


class _Verdict(IntEnum):
    NO = 0
    IF_NEAR = 1
    YES = 2


def recognize(
    doc: Doc, *, article: Article, gazetteer: Gazetteer, demonyms: bool = False
) -> Toponyms:
    """Toponyms of an article (see the module docstring).

    Args:
        demonyms (bool): also return demonyms ("Egyptian") as mentions of their country,
            as some gold sets tag them.
    """
    spans: list[tuple[int, int]] = []
    if article.dateline is not None:
        spans.append((article.dateline.start, article.dateline.end))
    tokens = tokens_of(doc)
    text = text_of(doc)
    ents = tokens.ents
    tokens.surnames |= _names_of_people_taken_for_bodies(ents, gazetteer)
    for ent in ents:
        if ent.label_ in PLACE_LABELS:
            name = text[ent.start_char : ent.end_char]
            if (
                ent.end - ent.start == 1
                and (name in tokens.surnames or name in tokens.makes)
                and not _strong(gazetteer, name)
            ):
                continue  # "Athens said" after "Jane Athens"; "Egypt" stays a country
            if name in tokens.person_words and not gazetteer.lookup(name):
                continue  # "Kowalczyk" after "President Kowalczyk", no place's name
            if name.islower():
                continue  # "the meth", "in absentia": common words
            if name.lower().removeprefix("the ") in DIRECTION_WORDS:
                continue  # "the West" of politics, not Cameroon's West Region
            trimmed = _trim(ent.start, ent.end, tokens)
            hyphened = trimmed is not None and "-" in text[slice(*trimmed)]
            if trimmed is not None and hyphened and not gazetteer.lookup(text[slice(*trimmed)]):
                parts = _joined_names(doc, *trimmed, gazetteer, demonyms=demonyms)
                if parts:  # "U.S.-China talks", "the Russia-Ukraine border"
                    spans.extend(parts)
                    continue
            if trimmed is not None and not _not_a_place(doc, *trimmed, gazetteer, demonyms):
                spans.append(trimmed)
        elif demonyms and ent.label_ == "NORP":
            if is_demonym(ent.text, gazetteer):
                spans.append((ent.start_char, ent.end_char))
            else:  # "Sino-Russian ties", "U.S.-Russian talks"
                start, end = ent.start_char, ent.end_char
                spans.extend(_joined_names(doc, start, end, gazetteer, demonyms=True))
    for joined in _JOINED.finditer(text):  # "U.S.-Russian talks": one token to the tagger
        k = tokens.entity[tokens.token_at(joined.start())]
        person = k >= 0 and ents[k].label_ == "PERSON"  # "Abdel-Hamid Sami"
        if not person and not gazetteer.lookup(joined.group()):
            spans.extend(_joined_names(doc, *joined.span(), gazetteer, demonyms=demonyms))
    spans.extend(home_places_of_lawmakers(text, gazetteer))
    taken = np.zeros(len(text) + 1, dtype=bool)
    for s, e in spans:
        taken[s:e] = True
    after = 0
    if_near: list[tuple[int, int]] = []
    # A headline naming no other place: a small town's name there has none to be near.
    lone = is_headline(doc) and not any(
        e.label_ in PLACE_LABELS and gazetteer.demonym(e.text) is None for e in ents
    )
    for i in np.flatnonzero(tokens.capitalised).tolist():
        if i < after:
            continue
        match, verdict = _match_at(doc, i, gazetteer, tokens, ents, lone=lone)
        if match is None:
            continue
        start, end = int(tokens.starts[i]), int(tokens.ends[match - 1])
        free = not taken[start:end].any()
        if free and not _not_a_place(doc, start, end, gazetteer, demonyms):
            (spans if verdict == _Verdict.YES else if_near).append((start, end))
            taken[start:end] = True
        after = match
    if demonyms:  # also where spaCy sees no people: "Six Somali soldiers", "European firms"
        for s, e in demonym_words(doc, tokens, gazetteer):
            if (s, e) in if_near:  # "the Canadian Coast Guard" is Canada, not Canadian, Texas
                if_near.remove((s, e))
                spans.append((s, e))
            elif not taken[s:e].any():  # a place's name goes first: "Indian River County"
                spans.append((s, e))
    return Toponyms(_dedupe(spans), if_near)


def _joined_names(
    doc: Doc, start: int, end: int, gazetteer: Gazetteer, *, demonyms: bool
) -> list[tuple[int, int]]:
    """The parts of a name that joins names with hyphens ("U.S.-China", "Russia-Ukraine",
    "Sino-Russian") which are countries, or, with ``demonyms``, words for their people;
    [] when no hyphen joins capitalised words. Areas and towns are no parts: "Mayo-Sava"
    is a Cameroonian department, not Mayo, Ireland and Sava, Madagascar; nor is a name
    that is no place ("anti-Hamas")."""
    text = text_of(doc)
    bounds = [start]
    for joint in re.finditer(r"-(?=[A-Z])", text[start:end]):
        bounds += [start + joint.start(), start + joint.end()]
    bounds.append(end)
    out = []
    for s, e in zip(bounds[::2], bounds[1::2], strict=True) if len(bounds) > 2 else ():
        part = text[s:e]
        if _not_a_place(doc, s, e, gazetteer, demonyms):
            continue
        found = gazetteer.lookup(part)
        country = bool(found) and (found[0].feature_code or "").startswith("PCL")
        if country or (demonyms and is_demonym(part, gazetteer)):
            out.append((s, e))
    return out


def _names_of_people_taken_for_bodies(ents: Sequence[Span], gazetteer: Gazetteer) -> set[str]:
    """Last words of what spaCy calls organisations but reads as a person's name: two or
    three capitalised words or initials, the first no place's name, the last no country,
    first-level area or city, whatever county shares it ("Tyrise M. Bell", "Yevgenia
    Petrova"; not "Cincinnati Bell" nor "Education Minnesota")."""
    out = set()
    for ent in ents:
        if ent.label_ != "ORG" or len(ent) < 2:  # a one-word name has no two words
            continue
        words = [t.text for t in ent if t.lower_ != "the"]
        if (
            2 <= len(words) <= 3
            and all(_PERSON_WORD.fullmatch(w) for w in words)
            and not gazetteer.lookup(words[0])
            and not gazetteer.lookup(" ".join(words))
            and not any(
                is_strong(p.feature_code or "")
                or (p.feature_class == "P" and (p.population or 0) >= BIG_CITY)
                for p in gazetteer.lookup(words[-1])
            )
        ):
            out.add(words[-1])
    return out


def _strong(gazetteer: Gazetteer, name: str) -> bool:
    """The name's best-known place is a country or a first-level area."""
    found = gazetteer.lookup(name)
    return bool(found) and is_strong(found[0].feature_code or "")


def in_region_named_after(place: Place, city: Place) -> bool:
    """The place lies in a first-level area named after ``city`` (a city, or a capital that
    is an area of its own), so that a text writing the city as the place's container means
    the area ("Reni, Odessa" is in Odesa Oblast, "Ivankiv, Kyiv" in Kyiv Oblast)."""
    if city.country_code != place.country_code:
        return False
    if city.feature_class != "P" and city.feature_code != "ADM1":
        return False
    words = normalize(place.admin1 or "").split()
    if len(words) < 2 or words[-1] not in ADMIN_CUES:
        return False
    stem = " ".join(words[:-1])  # or spelt alike: "Zaporizhzhia Oblast", Zaporizhzhya
    return stem == normalize(city.name) or skeleton(stem) == skeleton(city.name) != ""


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


def _trim(start: int, end: int, tokens: Tokens) -> tuple[int, int] | None:
    """Character span of entity tokens ``start:end`` without a leading "the", a trailing
    possessive and a trailing sector word ("the Bakhmut direction" -> "Bakhmut")."""
    if tokens.the[start] and end - start > 1:
        start += 1
    if tokens.possessive[end - 1] and end - start > 1:
        end -= 1
    if tokens.town_cue[end - 1] and end - start > 1:
        end -= 1
    if start >= end:
        return None
    return int(tokens.starts[start]), int(tokens.ends[end - 1])


def _dedupe(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort and drop spans overlapping an earlier, longer one."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(set(spans), key=lambda x: (x[0], -x[1])):
        if out and s < out[-1][1]:
            continue
        out.append((s, e))
    return out


def _match_at(
    doc: Doc, i: int, gazetteer: Gazetteer, tokens: Tokens, ents: Sequence[Span], *, lone: bool
) -> tuple[int | None, _Verdict]:
    """End token index of the longest accepted gazetteer name starting at token ``i``,
    and whether it is a place outright or only near the article's other places (``lone``:
    the text is a headline where spaCy finds no other place)."""
    ends = []
    j = i
    stop = min(len(tokens.starts), i + gazetteer.max_words)
    capitalised, connector = tokens.flags
    while j < stop and (capitalised[j] or (j > i and connector[j])):
        j += 1
        if capitalised[j - 1]:
            ends.append(j)
    text = text_of(doc)
    for end in reversed(ends):
        name = text[tokens.starts[i] : tokens.ends[end - 1]]
        places = gazetteer.lookup(name) or _numbered_settlement(name, gazetteer)
        verdict = (
            _accept(doc, i, end, name, places, tokens, ents, lone=lone) if places else _Verdict.NO
        )
        if (
            verdict != _Verdict.YES
            and places
            and _approximate_named(doc, i, end, places, gazetteer, tokens, ents)
        ):
            verdict = _Verdict.YES
        if verdict != _Verdict.NO:
            return end, verdict
    return None, _Verdict.NO


def _numbered_settlement(name: str, gazetteer: Gazetteer) -> list[Place]:
    """The towns a numbered settlement is named after ("Zolote-5" -> Zolote, as mining
    towns in the Donbas are numbered), for a name the gazetteer lacks; else []."""
    numbered = NUMBERED_NAME.fullmatch(name) if "-" in name else None
    if numbered is None:
        return []
    return [p for p in gazetteer.lookup(numbered.group(1)) if p.feature_class == "P"]


def _accept(
    doc: Doc,
    start: int,
    end: int,
    name: str,
    places: list[Place],
    tokens: Tokens,
    ents: Sequence[Span],
    *,
    lone: bool,
) -> _Verdict:
    """Guard gazetteer-only matches (tokens ``start:end``, text ``name``) against common
    words and names of people/organisations. A small place named without a cue word is a
    place only near the article's other places, or alone in a headline (``lone``)."""
    k = tokens.entity[start]
    ent = ents[k] if k >= 0 else None
    top_code = places[0].feature_code or ""
    strong = is_strong(top_code)
    biggest = max(p.population or 0 for p in places)
    site = False  # heads the name of a site or body in the town: "Brownsboro Police"
    if ent is not None:
        if ent.label_ not in _OVERRIDABLE_LABELS:
            return _Verdict.NO
        if in_longer_entity(start, end, tokens, ents) and not inside_name(
            doc, start, end, ent, tokens, strong=strong, biggest=biggest, top_code=top_code
        ):
            site = heads_a_site(doc, start, end, ent, tokens)
            if not site:
                return _Verdict.NO
    dateline = _dateline_at(doc, start, end, name)
    if (
        ent is None
        and not dateline
        and not _titles_a_headline(doc, start, end)
        and not tokens.propn[start:end][tokens.alpha[start:end]].all()
        and not _region_the_tagger_misreads(doc, start, end, name, strong=strong)
    ):
        return _Verdict.NO  # "Kharkiv regional governor": a VERB to the tagger, yet a region
    if (
        ent is not None
        and ent.label_ in NAME_LABELS
        and end - start == 1
        and not strong
        and top_code != "ADM2"
        and biggest < INSIDE_ORG_POPULATION
        and name.lower() in dictionary_words()
    ):
        return _Verdict.NO  # "in Congress": the body, not the hamlet of Congress, Arizona
    if name.isupper() and len(name) <= 4 and not strong and not dateline:
        return _Verdict.NO  # acronyms: "DUI", "GBI"
    if name.endswith(".") and not strong and not tokens.alpha[start:end].any():
        return _Verdict.NO  # only states and countries are abbreviated ("Pa."), not "Inc."
    if end - start == 1 and name.lower() in DIRECTION_WORDS:
        return _Verdict.NO  # "Western Maliha": an adjective, not Uganda's Western Region
    if end - start == 1 and (
        name.lower() in _lower_words(doc) or name in tokens.surnames or name in tokens.makes
    ):
        return _Verdict.NO
    if not strong and _joined_to_a_name(doc, start, end):
        return _Verdict.NO  # "Ernst & Young": a firm's name
    if not strong and biggest < BIG_CITY and _names_a_group(doc, end, ent):
        return _Verdict.NO  # "Svoboda activists": a party, not the town of that name
    prev = doc[start - 1].lower_ if start > 0 else None
    if prev is not None and prev.rstrip(".") in _HONORIFICS:
        return _Verdict.NO
    if ent is None and not strong and _titles_a_person(doc, start, end):
        return _Verdict.NO  # "Jordan's King Abdullah": a title, not King, Ontario
    if strong or biggest >= BIG_CITY or _names_its_kind(doc, start, end, top_code):
        return _Verdict.YES
    nxt = doc[end].lower_ if end < len(doc) else None
    cued = (
        dateline
        or (prev is not None and prev in _PLACE_PREPS)
        or (nxt is not None and (nxt in ADMIN_CUES or nxt in TOWN_CUES or nxt in _RESIDENTS))
    )
    known = biggest >= _MIN_CUED_POPULATION or top_code == "ADM2" or dateline
    if not known:
        return _Verdict.NO
    if cued and not site:
        return _Verdict.YES
    if (
        not site
        and lone
        and name not in tokens.people
        and (ent is None or ent.label_ != "PERSON" or _titles_a_headline(doc, start, end))
    ):
        return _Verdict.YES  # "Volnovakha hit by rockets": no other place to be near
    # A small town's name spaCy reads as a person's again and again, with no cue word, is
    # the person ("police found Welch", "Welch said"), even near the article's places.
    return _Verdict.NO if name in tokens.people else _Verdict.IF_NEAR


def _titles_a_person(doc: Doc, start: int, end: int) -> bool:
    """A single dictionary word right before a person's name as spaCy reads it, so a title
    ("King Abdullah", "Prince Harry", "Pope Francis")."""
    if end - start != 1 or end >= len(doc) or doc[end].ent_iob_ != "B":
        return False
    return doc[end].ent_type_ == "PERSON" and doc[start].lower_ in dictionary_words()


def _region_the_tagger_misreads(doc: Doc, start: int, end: int, name: str, *, strong: bool) -> bool:
    """A country's or first-level area's name that the tagger reads as a verb or common
    noun, as it reads "Kharkiv" opening "Kharkiv regional governor said": never an
    adjective ("Free tickets" is not Free State), a word for a kind of area ("Region 1")
    or a word the article also writes in lower case."""
    words = set(name.lower().split())
    return (
        strong
        and all(t.pos_ in _NAME_POS for t in doc[start:end])
        and not words & ADMIN_CUES
        and not words & _lower_words(doc)
    )


def _titles_a_headline(doc: Doc, start: int, end: int) -> bool:
    """Tokens ``start:end`` open a headline before a colon ("Severodonetsk: plant hit"),
    where the tagger's guess of the word class is no guide; a word of the dictionary
    ("Police: man held", "Update: talks resume") is no town there."""
    return (
        start == 0
        and end < len(doc)
        and doc[end].text == ":"
        and is_headline(doc)
        and doc[start:end].text.lower() not in dictionary_words()
    )


def _names_a_group(doc: Doc, end: int, ent: Span | None) -> bool:
    """An organisation's name (as spaCy reads it) before a word for its members ("Svoboda
    activists", "Batkivshchyna deputies")."""
    nxt = doc[end].lower_ if end < len(doc) else None
    return ent is not None and ent.label_ == "ORG" and nxt in _MEMBER_WORDS


def _names_its_kind(doc: Doc, start: int, end: int, top_code: str) -> bool:
    """A second-level area's name that ends with the word for its kind ("Butler County
    Community Foundation", "Rapides Parish"): no common word, even heading a body's name."""
    return top_code == "ADM2" and end - start > 1 and doc[end - 1].lower_ in ADMIN2_CUES


def _joined_to_a_name(doc: Doc, start: int, end: int) -> bool:
    """Tokens ``start:end`` are joined by "&" to another capitalised word, as in a firm's
    name ("Ernst & Young", "Marks & Spencer")."""
    after = doc[end : end + 2]
    before = doc[max(start - 2, 0) : start]
    return any(
        len(pair) == 2 and pair[join].text == "&" and pair[1 - join].text[:1].isupper()
        for pair, join in ((after, 0), (before, 1))
    )


def _approximate_named(
    doc: Doc,
    start: int,
    end: int,
    places: list[Place],
    gazetteer: Gazetteer,
    tokens: Tokens,
    ents: Sequence[Span],
) -> bool:
    """A settlement too small for the other guards named with its region right after it
    ("near Kalynove, Donetsk", "Sakhanka (Donetsk)", "in Hnutove, Donetsk"), or, known only
    at an approximate point (Ukraine's register), after a locative preposition when it is
    all the name can be ("near Mineralne"); never a word of a longer name ("said Pavlo
    Kyrylenko, Donetsk's governor")."""
    if in_longer_entity(start, end, tokens, ents):
        return False
    prev = doc[start - 1].lower_ if start > 0 else None
    if prev in LOCATIVE_PREPS and all(p.feature_code == APPROXIMATE for p in places):
        return any(p.feature_class == "P" for p in places)
    if end + 1 >= len(doc) or doc[end].text not in {",", "("}:
        return False
    nxt = doc[end + 1]
    if not nxt.text[:1].isupper():
        return False
    # The settlements' areas last: a name may have hundreds of places.
    areas = {(p.country_code, p.admin1) for p in places if p.feature_class == "P"}
    return bool(areas) and any(
        (q.country_code, q.admin1) in areas
        for q in gazetteer.lookup(nxt.text)
        if (q.feature_code or "").startswith("ADM")
    )


def _dateline_at(doc: Doc, start: int, end: int, name: str) -> bool:
    """An upper-case name opening a paragraph, a sentence or the text after a byline's
    date, before a dash or colon, or before a comma, a state or country and then a dash
    or the agency's name: a dateline inside an article ("... last year. BEIRUT: The body",
    "May 2, 2024 NEWARK -- City officials", "DAYTON, Ohio (AP) - Investigators")."""
    if not name.isupper() or end >= len(doc):
        return False
    if doc[end].text == ",":
        after = doc[end + 1 : end + 6]
        mark = next((t.i for t in after if t.text in _DATELINE_MARKS or t.text == "("), None)
        if mark is None or any(t.is_lower for t in doc[end + 1 : mark]):
            return False
    elif doc[end].text not in _DATELINE_MARKS:
        return False
    before = doc[start - 1] if start > 0 else None
    return before is None or before.is_punct or before.like_num or "\n" in before.text_with_ws


def _lower_words(doc: Doc) -> set[str]:
    """Words the article also writes in lower case (so they are common words)."""
    if "sitrep_lower" not in doc.user_data:
        doc.user_data["sitrep_lower"] = set(_LOWER_WORD.findall(text_of(doc)))
    return doc.user_data["sitrep_lower"]

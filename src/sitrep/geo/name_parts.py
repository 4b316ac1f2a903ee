"""Places inside longer names: whether a place heads or sits in an organisation's, a
site's or a person's name ("the Dublin Police Department", "University of Cincinnati"),
and which part of a name the gazetteer does not know is a known place ("Henderson County
Jail" is in Henderson County).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span

from sitrep import actors
from sitrep.gazetteer import Gazetteer, normalize
from sitrep.geo.tokens import NAME_LABELS, Tokens, tokens_of
from sitrep.nlp import text_of

LOCATIVE_PREPS = frozenset({"in", "near", "at", "outside", "around"})
# Words that name admin regions in some countries ("Western", Uganda) but in running text
# qualify the next name; a gazetteer match alone does not make them places.
DIRECTION_WORDS = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western",
    "central", "upper", "lower", "northeast", "northwest", "southeast", "southwest",
})  # fmt: skip
_INSIDE_ORG_PREPS = frozenset({"in", "near", "at", "outside", "of"})
# Entities whose longer names may hold a place ("the Ohio Department of Development").
BIG_CITY = 100_000
_STREET_WORDS = frozenset({"street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd",
                           "drive", "lane", "highway", "pike", "parkway", "square"})  # fmt: skip
# Words before a place's name that say which part of it ("Downtown Dublin").
_QUALIFIERS = DIRECTION_WORDS | {"historic", "downtown", "uptown", "metro", "metropolitan",
                                  "greater"}  # fmt: skip
# Words after a town's name that make the name a site or body in the town.
_SITE_OR_BODY_WORDS = frozenset({
    "town", "city", "village", "fire", "police", "hall", "station", "school", "schools",
    "high", "h.s", "elementary", "college", "university", "library", "hospital", "church",
    "marina", "park", "center", "centre", "airport", "mall", "museum", "stadium", "jail",
    "courthouse", "council", "department", "public",
})  # fmt: skip
INSIDE_ORG_POPULATION = 5_000


def heads_a_site(doc: Doc, start: int, end: int, ent: Span, tokens: Tokens) -> bool:
    """Tokens ``start:end`` open the entity ``ent`` and a word naming a site or body in a
    town follows ("Grovetown police", "the Oakdale Fire Department")."""
    first = ent.start + 1 if tokens.the[ent.start] else ent.start
    return start == first and end < len(doc) and doc[end].lower_.rstrip(".") in _SITE_OR_BODY_WORDS


def known_part(doc: Doc, start: int, end: int, gazetteer: Gazetteer) -> tuple[int, int] | None:
    """The character span of the place inside a longer name that the gazetteer does not
    know, or None: the name after a locative preposition ("St. Paul's Church in
    Elizabethtown"), else the longest run of words heading it ("Henderson County Jail",
    "Vancouver International Airport"), else the name after a direction word, "of" or a
    word such as "downtown" ("Western Massachusetts", "United Way of America").

    The part must be a country, a first-level area, a name of several words or the own
    name of a city of :data:`BIG_CITY` people; of a town of
    :data:`INSIDE_ORG_POPULATION` people after a preposition or before a word naming a
    site ("Whitestown Town Hall"); never of a street or a person ("King Street" is not
    King, nor "St. Patrick's Day" Saint Patrick)."""
    tokens = tokens_of(doc)
    text = text_of(doc)
    first, last = tokens.token_at(start), tokens.token_at(max(end - 1, start)) + 1
    words = [text[tokens.starts[i] : tokens.ends[i]].lower() for i in range(first, last)]
    inner = list(enumerate(words[:-1], start=first + 1))
    after_locative = [(i, last) for i, w in inner if w in LOCATIVE_PREPS]
    heads = [(first, stop) for stop in range(last - 1, first, -1)]
    after_qualifier = [(i, last) for i, w in inner if w in _QUALIFIERS or w == "of"]
    capitalised = tokens.flags[0]
    for s, e in after_locative + heads + after_qualifier:
        part = words[s - first : e - first]
        if not (capitalised[s] and capitalised[e - 1]) or set(part) <= DIRECTION_WORDS:
            continue
        following = words[e - first].rstrip(".") if e < last else ""
        if following in _STREET_WORDS or (e < last and tokens.possessive[e]):
            continue  # "King Street", "St. Patrick's Day"
        name = text[tokens.starts[s] : tokens.ends[e - 1]]
        places = gazetteer.lookup(name)
        if not places:
            continue
        town = s > first or following in _SITE_OR_BODY_WORDS
        needed = INSIDE_ORG_POPULATION if town else BIG_CITY
        if (
            is_strong(places[0].feature_code or "")
            or e - s > 1
            or any(
                p.feature_class == "P" and (p.population or 0) >= needed
                and normalize(p.name) == normalize(name)
                for p in places
            )
        ):  # fmt: skip
            return int(tokens.starts[s]), int(tokens.ends[e - 1])
    return None


def in_longer_entity(start: int, end: int, tokens: Tokens, ents: Sequence[Span]) -> bool:
    """Whether the entity spaCy found at token ``start`` is longer than tokens ``start:end``."""
    k = tokens.entity[start]
    return k >= 0 and len(ents[k]) > end - start


def inside_name(
    doc: Doc,
    start: int,
    end: int,
    ent: Span,
    tokens: Tokens,
    *,
    strong: bool,
    biggest: int,
    top_code: str,
) -> bool:
    """A place inside a longer name: heading an organisation's or a site's name ("the
    Dublin Police Department", "Licking County Genealogy Society"), after a preposition
    inside one ("University of Cincinnati", "the Ministry of Health in Kyiv"); not ending
    one, where a common word names the body ("the African Union" is not Union, New
    Jersey). A person's name holds a place only as a multi-word place name
    heading it ("Rapides Parish Fire" mislabelled), since "Jordan Dyer" is a person. A
    named armed group's name holds none ("the Luhansk People's Militia" fights elsewhere;
    "the Athens Police Department" is in Athens)."""
    actor = actors.resolve(ent.text)
    kind = actors.category(actor) if actor is not None else None
    if kind is not None and kind[0] != "state forces":
        return False
    first = ent.start + 1 if tokens.the[ent.start] else ent.start
    if start > first and doc[start - 1].lower_ in _QUALIFIERS:
        start -= 1  # "the Western Pennsylvania Kennel Association", "Metro Vancouver"
    heads = start == first
    placed = start > first and doc[start - 1].lower_ in _INSIDE_ORG_PREPS
    if ent.label_ in NAME_LABELS:
        known = strong or top_code == "ADM2" or biggest >= INSIDE_ORG_POPULATION
        return (heads or placed) and known
    if ent.label_ == "PERSON":
        return heads and end - start > 1 and (strong or top_code == "ADM2")
    return False


def is_strong(code: str) -> bool:
    """Whether a feature code is a country, first-level area, world region or continent."""
    return code.startswith("PCL") or code in {"ADM1", "RGN", "CONT"}

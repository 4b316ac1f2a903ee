"""A toponym's candidate places in the gazetteer, as :mod:`sitrep.geo.resolve` ranks them.

The name is looked up as written, then without "the", a possessive or a trailing kind
of place; a demonym adds its country ("Canadian" is Canada as well as Canadian, Texas);
a site or part of a town the index lacks ("Donetsk Airport", "Zolote-5") gives the town;
a name found nowhere else is looked up by its consonant skeleton (a *fuzzy* match).
"""

from __future__ import annotations

import re
from functools import lru_cache

from sitrep.gazetteer import Gazetteer, normalize
from sitrep.geo.name_parts import is_strong
from sitrep.geo.recognize import ADMIN_CUES, TOWN_CUES
from sitrep.records import Place

MAX_CANDIDATES = 30
SMALL_PLACE = 100_000
_TOWN_KINDS = frozenset({"city", "town", "village", "area", "locality", "municipality"})
# Words after a town's name that make the name a site in or by the town.
_SITE_WORDS = frozenset({
    "airport", "airfield", "air base", "airbase", "station", "filtration station",
    "railway station", "mine", "coke plant", "power plant", "plant", "factory", "port",
    "seaport", "bridge", "checkpoint", "crossing", "dam", "base", "camp", "prison",
})  # fmt: skip
_CITY_WITH_DISTRICTS = 100_000
_DOUBLED = re.compile(r"(\w)\1+")
_NUMBERED_PART = re.compile(r"(.+?)[\s-]+\d+")
# Endings of a word for a place's people: "Ohio-ans", "Minnesota-ns", "London-ers".
_PEOPLE_ENDINGS = ("ans", "an", "ns", "n", "ers", "er")
_INITIALS = re.compile(r"(?:[A-Z]\.){2,4}")


def places_named(text: str, gazetteer: Gazetteer) -> tuple[list[Place], bool]:
    """The places a toponym may name (see the module docstring), and whether they were
    found by consonant skeleton only."""
    variants = _variants(text)
    code = gazetteer.demonym(text)
    country = gazetteer.country(code) if code else None
    for variant in variants:
        found = gazetteer.lookup(variant)
        if found:
            # A demonym is its country too: "Canadian" is Canada, not only Canadian, Texas.
            found = _regions_over_small_places(found)
            return ([country, *found] if country and country not in found else found), False
    if country:
        return [country], False
    found = _country_by_initials(text, gazetteer) or _people_of(text, gazetteer)
    if found:
        return found, False
    town, min_population = _named_after(text)
    if town:
        # A city district names the city by its own name: "Donetsk-Kirovskyi", not the
        # alternate name "Sare" of Surrey in "Sare-Sang".
        found = [
            p for p in gazetteer.lookup(town)
            if p.feature_class == "P" and (p.population or 0) >= min_population
            and (not min_population or has_own_name(p, normalize(town)))
        ]  # fmt: skip
        if found:
            return found, False
    for variant in variants:
        found = gazetteer.lookup_skeleton(variant)
        if found:
            return found, True
    return [], False


def _country_by_initials(text: str, gazetteer: Gazetteer) -> list[Place]:
    """A country written by its initials with periods ("U.K.", "U.S.A."), which the index
    may hold only without them ("UK", "USA"); no other kind of place ("U.N." is no town)."""
    if not _INITIALS.fullmatch(text.strip()):
        return []
    found = gazetteer.lookup(text.replace(".", "").strip())
    return [p for p in found if (p.feature_code or "").startswith("PCL")]


def _people_of(text: str, gazetteer: Gazetteer) -> list[Place]:
    """The area or big city a word for its people names, for demonyms of places other
    than countries: "Ohioans", "Minnesotans", "Londoners", "Gazans", "European"; only
    areas and cities of :data:`SMALL_PLACE` people or more, by their main name ("Hodan"
    is not Hodeidah, whose alternate name is "Hoda")."""
    if not text[:1].isupper() or " " in text.strip():
        return []
    for ending in _PEOPLE_ENDINGS:
        stem = text.removesuffix(ending)
        if stem == text or len(stem) < 3:
            continue
        found = [
            p for p in gazetteer.lookup(stem)
            if (p.feature_class != "P" or (p.population or 0) >= SMALL_PLACE)
            and has_own_name(p, normalize(stem))
        ]  # fmt: skip
        if found:
            return found
    return []


def _regions_over_small_places(found: list[Place]) -> list[Place]:
    """A name of a world region or continent is not also a small town or neighbourhood
    ("the Middle East" is not the Baltimore neighbourhood, "Africa" not Africa, Ohio)."""
    if not any(p.feature_code in {"RGN", "CONT"} and p.country_code is None for p in found):
        return found
    return [p for p in found if p.feature_class != "P" or (p.population or 0) >= SMALL_PLACE]


def most_likely(found: list[Place]) -> tuple[Place, ...]:
    """At most :data:`MAX_CANDIDATES` of a name's places, in their order: countries,
    admin1 areas and regions, then the most populous of the rest, so that thirty
    "Washington County"s do not crowd out the capital Washington."""
    if len(found) <= MAX_CANDIDATES:
        return tuple(found)
    by_size = sorted(
        range(len(found)),
        key=lambda i: (not is_strong(found[i].feature_code or ""), -(found[i].population or 0), i),
    )
    return tuple(found[i] for i in sorted(by_size[:MAX_CANDIDATES]))


def has_own_name(place: Place, norm: str) -> bool:
    """Whether the folded name ``norm`` is the place's own name (doubled letters aside),
    not only one of its alternate names."""
    return squeezed(normalize(place.name)) == squeezed(norm)


@lru_cache(maxsize=100_000)
def squeezed(norm: str) -> str:
    """A folded name with doubled letters written once ("odessa" and "odesa" agree)."""
    return _DOUBLED.sub(r"\1", norm)


def _named_after(text: str) -> tuple[str | None, int]:
    """The town a site or part of a town is named after, for names the gazetteer lacks,
    and the population the town needs: "Donetsk Airport", "Avdiivka Coke Plant" -> the
    town; "Zolote-5" -> "Zolote"; "Donetsk-Kirovskyi" -> "Donetsk" (a city district, so
    a city: a village name may be hyphenated too)."""
    numbered = _NUMBERED_PART.fullmatch(text)
    if numbered:
        return numbered.group(1), 0
    words = text.split()
    for size in (2, 1):
        if len(words) > size and " ".join(words[-size:]).lower() in _SITE_WORDS:
            return " ".join(words[:-size]), 0
    if "-" in text and " " not in text:
        return text.split("-")[0], _CITY_WITH_DISTRICTS
    return None, 0


def _variants(text: str) -> list[str]:
    """The name as written, then without "the", a possessive or a trailing admin word or
    kind of town ("Lahore city", "Mora village")."""
    out = [text]
    words = text.split()
    if words and words[0].lower() == "the":
        out.append(" ".join(words[1:]))
    if text.endswith(("'s", "’s")):
        out.append(text[:-2])
    if len(words) > 1 and words[-1].lower() in ADMIN_CUES | TOWN_CUES | _TOWN_KINDS:
        out.append(" ".join(words[:-1]))
    return [v for v in out if v.strip()]

"""The actor table: canonical actor names, their aliases, kinds and countries
(``data/actors.tsv``, ``data/actor_countries.tsv``), and the questions answered from it
alone (a name's ACLED category, a generic name qualified by a country)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sitrep.data import read_tsv

# How an entry takes a country: a fixed name, the article's country, or the one qualifying it.
FIXED, CONTEXT, QUALIFIED = "fixed", "*", "+"


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    article: str

    @property
    def of_name(self) -> str:
        return f"{self.article} {self.name}".strip()


@dataclass(frozen=True)
class Entry:
    name: str
    kind: str | None
    scope: str  # FIXED, CONTEXT or QUALIFIED
    country: str | None = None  # ISO code of a fixed entry's country
    template: str | None = None  # "Military Forces of {country}" for the names made from one

    def named(self, country: Country | None) -> str:
        """The entry's name, qualified by ``country`` when it is generic."""
        if self.scope == FIXED:
            return self.name
        if "{country}" in self.name:
            if country is None:
                return self.name.replace(" of {country}", "").replace("{country}", "")
            return self.name.format(country=country.of_name)
        return f"{self.name} ({country.name})" if country else self.name


@dataclass(frozen=True)
class Lexicon:
    entries: tuple[Entry, ...]
    folded: dict[str, list[int]]  # lower-cased alias -> entry indexes
    exact: dict[str, list[int]]  # case-sensitive acronym -> entry indexes
    countries: dict[str, Country]
    demonyms: dict[str, str]  # surface form -> country code
    country_names: dict[str, str]  # surface form -> country code


def for_country(name: str, country_code: str | None) -> str:
    """A generic actor name qualified by a country, as ACLED names it.

    ``for_country("Police Forces", "UA")`` gives "Police Forces of Ukraine",
    ``for_country("Civilians", "UA")`` "Civilians (Ukraine)". Named actors, names already
    qualified and unknown countries come back unchanged.
    """
    if name not in _generic_names():
        return name
    return requalified(name, country_code)


def country_named(text: str) -> str | None:
    """The ISO code of the first country a phrase names by demonym or name ("Russian
    troops", "the army of Mali", "Democratic Republic of Congo"), or None."""
    lexicon = load_lexicon()
    found = _country_pattern().search(text)
    if found is None:
        return None
    form = found.group(0)
    return lexicon.country_names.get(form) or lexicon.demonyms.get(form)


@lru_cache(maxsize=1)
def _country_pattern() -> re.Pattern[str]:
    """Every country name and demonym, longest first, as whole capitalised words."""
    lexicon = load_lexicon()
    forms = sorted({*lexicon.country_names, *lexicon.demonyms}, key=len, reverse=True)
    alternatives = "|".join(re.escape(form) for form in forms)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w])")


def category(name: str) -> tuple[str | None, str | None] | None:
    """The ACLED actor category and ISO country of a canonical actor name, or None when the
    lexicon does not know the name.

    ``category("Police Forces of Ukraine")`` gives ("state forces", "UA"),
    ``category("Civilians (Mali)")`` ("civilians", "ML").
    """
    lexicon = load_lexicon()
    indexes = [*lexicon.exact.get(name, []), *lexicon.folded.get(name.lower(), [])]
    for entry in (lexicon.entries[i] for i in indexes):
        if entry.scope == FIXED and entry.name == name:
            return entry.kind, entry.country
    generic = _generic_entries().get(name)
    if generic is None:
        return None
    country = next((c.code for c in lexicon.countries.values() if generic.named(c) == name), None)
    return generic.kind, country


def requalified(name: str, country_code: str | None) -> str:
    """A generic actor qualified by one country, qualified by another instead
    ("Military Forces of Poland" -> "Military Forces of Afghanistan" for "AF")."""
    lexicon = load_lexicon()
    country = lexicon.countries.get(country_code or "")
    entry = _generic_entries().get(name)
    return entry.named(country) if entry is not None and country is not None else name


def is_generic(name: str) -> bool:
    """Whether ``name`` is a generic party, with or without a country ("Police Forces of
    Mali", "Civilians", "Unidentified Armed Group (Iraq)"), not a named group."""
    return name in _generic_entries()


@lru_cache(maxsize=1)
def _generic_names() -> frozenset[str]:
    """The generic lexicon entries' names without a country ("Police Forces")."""
    return frozenset(entry.named(None) for entry in _generic_entries().values())


@lru_cache(maxsize=1)
def _generic_entries() -> dict[str, Entry]:
    """Generic lexicon entries by every name they take: without a country or with any."""
    lexicon = load_lexicon()
    found: dict[str, Entry] = {}
    for entry in lexicon.entries:
        if entry.scope in (CONTEXT, QUALIFIED):
            found.setdefault(entry.named(None), entry)
            for country in lexicon.countries.values():
                found.setdefault(entry.named(country), entry)
    return found


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Load the actor and country tables shipped in ``sitrep/data``."""
    countries: dict[str, Country] = {}
    demonyms: dict[str, str] = {}
    country_names: dict[str, str] = {}
    for row in read_tsv("actor_countries.tsv"):
        code = row["code"]
        countries[code] = Country(code, row["name"], row["article"])
        for form in _split(row["demonyms"]):
            for variant in {form, form.upper()}:
                demonyms[variant] = code
        for form in [row["name"], *_split(row["aliases"])]:
            for variant in {form, form.upper()}:
                country_names[variant] = code
    entries: list[Entry] = []
    folded: dict[str, list[int]] = {}
    exact: dict[str, list[int]] = {}
    templates: set[str] = set()

    def add(entry: Entry, aliases: list[str]) -> None:
        index = len(entries)
        entries.append(entry)
        for alias in aliases:
            if _is_acronym(alias):
                exact.setdefault(alias, []).append(index)
            else:
                folded.setdefault(alias.lower(), []).append(index)

    for row in read_tsv("actors.tsv"):
        kind = row["kind"] or None
        scope = row["country"] if row["country"] in (CONTEXT, QUALIFIED) else FIXED
        aliases = _split(row["aliases"])
        if "{country}" not in row["name"]:
            aliases.append(row["name"])
        home = row["country"] if scope == FIXED and row["country"] in countries else None
        add(Entry(row["name"], kind, scope, home), aliases)
        if "{country}" in row["name"] and row["name"] not in templates:
            # Canonical names themselves ("Military Forces of Russia") match as fixed.
            templates.add(row["name"])
            for c in countries.values():
                name = row["name"].format(country=c.of_name)
                entry = Entry(name, kind, FIXED, c.code, row["name"])
                add(entry, [name, row["name"].format(country=c.name)])
    return Lexicon(tuple(entries), folded, exact, countries, demonyms, country_names)


def _split(field: str | None) -> list[str]:
    return [part.strip() for part in (field or "").split("|") if part.strip()]


def _is_acronym(alias: str) -> bool:
    """Acronyms (IDF, ISIS, FAMa) match case-sensitively: "is" must not match "IS"."""
    return " " not in alias and sum(ch.isupper() for ch in alias) >= 2

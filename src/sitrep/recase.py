"""Parse a title-case headline as the sentence it is.

spaCy's small English model reads "Saudi Airstrike on Yemeni Market Kills 10" as a string
of names: no verb, no event words, places such as "New Attack" and "Southern City". A
headline in title case is parsed from a copy whose common words are lower-cased ("Saudi
airstrike on Yemeni market kills 10"); the parse is then given the original words, so
offsets and the text every stage reads stay those of the article. Kept capitalised: the
first word, a word after a colon, acronyms, demonyms, one-word country names, and words
(or runs of up to three words) that name a country, first-level area or town of
:data:`_KNOWN_POPULATION` people or more ("West Bank"); a lone word that is also an English
word only when it is the own name of a country or a city of a million ("Kabul", not
"Capital").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, cast

from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc
from thinc.types import Ints2d

from sitrep.data import read_tsv
from sitrep.nlp import dictionary_words, text_of
from sitrep.taxonomy import load as load_taxonomy

if TYPE_CHECKING:
    from sitrep.gazetteer import Gazetteer

# Texts this long at most can be headlines (about the 25 tokens events and places use).
HEADLINE_CHARS = 200
_MIN_WORDS = 3  # content words needed to call a text title-cased
_TITLE_SHARE = 0.8  # share of its content words that are capitalised
_KNOWN_POPULATION = 100_000
_KNOWN_COMMON_POPULATION = 1_000_000  # a one-word name that is also an English word
_COUNTRY_CODES = {"PCLI", "PCLD", "PCLS", "PCLIX", "TERR"}
_AREA_CODES = _COUNTRY_CODES | {"ADM1"}
_RUN = 3  # longest run of capitalised words looked up as one place name
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_PARSED_TEXT = "sitrep_parsed_text"
_PARSE_ATTRS = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE]

# Whether a capitalised name (one word or several) is a known place to keep as it is.
KnownPlace = Callable[[str], bool]


def headline_copy(text: str, *, known_place: KnownPlace) -> str | None:
    """The text with its common words lower-cased, when it is a title-case headline, else
    None. The copy has the text's length and character offsets."""
    if len(text) > HEADLINE_CHARS or "\n" in text.strip():
        return None
    words = list(_WORD.finditer(text))
    content = [m for m in words if m.group().lower() not in STOP_WORDS]
    if len(content) < _MIN_WORDS:
        return None
    if sum(m.group()[0].isupper() for m in content) < _TITLE_SHARE * len(content):
        return None
    kept = _kept_runs(text, words, known_place)
    chars = list(text)
    for index, match in enumerate(words):
        word = match.group()
        if index in kept or not _lowerable(text, match.start(), word):
            continue
        chars[match.start()] = word[0].lower()
    copy = "".join(chars)
    return copy if copy != text else None


def with_words_of(parsed: Doc, text: str) -> Doc:
    """The parse of a headline's copy carrying the original ``text``'s words (a parse of
    ``text`` itself is returned as it is)."""
    if text_of(parsed) == text:
        return parsed
    words = [text[token.idx : token.idx + len(token)] for token in parsed]
    doc = Doc(parsed.vocab, words=words, spaces=[bool(token.whitespace_) for token in parsed])
    doc.from_array(_PARSE_ATTRS, cast(Ints2d, parsed.to_array(_PARSE_ATTRS)))
    doc.user_data[_PARSED_TEXT] = text_of(parsed)
    return doc


def parsed_text(doc: Doc) -> str:
    """The text spaCy parsed for ``doc``: its sentence-case copy for a title-case headline
    (where a capital tells a name), else the doc's own text."""
    return cast(str, doc.user_data.get(_PARSED_TEXT) or text_of(doc))


def _kept_runs(text: str, words: list[re.Match[str]], known_place: KnownPlace) -> set[int]:
    """Indexes of the words inside runs of capitalised words that name a known place,
    longest runs first."""
    kept: set[int] = set()
    for size in range(_RUN, 0, -1):
        for start in range(len(words) - size + 1):
            run = words[start : start + size]
            indexes = set(range(start, start + size))
            if indexes & kept or not all(m.group()[0].isupper() for m in run):
                continue
            if any(text[a.end() : b.start()] != " " for a, b in zip(run, run[1:], strict=False)):
                continue
            if known_place(text[run[0].start() : run[-1].end()]):
                kept |= indexes
    return kept


def _lowerable(text: str, start: int, word: str) -> bool:
    if start == 0 or text[:start].rstrip().endswith(":") or not word[0].isupper():
        return False
    if len(word) > 1 and word[1:].lower() != word[1:]:  # an acronym or "McCain"
        return False
    if len(word[0].lower()) != 1:
        return False
    forms = _base_forms(word.lower())
    if any(form in _proper_words() for form in forms):
        return False
    return forms[0] in STOP_WORDS or any(form in _common_words() for form in forms)


def _base_forms(word: str) -> list[str]:
    """The word and the stems its inflections may hide ("kills", "killed", "kidnapped",
    "shelling")."""
    forms = [word]
    for ending in ("s", "es", "ed", "d", "ing"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)]
            forms.append(stem)
            if len(stem) > 3 and stem[-1] == stem[-2]:
                forms.append(stem[:-1])
            if ending in {"ing", "ed"}:
                forms.append(stem + "e")
    return forms


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """English words of the lemmatizer's index and the words of the event triggers and cues
    ("airstrike", "gunmen")."""
    found = set(dictionary_words())
    for sub in load_taxonomy().sub_event_types:
        for phrase in (*sub.triggers, *sub.cues):
            found.update(phrase.lower().split())
    return frozenset(found)


@lru_cache(maxsize=1)
def _proper_words() -> frozenset[str]:
    """Lower-case demonyms and one-word country names, which keep their capital (longer
    country names are known places)."""
    found = {row["demonym"].lower() for row in read_tsv("demonyms.tsv")}
    found.update(row["ne_name"].lower() for row in read_tsv("country_points.tsv"))
    return frozenset(found)


def known_place_in(gazetteer: Gazetteer) -> KnownPlace:
    """Whether the gazetteer knows a name as a place to keep capitalised (see the module)."""

    @lru_cache(maxsize=4096)
    def known(name: str) -> bool:
        places = gazetteer.lookup(name)
        if " " not in name and name.lower() in _common_words():  # "Capital", "Southern"
            return any(
                place.name.lower() == name.lower()
                and (
                    place.feature_code in _COUNTRY_CODES
                    or (place.population or 0) >= _KNOWN_COMMON_POPULATION
                )
                for place in places
            )
        return any(
            place.feature_code in _AREA_CODES or (place.population or 0) >= _KNOWN_POPULATION
            for place in places
        )

    return known

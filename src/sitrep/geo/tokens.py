"""Per-token arrays of a parsed article, built once per doc and read by toponym
recognition (:mod:`sitrep.geo.recognize`) and resolution (:mod:`sitrep.geo.resolve`)."""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
from spacy.attrs import IDX, IS_ALPHA, IS_LOWER, IS_STOP, LENGTH, LOWER, ORTH, POS
from spacy.strings import get_string_id
from spacy.symbols import ADJ, DET, PRON, PROPN
from spacy.tokens import Doc

from sitrep.nlp import text_of
from sitrep.recase import parsed_text

# "the Bakhmut direction", "Kupiansk axis", "the Zaporizhzhia front": the town names the sector.
TOWN_CUES = frozenset({"direction", "directions", "axis", "front", "sector"})
ABBREVIATION = re.compile(r"(?<![\w.])(?:[A-Z]\.){2,3}|(?<![\w.])[A-Z][a-z]{1,4}\.")
# A settlement's name with a number after a hyphen ("Zolote-5"), not a weapon's ("F-16").
NUMBERED_NAME = re.compile(r"(?<![\w-])([A-Z][a-z]{3,})-\d{1,2}(?![\w-])")
# spaCy labels of names that can hold a place's name: "the Ohio Department of Health".
NAME_LABELS = frozenset({"ORG", "FAC", "EVENT", "WORK_OF_ART"})
# Words inside a place's name: "Stratford-upon-Avon", "Pul-e-Khumri", "Mazar-i-Sharif".
_CONNECTORS = frozenset({"of", "de", "del", "la", "le", "upon", "on", "-", "al", "el", "du", "des",
                         "e", "i"})  # fmt: skip
_COORDINATORS = frozenset({"and", ",", "or"})
_PERSON_MENTIONS = 3
_MODEL_YEAR = re.compile(r"(?<![\w.,])(?:19[5-9]|20[0-4])\d ([A-Z][A-Za-z]+)")
_DETERMINER_POS = frozenset({DET, PRON, ADJ})


class Tokens:
    """Per-token arrays of a parsed article, built once per doc (numpy, no Span objects):
    character offsets, part of speech, and the flags recognition and resolution read."""

    def __init__(self, doc: Doc) -> None:
        text = text_of(doc)
        table = doc.to_array([IDX, LENGTH, POS, LOWER, IS_ALPHA, IS_STOP, IS_LOWER, ORTH])
        self.starts = table[:, 0].astype(np.int64)
        self.ends = self.starts + table[:, 1].astype(np.int64)
        self.propn = table[:, 2] == PROPN
        lower = table[:, 3]
        self.connector = np.isin(lower, _hashes(_CONNECTORS))
        self.coordinator = np.isin(lower, _hashes(_COORDINATORS))
        self.capitalised = (table[:, 4] == 1) & (table[:, 5] == 0) & (table[:, 6] == 0)
        cased = parsed_text(doc)  # a title-case headline's common words are not names
        for i in np.flatnonzero(self.capitalised):
            self.capitalised[i] = cased[self.starts[i]].isupper()
        # Abbreviations with stops count as capitalised words ("D-S.C.", "W. Va."), and so
        # do numbered settlements' names ("Zolote-5").
        for pattern in (ABBREVIATION, NUMBERED_NAME):
            for found in pattern.finditer(text):
                at = int(np.searchsorted(self.starts, found.start()))
                if at < len(self.starts) and self.ends[at] == found.end():
                    self.capitalised[at] = True
        self.alpha = table[:, 4] == 1
        # Python lists of the flags read one token at a time.
        self.flags = (self.capitalised.tolist(), self.connector.tolist())
        self.the = lower == get_string_id("the")
        self.possessive = np.isin(table[:, 7], _hashes(frozenset({"'s", "’s"})))
        self.town_cue = np.isin(lower, _hashes(TOWN_CUES))
        self.ents = doc.ents
        self.entity = np.full(len(doc), -1, dtype=np.int64)  # index into ents
        for k, ent in enumerate(self.ents):
            self.entity[ent.start : ent.end] = k
        # Vehicle makes: the word after a model year ("a 2004 Toyota Camry", "their red
        # 1998 Honda"), so "the Toyota" later in the article is the car too.
        self.makes = set()
        for found in _MODEL_YEAR.finditer(text):
            year = int(np.searchsorted(self.starts, found.start()))
            if 0 < year < len(self.starts) - 1 and table[year - 1, 2] in _DETERMINER_POS:
                self.makes.add(found.group(1))
        # One-word names spaCy calls a person in most of their mentions, and at least thrice.
        labels: dict[str, list[bool]] = {}
        for e in self.ents:
            if len(e) == 1:
                labels.setdefault(e.text, []).append(e.label_ == "PERSON")
        self.people = {
            name for name, person in labels.items()
            if sum(person) >= _PERSON_MENTIONS and 2 * sum(person) > len(person)
        }  # fmt: skip
        # The last word of a person's name of several words ("Roy Jones'" -> "Jones").
        # Every word of a person's name ("President Kowalczyk", "Anna Kowalczyk").
        self.surnames = set()
        self.person_words: set[str] = set()
        for e in self.ents:
            words = [i for i in range(e.start, e.end) if self.alpha[i]]
            if e.label_ == "PERSON":
                self.person_words.update(text[self.starts[i] : self.ends[i]] for i in words)
                if len(words) > 1:
                    self.surnames.add(text[self.starts[words[-1]] : self.ends[words[-1]]])

    def token_at(self, char: int) -> int:
        """Index of the token holding character offset ``char``."""
        return max(int(np.searchsorted(self.starts, char, side="right")) - 1, 0)


def tokens_of(doc: Doc) -> Tokens:
    """The doc's :class:`Tokens`, built on first use."""
    found = doc.user_data.get("sitrep_geo_tokens")
    if found is None:
        found = doc.user_data["sitrep_geo_tokens"] = Tokens(doc)
    return found


@lru_cache(maxsize=8)
def _hashes(words: frozenset[str]) -> list[int]:
    return [get_string_id(w) for w in words]

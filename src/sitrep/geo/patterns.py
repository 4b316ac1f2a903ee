"""Toponyms written in patterns spaCy's entities miss: a word for a country's or a
continent's people ("Somali soldiers", "the American Red Cross", "European consumers")
and a lawmaker's home place after a party letter ("Sen. Ann Doe, D-Charleston")."""

from __future__ import annotations

import re

import numpy as np
from spacy.tokens import Doc

from sitrep.gazetteer import Gazetteer, normalize
from sitrep.geo.tokens import ABBREVIATION, NAME_LABELS, Tokens

# Continents and world regions, whose peoples' words the demonym table lacks.
_WIDE_AREAS = frozenset({"CONT", "RGN"})
# A party letter joined to a place: "D-Charleston", "R-Elk River", "DFL-Duluth", "R-Ind.".
# The party letters come first and the check that no word or hyphen precedes them after,
# so that the regex engine scans for the letters alone (four times faster).
_PARTY_AND_HOME = re.compile(
    r"(?:DFL|D|R|I)(?<![\w-]DFL)(?<![\w-][DRI])-"
    r"([A-Z][\w.]*(?: [A-Z][\w.]*){0,2})(?=[,;)]|\s+[^A-Z\s]|\s*$)"
)


def demonym_words(doc: Doc, tokens: Tokens, gazetteer: Gazetteer) -> list[tuple[int, int]]:
    """Character spans of the capitalised words for a country's or a continent's people,
    wherever they stand ("Six Somali soldiers", "the American Red Cross", "European
    consumers"), which spaCy often tags as no entity at all."""
    out = []
    for i in np.flatnonzero(tokens.capitalised).tolist():
        word = doc[i].text
        if gazetteer.demonym(word) or (
            continent_of_people(word, gazetteer) and not _in_a_body_name(i, tokens)
        ):
            out.append((int(tokens.starts[i]), int(tokens.ends[i])))
    return out


def _in_a_body_name(i: int, tokens: Tokens) -> bool:
    """Token ``i`` is a word of what spaCy reads as an organisation's or a site's name: a
    continent's people there name an international body ("the European Union", "the
    African National Congress"), not the continent."""
    k = tokens.entity[i]
    return k >= 0 and tokens.ents[k].label_ in NAME_LABELS


def is_demonym(word: str, gazetteer: Gazetteer) -> bool:
    """A word for a country's or a continent's people ("Egyptian", "European")."""
    return bool(gazetteer.demonym(word)) or continent_of_people(word, gazetteer)


def continent_of_people(word: str, gazetteer: Gazetteer) -> bool:
    """Whether ``word`` names the people of a continent or world region by its name and an
    ending ("European", "African", "Asian"), which the demonym table (countries) lacks."""
    if not word.endswith("an"):  # "European", "African", "Asian"
        return False
    for ending in ("an", "n"):
        stem = word.removesuffix(ending)
        if (
            stem != word
            and len(stem) > 2
            and any(
                p.feature_code in _WIDE_AREAS and normalize(p.name) == normalize(stem)
                for p in gazetteer.lookup(stem)
            )
        ):
            return True
    return False


def home_places_of_lawmakers(text: str, gazetteer: Gazetteer) -> list[tuple[int, int]]:
    """Character spans of the places after a lawmaker's party letter, as news writes a
    legislator's state or home town ("Sen. Ann Doe, D-Charleston", "Rep. Jim Roe,
    R-Elk River", "DFL-Duluth"): the longest run of its words the gazetteer
    knows."""
    out = []
    for found in _PARTY_AND_HOME.finditer(text):
        words = list(re.finditer(r"\S+", found.group(1)))
        # "S.C." and "W. Va." with their stop, "Monongalia." without the sentence's.
        names = [
            found.group(1)[: w.end()] if ABBREVIATION.fullmatch(w.group()) else
            found.group(1)[: w.end()].rstrip(".")
            for w in reversed(words)
        ]  # fmt: skip
        known = next((name for name in names if gazetteer.lookup(name)), None)
        if known:
            out.append((found.start(1), found.start(1) + len(known)))
    return out

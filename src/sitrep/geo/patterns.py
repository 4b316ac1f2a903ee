"""Toponyms written in patterns spaCy's entities miss: a demonym opening a body's name
("the American Red Cross") and a lawmaker's home place after a party letter
("Sen. Ann Doe, D-Charleston")."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from sitrep.gazetteer import Gazetteer
from sitrep.geo.tokens import ABBREVIATION, NAME_LABELS, Tokens

# A party letter joined to a place: "D-Charleston", "R-Elk River", "DFL-Duluth", "R-Ind.".
# The party letters come first and the check that no word or hyphen precedes them after,
# so that the regex engine scans for the letters alone (four times faster).
_PARTY_AND_HOME = re.compile(
    r"(?:DFL|D|R|I)(?<![\w-]DFL)(?<![\w-][DRI])-"
    r"([A-Z][\w.]*(?: [A-Z][\w.]*){0,2})(?=[,;)]|\s+[^A-Z\s]|\s*$)"
)

def demonyms_in_names(doc: Doc, tokens: Tokens, gazetteer: Gazetteer) -> list[tuple[int, int]]:
    """Character spans of the demonyms opening a longer name spaCy found ("the American
    Red Cross", "the Lebanese Army")."""
    out = []
    for ent in tokens.ents:
        first = ent.start + 1 if tokens.the[ent.start] else ent.start
        if ent.label_ in NAME_LABELS and ent.end - first > 1 and tokens.capitalised[first]:
            word = doc[first]
            if gazetteer.demonym(word.text):
                out.append((word.idx, word.idx + len(word.text)))
    return out


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

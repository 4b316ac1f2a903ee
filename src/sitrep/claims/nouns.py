"""Cues anchored on nouns and adjectives.

- statement nouns: "a statement saying Y", "X's claim that Y", "criticism of Y from X",
  "X issued a warning that Y" (the source is the subject of a light verb such as
  issue/make/express);
- adjectives: "X is critical of Y", "X was confident that Y", "X made it clear that Y".
"""

from __future__ import annotations

from spacy.tokens import Token

from sitrep import records
from sitrep.claims import quotes as quoting
from sitrep.claims.lexicon import Lexicon
from sitrep.claims.spans import CharRange, TokenRange, attribution, chars, noun_phrase, trim
from sitrep.claims.verbs import clause_content, source

_CONTENT_PREPS = {"of", "for", "about", "on", "to", "against", "over", "with", "toward", "towards"}
_ADJECTIVE_PREPS = {"of", "about", "in", "with", "at", "over", "on", "toward", "towards"}
_SOURCE_PREPS = {"by", "from"}
_CLAUSE_DEPS = {"acl", "ccomp"}
_LIGHT_VERBS = {
    "issue", "make", "release", "express", "voice", "raise", "have", "offer", "give", "deliver",
    "publish", "post", "send", "share", "repeat", "reiterate", "level", "lodge", "file", "air",
    "renew", "echo", "put",
}  # fmt: skip
_COPULAS = {"be", "seem", "remain", "become", "appear", "sound", "look", "feel", "grow"}


def noun_cue(token: Token, lexicon: Lexicon, quotes: list[CharRange]) -> records.Attribution | None:
    """An attribution anchored on a statement noun, or None."""
    if token.pos_ != "NOUN":
        return None
    cue = lexicon.noun(token)
    if cue is None or (cue.attitude and quoting.inside(token.idx, quotes)):
        return None
    doc = token.doc
    cue_end, content = token.i + 1, None
    for child in token.rights:
        if child.dep_ in _CLAUSE_DEPS and _is_complement(child):
            if child.i == token.i + 1 and lexicon.verb(child) is not None:
                cue_end, content = child.i + 1, clause_content(child)
            else:
                content = trim(doc, child.left_edge.i, child.right_edge.i + 1)
            break
    content = content or _prep_object(token, _CONTENT_PREPS)
    if content is None:
        return None
    span = quoting.extend(chars(doc, content), token, quotes)
    return attribution(doc, _noun_source(token, quotes), (token.i, cue_end), span, cue.stance)


def adjective_cue(
    token: Token, lexicon: Lexicon, quotes: list[CharRange]
) -> records.Attribution | None:
    """An attribution anchored on an attitude adjective ("critical of", "confident that")."""
    if token.pos_ != "ADJ" or token.dep_ not in {"acomp", "oprd", "ccomp", "xcomp"}:
        return None
    cue = lexicon.adjective(token)
    if cue is None or (cue.attitude and quoting.inside(token.idx, quotes)):
        return None
    doc, head = token.doc, token.head
    content = clause_content(token) or _prep_object(token, _ADJECTIVE_PREPS)
    if content is None and head.lemma_.lower() == "make":
        content = clause_content(head)
    if content is None:
        return None
    if head.lemma_.lower() not in _COPULAS | {"make"}:
        return None
    speaker = source(head, quotes)
    span = quoting.extend(chars(doc, content), token, quotes)
    return attribution(doc, speaker, (token.i, token.i + 1), span, cue.stance)


def _is_complement(clause: Token) -> bool:
    """A complement clause of a noun: "that Y", "to Y", "saying Y" (not a relative clause)."""
    if clause.tag_ == "VBG":
        return True
    return any(c.dep_ in {"mark", "aux"} and c.lower_ in {"that", "to"} for c in clause.lefts)


def _prep_object(token: Token, preps: set[str]) -> TokenRange | None:
    """The object of the token's first preposition among ``preps`` ("criticism of Y")."""
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ in preps:
            return trim(token.doc, child.i + 1, child.right_edge.i + 1)
    return None


def _noun_source(noun: Token, quotes: list[CharRange]) -> TokenRange | None:
    """Who makes the statement: a possessive, "by/from X", or the subject of a light verb
    whose object the noun is ("X issued a statement")."""
    for child in noun.children:
        if child.dep_ == "poss":
            return trim(noun.doc, child.left_edge.i, child.right_edge.i + 1, keep_quotes=False)
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ in _SOURCE_PREPS:
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return noun_phrase(objects[0])
    head = noun.head
    if noun.dep_ == "dobj" and head.lemma_.lower() in _LIGHT_VERBS:
        return source(head, quotes)
    return None

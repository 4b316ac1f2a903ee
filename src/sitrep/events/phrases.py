"""Noun phrases on the dependency parse: their extent, quantities and cleaned words."""

from __future__ import annotations

from spacy.tokens import Token

from sitrep.events.words import words
from sitrep.lexicon import CARDINALS
from sitrep.nlp import text_of

# Determiners that count a noun phrase ("both factions" -> 2, "a group" -> 1).
_DETERMINER_NUMBERS = {"both": 2, "a": 1, "an": 1}


def phrase_range(head: Token) -> tuple[int, int]:
    """Character range of the noun phrase headed by ``head``, without clauses or appositions."""
    inside = {t.i for t in _phrase_tokens(head)}
    doc = head.doc
    first = last = head.i
    while first - 1 in inside and not is_break(doc[first - 1]):
        first -= 1
    while last + 1 in inside and not is_break(doc[last + 1]):
        last += 1
    if doc[first].dep_ == "det" and first < head.i:
        first += 1
    return doc[first].idx, doc[last].idx + len(doc[last])


def _phrase_tokens(head: Token) -> list[Token]:
    """``head`` with its modifiers and "of" complements ("two of the groups"), recursively."""
    skip = {"relcl", "acl", "appos", "punct", "cc", "conj", "prep", "advcl"}
    tokens = [head]
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            tokens.append(child)
            for obj in child.children:
                if obj.dep_ == "pobj":
                    tokens.extend(_phrase_tokens(obj))
        elif child.dep_ not in skip:
            tokens.extend(child.subtree)
    return tokens


def is_break(tok: Token) -> bool:
    """Punctuation that ends a phrase (a spaced dash, a comma), not a word-internal hyphen."""
    if not tok.is_punct:
        return False
    if tok.text == "-":
        return bool(tok.whitespace_) or bool(tok.i and tok.doc[tok.i - 1].whitespace_)
    return True


# Names (the actor first, its associates after) and the evidence span of the first.
Resolved = tuple[tuple[str, ...], tuple[int, int]]


def partitive_noun(head: Token) -> Token:
    """The noun of "two of the groups" / "some of them"; ``head`` itself otherwise."""
    if head.pos_ in {"NUM", "PRON", "DET", "ADJ"} or head.lower_ in words("quantifiers"):
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                objs = [g for g in child.children if g.dep_ == "pobj"]
                if objs:
                    return objs[0]
    return head


def pronominal(head: Token) -> bool:
    """ "they", "their forces": a phrase that names its referent only through a pronoun."""
    return head.lower_ in words("pronouns") or any(
        c.dep_ == "poss" and c.lower_ in words("pronouns") for c in head.children
    )


def anaphoric_actor(noun: Token, head: Token) -> bool:
    """ "the groups", "these fighters", "two of the groups": a generic actor noun pointing back."""
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in words("actor_nouns"):
        return False
    return noun.i != head.i or any(
        c.dep_ in {"det", "predet"} and c.lower_ in words("definite") for c in noun.children
    )


def cleaned_name(head: Token) -> Resolved | None:
    """The phrase's own words without leading determiners and numbers ("three armed groups"
    -> "armed groups"); None when only one lower-case word would remain ("groups", "much")."""
    start, end = phrase_range(head)
    doc = head.doc
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    tokens = list(span)
    while len(tokens) > 1 and tokens[0].i != head.i and _is_quantity(tokens[0]):
        tokens = tokens[1:]
    while len(tokens) > 1 and (tokens[-1].dep_ == "case" or tokens[-1].is_punct):
        tokens = tokens[:-1]
    if len(tokens) == 1 and tokens[0].pos_ != "PROPN" and tokens[0].text.islower():
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    return (text_of(doc)[start:end],), (start, end)


def _is_quantity(tok: Token) -> bool:
    return (
        tok.dep_ in {"det", "predet", "nummod", "quantmod"}
        or tok.like_num
        or tok.lower_ in words("quantifiers")
        or tok.is_punct
        or (tok.dep_ == "poss" and tok.lower_ in words("pronouns"))
    )


def count_of(noun: Token) -> int | None:
    """The number a noun phrase gives ("three groups" -> 3, "both factions" -> 2)."""
    for child in noun.children:
        if child.dep_ in {"nummod", "det", "predet"}:
            number = number_of(child)
            if number is not None:
                return number
    return None


def number_of(tok: Token) -> int | None:
    value = _DETERMINER_NUMBERS.get(tok.lower_, CARDINALS.get(tok.lower_))
    if value is not None:
        return value
    return int(tok.text) if tok.text.isdigit() else None

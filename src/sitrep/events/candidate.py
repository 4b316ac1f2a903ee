"""An event candidate: its anchor tokens, the clause they sit in and its sub-type scores."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from spacy.tokens import Span, Token

from sitrep.nlp import doc_memo

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
_CLAUSE_STOP_DEPS = {"ccomp", "parataxis"}


@dataclass
class Candidate:
    """One event under construction: its anchor tokens and the clause they sit in."""

    anchor: Token
    tokens: list[Token]
    clause: Token
    scores: dict[str, float] = field(default_factory=dict)
    denied_by: Token | None = None
    background: bool = False

    @property
    def sub(self) -> str:
        return max(self.scores, key=lambda name: self.scores[name])


def clause_head(tok: Token) -> Token:
    """The head of the clause the token sits in (remembered per doc)."""
    return tok.doc[_clause_head_index(tok)]


def _clause_head_index(tok: Token) -> int:
    heads = doc_memo(tok.doc, "clause_heads")
    index = heads.get(tok.i)
    if index is None:
        index = heads[tok.i] = _find_clause_head(tok).i
    return cast(int, index)


def _find_clause_head(tok: Token) -> Token:
    cur = tok
    while cur.head.i != cur.i:
        if cur.dep_ in _CLAUSE_STOP_DEPS:
            return cur
        if cur.dep_ == "conj" and cur.pos_ in {"VERB", "AUX"}:
            if any(c.dep_ in SUBJECT_DEPS for c in cur.children):
                return cur
        cur = cur.head
    return cur


def clause_tokens(cand: Candidate, sent: Span) -> list[Token]:
    clause = cand.clause.i
    return [t for t in sent if _clause_head_index(t) == clause]

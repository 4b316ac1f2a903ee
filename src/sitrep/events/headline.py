"""Whether a headline reports an incident by its form alone.

A headline-style text (at most :data:`sitrep.nlp.HEADLINE_TOKENS` tokens, no full sentence
structure) names an incident with a noun phrase ("Missile strike on Kramatorsk railway station",
"Explosion in Melitopol"), a participle without an auxiliary ("Kakhovka dam destroyed",
"Fighting near Lyman", "3 killed in Kherson") or an event noun as the subject of a
present-tense verb ("Rocket attack hits Zaporizhzhia", "Shelling in Donetsk kills 3").
The detector, trained on the sentences of whole stories, scores such fragments low because
a story's sentences are built otherwise; in a headline the form itself says that the
incident happened. The trigger rules and their filters (negation, plans, threats, generic
and descriptive mentions) still decide whether there is a candidate at all.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from sitrep.events.candidate import SUBJECT_DEPS, Candidate
from sitrep.nlp import is_headline

_NOMINAL = {"NOUN", "PROPN", "NUM"}
_PARTICIPLES = {"VBN", "VBG"}
_PRESENT = {"VBZ", "VBP"}
_BARE_VERBS = {"VB", "VBP"}
_AUXILIARIES = {"aux", "auxpass"}


def reports_by_form(sent: Span, cands: list[Candidate]) -> bool:
    """Whether a headline's form says that one of its candidates happened (see the module)."""
    if not cands or not is_headline(sent.doc):
        return False
    root = sent.root
    if any(child.dep_ in _AUXILIARIES for child in root.children):
        return False
    if _reads_as_noun(root) or root.tag_ in _PARTICIPLES:
        return any(_names_the_root(cand, root) for cand in cands)
    if root.tag_ in _PRESENT:
        return any(_heads_subject(tok, root) for cand in cands for tok in cand.tokens)
    return False


def _reads_as_noun(root: Token) -> bool:
    """A noun, or a "verb" the tagger took from a noun compound ("Drone strike on ...":
    a compound dependent and no subject)."""
    if root.pos_ in _NOMINAL:
        return True
    children = [child.dep_ for child in root.children]
    return root.tag_ in _BARE_VERBS and "compound" in children and not SUBJECT_DEPS & set(children)


def _names_the_root(cand: Candidate, root: Token) -> bool:
    """The event word heads the headline ("Explosion in ...", "dam destroyed") or is a
    participle on its head noun ("Kyiv hit by drones"); an event word under another noun
    ("Threat of strikes", "Calls for an inquiry into the strike", "Explosion risk") is not
    reported."""
    if cand.background:
        return False
    return any(
        tok.i == root.i or (tok.head.i == root.i and tok.dep_ == "acl") for tok in cand.tokens
    )


def _heads_subject(tok: Token, root: Token) -> bool:
    """The event word heads the subject of the present-tense root ("Rocket attack hits ...");
    a present-tense event verb ("Partisans blow up railway") is the detector's to judge, as
    the same form tells unrelated news ("US clears out migrants")."""
    head = tok.head if tok.dep_ == "compound" else tok
    return head.head.i == root.i and head.dep_ in SUBJECT_DEPS

"""Verification caveats and the claims they are about.

A caveat is an ``unverified`` attribution: a negated verify/confirm ("Reuters could not
independently verify the claims", "which could not be confirmed", "was unable to verify"),
a negated noun ("there was no independent confirmation") or an adjective ("unverified
reports said ..."). Its content is what it names; :func:`scope` then finds the
attributions the caveat is about and lists their contents in ``covers``:

- a caveat whose content is a clause or the previous sentence covers the attributions in it;
- one that names whose claims ("the rebels' claims", "claims by the ministry") covers the
  earlier attributions of that source;
- "both sides' claims" covers every earlier claim of its paragraph;
- a generic "the claims" / "the report" covers the nearest earlier sentence's attributions,
  and "the figures" / "the death toll" only those with a number.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from sitrep import records
from sitrep.claims.lexicon import Lexicon
from sitrep.claims.spans import (
    RELATIVE_PRONOUNS,
    TokenRange,
    attribution,
    chars,
    is_pronoun_range,
    noun_phrase,
    previous_sentence,
    trim,
)
from sitrep.claims.verbs import SUBJECT_DEPS, clause_content, source
from sitrep.nlp import text_of

_VERIFY_LEMMAS = {"verify", "confirm", "corroborate", "substantiate"}
_VERIFY_NOUNS = {"confirmation", "verification", "corroboration"}
UNVERIFIED_ADJECTIVES = {"unverified", "unconfirmed", "uncorroborated", "unsubstantiated"}
_NEGATING_HEADS = {"unable", "impossible", "decline", "refuse", "fail"}
_ABILITY_HEADS = {"able", "possible"}
_FIGURE_NOUNS = re.compile(r"\b(?:figures?|tolls?|numbers?|casualt\w*|counts?|tall(?:y|ies))\b")
_BOTH_SIDES = re.compile(
    r"\b(?:both|either|each|all|the two|the warring) (?:sides?|parties|party)\b"
)
_DIGIT = re.compile(r"\d|\b(?:dozens?|hundreds?|thousands?|scores?)\b")
_NAME_ENTS = {"PERSON", "ORG", "NORP", "GPE"}
_NAME_STOPWORDS = {"the", "a", "an", "of", "by", "from", "'s", "’s", "s"}


def marker(token: Token, lexicon: Lexicon) -> records.Attribution | None:
    """An ``unverified`` attribution anchored on the token, or None."""
    lemma = token.lemma_.lower()
    if lemma in _VERIFY_LEMMAS and token.pos_ == "VERB" and _negated(token):
        return _unverified_verb(token)
    if lemma in _VERIFY_NOUNS and token.pos_ == "NOUN" and _negated(token):
        content = chars(token.doc, _of_phrase(token) or previous_sentence(token))
        if content is None:
            return None
        return attribution(token.doc, None, _negation_cue(token), content, "unverified")
    if token.lower_ in UNVERIFIED_ADJECTIVES:
        return _unverified_adjective(token, lexicon)
    return None


def scope(
    doc: Doc, caveat: records.Attribution, found: list[records.Attribution]
) -> records.Attribution:
    """The caveat with ``covers`` set to the contents of the attributions it is about."""
    earlier = [a for a in found if a.stance != "unverified" and a.cue.start < caveat.cue.start]
    content = caveat.content
    inside = [a for a in earlier if content.start <= a.cue.start < content.end]
    if not inside:
        inside = [a for a in earlier if content.start <= a.content.start < content.end]
    covered = inside or _named(doc, caveat, earlier)
    return caveat.model_copy(update={"covers": [a.content for a in covered]})


def _named(
    doc: Doc, caveat: records.Attribution, earlier: list[records.Attribution]
) -> list[records.Attribution]:
    """The earlier attributions a noun-phrase caveat names, by source or by proximity."""
    text = caveat.content.text.lower()
    names = _name_words(doc, caveat.content)
    if names:
        by_source = [a for a in earlier if a.source and names & _words(a.source.text)]
        if by_source:
            return by_source
    cue_words = doc.char_span(caveat.cue.start, caveat.cue.end, alignment_mode="expand")
    if cue_words is None:
        return []
    paragraph_start = text_of(doc).rfind("\n", 0, caveat.cue.start) + 1
    if _BOTH_SIDES.search(text):
        return [a for a in earlier if a.cue.start >= paragraph_start]
    if _FIGURE_NOUNS.search(text):
        earlier = [a for a in earlier if _DIGIT.search(a.content.text)]
    sentence = cue_words.sent
    candidates = [a for a in earlier if a.cue.start >= sentence.start_char]
    if candidates or not earlier:
        return candidates
    last = doc.char_span(earlier[-1].cue.start, earlier[-1].cue.end, alignment_mode="expand")
    start = last.sent.start_char if last is not None else earlier[-1].cue.start
    return [a for a in earlier if a.cue.start >= start]


def _name_words(doc: Doc, content: records.Span) -> set[str]:
    """Lower-cased words of the names inside a caveat's content ("the rebels' claims" ->
    {"rebels"}, "claims by the Health Ministry" -> {"health", "ministry"})."""
    words = doc.char_span(content.start, content.end, alignment_mode="expand")
    if words is None:
        return set()
    names: set[str] = set()
    for token in words:
        owner = token.dep_ == "poss" or (
            token.dep_ == "pobj" and token.head.lower_ in {"by", "from", "of"}
        )
        if owner or token.ent_type_ in _NAME_ENTS:
            phrase = (
                doc[token.left_edge.i : token.right_edge.i + 1]
                if owner
                else doc[token.i : token.i + 1]
            )
            names |= _words(phrase.text)
    return names


def _words(text: str) -> set[str]:
    """Content words of a name, lower-cased, possessive and plural endings dropped."""
    words = {w.rstrip("'’").lower() for w in re.findall(r"[\w'’]+", text)}
    return {w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words} - _NAME_STOPWORDS


def _negated(token: Token) -> bool:
    """Negated itself ("could not verify", "no confirmation") or through the word it
    complements ("was unable to verify", "was not able to", "declined to confirm")."""
    if any(c.dep_ == "neg" or c.lower_ in {"no", "never"} for c in token.children):
        return True
    if token.dep_ != "xcomp":
        return False
    head = token.head
    if head.lemma_.lower() in _NEGATING_HEADS:
        return True
    negated_head = any(c.dep_ == "neg" for c in head.children)
    if head.dep_ == "acomp" and head.lemma_.lower() in _ABILITY_HEADS:
        negated_head = negated_head or any(c.dep_ == "neg" for c in head.head.children)
    return negated_head


def _unverified_verb(verb: Token) -> records.Attribution | None:
    """ "Reuters could not verify X" (source Reuters, content X) or "X could not be verified"."""
    doc = verb.doc
    speaker = content = None
    for child in verb.children:
        if child.dep_ == "dobj":
            content = trim(doc, child.left_edge.i, child.right_edge.i + 1)
        elif child.dep_ == "nsubjpass":
            content = _passive_subject(child, verb)
        elif child.dep_ == "nsubj":
            speaker = noun_phrase(child)
    content = content or clause_content(verb)
    if speaker is None and verb.dep_ == "xcomp":
        speaker = source(verb.head) if verb.head.pos_ in {"VERB", "AUX"} else None
        if speaker is None and verb.head.dep_ == "acomp":
            speaker = source(verb.head.head)
    if content is None or is_pronoun_range(doc, content):
        content = previous_sentence(verb) or content
    if content is None:
        return None
    return attribution(doc, speaker, _negation_cue(verb), chars(doc, content), "unverified")


def _passive_subject(subject: Token, verb: Token) -> TokenRange | None:
    """Subject of "could not be verified"; "which" resolves to the clause it follows."""
    if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
        head = verb.head
        return trim(verb.doc, head.left_edge.i, verb.left_edge.i)
    return trim(verb.doc, subject.left_edge.i, subject.right_edge.i + 1)


def _unverified_adjective(adj: Token, lexicon: Lexicon) -> records.Attribution | None:
    """ "unverified reports said ..." or "the claims are unverified"."""
    doc = adj.doc
    head = adj.head
    content = None
    if adj.dep_ == "amod":
        verb = head.head
        if head.dep_ in SUBJECT_DEPS and lexicon.verb(verb) is not None:
            content = clause_content(verb)
        content = content or trim(doc, head.left_edge.i, head.right_edge.i + 1)
    elif adj.dep_ in {"acomp", "oprd"}:
        subjects = [c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects:
            content = _passive_subject(subjects[0], head)
    if content is None or is_pronoun_range(doc, content):
        content = previous_sentence(adj) or content
    if content is None:
        return None
    return attribution(doc, None, (adj.i, adj.i + 1), chars(doc, content), "unverified")


def _negation_cue(token: Token) -> TokenRange:
    """From the first modal/negation/adverb before the token up to the token itself."""
    start = token.i
    deps = {"aux", "neg", "advmod", "auxpass", "det", "amod"}
    for child in sorted(token.lefts, key=lambda t: -t.i):
        if child.dep_ in deps and child.i == start - 1:
            start = child.i
    return start, token.i + 1


def _of_phrase(noun: Token) -> TokenRange | None:
    """The object of "confirmation of X"."""
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ in {"of", "for"}:
            return trim(noun.doc, child.i + 1, child.right_edge.i + 1)
    return None

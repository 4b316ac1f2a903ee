"""Cues anchored on verbs: "X said (that) ...", "..., X said.", "X told reporters: ...",
"X denied the allegations", "X pointed to ...", "X seemed to ...", "according to X, ...",
and "Name: statement" headlines."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from sitrep import records
from sitrep.claims import quotes as quoting
from sitrep.claims.lexicon import Lexicon
from sitrep.claims.spans import (
    RELATIVE_PRONOUNS,
    CharRange,
    TokenRange,
    attribution,
    chars,
    noun_phrase,
    trim,
)

SUBJECT_DEPS = {"nsubj", "csubj"}
_CLAUSE_DEPS = {"ccomp", "xcomp", "csubjpass"}
_PARENTHETICAL_DEPS = {"parataxis", "ccomp", "advcl", "conj"}
_INHERIT_SUBJECT_DEPS = {"advcl", "xcomp", "conj", "acl"}
_PARENTHESIS_MARKS = {",", "—", "–", "”", '"', "''"}
_OBJECT_DEPS = {"dobj", "oprd"}
_OBJECT_PREPS = {"of", "over", "about", "for"}
_HEADLINE_LABELS = {"update", "note", "watch", "read", "breaking", "exclusive", "analysis"}
_HEADLINE_LABELS |= {"opinion", "editorial", "video", "photos", "live", "explainer", "factbox"}
_MAX_PREP_GAP_TOKENS = 3


def verb_cue(token: Token, lexicon: Lexicon, quotes: list[CharRange]) -> records.Attribution | None:
    """An attribution anchored on a reporting or attitude verb, or None."""
    if token.pos_ not in {"VERB", "AUX"} or _is_modifier(token):
        return None
    cue = lexicon.verb(token)
    if cue is None:
        return _prep_cue(token, lexicon, quotes)
    if cue.attitude and (quoting.inside(token.idx, quotes) or token.dep_ == "acl"):
        return None
    if cue.frame == "raising":
        return _raising(token, cue.stance)
    doc = token.doc
    tokens = clause_content(token)
    if tokens is None and cue.frame == "object":
        tokens = object_content(token)
    content = chars(doc, tokens)
    if content is None and cue.frame != "clause":
        subjects = _subjects(token, quotes)
        left = min([token.i] + [s.left_edge.i for s in subjects if s.i < token.i])
        content = (
            quoting.adjacent(token, quotes, left=left)
            or chars(doc, _parenthetical_content(token))
            or chars(doc, _as_clause_content(token))
            or chars(doc, object_content(token))
        )
    if content is None:
        return _prep_cue(token, lexicon, quotes)
    content = quoting.extend(content, token, quotes)
    return attribution(doc, source(token, quotes), _cue_tokens(token), content, cue.stance)


def _prep_cue(verb: Token, lexicon: Lexicon, quotes: list[CharRange]) -> records.Attribution | None:
    """A verb plus preposition listed as one cue ("pointed to X", "spoke about X"): the
    content is the preposition's object."""
    for prep in verb.rights:
        cue = lexicon.phrase(verb, prep)
        if prep.dep_ != "prep" or cue is None or prep.i - verb.i > _MAX_PREP_GAP_TOKENS:
            continue
        if cue.attitude and quoting.inside(verb.idx, quotes):
            return None
        content = chars(verb.doc, trim(verb.doc, prep.i + 1, prep.right_edge.i + 1))
        if content is None:
            return None
        content = quoting.extend(content, verb, quotes)
        return attribution(
            verb.doc, source(verb, quotes), (verb.i, prep.i + 1), content, cue.stance
        )
    return None


def _raising(verb: Token, stance: records.Stance) -> records.Attribution | None:
    """ "X seemed to Y" / "it appears that Y": the clause is the content and has no source."""
    complements = [c for c in verb.rights if c.dep_ in {"xcomp", "ccomp"}]
    if not complements:
        return None
    subjects = [c for c in verb.lefts if c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ != "it"]
    start = subjects[0].left_edge.i if subjects else complements[0].left_edge.i
    content = trim(verb.doc, start, complements[-1].right_edge.i + 1)
    if content is None:
        return None
    return attribution(verb.doc, None, (verb.i, verb.i + 1), chars(verb.doc, content), stance)


def _is_modifier(token: Token) -> bool:
    """True for participles used as adjectives ("the reported attack")."""
    return token.tag_ in {"VBN", "VBG"} and token.dep_ in {"amod", "compound"}


def clause_content(verb: Token) -> TokenRange | None:
    """Token range of the verb's complement clause ("said that ...", "claiming to ...")."""
    for child in verb.children:
        if child.dep_ in _CLAUSE_DEPS and child.pos_ in {"VERB", "AUX"}:
            if child.dep_ == "xcomp" and child.i < verb.i:
                continue
            return trim(verb.doc, child.left_edge.i, child.right_edge.i + 1)
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in {"of", "about"} and verb.lemma_ == "accuse":
            return trim(verb.doc, child.i, child.right_edge.i + 1)
    return None


def object_content(verb: Token) -> TokenRange | None:
    """Token range of the object and its complements ("denied the report", "called X a liar",
    "accused X of Y", "called for a ceasefire")."""
    parts = [c for c in verb.rights if c.dep_ in _OBJECT_DEPS]
    parts += [c for c in verb.rights if c.dep_ == "prep" and c.lower_ in _OBJECT_PREPS]
    if not parts:
        return None
    start = min(p.left_edge.i if p.dep_ != "prep" or len(parts) > 1 else p.i + 1 for p in parts)
    end = max(p.right_edge.i + 1 for p in parts)
    return trim(verb.doc, start, end)


def _parenthetical_content(verb: Token) -> TokenRange | None:
    """For "..., X said." parsed as an attachment of the main clause: the rest of that clause."""
    head, doc = verb.head, verb.doc
    if verb.dep_ not in _PARENTHETICAL_DEPS or head.i == verb.i:
        return None
    if not any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        return None
    left, right = trim(doc, verb.left_edge.i, verb.right_edge.i + 1) or (verb.i, verb.i + 1)
    if left == 0 or doc[left - 1].text not in _PARENTHESIS_MARKS:
        return None
    if verb.i > head.i:
        return trim(doc, head.left_edge.i, left)
    if right < len(doc) and doc[right].text in _PARENTHESIS_MARKS:
        return trim(doc, head.left_edge.i, head.right_edge.i + 1)
    return None


def _as_clause_content(verb: Token) -> TokenRange | None:
    """For "As the ministry said, ..." / "..., as X reported": the rest of the sentence."""
    if verb.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.lefts):
        return None
    return _rest_of_sentence(verb, verb.left_edge.i, verb.right_edge.i + 1)


def _rest_of_sentence(token: Token, start: int, end: int) -> TokenRange | None:
    """The longer of the sentence parts before ``start`` and after ``end``."""
    doc, sent = token.doc, token.sent
    before = trim(doc, sent.start, start)
    after = trim(doc, end, sent.end)
    sizes = [(r[1] - r[0], r) for r in (before, after) if r is not None]
    return max(sizes)[1] if sizes else None


def source(verb: Token, quotes: Sequence[CharRange] = ()) -> TokenRange | None:
    """Token range of who is speaking: the subject, passive agent or inherited subject.

    Subjects inside a quotation that does not hold the verb are misparsed quote words.
    """
    for child in _subjects(verb, quotes):
        return _source_phrase(child, verb)
    for child in verb.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return noun_phrase(objects[0])
    if any(c.dep_ == "nsubjpass" for c in verb.children):
        return None
    if verb.dep_ in _INHERIT_SUBJECT_DEPS and verb.head.i != verb.i:
        return source(verb.head) if verb.head.pos_ in {"VERB", "AUX"} else None
    return None


def _subjects(verb: Token, quotes: Sequence[CharRange]) -> list[Token]:
    """The verb's subjects, leaving out words quoted apart from the verb."""
    return [
        child
        for child in verb.children
        if child.dep_ in SUBJECT_DEPS
        and not any(s <= child.idx < e and not s <= verb.idx < e for s, e in quotes)
    ]


def _source_phrase(subject: Token, verb: Token) -> TokenRange:
    """The subject's phrase; a relative pronoun ("who said") resolves to the noun it modifies."""
    if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
        return noun_phrase(verb.head)
    return noun_phrase(subject)


def _cue_tokens(verb: Token) -> TokenRange:
    """The cue verb plus an adjacent particle ("pointed out")."""
    end = verb.i + 1
    for child in verb.rights:
        if child.dep_ == "prt" and child.i == end:
            end += 1
    return verb.i, end


def according_to(token: Token) -> records.Attribution | None:
    """ "according to X, ..." or "..., according to X": content is the rest of the sentence."""
    if token.lower_ != "according" or token.i + 1 >= len(token.doc):
        return None
    to = token.doc[token.i + 1]
    if to.lower_ != "to":
        return None
    objects = [c for c in to.children if c.dep_ == "pobj"]
    speaker = noun_phrase(objects[0]) if objects else None
    phrase_end = max(token.right_edge.i, to.right_edge.i) + 1
    content = _rest_of_sentence(token, token.i, phrase_end)
    if content is None:
        return None
    return attribution(
        token.doc, speaker, (token.i, to.i + 1), chars(token.doc, content), "asserted"
    )


def headline_colon(colon: Token) -> records.Attribution | None:
    """ "Name: statement" at the start of a sentence (headlines, transcripts)."""
    if colon.text != ":":
        return None
    sent = colon.sent
    if not 0 < colon.i - sent.start <= 4:
        return None
    label = colon.doc[sent.start : colon.i]
    if label[0].lower_ in _HEADLINE_LABELS or any(t.pos_ == "VERB" for t in label):
        return None
    if not all(t.is_title or t.is_upper for t in label):
        return None
    rest = colon.doc[colon.i + 1 : sent.end]
    if len(rest) < 3 or not any(t.pos_ in {"VERB", "AUX"} for t in rest):
        return None
    content = chars(colon.doc, trim(colon.doc, colon.i + 1, sent.end))
    if content is None:
        return None
    speaker = trim(colon.doc, sent.start, colon.i, keep_quotes=False)
    return attribution(colon.doc, speaker, (colon.i, colon.i + 1), content, "asserted")

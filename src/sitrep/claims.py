"""Claim attribution: who (source) said (cue) what (content), and with which stance.

Rules over spaCy's dependency parse and a lemma-based cue lexicon
(``data/reporting_cues.tsv``) find:

- reporting verbs with a clause: "X said (that) ...", "..., X said.", "..., said X",
  "X told reporters ...", "claiming to have entered" (the source is the main subject);
- "according to X, ..." and "..., according to X";
- "As X reported, ..."; verb + preposition cues ("pointed to X", "spoke about X");
- direct quotes next to a cue, including quotes spanning several sentences;
- a reporting verb with only a direct object ("announced heavy losses");
- object cues: "X denied the allegations", "dismissed reports that ...";
- verification markers: "Reuters could not independently verify ...", "the claims could
  not be verified", "there was no independent confirmation", "unverified reports".

Stance comes from the cue lemma (say -> asserted, claim -> claimed, deny -> denied,
confirm -> confirmed); a negated verify/confirm, or a verification marker, gives
``unverified``. All spans are character offsets into ``doc.text``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import cast, get_args, overload

from spacy.tokens import Doc, Token

from sitrep import records
from sitrep.data import read_tsv
from sitrep.nlp import text_of

logger = logging.getLogger(__name__)

_LEXICON_FILE = "reporting_cues.tsv"
_OPEN_QUOTES = {"“", "«", "``"}
_CLOSE_QUOTES = {"”", "»"}
_CLOSER = {"“": "”", "«": "»", "``": "''"}
_QUOTE_MARK = re.compile(r"''|``|[“”\"«»\n]")
_SUBJECT_DEPS = {"nsubj", "csubj"}
_CLAUSE_DEPS = {"ccomp", "xcomp", "csubjpass"}
_PARENTHETICAL_DEPS = {"parataxis", "ccomp", "advcl", "conj"}
_INHERIT_SUBJECT_DEPS = {"advcl", "xcomp", "conj", "acl"}
_PARENTHESIS_MARKS = {",", "—", "–", "”", '"', "''"}
_OBJECT_DEPS = {"dobj", "oprd"}
_OBJECT_PREPS = {"of", "over", "about", "for"}
_HEADLINE_LABELS = {"update", "note", "watch", "read", "breaking", "exclusive", "analysis"}
_HEADLINE_LABELS |= {"opinion", "editorial", "video", "photos", "live", "explainer", "factbox"}
_RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
_TRIM_CHILD_DEPS = {"appos", "relcl", "acl"}
_VERIFY_LEMMAS = {"verify", "confirm", "corroborate", "substantiate"}
_VERIFY_NOUNS = {"confirmation", "verification", "corroboration"}
_UNVERIFIED_ADJS = {"unverified", "unconfirmed", "uncorroborated", "unsubstantiated"}
_NEGATING_HEADS = {"unable", "impossible", "decline", "refuse", "fail"}
_ABILITY_HEADS = {"able", "possible"}
_MAX_SOURCE_TOKENS = 8
_MAX_QUOTE_GAP_TOKENS = 6
_MAX_PREP_GAP_TOKENS = 3
_MAX_QUOTE_CHARS = 3000
_QUOTE_GAP = re.compile(r"[\s,:;.\u2014\u2013-]*")


@dataclass(frozen=True)
class _Cue:
    """One lexicon entry: the stance a cue lemma signals and the content frame it takes."""

    stance: records.Stance
    frame: str


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, _Cue]:
    """Load the reporting-cue lexicon shipped in ``sitrep/data`` (first use only)."""
    rows = read_tsv(_LEXICON_FILE)
    return {row["lemma"]: _Cue(stance=_stance(row["stance"]), frame=row["frame"]) for row in rows}


def _stance(value: str) -> records.Stance:
    if value not in get_args(records.Stance):
        raise ValueError(f"unknown stance {value!r} in {_LEXICON_FILE}")
    return cast(records.Stance, value)


def run(doc: Doc, *, lexicon: dict[str, str] | None = None) -> list[records.Attribution]:
    """Find attributed statements in a parsed document.

    Args:
        doc (Doc): a document parsed by the shared pipeline (needs parser and lemmatizer).
        lexicon (dict[str, str] | None): extra or overriding cue lemmas mapped to a stance
            (taken with the "report" frame); default None uses the packaged lexicon only.

    Returns:
        list[records.Attribution]: one per cue, in text order.
    """
    cues = dict(_lexicon())
    if lexicon:
        cues.update(
            {
                lemma: _Cue(stance=_stance(stance), frame="report")
                for lemma, stance in lexicon.items()
            }
        )
    quotes = _quote_regions(text_of(doc))
    found: dict[tuple[int, int], records.Attribution] = {}
    for token in doc:
        attribution = (
            _according_to(token)
            or _headline_colon(token)
            or _verification(token, cues)
            or _verb_cue(token, cues, quotes)
        )
        if attribution is not None and (attribution.cue.start, attribution.cue.end) not in found:
            found[(attribution.cue.start, attribution.cue.end)] = attribution
    result = sorted(found.values(), key=lambda a: (a.cue.start, a.cue.end))
    logger.debug("%d attributions in %d tokens", len(result), len(doc))
    return result


# --- reporting verbs ---------------------------------------------------------------------


def _verb_cue(
    token: Token, cues: dict[str, _Cue], quotes: list[tuple[int, int]]
) -> records.Attribution | None:
    """An attribution anchored on a reporting verb, or None."""
    if token.pos_ not in {"VERB", "AUX"} or _is_modifier(token):
        return None
    cue = cues.get(token.lemma_.lower())
    if cue is None:
        return _prep_cue(token, cues, quotes)
    doc = token.doc
    tokens = _clause_content(token)
    if tokens is None and cue.frame == "object":
        tokens = _object_content(token)
    content = _chars(doc, tokens)
    if content is None and cue.frame != "clause":
        content = (
            _adjacent_quote(token, quotes)
            or _chars(doc, _parenthetical_content(token))
            or _chars(doc, _as_clause_content(token))
            or _chars(doc, _object_content(token))
        )
    if content is None:
        return _prep_cue(token, cues, quotes)
    content = _extend_to_quotes(content, token, quotes)
    return _attribution(doc, _source(token, quotes), _cue_tokens(token), content, cue.stance)


def _prep_cue(
    verb: Token, cues: dict[str, _Cue], quotes: list[tuple[int, int]]
) -> records.Attribution | None:
    """A verb plus preposition listed as one cue ("pointed to X", "spoke about X"): the
    content is the preposition's object."""
    lemma = verb.lemma_.lower()
    for prep in verb.rights:
        cue = cues.get(f"{lemma} {prep.lower_}")
        if prep.dep_ != "prep" or cue is None or prep.i - verb.i > _MAX_PREP_GAP_TOKENS:
            continue
        content = _chars(verb.doc, _trim(verb.doc, prep.i + 1, prep.right_edge.i + 1))
        if content is None:
            return None
        content = _extend_to_quotes(content, verb, quotes)
        source = _source(verb, quotes)
        return _attribution(verb.doc, source, (verb.i, prep.i + 1), content, cue.stance)
    return None


def _is_modifier(token: Token) -> bool:
    """True for participles used as adjectives ("the reported attack")."""
    return token.tag_ in {"VBN", "VBG"} and token.dep_ in {"amod", "compound"}


def _clause_content(verb: Token) -> tuple[int, int] | None:
    """Token range of the verb's complement clause ("said that ...", "claiming to ...")."""
    for child in verb.children:
        if child.dep_ in _CLAUSE_DEPS and child.pos_ in {"VERB", "AUX"}:
            if child.dep_ == "xcomp" and child.i < verb.i:
                continue
            return _trim(verb.doc, child.left_edge.i, child.right_edge.i + 1)
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in {"of", "about"} and verb.lemma_ == "accuse":
            return _trim(verb.doc, child.i, child.right_edge.i + 1)
    return None


def _object_content(verb: Token) -> tuple[int, int] | None:
    """Token range of the object and its complements ("denied the report", "called X a liar",
    "accused X of Y", "called for a ceasefire")."""
    parts = [c for c in verb.rights if c.dep_ in _OBJECT_DEPS]
    parts += [c for c in verb.rights if c.dep_ == "prep" and c.lower_ in _OBJECT_PREPS]
    if not parts:
        return None
    start = min(p.left_edge.i if p.dep_ != "prep" or len(parts) > 1 else p.i + 1 for p in parts)
    end = max(p.right_edge.i + 1 for p in parts)
    return _trim(verb.doc, start, end)


def _parenthetical_content(verb: Token) -> tuple[int, int] | None:
    """For "..., X said." parsed as an attachment of the main clause: the rest of that clause."""
    head, doc = verb.head, verb.doc
    if verb.dep_ not in _PARENTHETICAL_DEPS or head.i == verb.i:
        return None
    if not any(c.dep_ in _SUBJECT_DEPS for c in verb.children):
        return None
    left, right = _trim(doc, verb.left_edge.i, verb.right_edge.i + 1) or (verb.i, verb.i + 1)
    if left == 0 or doc[left - 1].text not in _PARENTHESIS_MARKS:
        return None
    if verb.i > head.i:
        return _trim(doc, head.left_edge.i, left)
    if right < len(doc) and doc[right].text in _PARENTHESIS_MARKS:
        return _trim(doc, head.left_edge.i, head.right_edge.i + 1)
    return None


def _as_clause_content(verb: Token) -> tuple[int, int] | None:
    """For "As the ministry said, ..." / "..., as X reported": the rest of the sentence."""
    if verb.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.lefts):
        return None
    doc, sent = verb.doc, verb.sent
    before = _trim(doc, sent.start, verb.left_edge.i)
    after = _trim(doc, verb.right_edge.i + 1, sent.end)
    sizes = [(r[1] - r[0], r) for r in (before, after) if r is not None]
    return max(sizes)[1] if sizes else None


def _source(verb: Token, quotes: Sequence[tuple[int, int]] = ()) -> tuple[int, int] | None:
    """Token range of who is speaking: the subject, passive agent or inherited subject.

    Subjects inside a quotation that does not hold the verb are misparsed quote words.
    """
    for child in _subjects(verb, quotes):
        return _source_phrase(child, verb)
    for child in verb.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return _noun_phrase(objects[0])
    if any(c.dep_ == "nsubjpass" for c in verb.children):
        return None
    if verb.dep_ in _INHERIT_SUBJECT_DEPS and verb.head.i != verb.i:
        return _source(verb.head) if verb.head.pos_ in {"VERB", "AUX"} else None
    return None


def _subjects(verb: Token, quotes: Sequence[tuple[int, int]]) -> list[Token]:
    """The verb's subjects, leaving out words quoted apart from the verb."""
    return [
        child
        for child in verb.children
        if child.dep_ in _SUBJECT_DEPS
        and not any(s <= child.idx < e and not s <= verb.idx < e for s, e in quotes)
    ]


def _source_phrase(subject: Token, verb: Token) -> tuple[int, int]:
    """The subject's phrase; a relative pronoun ("who said") resolves to the noun it modifies."""
    if subject.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
        return _noun_phrase(verb.head)
    return _noun_phrase(subject)


def _noun_phrase(head: Token) -> tuple[int, int]:
    """Subtree of a noun; long ones lose appositions and relative clauses after the head."""
    start, end = head.left_edge.i, head.right_edge.i + 1
    if end - start > _MAX_SOURCE_TOKENS:
        cut = [c for c in head.rights if c.dep_ in _TRIM_CHILD_DEPS]
        if cut:
            end = cut[0].left_edge.i
    return _trim(head.doc, start, end, keep_quotes=False) or (head.i, head.i + 1)


def _cue_tokens(verb: Token) -> tuple[int, int]:
    """The cue verb plus an adjacent particle ("pointed out")."""
    end = verb.i + 1
    for child in verb.rights:
        if child.dep_ == "prt" and child.i == end:
            end += 1
    return verb.i, end


# --- "according to X" ----------------------------------------------------------------------


def _according_to(token: Token) -> records.Attribution | None:
    """ "according to X, ..." or "..., according to X": content is the rest of the sentence."""
    if token.lower_ != "according" or token.i + 1 >= len(token.doc):
        return None
    to = token.doc[token.i + 1]
    if to.lower_ != "to":
        return None
    objects = [c for c in to.children if c.dep_ == "pobj"]
    source = _noun_phrase(objects[0]) if objects else None
    phrase_end = max(token.right_edge.i, to.right_edge.i) + 1
    sent = token.sent
    before = _trim(token.doc, sent.start, token.i)
    after = _trim(token.doc, phrase_end, sent.end)
    sizes = [(r[1] - r[0], r) for r in (before, after) if r is not None]
    if not sizes:
        return None
    content = _chars(token.doc, max(sizes)[1])
    return _attribution(token.doc, source, (token.i, to.i + 1), content, "asserted")


def _headline_colon(colon: Token) -> records.Attribution | None:
    """ "Name: statement" at the start of a sentence (headlines, transcripts)."""
    sent = colon.sent
    if colon.text != ":" or not 0 < colon.i - sent.start <= 4:
        return None
    label = colon.doc[sent.start : colon.i]
    if label[0].lower_ in _HEADLINE_LABELS or any(t.pos_ == "VERB" for t in label):
        return None
    if not all(t.is_title or t.is_upper for t in label):
        return None
    rest = colon.doc[colon.i + 1 : sent.end]
    if len(rest) < 3 or not any(t.pos_ in {"VERB", "AUX"} for t in rest):
        return None
    content = _chars(colon.doc, _trim(colon.doc, colon.i + 1, sent.end))
    if content is None:
        return None
    source = _trim(colon.doc, sent.start, colon.i, keep_quotes=False)
    return _attribution(colon.doc, source, (colon.i, colon.i + 1), content, "asserted")


# --- verification markers ------------------------------------------------------------------


def _verification(token: Token, cues: dict[str, _Cue]) -> records.Attribution | None:
    """An ``unverified`` attribution from a negated verify/confirm, "no confirmation" or
    "unverified"; or None."""
    lemma = token.lemma_.lower()
    if lemma in _VERIFY_LEMMAS and token.pos_ == "VERB" and _negated(token):
        return _unverified_verb(token)
    if lemma in _VERIFY_NOUNS and token.pos_ == "NOUN" and _negated(token):
        content = _chars(token.doc, _of_phrase(token) or _previous_sentence(token))
        if content is None:
            return None
        return _attribution(token.doc, None, _negation_cue(token), content, "unverified")
    if token.lower_ in _UNVERIFIED_ADJS:
        return _unverified_adjective(token, cues)
    return None


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
    source = content = None
    for child in verb.children:
        if child.dep_ == "dobj":
            content = _trim(doc, child.left_edge.i, child.right_edge.i + 1)
        elif child.dep_ == "nsubjpass":
            content = _passive_subject(child, verb)
        elif child.dep_ == "nsubj":
            source = _noun_phrase(child)
    content = content or _clause_content(verb)
    if source is None and verb.dep_ == "xcomp":
        source = _source(verb.head) if verb.head.pos_ in {"VERB", "AUX"} else None
        if source is None and verb.head.dep_ == "acomp":
            source = _source(verb.head.head)
    if content is None or _is_pronoun_range(doc, content):
        content = _previous_sentence(verb) or content
    if content is None:
        return None
    return _attribution(doc, source, _negation_cue(verb), _chars(doc, content), "unverified")


def _passive_subject(subject: Token, verb: Token) -> tuple[int, int] | None:
    """Subject of "could not be verified"; "which" resolves to the clause it follows."""
    if subject.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
        head = verb.head
        return _trim(verb.doc, head.left_edge.i, verb.left_edge.i)
    return _trim(verb.doc, subject.left_edge.i, subject.right_edge.i + 1)


def _unverified_adjective(adj: Token, cues: dict[str, _Cue]) -> records.Attribution | None:
    """ "unverified reports said ..." or "the claims are unverified"."""
    doc = adj.doc
    head = adj.head
    content = None
    if adj.dep_ == "amod":
        verb = head.head
        if head.dep_ in _SUBJECT_DEPS and verb.lemma_.lower() in cues:
            content = _clause_content(verb)
        content = content or _trim(doc, head.left_edge.i, head.right_edge.i + 1)
    elif adj.dep_ in {"acomp", "oprd"}:
        subjects = [c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects:
            content = _passive_subject(subjects[0], head)
    if content is None or _is_pronoun_range(doc, content):
        content = _previous_sentence(adj) or content
    if content is None:
        return None
    return _attribution(doc, None, (adj.i, adj.i + 1), _chars(doc, content), "unverified")


def _negation_cue(token: Token) -> tuple[int, int]:
    """From the first modal/negation/adverb before the token up to the token itself."""
    start = token.i
    deps = {"aux", "neg", "advmod", "auxpass", "det", "amod"}
    for child in sorted(token.lefts, key=lambda t: -t.i):
        if child.dep_ in deps and child.i == start - 1:
            start = child.i
    return start, token.i + 1


def _of_phrase(noun: Token) -> tuple[int, int] | None:
    """The object of "confirmation of X"."""
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ in {"of", "for"}:
            return _trim(noun.doc, child.i + 1, child.right_edge.i + 1)
    return None


def _previous_sentence(token: Token) -> tuple[int, int] | None:
    """Token range of the sentence before the token's own, the usual target of a disclaimer."""
    start = token.sent.start
    if start == 0:
        return None
    prev = token.doc[start - 1].sent
    return _trim(token.doc, prev.start, prev.end)


def _is_pronoun_range(doc: Doc, rng: tuple[int, int]) -> bool:
    """True when a range is a single pronoun or determiner ("it", "this")."""
    return rng[1] - rng[0] == 1 and doc[rng[0]].pos_ in {"PRON", "DET"}


# --- quotes --------------------------------------------------------------------------------


def _quote_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges of quotations, quote marks included.

    Curly quotes pair by direction; straight quotes (" or '') pair in order within a paragraph.
    """
    regions: list[tuple[int, int]] = []
    open_at: tuple[int, str] | None = None
    for match in _QUOTE_MARK.finditer(text):
        mark, at = match.group(), match.start()
        if mark == "\n":
            open_at = None if open_at and open_at[1] not in _OPEN_QUOTES else open_at
        elif open_at is None:
            open_at = (at, mark) if mark not in _CLOSE_QUOTES else None
        elif mark in _CLOSE_QUOTES or mark == _CLOSER.get(open_at[1], open_at[1]):
            if match.end() - open_at[0] <= _MAX_QUOTE_CHARS:
                regions.append((open_at[0], match.end()))
            open_at = None
        elif mark in _OPEN_QUOTES:
            open_at = (at, mark)
    return regions


def _adjacent_quote(verb: Token, quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    """A quotation ending just before the cue's clause ('"...," X said') or opening just
    after it ('X told reporters: "..."'), as a character range."""
    doc = verb.doc
    subjects = _subjects(verb, quotes)
    left = min([verb.i] + [s.left_edge.i for s in subjects if s.i < verb.i])
    left_char = doc[left].idx
    for start, end in reversed(quotes):
        if end <= left_char:
            gap = text_of(doc)[end:left_char]
            return (start, end) if _QUOTE_GAP.fullmatch(gap) else None
    after = verb.i + 1
    for token in doc[after : min(after + _MAX_QUOTE_GAP_TOKENS, verb.sent.end)]:
        starting = [q for q in quotes if q[0] == token.idx]
        if starting:
            return starting[0]
        if token.pos_ in {"VERB", "AUX"}:
            break
    return None


def _extend_to_quotes(
    content: tuple[int, int], cue: Token, quotes: list[tuple[int, int]]
) -> tuple[int, int]:
    """Widen a character range to whole quotations it touches (quotes over several sentences)."""
    start, end = content
    cue_char = cue.idx
    for q_start, q_end in quotes:
        if q_start < end and start < q_end and not q_start <= cue_char < q_end:
            start, end = min(start, q_start), max(end, q_end)
    return start, end


@overload
def _chars(doc: Doc, tokens: tuple[int, int]) -> tuple[int, int]: ...
@overload
def _chars(doc: Doc, tokens: tuple[int, int] | None) -> tuple[int, int] | None: ...
def _chars(doc: Doc, tokens: tuple[int, int] | None) -> tuple[int, int] | None:
    """Character range of a token range (None passes through)."""
    if tokens is None:
        return None
    span = doc[tokens[0] : tokens[1]]
    return span.start_char, span.end_char


# --- spans ---------------------------------------------------------------------------------


def _trim(doc: Doc, start: int, end: int, *, keep_quotes: bool = True) -> tuple[int, int] | None:
    """Drop punctuation, conjunctions and spaces at both ends of a token range.

    Quote marks stay at the ends of contents (``keep_quotes``) but not of sources.
    """
    while start < end and _edge_junk(doc[start], opening=True, keep_quotes=keep_quotes):
        start += 1
    while end > start and _edge_junk(doc[end - 1], opening=False, keep_quotes=keep_quotes):
        end -= 1
    return (start, end) if end > start else None


def _edge_junk(token: Token, *, opening: bool, keep_quotes: bool) -> bool:
    """Tokens that never begin or end a span."""
    if token.is_space:
        return True
    if token.is_quote:
        return not keep_quotes
    if token.is_punct:
        return True
    return opening and token.dep_ == "cc"


def _attribution(
    doc: Doc,
    source: tuple[int, int] | None,
    cue: tuple[int, int],
    content: tuple[int, int],
    stance: records.Stance,
) -> records.Attribution:
    """Build the record from token ranges for source and cue, a character range for content."""
    source_chars = _chars(doc, source)
    cue_chars = _chars(doc, cue)
    return records.Attribution(
        source=_span(doc, *source_chars) if source_chars else None,
        cue=_span(doc, *cue_chars),
        content=_span(doc, *content),
        stance=stance,
    )


def _span(doc: Doc, start: int, end: int) -> records.Span:
    """A record span over ``doc.text``."""
    return records.Span(start=start, end=end, text=text_of(doc)[start:end])

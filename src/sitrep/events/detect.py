"""Find event candidates in a sentence and score their sub-event types."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.symbols import NOUN, PROPN
from spacy.tokens import Span, Token

from sitrep.data import read_tsv
from sitrep.events.candidate import Candidate, clause_head, clause_tokens
from sitrep.events.filters import (
    is_anaphoric,
    is_aside,
    is_background,
    is_descriptive,
    modality,
)
from sitrep.events.participants import target_tokens
from sitrep.events.triggers import Lexicon, is_non_event, lexicon_for, matches, sentence_forms
from sitrep.events.words import words
from sitrep.taxonomy import Taxonomy
from sitrep.taxonomy import load as load_taxonomy

_TRIGGER_POS = {"VERB", "NOUN", "PROPN", "ADJ"}
_NOUN_SYMBOLS = {NOUN, PROPN}
_NAME_ENTS = {
    "PERSON", "ORG", "GPE", "LOC", "FAC", "WORK_OF_ART", "LAW", "PRODUCT", "NORP", "DATE", "TIME",
}  # fmt: skip
_STRATEGIC = "Strategic developments"
_VIOLENT_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}
_ARG_DEPS = {
    "dobj", "nsubj", "nsubjpass", "attr", "oprd", "dative", "agent", "prep", "pobj", "compound",
    "amod", "poss", "nmod", "conj", "appos", "prt", "acomp", "xcomp",
}  # fmt: skip
_ANY_POS = frozenset({"VERB", "NOUN", "PROPN", "ADJ"})
_V = frozenset({"VERB"})
_N = frozenset({"NOUN", "PROPN"})
_POS_CLASSES = {"verb": _V, "noun": _N, "any": _ANY_POS}
_STRONG_STRATEGIC = 4.0  # a strategic candidate this strong stands beside a violent one
_MODIFIER_DEPS = {"amod", "compound", "nmod", "acl"}
ANY = "__any__"  # a background event whose type comes from the article's previous event


@dataclass(frozen=True)
class _Licence:
    """What a strategic-development trigger needs: parts of speech for its anchor, lemmas one
    of which must be among its arguments (empty: any), and whether an armed actor must be."""

    pos: frozenset[str]
    arguments: frozenset[str]
    armed: bool


@lru_cache(maxsize=1)
def _licences() -> dict[tuple[str, str], _Licence]:
    """``data/event_licences.tsv`` keyed by (sub-event type, trigger lemma)."""
    table = {}
    for row in read_tsv("event_licences.tsv"):
        needed: set[str] = set()
        for item in filter(None, row["arguments"].split("|")):
            needed |= words(item[1:]) if item.startswith("@") else {item}
        table[(row["sub_event_type"], row["lemma"])] = _Licence(
            pos=_POS_CLASSES[row["pos"]], arguments=frozenset(needed), armed=row["armed"] == "yes"
        )
    return table


def classify(sent: Span, *, taxonomy: Taxonomy | None = None) -> list[Candidate]:
    """Find the event candidates in one sentence and score their sub-event types.

    Args:
        sent (Span): a parsed sentence.
        taxonomy (Taxonomy | None): lexicons to use; the packaged taxonomy when None.

    Returns:
        list[Candidate]: one candidate per event clause; ``.sub`` is its best sub-type name.
    """
    taxonomy = taxonomy or load_taxonomy()
    lexicon = lexicon_for(taxonomy)
    forms, parts_of_speech = sentence_forms(sent)
    if is_non_event(forms, lexicon):
        violent = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}
        blocked = {s.name for s in taxonomy.sub_event_types if s.event_type in violent}
    else:
        blocked = set()
    anchors = _anchors(sent, forms, lexicon)
    background = [  # only a noun names a background event
        tok
        for tok in (sent[i] for i, pos in enumerate(parts_of_speech) if pos in _NOUN_SYMBOLS)
        if is_background(tok)
    ]
    in_background = {tok.i for tok in background}
    candidates: dict[int, Candidate] = {}
    for tok, weights in anchors:
        if tok.i in in_background:
            continue
        state = modality(tok)
        if state == "drop" or is_aside(tok):
            continue
        clause = clause_head(tok)
        cand = candidates.get(clause.i)
        if cand is None:
            cand = candidates[clause.i] = Candidate(anchor=tok, tokens=[], clause=clause)
        cand.tokens.append(tok)
        if isinstance(state, Token):
            cand.denied_by = state
        for name, weight in weights.items():
            if name not in blocked:
                cand.scores[name] = cand.scores.get(name, 0.0) + weight
    result = [c for c in candidates.values() if c.scores]
    if any(not _casualty_only(c) for c in result):
        result = [c for c in result if not _casualty_only(c)]
    for cand in result:
        cand.anchor = max(cand.tokens, key=lambda t: max(_weights_of(t, anchors).values()))
        _add_cues(cand, sent, forms, lexicon, whole=len(result) == 1)
    result = _prefer_violence(result, forms, lexicon)
    anaphoric = [c for c in result if all(is_anaphoric(t) for t in c.tokens)]
    result = [
        c for c in result if c not in anaphoric and not all(is_descriptive(t) for t in c.tokens)
    ]
    for tok in background:
        result.append(_background_candidate(tok, result or anaphoric))
    return sorted(result, key=lambda c: c.anchor.i)


def _prefer_violence(
    result: list[Candidate], forms: list[tuple[str, ...]], lexicon: Lexicon
) -> list[Candidate]:
    """In a sentence that reports casualties, violence outranks strategic readings.

    A candidate with a violent reading loses its strategic ones; a weak strategic-only
    candidate beside a violent one is dropped ("condemned ..., as eight were killed").
    """
    casualty = words("casualty_lemmas")
    if not any(form[0] in casualty for form in forms):  # form[0]: the lemma
        return result
    types = lexicon.event_types

    def _violent(name: str) -> bool:
        return types.get(name) in _VIOLENT_TYPES

    kept = []
    any_violent = any(_violent(c.sub) for c in result)
    for cand in result:
        if types.get(cand.sub) == _STRATEGIC:
            violent = {k: v for k, v in cand.scores.items() if _violent(k)}
            if violent:
                cand.scores = violent
            elif any_violent and cand.scores[cand.sub] < _STRONG_STRATEGIC:
                continue
        kept.append(cand)
    return kept


def _casualty_only(cand: Candidate) -> bool:
    """A clause that only reports harm ("32 others wounded") belongs to the sentence's event."""
    return all(t.lemma_.lower() in words("casualty_lemmas") for t in cand.tokens)


def _weights_of(tok: Token, anchors: list[tuple[Token, dict[str, float]]]) -> dict[str, float]:
    return next(w for t, w in anchors if t.i == tok.i)


def _anchors(
    sent: Span, forms: list[tuple[str, ...]], lexicon: Lexicon
) -> list[tuple[Token, dict[str, float]]]:
    """Longest trigger match at each position, anchored on the phrase's syntactic head."""
    found: list[tuple[Token, dict[str, float]]] = []
    taken: set[int] = set()
    for i in range(len(sent)):
        if i in taken:
            continue
        best: tuple[tuple[str, ...], dict[str, float]] | None = None
        for form in forms[i]:
            for phrase, weights in lexicon.triggers.get(form, ()):
                if not matches(forms, i, phrase) or not _connected(sent[i : i + len(phrase)]):
                    continue
                if best is None or len(phrase) > len(best[0]):
                    best = (phrase, weights)
        if best is None:
            continue
        span = sent[i : i + len(best[0])]
        head = span.root
        if head.pos_ not in _TRIGGER_POS or (len(span) == 1 and _is_name(head)):
            continue
        weights = _licensed(head, best[1], taxonomy_types=lexicon.event_types)
        if not weights:
            continue
        taken.update(range(i, i + len(best[0])))
        found.append((head, weights))
    return found


def _connected(span: Span) -> bool:
    """A phrase is one syntactic unit: "prisoner exchange", not "prisoners | exchanged fire"."""
    roots = [t for t in span if t.head.i == t.i or not span.start <= t.head.i < span.end]
    return len(roots) <= 1


def _licensed(
    head: Token, weights: dict[str, float], *, taxonomy_types: dict[str, str]
) -> dict[str, float]:
    """Drop the readings whose trigger lacks fitting arguments: every Strategic-development
    reading, and any other reading the licence table lists.

    "troops withdrew from the town" keeps its transfer reading, "schoolgirls leaving
    for home" loses it; "fighters entered several villages" is a raid, "entered talks" is
    not; a participle modifying a noun ("the banned group", "a report released on Monday")
    is a description, not an event.
    """
    lemma = head.lemma_.lower()
    kept: dict[str, float] = {}
    for name, weight in weights.items():
        checked = taxonomy_types.get(name) == _STRATEGIC or (name, lemma) in _licences()
        if not checked or _fits(head, lemma, name):
            kept[name] = weight
    return kept


def _fits(head: Token, lemma: str, sub: str) -> bool:
    licence = _licences().get((sub, lemma))
    if head.pos_ == "VERB" and head.dep_ in _MODIFIER_DEPS and not (licence and licence.arguments):
        return False
    if head.pos_ in _N and head.dep_ in {"compound", "amod"} and lemma != head.head.lemma_:
        return False
    if head.dep_ == "pobj" and head.head.lower_ == "since":
        return False
    if sub == "Agreement" and head.pos_ in _N and head.dep_ == "pobj":
        return False
    if licence is None:
        return True
    pos, needed = licence.pos, licence.arguments
    if head.pos_ not in pos:
        return False
    if any(c.dep_ == "prt" and c.lower_ == "up" for c in head.children) and lemma == "catch":
        return False
    args = _argument_lemmas(head)
    if needed and not args & needed:
        return False
    return not licence.armed or bool(args & words("armed_nouns"))


def _argument_lemmas(head: Token) -> set[str]:
    """Lemmas of the anchor's arguments (two levels down) and of the word it hangs on."""
    found: set[str] = set()
    frontier = [head]
    for _ in range(3):
        nxt = []
        for tok in frontier:
            for child in tok.children:
                if child.dep_ in _ARG_DEPS:
                    found.add(child.lemma_.lower())
                    nxt.append(child)
        frontier = nxt
    if head.dep_ in {"dobj", "pobj", "nsubjpass", "nsubj", "acl", "amod", "relcl", "compound"}:
        governor = head.head
        if governor.dep_ == "prep":
            governor = governor.head
        found.add(governor.lemma_.lower())
        if head.dep_ in {"acl", "amod", "relcl", "compound"}:
            found.update(c.lemma_.lower() for c in governor.children if c.dep_ == "compound")
    return found


def _is_name(tok: Token) -> bool:
    """Part of a name or date ("March 21", "Strike Force"), not an event word."""
    if tok.ent_type_ in _NAME_ENTS:
        return True
    capitalised = tok.text[:1].isupper() and not tok.text.isupper()
    return tok.pos_ == "PROPN" and capitalised and not tok.is_sent_start


def _background_candidate(tok: Token, others: list[Candidate]) -> Candidate:
    """A background event takes its type from the sentence's other events when there are any."""
    cand = Candidate(anchor=tok, tokens=[tok], clause=clause_head(tok), background=True)
    if others:
        cand.scores = dict(others[0].scores)
    else:
        cand.scores = {ANY: 1.0}
    return cand


def _add_cues(
    cand: Candidate,
    sent: Span,
    forms: list[tuple[str, ...]],
    lexicon: Lexicon,
    *,
    whole: bool,
) -> None:
    """Add the weights of the cue phrases in the candidate's scope (its clause, or the
    whole sentence when it is the sentence's only candidate); ``forms`` are the
    sentence's."""
    if whole:
        scope = set(range(sent.start, sent.end))
    else:
        scope = {t.i for t in clause_tokens(cand, sent)}
    target = {t.i for t in target_tokens(cand)}
    seen: set[tuple[str, ...]] = set()
    for i in range(len(forms)):
        if sent.start + i not in scope:
            continue
        for form in forms[i]:
            for phrase, weights in lexicon.cues.get(form, ()):
                if phrase in seen or not matches(forms, i, phrase):
                    continue
                seen.add(phrase)
                factor = 2.0 if sent.start + i in target else 1.0
                for name, weight in weights.items():
                    if name in cand.scores:
                        cand.scores[name] += weight * factor

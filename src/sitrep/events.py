"""Event detection, typing and assembly: annotated article + parse -> ACLED events.

How an event is found and filled:

1. **Triggers.** Every token (or lemma phrase) listed as a trigger of some
   sub-event type in :mod:`sitrep.taxonomy` is a candidate anchor. Anchors that
   are negated ("did not attack"), hypothetical or future ("could attack",
   "threatened to strike", "if ... attack"), generic ("when fighting") or
   anaphoric ("the current raid", "their recent attacks") are dropped. A denied
   anchor ("denied carrying out the strike") is kept with a ``denied`` claim.
2. **Clauses.** Anchors in the same clause form one event; a conjoined clause
   with its own subject ("X shelled A and drones hit B") is a second event.
3. **Typing.** Trigger weights give each candidate sub-type a prior; cue
   lemmas in the clause re-rank them (cues on the target count double). The
   best sub-type wins. Sentences about disasters, disease or accidents yield
   no violent events.
4. **Filling.** actor1 is the agent (subject, "by X", the subject of a light
   verb such as "launched attacks"; "their forces" and "they" resolve to the
   attributed source or the previous subject); actor2 the target (object,
   passive subject, "attack on X"). The place is the mention in the sentence
   nearest the anchor, preferring those governed by in/into/near/at; else the
   previous sentence's, else the dateline's. Conjoined places ("Kursk and
   Belgorod") give one event each.
5. **Date rule.** The date is the DATE expression in the event's sentence
   nearest the anchor; else one in the sentence holding the cue of an
   attribution whose content covers the anchor; else the publication date
   with precision 2 (the "reported" date).
6. **Claims and verification.** Attributions whose content overlaps the
   event's clause become claims; an article-level unverified marker about
   "claims"/"reports" makes claimed events ``unverified``; a denial makes an
   event ``contested``; two independent claimants make it ``corroborated``;
   otherwise ``reported``.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from sitrep import records
from sitrep.fatalities import count as count_fatalities
from sitrep.taxonomy import SubEventType, Taxonomy
from sitrep.taxonomy import load as load_taxonomy

logger = logging.getLogger(__name__)

_TRIGGER_POS = {"VERB", "NOUN", "PROPN", "ADJ"}
_NAME_ENTS = {
    "PERSON", "ORG", "GPE", "LOC", "FAC", "WORK_OF_ART", "LAW", "PRODUCT", "NORP", "DATE", "TIME",
}  # fmt: skip
_MODALS = {"could", "may", "might", "would", "will", "shall", "should", "can", "must", "'ll"}
_HYPOTHETICAL_HEADS = {
    "threaten", "plan", "vow", "warn", "want", "intend", "seek", "prepare", "aim", "call",
    "urge", "fear", "promise", "pledge", "expect", "consider", "hope", "propose", "demand",
    "ask", "order", "allow", "permit", "decide", "agree", "refuse", "prevent", "avoid",
    "need", "likely", "able", "ready",
}  # fmt: skip
_HYPOTHETICAL_NOUNS = {
    "threat", "risk", "fear", "possibility", "danger", "plan", "prospect", "call", "warning",
    "rumour", "rumor",
}  # fmt: skip
_HYPOTHETICAL_ADJS = {"possible", "potential", "future", "planned", "imminent"}
_CONDITIONAL_MARKS = {"if", "unless", "whenever", "whether"}
_DENIAL_LEMMAS = {"deny", "refute", "dismiss", "reject"}
_ANAPHORIC_MODS = {"current", "latest", "this", "these", "same", "ongoing", "recent", "such"}
_BACKGROUND_MODS = {"previous", "earlier", "past", "last", "prior", "former", "similar"}
_BACKGROUND_NOUNS = {"action", "operation", "activity", "incident", "assault", "incursion"}
_LIGHT_VERBS = {
    "launch", "carry", "conduct", "stage", "hold", "mount", "make", "perform", "organize",
    "organise", "lead", "continue", "claim", "commit", "unleash", "execute", "undertake",
}  # fmt: skip
_CASUALTY_LEMMAS = {"kill", "wound", "injure", "die", "dead", "death", "hurt", "body"}
_COLLECTIVE_NOUNS = {"groups", "factions", "militias", "organisations", "organizations"}
_NON_STATE_KINDS = {"rebel group", "political militia", "identity militia"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
_CLAUSE_STOP_DEPS = {"ccomp", "parataxis"}
_LOC_PREPS = {"in", "into", "near", "at", "inside", "outside", "around", "across", "on", "within"}
_NEAR_PREPS = {"near", "outside", "around", "close", "outskirts", "vicinity"}
_TARGET_PREPS = {"on", "against", "at", "targeting"}
_PRONOUNS = {"they", "them", "their", "he", "she", "his", "her", "we", "our", "it", "its"}
_ANY = "__any__"  # a background event whose type comes from the article's previous event
_UNVERIFIED_TOPICS = re.compile(
    r"\b(claims?|reports?|accounts?|information|allegations?|figures?|footage|videos?|statements?)\b",
    re.IGNORECASE,
)


@dataclass
class _Candidate:
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


@dataclass(frozen=True)
class _Lexicon:
    """Trigger and cue phrases as token tuples, indexed by their first word."""

    triggers: dict[str, list[tuple[tuple[str, ...], dict[str, float]]]]
    cues: dict[str, list[tuple[tuple[str, ...], dict[str, float]]]]
    non_events: dict[str, list[tuple[str, ...]]]
    overrides: dict[str, list[tuple[str, ...]]]


def run(annotated: records.AnnotatedArticle, *, doc: Doc) -> list[records.Event]:
    """Detect, type and fill the events that ``annotated`` reports.

    Args:
        annotated (AnnotatedArticle): the article with its time, place, claim and actor layers.
        doc (Doc): the spaCy parse of ``annotated.article.text`` (tagger, parser, lemmatizer).

    Returns:
        list[Event]: events in the order of their sentences (zero or many).
    """
    if doc.text != annotated.article.text:
        raise ValueError("doc must be the parse of annotated.article.text")
    taxonomy = load_taxonomy()
    actors = list(annotated.actors) or _actor_layer(doc)
    sentences = list(doc.sents)
    found: list[tuple[int, _Candidate]] = []
    for index, sent in enumerate(sentences):
        found.extend((index, cand) for cand in classify(sent, taxonomy=taxonomy))
    markers = [a for a in annotated.attributions if _is_unverified_marker(a)]
    events: list[records.Event] = []
    seen_types: set[str] = set()
    last_sub: str | None = None
    for index, cand in found:
        if cand.sub == _ANY:
            if last_sub is None:
                continue
            cand.scores = {last_sub: 1.0}
        sub = taxonomy.sub_type(cand.sub)
        last_sub = sub.name
        sent = sentences[index]
        timex = _date(cand, sent, annotated)
        places = _places(cand, sent, sentences[index - 1] if index else None, annotated)
        deaths = count_fatalities(_fatality_scope(cand, sentences, index, found))
        if _is_repeat(cand, sub, seen_types, timex, places, deaths, sent=sent):
            continue
        seen_types.add(sub.event_type)
        for place in places or [None]:
            events.append(
                _assemble(cand, sub, sent, annotated, actors, timex, place, deaths, markers)
            )
    return events


def classify(sent: Span, *, taxonomy: Taxonomy | None = None) -> list[_Candidate]:
    """Find the event candidates in one sentence and score their sub-event types.

    Args:
        sent (Span): a parsed sentence.
        taxonomy (Taxonomy | None): lexicons to use; the packaged taxonomy when None.

    Returns:
        list[_Candidate]: one candidate per event clause; ``.sub`` is its best sub-type name.
    """
    taxonomy = taxonomy or load_taxonomy()
    lexicon = _lexicon(taxonomy)
    forms = [_forms(tok) for tok in sent]
    if _is_non_event(forms, lexicon):
        violent = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}
        blocked = {s.name for s in taxonomy.sub_event_types if s.event_type in violent}
    else:
        blocked = set()
    anchors = _anchors(sent, forms, lexicon)
    background = [tok for tok in sent if _is_background(tok)]
    candidates: dict[int, _Candidate] = {}
    for tok, weights in anchors:
        if any(tok.i == b.i for b in background):
            continue
        state = _modality(tok)
        if state == "drop":
            continue
        clause = _clause_head(tok)
        cand = candidates.get(clause.i)
        if cand is None:
            cand = candidates[clause.i] = _Candidate(anchor=tok, tokens=[], clause=clause)
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
    anaphoric = [c for c in result if all(_is_anaphoric(t) for t in c.tokens)]
    result = [c for c in result if c not in anaphoric]
    for tok in background:
        result.append(_background_candidate(tok, result or anaphoric))
    return sorted(result, key=lambda c: c.anchor.i)


def _casualty_only(cand: _Candidate) -> bool:
    """A clause that only reports harm ("32 others wounded") belongs to the sentence's event."""
    return all(t.lemma_.lower() in _CASUALTY_LEMMAS for t in cand.tokens)


def _weights_of(tok: Token, anchors: list[tuple[Token, dict[str, float]]]) -> dict[str, float]:
    return next(w for t, w in anchors if t.i == tok.i)


def _lexicon(taxonomy: Taxonomy) -> _Lexicon:
    """The compiled lexicon; the packaged taxonomy's is built once and cached."""
    if taxonomy is load_taxonomy():
        return _packaged_lexicon()
    return _compile(taxonomy)


@lru_cache(maxsize=1)
def _packaged_lexicon() -> _Lexicon:
    return _compile(load_taxonomy())


def _compile(taxonomy: Taxonomy) -> _Lexicon:
    triggers: dict[str, dict[tuple[str, ...], dict[str, float]]] = {}
    cues: dict[str, dict[tuple[str, ...], dict[str, float]]] = {}
    for sub in taxonomy.sub_event_types:
        for table, source in ((triggers, sub.triggers), (cues, sub.cues)):
            for phrase, weight in source.items():
                words = tuple(phrase.lower().split())
                table.setdefault(words[0], {}).setdefault(words, {})[sub.name] = weight

    def _index(phrases: Iterable[str]) -> dict[str, list[tuple[str, ...]]]:
        out: dict[str, list[tuple[str, ...]]] = {}
        for phrase in phrases:
            words = tuple(phrase.lower().split())
            out.setdefault(words[0], []).append(words)
        return out

    def _flatten(
        table: dict[str, dict[tuple[str, ...], dict[str, float]]],
    ) -> dict[str, list[tuple[tuple[str, ...], dict[str, float]]]]:
        return {
            first: sorted(entries.items(), key=lambda kv: -len(kv[0]))
            for first, entries in table.items()
        }

    return _Lexicon(
        triggers=_flatten(triggers),
        cues=_flatten(cues),
        non_events=_index(taxonomy.non_events.lemmas),
        overrides=_index(taxonomy.non_events.override_lemmas),
    )


def _forms(tok: Token) -> set[str]:
    return {tok.lemma_.lower(), tok.lower_}


def _match(forms: list[set[str]], i: int, words: tuple[str, ...]) -> bool:
    if i + len(words) > len(forms):
        return False
    return all(word in forms[i + k] for k, word in enumerate(words))


def _phrases_at(
    forms: list[set[str]], i: int, index: dict[str, list[tuple[str, ...]]]
) -> Iterable[tuple[str, ...]]:
    for form in forms[i]:
        for words in index.get(form, ()):
            if _match(forms, i, words):
                yield words


def _is_non_event(forms: list[set[str]], lexicon: _Lexicon) -> bool:
    has_block = any(
        any(True for _ in _phrases_at(forms, i, lexicon.non_events)) for i in range(len(forms))
    )
    if not has_block:
        return False
    return not any(
        any(True for _ in _phrases_at(forms, i, lexicon.overrides)) for i in range(len(forms))
    )


def _anchors(
    sent: Span, forms: list[set[str]], lexicon: _Lexicon
) -> list[tuple[Token, dict[str, float]]]:
    """Longest trigger match at each position, anchored on the phrase's syntactic head."""
    found: list[tuple[Token, dict[str, float]]] = []
    taken: set[int] = set()
    for i in range(len(sent)):
        if i in taken:
            continue
        best: tuple[tuple[str, ...], dict[str, float]] | None = None
        for form in forms[i]:
            for words, weights in lexicon.triggers.get(form, ()):
                if _match(forms, i, words) and (best is None or len(words) > len(best[0])):
                    best = (words, weights)
        if best is None:
            continue
        span = sent[i : i + len(best[0])]
        head = span.root
        if head.pos_ not in _TRIGGER_POS or (len(span) == 1 and _is_name(head)):
            continue
        taken.update(range(i, i + len(best[0])))
        found.append((head, best[1]))
    return found


def _is_name(tok: Token) -> bool:
    """Part of a name or date ("March 21", "Strike Force"), not an event word."""
    if tok.ent_type_ in _NAME_ENTS:
        return True
    capitalised = tok.text[:1].isupper() and not tok.text.isupper()
    return tok.pos_ == "PROPN" and capitalised and not tok.is_sent_start


def _governing_verb(tok: Token) -> Token | None:
    """The nearest verb at or above ``tok`` (the anchor itself when it is a verb)."""
    cur = tok
    for _ in range(6):
        if cur.pos_ in {"VERB", "AUX"}:
            return cur
        if cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


def _modality(tok: Token) -> str | Token | None:
    """Return "drop" for negated/hypothetical/generic anchors, the denying verb, or None."""
    if any(c.dep_ == "neg" for c in tok.children):
        return "drop"
    if any(c.dep_ == "det" and c.lower_ in {"no", "any"} for c in tok.children):
        return "drop"
    if any(c.dep_ == "amod" and c.lemma_.lower() in _HYPOTHETICAL_ADJS for c in tok.children):
        return "drop"
    if tok.pos_ != "VERB" and tok.head.lemma_.lower() == "of":
        if tok.head.head.lemma_.lower() in _HYPOTHETICAL_NOUNS:
            return "drop"
    denier = _denier(tok)
    if denier is not None:
        return denier
    verb = _governing_verb(tok)
    cur = verb
    depth = 0
    while cur is not None and depth < 4:
        children = list(cur.children)
        if any(c.dep_ == "neg" for c in children) and cur.i == verb.i:
            return "drop"
        if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in children):
            return "drop"
        if any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in children):
            return "drop"
        if cur.i != tok.i and cur.lemma_.lower() in _HYPOTHETICAL_HEADS:
            return "drop"
        if cur.i == verb.i and _is_generic(cur):
            return "drop"
        if cur.dep_ not in {"xcomp", "ccomp", "dobj", "pcomp", "advcl"} or cur.head.i == cur.i:
            break
        cur = cur.head
        depth += 1
    return None


def _denier(tok: Token) -> Token | None:
    """The verb denying ``tok`` ("denied carrying out the strike", "denied that X attacked")."""
    cur = tok
    for _ in range(4):
        if cur.dep_ not in {"dobj", "xcomp", "ccomp", "pcomp", "nsubjpass", "auxpass"}:
            return None
        cur = cur.head
        if cur.lemma_.lower() in _DENIAL_LEMMAS:
            return cur
    return None


def _is_generic(verb: Token) -> bool:
    """A subjectless gerund in a "when/while" clause describes a habit, not an event."""
    marks = {c.lower_ for c in verb.children if c.dep_ in {"mark", "advmod"}}
    has_subject = any(c.dep_ in _SUBJECT_DEPS for c in verb.children)
    return verb.tag_ == "VBG" and bool(marks & {"when", "while", "whenever"}) and not has_subject


def _is_background(tok: Token) -> bool:
    """An earlier event named by a generic noun: "previous actions", "earlier operations"."""
    if tok.pos_ not in {"NOUN", "PROPN"}:
        return False
    return any(
        c.dep_ == "amod" and c.lemma_.lower() in _BACKGROUND_MODS for c in tok.children
    ) and (tok.lemma_.lower() in _BACKGROUND_NOUNS)


def _background_candidate(tok: Token, others: list[_Candidate]) -> _Candidate:
    """A background event takes its type from the sentence's other events when there are any."""
    cand = _Candidate(anchor=tok, tokens=[tok], clause=_clause_head(tok), background=True)
    if others:
        cand.scores = dict(others[0].scores)
    else:
        cand.scores = {_ANY: 1.0}
    return cand


def _clause_head(tok: Token) -> Token:
    cur = tok
    while cur.head.i != cur.i:
        if cur.dep_ in _CLAUSE_STOP_DEPS:
            return cur
        if cur.dep_ == "conj" and cur.pos_ in {"VERB", "AUX"}:
            if any(c.dep_ in _SUBJECT_DEPS for c in cur.children):
                return cur
        cur = cur.head
    return cur


def _clause_tokens(cand: _Candidate, sent: Span) -> list[Token]:
    return [t for t in sent if _clause_head(t).i == cand.clause.i]


def _is_anaphoric(tok: Token) -> bool:
    return tok.pos_ in {"NOUN", "PROPN"} and any(
        c.dep_ in {"det", "amod"} and c.lemma_.lower() in _ANAPHORIC_MODS for c in tok.children
    )


def _add_cues(
    cand: _Candidate, sent: Span, forms: list[set[str]], lexicon: _Lexicon, *, whole: bool
) -> None:
    scope = {t.i for t in (sent if whole else _clause_tokens(cand, sent))}
    target = {t.i for t in _target_tokens(cand)}
    seen: set[tuple[str, ...]] = set()
    for i, tok in enumerate(sent):
        if tok.i not in scope:
            continue
        for form in forms[i]:
            for words, weights in lexicon.cues.get(form, ()):
                if words in seen or not _match(forms, i, words):
                    continue
                seen.add(words)
                factor = 2.0 if tok.i in target else 1.0
                for name, weight in weights.items():
                    if name in cand.scores:
                        cand.scores[name] += weight * factor


def _target_tokens(cand: _Candidate) -> list[Token]:
    head = _patient(cand)
    return list(head.subtree) if head is not None else []


def _agent(cand: _Candidate) -> Token | None:
    """The agent of the anchor: subject, "by X", possessor, or a light verb's subject."""
    for tok in [cand.anchor, *cand.tokens]:
        for child in tok.children:
            if child.dep_ == "agent":
                objs = [g for g in child.children if g.dep_ == "pobj"]
                if objs:
                    return objs[0]
            if child.dep_ in {"nsubj", "csubj"}:
                return child
            if child.dep_ == "poss" and tok.pos_ in {"NOUN", "PROPN"}:
                if child.lower_ not in _PRONOUNS:
                    return child
            if child.dep_ == "prep" and child.lower_ == "by" and tok.pos_ in {"NOUN", "PROPN"}:
                objs = [g for g in child.children if g.dep_ == "pobj"]
                if objs:
                    return objs[0]
    cur = cand.anchor
    for _ in range(4):
        head = cur.head
        if head.i == cur.i:
            break
        if cur.dep_ in {"dobj", "xcomp", "advcl", "conj", "pobj", "prep", "pcomp", "acl"}:
            subj = [c for c in head.children if c.dep_ in {"nsubj", "csubj"}]
            if subj and head.pos_ in {"VERB", "AUX"}:
                if (
                    cur.dep_ != "dobj"
                    or head.lemma_.lower() in _LIGHT_VERBS
                    or cur.i != cand.anchor.i
                ):
                    return subj[0]
                return None
        cur = head
    return None


def _patient(cand: _Candidate) -> Token | None:
    """The target of the anchor: object, passive subject, or "attack on X"."""
    anchor_ids = {t.i for t in cand.tokens}
    for tok in [cand.anchor, *cand.tokens]:
        for child in tok.children:
            if child.dep_ in {"dobj", "nsubjpass"} and child.i not in anchor_ids:
                return child
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in _TARGET_PREPS:
                objs = [g for g in child.children if g.dep_ == "pobj"]
                if objs and objs[0].ent_type_ not in {"GPE", "LOC", "FAC", "DATE", "TIME"}:
                    return objs[0]
    return None


def _phrase(head: Token) -> tuple[int, int]:
    """Character range of the noun phrase headed by ``head``, without clauses or appositions."""
    inside = {t.i for t in _phrase_tokens(head)}
    doc = head.doc
    first = last = head.i
    while first - 1 in inside and not _is_break(doc[first - 1]):
        first -= 1
    while last + 1 in inside and not _is_break(doc[last + 1]):
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


def _is_break(tok: Token) -> bool:
    """Punctuation that ends a phrase (a spaced dash, a comma), not a word-internal hyphen."""
    if not tok.is_punct:
        return False
    if tok.text == "-":
        return bool(tok.whitespace_) or bool(tok.i and tok.doc[tok.i - 1].whitespace_)
    return True


def _actor_name(
    head: Token,
    cand: _Candidate,
    annotated: records.AnnotatedArticle,
    actors: list[records.ActorMention],
) -> tuple[str, tuple[int, int]] | None:
    start, end = _phrase(head)
    for mention in actors:
        if mention.start < end and start < mention.end:
            return mention.name, (mention.start, mention.end)
    if _pronominal(head):
        resolved = _resolve_pronoun(head, cand, annotated, actors)
        if resolved is not None:
            return resolved
        return None
    if head.pos_ == "PRON":
        return None
    return head.doc.text[start:end], (start, end)


def _pronominal(head: Token) -> bool:
    """ "they", "their forces": a phrase that names its referent only through a pronoun."""
    return head.lower_ in _PRONOUNS or any(
        c.dep_ == "poss" and c.lower_ in _PRONOUNS for c in head.children
    )


def _resolve_pronoun(
    head: Token,
    cand: _Candidate,
    annotated: records.AnnotatedArticle,
    actors: list[records.ActorMention],
) -> tuple[str, tuple[int, int]] | None:
    """ "They"/"their forces": the source of the covering attribution, else the previous subject."""
    anchor = cand.anchor.idx
    for attribution in annotated.attributions:
        source = attribution.source
        if source is None or not attribution.content.start <= anchor < attribution.content.end:
            continue
        if source.text.lower() in _PRONOUNS:
            continue
        for mention in actors:
            if mention.start < source.end and source.start < mention.end:
                return mention.name, (mention.start, mention.end)
        return _trim_source(head.doc, source)
    sent = head.sent
    for tok in sent:
        if tok.i >= head.i:
            break
        if tok.dep_ in {"nsubj", "nsubjpass"} and not _pronominal(tok):
            return head.doc.text[slice(*_phrase(tok))], _phrase(tok)
    if sent.start > 0:
        prev = head.doc[sent.start - 1].sent
        subj = [t for t in prev if t.dep_ == "nsubj" and t.head.dep_ == "ROOT"]
        if subj and not _pronominal(subj[0]):
            return head.doc.text[slice(*_phrase(subj[0]))], _phrase(subj[0])
    return None


def _trim_source(doc: Doc, source: records.Span) -> tuple[str, tuple[int, int]]:
    span = doc.char_span(source.start, source.end, alignment_mode="expand")
    if span is None:
        return source.text, (source.start, source.end)
    start, end = _phrase(span.root)
    return doc.text[start:end], (start, end)


def _assoc_actors(
    head: Token | None,
    cand: _Candidate,
    annotated: records.AnnotatedArticle,
    actors: list[records.ActorMention],
    primary: str | None,
) -> list[str]:
    """Actors conjoined with the agent ("X and Y attacked")."""
    if head is None:
        return []
    names: list[str] = []
    for conj in head.conjuncts:
        found = _actor_name(conj, cand, annotated, actors)
        if found and found[0] != primary and found[0] not in names:
            names.append(found[0])
    return names


def _named_groups(
    agent: tuple[str, tuple[int, int]] | None, actors: list[records.ActorMention]
) -> list[str]:
    """An unnamed collective agent ("the groups") stands for the article's named armed groups."""
    if agent is None or agent[0].rsplit(" ", 1)[-1].lower() not in _COLLECTIVE_NOUNS:
        return []
    names: list[str] = []
    for mention in actors:
        named = not mention.name.lower().startswith("unidentified")
        if mention.kind in _NON_STATE_KINDS and named and mention.name not in names:
            names.append(mention.name)
    return names


def _date(
    cand: _Candidate, sent: Span, annotated: records.AnnotatedArticle
) -> records.TimeExpression | None:
    anchor = cand.anchor.idx
    in_sent = [
        t
        for t in annotated.timexes
        if sent.start_char <= t.start < sent.end_char and t.date_start is not None
    ]
    if in_sent:
        return min(in_sent, key=lambda t: abs(t.start - anchor))
    for attribution in annotated.attributions:
        if not attribution.content.start <= anchor < attribution.content.end:
            continue
        cue_sent = sent.doc.char_span(attribution.cue.start, attribution.cue.end, "expand")
        if cue_sent is None:
            continue
        bounds = cue_sent.sent
        near = [
            t
            for t in annotated.timexes
            if bounds.start_char <= t.start < bounds.end_char and t.date_start is not None
        ]
        if near:
            return min(near, key=lambda t: abs(t.start - attribution.cue.start))
    return None


def _place_score(mention: records.PlaceMention, doc: Doc) -> int:
    """0 when governed by a locative preposition, 2 when by "from", else 1."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return 1
    cur = span.root
    for _ in range(4):
        if cur.head.i == cur.i:
            break
        cur = cur.head
        if cur.dep_ == "prep" or cur.pos_ == "ADP":
            lemma = cur.lower_
            if lemma in _LOC_PREPS:
                return 0
            if lemma == "from":
                return 2
    return 1


def _places(
    cand: _Candidate,
    sent: Span,
    prev: Span | None,
    annotated: records.AnnotatedArticle,
) -> list[tuple[records.PlaceMention, int]]:
    """The event's place(s) and geo precision; conjoined places give one event each."""
    doc = sent.doc
    anchor = cand.anchor.idx

    def _within(span: Span | records.Span) -> list[records.PlaceMention]:
        start = span.start_char if isinstance(span, Span) else span.start
        end = span.end_char if isinstance(span, Span) else span.end
        return [p for p in annotated.places if start <= p.start < end]

    here = _within(sent)
    if here:
        best = min(
            here, key=lambda p: (_place_score(p, doc), p.place is None, abs(p.start - anchor))
        )
        group = [best, *_conjoined(best, here, doc)]
        return [(p, _precision(p, doc)) for p in sorted(group, key=lambda p: p.start)]
    if prev is not None:
        found = [p for p in _within(prev) if _place_score(p, doc) == 0]
        if found:
            best = min(found, key=lambda p: p.place is None)
            return [(best, _precision(best, doc))]
    dateline = annotated.article.dateline
    found = _within(dateline) if dateline is not None else []
    return [(found[0], _precision(found[0], doc))] if found else []


def _conjoined(
    best: records.PlaceMention, here: list[records.PlaceMention], doc: Doc
) -> list[records.PlaceMention]:
    span = doc.char_span(best.start, best.end, alignment_mode="expand")
    if span is None:
        return []
    conj = {t.i for t in span.root.conjuncts}
    out = []
    for other in here:
        if other is best:
            continue
        o_span = doc.char_span(other.start, other.end, alignment_mode="expand")
        if o_span is not None and o_span.root.i in conj:
            out.append(other)
    return out


def _precision(mention: records.PlaceMention, doc: Doc) -> int:
    place = mention.place
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    near = False
    if span is not None:
        near = any(t.lower_ in _NEAR_PREPS for t in span.root.ancestors if t.i >= span.start - 6)
    if place is None:
        return 3
    code = place.feature_code or ""
    if place.feature_class == "P":
        return 2 if near else 1
    if code.startswith("PCL") or code == "ADM1":
        return 3
    return 2


def _fatality_scope(
    cand: _Candidate, sentences: list[Span], index: int, found: list[tuple[int, _Candidate]]
) -> list[Span]:
    """The event's sentence, plus the next one when that reports no event of its own."""
    scope = [sentences[index]]
    nxt = index + 1
    if nxt < len(sentences) and not any(i == nxt for i, _ in found):
        scope.append(sentences[nxt])
    return scope


def _is_repeat(
    cand: _Candidate,
    sub: SubEventType,
    seen_types: set[str],
    timex: records.TimeExpression | None,
    places: list[tuple[records.PlaceMention, int]],
    deaths: tuple[int | None, tuple[int, int] | None],
    *,
    sent: Span,
) -> bool:
    """A definite noun ("the attack") adding no date, place or toll repeats an earlier event."""
    if sub.event_type not in seen_types or cand.background:
        return False
    nominal = all(t.pos_ in {"NOUN", "PROPN"} for t in cand.tokens)
    definite = all(any(c.dep_ in {"det", "poss"} for c in t.children) for t in cand.tokens)
    local = any(sent.start_char <= p.start < sent.end_char for p, _ in places)
    return nominal and definite and timex is None and not local and deaths[0] is None


def _is_unverified_marker(attribution: records.Attribution) -> bool:
    text = attribution.content.text
    return attribution.stance == "unverified" and bool(_UNVERIFIED_TOPICS.search(text))


def _claims(
    cand: _Candidate,
    sent: Span,
    annotated: records.AnnotatedArticle,
    actors: list[records.ActorMention],
) -> list[records.Claim]:
    clause = _clause_tokens(cand, sent) or list(sent)
    start = min(t.idx for t in clause)
    end = max(t.idx + len(t) for t in clause)
    claims: list[records.Claim] = []
    for attribution in annotated.attributions:
        content = attribution.content
        if attribution.stance == "unverified" or not (content.start < end and start < content.end):
            continue
        claimant = _claimant(attribution, actors)
        claims.append(
            records.Claim(
                claimant=claimant,
                stance=attribution.stance,
                text=content.text,
                start=content.start,
                end=content.end,
            )
        )
    if cand.denied_by is not None:
        subj = [c for c in cand.denied_by.children if c.dep_ == "nsubj"]
        claimant = sent.doc.text[slice(*_phrase(subj[0]))] if subj else None
        claims.append(
            records.Claim(
                claimant=claimant,
                stance="denied",
                text=sent.text,
                start=sent.start_char,
                end=sent.end_char,
            )
        )
    return claims


def _claimant(attribution: records.Attribution, actors: list[records.ActorMention]) -> str | None:
    source = attribution.source
    if source is None:
        return None
    for mention in actors:
        if mention.start < source.end and source.start < mention.end:
            return mention.name
    return source.text


def _verification(
    claims: list[records.Claim], markers: list[records.Attribution]
) -> tuple[str, list[records.Claim]]:
    if any(c.stance == "denied" for c in claims):
        return "contested", claims
    if markers and any(c.stance in {"claimed", "asserted"} for c in claims):
        marker = markers[0]
        extra = records.Claim(
            claimant=marker.source.text if marker.source else None,
            stance="unverified",
            text=marker.content.text,
            start=marker.content.start,
            end=marker.content.end,
        )
        return "unverified", [*claims, extra]
    if len({c.claimant for c in claims if c.claimant}) >= 2:
        return "corroborated", claims
    return "reported", claims


def _actor_layer(doc: Doc) -> list[records.ActorMention]:
    """Actor mentions from :mod:`sitrep.actors` when that stage is installed."""
    try:
        from sitrep import actors
    except ImportError:
        return []
    return list(actors.run(doc))


def _assemble(
    cand: _Candidate,
    sub: SubEventType,
    sent: Span,
    annotated: records.AnnotatedArticle,
    actors: list[records.ActorMention],
    timex: records.TimeExpression | None,
    place: tuple[records.PlaceMention, int] | None,
    deaths: tuple[int | None, tuple[int, int] | None],
    markers: list[records.Attribution],
) -> records.Event:
    article = annotated.article
    anchor = cand.anchor
    trigger = (anchor.idx, anchor.idx + len(anchor))
    evidence: dict[str, tuple[int, int]] = {"event_type": trigger, "sub_event_type": trigger}
    values: dict[str, object] = {}
    agent_tok = _agent(cand)
    agent = _actor_name(agent_tok, cand, annotated, actors) if agent_tok is not None else None
    patient_tok = _patient(cand)
    patient = _actor_name(patient_tok, cand, annotated, actors) if patient_tok is not None else None
    if agent:
        values["actor1"], evidence["actor1"] = agent
    if patient and (not agent or patient[0] != agent[0]):
        values["actor2"], evidence["actor2"] = patient
    values["assoc_actors"] = _assoc_actors(
        agent_tok, cand, annotated, actors, agent[0] if agent else None
    ) or _named_groups(agent, actors)
    if timex is not None:
        values.update(
            date_start=timex.date_start,
            date_end=timex.date_end or timex.date_start,
            time_precision=timex.precision or 1,
        )
        evidence["date"] = (timex.start, timex.end)
    else:
        values.update(date_start=article.published, date_end=article.published, time_precision=2)
    place_key = ""
    if place is not None:
        mention, precision = place
        values.update(location=mention.text, geo_precision=precision)
        if mention.place is not None:
            p = mention.place
            values.update(
                location=p.name,
                latitude=p.latitude,
                longitude=p.longitude,
                country=p.country,
                country_code=p.country_code,
                admin1=p.admin1,
                admin2=p.admin2,
            )
        evidence["location"] = (mention.start, mention.end)
        place_key = f":{mention.start}"
    number, number_span = deaths
    if number is not None:
        values["fatalities"] = number
        if number_span is not None:
            evidence["fatalities"] = number_span
    claims = _claims(cand, sent, annotated, actors)
    verification, claims = _verification(claims, markers)
    if claims:
        evidence["claims"] = (claims[0].start, claims[0].end)
    key = f"{article.id}:{trigger[0]}:{trigger[1]}{place_key}"
    return records.Event(
        article_id=article.id,
        event_id=hashlib.sha1(key.encode("utf-8")).hexdigest()[:16],
        event_type=sub.event_type,
        sub_event_type=sub.name,
        plover_type=sub.plover,
        cameo_code=sub.cameo,
        claims=claims,
        verification=verification,
        sentence=sent.text,
        evidence=evidence,
        **values,
    )

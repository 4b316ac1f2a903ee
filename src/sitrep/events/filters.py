"""Anchors and sentences that report no realised incident: negated, hypothetical, generic,
anaphoric or aggregate ones, and repeats of an event already told."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from sitrep.events.candidate import SUBJECT_DEPS, Candidate
from sitrep.events.phrases import count_of
from sitrep.events.words import aside_heads, words
from sitrep.lexicon import MONTHS, WEEKDAYS
from sitrep.nlp import entities_in


def governing_verb(tok: Token) -> Token | None:
    """The nearest verb at or above ``tok`` (the anchor itself when it is a verb)."""
    cur = tok
    for _ in range(6):
        if cur.pos_ in {"VERB", "AUX"}:
            return cur
        if cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


def modality(tok: Token) -> str | Token | None:
    """Return "drop" for negated/hypothetical/generic anchors, the denying verb, or None."""
    if any(c.dep_ == "neg" for c in tok.children):
        return "drop"
    if any(c.dep_ == "det" and c.lower_ in {"no", "any"} for c in tok.children):
        return "drop"
    if any(
        c.dep_ == "amod" and c.lemma_.lower() in words("hypothetical_adjs") for c in tok.children
    ):
        return "drop"
    if tok.pos_ != "VERB" and tok.head.lemma_.lower() == "of":
        if tok.head.head.lemma_.lower() in words("hypothetical_nouns"):
            return "drop"
    denier = _denier(tok)
    if denier is not None:
        return denier
    verb = governing_verb(tok)
    if verb is None:
        return None
    cur = verb
    depth = 0
    while depth < 4:
        children = list(cur.children)
        if any(c.dep_ == "neg" for c in children) and cur.i == verb.i:
            return "drop"
        if any(c.dep_ == "aux" and c.lower_ in words("modals") for c in children):
            return "drop"
        if any(c.dep_ == "mark" and c.lower_ in words("conditional_marks") for c in children):
            return "drop"
        if cur.i != tok.i and cur.lemma_.lower() in words("hypothetical_heads"):
            return "drop"
        if cur.i == verb.i and _is_generic(cur):
            return "drop"
        if _told_as_absent(cur):
            return "drop"
        if cur.dep_ not in {"xcomp", "ccomp", "dobj", "pcomp", "advcl"} or cur.head.i == cur.i:
            break
        cur = cur.head
        depth += 1
    return None


def _told_as_absent(clause: Token) -> bool:
    """A clause hanging on a noun that says there is none ("no indications the plane went
    down because of enemy fire", "no evidence that rebels attacked")."""
    head = clause.head
    return (
        clause.dep_ in {"acl", "relcl", "ccomp"}
        and head.pos_ == "NOUN"
        and any(c.dep_ == "det" and c.lower_ == "no" for c in head.children)
    )


def _denier(tok: Token) -> Token | None:
    """The verb denying ``tok`` ("denied carrying out the strike", "denied that X attacked")."""
    cur = tok
    for _ in range(4):
        if cur.dep_ not in {"dobj", "xcomp", "ccomp", "pcomp", "nsubjpass", "auxpass"}:
            return None
        cur = cur.head
        if cur.lemma_.lower() in words("denial_lemmas"):
            return cur
    return None


def _is_generic(verb: Token) -> bool:
    """A subjectless gerund in a "when/while" clause describes a habit, not an event."""
    marks = {c.lower_ for c in verb.children if c.dep_ in {"mark", "advmod"}}
    has_subject = any(c.dep_ in SUBJECT_DEPS for c in verb.children)
    return verb.tag_ == "VBG" and bool(marks & {"when", "while", "whenever"}) and not has_subject


def is_aside(tok: Token) -> bool:
    """An event noun inside talk about something else ("a question about the Russian
    military's involvement in the seizure of Crimea", "comments about the attacks") or the
    object of a reaction ("condemned the violence"), unless it carries its own agent and
    its own date or place."""
    if tok.pos_ not in {"NOUN", "PROPN"}:
        return False
    if tok.dep_ == "dobj" and tok.head.lemma_.lower() in words("condemning_verbs"):
        # "condemned the violence": a reaction, not a report; "the repression by the
        # security forces" still names who acted
        return not (_self_standing(tok) or _by_or_of(tok))
    cur = tok
    for _ in range(3):
        prep = cur.head
        if cur.dep_ not in {"pobj", "pcomp"} or prep.dep_ != "prep" or prep.head.i == prep.i:
            return False
        noun = prep.head
        if prep.lower_ in aside_heads().get(noun.lemma_.lower(), ()):
            return not _self_standing(tok)
        cur = noun
    return False


def _by_or_of(tok: Token) -> bool:
    """The noun names its agent with "by X" or "of X"."""
    return any(
        c.dep_ == "prep" and c.lower_ in {"by", "of"} and any(g.dep_ == "pobj" for g in c.children)
        for c in tok.children
    )


def _self_standing(tok: Token) -> bool:
    """A nominal event with a named agent ("X's attack", "the attack by X") and a date or place."""
    agent = any(
        (c.dep_ == "poss" and c.lower_ not in words("pronouns"))
        or (c.dep_ == "prep" and c.lower_ == "by" and any(g.dep_ == "pobj" for g in c.children))
        for c in tok.children
    )
    subtree = list(tok.subtree)
    anchored = any(t.ent_type_ in {"DATE", "TIME", "GPE", "LOC", "FAC"} for t in subtree)
    return agent and anchored


def is_background(tok: Token) -> bool:
    """An earlier event named by a generic noun: "previous actions", "earlier operations"."""
    if tok.pos_ not in {"NOUN", "PROPN"}:
        return False
    return any(
        c.dep_ == "amod" and c.lower_ in words("background_mods") for c in tok.children
    ) and (tok.lemma_.lower() in words("background_nouns"))


def is_anaphoric(tok: Token) -> bool:
    return tok.pos_ in {"NOUN", "PROPN"} and any(
        c.dep_ in {"det", "amod"} and c.lemma_.lower() in words("anaphoric_mods")
        for c in tok.children
    )


def is_descriptive(tok: Token) -> bool:
    """An event word that only describes a thing ("the burned husk of the mall", "a
    Taliban-controlled region"): a modifier inside a noun phrase opened by a determiner."""
    head = tok.head
    return (
        tok.dep_ == "amod"
        and head.pos_ in {"NOUN", "PROPN"}
        and any(c.dep_ in {"det", "poss"} and c.i < tok.i for c in head.children)
    )


def claims_responsibility(tok: Token) -> bool:
    """An event noun a party claims ("claimed responsibility for the attack", "took credit
    for the bombing"): the incident is told elsewhere, the claim only names its author."""
    prep = tok.head
    if not (tok.pos_ == "NOUN" and tok.dep_ == "pobj" and prep.lower_ == "for"):
        return False
    nouns = words("responsibility_nouns")  # "for" on the noun or on the verb taking it
    return prep.head.lemma_.lower() in nouns or any(
        c.dep_ == "dobj" and c.lemma_.lower() in nouns for c in prep.head.children
    )


def comments_on_incident(tok: Token) -> bool:
    """A definite event noun that is the subject of a comment on it ("the attack came as
    ...", "Tuesday's attack mirrors ...", "the arrest sent a chilling message"): the
    sentence talks about an incident already known and reports none. An indefinite one
    ("a deadly shelling on Tuesday has highlighted ...") still reports its incident."""
    return (
        tok.pos_ == "NOUN"
        and tok.dep_ in SUBJECT_DEPS
        and tok.head.lemma_.lower() in words("commentary_verbs")
        and any(c.dep_ == "poss" or c.lower_ in words("definite") for c in tok.children)
    )


def is_aggregate(sent: Span) -> bool:
    """The sentence sums up a period or many incidents, not one event.

    Cues: a duration ("in the last 15 months", "so far this year", "since January"), a
    count of incidents ("in over 500 attacks"), or a bare year beside plural incidents
    ("attacks in 2024"). A sentence dated to one day ("On 5 May, six airstrikes ...")
    reports one event.
    """
    if any(_is_day(ent) and not _dates_the_report(ent) for ent in entities_in(sent)):
        return False
    if _SO_FAR.search(sent.text):
        return True
    plural_incidents = False
    for tok in sent:
        lemma = tok.lemma_.lower()
        if lemma in words("period_units") and _is_duration(tok):
            return True
        if tok.lower_ == "since" and any(_is_calendar_point(g) for g in tok.children):
            return True
        if lemma in words("incident_nouns") and tok.tag_ in {"NNS", "NNPS"}:
            plural_incidents = True
            count = count_of(tok) or _digits(tok)
            spread = tok.dep_ == "pobj" and tok.head.lower_ in {"in", "during", "across", "over"}
            if spread and count is not None and count >= 3:
                return True
    return plural_incidents and any(_is_bare_year(tok) for tok in sent)


_SO_FAR = re.compile(
    r"\b(so far|to date)\s+(this|in)\s+(year|month|week)\b"
    r"|\b(this|the)\s+(year|month)\s+(so far|to date)\b",
    re.IGNORECASE,
)


def _is_day(ent: Span) -> bool:
    """A date naming one day: a weekday, "yesterday", or a month with a day number."""
    if ent.label_ != "DATE":
        return False
    forms = {t.lower_ for t in ent}
    if forms & (set(WEEKDAYS) | words("day_deictics")):
        return True
    has_day = any(t.text.isdigit() and 1 <= int(t.text) <= 31 for t in ent)
    return has_day and bool(forms & MONTHS.keys())


def _dates_the_report(ent: Span) -> bool:
    """The date starts a period ("since 1 May") or dates a statement ("said on Saturday")."""
    head = ent.root.head
    if head.lower_ == "since":
        return True
    if head.pos_ == "ADP":
        head = head.head
    return head.pos_ == "VERB" and head.lemma_.lower() in words("reaction_lemmas")


def _is_duration(unit: Token) -> bool:
    """ "the last/past N months", "the past year", "the previous few weeks"."""
    mods = {c.lower_ for c in unit.children}
    counted = any(c.dep_ == "nummod" for c in unit.children) or unit.tag_ == "NNS"
    if counted:
        return bool(mods & {"last", "past", "previous"})
    return bool(mods & {"last", "past"}) and "the" in mods


def _is_calendar_point(obj: Token) -> bool:
    """A month, a year or "the start" as the object of "since" (not a weekday)."""
    if obj.dep_ != "pobj":
        return False
    return (
        obj.lower_ in MONTHS
        or _is_year(obj)
        or obj.lemma_.lower() in {"start", "beginning", "outbreak"}
    )


def _is_year(tok: Token) -> bool:
    return tok.text.isdigit() and len(tok.text) == 4 and 1900 <= int(tok.text) <= 2100


def _is_bare_year(tok: Token) -> bool:
    """A year as the whole object of "in"/"during"/"throughout" ("attacks in 2024")."""
    head = tok.head
    return (
        _is_year(tok)
        and tok.dep_ == "pobj"
        and head.lower_ in {"in", "during", "throughout"}
        and not any(c.dep_ in {"compound", "nummod"} for c in tok.children)
    )


def _digits(noun: Token) -> int | None:
    """The figure counting ``noun`` ("over 500 attacks" -> 500)."""
    for child in noun.children:
        if child.dep_ == "nummod":
            text = child.text.replace(",", "")
            if text.isdigit():
                return int(text)
    return None


def is_single_incident(cand: Candidate) -> bool:
    """A singular event noun among the triggers ("the attack on the base") names one incident."""
    return any(
        t.pos_ == "NOUN" and t.tag_ == "NN" and not t.lower_.endswith("ing") for t in cand.tokens
    )

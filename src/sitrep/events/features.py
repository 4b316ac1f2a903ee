"""Feature strings for the event models: one list per sentence (detector) or incident (typer).

Features describe words by lemma, names only by their entity label (never their text), the
rule candidates of a sentence (trigger lemma, sub-type, the verbs and auxiliaries above
it), where the sentence sits in the story and how long the story is, the dates it names
relative to publication, and whether it reports deaths, places or someone's statement.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import cast

from spacy.tokens import Span

from sitrep import records
from sitrep.events.candidate import Candidate
from sitrep.events.filters import governing_verb
from sitrep.fatalities import count as count_fatalities
from sitrep.nlp import doc_memo

_CONTENT_POS = {"NOUN", "VERB", "ADJ", "ADV", "NUM"}
_ABOVE_DEPS = {"xcomp", "ccomp", "advcl", "pcomp", "dobj", "pobj", "prep", "conj", "acl"}


def sentence_features(
    sent: Span,
    *,
    index: int,
    count: int,
    candidates: list[Candidate],
    annotated: records.AnnotatedArticle,
) -> list[str]:
    """Features of a sentence for the question "does it report a realised incident?"
    (``index``: its place in the story, ``count``: the story's sentences)."""
    features = _word_features(sent)
    length = _length(count)
    position = min(index, 6)
    features += [f"position={position}", f"length={length}", f"position={position}|{length}"]
    features.append(f"candidates={min(len(candidates), 3)}")
    root = sent.root
    features += [f"root={root.lemma_.lower()}", f"root_tag={root.tag_}"]
    if sent.text.lstrip()[:1] in "\"“'‘":
        features.append("quoted")
    deaths, _ = sentence_toll(sent)
    features.append("deaths" if deaths else "no_deaths")
    features += _date_features(sent, annotated)
    start, end = sent.start_char, sent.end_char
    if any(start <= p.start < end and p.place is not None for p in annotated.places):
        features.append("place")
    if any(a.content.start < end and start < a.content.end for a in annotated.attributions):
        features.append("attributed")
    for cand in candidates:
        features += candidate_features(cand)
    return features


def incident_features(sentences: list[Span], candidates: list[Candidate]) -> list[str]:
    """Features of the sentences and candidates of one incident, for typing it."""
    features: list[str] = []
    for sent in sentences:
        features += _word_features(sent)
    for cand in candidates:
        features += candidate_features(cand)
    return features


def candidate_features(cand: Candidate) -> list[str]:
    """The trigger, its rule sub-type and the syntax around it."""
    anchor = cand.anchor
    lemma = anchor.lemma_.lower()
    features = [
        f"anchor={lemma}",
        f"anchor_tag={anchor.tag_}",
        f"anchor_dep={anchor.dep_}",
        f"sub={cand.sub}",
        f"anchor_sub={lemma}|{cand.sub}",
    ]
    if cand.background:
        features.append("background_noun")
    if cand.denied_by is not None:
        features.append("denied")
    for child in anchor.children:
        if child.dep_ in {"amod", "det", "poss", "nummod", "compound"}:
            features.append(f"mod={child.lemma_.lower()}")
    verb = governing_verb(anchor)
    if verb is not None:
        features += [f"verb={verb.lemma_.lower()}", f"verb_tag={verb.tag_}"]
        for child in verb.children:
            if child.dep_ in {"aux", "auxpass", "neg", "mark"}:
                features.append(f"verb_{child.dep_}={child.lower_}")
        above = verb.head
        if verb.dep_ in _ABOVE_DEPS and above.i != verb.i:
            features.append(f"above={above.lemma_.lower()}")
    return features


def sentence_toll(sent: Span) -> tuple[int | None, tuple[int, int] | None]:
    """The sentence's fatality count and its evidence (``fatalities.count``), remembered
    per doc: the detector and the event fields both ask."""
    tolls = doc_memo(sent.doc, "tolls")
    key = (sent.start, sent.end)
    if key not in tolls:
        tolls[key] = count_fatalities([sent])
    return cast(tuple[int | None, tuple[int, int] | None], tolls[key])


def _word_features(sent: Span) -> list[str]:
    """The sentence's content words and word pairs (a new list, computed once per doc)."""
    memo = doc_memo(sent.doc, "word_features")
    key = (sent.start, sent.end)
    if key not in memo:
        memo[key] = _words_of(sent)
    return list(memo[key])


def _words_of(sent: Span) -> list[str]:
    features = []
    previous = ""
    for tok in sent:
        if tok.ent_type_ and tok.pos_ == "PROPN":
            word = f"<{tok.ent_type_}>"
        elif tok.pos_ in _CONTENT_POS:
            word = "<num>" if tok.like_num else tok.lemma_.lower()
        else:
            continue
        features.append(f"w={word}")
        if previous:
            features.append(f"ww={previous}|{word}")
        previous = word
    return features


def _length(count: int) -> str:
    """The story's length in sentences, bucketed: a brief report (a headline, a lead, a
    coder's note) is about the incident it names; in a long story most violent sentences
    are context."""
    for limit, name in ((1, "one"), (2, "two"), (5, "short"), (15, "medium")):
        if count <= limit:
            return name
    return "long"


def _date_features(sent: Span, annotated: records.AnnotatedArticle) -> list[str]:
    published = annotated.article.published
    found = []
    for timex in annotated.timexes:
        if not sent.start_char <= timex.start < sent.end_char or timex.date_end is None:
            continue
        if published is not None:
            found.append(f"date={_age(published - timex.date_end)}")
        if timex.precision is not None:
            found.append(f"date_precision={timex.precision}")
    return found or ["date=none"]


def _age(delta: dt.timedelta) -> str:
    days = delta.days
    if days < 0:
        return "future"
    if days <= 7:
        return "week"
    if days <= 49:
        return "recent"
    if days <= 730:
        return "old"
    return "history"


def summed_scores(candidates: list[Candidate]) -> dict[str, float]:
    """The rule scores of every sub-type, summed over an incident's candidates."""
    total: dict[str, float] = {}
    for cand in candidates:
        for name, score in cand.scores.items():
            total[name] = total.get(name, 0.0) + score
    return total


def combine_types(
    probabilities: dict[str, float], rule_scores: dict[str, float], rule_weight: float | None
) -> str:
    """The sub-type with the best typer log-probability plus ``rule_weight`` times its rule
    score; ``rule_weight=None`` takes the rules' best alone."""
    if rule_weight is None or not probabilities:
        return max(rule_scores, key=lambda name: rule_scores[name]) if rule_scores else ""
    return max(
        probabilities,
        key=lambda name: (
            math.log(probabilities[name] + 1e-9) + rule_weight * rule_scores.get(name, 0.0)
        ),
    )

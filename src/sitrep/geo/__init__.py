"""Places: the gazetteer index, name forms, recognition and coherent resolution."""

import os

RUN_LEXICON_ENV = "SITREP_RUN_LEXICON"


def run_lexicon_on() -> bool:
    """Whether runs use the run-level place lexicon: yes unless ``$SITREP_RUN_LEXICON`` is
    ``0`` (``sitrep --no-run-lexicon`` sets it)."""
    return os.environ.get(RUN_LEXICON_ENV, "1") != "0"

"""The benchmark's measurement of what selective parsing could leave unparsed."""

from __future__ import annotations

import pytest

from sitrep.bench import first_pass_share
from sitrep.nlp import load

pytestmark = pytest.mark.slow


def test_first_pass_share_counts_sentences_with_an_event_word_a_claim_cue_or_a_number() -> None:
    nlp = load()
    docs = [
        nlp("Rebels attacked the town on Sunday. The weather was mild and the sky blue."),
        nlp("The mayor said the market would open. It has 12 stalls."),
    ]
    sentences, tokens = first_pass_share(docs)
    assert sentences == 3 / 4  # "attacked", "said", "12"; not the weather
    assert tokens == (7 + 8 + 5) / (7 + 9 + 8 + 5)

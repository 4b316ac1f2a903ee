"""The benchmark's measurements: a process's times, and what selective parsing could
leave unparsed."""

from __future__ import annotations

import sys

import pytest

from sitrep.bench import first_pass_share, timed
from sitrep.nlp import load


def test_timed_splits_wall_time_into_cpu_time_and_waits() -> None:
    busy_then_asleep = (
        "import time\n"
        "start = time.process_time()\n"
        "while time.process_time() - start < 0.3:\n"
        "    pass\n"
        "time.sleep(0.3)\n"
    )
    run = timed([sys.executable, "-c", busy_then_asleep])
    assert run.cpu_seconds >= 0.3
    assert run.seconds >= run.cpu_seconds + 0.25  # the sleep is wall time, not CPU time
    if sys.platform == "linux":
        assert run.waited_seconds is not None
        assert 0 <= run.waited_seconds <= run.seconds - run.cpu_seconds


@pytest.mark.slow
def test_first_pass_share_counts_sentences_with_an_event_word_a_claim_cue_or_a_number() -> None:
    nlp = load()
    docs = [
        nlp("Rebels attacked the town on Sunday. The weather was mild and the sky blue."),
        nlp("The mayor said the market would open. It has 12 stalls."),
    ]
    sentences, tokens = first_pass_share(docs)
    assert sentences == 3 / 4  # "attacked", "said", "12"; not the weather
    assert tokens == (7 + 8 + 5) / (7 + 9 + 8 + 5)

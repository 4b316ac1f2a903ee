"""The stage guard's clock: CPU seconds per stage name, failed runs included."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.pipeline import StageFailed, stage
from sitrep.records import Article


def test_a_stage_adds_its_cpu_seconds_to_the_clock_even_when_it_fails() -> None:
    article = Article(id="a", text="Text.", published=dt.date(2024, 5, 20))
    clock: dict[str, float] = {}
    with stage("time", article, clock=clock):
        sum(i * i for i in range(20_000))
    once = clock["time"]
    with pytest.raises(StageFailed), stage("time", article, clock=clock):
        sum(i * i for i in range(20_000))
        raise ValueError("broken")
    assert list(clock) == ["time"]
    assert 0 < once < clock["time"]


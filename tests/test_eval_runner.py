"""The evaluation gate: floors are read from the package and compared per metric."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.errors import MissingDataError
from sitrep.eval import runner


def test_every_floor_names_a_known_stage():
    assert set(runner.floors()) <= set(runner.STAGES)


def test_figures_below_their_floor_are_reported():
    floors = runner.floors()
    stage, metrics = next(iter(floors.items()))
    metric, minimum = next(iter(metrics.items()))
    assert runner.check_floors({stage: dict(metrics)}) == []
    (failure,) = runner.check_floors({stage: {**metrics, metric: minimum - 0.01}})
    assert stage in failure and metric in failure


def test_missing_data_folder_is_a_clear_error(tmp_path: Path):
    with pytest.raises(MissingDataError, match="not found"):
        runner.evaluate(["timex"], data_dir=tmp_path / "nope")


def test_table_lists_each_metric():
    table = runner.format_table({"timex": {"value_f1": 0.75, "gold": 1822.0}})
    assert "value_f1" in table and "0.7500" in table and "1822" in table


@pytest.mark.parametrize("stage", runner.STAGES)
def test_each_stage_says_which_data_is_missing(stage: str, tmp_path: Path):
    with pytest.raises(MissingDataError):
        runner.evaluate([stage], data_dir=tmp_path)


def test_a_floor_whose_figure_is_missing_fails():
    stage, metrics = next(iter(runner.floors().items()))
    failures = runner.check_floors({stage: {}})
    assert len(failures) == len(metrics)
    assert all("not measured" in failure for failure in failures)
    assert runner.check_floors({}) == []  # stages not evaluated are not judged

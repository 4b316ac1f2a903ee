"""Run the stage evaluations, print their figures and compare them with recorded floors."""

from __future__ import annotations

import importlib
import json
from importlib import resources
from pathlib import Path

from sitrep.errors import MissingDataError

STAGES = ["timex", "geo", "claims", "events", "incidents"]
Results = dict[str, dict[str, float]]


def evaluate(stages: list[str], *, data_dir: Path, limit: int | None = None) -> Results:
    """Score each stage on its gold development set under ``data_dir``."""
    if not data_dir.is_dir():
        raise MissingDataError(
            f"gold data folder {data_dir} not found; pass --data pointing at shared/data"
        )
    results: Results = {}
    for stage in stages:
        module = importlib.import_module(f"sitrep.eval.{stage}")
        results[stage] = module.evaluate(data_dir, limit=limit)
    return results


def format_table(results: Results) -> str:
    """Results as aligned ``stage  metric  value`` lines."""
    lines = [f"{'stage':<8} {'metric':<34} value"]
    for stage, metrics in results.items():
        for name, value in metrics.items():
            whole = float(value).is_integer() and abs(value) > 1
            shown = f"{value:.0f}" if whole else f"{value:.4f}"
            lines.append(f"{stage:<8} {name:<34} {shown}")
    return "\n".join(lines)


def floors() -> Results:
    """The minimum figures recorded in ``floors.json`` beside this module."""
    text = resources.files("sitrep.eval").joinpath("floors.json").read_text(encoding="utf-8")
    return json.loads(text)


def check_floors(results: Results) -> list[str]:
    """Describe every floor of an evaluated stage that its figure misses or is absent for."""
    failures = []
    for stage, minimums in floors().items():
        if stage not in results:
            continue
        for metric, minimum in minimums.items():
            value = results[stage].get(metric)
            if value is None:
                failures.append(f"{stage} {metric} has a floor but was not measured")
            elif value < minimum:
                failures.append(f"{stage} {metric} = {value:.4f} < floor {minimum:.4f}")
    return failures

"""A small hashed linear classifier (multinomial logistic regression) in numpy.

Features are strings hashed into ``2**20`` buckets; the model keeps weights only for the
buckets seen in training. The packaged models (``data/event_models.npz``: the sentence
detector and the incident typer) are trained by :mod:`sitrep.events.train` and hold
hashed weights only, no text.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from sitrep.errors import MissingDataError

MODEL_FILE = "event_models.npz"
_BUCKETS = 1 << 20


def bucket(feature: str) -> int:
    """The hash bucket of a feature string (stable across runs and platforms)."""
    return zlib.crc32(feature.encode("utf-8")) & (_BUCKETS - 1)


@dataclass(frozen=True)
class LinearModel:
    """Weights for the seen hash buckets (sorted ``rows``), one column per label."""

    labels: tuple[str, ...]
    rows: np.ndarray
    weights: np.ndarray
    bias: np.ndarray
    threshold: float = 0.5
    rule_weight: float = 0.0

    def probabilities(self, features: Sequence[str]) -> dict[str, float]:
        """Label probabilities for one sample given as feature strings."""
        logits = self.bias.astype(np.float64)
        row_of = self._row_of
        found = [row for row in map(row_of.get, map(bucket, features)) if row is not None]
        if found:
            logits = logits + self.weights[found].astype(np.float64).sum(axis=0)
        logits = logits - logits.max()
        exp = np.exp(logits)
        probs = exp / exp.sum()
        return {label: float(p) for label, p in zip(self.labels, probs, strict=True)}

    @cached_property
    def _row_of(self) -> dict[int, int]:
        """The row of each seen hash bucket."""
        return {key: row for row, key in enumerate(self.rows.tolist())}


def fit(
    samples: Sequence[Sequence[str]],
    labels: Sequence[str],
    *,
    weights: Sequence[float] | None = None,
    l2: float = 1e-4,
    epochs: int = 300,
    rate: float = 0.05,
) -> LinearModel:
    """Train a model by full-batch Adam on the mean weighted log loss plus an L2 penalty.

    Args:
        samples: feature strings of each sample.
        labels: the label of each sample.
        weights: a weight per sample (default 1).
        l2: L2 penalty on the feature weights.
        epochs: gradient steps.
        rate: Adam step size.
    """
    names = tuple(sorted(set(labels)))
    index = {name: k for k, name in enumerate(names)}
    hashed = [np.unique([bucket(f) for f in sample]).astype(np.int64) for sample in samples]
    rows = np.unique(np.concatenate(hashed)) if hashed else np.zeros(0, dtype=np.int64)
    cols = [np.searchsorted(rows, h) for h in hashed]
    sample_of = np.concatenate([np.full(len(c), i) for i, c in enumerate(cols)])
    feature_of = np.concatenate(cols)
    n, k = len(samples), len(names)
    y = np.zeros((n, k))
    y[np.arange(n), [index[label] for label in labels]] = 1.0
    w_sample = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)
    w_sample = w_sample / w_sample.sum()
    weight = np.zeros((len(rows), k))
    bias = np.log(np.maximum((y * w_sample[:, None]).sum(axis=0), 1e-9))
    moments = [np.zeros_like(weight), np.zeros_like(weight), np.zeros(k), np.zeros(k)]
    for step in range(1, epochs + 1):
        logits: np.ndarray = np.stack(
            [np.bincount(sample_of, weight[feature_of, c], minlength=n) for c in range(k)],
            axis=1,
        )
        logits += bias
        probs = np.exp(logits - logits.max(axis=1, keepdims=True))
        probs /= probs.sum(axis=1, keepdims=True)
        residual = (probs - y) * w_sample[:, None]
        grad_w: np.ndarray = np.stack(
            [
                np.bincount(feature_of, residual[sample_of, c], minlength=len(rows))
                for c in range(k)
            ],
            axis=1,
        )
        grad_w = grad_w + l2 * weight
        grad_b = residual.sum(axis=0)
        steps: list[tuple[np.ndarray, np.ndarray, int, int]] = [
            (weight, grad_w, 0, 1),
            (bias, grad_b, 2, 3),
        ]
        for param, grad, m, v in steps:
            moments[m] = 0.9 * moments[m] + 0.1 * grad
            moments[v] = 0.999 * moments[v] + 0.001 * grad**2
            m_hat = moments[m] / (1 - 0.9**step)
            v_hat = moments[v] / (1 - 0.999**step)
            param -= rate * m_hat / (np.sqrt(v_hat) + 1e-8)
    return LinearModel(
        labels=names, rows=rows, weights=weight.astype(np.float16), bias=bias.astype(np.float32)
    )


def save(models: dict[str, LinearModel], path: Path) -> None:
    """Write named models into one compressed ``.npz`` file."""
    arrays: dict[str, np.ndarray] = {}
    for name, model in models.items():
        arrays[f"{name}.labels"] = np.array(json.dumps(list(model.labels)))
        arrays[f"{name}.rows"] = model.rows.astype(np.int32)
        arrays[f"{name}.weights"] = model.weights
        arrays[f"{name}.bias"] = model.bias
        arrays[f"{name}.threshold"] = np.array(model.threshold)
        arrays[f"{name}.rule_weight"] = np.array(model.rule_weight)
    np.savez_compressed(path, allow_pickle=False, **arrays)


def load(path: Path) -> dict[str, LinearModel]:
    """The named models of a file written by :func:`save`."""
    with np.load(path) as data:
        names = {key.split(".")[0] for key in data.files}
        return {
            name: LinearModel(
                labels=tuple(json.loads(str(data[f"{name}.labels"]))),
                rows=data[f"{name}.rows"].astype(np.int64),
                weights=data[f"{name}.weights"],
                bias=data[f"{name}.bias"],
                threshold=float(data[f"{name}.threshold"]),
                rule_weight=float(data[f"{name}.rule_weight"]),
            )
            for name in names
        }


@lru_cache(maxsize=1)
def packaged() -> dict[str, LinearModel]:
    """The models shipped in ``sitrep/data/event_models.npz``, loaded on first use."""
    resource = resources.files("sitrep.data").joinpath(MODEL_FILE)
    if not resource.is_file():
        raise MissingDataError(
            f"the event models ({MODEL_FILE}) are missing from the package; "
            "reinstall sitrep or run `sitrep train events --data ../shared/data`"
        )
    with resources.as_file(resource) as path:
        return load(path)

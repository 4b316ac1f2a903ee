"""Score ``sitrep.claims`` against the PolNeAR attribution corpus.

Splits: the rules and the cue lexicon are tuned on the ``train`` compartment (840
articles); the ``dev`` compartment (84 articles) is frozen: ``sitrep eval claims`` and the
CI floors score it, and its errors are not read while changing rules. PolNeAR's own
``test`` compartment is held out of the shared data altogether.

Data: ``<data_dir>/polnear/<split>/text/<article>.txt`` and
``<data_dir>/polnear/<split>/attributions/<article>_<annotator>.ann`` (BRAT standoff). Where an
article has several ``.ann`` files, the first in sorted order is used. Gold attributions are
the ``E`` lines; their ``Content``, ``Cue`` and ``Source`` text-bound spans (discontinuous
spans are kept as several character ranges) give the gold span sets. Sources are absent for
``Attribution-no-source``; predicted sources that are None are not counted.

Spans are compared as sets of word tokens (``\\w+`` or one non-space symbol, found by regex
over the article text; a token belongs to a span if it lies wholly inside one of its ranges).
For each layer (content, source, cue), with P the predicted spans and G the gold spans of an
article, pooled over all articles:

- any-overlap F1 (``<layer>_p``, ``<layer>_r``, ``<layer>_f1``): precision is the fraction of
  P sharing at least one token with some span of G; recall is the fraction of G sharing at
  least one token with some span of P.
- soft token-overlap F1 (``content_soft_p/_r/_f1``, content only): soft precision is the mean
  over P of max_g |p & g| / |p|; soft recall is the mean over G of max_p |p & g| / |g|.
- attribution F1 (``attribution_p/_r/_f1``): a predicted attribution matches a gold one when
  both their contents and their cues overlap (any token).

F1 is 2PR/(P+R), 0 when P+R is 0.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sitrep import claims, nlp
from sitrep.errors import MissingDataError

logger = logging.getLogger(__name__)

_TOKEN = re.compile(r"\w+|[^\w\s]")
_Ranges = tuple[tuple[int, int], ...]


@dataclass
class _Gold:
    """One gold attribution's spans as character ranges."""

    content: _Ranges
    cue: _Ranges
    source: _Ranges | None


@dataclass
class _Tally:
    """Pooled counts for one layer."""

    p_hit: float = 0.0
    p_total: int = 0
    r_hit: float = 0.0
    r_total: int = 0
    extra: dict[str, float] = field(default_factory=dict)

    def add(
        self, predicted: list[frozenset[int]], gold: list[frozenset[int]], *, soft: bool
    ) -> None:
        """Count one article; soft=True scores token-overlap ratios instead of hits."""
        for p in predicted:
            self.p_total += 1
            self.p_hit += max((_score(p, g, p, soft) for g in gold), default=0.0)
        for g in gold:
            self.r_total += 1
            self.r_hit += max((_score(p, g, g, soft) for p in predicted), default=0.0)

    def metrics(self, name: str) -> dict[str, float]:
        """Precision, recall and F1 under ``name``."""
        p = self.p_hit / self.p_total if self.p_total else 0.0
        r = self.r_hit / self.r_total if self.r_total else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return {f"{name}_p": p, f"{name}_r": r, f"{name}_f1": f1}


def evaluate(data_dir: Path, *, limit: int | None = None, split: str = "dev") -> dict[str, float]:
    """Run claim attribution over a PolNeAR compartment and score it.

    Args:
        data_dir (Path): the ``shared/data`` folder.
        limit (int | None): score only the first ``limit`` articles (sorted by name).
        split (str): ``dev`` (frozen, the default) or ``train`` (the tuning split).

    Returns:
        dict[str, float]: metrics named as in the module docstring, plus ``articles``,
        ``gold_attributions``, ``predicted_attributions`` and ``seconds``.
    """
    pairs = list(_articles(Path(data_dir) / "polnear" / split))[:limit]
    started = time.perf_counter()
    tallies = {k: _Tally() for k in ("content", "content_soft", "source", "cue", "attribution")}
    n_gold = n_pred = 0
    texts = [text for text, _ in pairs]
    for doc, (text, gold) in zip(nlp.load().pipe(texts, batch_size=8), pairs, strict=True):
        predicted = claims.run(doc)
        n_gold += len(gold)
        n_pred += len(predicted)
        tokens = _token_spans(text)
        pred_content = [_tokens(tokens, ((a.content.start, a.content.end),)) for a in predicted]
        pred_cue = [_tokens(tokens, ((a.cue.start, a.cue.end),)) for a in predicted]
        pred_source = [
            _tokens(tokens, ((a.source.start, a.source.end),)) for a in predicted if a.source
        ]
        gold_content = [_tokens(tokens, g.content) for g in gold]
        gold_cue = [_tokens(tokens, g.cue) for g in gold]
        gold_source = [_tokens(tokens, g.source) for g in gold if g.source]
        tallies["content"].add(pred_content, gold_content, soft=False)
        tallies["content_soft"].add(pred_content, gold_content, soft=True)
        tallies["source"].add(pred_source, gold_source, soft=False)
        tallies["cue"].add(pred_cue, gold_cue, soft=False)
        _add_pairs(
            tallies["attribution"],
            list(zip(pred_content, pred_cue, strict=True)),
            list(zip(gold_content, gold_cue, strict=True)),
        )
    result: dict[str, float] = {}
    for name, tally in tallies.items():
        result.update(tally.metrics(name))
    result.update(
        articles=float(len(pairs)),
        gold_attributions=float(n_gold),
        predicted_attributions=float(n_pred),
        seconds=round(time.perf_counter() - started, 1),
    )
    return result


def _add_pairs(
    tally: _Tally,
    predicted: list[tuple[frozenset[int], frozenset[int]]],
    gold: list[tuple[frozenset[int], frozenset[int]]],
) -> None:
    """Attribution matching: content and cue must both overlap."""

    def match(p: tuple[frozenset[int], frozenset[int]], g: tuple[frozenset[int], ...]) -> bool:
        return bool(p[0] & g[0] and p[1] & g[1])

    tally.p_total += len(predicted)
    tally.p_hit += sum(any(match(p, g) for g in gold) for p in predicted)
    tally.r_total += len(gold)
    tally.r_hit += sum(any(match(p, g) for p in predicted) for g in gold)


def _score(p: frozenset[int], g: frozenset[int], denominator: frozenset[int], soft: bool) -> float:
    """1/0 for any overlap, or the overlap ratio against ``denominator`` when soft."""
    common = len(p & g)
    if not soft:
        return 1.0 if common else 0.0
    return common / len(denominator) if denominator else 0.0


def _token_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of the word tokens of a text."""
    return [m.span() for m in _TOKEN.finditer(text)]


def _tokens(tokens: list[tuple[int, int]], ranges: _Ranges) -> frozenset[int]:
    """Indexes of the tokens lying wholly inside any of the ranges."""
    return frozenset(
        i for i, (s, e) in enumerate(tokens) if any(rs <= s and e <= re_ for rs, re_ in ranges)
    )


def _articles(folder: Path) -> Iterator[tuple[str, list[_Gold]]]:
    """(text, gold attributions) per article, articles in sorted order."""
    text_dir, ann_dir = folder / "text", folder / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise MissingDataError(
            f"PolNeAR data not found under {folder}: expected text/*.txt and "
            "attributions/*.ann. Pass the shared data folder that holds polnear/."
        )
    for text_path in sorted(text_dir.glob("*.txt")):
        anns = sorted(ann_dir.glob(f"{text_path.stem}_*.ann"))
        if not anns:
            logger.warning("no annotation for %s, skipped", text_path.name)
            continue
        text = text_path.read_text(encoding="utf-8")
        yield text, _read_brat(anns[0].read_text(encoding="utf-8"))


def _read_brat(ann: str) -> list[_Gold]:
    """Gold attributions from BRAT standoff (lines parsed by their T/E prefixes)."""
    spans: dict[str, _Ranges] = {}
    events: list[dict[str, str]] = []
    for line in ann.split("\n"):
        if line.startswith("T") and "\t" in line:
            tid, rest = line.split("\t", 2)[:2]
            offsets = rest.split(" ", 1)[1]
            spans[tid] = tuple(
                (int(a), int(b)) for a, b in (part.split() for part in offsets.split(";"))
            )
        elif line.startswith("E") and "\t" in line:
            args = line.split("\t", 1)[1].split()
            events.append(dict(arg.split(":", 1) for arg in args))
    gold = []
    for event in events:
        if "Content" not in event or "Cue" not in event:
            continue
        source = event.get("Source")
        gold.append(
            _Gold(
                content=spans[event["Content"]],
                cue=spans[event["Cue"]],
                source=spans.get(source) if source else None,
            )
        )
    return gold

"""Train the event models from the development data: ``sitrep train events --data DIR``.

Two hashed linear models (:mod:`sitrep.events.model`), trained on the ``dev`` parts only
(the ``test`` parts stay frozen for evaluation):

- the **detector** decides whether a sentence with a rule candidate reports a realised
  incident. Positives: the sentences the gold events of the voa_events and news_events
  stories list; negatives: every other sentence of those stories with a candidate; ACLED
  notes (positives, down-weighted) and CASE 2021 snippets (ACLED labels positive, the
  five non-ACLED labels negative).
- the **typer** gives an incident its ACLED sub-event type from the words and candidates
  of its sentences: ACLED notes, CASE snippets with ACLED labels, and the sentences of the
  gold story events.

Before fitting on all of it, a two-fold split of the dev data (by a hash of the story or
row id) compares the models with the rules alone and picks the detector's threshold; the
figures are returned for the caller to print. The models are written to
``sitrep/data/event_models.npz`` (hashed weights only, no text).
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, Span

from sitrep import data as packaged_data
from sitrep import records
from sitrep.errors import MissingDataError
from sitrep.eval import event_articles, event_notes
from sitrep.events import model
from sitrep.events.detect import classify
from sitrep.events.features import (
    combine_types,
    incident_features,
    sentence_features,
    summed_scores,
)
from sitrep.pipeline import Pipeline
from sitrep.taxonomy import load as load_taxonomy

logger = logging.getLogger(__name__)

EVENT, NONE = "event", "none"
# Sample weights by source, chosen by two-fold cross-validation on the dev data: the
# detector is for news stories (notes and snippets keep it from forgetting them), the
# typer learns most from the many ACLED notes.
_DETECTOR_WEIGHTS = {"story": 10.0, "note": 0.1, "case": 0.3}
_TYPER_WEIGHTS = {"story": 3.0, "note": 1.0, "case": 1.0}
_THRESHOLDS = [round(0.05 * i, 2) for i in range(4, 20)]
_RULE_WEIGHTS = [0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0]
_SOURCES = ("story", "note", "case")


@dataclass(frozen=True)
class _Sample:
    features: list[str]
    label: str
    weight: float
    group: str  # story or row id: folds never split a group
    source: str  # "story", "note" or "case"


def run(data_dir: Path, *, output: Path | None = None) -> dict[str, float]:
    """Build the training sets, compare by two-fold cross-validation, fit and save.

    Args:
        data_dir (Path): the ``shared/data`` folder.
        output (Path | None): where to write the models; default the package's data folder.

    Returns:
        dict[str, float]: cross-validated figures of the rules and the models.
    """
    detector_samples, typer_samples, rule_scores = _samples(data_dir)
    figures, threshold, rule_weight = _cross_validate(detector_samples, typer_samples, rule_scores)
    detector = dataclasses.replace(_fit(detector_samples), threshold=threshold)
    typer = dataclasses.replace(_fit(typer_samples), rule_weight=rule_weight)
    target = output or Path(packaged_data.__file__).parent / model.MODEL_FILE
    model.save({"detector": detector, "typer": typer}, target)
    figures["detector_threshold"] = threshold
    figures["typer_rule_weight"] = rule_weight
    figures["detector_samples"] = float(len(detector_samples))
    figures["typer_samples"] = float(len(typer_samples))
    logger.info("event models written to %s", target)
    return figures


_Events = list[tuple[list[tuple[int, int]] | None, str]]


@dataclass(frozen=True)
class _Labelled:
    """A training text: its article, where it comes from, and its gold events as (sentence
    ranges or None for the whole text, sub-event type)."""

    article: records.Article
    source: str
    events: _Events


def _samples(data_dir: Path) -> tuple[list[_Sample], list[_Sample], list[dict[str, float]]]:
    """Detector and typer samples from the dev parts, and the rule scores of each typer
    sample (to compare the typer with the rules)."""
    detector: list[_Sample] = []
    typer: list[_Sample] = []
    rule_scores: list[dict[str, float]] = []
    texts = {t.article.id: t for t in _texts(data_dir)}
    articles = [t.article for t in texts.values()]
    for doc, annotated in _parsed(Pipeline(), articles):
        text = texts[annotated.article.id]
        group = text.article.id
        sentences = list(doc.sents)
        found = [classify(sent) for sent in sentences]
        positive: set[int] = set()
        for spans, label in text.events:
            members = [
                i for i, sent in enumerate(sentences) if spans is None or _overlaps(sent, spans)
            ]
            positive.update(members)
            cands = [c for i in members for c in found[i]]
            if cands:
                features = incident_features([sentences[i] for i in members], cands)
                weight = _TYPER_WEIGHTS[text.source]
                typer.append(_Sample(features, label, weight, group, text.source))
                rule_scores.append(summed_scores(cands))
        for i, (sent, cands) in enumerate(zip(sentences, found, strict=True)):
            if cands:
                label = EVENT if i in positive else NONE
                features = sentence_features(sent, index=i, candidates=cands, annotated=annotated)
                weight = _DETECTOR_WEIGHTS[text.source]
                detector.append(_Sample(features, label, weight, group, text.source))
    return detector, typer, rule_scores


def _texts(data_dir: Path) -> Iterator[_Labelled]:
    """The dev stories (events with their sentences), ACLED notes (one event, the whole
    note) and CASE snippets (one event, or none for the non-ACLED labels)."""
    note_files = sorted((data_dir / "acled_notes").glob("*.csv"))
    case_file = data_dir / event_notes.CASE_FILE
    if not note_files or not case_file.is_file():
        raise MissingDataError(f"training data not found under {data_dir}; pass shared/data")
    for story in event_articles.load_stories(data_dir):
        if story.split == "dev":
            located: _Events = [
                (_located(story.article.text, gold.sentences), gold.sub_event_type)
                for gold in story.gold
            ]
            yield _Labelled(story.article, "story", [(s, t) for s, t in located if s])
    for note in event_notes.read_notes(note_files):
        if event_notes.split_of(note.row_id) == "dev":
            yield _Labelled(event_notes.note_article(note), "note", [(None, note.sub_event_type)])
    for snippet in event_notes.read_snippets(case_file):
        if event_notes.split_of(snippet.row_id) == "dev":
            events: _Events = [] if snippet.label == event_notes.NONE else [(None, snippet.label)]
            yield _Labelled(event_notes.snippet_article(snippet), "case", events)


def _parsed(
    pipeline: Pipeline, articles: list[records.Article]
) -> Iterator[tuple[Doc, records.AnnotatedArticle]]:
    for doc, article in pipeline.docs(articles):
        yield doc, pipeline.annotate(doc, article)


def _located(text: str, sentences: tuple[str, ...]) -> list[tuple[int, int]]:
    """Character ranges of the gold sentences in the story text (verbatim, else by prefix)."""
    spans = []
    for sentence in sentences:
        start = text.find(sentence)
        if start < 0:
            start = text.find(sentence[:40])
        if start >= 0:
            spans.append((start, start + len(sentence)))
    return spans


def _overlaps(sent: Span, spans: list[tuple[int, int]]) -> bool:
    return any(sent.start_char < end and start < sent.end_char for start, end in spans)


def _fold(group: str) -> int:
    return int(hashlib.sha1(group.encode("utf-8")).hexdigest(), 16) % 2


def _cross_validate(
    detector: list[_Sample], typer: list[_Sample], rule_scores: list[dict[str, float]]
) -> tuple[dict[str, float], float, float]:
    """Two-fold figures of the rules and the models, the detector threshold with the best
    F0.5 (precision counts double) on held-out story sentences, and the weight of the rule
    scores beside the typer's probabilities with the best held-out type macro-F1 (the mean
    over stories, notes and snippets, so that the many notes do not decide alone)."""
    scores: list[tuple[float, str, str]] = []
    for fold in (0, 1):
        train = [s for s in detector if _fold(s.group) != fold]
        held = [s for s in detector if _fold(s.group) == fold]
        fitted = _fit(train)
        scores += [(fitted.probabilities(s.features)[EVENT], s.label, s.source) for s in held]
    stories = [(p, label) for p, label, source in scores if source == "story"]
    threshold = max(_THRESHOLDS, key=lambda t: _f_beta(stories, t))
    figures = {
        "cv_story_sentences": float(len(stories)),
        "cv_rules_sentence_precision": _precision(stories, 0.0),
        "cv_model_sentence_precision": _precision(stories, threshold),
        "cv_model_sentence_recall": _recall(stories, threshold),
        "cv_model_sentence_f05": _f_beta(stories, threshold),
    }
    types = {s.name: s.event_type for s in load_taxonomy().sub_event_types}
    held_out: list[tuple[_Sample, dict[str, float], dict[str, float]]] = []
    for fold in (0, 1):
        fitted = _fit([s for s in typer if _fold(s.group) != fold])
        held_out += [
            (sample, fitted.probabilities(sample.features), rules)
            for sample, rules in zip(typer, rule_scores, strict=True)
            if _fold(sample.group) == fold
        ]
    labels = sorted(set(types.values()))

    def macro(weight: float | None, source: str | None = None) -> float:
        chosen = [h for h in held_out if source is None or h[0].source == source]
        gold = [types[sample.label] for sample, _, _ in chosen]
        predicted = [types.get(combine_types(p, rules, weight), NONE) for _, p, rules in chosen]
        return event_notes.macro_f1(gold, predicted, labels)

    def balanced(weight: float | None) -> float:
        return sum(macro(weight, source) for source in _SOURCES) / len(_SOURCES)

    rule_weight = max(_RULE_WEIGHTS, key=balanced)
    for source in _SOURCES:
        figures[f"cv_{source}_rules_type_macro_f1"] = macro(None, source)
        figures[f"cv_{source}_model_type_macro_f1"] = macro(0.0, source)
        figures[f"cv_{source}_combined_type_macro_f1"] = macro(rule_weight, source)
    return figures, threshold, rule_weight


def _fit(samples: list[_Sample]) -> model.LinearModel:
    return model.fit(
        [s.features for s in samples],
        [s.label for s in samples],
        weights=[s.weight for s in samples],
    )


def _precision(scores: list[tuple[float, str]], threshold: float) -> float:
    chosen = [label for p, label in scores if p >= threshold]
    return sum(label == EVENT for label in chosen) / len(chosen) if chosen else 0.0


def _recall(scores: list[tuple[float, str]], threshold: float) -> float:
    positives = [p for p, label in scores if label == EVENT]
    return sum(p >= threshold for p in positives) / len(positives) if positives else 0.0


def _f_beta(scores: list[tuple[float, str]], threshold: float, beta: float = 0.5) -> float:
    p, r = _precision(scores, threshold), _recall(scores, threshold)
    b2 = beta * beta
    return (1 + b2) * p * r / (b2 * p + r) if p + r else 0.0

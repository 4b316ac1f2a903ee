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
row id) compares the models with the rules alone, picks the weight of the rules in typing
and the detector's threshold (the best F1 of whole held-out stories, scored like ``sitrep
eval``); the figures are returned for the caller to print. The models are written to
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
from sitrep import events, records
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
from sitrep.gazetteer import Gazetteer
from sitrep.pipeline import Pipeline
from sitrep.taxonomy import load as load_taxonomy

logger = logging.getLogger(__name__)

EVENT, NONE = "event", "none"
# Sample weights by source, chosen by two-fold cross-validation on the dev data: the
# detector is for news stories (notes and snippets keep it from forgetting them), the
# typer learns most from the many ACLED notes.
_DETECTOR_WEIGHTS = {"story": 10.0, "note": 0.1, "case": 0.3}
_TYPER_WEIGHTS = {"story": 3.0, "note": 1.0, "case": 1.0}
_THRESHOLDS = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.97, 0.98]
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
    pipeline = Pipeline()
    detector_samples, typer_samples, rule_scores, stories = _samples(data_dir, pipeline)
    figures, threshold, rule_weight = _cross_validate(
        detector_samples, typer_samples, rule_scores, stories, pipeline.gazetteer
    )
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
_ParsedStory = tuple[event_articles.Story, Doc, records.AnnotatedArticle]


@dataclass(frozen=True)
class _Labelled:
    """A training text: its article, where it comes from, and its gold events as (sentence
    ranges or None for the whole text, sub-event type)."""

    article: records.Article
    source: str
    events: _Events
    story: event_articles.Story | None = None


def _samples(
    data_dir: Path, pipeline: Pipeline
) -> tuple[list[_Sample], list[_Sample], list[dict[str, float]], list[_ParsedStory]]:
    """Detector and typer samples from the dev parts, the rule scores of each typer sample
    (to compare the typer with the rules), and the parsed dev stories."""
    detector: list[_Sample] = []
    typer: list[_Sample] = []
    rule_scores: list[dict[str, float]] = []
    stories: list[_ParsedStory] = []
    texts = {t.article.id: t for t in _texts(data_dir)}
    articles = [t.article for t in texts.values()]
    for doc, annotated in _parsed(pipeline, articles):
        text = texts[annotated.article.id]
        if text.story is not None:
            stories.append((text.story, doc, annotated))
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
                features = sentence_features(
                    sent, index=i, count=len(sentences), candidates=cands, annotated=annotated
                )
                weight = _DETECTOR_WEIGHTS[text.source]
                detector.append(_Sample(features, label, weight, group, text.source))
    return detector, typer, rule_scores, stories


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
            yield _Labelled(story.article, "story", [(s, t) for s, t in located if s], story)
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
    detector: list[_Sample],
    typer: list[_Sample],
    rule_scores: list[dict[str, float]],
    stories: list[_ParsedStory],
    gazetteer: Gazetteer,
) -> tuple[dict[str, float], float, float]:
    """Two-fold figures of the rules and the models, the weight of the rule scores beside
    the typer's probabilities with the best held-out type macro-F1 (the mean over stories,
    notes and snippets, so that the many notes do not decide alone), and the detector
    threshold with the best F1 of whole held-out stories (the event stage run with the
    fold's models and scored like ``sitrep eval``)."""
    types = {s.name: s.event_type for s in load_taxonomy().sub_event_types}
    typers = {fold: _fit([s for s in typer if _fold(s.group) != fold]) for fold in (0, 1)}
    held_out = [
        (sample, typers[_fold(sample.group)].probabilities(sample.features), rules)
        for sample, rules in zip(typer, rule_scores, strict=True)
    ]
    labels = sorted(set(types.values()))

    def macro(weight: float | None, source: str) -> float:
        chosen = [h for h in held_out if h[0].source == source]
        gold = [types[sample.label] for sample, _, _ in chosen]
        predicted = [types.get(combine_types(p, rules, weight), NONE) for _, p, rules in chosen]
        return event_notes.macro_f1(gold, predicted, labels)

    def balanced(weight: float | None) -> float:
        return sum(macro(weight, source) for source in _SOURCES) / len(_SOURCES)

    rule_weight = max(_RULE_WEIGHTS, key=balanced)
    figures: dict[str, float] = {}
    for source in _SOURCES:
        figures[f"cv_{source}_rules_type_macro_f1"] = macro(None, source)
        figures[f"cv_{source}_model_type_macro_f1"] = macro(0.0, source)
        figures[f"cv_{source}_combined_type_macro_f1"] = macro(rule_weight, source)
    detectors = {fold: _fit([s for s in detector if _fold(s.group) != fold]) for fold in (0, 1)}

    def articles(threshold: float | None) -> dict[str, float]:
        scored = []
        for story, doc, annotated in stories:
            fold = _fold(story.article.id)
            models = {
                "detector": dataclasses.replace(detectors[fold], threshold=threshold or 0.0),
                "typer": dataclasses.replace(typers[fold], rule_weight=rule_weight),
            }
            found = events.run(
                annotated,
                doc=doc,
                gazetteer=gazetteer,
                use_models=threshold is not None,
                models=models,
            )
            scored.append(event_articles.score(story, found))
        return event_articles.summarise(scored)

    by_threshold = {t: articles(t) for t in _THRESHOLDS}
    threshold = max(_THRESHOLDS, key=lambda t: by_threshold[t]["f1"])
    for t, result in by_threshold.items():  # the calibration curve
        for metric in ("precision", "recall"):
            figures[f"cv_articles_at_{t:.2f}_{metric}"] = result[metric]
    for name, result in (("rules", articles(None)), ("model", by_threshold[threshold])):
        for metric in ("precision", "recall", "f1", "no_event_stories_quiet"):
            figures[f"cv_articles_{name}_{metric}"] = result[metric]
    return figures, threshold, rule_weight


def _fit(samples: list[_Sample]) -> model.LinearModel:
    return model.fit(
        [s.features for s in samples],
        [s.label for s in samples],
        weights=[s.weight for s in samples],
    )

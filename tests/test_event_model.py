"""The hashed linear classifier behind the event detector and typer, on toy data."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sitrep.events import model


def _toy() -> tuple[list[list[str]], list[str]]:
    samples = [["w=attack", "w=village"], ["w=attack", "w=town"], ["w=talks", "w=envoy"]] * 5
    samples += [["w=meeting", "w=envoy"], ["w=talks", "w=summit"]] * 5
    labels = (["event", "event", "none"] * 5) + (["none", "none"] * 5)
    return samples, labels


def test_fit_separates_the_labels_and_unknown_features_fall_back_to_the_prior():
    samples, labels = _toy()
    fitted = model.fit(samples, labels, epochs=200)
    assert fitted.labels == ("event", "none")
    assert fitted.probabilities(["w=attack", "w=village"])["event"] > 0.9
    assert fitted.probabilities(["w=talks", "w=envoy"])["none"] > 0.9
    prior = fitted.probabilities(["w=never-seen"])
    assert abs(sum(prior.values()) - 1.0) < 1e-6 and prior["none"] > prior["event"]


def test_weights_shift_the_decision():
    samples = [["w=strike"], ["w=strike"]]
    even = model.fit(samples, ["event", "none"], epochs=200)
    tilted = model.fit(samples, ["event", "none"], weights=[3.0, 1.0], epochs=200)
    assert tilted.probabilities(["w=strike"])["event"] > even.probabilities(["w=strike"])["event"]


def test_saved_models_load_back_with_their_settings(tmp_path: Path):
    samples, labels = _toy()
    fitted = model.fit(samples, labels, epochs=50)
    detector = model.LinearModel(
        labels=fitted.labels, rows=fitted.rows, weights=fitted.weights, bias=fitted.bias,
        threshold=0.8, rule_weight=0.3,
    )  # fmt: skip
    path = tmp_path / "models.npz"
    model.save({"detector": detector}, path)
    ((name, loaded),) = model.load(path).items()
    assert name == "detector" and loaded.threshold == 0.8 and loaded.rule_weight == 0.3
    features = ["w=attack", "w=town"]
    assert loaded.probabilities(features) == detector.probabilities(features)


def test_the_packaged_models_are_small_and_hold_no_text():
    path = Path(model.__file__).parents[1] / "data" / model.MODEL_FILE
    assert path.stat().st_size < 20_000_000
    with np.load(path) as data:
        texts = {key for key in data.files if data[key].dtype.kind in "US"}
        assert texts == {"detector.labels", "typer.labels"}  # label names, nothing else
        assert all(data[key].dtype.kind in "iuf" for key in data.files if key not in texts)
    assert set(model.packaged()) == {"detector", "typer"}


def test_the_detector_sees_where_a_sentence_sits_and_how_long_its_story_is():
    from sitrep import nlp
    from sitrep.events.features import sentence_features
    from sitrep.records import AnnotatedArticle, Article

    text = "Gunmen attacked a village."
    doc = nlp.load()(text)
    annotated = AnnotatedArticle(
        article=Article(id="a", text=text, published=None),
        sentences=[],
        entities=[],
        timexes=[],
        places=[],
        attributions=[],
        actors=[],
    )
    (sent,) = doc.sents

    def features(index: int, count: int) -> list[str]:
        return sentence_features(sent, index=index, count=count, candidates=[], annotated=annotated)

    assert {"position=0", "length=one", "position=0|one"} <= set(features(0, 1))
    assert {"length=two", "position=1|two"} <= set(features(1, 2))
    assert {"length=short", "length=medium", "length=long"} == {
        next(f for f in features(0, n) if f.startswith("length=")) for n in (4, 12, 40)
    }

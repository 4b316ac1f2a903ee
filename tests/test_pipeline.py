"""The stage-connecting pipeline, on a tiny gazetteer and the real English model."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.gazetteer import Gazetteer
from sitrep.pipeline import Pipeline
from sitrep.records import Article, Place

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    places = [
        Place(name="Ukraine", latitude=49.0, longitude=31.3, country_code="UA",
              country="Ukraine", feature_class="A", feature_code="PCLI", population=44_000_000),
        Place(name="Kharkiv", latitude=49.98, longitude=36.25, country_code="UA",
              country="Ukraine", admin1="Kharkiv", feature_class="P", feature_code="PPLA",
              population=1_430_000),
    ]  # fmt: skip
    return Pipeline(gazetteer=Gazetteer.from_places(places), batch_size=2)


def _article(ident: str, text: str) -> Article:
    return Article(id=ident, text=text, published=dt.date(2024, 5, 20))


def test_every_article_comes_back_in_order_with_its_layers(pipeline: Pipeline) -> None:
    articles = [
        _article("a", "Russian missiles struck Kharkiv on Sunday, killing six people, "
                      "Ukrainian officials said."),
        _article("b", "The weather was mild."),
        _article("c", "Gunmen attacked a checkpoint near Kharkiv on May 18."),
    ]  # fmt: skip
    results = list(pipeline.run(articles))
    assert [r.article.id for r in results] == ["a", "b", "c"]
    first = results[0].annotated
    kharkiv = next(p.place for p in first.places if p.text == "Kharkiv")
    assert kharkiv is not None and kharkiv.country_code == "UA"
    assert [t.value for t in first.timexes] == ["2024-05-19"]
    assert any(a.cue.text == "said" for a in first.attributions)
    assert results[0].events and results[0].events[0].fatalities == 6
    assert results[1].events == []
    assert results[2].events


def test_sentences_cover_the_text_and_split_fragments_are_merged(pipeline: Pipeline) -> None:
    text = (
        "Separatist groups said on March 21 their forces were continuing their attacks "
        "in the area. Officials denied it."
    )
    (result,) = pipeline.run([_article("m", text)])
    sentences = result.annotated.sentences
    assert [s.text for s in sentences] == [text[: text.index(" Officials")], "Officials denied it."]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_extract_on_a_parsed_doc_is_what_run_gives_and_the_clock_counts_each_stage() -> None:
    from sitrep import nlp

    places = [
        Place(name="Kharkiv", latitude=49.98, longitude=36.25, country_code="UA",
              country="Ukraine", admin1="Kharkiv", feature_class="P", feature_code="PPLA",
              population=1_430_000),
    ]  # fmt: skip
    clock: dict[str, float] = {}
    timed = Pipeline(gazetteer=Gazetteer.from_places(places), clock=clock)
    article = _article("a", "Russian missiles struck Kharkiv on Sunday, killing six people.")
    (whole,) = timed.run([article])
    assert set(clock) == {"sentences", "time", "places", "claims", "actors", "events"}
    first = dict(clock)
    extracted = timed.extract(nlp.load()(article.text), article)
    assert extracted.events == whole.events and extracted.events
    assert all(clock[name] > first[name] for name in ("claims", "events"))


def test_a_run_collects_garbage_less_often_and_restores_the_rate_after(
    pipeline: Pipeline,
) -> None:
    import gc

    before = gc.get_threshold()
    seen: list[int] = []
    articles = (_article(str(i), "Gunmen attacked a checkpoint.") for i in range(2))
    for _ in pipeline.run(articles):
        seen.append(gc.get_threshold()[0])
    assert seen and all(young > before[0] for young in seen)
    assert gc.get_threshold() == before


def test_the_pipeline_sets_the_blas_threads_it_is_given() -> None:
    from threadpoolctl import threadpool_info, threadpool_limits

    def blas_threads() -> set[int]:
        return {pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"}

    with threadpool_limits(limits=2, user_api="blas"):
        assert blas_threads() == {2}
        Pipeline(blas_threads=1)
        assert blas_threads() == {1}
        Pipeline(blas_threads=None)
        assert blas_threads() == {1}

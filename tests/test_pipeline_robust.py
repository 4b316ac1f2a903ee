"""One bad article never costs the batch; long texts are parsed in chunks, offsets intact.

Failures are injected where no real input fails today: a real spaCy component that raises
on a marker word, and a stage function replaced by one that raises.
"""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from sitrep import nlp
from sitrep.errors import MissingDataError
from sitrep.gazetteer import Gazetteer
from sitrep.pieces import chunk_bounds
from sitrep.pipeline import Pipeline
from sitrep.records import Article, ArticleFailure, Place
from sitrep.store import open_store
from sitrep.workflow import ingest_articles

pytestmark = pytest.mark.slow

MARKER = "Kaboomistan"
FAILING_COMPONENT = "test_fail_on_marker"


@Language.component(FAILING_COMPONENT)
def _fail_on_marker(doc):
    if MARKER in doc.text:
        raise ValueError(f"{MARKER} is not allowed")
    return doc


_CITY_POINTS = [
    ("Kharkiv", 49.98, 36.25), ("Odesa", 46.48, 30.73), ("Dnipro", 48.45, 34.98),
    ("Kherson", 46.64, 32.61), ("Sumy", 50.91, 34.80), ("Zaporizhzhia", 47.84, 35.14),
    ("Mykolaiv", 46.97, 31.99), ("Poltava", 49.59, 34.55),
]  # fmt: skip
_CITIES = [name for name, _lat, _lon in _CITY_POINTS]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    places = [
        Place(name="Ukraine", latitude=49.0, longitude=31.3, country_code="UA",
              country="Ukraine", feature_class="A", feature_code="PCLI", population=44_000_000),
    ] + [
        Place(name=name, latitude=lat, longitude=lon, country_code="UA", country="Ukraine",
              admin1=name, feature_class="P", feature_code="PPLA", population=300_000)
        for name, lat, lon in _CITY_POINTS
    ]  # fmt: skip
    return Gazetteer.from_places(places)


@pytest.fixture(scope="module")
def pipeline(gazetteer) -> Pipeline:
    return Pipeline(gazetteer=gazetteer, batch_size=4)


def _article(ident: str, text: str) -> Article:
    return Article(id=ident, text=text, published=dt.date(2024, 5, 20), origin=f"test:{ident}")


def _good(ident: str) -> Article:
    return _article(
        ident, f"Russian missiles struck Kharkiv on Sunday, killing {len(ident) + 2} people."
    )




def _long_text(paragraphs: int) -> str:
    """Paragraphs each reporting a distinct incident (another city or day)."""
    return "\n\n".join(
        f"Russian artillery shelled {_CITIES[i % len(_CITIES)]} on May {i % 19 + 1}, killing "
        f"{i % 9 + 2} people, officials said. The regional governor said {i} homes were damaged."
        for i in range(paragraphs)
    )


def test_chunk_bounds_cover_the_text_at_paragraph_breaks():
    text = _long_text(60)
    bounds = chunk_bounds(text, 1000)
    assert len(bounds) > 5
    assert "".join(text[s:e] for s, e in bounds) == text
    assert all(e - s <= 1000 for s, e in bounds)
    assert all(text[e - 2 : e] == "\n\n" for _s, e in bounds[:-1])


def test_a_long_text_in_parts_and_pieces_gives_offsets_into_the_whole_text(gazetteer):
    text = _long_text(40)
    chunked = Pipeline(gazetteer=gazetteer, chunk_chars=600, part_chars=1500)
    whole = Pipeline(gazetteer=gazetteer)
    assert len(chunk_bounds(text, chunked.part_chars)) >= 4
    (result,) = chunked.run([_article("long", text)])
    (reference,) = whole.run([_article("long", text)])
    assert result.annotated.sentences == reference.annotated.sentences
    assert result.events == reference.events
    assert len(result.events) >= 40
    for event in result.events:
        for field, (start, end) in event.evidence.items():
            assert 0 <= start < end <= len(text), field
        assert event.sentence in text
    last = [e for e in result.events if "fatalities" in e.evidence][-1]
    start, end = last.evidence["fatalities"]
    assert text[start:end] == str(last.fatalities)
    assert start > len(text) - 200  # found in the last chunk, offset into the whole text


def test_an_article_failing_in_a_stage_is_reported_and_the_others_go_on(pipeline, monkeypatch):
    from sitrep import pipeline as pipeline_module

    real_claims = pipeline_module.claims.run

    def claims_failing_on_marker(doc):
        if MARKER in doc.text:
            raise RuntimeError("claims broke\nsecond line of detail")
        return real_claims(doc)

    monkeypatch.setattr(pipeline_module.claims, "run", claims_failing_on_marker)
    failures: list[ArticleFailure] = []
    articles = [_good("a"), _article("bad", f"Gunmen attacked {MARKER} on Friday."), _good("c")]
    results = list(pipeline.run(articles, on_failure=failures.append))
    assert [r.article.id for r in results] == ["a", "c"]
    assert all(r.events for r in results)
    (failure,) = failures
    assert (failure.article.id, failure.stage) == ("bad", "claims")
    assert failure.reason == "RuntimeError: claims broke"


def test_a_parse_failure_costs_only_its_article(gazetteer):
    model = nlp.load.__wrapped__()  # a private copy of the real pipeline
    model.add_pipe(FAILING_COMPONENT, after="parser")
    pipeline = Pipeline(gazetteer=gazetteer, batch_size=8)
    pipeline.nlp = model
    failures: list[ArticleFailure] = []
    articles = [_good(f"g{i}") for i in range(5)]
    articles.insert(2, _article("bad", f"Protesters marched in {MARKER}."))
    long_bad = _long_text(10) + f"\n\nProtesters marched in {MARKER}."
    articles.append(_article("long-bad", long_bad))
    pipeline.chunk_chars = 500
    results = list(pipeline.run(articles + [_good("last")], on_failure=failures.append))
    assert [r.article.id for r in results] == ["g0", "g1", "g2", "g3", "g4", "last"]
    assert [(f.article.id, f.stage) for f in failures] == [("bad", "parse"), ("long-bad", "parse")]
    assert failures[0].reason == f"ValueError: {MARKER} is not allowed"


def test_sitrep_errors_still_stop_the_run(pipeline, monkeypatch):
    from sitrep import pipeline as pipeline_module

    def missing_index(*_args, **_kwargs):
        raise MissingDataError("place index missing; run `sitrep setup`")

    monkeypatch.setattr(pipeline_module.geocode, "recognize", missing_index)
    with pytest.raises(MissingDataError):
        list(pipeline.run([_good("a")], on_failure=lambda _f: None))


def test_an_error_in_the_callers_articles_is_not_blamed_on_an_article(pipeline):
    def articles():
        yield _good("a")
        raise KeyError("the caller's own bug")

    with pytest.raises(KeyError):
        list(pipeline.run(articles(), on_failure=lambda _f: pytest.fail("blamed an article")))


def test_failed_articles_are_recorded_shown_and_retried(pipeline, monkeypatch, tmp_path):
    from sitrep import pipeline as pipeline_module

    real_events = pipeline_module.events.run

    def events_failing_on_marker(annotated, **kwargs):
        if MARKER in annotated.article.text:
            raise RuntimeError("events broke")
        return real_events(annotated, **kwargs)

    db = str(tmp_path / "events.sqlite")
    articles = [_good("a"), _article("bad", f"Gunmen attacked {MARKER} on Friday."), _good("c")]
    monkeypatch.setattr(pipeline_module.events, "run", events_failing_on_marker)
    report = ingest_articles(articles, db=db, pipeline=pipeline, on_failure=lambda _f: None)
    assert (report.new_articles, report.failed_articles) == (2, 1)
    ingest_articles(articles, db=db, pipeline=pipeline, on_failure=lambda _f: None)
    store = open_store(db)
    assert store.stats()["failed_articles"] == 1
    (failure,) = store.failures()
    assert (failure["article_id"], failure["origin"], failure["stage"]) == (
        "bad",
        "test:bad",
        "events",
    )
    assert (failure["reason"], failure["attempts"]) == ("RuntimeError: events broke", 2)

    monkeypatch.setattr(pipeline_module.events, "run", real_events)
    report = ingest_articles(articles, db=db, pipeline=pipeline)
    assert (report.new_articles, report.known_articles, report.failed_articles) == (1, 2, 0)
    figures = store.stats()
    assert (figures["articles"], figures["failed_articles"]) == (3, 0)

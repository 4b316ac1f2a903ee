"""Connect the stages: articles in, annotated articles and events out.

Every article runs its stages under a guard: an exception in one of them becomes an
:class:`~sitrep.records.ArticleFailure` (stage and reason) handed to ``on_failure``, and
the run goes on with the next article. sitrep's own errors (a missing model or place
index, an unwritable database) still stop the run: they would fail every article.

Long texts are cut at paragraph breaks twice over. spaCy parses pieces of at most
``chunk_chars`` (its memory grows with the text of a batch); the stages analyse parts of at
most ``part_chars``, each the joined pieces it holds, in a Doc over the whole text where
the rest is blank: every offset points into the original text, and no stage ever sees more
than one part's words (stages that look at the whole document stay fast on book-length
input). The parts' layers and events are joined into one result for the article.

Three process settings serve throughput. spaCy's matrices are small, so BLAS runs on one
thread (``blas_threads``): more threads cost 15-20% more CPU time and saved no wall time
(docs/scale.md). And while articles are processed, Python's cyclic garbage collector runs
its young-generation pass every ``_YOUNG_COLLECTION_EVERY`` allocations instead of every
700: a parse allocates millions of short-lived objects, and the default rate triggers full
collections that walk every loaded table again; the setting is restored when the run ends.
What is loaded when a process builds its first pipeline (modules, the model, its tables) is
frozen out of the collector's full passes (``gc.freeze``), the one at exit among them.
"""

from __future__ import annotations

import gc
import logging
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from itertools import islice
from typing import TypeVar

from spacy.tokens import Doc
from threadpoolctl import threadpool_limits

from sitrep import actors, claims, events, geocode, nlp, recase, timex
from sitrep.errors import SitrepError
from sitrep.gazetteer import Gazetteer
from sitrep.gazetteer import load as load_gazetteer
from sitrep.geo import run_lexicon_on
from sitrep.pieces import blank_doc, chunk_bounds, concatenated
from sitrep.records import (
    AnnotatedArticle,
    Article,
    ArticleFailure,
    EntityMention,
    Event,
    PlaceMention,
    Span,
    TimeExpression,
)

log = logging.getLogger(__name__)

CHUNK_CHARS = 10_000  # parsed at once (spaCy's own limit is 1,000,000)
PART_CHARS = 20_000  # analysed at once; longer than nearly every news story
_REASON_CHARS = 300
_YOUNG_COLLECTION_EVERY = 10_000  # allocations between young-generation collections

FailureHandler = Callable[[ArticleFailure], None]
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Extraction:
    """One article with every layer found in it and the events it reports."""

    annotated: AnnotatedArticle
    events: list[Event]

    @property
    def article(self) -> Article:
        """The article the layers and events belong to."""
        return self.annotated.article


class StageFailed(Exception):
    """One article failed in one stage; ``failure`` says which and why."""

    def __init__(self, failure: ArticleFailure) -> None:
        super().__init__(f"{failure.stage}: {failure.reason}")
        self.failure = failure


@contextmanager
def stage(name: str, article: Article, *, clock: dict[str, float] | None = None) -> Iterator[None]:
    """Run a stage of one article: any exception (but sitrep's own) becomes StageFailed.

    With a ``clock``, the stage's CPU seconds are added to ``clock[name]``.
    """
    start = time.process_time()
    try:
        yield
    except SitrepError:
        raise
    except Exception as exc:  # the guard: whatever one article triggers, the batch goes on
        raise StageFailed(ArticleFailure(article=article, stage=name, reason=_reason(exc))) from exc
    finally:
        if clock is not None:
            clock[name] = clock.get(name, 0.0) + time.process_time() - start


def log_failure(failure: ArticleFailure) -> None:
    """The default failure handler: a warning naming the article, stage and reason."""
    log.warning(
        "%s: article %s failed in stage %s: %s",
        failure.article.origin,
        failure.article.id,
        failure.stage,
        failure.reason,
    )


@dataclass(frozen=True)
class _Part:
    """A paragraph-aligned part ``start:end`` of an article, parsed; ``serial`` numbers
    the article in its input, ``count`` is its number of parts."""

    whole: Article
    serial: int
    count: int
    doc: Doc
    start: int
    end: int

    @property
    def alone(self) -> bool:
        """The part is the whole article."""
        return self.start == 0 and self.end == len(self.whole.text)

    def placed(self) -> tuple[Doc, Article]:
        """A doc and article over the whole text in which all but this part is blank."""
        if self.alone:
            return self.doc, self.whole
        total = len(self.whole.text)
        vocab = self.doc.vocab
        before, after = blank_doc(vocab, self.start), blank_doc(vocab, total - self.end)
        joined = concatenated([d for d in (before, self.doc, after) if d is not None])
        text = " " * self.start + self.whole.text[self.start : self.end] + " " * (total - self.end)
        changes: dict[str, object] = {"text": text}
        if self.start > 0:  # the dateline belongs to the first part; others would repeat it
            changes["dateline"] = None
        return joined, self.whole.model_copy(update=changes)


@dataclass(frozen=True)
class _Located:
    """A part ready for the stages: its doc and article placed in the whole text, and its
    places when the run's geocoder found them (a StageFailed when that failed)."""

    part: _Part
    doc: Doc
    article: Article
    places: list[PlaceMention] | StageFailed | None = None

    @classmethod
    def of(cls, part: _Part) -> _Located:
        """The part placed in the whole text, its places not yet found."""
        return cls(part, *part.placed())


class Pipeline:
    """Loads the models and place index once and runs every stage over batches of articles.

    Args:
        gazetteer (Gazetteer | None): place index; when None, the packaged one is loaded
            on first use.
        batch_size (int): articles per spaCy batch.
        n_process (int): spaCy worker processes.
        chunk_chars (int): the longest text spaCy parses at once; longer texts are parsed
            in pieces cut at paragraph breaks. Default ``CHUNK_CHARS``.
        part_chars (int): the longest text the stages analyse at once; longer texts are
            analysed in parts cut at paragraph breaks. Default ``PART_CHARS``.
        clock (dict[str, float] | None): when given, each stage's CPU seconds are added
            to it under the stage's name (the benchmark's breakdown).
        blas_threads (int | None): threads of the process's BLAS library, set when the
            pipeline is built (default 1); None leaves them as they are.
        run_lexicon (bool): in :meth:`run`, :meth:`places` and :meth:`each_doc`, resolve
            the names an article leaves open by the places the run's other articles name
            (:mod:`sitrep.geo.lexicon`; parts are then geocoded in chunks of
            :data:`sitrep.geocode.RUN_CHUNK` and yielded chunk by chunk). Default: on,
            unless ``$SITREP_RUN_LEXICON`` is ``0`` (``sitrep --no-run-lexicon``).
        demonyms (bool): the places stage also reports demonyms ("Egyptian") as mentions
            of their country, as gold sets such as LGL tag them (``sitrep geoparse
            --demonyms``). Default off.
    """

    def __init__(
        self,
        *,
        gazetteer: Gazetteer | None = None,
        batch_size: int = 16,
        n_process: int = 1,
        chunk_chars: int = CHUNK_CHARS,
        part_chars: int = PART_CHARS,
        clock: dict[str, float] | None = None,
        blas_threads: int | None = 1,
        run_lexicon: bool | None = None,
        demonyms: bool = False,
    ) -> None:
        if blas_threads is not None:
            threadpool_limits(limits=blas_threads, user_api="blas")
        self.nlp = nlp.load()
        _freeze_loaded()
        self.clock = clock
        self._gazetteer = gazetteer
        self._place_test: recase.KnownPlace | None = None
        self.batch_size = batch_size
        self.n_process = n_process
        self.chunk_chars = chunk_chars
        self.part_chars = part_chars
        self.run_lexicon = run_lexicon_on() if run_lexicon is None else run_lexicon
        self.demonyms = demonyms

    @property
    def gazetteer(self) -> Gazetteer:
        """The place index, loaded on first use."""
        if self._gazetteer is None:
            self._gazetteer = load_gazetteer()
        return self._gazetteer

    def docs(
        self, articles: Iterable[Article], *, on_failure: FailureHandler = log_failure
    ) -> Iterator[tuple[Doc, Article]]:
        """Parse articles with spaCy, in input order: (doc, article) for each part.

        A text of at most ``part_chars`` is one part: its own doc and article. A longer
        one gives a pair per part, each over the whole text with the rest blank (same id,
        offsets into the whole text), as soon as the part is parsed. An article whose
        parse raises goes to ``on_failure`` (stage ``parse``); parts of it before the
        failing one have been yielded already.
        """
        for part in self._parts(articles, on_failure):
            yield part.placed()

    def annotate(self, doc: Doc, article: Article) -> AnnotatedArticle:
        """Run the time, place, claim and actor stages over one parsed article.

        Raises:
            StageFailed: a stage raised; the failure names it.
        """
        return self._annotate(doc, article, start=0, end=len(article.text))

    def extract(self, doc: Doc, article: Article) -> Extraction:
        """Run every stage, events included, over one article parsed whole.

        Raises:
            StageFailed: a stage raised; the failure names it.
        """
        return self._extract(
            _Located(_Part(article, 0, 1, doc, 0, len(article.text)), doc, article)
        )

    def _annotate(
        self,
        doc: Doc,
        article: Article,
        *,
        start: int,
        end: int,
        places: list[PlaceMention] | StageFailed | None = None,
    ) -> AnnotatedArticle:
        """The layers of ``doc``, whose words are all within ``start:end`` of the text
        (``places`` when the run's geocoder found them already)."""
        with stage("sentences", article, clock=self.clock):
            text = nlp.text_of(doc)  # sliced: a spaCy span joins its tokens on each .text
            sentences = [  # the blank stretches around a part are sentences of their own
                Span(start=s.start_char, end=s.end_char, text=text[s.start_char : s.end_char])
                for s in doc.sents
                if start <= s.start_char < end
            ]
            entities = [
                EntityMention(
                    start=e.start_char,
                    end=e.end_char,
                    text=text[e.start_char : e.end_char],
                    label=e.label_,
                )
                for e in doc.ents
            ]
        with stage("time", article, clock=self.clock):
            timexes = _timexes(article, start, end)
        places = self._places_of(doc, article, places)
        with stage("claims", article, clock=self.clock):
            attributions = claims.run(doc)
        with stage("actors", article, clock=self.clock):
            found_actors = actors.run(doc)
        return AnnotatedArticle(
            article=article,
            sentences=sentences,
            entities=entities,
            timexes=timexes,
            places=places,
            attributions=attributions,
            actors=found_actors,
        )

    def run(
        self, articles: Iterable[Article], *, on_failure: FailureHandler = log_failure
    ) -> Iterator[Extraction]:
        """Annotate each article and extract its events, in input order.

        An article that fails in any stage goes to ``on_failure`` and yields nothing.
        """
        for whole, results in self._per_article(articles, self._extract, on_failure):
            yield results[0] if len(results) == 1 else _joined_extractions(whole, results)

    def each_doc(
        self,
        name: str,
        work: Callable[[Doc, Article], list[T]],
        articles: Iterable[Article],
        *,
        on_failure: FailureHandler = log_failure,
    ) -> Iterator[tuple[Article, list[T]]]:
        """Parse articles and run one stage, ``work(doc, article)``, on each under the guard;
        a long article's parts give one list together."""

        def run_stage(located: _Located) -> list[T]:
            with stage(name, located.article):
                return work(located.doc, located.article)

        found = self._per_article(articles, run_stage, on_failure, geocode_parts=False)
        for whole, results in found:
            yield whole, [item for found in results for item in found]

    def places(
        self, articles: Iterable[Article], *, on_failure: FailureHandler = log_failure
    ) -> Iterator[tuple[Article, list[PlaceMention]]]:
        """Parse articles and find their places (the run's lexicon deciding open names
        unless ``run_lexicon`` is off); a long article's parts give one list together."""

        def located(part: _Located) -> list[PlaceMention]:
            return self._places_of(part.doc, part.article, part.places)

        for whole, results in self._per_article(articles, located, on_failure):
            yield whole, [item for found in results for item in found]

    def _places_of(
        self, doc: Doc, article: Article, places: list[PlaceMention] | StageFailed | None
    ) -> list[PlaceMention]:
        """The places the run's geocoder found, else the article's own (stage ``places``)."""
        if isinstance(places, StageFailed):
            raise places
        if places is not None:
            return places
        with stage("places", article, clock=self.clock):
            return geocode.run(
                doc, article=article, gazetteer=self.gazetteer, demonyms=self.demonyms
            )

    def _located(self, parts: Iterator[_Part], *, geocode_parts: bool) -> Iterator[_Located]:
        """Each part with its doc and article placed in the whole text, and, with the run
        lexicon, its places: parts are geocoded in chunks of ``geocode.RUN_CHUNK``, each
        part's failure kept with it (stage ``places``)."""
        if not (geocode_parts and self.run_lexicon):
            yield from (_Located.of(part) for part in parts)
            return
        geocoder = geocode.RunGeocoder(gazetteer=self.gazetteer, demonyms=self.demonyms)
        while chunk := [_Located.of(part) for part in islice(parts, geocode.RUN_CHUNK)]:
            pending: dict[int, geocode.Pending] = {}
            failed: dict[int, StageFailed] = {}
            for i, located in enumerate(chunk):
                try:
                    with stage("places", located.article, clock=self.clock):
                        pending[i] = geocoder.first(located.doc, located.article)
                except StageFailed as exc:
                    failed[i] = exc
            try:
                with stage("places", chunk[0].article, clock=self.clock):
                    decisions = geocoder.decide(list(pending.values()))
            except StageFailed as exc:  # the lexicon only refines: keep the articles' picks
                log.warning("run lexicon failed (%s); a chunk keeps its own places", exc)
                decisions = [p.found for p in pending.values()]
            decided = dict(zip(pending, decisions, strict=True))
            for i, located in enumerate(chunk):
                found = decided[i] if i in decided else failed[i]
                yield _Located(located.part, located.doc, located.article, found)

    def _extract(self, located: _Located) -> Extraction:
        """One part's layers and events, kept with the whole article (not the placed copy,
        whose text is as long as the whole)."""
        part, doc, article = located.part, located.doc, located.article
        annotated = self._annotate(
            doc, article, start=part.start, end=part.end, places=located.places
        )
        with stage("events", article, clock=self.clock):
            found = events.run(annotated, doc=doc, gazetteer=self.gazetteer)
        if not part.alone:
            annotated = annotated.model_copy(update={"article": part.whole})
        return Extraction(annotated=annotated, events=found)

    def _per_article(
        self,
        articles: Iterable[Article],
        work: Callable[[_Located], R],
        on_failure: FailureHandler,
        *,
        geocode_parts: bool = True,
    ) -> Iterator[tuple[Article, list[R]]]:
        """Apply ``work`` to each part as soon as it is parsed (so only one part's doc is
        held at a time; with ``geocode_parts`` and the run lexicon, as soon as its chunk's
        places are decided: a chunk's docs are held); yield each article with its parts'
        results once all are done. An article whose parse or work fails is reported once
        and yields nothing.
        """
        serial, failed = -1, False
        results: list[R] = []
        with _rare_collections():
            parts = self._parts(articles, on_failure)
            for located in self._located(parts, geocode_parts=geocode_parts):
                part = located.part
                if part.serial != serial:  # a new article (an unfinished one failed to parse)
                    serial, failed, results = part.serial, False, []
                if failed:
                    continue
                try:
                    results.append(work(located))
                except StageFailed as exc:
                    failed = True
                    on_failure(exc.failure.model_copy(update={"article": part.whole}))
                    continue
                if len(results) == part.count:
                    yield part.whole, results

    def _parts(self, articles: Iterable[Article], on_failure: FailureHandler) -> Iterator[_Part]:
        """The parsed parts of each article, in order. An article whose parse fails is
        reported once and its later parts skipped."""
        failed = -1
        docs: list[Doc] = []
        for piece, parsed in self._parse(self._pieces(articles)):
            if piece.serial == failed:
                continue
            if piece.start == piece.part_start:
                docs = []
            if isinstance(parsed, ArticleFailure):
                failed = piece.serial
                on_failure(parsed)
                continue
            docs.append(parsed)
            if piece.end == piece.part_end:
                doc = docs[0] if len(docs) == 1 else concatenated(docs)
                yield _Part(
                    piece.article, piece.serial, piece.parts, doc, piece.part_start, piece.part_end
                )

    def _pieces(self, articles: Iterable[Article]) -> Iterator[_Piece]:
        for serial, article in enumerate(articles):
            parts = chunk_bounds(article.text, self.part_chars)
            for part_start, part_end in parts:
                for start, end in chunk_bounds(article.text[part_start:part_end], self.chunk_chars):
                    yield _Piece(
                        article,
                        serial,
                        part_start + start,
                        part_start + end,
                        part_start,
                        part_end,
                        len(parts),
                    )

    def _parsed_text(self, piece: _Piece) -> str:
        """What spaCy parses for a piece: a whole article that is a title-case headline is
        parsed from its sentence-case copy (:mod:`sitrep.recase`), any other piece as it is."""
        if piece.start or piece.end != len(piece.article.text):
            return piece.text
        copy = recase.headline_copy(piece.text, known_place=self._known_place)
        return piece.text if copy is None else copy

    def _known_place(self, name: str) -> bool:
        """:func:`recase.known_place_in` the place index, which loads only when asked."""
        if self._place_test is None:
            self._place_test = recase.known_place_in(self.gazetteer)
        return self._place_test(name)

    def _parse(self, pieces: Iterator[_Piece]) -> Iterator[tuple[_Piece, Doc | ArticleFailure]]:
        """spaCy over a stream of pieces, batched; when a batch raises, its pieces are
        parsed one at a time so that only the piece at fault fails."""
        source_error: list[BaseException] = []
        while True:
            pending: deque[_Piece] = deque()
            stream = self.nlp.pipe(
                _feed(pieces, pending, source_error, self._parsed_text),
                as_tuples=True,
                batch_size=self.batch_size,
                n_process=self.n_process,
            )
            try:
                for doc, piece in stream:
                    pending.popleft()
                    yield piece, recase.with_words_of(doc, piece.text)
                return
            except Exception as exc:
                if source_error or isinstance(exc, SitrepError):
                    raise
                log.debug("a spaCy batch failed (%s); parsing its articles one by one", exc)
            for piece in pending:
                try:
                    with stage("parse", piece.article):
                        doc = recase.with_words_of(self.nlp(self._parsed_text(piece)), piece.text)
                except StageFailed as failed:
                    yield piece, failed.failure
                    continue
                yield piece, doc


@dataclass(frozen=True)
class _Piece:
    """What spaCy parses at once: ``start:end`` of the article's text, within its part
    ``part_start:part_end`` (one of ``parts``); ``serial`` numbers the article."""

    article: Article
    serial: int
    start: int
    end: int
    part_start: int
    part_end: int
    parts: int

    @property
    def text(self) -> str:
        """The piece's text."""
        return self.article.text[self.start : self.end]


def _feed(
    pieces: Iterator[_Piece],
    pending: deque[_Piece],
    source_error: list[BaseException],
    parsed_text: Callable[[_Piece], str],
) -> Iterator[tuple[str, _Piece]]:
    """Hand pieces to spaCy (``parsed_text`` of each), remembering those not yet returned;
    an error from the caller's own iterator is noted so that it is re-raised, not blamed on
    a piece."""
    while True:
        try:
            piece = next(pieces)
        except StopIteration:
            return
        except BaseException as exc:
            source_error.append(exc)
            raise
        pending.append(piece)
        yield parsed_text(piece), piece


@cache
def _freeze_loaded() -> None:
    """Leave what is loaded by now (modules, the model and its tables, ~100,000 objects that
    live as long as the process) out of the cyclic collector's full passes, among them the
    one at exit (0.07 CPU s). Once per process: objects created later are collected as
    usual."""
    gc.freeze()


@contextmanager
def _rare_collections() -> Iterator[None]:
    """Run the young-generation garbage collection less often, for the duration."""
    young, *older = gc.get_threshold()
    gc.set_threshold(max(young, _YOUNG_COLLECTION_EVERY), *older)
    try:
        yield
    finally:
        gc.set_threshold(young, *older)


def _timexes(article: Article, start: int, end: int) -> list[TimeExpression]:
    """Time expressions in ``start:end`` of the text, with offsets into the whole."""
    if article.published is None:
        return []
    found = timex.run(article.text[start:end], published=article.published)
    if start == 0:
        return found
    return [t.model_copy(update={"start": t.start + start, "end": t.end + start}) for t in found]


def _joined_extractions(article: Article, results: list[Extraction]) -> Extraction:
    """One article's result from its parts': layers and events in text order."""
    layers: dict[str, list] = {}
    for result in results:
        for name in AnnotatedArticle.model_fields:
            if name == "article":
                continue
            layers.setdefault(name, []).extend(getattr(result.annotated, name))
    annotated = AnnotatedArticle(article=article, **layers)
    return Extraction(annotated=annotated, events=[e for r in results for e in r.events])


def _reason(exc: BaseException) -> str:
    first_line = (str(exc).strip().splitlines() or [""])[0]
    reason = f"{type(exc).__name__}: {first_line}" if first_line else type(exc).__name__
    return reason if len(reason) <= _REASON_CHARS else reason[: _REASON_CHARS - 3] + "..."

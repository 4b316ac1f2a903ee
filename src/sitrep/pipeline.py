"""Connect the stages: articles in, annotated articles and events out.

Every article runs its stages under a guard: an exception in one of them becomes an
:class:`~sitrep.records.ArticleFailure` (stage and reason) handed to ``on_failure``, and
the run goes on with the next article. sitrep's own errors (a missing model or place
index, an unwritable database) still stop the run: they would fail every article.

Texts longer than ``chunk_chars`` are parsed in paragraph-aligned pieces that are joined
back into one Doc over the whole text, so every offset still points into the original.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar, cast

from spacy.tokens import Doc

from sitrep import actors, claims, events, geocode, nlp, timex
from sitrep.errors import SitrepError
from sitrep.gazetteer import Gazetteer
from sitrep.gazetteer import load as load_gazetteer
from sitrep.ingest.article import cut_point
from sitrep.records import AnnotatedArticle, Article, ArticleFailure, EntityMention, Event, Span

log = logging.getLogger(__name__)

CHUNK_CHARS = 100_000  # spaCy's own limit is 1,000,000; smaller pieces bound its memory
_REASON_CHARS = 300

FailureHandler = Callable[[ArticleFailure], None]
T = TypeVar("T")


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
def stage(name: str, article: Article) -> Iterator[None]:
    """Run a stage of one article: any exception (but sitrep's own) becomes StageFailed."""
    try:
        yield
    except SitrepError:
        raise
    except Exception as exc:  # the guard: whatever one article triggers, the batch goes on
        raise StageFailed(ArticleFailure(article=article, stage=name, reason=_reason(exc))) from exc


def log_failure(failure: ArticleFailure) -> None:
    """The default failure handler: a warning naming the article, stage and reason."""
    log.warning(
        "%s: article %s failed in stage %s: %s",
        failure.article.origin,
        failure.article.id,
        failure.stage,
        failure.reason,
    )


class Pipeline:
    """Loads the models and place index once and runs every stage over batches of articles.

    Args:
        gazetteer (Gazetteer | None): place index; when None, the packaged one is loaded
            on first use.
        batch_size (int): articles per spaCy batch.
        n_process (int): spaCy worker processes.
        chunk_chars (int): texts longer than this are parsed in pieces of at most this
            many characters, cut at paragraph breaks. Default ``CHUNK_CHARS``.
    """

    def __init__(
        self,
        *,
        gazetteer: Gazetteer | None = None,
        batch_size: int = 16,
        n_process: int = 1,
        chunk_chars: int = CHUNK_CHARS,
    ) -> None:
        self.nlp = nlp.load()
        self._gazetteer = gazetteer
        self.batch_size = batch_size
        self.n_process = n_process
        self.chunk_chars = chunk_chars

    @property
    def gazetteer(self) -> Gazetteer:
        """The place index, loaded on first use."""
        if self._gazetteer is None:
            self._gazetteer = load_gazetteer()
        return self._gazetteer

    def docs(
        self, articles: Iterable[Article], *, on_failure: FailureHandler = log_failure
    ) -> Iterator[tuple[Doc, Article]]:
        """Parse articles with spaCy, keeping each doc with its article, in input order.

        An article whose parse raises goes to ``on_failure`` (stage ``parse``).
        """
        parts: list[Doc] = []
        failed = False
        for piece, parsed in self._parse(self._pieces(articles)):
            if piece.index == 0:
                parts, failed = [], False
            if failed:
                continue
            if isinstance(parsed, ArticleFailure):
                failed = True
                on_failure(parsed)
                continue
            parts.append(parsed)
            if len(parts) == piece.count:
                yield (parts[0] if piece.count == 1 else _joined(parts)), piece.article

    def annotate(self, doc: Doc, article: Article) -> AnnotatedArticle:
        """Run the time, place, claim and actor stages over one parsed article.

        Raises:
            StageFailed: a stage raised; the failure names it.
        """
        with stage("sentences", article):
            sentences = [Span(start=s.start_char, end=s.end_char, text=s.text) for s in doc.sents]
            entities = [
                EntityMention(start=e.start_char, end=e.end_char, text=e.text, label=e.label_)
                for e in doc.ents
            ]
        with stage("time", article):
            timexes = (
                timex.run(article.text, published=article.published) if article.published else []
            )
        with stage("places", article):
            places = geocode.run(doc, article=article, gazetteer=self.gazetteer)
        with stage("claims", article):
            attributions = claims.run(doc)
        with stage("actors", article):
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
        for doc, article in self.docs(articles, on_failure=on_failure):
            try:
                annotated = self.annotate(doc, article)
                with stage("events", article):
                    found = events.run(annotated, doc=doc, gazetteer=self.gazetteer)
            except StageFailed as failed:
                on_failure(failed.failure)
                continue
            yield Extraction(annotated=annotated, events=found)

    def each_doc(
        self,
        name: str,
        work: Callable[[Doc, Article], T],
        articles: Iterable[Article],
        *,
        on_failure: FailureHandler = log_failure,
    ) -> Iterator[tuple[Article, T]]:
        """Parse articles and run one stage, ``work(doc, article)``, on each under the guard."""
        for doc, article in self.docs(articles, on_failure=on_failure):
            try:
                with stage(name, article):
                    result = work(doc, article)
            except StageFailed as failed:
                on_failure(failed.failure)
                continue
            yield article, result

    def _pieces(self, articles: Iterable[Article]) -> Iterator[_Piece]:
        for article in articles:
            bounds = chunk_bounds(article.text, self.chunk_chars)
            for index, (start, end) in enumerate(bounds):
                yield _Piece(article, index, len(bounds), article.text[start:end])

    def _parse(self, pieces: Iterator[_Piece]) -> Iterator[tuple[_Piece, Doc | ArticleFailure]]:
        """spaCy over a stream of pieces, batched; when a batch raises, its pieces are
        parsed one at a time so that only the piece at fault fails."""
        source_error: list[BaseException] = []
        while True:
            pending: deque[_Piece] = deque()
            stream = self.nlp.pipe(
                _feed(pieces, pending, source_error),
                as_tuples=True,
                batch_size=self.batch_size,
                n_process=self.n_process,
            )
            try:
                for doc, piece in stream:
                    pending.popleft()
                    yield piece, doc
                return
            except Exception as exc:
                if source_error or isinstance(exc, SitrepError):
                    raise
                log.debug("a spaCy batch failed (%s); parsing its articles one by one", exc)
            for piece in pending:
                try:
                    with stage("parse", piece.article):
                        doc = self.nlp(piece.text)
                except StageFailed as failed:
                    yield piece, failed.failure
                    continue
                yield piece, doc


@dataclass(frozen=True)
class _Piece:
    """A paragraph-aligned part of an article's text, parsed on its own."""

    article: Article
    index: int
    count: int
    text: str


def _feed(
    pieces: Iterator[_Piece], pending: deque[_Piece], source_error: list[BaseException]
) -> Iterator[tuple[str, _Piece]]:
    """Hand pieces to spaCy, remembering those not yet returned; an error from the
    caller's own iterator is noted so that it is re-raised, not blamed on a piece."""
    while True:
        try:
            piece = next(pieces)
        except StopIteration:
            return
        except BaseException as exc:
            source_error.append(exc)
            raise
        pending.append(piece)
        yield piece.text, piece


def chunk_bounds(text: str, size: int) -> list[tuple[int, int]]:
    """Split ``text`` into consecutive (start, end) pieces of at most ``size`` characters,
    cut after paragraph breaks where possible; together they cover the text exactly."""
    bounds: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        end = start + cut_point(text[start : start + size + 1], size)
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


def _joined(parts: list[Doc]) -> Doc:
    """One Doc over the concatenated texts of ``parts`` (offsets as in the whole text)."""
    joined = Doc.from_docs(  # type: ignore[call-arg]  # spaCy's stub lacks ``exclude``
        parts, ensure_whitespace=False, exclude=["tensor", "user_data"]
    )
    return cast(Doc, joined)


def _reason(exc: BaseException) -> str:
    first_line = (str(exc).strip().splitlines() or [""])[0]
    reason = f"{type(exc).__name__}: {first_line}" if first_line else type(exc).__name__
    return reason if len(reason) <= _REASON_CHARS else reason[: _REASON_CHARS - 3] + "..."

"""Connect the stages: articles in, annotated articles and events out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc

from sitrep import actors, claims, events, geocode, nlp, timex
from sitrep.gazetteer import Gazetteer
from sitrep.gazetteer import load as load_gazetteer
from sitrep.records import AnnotatedArticle, Article, EntityMention, Event, Span


@dataclass(frozen=True)
class Extraction:
    """One article with every layer found in it and the events it reports."""

    annotated: AnnotatedArticle
    events: list[Event]

    @property
    def article(self) -> Article:
        """The article the layers and events belong to."""
        return self.annotated.article


class Pipeline:
    """Loads the models and place index once and runs every stage over batches of articles.

    Args:
        gazetteer (Gazetteer | None): place index; the packaged one is loaded when None.
        batch_size (int): articles per spaCy batch.
        n_process (int): spaCy worker processes.
    """

    def __init__(
        self, *, gazetteer: Gazetteer | None = None, batch_size: int = 16, n_process: int = 1
    ) -> None:
        self.nlp = nlp.load()
        self.gazetteer = gazetteer if gazetteer is not None else load_gazetteer()
        self.batch_size = batch_size
        self.n_process = n_process

    def docs(self, articles: Iterable[Article]) -> Iterator[tuple[Doc, Article]]:
        """Parse articles with spaCy, keeping each doc with its article."""
        pairs = ((article.text, article) for article in articles)
        yield from self.nlp.pipe(
            pairs, as_tuples=True, batch_size=self.batch_size, n_process=self.n_process
        )

    def annotate(self, doc: Doc, article: Article) -> AnnotatedArticle:
        """Run the time, place, claim and actor stages over one parsed article."""
        return AnnotatedArticle(
            article=article,
            sentences=[Span(start=s.start_char, end=s.end_char, text=s.text) for s in doc.sents],
            entities=[
                EntityMention(start=e.start_char, end=e.end_char, text=e.text, label=e.label_)
                for e in doc.ents
            ],
            timexes=timex.run(article.text, published=article.published),
            places=geocode.run(doc, article=article, gazetteer=self.gazetteer),
            attributions=claims.run(doc),
            actors=actors.run(doc),
        )

    def run(self, articles: Iterable[Article]) -> Iterator[Extraction]:
        """Annotate each article and extract its events, in input order."""
        for doc, article in self.docs(articles):
            annotated = self.annotate(doc, article)
            yield Extraction(
                annotated=annotated, events=events.run(annotated, doc=doc, gazetteer=self.gazetteer)
            )

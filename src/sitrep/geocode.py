"""Geoparsing: find the place names of an article and resolve them to gazetteer places.

Recognition is :mod:`sitrep.geo.recognize` (dateline, spaCy place entities, gazetteer
matches; not holidays, armed groups or adjectives; small towns without a cue word only
when a candidate lies within 50 km of the article's other resolved places); resolution is
:mod:`sitrep.geo.resolve`, which picks all of an article's places jointly with a linear
ranker (:mod:`sitrep.geo.ranker`). A run of articles is geocoded chunk by chunk
(:class:`RunGeocoder`), so that names an article leaves open are decided by the places
the run's other articles name (:mod:`sitrep.geo.lexicon`). See ``docs/places.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from sitrep.gazetteer import Gazetteer
from sitrep.geo import ranker as rankers
from sitrep.geo.distance import distance_km
from sitrep.geo.lexicon import Resolution, RunLexicon, standing
from sitrep.geo.name_parts import known_part
from sitrep.geo.recognize import recognize
from sitrep.geo.resolve import Context, mentions, near_places
from sitrep.geo.resolve import resolve as resolve_mentions
from sitrep.nlp import text_of
from sitrep.records import Article, Place, PlaceMention

__all__ = ["Pending", "RunGeocoder", "distance_km", "resolve", "run"]

DEFAULT_RANKER = "rules"
RUN_CHUNK = 128  # articles geocoded together by :class:`RunGeocoder`'s callers


def run(
    doc: Doc,
    *,
    article: Article,
    gazetteer: Gazetteer,
    demonyms: bool = False,
    ranker: str = DEFAULT_RANKER,
) -> list[PlaceMention]:
    """Find and resolve the place names of an article.

    Args:
        doc (Doc): the article text parsed by :func:`sitrep.nlp.load` (``doc.text ==
            article.text``).
        article (Article): the article; its ``dateline`` span is a place mention too.
        gazetteer (Gazetteer): where names are looked up.
        demonyms (bool): also report demonyms ("Egyptian") as mentions of their
            country, as some gold sets do. Default False.
        ranker (str): ``"rules"`` (default, the better on LGL's held-out split) or
            ``"learned"`` candidate weights (see :mod:`sitrep.geo.ranker`).

    Returns:
        PlaceMention list in text order; ``place`` is None when no candidate fits.
    """
    return _run(doc, article=article, gazetteer=gazetteer, demonyms=demonyms, ranker=ranker)[0]


def _run(
    doc: Doc, *, article: Article, gazetteer: Gazetteer, demonyms: bool, ranker: str
) -> tuple[list[PlaceMention], Context]:
    """:func:`run`, also giving the resolution's context."""
    doc.user_data.setdefault("sitrep_text", article.text)
    text = text_of(doc)
    found = recognize(doc, article=article, gazetteer=gazetteer, demonyms=demonyms)
    picks, context = _picks(doc, found.spans, article=article, gazetteer=gazetteer, ranker=ranker)
    # A longer name nothing is known by is placed at the place it holds ("Henderson County
    # Jail"), as a site named after a town is at the town; the mention keeps its span.
    named_in: dict[tuple[int, int], tuple[int, int]] = {}
    for m, place in zip(context.mentions, picks, strict=True):
        part = known_part(doc, m.start, m.end, gazetteer) if place is None else None
        if part is not None and part not in found.spans:
            named_in[part] = (m.start, m.end)
    spans = [span for span in found.spans if span not in named_in.values()] + list(named_in)
    kept: list[tuple[int, int]] = []
    if found.if_near:
        near = near_places(
            [text[s:e] for s, e in found.if_near],
            [p for p in picks if p is not None],
            gazetteer=gazetteer,
        )
        kept = [span for span, keep in zip(found.if_near, near, strict=True) if keep]
    if kept or named_in:
        picks, context = _picks(
            doc, spans + kept, article=article, gazetteer=gazetteer, ranker=ranker
        )
    # Still in text order: a part lies inside its name.
    return _records(context, picks, text=text, named_in=named_in), context


def resolve(
    doc: Doc,
    spans: Iterable[tuple[int, int]],
    *,
    article: Article,
    gazetteer: Gazetteer,
    ranker: str = DEFAULT_RANKER,
) -> list[PlaceMention]:
    """Resolve given toponym spans (character offsets) in an article to places, jointly."""
    return _resolve(doc, spans, article=article, gazetteer=gazetteer, ranker=ranker)[0]


def _resolve(
    doc: Doc,
    spans: Iterable[tuple[int, int]],
    *,
    article: Article,
    gazetteer: Gazetteer,
    ranker: str,
) -> tuple[list[PlaceMention], Context]:
    picks, context = _picks(doc, spans, article=article, gazetteer=gazetteer, ranker=ranker)
    return _records(context, picks, text=text_of(doc)), context


def _picks(
    doc: Doc,
    spans: Iterable[tuple[int, int]],
    *,
    article: Article,
    gazetteer: Gazetteer,
    ranker: str,
) -> tuple[list[Place | None], Context]:
    """Each span's place (or None) and the resolution's context, whose mentions are the
    spans in text order."""
    text = text_of(doc)
    found = mentions(doc, text, sorted(set(spans)), gazetteer)
    dateline = article.dateline
    dateline_ccs = {
        m.candidates[0].country_code
        for m in found
        if dateline and m.start == dateline.start and m.candidates and m.candidates[0].country_code
    }
    context = Context(found, text=text, gazetteer=gazetteer, dateline=dateline_ccs)
    return resolve_mentions(context, ranker=rankers.load(ranker)), context


def _records(
    context: Context,
    picks: list[Place | None],
    *,
    text: str,
    named_in: dict[tuple[int, int], tuple[int, int]] | None = None,
) -> list[PlaceMention]:
    """The resolved mentions as records, built once an article's places are final; a part
    resolved for the longer name it lies in (``named_in``) takes the name's span."""
    named_in = named_in or {}
    out = []
    for m, place in zip(context.mentions, picks, strict=True):
        start, end = named_in.get((m.start, m.end), (m.start, m.end))
        out.append(PlaceMention(start=start, end=end, text=text[start:end], place=place))
    return out


@dataclass(frozen=True)
class Pending:
    """An article's places before the run's lexicon has decided its open names."""

    article: Article
    found: list[PlaceMention]
    context: Context


class RunGeocoder:
    """Geocodes a run's articles chunk by chunk, deciding the names an article leaves
    open by the places the run's other articles name (:mod:`sitrep.geo.lexicon`).

    Args:
        gazetteer (Gazetteer): where names are looked up.
        demonyms (bool): as for :func:`run`.
        ranker (str): as for :func:`run`.
        lexicon (bool): use the run-level lexicon (default True); False geocodes each
            article as :func:`run` does.
    """

    def __init__(
        self,
        *,
        gazetteer: Gazetteer,
        demonyms: bool = False,
        ranker: str = DEFAULT_RANKER,
        lexicon: bool = True,
    ) -> None:
        self.gazetteer = gazetteer
        self.demonyms = demonyms
        self.ranker = ranker
        self.lexicon = RunLexicon() if lexicon else None

    def run(self, chunk: Sequence[tuple[Doc, Article]]) -> list[list[PlaceMention]]:
        """Find and resolve the place names of a chunk of articles, in chunk order."""
        return self.decide([self.first(doc, article) for doc, article in chunk])

    def first(self, doc: Doc, article: Article) -> Pending:
        """One article's places as the article alone decides them (see :meth:`decide`)."""
        return Pending(
            article,
            *_run(
                doc, article=article, gazetteer=self.gazetteer, demonyms=self.demonyms,
                ranker=self.ranker,
            ),
        )  # fmt: skip

    def decide(self, chunk: Sequence[Pending]) -> list[list[PlaceMention]]:
        """The chunk's places, open names decided by the run's lexicon (the chunk's
        confident places are added to it first)."""
        if self.lexicon is None:
            return [p.found for p in chunk]
        resolutions = [
            standing(p.context, [m.place for m in p.found], source=p.article.source or "")
            for p in chunk
        ]
        self.lexicon.add(resolutions)
        return [
            _with_decisions(p.found, r, self.lexicon)
            for p, r in zip(chunk, resolutions, strict=True)
        ]

    def resolve(
        self, chunk: Sequence[tuple[Doc, Article, Iterable[tuple[int, int]]]]
    ) -> list[list[PlaceMention]]:
        """Resolve given toponym spans of a chunk of articles (as :func:`resolve`)."""
        return self.decide(
            [
                Pending(
                    a,
                    *_resolve(doc, spans, article=a, gazetteer=self.gazetteer, ranker=self.ranker),
                )
                for doc, a, spans in chunk
            ]
        )


def _with_decisions(
    found: list[PlaceMention], resolution: Resolution, lexicon: RunLexicon
) -> list[PlaceMention]:
    decided = lexicon.decide(resolution)
    if not decided:
        return found
    first = resolution.context.representative.tolist()
    out = list(found)
    for i, m in enumerate(found):
        if first[i] in decided:
            place, evidence = decided[first[i]]
            out[i] = m.model_copy(update={"place": place, "evidence": evidence})
    return out

"""Cut long texts into pieces at paragraph breaks, and put parsed pieces back together.

A part of an article is parsed as several pieces; :func:`concatenated` joins their Docs,
and :func:`blank_doc` pads a part with whitespace tokens so that its Doc spans the whole
text and every offset points into the original.
"""

from __future__ import annotations

from typing import cast

from spacy.tokens import Doc
from spacy.vocab import Vocab

from sitrep.ingest.article import cut_point

BLANK_TOKEN_CHARS = 1000  # blank stretches are made of tokens of this many spaces


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


def concatenated(docs: list[Doc]) -> Doc:
    """One Doc over the concatenated texts of ``docs``, with their annotations."""
    joined = Doc.from_docs(  # type: ignore[call-arg]  # spaCy's stub lacks ``exclude``
        docs, ensure_whitespace=False, exclude=["tensor", "user_data"]
    )
    return cast(Doc, joined)


def blank_doc(vocab: Vocab, length: int) -> Doc | None:
    """A parsed-looking Doc of ``length`` spaces: one sentence of whitespace tokens."""
    if length <= 0:
        return None
    words = [" " * BLANK_TOKEN_CHARS] * (length // BLANK_TOKEN_CHARS)
    if length % BLANK_TOKEN_CHARS:
        words.append(" " * (length % BLANK_TOKEN_CHARS))
    n = len(words)
    return Doc(
        vocab,
        words=words,
        spaces=[False] * n,
        tags=["_SP"] * n,
        pos=["SPACE"] * n,
        lemmas=words,
        heads=[0] * n,
        deps=["ROOT"] + ["dep"] * (n - 1),
        ents=["O"] * n,
    )

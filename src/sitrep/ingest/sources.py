"""Where articles come from: files, folders (recursively) and standard input."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import logging
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from sitrep.errors import InputError
from sitrep.ingest.article import DEFAULT_MAX_CHARS, ReadOptions
from sitrep.ingest.decoding import binary_problem, bom_encoding, decode, is_wide
from sitrep.ingest.formats import Item, parse, parse_jsonl

log = logging.getLogger(__name__)

_STDIN = "<stdin>"
_SNIFF_BYTES = 8192
_SUFFIXES = {
    ".txt": "text",
    ".jsonl": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}


def read(
    paths: Iterable[str | Path],
    *,
    dct: dt.date | None = None,
    require_date: bool = True,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Iterator[Item]:
    """Yield the articles found in ``paths``, and an InputError for each bad record.

    Args:
        paths: files, folders (read recursively, sorted) or ``"-"`` for stdin.
        dct (date | None): publication date for records that carry none. Default None.
        require_date (bool): a record without a usable date is an error (default); when
            False, for commands that need no date, it is read with ``published`` None.
        max_chars (int): texts longer than this are cut at a paragraph break, with a
            warning. Default ``DEFAULT_MAX_CHARS`` (3,000,000).
    """
    options = ReadOptions(dct=dct, require_date=require_date, max_chars=max_chars)
    for path in paths:
        if str(path) == "-":
            yield from _read_stdin(options)
            continue
        path = Path(path)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if any(part.startswith(".") for part in child.relative_to(path).parts):
                    log.debug("skipping hidden %s", child)
                elif child.suffix.lower() in _SUFFIXES:
                    yield from _read_file(child, options)
                else:
                    log.debug("skipping %s: not an article file", child)
        else:
            yield from _read_file(path, options)


def _read_file(path: Path, options: ReadOptions) -> Iterator[Item]:
    origin = str(path)
    try:
        with path.open("rb") as stream:
            head = stream.read(_SNIFF_BYTES)
            problem = binary_problem(head)
            if problem:
                yield InputError(problem, origin=origin)
                return
            kind = _SUFFIXES.get(path.suffix.lower()) or _sniff(head)
            if kind == "jsonl" and not is_wide(head):
                stream.seek(0)
                yield from parse_jsonl(stream, origin, options)
                return
            data = head + stream.read()
    except OSError as exc:
        yield InputError(f"cannot read file ({exc.strerror or exc})", origin=origin)
        return
    yield from _parse_all(kind, data, origin, options)


def _read_stdin(options: ReadOptions) -> Iterator[Item]:
    stream: BinaryIO = getattr(sys.stdin, "buffer", None) or _encoded(sys.stdin)
    consumed: list[bytes] = []
    for line in stream:
        consumed.append(line)
        if line.strip():
            break
    head = b"".join(consumed)
    problem = binary_problem(head)
    if problem:
        yield InputError(problem, origin=_STDIN)
        return
    if _sniff(head) == "jsonl" and not is_wide(head):
        yield from parse_jsonl(itertools.chain(consumed, stream), _STDIN, options)
        return
    data = head + stream.read()
    yield from _parse_all(_sniff(data), data, _STDIN, options)


def _parse_all(kind: str, data: bytes, origin: str, options: ReadOptions) -> Iterator[Item]:
    if kind == "jsonl":  # UTF-16/32 JSON lines: decode the whole file, then split it
        text = decode(data, origin)
        if isinstance(text, InputError):
            yield text
            return
        yield from parse_jsonl(io.BytesIO(text.encode("utf-8")), origin, options)
        return
    yield from parse(kind, data, origin, options)


def _encoded(text_stream: Any) -> BinaryIO:
    """Wrap a text stream without ``.buffer`` (e.g. in tests) as bytes."""
    return io.BytesIO(text_stream.read().encode("utf-8"))


def _sniff(data: bytes) -> str:
    encoding = bom_encoding(data)
    if encoding is not None:
        data = data[:1024].decode(encoding, errors="ignore").encode("utf-8")
    start = data.lstrip(b" \t\r\n")[:200].lower()
    if start.startswith(b"{"):
        return "jsonl"
    if start.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")):
        return "html" if b"<html" in start else "feed"
    if start.startswith((b"<html", b"<!doctype")):
        return "html"
    return "text"

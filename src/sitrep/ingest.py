"""Read news articles from files, folders or stdin into :class:`~sitrep.records.Article`.

Formats (see the README and docs/output.md): plain text (``.txt``, optional ``date YYYY-MM-DD``
header), JSON lines (``.jsonl``), HTML pages (``.html``/``.htm``, main text by
trafilatura) and RSS/Atom feeds (``.xml``/``.rss``/``.atom``, parsed by feedparser).
A record that cannot be read becomes an :class:`~sitrep.errors.InputError` in the output
stream instead of an exception, so one bad record never stops a batch.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import io
import itertools
import json
import logging
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from sitrep.errors import InputError
from sitrep.records import Article, Span

log = logging.getLogger(__name__)

Item = Article | InputError

_STDIN = "<stdin>"
_SNIFF_BYTES = 8192
_MIN_HTML_WORDS = 12
# Publication date from the page's metadata only: no guesses from URLs or body text.
_HTML_DATES = {"extensive_search": False, "original_date": True}

# --- text header and dateline patterns --------------------------------------------------

_H = r"[^\S\r\n]"  # horizontal white space, NBSP included
_HEADER = re.compile(rf"\A(?P<lead>\s*)date:?{_H}+(?P<date>\d{{4}}-\d{{2}}-\d{{2}})(?=\s|\Z)", re.I)
_HEADER_END = re.compile(rf"{_H}*(?:\n|\Z)|{_H}+")

_UP = "A-ZÀ-ÖØ-Þ"
_LOW = "a-zß-öø-ÿ"
# A capitalised dateline word: KYIV, PORT-AU-PRINCE, ST. LOUIS, N'DJAMENA.
_CAPS_WORD = rf"[{_UP}](?:[{_UP}'’.\-]*[{_UP}.])?"
_CAPS_CITY = rf"{_CAPS_WORD}(?:{_H}{_CAPS_WORD}){{0,3}}"
# A title-case place word: Kyiv, Port-au-Prince, Dar es Salaam (lower-case joiners).
_TITLE_WORD = rf"[{_UP}][{_LOW}'’]*(?:-[{_UP}{_LOW}][{_LOW}'’]*)*\.?"
_JOINER = r"(?:al|as|de|del|da|di|do|du|el|es|la|le|of|on|upon)"
_TITLE_CITY = rf"{_TITLE_WORD}(?:{_H}(?:{_JOINER}{_H})?{_TITLE_WORD}){{0,3}}"
_REGION = rf"(?:{_CAPS_CITY}|{_TITLE_CITY})"
_MONTH = (
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
    r"|(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|SEPT|OCT|NOV|DEC)[A-Z]*\.?"
)
_DATE_PART = rf"(?:{_MONTH}){_H}+\d{{1,2}}(?:,?{_H}+\d{{4}})?"
_AGENCY = r"\([^()\n]{1,40}\)"
_DASH = rf"(?:{_H}+-{{1,2}}{_H}+|{_H}*[—–]{_H}*)"
_TAIL = rf"(?:/{_REGION})?(?:,{_H}*{_REGION})?(?:,{_H}*{_DATE_PART})?"
_CAPS_DATELINE = re.compile(rf"\A\s*(?P<city>{_CAPS_CITY}){_TAIL}(?:{_H}*{_AGENCY})?{_DASH}(?=\S)")
# Title case is only unambiguous with a region ("Kyiv, Ukraine —") or an agency.
_TITLE_DATELINE = re.compile(
    rf"\A\s*(?P<city>{_TITLE_CITY})"
    rf"(?:(?:,{_H}*{_REGION})(?:,{_H}*{_DATE_PART})?(?:{_H}*{_AGENCY})?"
    rf"|(?:,{_H}*{_DATE_PART})?{_H}*{_AGENCY}){_DASH}(?=\S)"
)
# Capitalised lead-ins that are labels, not places.
_NOT_PLACES = frozenset(
    "ADVISORY ANALYSIS BREAKING CORRECTED CORRECTION EDITORIAL EXCLUSIVE EXPLAINER "
    "FACTBOX FLASH INTERVIEW LIVE NEWS OPINION PHOTOS REVIEW UPDATE UPDATED URGENT "
    "VIDEO WATCH".split()
)

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
    paths: Iterable[str | Path], *, dct: dt.date | None = None
) -> Iterator[Article | InputError]:
    """Yield the articles found in ``paths``, and an InputError for each bad record.

    Args:
        paths: files, folders (read recursively, sorted) or ``"-"`` for stdin.
        dct: document creation date used when a record carries no date of its own;
            without it such records yield an InputError. Default None.
    """
    for path in paths:
        if str(path) == "-":
            yield from _read_stdin(dct)
            continue
        path = Path(path)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if any(part.startswith(".") for part in child.relative_to(path).parts):
                    log.debug("skipping hidden %s", child)
                elif child.suffix.lower() in _SUFFIXES:
                    yield from _read_file(child, dct)
                else:
                    log.debug("skipping %s: not an article file", child)
        else:
            yield from _read_file(path, dct)


# --- sources ------------------------------------------------------------------------------


def _read_file(path: Path, dct: dt.date | None) -> Iterator[Item]:
    origin = str(path)
    try:
        with path.open("rb") as stream:
            head = stream.read(_SNIFF_BYTES)
            problem = _binary_problem(head)
            if problem:
                yield InputError(problem, origin=origin)
                return
            kind = _SUFFIXES.get(path.suffix.lower()) or _sniff(head)
            if kind == "jsonl":
                stream.seek(0)
                yield from _parse_jsonl(stream, origin, dct)
                return
            data = head + stream.read()
    except OSError as exc:
        yield InputError(f"cannot read file ({exc.strerror or exc})", origin=origin)
        return
    yield from _parse(kind, data, origin, dct)


def _read_stdin(dct: dt.date | None) -> Iterator[Item]:
    stream: BinaryIO = getattr(sys.stdin, "buffer", None) or _encoded(sys.stdin)
    consumed: list[bytes] = []
    for line in stream:
        consumed.append(line)
        if line.strip():
            break
    head = b"".join(consumed)
    problem = _binary_problem(head)
    if problem:
        yield InputError(problem, origin=_STDIN)
        return
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        yield from _parse_jsonl(itertools.chain(consumed, stream), _STDIN, dct)
        return
    data = head + stream.read()
    yield from _parse(_sniff(data), data, _STDIN, dct)


def _encoded(text_stream: Any) -> BinaryIO:
    """Wrap a text stream without ``.buffer`` (e.g. in tests) as bytes."""
    return io.BytesIO(text_stream.read().encode("utf-8"))


def _sniff(data: bytes) -> str:
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:200].lower()
    if start.startswith(b"{"):
        return "jsonl"
    if start.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")):
        return "html" if b"<html" in start else "feed"
    if start.startswith((b"<html", b"<!doctype")):
        return "html"
    return "text"


def _parse(kind: str, data: bytes, origin: str, dct: dt.date | None) -> Iterator[Item]:
    if not data.strip():
        yield InputError("empty file", origin=origin)
    elif kind == "html":
        yield _parse_html(data, origin, dct)
    elif kind == "feed":
        yield from _parse_feed(data, origin, dct)
    else:
        yield _parse_text(data, origin, dct)


def _binary_problem(head: bytes) -> str | None:
    if b"\x00" in head:
        return "binary file or UTF-16 text (NUL bytes); expected UTF-8 text"
    return None


def _decode(data: bytes, origin: str, *, line_offset: int = 0) -> str | InputError:
    """Decode UTF-8 (BOM dropped, line ends normalised to \\n), or say where it fails."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = line_offset + data.count(b"\n", 0, exc.start) + 1
        return InputError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}, line {line}); re-save as UTF-8",
            origin=origin,
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- formats ------------------------------------------------------------------------------


def _parse_text(data: bytes, origin: str, dct: dt.date | None) -> Item:
    text = _decode(data, origin)
    if isinstance(text, InputError):
        return text
    published = dct
    header = _HEADER.match(text)
    if header:
        line = header["lead"].count("\n") + 1
        published = _iso_date(header["date"])
        if published is None:
            return InputError(f"invalid date {header['date']} (line {line})", origin=origin)
        rest = _HEADER_END.match(text, header.end())
        text = text[rest.end() if rest else header.end() :]
    text = text.rstrip()
    if not text.strip():
        return InputError("no article text", origin=origin)
    if published is None:
        return InputError(
            "no date: add a 'date YYYY-MM-DD' first line or pass --dct", origin=origin
        )
    return _article(text=text, published=published, origin=origin)


def _parse_jsonl(lines: Iterable[bytes], origin: str, dct: dt.date | None) -> Iterator[Item]:
    seen_any = False
    for number, raw in enumerate(lines, start=1):
        where = f"{origin}:{number}"
        if not raw.strip():
            continue
        seen_any = True
        line = _decode(raw, where, line_offset=number - 1)
        if isinstance(line, InputError):
            yield line
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(f"invalid JSON ({exc.msg}, column {exc.colno})", origin=where)
            continue
        yield _from_json(record, where, dct)
    if not seen_any:
        yield InputError("empty file", origin=origin)


def _from_json(record: Any, origin: str, dct: dt.date | None) -> Item:
    if not isinstance(record, dict):
        return InputError("expected a JSON object", origin=origin)
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return InputError("missing or empty 'text'", origin=origin)
    fields = {}
    for name in ("title", "source", "url"):
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            return InputError(f"'{name}' must be a string", origin=origin)
        fields[name] = value or None
    raw_date = record.get("published")
    if raw_date in (None, ""):
        if dct is None:
            return InputError("missing 'published' date (pass --dct)", origin=origin)
        published = dct
    else:
        parsed = _iso_date(raw_date) if isinstance(raw_date, str) else None
        if parsed is None:
            return InputError(f"invalid 'published' date {raw_date!r}", origin=origin)
        published = parsed
    given_id = record.get("id")
    article_id = str(given_id).strip() if isinstance(given_id, str | int) else None
    return _article(text=text, published=published, origin=origin, id=article_id, **fields)


def _parse_html(data: bytes, origin: str, dct: dt.date | None) -> Item:
    import trafilatura

    extracted = trafilatura.extract(
        data, output_format="json", with_metadata=True, date_extraction_params=_HTML_DATES
    )
    meta = json.loads(extracted) if extracted else {}
    title = (meta.get("title") or "").strip() or None
    text = _drop_title_line(meta.get("text") or "", title)
    if len(text.split()) < _MIN_HTML_WORDS:
        return InputError("no article text found in HTML page", origin=origin)
    published = _iso_date(meta.get("date") or "") or dct
    if published is None:
        return InputError("no publication date in HTML page (pass --dct)", origin=origin)
    return _article(
        text=text,
        published=published,
        origin=origin,
        title=title,
        source=meta.get("source-hostname") or meta.get("hostname"),
        url=meta.get("source"),
    )


def _parse_feed(data: bytes, origin: str, dct: dt.date | None) -> Iterator[Item]:
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        reason = feed.get("bozo_exception") if feed.bozo else None
        detail = f" ({str(reason).splitlines()[0]})" if reason else ""
        yield InputError(f"no feed entries found{detail}", origin=origin)
        return
    source = feed.feed.get("title") or None
    for index, entry in enumerate(feed.entries, start=1):
        where = f"{origin}#{index}"
        title = (entry.get("title") or "").strip() or None
        text = _drop_title_line(_entry_text(entry), title)
        if not text.strip():
            yield InputError(f"feed entry {index} has no text", origin=where)
            continue
        published = _entry_date(entry) or dct
        if published is None:
            yield InputError(f"feed entry {index} has no date (pass --dct)", origin=where)
            continue
        yield _article(
            text=text,
            published=published,
            origin=where,
            title=title,
            source=source,
            url=entry.get("link") or None,
        )


# --- helpers ------------------------------------------------------------------------------


def _article(
    *, text: str, published: dt.date, origin: str, id: str | None = None, **meta: str | None
) -> Article:
    return Article(
        id=id or content_id(text, published),
        text=text,
        published=published,
        origin=origin,
        dateline=find_dateline(text),
        **meta,
    )


def content_id(text: str, published: dt.date) -> str:
    """Return a stable id: sha256 of the normalised text and the date, 16 hex digits.

    Normalisation (NFKC, whitespace runs collapsed, ends stripped) makes copies of a
    story that differ only in layout share an id.
    """
    normal = " ".join(unicodedata.normalize("NFKC", text).split())
    digest = hashlib.sha256(f"{normal}\n{published.isoformat()}".encode())
    return digest.hexdigest()[:16]


def find_dateline(text: str) -> Span | None:
    """Return the city of a leading dateline (``KYIV -``, ``Kyiv, Ukraine —``), if any."""
    match = _CAPS_DATELINE.match(text) or _TITLE_DATELINE.match(text)
    if not match or all(word in _NOT_PLACES for word in match["city"].upper().split()):
        return None
    start, end = match.span("city")
    return Span(start=start, end=end, text=text[start:end])


def _iso_date(value: str) -> dt.date | None:
    """Parse ``YYYY-MM-DD`` or an ISO datetime; keep the date as written (local time)."""
    value = value.strip()
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value)
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        return None


def _entry_date(entry: Any) -> dt.date | None:
    """The entry's date as written by the publisher; feedparser's UTC tuple as fallback."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if not raw:
            continue
        parsed = _iso_date(raw)
        if parsed is None:
            try:
                parsed = email.utils.parsedate_to_datetime(raw).date()
            except (TypeError, ValueError):
                parsed = None
        if parsed is not None:
            return parsed
        stamp = entry.get(f"{key}_parsed")
        if stamp:
            return dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday)
    return None


def _entry_text(entry: Any) -> str:
    """Full content when the feed has it, else the summary; HTML reduced to text."""
    candidates = [c for c in entry.get("content") or [] if c.get("value")]
    detail = candidates[0] if candidates else entry.get("summary_detail") or {}
    value = detail.get("value") or entry.get("summary") or ""
    if "html" in (detail.get("type") or "text/html"):
        return _html_to_text(value)
    return value.strip()


_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr")


def _html_to_text(fragment: str) -> str:
    """Reduce an HTML fragment to plain text, one paragraph per block element."""
    from lxml import etree
    from lxml import html as lxml_html

    if "<" not in fragment:
        return " ".join(fragment.split())
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, etree.ParserError):
        return ""
    for node in root.iter("script", "style"):
        node.drop_tree()
    for node in root.iter(*_BLOCKS):
        node.tail = "\n\n" + (node.tail or "")
    paragraphs = (" ".join(p.split()) for p in root.text_content().split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def _drop_title_line(text: str, title: str | None) -> str:
    """Remove a first line that only repeats the title (HTML ``<h1>``, feed heading)."""
    text = text.strip()
    first, _, rest = text.partition("\n")
    if title and " ".join(first.split()).casefold() == " ".join(title.split()).casefold():
        return rest.strip()
    return text

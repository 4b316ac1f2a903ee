"""The input formats: plain text, JSON lines, HTML pages and RSS/Atom feeds.

Each parser turns bytes into articles, or into an InputError saying why a record cannot be
read; none raises on bad input.
"""

from __future__ import annotations

import email.utils
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from sitrep.errors import InputError
from sitrep.ingest.article import ReadOptions, build, checked_id, publication_date
from sitrep.ingest.dates import looks_like_iso, parse_date
from sitrep.ingest.decoding import decode
from sitrep.records import Article

Item = Article | InputError

_MIN_HTML_WORDS = 12
# Publication date from the page's metadata only: no guesses from URLs or body text.
_HTML_DATES = {"extensive_search": False, "original_date": True}
_H = r"[^\S\r\n]"  # horizontal white space, NBSP included
# `date 2024-03-21` may share its line with the text; any other form fills its own line.
_ISO_HEADER = re.compile(
    rf"\A(?P<lead>\s*)date:?{_H}+(?P<date>\d{{4}}-\d{{1,2}}-\d{{1,2}}(?:T\S*)?)(?=\s|\Z)", re.I
)
_LINE_HEADER = re.compile(rf"\A(?P<lead>\s*)date(?P<colon>:?){_H}+(?P<date>[^\n]+)", re.I)
_HEADER_END = re.compile(rf"{_H}*(?:\n|\Z)|{_H}+")


def parse(kind: str, data: bytes, origin: str, options: ReadOptions) -> Iterator[Item]:
    """The articles in one file's bytes, by format: "text", "html" or "feed"."""
    if not data.strip():
        yield InputError("empty file", origin=origin)
    elif kind == "html":
        yield _parse_html(data, origin, options)
    elif kind == "feed":
        yield from _parse_feed(data, origin, options)
    else:
        yield _parse_text(data, origin, options)


def parse_jsonl(lines: Iterable[bytes], origin: str, options: ReadOptions) -> Iterator[Item]:
    """One article per line; blank lines are skipped but keep the line numbering."""
    seen_any = False
    for number, raw in enumerate(lines, start=1):
        where = f"{origin}:{number}"
        if not raw.strip():
            continue
        seen_any = True
        line = decode(raw, where, line_offset=number - 1)
        if isinstance(line, InputError):
            yield line
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(f"invalid JSON ({exc.msg}, column {exc.colno})", origin=where)
            continue
        except RecursionError:
            yield InputError("invalid JSON (nested too deeply)", origin=where)
            continue
        yield _from_json(record, where, options)
    if not seen_any:
        yield InputError("empty file", origin=origin)


def _parse_text(data: bytes, origin: str, options: ReadOptions) -> Item:
    text = decode(data, origin)
    if isinstance(text, InputError):
        return text
    raw_date, line, text = _split_header(text)
    if not text.strip():
        return InputError("no article text", origin=origin)
    published = publication_date(
        raw_date,
        options,
        origin=origin,
        field=f"date header (line {line})",
        missing="no date: add a 'date YYYY-MM-DD' first line or pass --dct",
    )
    if isinstance(published, InputError):
        return published
    return build(text=text, published=published, origin=origin, options=options)


def _split_header(text: str) -> tuple[str | None, int, str]:
    """Separate a leading ``date ...`` header: (the date as written, its line, the rest).

    ``date 2024-03-21`` may share its line with the text; other forms fill their line.
    A line that starts with "Date" but holds no date is a header only when it is
    unmistakably one (``date:``, or an ISO-like value); otherwise it is the article's
    first words ("Date palms grew ...").
    """
    header = _ISO_HEADER.match(text)
    if header is None:
        header = _LINE_HEADER.match(text)
        if header is None:
            return None, 0, text.rstrip()
        value = header["date"].strip()
        if parse_date(value) is None and not (header["colon"] or looks_like_iso(value)):
            return None, 0, text.rstrip()
    rest = _HEADER_END.match(text, header.end())
    body = text[rest.end() if rest else header.end() :].rstrip()
    return header["date"].strip(), header["lead"].count("\n") + 1, body


def _from_json(record: Any, origin: str, options: ReadOptions) -> Item:
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
    if raw_date is not None and not isinstance(raw_date, str):
        return InputError("'published' must be a string", origin=origin)
    published = publication_date(
        raw_date,
        options,
        origin=origin,
        field="'published' date",
        missing="missing 'published' date (pass --dct)",
    )
    if isinstance(published, InputError):
        return published
    article_id = checked_id(record.get("id"), origin)
    if isinstance(article_id, InputError):
        return article_id
    return build(
        text=text, published=published, origin=origin, options=options, id=article_id, **fields
    )


def _parse_html(data: bytes, origin: str, options: ReadOptions) -> Item:
    import trafilatura

    page = decode(data, origin)
    if isinstance(page, InputError):
        return page
    extracted = trafilatura.extract(
        page, output_format="json", with_metadata=True, date_extraction_params=_HTML_DATES
    )
    meta = json.loads(extracted) if extracted else {}
    title = (meta.get("title") or "").strip() or None
    text = _drop_title_line(meta.get("text") or "", title)
    if len(text.split()) < _MIN_HTML_WORDS:
        return InputError("no article text found in HTML page", origin=origin)
    published = publication_date(
        meta.get("date"),
        options,
        origin=origin,
        field="page date",
        missing="no publication date in HTML page (pass --dct)",
    )
    if isinstance(published, InputError):
        return published
    return build(
        text=text,
        published=published,
        origin=origin,
        options=options,
        title=title,
        source=meta.get("source-hostname") or meta.get("hostname"),
        url=meta.get("source"),
    )


def _parse_feed(data: bytes, origin: str, options: ReadOptions) -> Iterator[Item]:
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        reason = feed.get("bozo_exception") if feed.bozo else None
        detail = f" ({str(reason).splitlines()[0]})" if reason and str(reason).strip() else ""
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
        published = publication_date(
            _entry_date(entry),
            options,
            origin=where,
            field="entry date",
            missing=f"feed entry {index} has no date (pass --dct)",
        )
        if isinstance(published, InputError):
            yield published
            continue
        yield build(
            text=text,
            published=published,
            origin=where,
            options=options,
            title=title,
            source=source,
            url=entry.get("link") or None,
        )


def _entry_date(entry: Any) -> str | None:
    """The entry's date as the publisher wrote it, in ISO form when it parses as RFC 822;
    else feedparser's UTC reading; None when the entry has no date."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if not raw:
            continue
        try:
            return email.utils.parsedate_to_datetime(raw).date().isoformat()
        except (TypeError, ValueError, IndexError):
            pass
        stamp = entry.get(f"{key}_parsed")
        if stamp:
            return f"{stamp.tm_year:04d}-{stamp.tm_mon:02d}-{stamp.tm_mday:02d}"
        return raw
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

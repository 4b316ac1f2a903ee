"""Build Article records from what a reader found: ids, dates, clean and bounded text."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass

from sitrep.errors import InputError
from sitrep.ingest.dateline import find_dateline
from sitrep.ingest.dates import parse_date
from sitrep.records import Article

log = logging.getLogger(__name__)

DEFAULT_MAX_CHARS = 3_000_000
MAX_ID_CHARS = 64  # the width of the id columns in the database
# Characters no database stores: NUL, and lone surrogates (from JSON escapes such as
# "\ud800"). Each becomes U+FFFD, one character for one, so offsets stay valid.
_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")
# C0 and C1 control characters other than tab, line feed, form feed and carriage return.
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_MOST_CONTROL = 0.1  # share of control characters above which "text" is binary data


@dataclass(frozen=True, kw_only=True)
class ReadOptions:
    """How records become articles.

    Args:
        dct (date | None): publication date for records that carry none.
        require_date (bool): a record without a usable date is an error; when False
            (commands that need no date) it becomes an article without one.
        max_chars (int): longer texts are cut at the last paragraph break before this.
    """

    dct: dt.date | None = None
    require_date: bool = True
    max_chars: int = DEFAULT_MAX_CHARS


def publication_date(
    raw: str | None, options: ReadOptions, *, origin: str, field: str, missing: str
) -> dt.date | None | InputError:
    """Resolve a record's date: its own (``raw``), else ``--dct``.

    Args:
        raw (str | None): the date as the record gives it; None or "" when it gives none.
        options (ReadOptions): the fallback date and whether a date is required.
        origin (str): where the record comes from.
        field (str): what the date is, named in the error for an invalid one.
        missing (str): the error for a missing date when one is required.
    """
    if raw is None or not raw.strip():
        if options.dct is None and options.require_date:
            return InputError(missing, origin=origin)
        return options.dct
    parsed = parse_date(raw)
    if parsed is not None:
        return parsed
    message = f"invalid {field}: {_quoted(raw)}"
    if options.require_date:
        return InputError(message, origin=origin)
    log.warning("%s: %s; ignored", origin, message)
    return options.dct


def build(
    *,
    text: str,
    published: dt.date | None,
    origin: str,
    options: ReadOptions,
    id: str | None = None,
    **meta: str | None,
) -> Article | InputError:
    """An Article from ``text`` and metadata: cleaned, bounded, with an id and dateline."""
    problem = _not_text(text)
    if problem:
        return InputError(problem, origin=origin)
    text = _truncated(clean(text), options.max_chars, origin)
    fields = {name: clean(value) if value else None for name, value in meta.items()}
    return Article(
        id=id or content_id(text, published),
        text=text,
        published=published,
        origin=origin,
        dateline=find_dateline(text),
        **fields,
    )


def checked_id(value: object, origin: str) -> str | None | InputError:
    """A record's own id (None when it gives none), or why it cannot be used."""
    if value is None or isinstance(value, bool) or not isinstance(value, str | int):
        return None
    ident = str(value).strip()
    if not ident:
        return None
    if len(ident) > MAX_ID_CHARS:
        return InputError(f"'id' longer than {MAX_ID_CHARS} characters", origin=origin)
    if _CONTROL.search(ident) or _UNSTORABLE.search(ident) or "\n" in ident:
        return InputError("'id' holds control characters", origin=origin)
    return ident


def clean(value: str) -> str:
    """Replace characters no database stores (NUL, lone surrogates) by U+FFFD."""
    return _UNSTORABLE.sub("\ufffd", value)


def content_id(text: str, published: dt.date | None) -> str:
    """Return a stable id: sha256 of the normalised text and the date, 16 hex digits.

    Normalisation (NFKC, whitespace runs collapsed, ends stripped) makes copies of a
    story that differ only in layout share an id.
    """
    normal = " ".join(unicodedata.normalize("NFKC", clean(text)).split())
    day = published.isoformat() if published else ""
    return hashlib.sha256(f"{normal}\n{day}".encode()).hexdigest()[:16]


def _not_text(text: str) -> str | None:
    controls = len(_CONTROL.findall(text, 0, 100_000))
    sample = min(len(text), 100_000)
    if sample and controls / sample > _MOST_CONTROL:
        return f"binary data, not text ({controls} control characters in {sample})"
    return None


def _truncated(text: str, max_chars: int, origin: str) -> str:
    if len(text) <= max_chars:
        return text
    cut = cut_point(text, max_chars)
    log.warning(
        "%s: text of %d characters cut to %d at a break before --max-chars %d",
        origin,
        len(text),
        cut,
        max_chars,
    )
    return text[:cut].rstrip()


def cut_point(text: str, limit: int) -> int:
    """Where to cut ``text`` to keep at most ``limit`` characters: after the last paragraph
    break before ``limit``, else the last line break, else the last space, else at
    ``limit`` (never giving up more than half of it for a nicer break)."""
    if len(text) <= limit:
        return len(text)
    floor = limit // 2
    for separator in ("\n\n", "\n", " "):
        found = text.rfind(separator, floor, limit)
        if found >= 0:
            return found + len(separator)
    return limit


def _quoted(value: str) -> str:
    shown = value if len(value) <= 60 else value[:57] + "..."
    return repr(shown)

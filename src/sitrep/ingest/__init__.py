"""Read news articles from files, folders or stdin into :class:`~sitrep.records.Article`.

Formats (see the README and docs/output.md): plain text (``.txt``, optional ``date ...``
header), JSON lines (``.jsonl``), HTML pages (``.html``/``.htm``, main text by
trafilatura) and RSS/Atom feeds (``.xml``/``.rss``/``.atom``, parsed by feedparser).
Bytes are decoded by :mod:`sitrep.ingest.decoding` (UTF-8, UTF-16/32 with a BOM, legacy
code pages with a warning), dates read by :mod:`sitrep.ingest.dates`. A record that
cannot be read becomes an :class:`~sitrep.errors.InputError` in the output stream instead
of an exception, so one bad record never stops a batch.
"""

from sitrep.ingest.article import DEFAULT_MAX_CHARS, content_id
from sitrep.ingest.dateline import find_dateline
from sitrep.ingest.sources import read

__all__ = ["DEFAULT_MAX_CHARS", "content_id", "find_dateline", "read"]

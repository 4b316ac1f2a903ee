"""Bytes to text: UTF-8 (with or without BOM), UTF-16/32 with a BOM, legacy encodings.

Bytes that are not valid UTF-8 are read in one of three ways, each with a warning that
names the encoding:

- UTF-8 with stray bytes (most bytes above ASCII form valid UTF-8, as in a file that mixes
  UTF-8 and Windows-1252): the valid UTF-8 is kept, each stray byte read as Windows-1252;
- legacy text: charset-normalizer guesses the code page. Windows-1252 (which covers
  Latin-1) is preferred when it reads as well as the best guess, since English news is the
  common case; otherwise the guess is used (Windows-1251 Cyrillic, for instance);
- bytes that read as no encoding are binary and give an InputError.
"""

from __future__ import annotations

import codecs
import logging

from sitrep.errors import InputError

log = logging.getLogger(__name__)

# Longest first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_WIDE = frozenset({"utf-16", "utf-32"})
_WINDOWS_1252 = "cp1252"
_CP1252_FALLBACK = "sitrep-cp1252-fallback"
# How much less "coherent" (charset-normalizer's language fit) Windows-1252 may be than
# the best guess and still win: English news is the common case, and on short texts the
# coherence of Western code pages differs by noise.
_WESTERN_COHERENCE_MARGIN = 0.2
_CHAOS_TIE = 0.01
_HIGH_BYTES = bytes(range(0x80, 0x100))
_MOSTLY = 0.5


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte order mark at the start of ``data`` announces, if any."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def binary_problem(head: bytes) -> str | None:
    """Why the first bytes of a file show it is not text, or None."""
    if b"\x00" in head and bom_encoding(head) not in _WIDE:
        return "binary file (NUL bytes); UTF-16 or UTF-32 text needs a byte order mark"
    return None


def is_wide(data: bytes) -> bool:
    """Whether ``data`` starts with a UTF-16 or UTF-32 byte order mark."""
    return bom_encoding(data) in _WIDE


def decode(data: bytes, origin: str, *, line_offset: int = 0) -> str | InputError:
    """Decode ``data`` (BOM dropped, line ends normalised to \\n), or say why not.

    Args:
        data (bytes): a whole file, or one line of a JSON lines file.
        origin (str): file (and line) named in warnings and errors.
        line_offset (int): lines before ``data`` in its file, for error positions.
    """
    encoding = bom_encoding(data)
    try:
        text = data.decode(encoding or "utf-8")
    except UnicodeDecodeError as exc:
        if encoding in _WIDE:
            return InputError(
                f"invalid {encoding.upper()} text after its byte order mark "
                f"(byte {exc.start})",
                origin=origin,
            )
        guessed = _legacy(data, origin)
        if guessed is None:
            line = line_offset + data.count(b"\n", 0, exc.start) + 1
            return InputError(
                f"not text: no encoding reads it (byte 0x{data[exc.start]:02x}, line {line}); "
                "re-save it as UTF-8",
                origin=origin,
            )
        text = guessed
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _legacy(data: bytes, origin: str) -> str | None:
    from charset_normalizer import from_bytes

    if _mostly_utf8(data):
        log.warning("%s: UTF-8 mixed with other bytes; read those as Windows-1252", origin)
        return data.decode("utf-8", errors=_CP1252_FALLBACK)
    matches = list(from_bytes(data))
    if not matches:
        return None
    least_chaos = min(match.chaos for match in matches)
    calm = [match for match in matches if match.chaos <= least_chaos + _CHAOS_TIE]
    best = max(calm, key=lambda match: match.coherence)
    western = [match for match in calm if _WINDOWS_1252 in match.could_be_from_charset]
    if western and max(m.coherence for m in western) >= best.coherence - _WESTERN_COHERENCE_MARGIN:
        log.warning("%s: not UTF-8; read as Windows-1252 (cp1252)", origin)
        return data.decode("utf-8", errors=_CP1252_FALLBACK)
    log.warning("%s: not UTF-8; read as %s (guessed by charset-normalizer)", origin, best.encoding)
    return str(best)


def _mostly_utf8(data: bytes) -> bool:
    """Whether most bytes above ASCII belong to valid UTF-8 sequences (a UTF-8 file with
    some stray bytes), rather than to a single-byte code page."""
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    valid = len(data.decode("utf-8", errors="ignore").encode("utf-8")) - (len(data) - high)
    return valid >= _MOSTLY * high


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: bytes that are not UTF-8 are read as Windows-1252 (else Latin-1)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(_cp1252_char(byte) for byte in bad), error.end


def _cp1252_char(byte: int) -> str:
    try:
        return bytes([byte]).decode(_WINDOWS_1252)
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D are unassigned in cp1252
        return chr(byte)


codecs.register_error(_CP1252_FALLBACK, _cp1252_fallback)

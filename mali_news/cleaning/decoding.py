"""A page's text from its bytes, whatever its charset declaration claims: never an error."""

import codecs
import re
from dataclasses import dataclass

from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

# What happened on the way to the text; each is counted as mali_news/encoding/<event>.
DECLARED_WRONG = "declared_wrong"  # the bytes read sensibly only in another encoding
DECLARED_UNKNOWN = "declared_unknown"  # a charset label no codec answers to
REPLACED_BYTES = "replaced_bytes"  # bytes no codec maps, kept as U+FFFD
BOM_OVER_DECLARED = "bom_over_declared"  # a byte order mark that says otherwise wins
UNDECLARED = "undeclared"  # non-ASCII bytes with no declaration anywhere

# The web's default for undeclared single-byte text (what browsers do for English pages).
FALLBACK = "cp1252"
_UTF8 = "utf-8"
_REPLACEMENT = "\ufffd"
_CHARSET_RE = re.compile(rb"charset\s*=", re.IGNORECASE)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    events: tuple[str, ...] = ()
    # The body's bytes are already this text in UTF-8: a parser may take them as they are.
    utf8_body: bool = False


def _is_utf8(encoding: str | None) -> bool:
    return encoding is not None and codecs.lookup(encoding).name == _UTF8


def _replaced(text: str, literal: int) -> bool:
    # A page may hold U+FFFD itself (as UTF-8); only more than that is a replacement.
    return text.count(_REPLACEMENT) > literal


def is_utf8(encoding: str | None) -> bool:
    """Whether a codec name (as w3lib resolves a label) is UTF-8."""
    return _is_utf8(encoding)


def declared_encoding(body: bytes, content_type: str | None) -> str | None:
    """The codec the HTTP header, else the page's meta, declares (None: none, or unknown)."""
    return _declared(body, content_type)[0]


def _declared(body: bytes, content_type: str | None) -> tuple[str | None, bool]:
    """(codec the HTTP header or else the page declares, whether a label went unrecognised)."""
    header = http_content_type_encoding(content_type) if content_type else None
    if header:
        return header, False
    unknown = bool(content_type and _CHARSET_RE.search(content_type.encode("latin-1", "replace")))
    meta = html_body_declared_encoding(body)
    if meta:
        return meta, unknown
    return None, unknown or bool(_CHARSET_RE.search(body[:4096]))


def _mostly_utf8(body: bytes) -> tuple[str, bool]:
    """(body read as UTF-8 with bad bytes replaced, whether its valid multi-byte characters
    outnumber the bytes that are not UTF-8): stray bytes in a UTF-8 page, not another codec."""
    text = body.decode(_UTF8, errors="replace")
    bad = text.count(_REPLACEMENT) - body.count(b"\xef\xbf\xbd")
    multibyte = len(text) - len(text.encode("ascii", "ignore")) - bad
    return text, multibyte > bad


def decode_page(body: bytes, content_type: str | None = None) -> Decoded:
    """The page's text: a byte order mark first, then bytes that are valid UTF-8, then the
    HTTP header's or the page's declaration, else windows-1252; bytes no codec maps become
    U+FFFD. Where the declaration and the bytes disagree, the reading that makes sense wins.
    NUL bytes go: they are never text, and the HTML parser would make each one a U+FFFD."""
    decoded = _decode(body, content_type)
    if "\x00" in decoded.text:
        return Decoded(decoded.text.replace("\x00", ""), decoded.encoding, decoded.events)
    return decoded


def _decode(body: bytes, content_type: str | None) -> Decoded:
    events: list[str] = []
    declared, unknown = _declared(body, content_type)
    if unknown:
        events.append(DECLARED_UNKNOWN)
    bom, mark = read_bom(body)
    if bom:
        if declared and codecs.lookup(declared).name != codecs.lookup(bom).name:
            events.append(BOM_OVER_DECLARED)
        text = body[len(mark):].decode(bom, errors="replace")
        if _replaced(text, 0):
            events.append(REPLACED_BYTES)
        return Decoded(text, bom, tuple(events))
    if body.isascii():
        return Decoded(body.decode("ascii"), declared or _UTF8, tuple(events), utf8_body=True)
    try:
        text = body.decode(_UTF8)
    except UnicodeDecodeError:
        pass
    else:
        # Valid multi-byte UTF-8 does not happen by chance in a single-byte encoding.
        if declared and not _is_utf8(declared):
            events.append(DECLARED_WRONG)
        elif not declared:
            events.append(UNDECLARED)
        return Decoded(text, _UTF8, tuple(events), utf8_body=True)
    text, mostly = _mostly_utf8(body)
    if mostly:
        if declared and not _is_utf8(declared):
            events.append(DECLARED_WRONG)
        events.append(REPLACED_BYTES)
        return Decoded(text, _UTF8, tuple(events))
    if declared and not _is_utf8(declared):
        encoding = declared
    else:
        # Declared UTF-8 (or nothing) over bytes with no UTF-8 in them: a single-byte page.
        events.append(DECLARED_WRONG if declared else UNDECLARED)
        encoding = FALLBACK
    text = body.decode(encoding, errors="replace")
    if _replaced(text, 0):
        events.append(REPLACED_BYTES)
    return Decoded(text, encoding, tuple(events))

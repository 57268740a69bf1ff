"""Whitespace and glyph normalisation shared by parsers and cleaners."""

import re

_SPACE_RE = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
# C0 controls other than tab and newlines, and DEL: never text, and NUL truncates C strings.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalize_space(text: str | None) -> str:
    """Collapse every run of whitespace (non-breaking and zero-width too) to one space and
    drop control characters."""
    if not text:
        return ""
    return _SPACE_RE.sub(" ", _CONTROL_RE.sub("", text)).strip()

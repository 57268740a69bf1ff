"""Whitespace and glyph normalisation shared by parsers and cleaners."""

import re

_SPACE_RE = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")


def normalize_space(text: str | None) -> str:
    """Collapse every run of whitespace (non-breaking and zero-width too) to one space."""
    if not text:
        return ""
    return _SPACE_RE.sub(" ", text).strip()

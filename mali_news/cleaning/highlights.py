"""Clean story-highlight bullets: glyphs, stray whitespace and the live "NEW:" marker."""

import re

from mali_news.cleaning.text import normalize_space

_GLYPHS = "•·●◦▪▫■□►▶‣⁃*-–—>"
_NEW_RE = re.compile(r"^NEW\s*:\s*", re.IGNORECASE)


def clean_highlight(text: str | None) -> tuple[str, bool]:
    """(text, is_new) for one bullet; text is "" when nothing is left."""
    text = normalize_space(text).lstrip(_GLYPHS + " ")
    is_new = bool(_NEW_RE.match(text))
    if is_new:
        text = _NEW_RE.sub("", text, count=1)
    return text.strip(), is_new


def clean_highlights(bullets: list[str]) -> list[tuple[str, bool]]:
    """Clean every bullet, dropping empty and repeated ones but keeping the order."""
    cleaned: list[tuple[str, bool]] = []
    seen: set[str] = set()
    for bullet in bullets:
        text, is_new = clean_highlight(bullet)
        if text and text not in seen:
            seen.add(text)
            cleaned.append((text, is_new))
    return cleaned

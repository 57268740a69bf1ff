"""Turn a printed CNN byline into an ordered list of author names."""

import re

from mali_news.text import normalize_space

_PREFIX_RE = re.compile(
    r"^(?:(?:analysis|opinion|commentary|review|interview|story|written|reporting)\s+)?(?:by|from)\b[:\s]*",
    re.IGNORECASE,
)
# ", CNN", " CNN", ", for CNN", ", Special to CNN", ", CNN Business", ", CNN Senior ... Analyst"
_SUFFIX_RE = re.compile(
    r"(?:\s*,\s*|\s+)(?:(?:for|special\s+to)\s+)?CNN(?:\b.*)?$",
    re.IGNORECASE,
)
_NO_PERSON_RE = re.compile(
    r"^(?:the\s+)?CNN(?:\s+(?:wire|staff|wire\s+staff|newsource|digital|business|staff\s+reports?))*$",
    re.IGNORECASE,
)
_SPLIT_RE = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*", re.IGNORECASE)
# "Martin Luther King, Jr." must not be split at its comma.
_NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "ph.d.", "md", "m.d."})


def strip_byline(text: str) -> str:
    """The names part of a byline: without "By"/"From"/"Analysis by" and without the CNN credit."""
    text = _PREFIX_RE.sub("", normalize_space(text))
    if _NO_PERSON_RE.match(text):
        return ""
    return _SUFFIX_RE.sub("", text).strip(" ,;")


def split_byline(text: str) -> list[str]:
    """Ordered author names from a printed byline; wire-staff credits name no person."""
    names_part = strip_byline(text)
    if not names_part or _NO_PERSON_RE.match(names_part):
        return []
    names: list[str] = []
    for piece in _SPLIT_RE.split(names_part):
        piece = piece.strip(" ,;.") if piece.lower().strip(" ,") not in _NAME_SUFFIXES else piece
        if not piece:
            continue
        if names and piece.lower().strip(" ,") in _NAME_SUFFIXES:
            names[-1] = f"{names[-1]}, {piece.strip(' ,')}"
        elif not _NO_PERSON_RE.match(piece) and piece not in names:
            names.append(piece)
    return names

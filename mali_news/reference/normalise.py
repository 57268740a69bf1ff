"""The one normaliser every comparison of names goes through: mentions, the topic rule, background."""

import re
import unicodedata

_APOSTROPHES = "'’‘`´ʼ′"
_DASHES = "-‐‑‒–—―"
_PUNCTUATION = {ord(c): "'" for c in _APOSTROPHES} | {ord(c): " " for c in _DASHES}
# Spelling families, each spelled one way (same length, so offsets stay those of the text).
_FAMILIES = (("qaida", re.compile(r"(?<![a-z])qaida(?![a-z])"), "qaeda"),)


class _FoldTable(dict[int, int]):
    """str.translate's table, filled as characters are met: one character for one, so offsets
    in the folded text are offsets in the original."""

    def __missing__(self, code: int) -> int:
        decomposed = unicodedata.normalize("NFKD", chr(code))
        base = ord(decomposed[0]) if decomposed and decomposed[0].isascii() else code
        self[code] = base
        return base


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """The text with accents taken off letter by letter ("Ségou" -> "Segou"), same length."""
    return text if text.isascii() else text.translate(_FOLD)


def normalise(text: str) -> str:
    """The one form names and texts are compared in, character for character the text's length:
    accents off, lower case, every apostrophe "'", every hyphen or dash a space, spelling families
    one way ("al-Qaida" -> "al qaeda", "Aguel’hoc" -> "aguel'hoc", "In-Amenas" -> "in amenas")."""
    lowered = fold(text).lower()
    if len(lowered) != len(text):  # a letter whose lower case is longer ("İ"): one by one
        lowered = "".join(char.lower()[0] for char in fold(text))
    lowered = lowered.translate(_PUNCTUATION)
    for word, pattern, spelling in _FAMILIES:
        if word in lowered:  # a substring test is far cheaper than the pattern on every text
            lowered = pattern.sub(spelling, lowered)
    return lowered


# Sayings that name a place without meaning it ("from Kalamazoo to Timbuktu").
_IDIOMS = (re.compile(r"\bfrom\s+[\w' ]{1,40}?\s+to\s+timbuktu\b"),
           re.compile(r"\b(?:to|from)\s+timbuktu\s+and\s+back\b"))


def idiom_spans(normalised: str) -> list[tuple[int, int]]:
    """Where the normalised text holds a saying; a name inside one is not the place."""
    if "timbuktu" not in normalised:  # every saying here names Timbuktu
        return []
    return [match.span() for pattern in _IDIOMS for match in pattern.finditer(normalised)]

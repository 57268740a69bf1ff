"""Find the gazetteer's places and the bundled actors in a story's text."""

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from functools import cache

from mali_news.items import Mention
from mali_news.reference.gazetteer import Actor, Place, actors, places

# Places whose name is also a common word or a surname ("Gao", "Dire warnings", "Kati"): they
# count only in a story that names Mali or another Malian place.
COMMON_WORD_PLACES = frozenset({"gao", "lere", "kati", "dire", "kita", "dori"})
# A name right after a title is a person's ("Mr. Gao", "Gen. Gao").
_TITLE_BEFORE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Gen|Col|Capt|Sgt|Lt|Sen|Rep|President|Minister|Premier|"
    r"Ambassador|Judge)\.?\s+)$")
_MALI = re.compile(r"(?<!\w)Mali(?:ans?)?(?!\w)")


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


def _trie_pattern(names: Iterable[str]) -> str:
    """One regex alternative for many names, as a trie: each character is tried once per
    position instead of once per name (three times faster than a flat alternation). Where one
    name is the start of another, the longer is tried first."""
    trie: dict[str, dict] = {}
    for name in names:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [(r"\s+" if char == " " else re.escape(char)) + build(node[char])
                    for char in sorted(node) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


class NameMatcher:
    """Whole-word, case-sensitive, accent-blind matching of many names at once; where names
    overlap, the longest wins ("al Qaeda in the Islamic Maghreb" is AQIM, not al Qaeda)."""

    def __init__(self, names: Iterable[tuple[str, str]], people_titles: bool = False) -> None:
        # people_titles: a name right after a title ("Mr. Gao") is a person's, not this entry.
        self.people_titles = people_titles
        self.ids: dict[str, str] = {}
        for name, entry_id in names:
            self.ids.setdefault(fold(name), entry_id)
        # A lower-case name ("jihadists", "al Qaeda") also starts a sentence.
        spellings = {*self.ids, *(name[0].upper() + name[1:] for name in self.ids if name[0].islower())}
        self.regex = re.compile(r"(?<![\w-])" + _trie_pattern(spellings) + r"(?!\w)")
        self._by_match = {re.sub(r"\s+", " ", key): value for key, value in self.ids.items()}

    def finditer(self, text: str) -> Iterator[tuple[str, int]]:
        """(id, offset) of every name in the text."""
        folded = fold(text)
        for match in self.regex.finditer(folded):
            found = re.sub(r"\s+", " ", match.group())
            entry_id = self._by_match.get(found) or self._by_match.get(found[0].lower() + found[1:])
            if entry_id is None or (self.people_titles and _TITLE_BEFORE.search(
                    folded, max(0, match.start() - 16), match.start())):
                continue
            yield entry_id, match.start()


def _count(matcher: NameMatcher, body: str, others: Sequence[str]) -> dict[str, list[int | None]]:
    found: dict[str, list[int | None]] = {}
    for entry_id, offset in matcher.finditer(body):
        found.setdefault(entry_id, []).append(offset)
    for text in others:
        for entry_id, _ in matcher.finditer(text):
            found.setdefault(entry_id, []).append(None)
    return found


def _mentions(found: dict[str, list[int | None]]) -> list[Mention]:
    return [Mention(entry_id, len(offsets), next((o for o in offsets if o is not None), None))
            for entry_id, offsets in sorted(found.items())]


class PlaceFinder:
    def __init__(self, gazetteer: Sequence[Place]) -> None:
        self.places = {place.id: place for place in gazetteer}
        self.matcher = NameMatcher(((name, place.id) for place in gazetteer for name in place.names),
                                   people_titles=True)

    def find(self, body: str, others: Sequence[str] = ()) -> list[Mention]:
        """The places a story names in its body and in the title and highlights (others)."""
        found = _count(self.matcher, body, others)
        common = {entry_id for entry_id in found if entry_id in COMMON_WORD_PLACES}
        if common:
            in_mali = any(_MALI.search(text) for text in (body, *others)) or any(
                self.places[entry_id].country == "ML" for entry_id in found if entry_id not in common)
            if not in_mali:
                for entry_id in common:
                    del found[entry_id]
        return _mentions(found)


class ActorFinder:
    def __init__(self, listed: Sequence[Actor]) -> None:
        self.matcher = NameMatcher((name, actor.id) for actor in listed for name in actor.names)

    def find(self, body: str, others: Sequence[str] = ()) -> list[Mention]:
        return _mentions(_count(self.matcher, body, others))


def mention_texts(title: str, highlights: Sequence[str], body: str,
                  matched_turns: Sequence[str] | None = None) -> tuple[str, list[str]]:
    """The body and the other texts mentions are counted in: title and highlights, and for a
    transcript (matched_turns given) only its turns about the conflict, in place of the body
    (a show covers many subjects; those turns' offsets in the body are not kept)."""
    others = [title, *highlights]
    if matched_turns is None:
        return body, others
    return "", [*others, *matched_turns]


@cache
def place_finder() -> PlaceFinder:
    return PlaceFinder(places())


@cache
def actor_finder() -> ActorFinder:
    return ActorFinder(actors())

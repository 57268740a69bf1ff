"""Find the gazetteer's places and the bundled actors in a story's text, as journalists write them."""

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import ahocorasick

from mali_news.items import Mention
from mali_news.reference.gazetteer import Actor, Place, actors, other_names, places
from mali_news.reference.normalise import fold, idiom_spans, normalise


def _keys(name: str) -> set[str]:
    """A name's normalised forms: with its apostrophes, and without ("N'Djamena", "Ndjamena")."""
    key = re.sub(r"\s+", " ", normalise(name)).strip()
    return {key, key.replace("'", "")}


_SPACES = re.compile(r"\s{2,}|[\t\n\r\f\v]")

# --- Context ----------------------------------------------------------------------------------

# A person's title, or a word that makes a person of the name after it.
TITLES = ("mr", "mrs", "ms", "miss", "dr", "prof", "professor", "gen", "general", "col", "colonel", "capt",
          "captain", "cpt", "lt", "lieutenant", "sgt", "sergeant", "maj", "major", "cmdr", "commander",
          "sen", "senator", "rep", "president", "premier", "minister", "ambassador", "judge", "chef",
          "coach", "king", "sheikh", "imam", "mayor", "governor", "leader", "chief", "secretary")
_TITLE_BEFORE = re.compile(r"(?:^|[^\w'])(?:" + "|".join(TITLES) + r")\.?\s+$")
# What puts a place name in a sentence as a place: a preposition, a verb of movement or control,
# or "the town of".
_PLACE_CUE_BEFORE = re.compile(
    r"(?:^|[^\w'])(?:in|at|near|from|to|toward|towards|into|outside|around|through|across|via|of|"
    r"reached|reach|reaching|entered|enter|entering|took|take|taking|retook|retake|retaking|seized|"
    r"seize|seizing|captured|capture|recaptured|held|hold|holding|left|leave|fled|flee|liberated|"
    r"freed|attacked|bombed|struck|toward|controlled|control|occupied|secured|besieged|northern|"
    r"southern|eastern|western|central|back)\s+(?:the\s+(?:(?:town|city|village|region|cercle|commune|"
    r"outskirts|airport|area)\s+of\s+)?)?$")
# A bearing from somewhere: "east of", "60 km north of", "150 miles from".
_DISTANCE = r"(?:about\s+|some\s+)?[\d,.]+\s+(?:km|kilometers|kilometres|miles)\s+"
_BEARING = (rf"(?:(?:{_DISTANCE})?(?:north|south|east|west)(?:east|west)?\s+of|{_DISTANCE}from)\b")
_PLACE_CUE_AFTER = re.compile(
    r"^(?:'s)?\s*(?:region|airport|area|district|cercle|commune|town|city|based|residents|airfield|"
    r"garrison|camp|base|barracks|mayor|governor|market|streets|inhabitants|soldiers|mosque|hospital)\b"
    # What a place is or undergoes: "Gao fell", "Ber was quiet", "Kita is a cotton town".
    r"|^\s+(?:fell|was\s+(?:retaken|recaptured|liberated|captured|seized|taken|bombed|quiet|calm|tense|"
    r"deserted|attacked)|(?:is|was|lies)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}(?:town|city|village|"
    r"region|oasis|garrison|crossroads|port|capital|outpost)\b)"
    # An apposition: "Kati, a garrison town", "Dori, in Burkina Faso".
    r"|^\s*,\s*(?:(?:a|an|the)\s+(?:[\w-]+\s+){0,2}(?:town|city|village|region|oasis|garrison|"
    r"capital)\b|(?:in|near)\s+(?:northern\s+|southern\s+|eastern\s+|western\s+|central\s+)?"
    r"(?:mali|burkina faso|niger|algeria|mauritania)\b|" + _BEARING + r")"
    # Where it lies: "Diré is on the Niger", "Ber lies east of Timbuktu", "Gossi is 90 miles from";
    # not "Gao is on trial" or "Gao was near tears".
    r"|^\s+(?:lies|sits)\s+(?:on|along|near|in)\b|^\s+(?:is|was|lies|sits)\s+(?:" + _BEARING
    + r"|(?:on|along)\s+the\s+(?:niger|river|road|border|banks?|edge|shores?|route|plateau)\b)")
# A dateline: "GAO, Mali (CNN) --", "Gao, Mali --".
_DATELINE_AFTER = re.compile(r"^\s*,\s*(?:mali|algeria|niger|burkina faso|mauritania)\b|^\s*\(cnn\)")
# Words that share the noun of the name after them: "French and", "French, British and".
_COORDINATED = re.compile(r"((?:[A-Z][a-z]+\s*,\s*)*[A-Z][a-z]+)\s*,?\s+(?:and|or)\s+$")
# A list of places: "Timbuktu, Gao and Kidal".
_RUN_SEPARATOR = re.compile(r"^\s*(?:,|and|or|,\s*and|,\s*or|/)\s*$")
# A capitalised word: a first name before a surname, a given name after a family name ("Gao Xiqing").
_CAPITALISED_BEFORE = re.compile(r"(?:^|[\s(\"])([A-Z][a-z]+)\s+$")
_CAPITALISED_AFTER = re.compile(r"^\s+([A-Z][a-z]+)")
# Capitalised words that follow a place's name as part of it ("Gao Airport", "Kati Region").
_PLACE_WORDS = frozenset({"region", "airport", "airfield", "district", "cercle", "commune", "city", "town",
                          "mayor", "governor", "camp", "base", "barracks", "market", "mosque"})
_SENTENCE_WORDS = frozenset({"the", "a", "in", "on", "at", "but", "and", "as", "when", "while", "after",
                             "before", "said", "says", "with", "by", "for", "from", "to", "of", "if"})


# The entry of a name that is neither a place nor an actor (data/other_names.csv).
_OTHER = ""


@dataclass(frozen=True)
class Name:
    """One spelling of an entry, as the matcher knows it."""

    entry: str
    text: str  # as the reference data writes it
    case_sensitive: bool  # an acronym of three letters or fewer ("US", "UN", "AU"): as written
    surname: bool = False  # a person's one-word name: counts only once the story has named them
    context: bool = False  # a place that is also a word or a name: needs a place cue


@dataclass(frozen=True)
class Found:
    name: Name
    start: int
    end: int


def _is_acronym(name: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", name)
    return letters.isupper() and len(letters) <= 3


class NameMatcher:
    """Every name of every entry at once, through one Aho-Corasick automaton (pyahocorasick) over
    the normalised text: whole words only, and where names overlap, the longest wins ("al Qaeda
    in the Islamic Maghreb" is AQIM, not al Qaeda)."""

    def __init__(self, names: Iterable[Name]) -> None:
        self.automaton = ahocorasick.Automaton()
        keyed: dict[str, list[Name]] = {}
        for name in names:
            for key in _keys(name.text):
                keyed.setdefault(key, []).append(name)
        for key, named in keyed.items():
            self.automaton.add_word(key, (len(key), tuple(named)))
        self.automaton.make_automaton()

    def lookup(self, text: str) -> Name | None:
        """The name that is exactly this text, if any."""
        for key in _keys(text):
            found = self.automaton.get(key, None)
            if found:
                return found[1][0]
        return None

    def finditer(self, text: str) -> Iterator[Found]:
        """The names in the text, left to right, longest first where they overlap."""
        # Runs of white space are one space in names: the text is matched with them collapsed.
        _norm, compact, where = prepared(text)
        hits: list[Found] = []
        for end, (length, named) in self.automaton.iter(compact):
            start = end - length + 1
            if (start > 0 and compact[start - 1].isalnum()) or (
                    end + 1 < len(compact) and compact[end + 1].isalnum()):
                continue
            first, last = where(start), where(end) + 1
            original = fold(text[first:last])
            for name in named:
                if name.case_sensitive and re.sub(r"\s+", " ", original) != fold(name.text):
                    continue
                hits.append(Found(name, first, last))
                break
        hits.sort(key=lambda hit: (hit.start, -(hit.end - hit.start)))
        end = -1
        for hit in hits:
            if hit.start >= end:
                end = hit.end
                yield hit


@lru_cache(maxsize=16)
def prepared(text: str) -> tuple[str, str, Callable[[int], int]]:
    """(normalised text, the same with runs of white space collapsed, offsets back): made once
    for a story's text, which the places, the masks and the actors all read."""
    norm = normalise(text)
    return (norm, *_collapse(norm))


def _collapse(norm: str) -> tuple[str, Callable[[int], int]]:
    """The text with every run of white space one space, and a function from an offset in it
    to the offset in the text (runs are few: a bisection over them, not a table per character)."""
    runs = [(match.start(), match.end()) for match in _SPACES.finditer(norm)]
    if not runs:
        return norm, lambda offset: offset
    compact = _SPACES.sub(" ", norm)
    # After each run, compact offsets are behind by the run's length less one, added up.
    starts, shifts, removed = [], [], 0
    for start, end in runs:
        removed += end - start - 1
        starts.append(start + 1 - (removed - (end - start - 1)))
        shifts.append(removed)
    def where(offset: int) -> int:
        index = bisect_right(starts, offset) - 1
        return offset + (shifts[index] if index >= 0 else 0)
    return compact, where


def _personal(text: str, found: Found) -> bool:
    """A title before the name ("Mr. Gao"); and for a place that is also a name, a capitalised
    word right before or after it that is neither a sentence's own word nor a place's ("Gao
    Xiqing", "Chef Gao", but not "Gao Airport"): the name is a person's."""
    before = normalise(text[max(0, found.start - 24):found.start])
    if _TITLE_BEFORE.search(before):
        return True
    if not found.name.context:
        # "Timbuktu Mayor Halle Ousmane", "Kidal Governor": a place's own name stands.
        return False
    word = _CAPITALISED_BEFORE.search(text[max(0, found.start - 24):found.start])
    if word and word.group(1).lower() not in _SENTENCE_WORDS and not _starts_sentence(text, found.start - len(
            word.group(0).lstrip())):
        return True
    after = _CAPITALISED_AFTER.match(text[found.end:found.end + 24])
    return bool(after and after.group(1).lower() not in _SENTENCE_WORDS | _PLACE_WORDS)


def _starts_sentence(text: str, start: int) -> bool:
    before = text[:max(0, start)].rstrip()
    return not before or before[-1] in ".!?:;\"“(—-"


# --- Places --------------------------------------------------------------------------------------


class PlaceFinder:
    """Places by name; a place that is also a word or a name ("Gao", "Dire warnings", "Ber",
    "Kita") counts only with a place cue: a preposition or verb of place before it ("in", "from",
    "seized"), "region" or "airport" after it, a dateline, or a list of places around it; and
    never after a title or beside a capitalised first or given name."""

    def __init__(self, gazetteer: Sequence[Place], listed: Sequence[Actor] = (),
                 others: Sequence[str] = ()) -> None:
        self.places = {place.id: place for place in gazetteer}
        self.matcher = NameMatcher(
            Name(place.id, name, _is_acronym(name), context=place.context)
            for place in gazetteer for name in place.names)
        # An actor's name that holds a place's ("Movement for the Liberation of Azawad", "Support
        # Mission to Mali"), or another name that does ("Islamic Movement of Azawad"), names no place.
        folded = [normalise(name) for place in gazetteer for name in place.names]
        self.masks = NameMatcher(
            [Name(actor.id, name, False) for actor in listed for name in actor.names
             if len(name.split()) > 1 and any(f" {place} " in f" {normalise(name)} " for place in folded)]
            + [Name(_OTHER, name, False) for name in others])

    def find(self, body: str, others: Sequence[str] = ()) -> list[Mention]:
        """The places a story names in its body and in its title, highlights and dateline (others)."""
        found: dict[str, list[int | None]] = {}
        for text, in_body in [*((other, False) for other in others), (body, True)]:
            for hit in self._places(text):
                found.setdefault(hit.name.entry, []).append(hit.start if in_body else None)
        return _mentions(found)

    def _places(self, text: str) -> list[Found]:
        if not text:
            return []
        norm = prepared(text)[0]
        every = list(self.matcher.finditer(text))
        # "From Kalamazoo to Timbuktu" is a saying; "from Mopti to Timbuktu" is a journey.
        idioms = [(start, end) for start, end in idiom_spans(norm)
                  if sum(start <= hit.start < end for hit in every) < 2]
        masked = idioms + [(hit.start, hit.end) for hit in self.masks.finditer(text)]
        hits = [hit for hit in every if not any(start <= hit.start < end for start, end in masked)]
        kept = []
        for i, hit in enumerate(hits):
            if _personal(text, hit) and not self._dateline(norm, hit):
                continue
            if hit.name.context and not (text[hit.start].isupper() and self._cued(norm, hits, i)):
                continue
            kept.append(hit)
        return kept

    @staticmethod
    def _dateline(norm: str, hit: Found) -> bool:
        return bool(_DATELINE_AFTER.match(norm[hit.end:hit.end + 40]))

    def _cued(self, norm: str, hits: list[Found], i: int) -> bool:
        hit = hits[i]
        if (_PLACE_CUE_BEFORE.search(norm[max(0, hit.start - 40):hit.start])
                or _PLACE_CUE_AFTER.match(norm[hit.end:hit.end + 20]) or self._dateline(norm, hit)):
            return True
        # A list of places: a neighbour that is a place in its own right.
        for j in (i - 1, i + 1):
            if 0 <= j < len(hits) and not hits[j].name.context:
                gap = norm[hits[j].end:hit.start] if j < i else norm[hit.end:hits[j].start]
                if _RUN_SEPARATOR.match(gap):
                    return True
        return False


# --- Actors --------------------------------------------------------------------------------------


class ActorFinder:
    """Actors by name. A surname many people share ("Sanogo", "Keita", "Obama") counts only after
    the story has named the person in full, or by title and surname ("Capt. Sanogo", "interim
    President Traore"), earlier on, and never when another first name stands before it ("Yaya
    Sanogo"); a first name alone never counts. A state that is also a river or a first name (Niger, Chad)
    needs to be the state: not "the Niger", the "Niger River", "Chad Smith"."""

    def __init__(self, listed: Sequence[Actor], others: Sequence[str] = ()) -> None:
        self.actors = {actor.id: actor for actor in listed}
        # A name that holds an actor's but names another thing ("Air France"): the longest name
        # wins, so it hides the actor's, and is then dropped.
        names = [Name(_OTHER, name, False) for name in others]
        for actor in listed:
            for name in actor.names:
                # Only a surname many people share waits for the person to be named in full.
                surname = name in actor.shared_surnames
                names.append(Name(actor.id, name, _is_acronym(name), surname=surname,
                                  context=actor.context and len(name.split()) == 1))
        self.matcher = NameMatcher(names)

    def find(self, body: str, others: Sequence[str] = ()) -> list[Mention]:
        found: dict[str, list[int | None]] = {}
        named: set[str] = set()  # people named in full (or by title) so far, in reading order
        for text, in_body in [*((other, False) for other in others), (body, True)]:
            if not text:
                continue
            for hit in self.matcher.finditer(text):
                entry = hit.name.entry
                if entry == _OTHER:
                    continue
                if hit.name.surname:
                    first = _CAPITALISED_BEFORE.search(text[max(0, hit.start - 24):hit.start])
                    titled = _TITLE_BEFORE.search(normalise(text[max(0, hit.start - 40):hit.start]))
                    if titled:
                        named.add(entry)
                    elif entry not in named or (first and first.group(1).lower() not in _SENTENCE_WORDS):
                        continue
                elif self.actors[entry].kind == "person":
                    named.add(entry)
                if hit.name.context and not _the_state(text, hit):
                    continue
                found.setdefault(entry, []).append(hit.start if in_body else None)
                for other, start in self._coordinated(text, hit):
                    found.setdefault(other, []).append(start if in_body else None)
        return _mentions(found)

    def _coordinated(self, text: str, hit: Found) -> Iterator[tuple[str, int]]:
        """Names that share the hit's noun: "French and Malian troops" names French troops too,
        "Islamist and Tuareg rebels" Islamist rebels."""
        words = text[hit.start:hit.end].split(None, 1)
        if len(words) < 2 or not words[0][:1].isupper():
            return
        window = max(0, hit.start - 60)
        listed = _COORDINATED.search(text[window:hit.start])
        if not listed:
            return
        for word in re.finditer(r"[A-Z][a-z]+", listed.group(1)):
            name = self.matcher.lookup(f"{word.group(0)} {words[1]}")
            if name and name.entry != _OTHER and not name.surname and not name.context:
                yield name.entry, window + listed.start(1) + word.start()


def _the_state(text: str, hit: Found) -> bool:
    """Niger or Chad as a state: not "the Niger" or "the Niger River", not "Chad Smith"."""
    before = normalise(text[max(0, hit.start - 5):hit.start])
    after = text[hit.end:hit.end + 20]
    if re.search(r"(?:^|\W)the\s+$", before) and not re.match(r"^\s+(?:government|army|authorities)", after):
        return False
    if re.match(r"^\s+(?:River|river|Delta|delta|Basin|basin|valley|Valley)\b", after):
        return False
    return not _CAPITALISED_AFTER.match(after) or bool(re.match(r"^\s+(?:and|or|But)\b", after))


def _mentions(found: dict[str, list[int | None]]) -> list[Mention]:
    return [Mention(entry_id, len(offsets), next((o for o in offsets if o is not None), None))
            for entry_id, offsets in sorted(found.items())]


def mention_texts(title: str, highlights: Sequence[str], body: str, dateline: str = "",
                  turns: Sequence[str] | None = None) -> tuple[str, list[str]]:
    """The body and the other texts mentions are counted in, in reading order: title, highlights
    and dateline; for a transcript (turns given) every turn, in place of the body (its turns'
    offsets in the body are not kept)."""
    others = [title, *highlights, *([dateline] if dateline else [])]
    if turns is None:
        return body, others
    return "", [*others, *turns]


@cache
def place_finder() -> PlaceFinder:
    return PlaceFinder(places(), actors(), other_names())


@cache
def actor_finder() -> ActorFinder:
    return ActorFinder(actors(), other_names())

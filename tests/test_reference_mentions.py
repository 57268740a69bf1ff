"""Finding places and actors in story text: whole names, spellings, overlaps and the rule for
names that are also words or surnames."""

import pytest

from mali_news.items import Mention
from mali_news.reference.mentions import actor_finder, fold, place_finder


@pytest.mark.parametrize(("text", "folded"), [
    ("Ségou", "Segou"),
    ("Ménaka and Sévaré", "Menaka and Severe".replace("Severe", "Sevare")),
    ("Dioncounda Traoré", "Dioncounda Traore"),
    ("Keïta", "Keita"),
    ("plain ascii", "plain ascii"),
])
def test_fold_takes_accents_off_letter_by_letter(text, folded):
    assert fold(text) == folded
    assert len(fold(text)) == len(text)


def _places(body: str, *others: str) -> dict[str, int]:
    return {m.id: m.count for m in place_finder().find(body, others)}


@pytest.mark.parametrize(("body", "expected"), [
    # Spellings and accents.
    ("Fighters fled Tombouctou for the desert.", {"timbuktu": 1}),
    ("Troops reached Sevare and Menaka.", {"sevare": 1, "menaka": 1}),
    ("Troops reached Sévaré, then Ségou.", {"sevare": 1, "segou": 1}),
    # Possessives, a hyphenated compound, a name across a line break.
    ("Kidal's airport and the Gao-based brigade, in Mali.", {"kidal": 1, "gao": 1}),
    ("the road to In\nAmenas", {"in_amenas": 1}),
    # The longest name wins: the region, not the city inside its name.
    ("in the Gao region of Mali", {"gao_region": 1}),
    ("the Adrar des Ifoghas mountains", {"adrar_ifoghas": 1}),
    # Whole words only, and case matters.
    ("Gaol and Kidaly are not places; GAO is a U.S. watchdog.", {}),
    ("Bamako's residents", {"bamako": 1}),
    # A common word or surname counts only in a story that names Mali or a Malian place.
    ("Gao Xingjian won the Nobel prize in 2000.", {}),
    ("Dire warnings came from Washington.", {}),
    ("Islamists held Gao for months, and Mali's army came back.", {"gao": 1}),
    ("The militants left Gao for Kidal.", {"gao": 1, "kidal": 1}),
    ("Rebels took Léré, near the border with Mauritania; Malian troops fled.", {"lere": 1}),
    # A name right after a title is a person's, even in a Mali story.
    ("In Mali, Mr. Gao met the mayor of Gao.", {"gao": 1}),
    ("President Kati spoke in Bamako.", {"bamako": 1}),
])
def test_places_named_in_a_body(body, expected):
    assert _places(body) == expected


def test_title_and_highlights_count_but_only_the_body_gives_a_position():
    found = place_finder().find("Troops entered Timbuktu. Timbuktu was calm.",
                                ("Timbuktu retaken", "Konna is quiet"))
    assert found == [Mention("konna", 1, None), Mention("timbuktu", 3, 15)]


def test_an_ambiguous_name_is_placed_by_a_malian_place_in_the_title():
    assert _places("Gao was calm on Sunday.", "French troops enter Kidal") == {"gao": 1, "kidal": 1}


def _actors(body: str) -> dict[str, int]:
    return {m.id: m.count for m in actor_finder().find(body)}


@pytest.mark.parametrize(("body", "expected"), [
    ("Ansar Dine and Ansar Eddine are one group.", {"ansar_dine": 2}),
    ("al Qaeda in the Islamic Maghreb (AQIM) claimed it.", {"aqim": 2}),
    ("an al Qaeda-linked group", {"al_qaeda": 1}),
    ("Jihadists and Islamist militants; the jihadists fled.", {"islamist_militants": 3}),
    ("Malian soldiers and French troops, under Operation Serval.",
     {"malian_army": 1, "french_forces": 2}),
    ("The MUJWA, or MUJAO, held Gao.", {"mujao": 2}),
    ("Francois Hollande spoke; Hollande said more.", {"francois_hollande": 2}),
    # A title before a person's name is no reason to miss the person.
    ("President Francois Hollande and Capt. Amadou Sanogo", {"francois_hollande": 1, "amadou_sanogo": 1}),
    ("Ibrahim Boubacar Keïta won; IBK thanked voters.", {"ibrahim_boubacar_keita": 2}),
    ("The U.N. Security Council voted; the U.N. agreed.", {"united_nations": 2}),
    ("Nothing here names anyone.", {}),
])
def test_actors_named_in_a_body(body, expected):
    assert _actors(body) == expected

"""Finding places and actors in story text: one normaliser, whole names, spellings, overlaps,
places that are also words or names, and people as journalists write them."""

import pytest

from mali_news.items import Mention
from mali_news.reference.mentions import actor_finder, mention_texts, place_finder
from mali_news.reference.normalise import fold, normalise
from tests.helpers import ROOT


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
    # A place that is also a word or a name needs a place cue, whatever else the story names.
    ("Gao Xingjian won the Nobel prize in 2000.", {}),
    ("Dire warnings came from Washington.", {}),
    ("Islamists held Gao for months, and Mali's army came back.", {"gao": 1}),
    ("The militants left Gao for Kidal.", {"gao": 1, "kidal": 1}),
    ("Rebels took Léré, near the border with Mauritania; Malian troops fled.", {"lere": 1}),
    ("Gao said on Sunday that Mali's army would win.", {}),
    # A capitalised word beside a place's own name does not make a person of a place.
    ("Timbuktu Mayor Halle Ousmane Cisse spoke.", {"timbuktu": 1}),
    ("French troops secured Gao Airport.", {"gao": 1}),
    ("Chef Gao cooks noodles in Shanghai.", {}),
    ("Gao was calm on Sunday, Mali's army said.", {"gao": 1}),
    # A name right after a title is a person's, even in a Mali story.
    ("In Mali, Mr. Gao met the mayor of Gao.", {"gao": 1}),
    ("President Kati spoke in Bamako.", {"bamako": 1}),
    # Where it lies is a place cue.
    ("Diré is on the Niger River.", {"dire": 1}),
    ("Ber, east of Timbuktu, changed hands.", {"ber": 1, "timbuktu": 1}),
    ("Ber lies 60 km north of the river.", {"ber": 1}),
    ("Gao said east of the river was calm.", {}),
    ("Gossi lies 90 miles from Gao.", {"gossi": 1, "gao": 1}),
    ("Gao, from Shanghai, was from a family of cooks; Gao is from Beijing.", {}),
    ("Gao is on trial, and Gao was near tears.", {}),
    ("Kita sits on a plain; Dori lies in the Sahel.", {"kita": 1, "dori": 1}),
    # A saying is not the city; a journey is.
    ("From Kalamazoo to Timbuktu, and from here to Timbuktu.", {}),
    ("Boats carry traders from Mopti to Timbuktu.", {"mopti": 1, "timbuktu": 1}),
    # A name that holds a place's but names another thing.
    ("The Islamic Movement of Azawad split from Ansar Dine.", {}),
    ("The rebels call the north Azawad.", {"azawad": 1}),
])
def test_places_named_in_a_body(body, expected):
    assert _places(body) == expected


def test_title_and_highlights_count_but_only_the_body_gives_a_position():
    found = place_finder().find("Troops entered Timbuktu. Timbuktu was calm.",
                                ("Timbuktu retaken", "Konna is quiet"))
    assert found == [Mention("konna", 1, None), Mention("timbuktu", 3, 15)]


def test_the_dateline_is_searched_and_places_its_town():
    body, others = mention_texts("Calm returns", [], "Residents came out on Sunday.", "GAO, Mali (CNN)")
    assert _places(body, *others) == {"gao": 1}


@pytest.mark.parametrize(("text", "normalised"), [
    ("Aguel’hoc", "aguel'hoc"), ("N‘Djamena", "n'djamena"), ("In-Amenas", "in amenas"),
    ("al-Qaida", "al qaeda"), ("Al Qaida", "al qaeda"), ("al-Qaeda", "al qaeda"),
    ("Ségou–Mopti", "segou mopti"),
    ("MUJAO", "mujao"), ("Qaidat", "qaidat"),
])
def test_one_normaliser(text, normalised):
    assert normalise(text) == normalised and len(normalise(text)) == len(text)


# The table of issue 22: each text, and what it names.
@pytest.mark.parametrize(("text", "places", "actors"), [
    ("Dire warnings were issued about Mali's north.", {}, {}),
    ("In Beijing, Gao Xiqing said Mali's mines matter to China.", {}, {}),
    ("Moussa Sissoko, the midfielder, is from Mali.", {}, {}),
    ("Yaya Sanogo scored twice for Arsenal's youth team.", {}, {}),
    ("Malik Obama visited his village.", {}, {}),
    ("al-Qaida in the Islamic Maghreb claimed the attack.", {}, {"aqim": 1}),
    ("Mujao fighters fled into the desert.", {}, {"mujao": 1}),
    ("Troops reached Aguel’hoc and N’Djamena sent men; Aguel-hoc and In-Amenas were named too.",
     {"aguelhok": 2, "ndjamena": 1, "in_amenas": 1}, {}),
    ("TIMBUKTU, Mali (CNN) -- Residents celebrated.", {"timbuktu": 1}, {}),
    ("Dioncounda Traore was sworn in. Later, interim President Traore spoke, and Traoré's aides agreed.",
     {}, {"dioncounda_traore": 3}),
    ("Amadou Toumani Toure was ousted in March. Toure fled to Senegal.", {}, {"amadou_toumani_toure": 2}),
    ("Ibrahim Boubacar Keita won the vote. Keita said he was humbled.", {}, {"ibrahim_boubacar_keita": 2}),
    ("Diango Cissoko was named prime minister.", {}, {"django_sissoko": 1}),
    ("From Kalamazoo to Timbuktu, everyone knows the saying.", {}, {}),
])
def test_the_issue_table(text, places, actors):
    assert (_places(text), _actors(text)) == (places, actors)


@pytest.mark.parametrize(("text", "actors"), [
    # A surname alone counts only once the person was named in full or by title.
    ("Sanogo said the army would hold.", {}),
    ("Capt. Sanogo said the army would hold.", {"amadou_sanogo": 1}),
    ("Capt. Amadou Sanogo led the coup. Sanogo later stepped aside.", {"amadou_sanogo": 2}),
    ("Amadou Sanogo led the coup. Salif Keita sang; Keita is a star.", {"amadou_sanogo": 1}),
    ("Barack Obama spoke. Malik Obama did not.", {"barack_obama": 1}),
    ("Dioncounda met the press.", {}),
    # Niger and Chad as states, not the river or a first name.
    ("Troops from Niger and Chad arrived.", {"niger": 1, "chad": 1}),
    ("Boats crossed the Niger at Gao; the Niger River rose.", {}),
    ("Chad Smith played drums.", {}),
    ("Nigerien troops and Chadian soldiers", {"nigerien_forces": 1, "chadian_forces": 1}),
    # A name that holds a state's but names a company, a broadcaster or a race.
    ("Air France flew to Bamako; Agence France-Presse and Radio France Internationale reported it.", {}),
    ("France 24 said France would send troops.", {"france": 1}),
    # Words that share a force's noun: each is named.
    ("French and Malian troops entered Gao.", {"french_forces": 1, "malian_army": 1}),
    ("French, Chadian and Malian soldiers", {"french_forces": 1, "chadian_forces": 1, "malian_army": 1}),
    ("Islamist and Tuareg rebels split.", {"islamist_militants": 1, "tuareg_rebels": 1}),
    ("In Gao and Malian troops", {"malian_army": 1}),
    # Acronyms of three letters or fewer are matched as written.
    ("The US and the UN agreed; let us see.", {"united_states": 1, "united_nations": 1}),
])
def test_people_and_states(text, actors):
    assert _actors(text) == actors


def test_a_transcript_counts_every_turn():
    body, others = mention_texts("CNN NEWSROOM", [], "", "", ["MALVEAUX: Good morning.",
                                                               "MALVEAUX: AQIM fighters fled Gao."])
    assert _places(body, *others) == {"gao": 1}
    assert {m.id for m in actor_finder().find(body, others)} == {"aqim"}


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


def _labelled(name: str) -> list[tuple[str, set[str], set[str]]]:
    rows = []
    for line in (ROOT / "bench" / "data" / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            text, found_places, found_actors = line.split("\t")
            rows.append((text, set(filter(None, found_places.split(","))),
                         set(filter(None, found_actors.split(",")))))
    return rows


# Each labelled set, and the fewest sentences it may hold.
SETS = {"mentions_eval.tsv": 150, "mentions_heldout.tsv": 40, "mentions_heldout2.tsv": 160,
        "mentions_heldout3.tsv": 60}


@pytest.mark.parametrize("name", SETS)
def test_precision_and_recall_on_the_labelled_sentences(name):
    """The targets of bench/mentions.py (which prints the figures): precision >= 0.97 and recall
    >= 0.95 for places and for actors."""
    rows = _labelled(name)
    assert len(rows) >= SETS[name]
    for index, finder in ((1, place_finder()), (2, actor_finder())):
        gold = [row[index] for row in rows]
        ours = [{m.id for m in finder.find(row[0])} for row in rows]
        true = sum(len(g & o) for g, o in zip(gold, ours, strict=True))
        assert true / sum(len(o) for o in ours) >= 0.97
        assert true / sum(len(g) for g in gold) >= 0.95

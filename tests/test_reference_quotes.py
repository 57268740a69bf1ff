"""Who is quoted: attributions, their speakers, roles and kinds of source, in tables of real-looking cases."""

import sys
from pathlib import Path

import pytest

from mali_news.reference.quotes import find_quotes, sentences, speech_verbs
from tests.helpers import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from quotes import SETS, labelled, score


def quotes(*paragraphs: str) -> list[tuple[str, str, str, str, str]]:
    return [(q.speaker, q.role, q.category, q.kind, q.verb) for q in find_quotes(list(enumerate(paragraphs)))]


@pytest.mark.parametrize(("text", "expected"), [
    # Direct, the speaker after the quotation, with a role apart.
    ('"We are winning in Mali," French President Francois Hollande said Tuesday.',
     ("Francois Hollande", "French President", "government", "direct", "said")),
    # "said X, who ...": the role after the name; "Said" the first name is no verb.
    ('"The risks are real," said Said Djinnit, who heads the U.N. Office for West Africa.',
     ("Said Djinnit", "heads the U.N. Office for West Africa", "international", "direct", "said")),
    # Indirect, the speaker at the end, and what is said before it.
    ("The town of Konna was retaken on Friday, a Malian army spokesman told CNN.",
     ("a Malian army spokesman", "", "government", "indirect", "told")),
    # Mixed: a quoted phrase in a reported clause.
    ('The International Federation for Human Rights said it is "very alarmed" by the reports.',
     ("The International Federation for Human Rights", "", "civil_society", "mixed", "said")),
    # A title before the name is the role; a company's name after "company" too.
    ("Norwegian oil company Statoil on Friday said that two of its employees were among the victims.",
     ("Statoil", "Norwegian oil company", "business", "indirect", "said")),
    # "according to".
    ("According to the U.N. refugee agency, more than 380,000 people have fled their homes.",
     ("the U.N. refugee agency", "", "international", "indirect", "according to")),
    # An appositive name: the name speaks, the head is its role.
    ("Chad's president, Idriss Deby, said his troops would stay \"until the job is done.\"",
     ("Idriss Deby", "Chad's president", "government", "mixed", "said")),
    # Verbs beyond "said"; a relative clause after the speaker is its role.
    ("An aid worker in Mopti, who asked not to be identified, warned that food prices had tripled.",
     ("An aid worker in Mopti", "asked not to be identified", "civil_society", "indirect", "warned")),
    ('"Mali is not Afghanistan," insisted Laurent Fabius, France\'s foreign minister.',
     ("Laurent Fabius", "France's foreign minister", "government", "direct", "insisted")),
    # Two verbs: the attribution that ends the sentence is the story's.
    ("The hostage-takers said they had killed seven foreigners, Mauritania's ANI news agency reported.",
     ("Mauritania's ANI news agency", "", "media", "indirect", "reported")),
    # The speaker of a clause, not the words before it.
    ("French involvement began on January 11, the day after militants said they had seized Konna.",
     ("militants", "", "armed_group", "indirect", "said")),
    # An anonymous source names no side; a state word beside it makes it the government's.
    ("A source close to the negotiations said the talks had collapsed.",
     ("A source close to the negotiations", "", "unknown", "indirect", "said")),
    ("French officials said the airport was secured before dawn.",
     ("French officials", "", "government", "indirect", "said")),
    # CNN's own reporters.
    ("CNN's Nima Elbagir reported from Gao that residents were celebrating in the streets.",
     ("Nima Elbagir", "CNN's", "media", "indirect", "reported")),
    ("Witnesses said the jihadists whipped a couple accused of adultery.",
     ("Witnesses", "", "civilian", "indirect", "said")),
])
def test_an_attribution(text, expected):
    assert quotes(text) == [expected]


@pytest.mark.parametrize("text", [
    "The group is said to be holding seven French hostages in the desert.",
    "All told, some 4,000 French troops are now deployed in the country.",
    "The so-called Islamic police patrolled the streets of Gao.",
    "The attack went according to the plan drawn up by the French general staff.",
    "Said Djinnit arrived in Bamako on Tuesday for talks with the interim government.",
    "Belmokhtar's brigade claimed responsibility for the attack on the gas plant.",
    "At least 11 soldiers were reported killed in the fighting near Diabaly.",
    "A group called Ansar Dine took control of Timbuktu in April.",
    "An estimated 400,000 people have been displaced by the conflict.",
    "Soumaila Cisse conceded the election on Monday.",
])
def test_not_an_attribution(text):
    assert quotes(text) == []


def test_a_pronoun_is_the_person_named_last_and_the_company_the_one_quoted_last():
    found = quotes(
        "Between 700 and 800 African troops have arrived, U.S. State Department spokeswoman "
        "Victoria Nuland said. Senegalese troops are on the way, she said.",
        "Norwegian oil company Statoil said two of its employees were among the victims.",
        "Three employees remain missing, the company said.")
    assert [(speaker, category) for speaker, _, category, _, _ in found] == [
        ("Victoria Nuland", "government"), ("Victoria Nuland", "government"), ("Statoil", "business"),
        ("Statoil", "business")]
    # Nobody named before: the pronoun stays.
    assert quotes('"There is no water here," he said.') == [("he", "", "unknown", "direct", "said")]
    # A person named after a title in a sentence that quotes nobody is "he" of the next one.
    assert quotes("President Francois Hollande landed in Bamako. He said France would stay.")[0][:3] == (
        "Francois Hollande", "President", "government")


def test_a_quotation_split_around_its_speaker_is_one_statement_of_both_parts():
    (found,) = find_quotes([(0, '"They cut off his hand," said a resident of Gao. "Everyone had to watch."')])
    assert (found.speaker, found.kind, found.text) == (
        "a resident of Gao", "direct", "They cut off his hand, Everyone had to watch.")


def test_sentences_keep_abbreviations_and_quotations_whole():
    assert sentences('U.S. Gen. Carter Ham arrived. "It is hard. We know," he said. Then he left.') == [
        "U.S. Gen. Carter Ham arrived.", '"It is hard. We know," he said.', "Then he left."]


def test_the_verbs_are_data():
    assert {"said", "told", "warned", "according to"} - set(speech_verbs()) == {"according to"}


# Each labelled set of bench/quotes.py, and the fewest attributions it may hold.
LABELLED = {"quotes_eval.tsv": 60, "quotes_heldout.tsv": 60, "quotes_heldout2.tsv": 60,
            "quotes_heldout3.tsv": 45, "quotes_heldout4.tsv": 40}


@pytest.mark.parametrize("name", LABELLED)
def test_speakers_and_kinds_of_source_on_the_labelled_sets(name):
    """The targets of bench/quotes.py (which prints the figures and the misses): speaker precision
    >= 0.95, recall >= 0.90, the kind of source right for >= 0.85 of the speakers found."""
    rows = labelled(ROOT / "bench" / "data" / name)
    assert sum(len(gold) for _, gold in rows) >= LABELLED[name]
    result = score(rows, errors=False)
    assert result["precision"] >= 0.95 and result["recall"] >= 0.90 and result["category"] >= 0.85, result


def test_the_bench_judges_the_newest_held_out_set():
    judged = [path.name for _, path, judged in SETS if judged]
    assert judged == ["quotes_heldout4.tsv"] and all(Path(path).exists() for _, path, _ in SETS)

"""The kind of source of a speaker: listed actors first, then the words nearest the speaker."""

import pytest

from mali_news.reference.sources import CATEGORIES, actor_categories, classify, source_terms


@pytest.mark.parametrize(("speaker", "role", "expected"), [
    # A listed actor named in the speaker or the role decides, and is linked.
    ("Sanda Ould Boumama", "a spokesman for Ansar Dine", ("armed_group", "ansar_dine")),
    ("Jean-Yves Le Drian", "French Defense Minister", ("government", "le_drian")),
    # A state beside a newspaper: the newspaper's kind, linked to its state.
    ("Algeria's state news agency APS", "", ("media", "algeria")),
    # Else the longest strong word.
    ("the U.N. refugee agency", "", ("international", "united_nations")),
    ("the French-based International Federation for Human Rights", "", ("civil_society", None)),
    ("Victoria Nuland", "U.S. State Department spokeswoman", ("government", "united_states")),
    # The words nearest the speaker before a clause about them.
    ("Nic Robertson", "CNN's, traveled with French troops to Timbuktu", ("media", None)),
    # A word that names no side: unknown, or the government's beside a state.
    ("A source close to the negotiations", "", ("unknown", None)),
    ("French officials", "", ("government", None)),
    # A named person introduced as an ordinary one.
    ("Alhousseini Maiga", "a 52-year-old tailor in Gao", ("civilian", None)),
    ("Amadou Diallo", "", ("unknown", None)),
])
def test_classify(speaker, role, expected):
    assert classify(speaker, role) == expected


def test_every_kind_comes_from_the_data_and_every_listed_actor_has_one():
    assert {term.category for term in source_terms()} <= set(CATEGORIES)
    assert set(actor_categories().values()) <= set(CATEGORIES)
    assert actor_categories()["iyad_ag_ghaly"] == "armed_group"
    assert actor_categories()["ban_ki_moon"] == "international"

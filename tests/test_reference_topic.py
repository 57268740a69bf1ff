from datetime import UTC, datetime

import pytest

from mali_news import settings
from mali_news.reference.topic import DateWindow, TopicRule

RULE = TopicRule(settings.MALI_NEWS_TOPIC_STRONG, settings.MALI_NEWS_TOPIC_WEAK,
                 settings.MALI_NEWS_TOPIC_TITLE_WEIGHT, settings.MALI_NEWS_TOPIC_WEAK_WEIGHT,
                 settings.MALI_NEWS_TOPIC_MIN_SCORE)


@pytest.mark.parametrize(("title", "text", "expected"), [
    ("Malian security forces push into rebel territory", "", True),
    ("Inside Ansar Dine", "", True),
    ("Hostages", "The MNLA and mujao fought near KIDAL.", True),
    # The Algeria hostage story: one strong word in its text, backed by weak ones.
    ("Americans among hostages in Algeria",
     "The militants in In Amenas demanded an end to the French intervention in Mali. "
     "Belmokhtar's brigade, linked to AQIM, claimed the attack.", True),
    # A China story with a Mr. Gao, twice: weak words alone count for nothing.
    ("China's new premier meets Mr. Gao", "Mr. Gao said. Gao added.", False),
    ("Niger's herders face drought in the Sahel", "Across the Sahel, Niger and Mauritania.", False),
    ("Algeria siege ends", "One mention of Timbuktu only.", False),
    ("Dreamliner fleet grounded worldwide", "Batteries. Boeing. Japan.", False),
    ("Somali pirates release ship", "Somalia and Malibu are not Mali-free words: Somali.", False),
])
def test_topic_rule(title, text, expected):
    assert RULE.matches(title, text) is expected


def test_score_and_terms():
    found = RULE.score("Mali: French troops reach Gao", "Islamists left Gao and Timbuktu. mali")
    # Title strong 3 x 1, text strong 2, weak (Gao x2, Islamists) 0.5 x 3.
    assert found.score == 6.5
    assert found.terms == {"Mali": 2, "Gao": 2, "Islamists": 1, "Timbuktu": 1}
    assert found.terms_text() == "Gao 2; Mali 2; Islamists 1; Timbuktu 1"
    assert RULE.score("Mr. Gao", "Gao Gao").terms == {}


def test_thresholds_are_settings():
    strict = TopicRule(["Mali"], ["Gao"], title_weight=1, weak_weight=0, min_score=3)
    assert not strict.matches("Mali", "Mali Gao Gao")
    assert strict.matches("Mali", "Mali Mali")


def test_topic_rule_needs_strong_words():
    with pytest.raises(ValueError, match="at least one strong word"):
        TopicRule([" ", ""], ["Gao"])


@pytest.mark.parametrize(("when", "inside"), [
    (datetime(2012, 1, 1, tzinfo=UTC), True), (datetime(2013, 12, 31, 23, 59, tzinfo=UTC), True),
    (datetime(2011, 12, 31, tzinfo=UTC), False), (datetime(2015, 11, 20, tzinfo=UTC), False),
    (None, True)])
def test_date_window(when, inside):
    assert DateWindow("2012-01-01..2013-12-31").contains(when) is inside


def test_open_ended_and_bad_windows():
    assert DateWindow("2012-01-01..").contains(datetime(2020, 1, 1, tzinfo=UTC))
    with pytest.raises(ValueError, match="MALI_NEWS_DATE_RANGE"):
        DateWindow("2012")
    with pytest.raises(ValueError, match="MALI_NEWS_DATE_RANGE"):
        DateWindow("2012-13-01..2013-01-01")


@pytest.mark.parametrize(("title", "text", "on_topic"), [
    # The one normaliser: case, accents, apostrophes and hyphens do not matter.
    ("Mujao fighters flee", "They fled into the desert after the bombing of their bases.", True),
    ("Fighting near Ménaka", "Troops advanced toward Menaka and Kidal on Sunday.", True),
    # A saying is not the city, here or in the mentions.
    ("From Kalamazoo to Timbuktu", "A travel writer on the world's far corners.", False),
])
def test_the_topic_rule_reads_through_the_normaliser(title, text, on_topic):
    assert RULE.matches(title, text) is on_topic

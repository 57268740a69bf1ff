import pytest

from mali_news.settings import MALI_NEWS_TOPIC_KEYWORDS
from mali_news.topic import TopicRule

RULE = TopicRule(MALI_NEWS_TOPIC_KEYWORDS, min_hits=2)


@pytest.mark.parametrize(("title", "text", "expected"), [
    ("Malian security forces push into rebel territory", "", True),
    ("Officials believe al Qaeda orchestrated Algeria attack",
     "Attackers trained near Gao. AQIM claimed it.", True),
    ("Algeria siege ends", "One mention of Timbuktu only.", False),
    ("Dreamliner fleet grounded worldwide", "Batteries. Boeing. Japan.", False),
    ("Somali pirates release ship", "Somalia and Malibu are not Mali.", False),
    ("Inside Ansar Dine", "", True),
    ("Hostages", "The MNLA and mujao fought near KIDAL.", True),
])
def test_topic_rule(title, text, expected):
    assert RULE.matches(title, text) is expected


def test_topic_rule_needs_keywords():
    with pytest.raises(ValueError, match="at least one keyword"):
        TopicRule([" ", ""])

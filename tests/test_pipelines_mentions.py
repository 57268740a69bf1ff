from mali_news.items import Highlight, Mention, Turn
from mali_news.pipelines.mentions import MentionsPipeline
from tests.extraction_helpers import extract
from tests.helpers import FIXTURES, file_response
from tests.pipeline_helpers import article, make_pipeline, stat


def test_places_and_actors_of_body_title_and_highlights():
    pipeline = make_pipeline(MentionsPipeline)
    item = article(title="French troops enter Timbuktu",
                   highlights=[Highlight("Ansar Dine fled toward Kidal")])
    item.body = "(CNN) -- Malian soldiers took Timbuktu's airport on Monday."
    item = pipeline.process_item(item)
    assert item.places == [Mention("kidal", 1, None), Mention("timbuktu", 2, 30)]
    assert item.actors == [Mention("ansar_dine", 1, None), Mention("french_forces", 1, None),
                           Mention("malian_army", 1, 9)]
    assert stat(pipeline, "mentions/places") == 2
    assert stat(pipeline, "mentions/actors") == 3


def test_a_transcript_counts_every_turn():
    pipeline = make_pipeline(MentionsPipeline)
    item = article(kind="transcript", title="CNN NEWSROOM",
                   turns=[Turn("AMANPOUR", "", "French jets struck Gao, in Mali, today.", matched=True),
                          Turn("QUEST", "", "In Paris, fashion week opens.", matched=False)])
    item.body = "AMANPOUR: French jets struck Gao, in Mali, today.\n\nQUEST: In Paris, fashion week opens."
    item = pipeline.process_item(item)
    # Every turn an analyst reads, not only those the topic rule marked.
    assert item.places == [Mention("gao", 1, None), Mention("paris", 1, None)]
    assert item.actors == [Mention("french_forces", 1, None)]


def test_a_story_without_places_is_counted():
    pipeline = make_pipeline(MentionsPipeline)
    item = article()
    item.body = "Nothing about anywhere."
    assert pipeline.process_item(item).places == []
    assert stat(pipeline, "mentions/no_place") == 1


def test_the_story_of_a_man_named_gao_far_from_mali_names_no_place():
    # fixtures/pages/gao_person.html: a Shanghai chef named Gao, "Mr. Gao", "Dire warnings".
    item = extract(file_response(FIXTURES / "pages" / "gao_person.html",
                                 "https://www.cnn.com/2013/02/04/world/asia/china-noodle-chef/index.html"))
    assert item.body.count("Gao") == 4
    item = make_pipeline(MentionsPipeline).process_item(item)
    assert item.places == []

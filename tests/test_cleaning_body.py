import pytest

from mali_news.cleaning.body import body_text, clean_blocks, split_dateline, word_count
from mali_news.items import Block


def paragraphs(*texts: str) -> list[Block]:
    return [Block("paragraph", text) for text in texts]


@pytest.mark.parametrize(("paragraph", "dateline", "rest"), [
    ("(CNN) -- Malian security forces have made their deepest gains",
     "(CNN)", "Malian security forces have made their deepest gains"),
    ("Moscow (CNN) -- A meteor exploded", "Moscow (CNN)", "A meteor exploded"),
    ("On the road to Timbuktu, Mali (CNN) -- The convoy", "On the road to Timbuktu, Mali (CNN)",
     "The convoy"),
    ("WASHINGTON (CNN) — The Pentagon", "WASHINGTON (CNN)", "The Pentagon"),
    ("Hong Kong (CNN Business) Asian markets", "Hong Kong (CNN Business)", "Asian markets"),
    ("London (CNN)Formula One", "London (CNN)", "Formula One"),
    ("CNN — Justice Samuel Alito is", "CNN", "Justice Samuel Alito is"),
    ("New York CNN — The trial", "New York CNN", "The trial"),
    ("CNN  — ", "CNN", ""),
    ("A spokesman for the French defense ministry, speaking on condition of anonymity, told CNN "
     "(CNN) -- no", "",
     "A spokesman for the French defense ministry, speaking on condition of anonymity, told CNN "
     "(CNN) -- no"),
    ("Hombori is 150 miles away", "", "Hombori is 150 miles away"),
    ("CNN's Nima Elbagir reports from Bamako.", "", "CNN's Nima Elbagir reports from Bamako."),
])
def test_split_dateline(paragraph, dateline, rest):
    assert split_dateline(paragraph) == (dateline, rest)


# Probes that the shape rules of earlier versions got wrong: plain story text is never dropped.
@pytest.mark.parametrize("texts", [
    # A "(CNN)" further down is not the dateline: the intro paragraphs stay.
    ["Intro para one.", "Intro two.", "Timbuktu, Mali (CNN) -- body."],
    ["The curfew begins at 06:00"],
    ["Key players", "Ansar Dine", "MNLA"],
    ["The same line.", "The same line."],
    ["Opinion: the intervention was overdue, the minister said.", "Map: the rebels hold the north.",
     "Timeline: a year of war in Mali."],
    ["1. Jacob and Sophia", "2. Mason and Isabella", "10. Daniel and Chloe"],
    ["Read a version of this story in Arabic."],
])
def test_story_text_is_never_dropped_for_its_shape(texts):
    cleaned = clean_blocks(paragraphs(*texts))
    assert [block.text for block in cleaned.story] == texts
    assert cleaned.dateline == ""
    assert cleaned.left_out == []


def test_dateline_is_split_off_the_first_story_block_only():
    blocks = [Block("caption", "Malian soldiers patrol in Diabaly."),
              *paragraphs("Timbuktu, Mali (CNN) -- French troops arrived.", "Gao (CNN) -- Later.")]
    cleaned = clean_blocks(blocks)
    assert cleaned.dateline == "Timbuktu, Mali (CNN)"
    assert [b.text for b in cleaned.story] == ["French troops arrived.", "Gao (CNN) -- Later."]


def test_a_bold_opening_paragraph_with_a_dateline_is_a_paragraph():
    cleaned = clean_blocks([Block("subhead", "Damascus, Syria (CNN) -- Rebels took the depots."),
                            *paragraphs("Moscow (CNN) -- not a dateline here.")])
    assert cleaned.dateline == "Damascus, Syria (CNN)"
    assert [(b.kind, b.text) for b in cleaned.story] == [
        ("paragraph", "Rebels took the depots."), ("paragraph", "Moscow (CNN) -- not a dateline here.")]


def test_a_subhead_before_the_story_keeps_its_text():
    cleaned = clean_blocks([Block("subhead", "Key players"), *paragraphs("Moscow (CNN) -- Later.")])
    assert cleaned.dateline == ""
    assert [b.text for b in cleaned.story] == ["Key players", "Moscow (CNN) -- Later."]


def test_asides_are_kept_apart_with_their_kind_and_empty_blocks_go():
    blocks = [Block("editor_note", "Watch Erin Burnett OutFront weekdays."),
              Block("paragraph", " (CNN) --  Malian forces   took Hombori. "),
              Block("video_title", "Stopping al Qaeda in North Africa"),
              Block("link_paragraph", "Read more: Mali Q&A"),
              Block("paragraph", "   "),
              Block("subhead", "Key players"),
              Block("list_item", "Ansar Dine", "•"),
              Block("blockquote", "We will not stop, he said."),
              Block("caption", "Residents of Gao celebrate."),
              Block("contributor_note", "CNN's Jim Bittermann contributed to this report."),
              Block("promo", "SHARE THIS")]
    cleaned = clean_blocks(blocks)
    assert cleaned.dateline == "(CNN)"
    assert [(b.kind, b.text) for b in cleaned.story] == [
        ("paragraph", "Malian forces took Hombori."), ("subhead", "Key players"),
        ("list_item", "Ansar Dine"), ("blockquote", "We will not stop, he said.")]
    assert [b.kind for b in cleaned.left_out] == [
        "editor_note", "video_title", "link_paragraph", "caption", "contributor_note", "promo"]
    assert [b.kind for b in cleaned.blocks] == [
        "editor_note", "paragraph", "video_title", "link_paragraph", "subhead", "list_item",
        "blockquote", "caption", "contributor_note", "promo"]


def test_body_text_keeps_list_markers_and_subhead_lines():
    story = [Block("paragraph", "The most popular names:"), Block("subhead", "Twins"),
             Block("list_item", "Jacob and Sophia", "1."), Block("list_item", "Mason", "2."),
             Block("list_item", "Ansar Dine", "•"), Block("list_item", "3. Already numbered", "3.")]
    assert body_text(story) == ("The most popular names:\n\nTwins\n\n1. Jacob and Sophia\n\n"
                                "2. Mason\n\n• Ansar Dine\n\n3. Already numbered")


@pytest.mark.parametrize(("body", "count"), [("", 0), ("One two", 2), ("A.\n\nB c", 3)])
def test_word_count(body, count):
    assert word_count(body) == count

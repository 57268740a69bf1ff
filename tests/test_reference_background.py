import pytest

from mali_news.reference.background import Paragraph, find_clusters, jaccard, shingles

BACKGROUND = ("France sent troops to Mali at the request of the Malian government after Islamist "
              "militants, who had controlled the country's vast north for months, began advancing "
              "toward the capital, Bamako.")


def test_shingles_are_word_five_grams_case_and_accents_aside():
    assert shingles("Troops entered Ségou on Monday, officials said") == {
        "troops entered segou on monday", "entered segou on monday officials",
        "segou on monday officials said"}
    assert shingles("Too short to shingle") == set()


@pytest.mark.parametrize(("later", "recycled"), [
    # The same paragraph, exactly.
    (BACKGROUND, True),
    # Nearly: a few words added at the end, punctuation and case changed.
    (BACKGROUND[:-1] + ", this month.", True),
    (BACKGROUND.upper().replace(",", ""), True),
    # Rewritten in the middle: the same facts, told again, are fresh text.
    ("France sent troops to Mali after Islamist militants who held the north began moving toward "
     "Bamako, the capital, at the request of the Malian government.", False),
])
def test_a_later_story_recycles_a_paragraph(later, recycled):
    clusters = find_clusters([Paragraph(1, 3, BACKGROUND), Paragraph(2, 5, later)])
    if not recycled:
        assert clusters == []
        return
    (cluster,) = clusters
    assert cluster.first == Paragraph(1, 3, BACKGROUND)
    assert [(p.article_id, p.position) for p, _ in cluster.recurrences] == [(2, 5)]
    assert cluster.recurrences[0][1] >= 0.8


def test_similarity_is_the_exact_jaccard():
    a, b = shingles(BACKGROUND), shingles(BACKGROUND[:-1] + ", this month.")
    assert jaccard(a, b) == pytest.approx(27 / 29)
    ((_, similarity),) = find_clusters([Paragraph(1, 0, BACKGROUND),
                                        Paragraph(2, 0, BACKGROUND[:-1] + ", this month.")])[0].recurrences
    assert similarity == round(27 / 29, 3)


def test_a_paragraph_repeated_inside_one_story_is_not_background():
    assert find_clusters([Paragraph(1, 0, BACKGROUND), Paragraph(1, 9, BACKGROUND)]) == []


def test_short_paragraphs_never_cluster():
    line = "He said the town was quiet on Sunday."
    assert find_clusters([Paragraph(1, 0, line), Paragraph(2, 0, line)]) == []


def test_one_cluster_across_many_stories_and_its_first_printing():
    clusters = find_clusters([Paragraph(story, 1, BACKGROUND) for story in (4, 7, 9)]
                             + [Paragraph(10, 2, "An ordinary paragraph about the weather in Bamako "
                                                 "on a Tuesday in March, with nothing recycled.")])
    (cluster,) = clusters
    assert cluster.first.article_id == 4
    assert [p.article_id for p, _ in cluster.recurrences] == [7, 9]
    assert cluster.articles == {4, 7, 9}


def test_no_paragraphs():
    assert find_clusters([]) == []

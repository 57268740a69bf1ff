"""Differences between two renderings of a story, by block."""

import pytest

from mali_news.corpus.diff import Change, diff, format_diff

A, B, C, D = "First paragraph.", "Second paragraph.", "Third paragraph.", "A rewritten second paragraph."


@pytest.mark.parametrize(("old", "new", "changes"), [
    ([A, B, C], [A, B, C], []),
    ([A, B, C], [A, D, C], [Change("changed", "story", 1, B, D)]),
    ([A, B], [A, B, C], [Change("added", "story", 2, new=C)]),
    ([A, B, C], [A, C], [Change("removed", "story", 1, old=B)]),
    ([A, B], [D, A, B], [Change("added", "story", 0, new=D)]),
    ([A, B], [C], [Change("changed", "story", 0, A, C), Change("removed", "story", 1, old=B)]),
])
def test_story_blocks(old, new, changes):
    assert diff(old, new) == changes


def test_highlights_change_only_where_both_renderings_print_them():
    assert diff([A], [A], ["NEW: troops in Gao"], ["Troops hold Gao"]) == [
        Change("changed", "highlights", 0, "NEW: troops in Gao", "Troops hold Gao")]
    # Today's template prints no highlights: that is no change of the story.
    assert diff([A], [A], ["NEW: troops in Gao"], []) == []


def test_format_diff():
    assert format_diff([], "the record", "rendering 2") == (
        "No difference in story text or highlights between the record and rendering 2.")
    assert format_diff([Change("changed", "story", 1, B, D)], "the record", "rendering 2").splitlines() == [
        "--- the record", "+++ rendering 2", "@@ changed: story block 2", f"- {B}", f"+ {D}"]

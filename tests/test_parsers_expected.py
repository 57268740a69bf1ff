"""Every real CNN article page in ../shared against the expected file written by reading it."""

import hashlib
import json
from pathlib import Path

import pytest

from mali_news.parsers import legacy, page_root
from tests.extraction_helpers import clean, extract
from tests.helpers import needs_shared, shared_page

EXPECTED = Path(__file__).resolve().parent / "expected"
CASES = sorted(EXPECTED.glob("*.json"))


def described(kind: str, text: str, **extra: object) -> dict[str, object]:
    """A block as the expected files give it: kind, first five words, SHA-1 of its text."""
    return {"kind": kind, "first_words": " ".join(text.split()[:5]),
            "sha1": hashlib.sha1(text.encode()).hexdigest(), **extra}


def minute(value) -> str | None:
    return value.strftime("%Y-%m-%d %H:%M") if value else None


@pytest.fixture(scope="module", params=CASES, ids=lambda path: path.stem)
def case(request):
    expected = json.loads(request.param.read_text(encoding="utf-8"))
    response = shared_page(expected["file"], expected["url"])
    if expected["file"].startswith("legacy2013_cnnarabic"):
        # CNN Arabic is out of the corpus's scope, but the legacy parser reads it.
        article = clean(legacy.parse(page_root(response), response.url))
    else:
        article = extract(response)
    return expected, article


pytestmark = needs_shared


def test_layout_kind_and_title(case):
    expected, article = case
    assert (article.layout, article.kind, article.title) == (
        expected["layout"], expected.get("kind", "story"), expected["title"])


def test_credits(case):
    expected, article = case
    assert [{"name": c.name, "kind": c.kind} for c in article.credits] == expected["credits"]


def test_dates(case):
    expected, article = case
    assert minute(article.published_at) == expected["published"]
    assert article.published_precision == expected["published_precision"]
    assert minute(article.updated_at) == expected["updated"]


def test_dateline(case):
    expected, article = case
    assert article.dateline == expected["dateline"]


def test_highlights(case):
    expected, article = case
    assert [described("highlight", h.text, is_new=h.is_new) for h in article.highlights] == \
        expected["highlights"]


def test_blocks(case):
    expected, article = case
    found = [described(b.kind, b.text, **({"marker": b.marker} if b.marker else {}))
             for b in article.blocks]
    assert found == expected["blocks"]


TRANSCRIPTS = [path for path in CASES if "turns" in json.loads(path.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=lambda path: path.stem)
def test_transcript_show_and_turns(path):
    expected = json.loads(path.read_text(encoding="utf-8"))
    article = extract(shared_page(expected["file"], expected["url"]))
    assert article.section == expected["show"]
    assert [{"speaker": t.speaker, "role": t.role, **described("turn", t.text)} for t in article.turns] == \
        expected["turns"]

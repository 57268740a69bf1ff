"""CNN's TV transcripts, 2002-2014 (cnnTransStoryHead, cnnBodyText with speaker turns)."""

import re
from typing import Any

from parsel import Selector

from mali_news.cleaning.text import normalize_space
from mali_news.items import ArticleItem, Block, Turn
from mali_news.parsers.common import Metas, first, has_class, root_of, visible_text, xpath
from mali_news.urls import canonical_url

LAYOUT = "transcript"
MARKER = xpath(f"//p[{has_class('cnnTransStoryHead')}] | //P[{has_class('cnnTransStoryHead')}]")

_SHOW = xpath(f"//*[{has_class('cnnTransStoryHead')}]")
_SEGMENTS = xpath(f"//*[{has_class('cnnTransSubHead')}]")
_BODY = xpath(f"//*[{has_class('cnnBodyText')}]")
_AIRED_RE = re.compile(r"^Aired\b", re.IGNORECASE)
_NOTICE_RE = re.compile(r"^THIS IS A RUSH TRANSCRIPT\b")
# "ANDERSON COOPER, CNN ANCHOR:", "AMANPOUR:", "HAMAHA (Through Translator):" at a line's start.
_TURN_RE = re.compile(r"^(?P<speaker>[A-Z][A-Z0-9 .'\-]+?)(?:\s*\((?P<aside>[^)]*)\))?"
                      r"(?:,\s*(?P<role>[A-Z][A-Za-z0-9 .,'\-/()]*?))?:\s+(?P<text>.*)$")


def matches(sel: Selector | Any) -> bool:
    return bool(MARKER(root_of(sel)))


def show(root: Any) -> str:
    return visible_text(_SHOW(root))


def segments(root: Any) -> str:
    """The segment headlines, as CNN joins them: "Al Qaeda in Mali; Syrian Prime Minister Flees"."""
    return visible_text(_SEGMENTS(root))


def aired(root: Any) -> str:
    return next((text for text in map(visible_text, _BODY(root)) if _AIRED_RE.match(text)), "")


def _lines(paragraph: Any) -> list[str]:
    """The paragraph's lines: the text between its <br>s."""
    lines, current = [], [paragraph.text or ""]
    for child in paragraph:
        if isinstance(child.tag, str) and child.tag.lower() == "br":
            lines.append(normalize_space("".join(current)))
            current = [child.tail or ""]
        else:
            current += [visible_text(child), child.tail or ""]
    lines.append(normalize_space("".join(current)))
    return [line for line in lines if line]


def turns(root: Any) -> tuple[list[Turn], list[Block]]:
    """The speaker turns of the transcript text, and its lines as blocks (notices kept apart)."""
    found: list[Turn] = []
    blocks: list[Block] = []
    for paragraph in _BODY(root):
        text = visible_text(paragraph)
        if _AIRED_RE.match(text):
            continue
        if _NOTICE_RE.match(text):
            blocks.append(Block("editor_note", text))
            continue
        for line in _lines(paragraph):
            blocks.append(Block("paragraph", line))
            m = _TURN_RE.match(line)
            if m:
                role = normalize_space(m["role"] or m["aside"] or "")
                found.append(Turn(normalize_space(m["speaker"]), role, m["text"].strip()))
            elif found:
                found[-1].text = f"{found[-1].text}\n{line}"
            else:
                found.append(Turn("", "", line))
    return found, blocks


def parse(sel: Selector | Any, url: str, base_url: str = "") -> ArticleItem:
    """The transcript (base_url, the page's <base href>, is taken like every parser's: a
    transcript has no links to follow)."""
    root = root_of(sel)
    metas = Metas(root)
    spoken, blocks = turns(root)
    return ArticleItem(
        url=canonical_url(url),
        source_url=url,
        layout=LAYOUT,
        kind="transcript",
        title=segments(root) or show(root) or normalize_space(first(root.xpath("//title/text()"))),
        timestamp_text=aired(root),
        section=show(root),
        description=metas.get(name="description"),
        blocks=blocks,
        turns=spoken,
    )

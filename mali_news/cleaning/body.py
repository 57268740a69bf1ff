"""Story text from a parser's typed blocks: asides kept apart, the dateline split off the first block."""

import re
from dataclasses import dataclass, field

from mali_news.cleaning.text import normalize_space
from mali_news.items import Block

DATELINE_RE = re.compile(
    r"^(?P<dateline>(?:[^\s()][^()\n]{0,80}?\s)?\((?:CNN|CNN Business|CNNMoney|CNN Arabic)\))"
    r"\s*(?:--|—|–|-)?\s*"
)
# cnn.com's later templates print the dateline without parentheses: "CNN — ", "New York CNN — ".
_BARE_DATELINE_RE = re.compile(r"^(?P<dateline>(?:[A-Z][\w.'’-]*,?\s+){0,5}CNN)\s*(?:—|–|--)\s*")


def split_dateline(paragraph: str) -> tuple[str, str]:
    """("Moscow (CNN)", rest) when the paragraph opens with a CNN dateline, else ("", paragraph)."""
    m = DATELINE_RE.match(paragraph) or _BARE_DATELINE_RE.match(paragraph)
    if not m:
        return "", paragraph
    return normalize_space(m.group("dateline")), paragraph[m.end():].strip()


@dataclass
class CleanBody:
    """A page's blocks after cleaning: all of them in reading order, and the dateline."""

    blocks: list[Block] = field(default_factory=list)
    dateline: str = ""

    @property
    def story(self) -> list[Block]:
        return [block for block in self.blocks if block.in_story]

    @property
    def left_out(self) -> list[Block]:
        """What is not story text; a block's kind is the reason it was left out."""
        return [block for block in self.blocks if not block.in_story]


def clean_blocks(blocks: list[Block]) -> CleanBody:
    """Normalise every block's text and split the dateline off the first story block.

    Nothing is removed for its shape: what is story text was decided by the parser from the
    element the text sits in. Only empty blocks go, since they hold no text.
    """
    cleaned = CleanBody()
    first_story = True
    for block in blocks:
        text = normalize_space(block.text)
        if not text:
            continue
        kind = block.kind
        if first_story and block.in_story:
            first_story = False
            cleaned.dateline, text = split_dateline(text)
            if cleaned.dateline:
                # A dateline opens the story's first paragraph, even one printed all in bold.
                kind = "paragraph"
            if not text:
                continue
        cleaned.blocks.append(Block(kind, text, block.marker))
    return cleaned


def body_text(story: list[Block]) -> str:
    """The plain body: one block per paragraph, list items with their "1." or "•"."""
    return "\n\n".join(block.rendered() for block in story)


def word_count(body: str) -> int:
    return len(body.split())

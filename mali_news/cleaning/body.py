"""Text rules that keep only story paragraphs, after the parsers removed the page's boxes."""

import re

from mali_news.text import normalize_space

DATELINE_RE = re.compile(
    r"^(?P<dateline>(?:[^\s()][^()\n]{0,80}?\s)?\((?:CNN|CNN Business|CNNMoney|CNN Arabic)\))"
    r"\s*(?:--|—|–|-)?\s*"
)
# A paragraph that is only a dateline, as cnn.com's later templates print it: "CNN  — ".
_DATELINE_ONLY_RE = re.compile(r"^(?:[A-Z][^()]{0,80}?\s)?\(?CNN\)?\s*(?:--|—|–)\s*$")
# In-body cross-references: harvested as links by the parsers, never story text.
_LINK_LINE_RE = re.compile(
    r"^(?:Read more|READ MORE|READ|WATCH|Watch|NEW|Photos|PHOTOS|Video|VIDEO|Gallery|"
    r"Related|RELATED|Opinion|OPINION|Interactive|INTERACTIVE|Map|MAP|Timeline|TIMELINE)\s*:\s+\S"
)
_BOILERPLATE_RE = re.compile(
    r"^(?:Part of complete coverage on|Read a version of this story (?:on CNN Arabic|in Arabic)\.?"
    r"|STORY HIGHLIGHTS|Story highlights|JUST WATCHED|MUST WATCH|PLAY VIDEO|HIDE CAPTION"
    r"|Replay|More Videos \.\.\.)$"
)
# Video furniture: "Preserving Timbuktu's treasures 02:14", "03:16 - Source: CNN".
_VIDEO_DURATION_RE = re.compile(r"^(?:.{1,80}\s0\d:\d{2}|\d{1,2}:\d{2}\s*-\s*Source:\s*\S.{0,40})$")
_TERMINAL = ('.', '?', '!', '"', "'", "”", "’", ":", ";", ")", "…")
_SHORT_TITLE_MAX = 60
# A dateline opens the story; captions or labels at most precede it.
_DATELINE_WITHIN = 3


def split_dateline(paragraph: str) -> tuple[str, str]:
    """("Moscow (CNN)", rest) when the paragraph opens with a CNN dateline, else ("", paragraph)."""
    m = DATELINE_RE.match(paragraph)
    if not m:
        return "", paragraph
    return normalize_space(m.group("dateline")), paragraph[m.end():].strip()


def is_link_line(paragraph: str) -> bool:
    return bool(_LINK_LINE_RE.match(paragraph))


def is_boilerplate(paragraph: str) -> bool:
    return bool(_BOILERPLATE_RE.match(paragraph) or _DATELINE_ONLY_RE.match(paragraph)
                or _VIDEO_DURATION_RE.match(paragraph))


def is_doubled(paragraph: str) -> bool:
    """A caption printed twice inside one line: "X. Y. X. Y."."""
    half, rest = divmod(len(paragraph), 2)
    return rest == 1 and len(paragraph) > 20 and paragraph[:half] == paragraph[half + 1:]


def _is_short_title(paragraph: str) -> bool:
    return len(paragraph) < _SHORT_TITLE_MAX and not paragraph.endswith(_TERMINAL)


def drop_title_runs(paragraphs: list[str], min_run: int = 2) -> list[str]:
    """Drop runs of short unpunctuated lines: related-video title lists between paragraphs."""
    kept: list[str] = []
    run: list[str] = []
    for paragraph in [*paragraphs, None]:
        if paragraph is not None and _is_short_title(paragraph):
            run.append(paragraph)
            continue
        if len(run) < min_run:
            kept.extend(run)
        run = []
        if paragraph is not None:
            kept.append(paragraph)
    return kept


def drop_repeated(paragraphs: list[str]) -> list[str]:
    """Drop a paragraph equal to its neighbour (both copies: a caption printed twice)."""
    kept = []
    for i, paragraph in enumerate(paragraphs):
        before = paragraphs[i - 1] if i else None
        after = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
        if paragraph not in (before, after):
            kept.append(paragraph)
    return kept


def clean_paragraphs(paragraphs: list[str]) -> tuple[str, list[str]]:
    """(dateline, story paragraphs) from a parser's paragraph list."""
    texts = [normalize_space(p) for p in paragraphs]
    texts = [t for t in texts if t and not is_link_line(t) and not is_boilerplate(t)
             and not is_doubled(t)]
    texts = drop_title_runs(drop_repeated(texts))
    dateline = ""
    for i, text in enumerate(texts[:_DATELINE_WITHIN]):
        dateline, rest = split_dateline(text)
        if dateline:
            texts[i] = rest
            # Anything before the dateline paragraph is a caption or a stray label.
            texts = [t for t in texts[i:] if t]
            break
    return dateline, texts


def word_count(body: str) -> int:
    return len(body.split())

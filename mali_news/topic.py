"""The keyword rule that decides whether a followed page is about the Mali conflict."""

import re
from collections.abc import Iterable


class TopicRule:
    """On topic when the title names a keyword, or the whole text names them min_hits times."""

    def __init__(self, keywords: Iterable[str], min_hits: int = 2) -> None:
        words = sorted({k.strip() for k in keywords if k.strip()}, key=len, reverse=True)
        if not words:
            raise ValueError("the topic rule needs at least one keyword")
        # Word boundaries keep "Mali" from matching "Somali" or "Malibu".
        self.pattern = re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE
        )
        self.min_hits = min_hits

    def hits(self, text: str) -> int:
        return len(self.pattern.findall(text or ""))

    def matches(self, title: str, text: str) -> bool:
        return self.hits(title) > 0 or self.hits(text) >= self.min_hits

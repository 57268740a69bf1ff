"""The scored rule that decides whether a page is about the 2012-2013 Mali conflict, and its date window."""

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from mali_news.reference.normalise import idiom_spans, normalise


@dataclass(frozen=True)
class TopicScore:
    score: float
    # Each word of the rule the page names, with how often (title and text together).
    terms: dict[str, int] = field(default_factory=dict)

    def terms_text(self) -> str:
        """"Mali 4; Gao 2; Islamist 1": most frequent first."""
        return "; ".join(f"{term} {n}" for term, n in sorted(self.terms.items(),
                                                               key=lambda kv: (-kv[1], kv[0])))


class WordPattern:
    """Whole words of a list, found through the one normaliser the mentions use: case, accents,
    apostrophes, hyphens and spelling families do not matter ("Mujao", "Ménaka", "al-Qaida")."""

    def __init__(self, words: list[str]) -> None:
        self.words = {re.sub(r"\s+", " ", normalise(word)).strip(): word for word in words}
        # Longest first, and word boundaries: "Mali" must not match "Somali" or "Malibu".
        ordered = sorted(self.words, key=len, reverse=True)
        self.regex = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)
                                + r")(?!\w)")

    def search(self, text: str) -> str | None:
        """The first word of the list the text names (its normalised form), else None."""
        return next(iter(self._found(normalise(text))), None)

    def names(self, text: str) -> Iterable[str]:
        """The list's own spelling of each word the text names, once per time it names it."""
        for found in self._found(normalise(text)):
            yield self.words[found]

    def _found(self, normalised: str) -> list[str]:
        # A name inside a saying ("from Kalamazoo to Timbuktu") is not the place.
        idioms = idiom_spans(normalised)
        return [re.sub(r"\s+", " ", match.group()) for match in self.regex.finditer(normalised)
                if not any(start <= match.start() < end for start, end in idioms)]


def _pattern(words: list[str]) -> WordPattern | None:
    return WordPattern(words) if words else None


class TopicRule:
    """Strong words name the conflict (Mali, Bamako, Ansar Dine ...); weak words (Gao, Sahel,
    Niger, Islamist ...) are common elsewhere and count only beside a strong one. A strong word
    in the title weighs title_weight, in the text 1; a weak word weak_weight. A page is on topic
    when its score reaches min_score."""

    def __init__(self, strong: Iterable[str], weak: Iterable[str] = (), title_weight: float = 3.0,
                 weak_weight: float = 0.5, min_score: float = 2.0) -> None:
        self.strong = sorted({w.strip() for w in strong if w.strip()})
        if not self.strong:
            raise ValueError("the topic rule needs at least one strong word")
        self.weak = sorted({w.strip() for w in weak if w.strip()} - set(self.strong))
        self.strong_re, self.weak_re = _pattern(self.strong), _pattern(self.weak)
        self.title_weight, self.weak_weight, self.min_score = title_weight, weak_weight, min_score

    @classmethod
    def from_settings(cls, settings: Any) -> "TopicRule":
        """The rule the MALI_NEWS_TOPIC_* settings describe."""
        return cls(settings.getlist("MALI_NEWS_TOPIC_STRONG"), settings.getlist("MALI_NEWS_TOPIC_WEAK"),
                   settings.getfloat("MALI_NEWS_TOPIC_TITLE_WEIGHT"),
                   settings.getfloat("MALI_NEWS_TOPIC_WEAK_WEIGHT"),
                   settings.getfloat("MALI_NEWS_TOPIC_MIN_SCORE"))

    def _hits(self, pattern: WordPattern | None, text: str) -> Counter[str]:
        if pattern is None or not text:
            return Counter()
        return Counter(pattern.names(text))

    def score(self, title: str, text: str) -> TopicScore:
        strong_title, strong_text = self._hits(self.strong_re, title), self._hits(self.strong_re, text)
        weak = self._hits(self.weak_re, title) + self._hits(self.weak_re, text)
        strong = strong_title.total() + strong_text.total()
        value = self.title_weight * strong_title.total() + strong_text.total()
        if strong:
            value += self.weak_weight * weak.total()
        terms = strong_title + strong_text + (weak if strong else Counter())
        return TopicScore(round(value, 2), dict(terms))

    def matches(self, title: str, text: str) -> bool:
        return self.score(title, text).score >= self.min_score


def verdict(rule: TopicRule, window: "DateWindow", title: str, text: str,
            published: datetime | None) -> tuple[TopicScore, str]:
    """A page's score, and why it is left ("out_of_window", "off_topic"), or "" when it is kept."""
    score = rule.score(title, text)
    if not window.contains(published):
        return score, "out_of_window"
    if score.score < rule.min_score:
        return score, "off_topic"
    return score, ""


def why_left(reason: str, score: TopicScore, published: datetime | None) -> str:
    """The start of the log line of a page the rule leaves: "Off topic (score 0.5)"."""
    if reason == "out_of_window" and published is not None:
        return f"Published {published:%Y-%m-%d}, outside the date window"
    return f"Off topic (score {score.score})"


class DateWindow:
    """The days a page reached by a link or by discovery must fall in: "2012-01-01..2013-12-31"
    (either end may be left open: "2012-01-01..")."""

    def __init__(self, spec: str) -> None:
        self.spec = spec.strip()
        start, sep, end = spec.partition("..")
        if not sep:
            raise ValueError(f"MALI_NEWS_DATE_RANGE must be FIRST..LAST (YYYY-MM-DD), not {spec!r}")
        try:
            self.start = date.fromisoformat(start.strip()) if start.strip() else None
            self.end = date.fromisoformat(end.strip()) if end.strip() else None
        except ValueError:
            raise ValueError(f"MALI_NEWS_DATE_RANGE must be FIRST..LAST (YYYY-MM-DD), not {spec!r}") from None

    def contains(self, when: datetime | None) -> bool:
        """Whether the day is in the window; a page of unknown date is given the benefit."""
        if when is None:
            return True
        day = when.astimezone(UTC).date() if when.tzinfo else when.date()
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)

"""One ledger of what a crawl did (stored, dropped, failed by reason), read from its stats by every report."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# Pages a middleware gave up with its own reason (no capture of the story, a redirect loop, not in
# the replay mirror), beside the fetch errors (mali_news/errors/...): both are failed pages.
GIVEN_UP = "mali_news/failed/"


def by_reason(stats: Mapping[str, Any], *prefixes: str) -> dict[str, int]:
    """The counts of stats under the prefixes, by the reason after the prefix (summed across
    prefixes: "mali_news/errors/http_404" and "mali_news/failed/http_404" are one reason)."""
    found: dict[str, int] = {}
    for key, value in stats.items():
        for prefix in prefixes:
            if key.startswith(prefix) and isinstance(value, int):
                reason = key.removeprefix(prefix)
                found[reason] = found.get(reason, 0) + value
    return found


# Stories read and not stored (the database refused them), by the error's name.
STORE_FAILED = "mali_news/store/failed/"


def failed_by_reason(stats: Mapping[str, Any]) -> dict[str, int]:
    """The failed pages of a crawl by reason: fetch errors, pages given up, and stories the store
    could not write ("store: OperationalError", as the candidates record them)."""
    failed = by_reason(stats, "mali_news/errors/", GIVEN_UP)
    for error, n in by_reason(stats, STORE_FAILED).items():
        failed[f"store: {error}"] = failed.get(f"store: {error}", 0) + n
    return failed


# Captures an archive served that were not the story (an archived error, a redirect elsewhere).
SKIPPED = ("mali_news/wayback/skipped/", "mali_news/commoncrawl/skipped/")
DROPPED = "mali_news/dropped/"


def _count(stats: Mapping[str, Any], key: str) -> int:
    value = stats.get(key, 0)
    return value if isinstance(value, int) else 0


@dataclass(frozen=True)
class Ledger:
    """The counts a person reads about one crawl. Each is counted once, in the crawl's stats, where
    the page was stored or left; the summary, the progress bar, crawl_runs, `stats` and the report
    all read them from here."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    dropped: dict[str, int] = field(default_factory=dict)
    failed: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    fetched: int = 0
    found: int = 0
    waiting: int = 0

    @classmethod
    def of(cls, stats: Mapping[str, Any]) -> "Ledger":
        def nonzero(counts: dict[str, int]) -> dict[str, int]:
            return {reason: n for reason, n in sorted(counts.items()) if n}

        return cls(
            new=_count(stats, "mali_news/articles/new"),
            updated=_count(stats, "mali_news/articles/updated"),
            # A story read again whose text had not changed, with or without a new rendering.
            unchanged=(_count(stats, "mali_news/articles/unchanged")
                       + _count(stats, "mali_news/articles/refreshed")),
            dropped=nonzero(by_reason(stats, DROPPED)),
            failed=nonzero(failed_by_reason(stats)),
            skipped=nonzero(by_reason(stats, *SKIPPED)),
            fetched=_count(stats, "response_received_count"),
            found=_count(stats, "mali_news/candidates/found"),
            waiting=max(_count(stats, "scheduler/enqueued") - _count(stats, "scheduler/dequeued"), 0),
        )

    @property
    def stored(self) -> int:
        return self.new + self.updated + self.unchanged

    @property
    def dropped_total(self) -> int:
        return sum(self.dropped.values())

    @property
    def failed_total(self) -> int:
        return sum(self.failed.values())

    def columns(self) -> dict[str, Any]:
        """The crawl_runs columns this ledger fills."""
        return {"pages_fetched": self.fetched, "articles_new": self.new,
                "articles_updated": self.updated, "articles_unchanged": self.unchanged,
                "items_dropped": self.dropped_total, "dropped": self.dropped, "failed": self.failed}


def counts(by_reason: Mapping[str, int]) -> str:
    """"2 off_topic, 1 out_of_window", the most frequent first; "none" when there is nothing."""
    ordered = sorted(((n, reason) for reason, n in by_reason.items() if n), key=lambda t: (-t[0], t[1]))
    return ", ".join(f"{n} {reason}" for n, reason in ordered) or "none"


def totals(ledger: Mapping[str, Any]) -> str:
    """"2 dropped (1 off_topic, 1 out_of_window), 1 failed (1 not_in_replay)" from a crawl_runs row's
    dropped and failed columns."""
    parts = []
    for name in ("dropped", "failed"):
        by = ledger.get(name) or {}
        total = sum(by.values())
        parts.append(f"{total} {name}" + (f" ({counts(by)})" if total else ""))
    return ", ".join(parts)

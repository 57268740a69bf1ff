"""The parts of Scrapy the crawl needs that Scrapy keeps private, in one place (and one test)."""

from pathlib import Path
from typing import Any

from scrapy.pqueues import DownloaderAwarePriorityQueue, _path_safe

# What is used, and why. When Scrapy changes one, only this module and its test change
# (tests/test_scrapyinternals.py names the one that broke); pyproject.toml pins the Scrapy range.
USED = {
    "ExecutionEngine._slot": "the engine's slot: its next-call wakes the engine for a paced lane, "
                             "and its closing says the crawl is ending",
    "DownloaderAwarePriorityQueue._downloader_interface": "how many requests each slot has in the "
                                                          "downloader, to pick the next lane",
    "DownloaderAwarePriorityQueue._next_slot": "Scrapy's own choice among the ready slots",
    "scrapy.pqueues._path_safe": "the name of a slot's folder in JOBDIR",
}


def _engine_slot(crawler: Any) -> Any:
    return getattr(getattr(crawler, "engine", None), "_slot", None)


def wake_engine(crawler: Any) -> None:
    """Have the engine look at its scheduler now (its own heartbeat does it every 5 seconds)."""
    slot = _engine_slot(crawler)
    if slot is not None and slot.closing is None:
        slot.nextcall.schedule()


def engine_closing(crawler: Any) -> bool:
    """Whether the crawl is ending (or has no engine slot any more)."""
    slot = _engine_slot(crawler)
    return not getattr(crawler, "crawling", False) or slot is None or slot.closing is not None


def slots_in_downloader(queue: DownloaderAwarePriorityQueue,
                        pqueues: dict[str, Any]) -> list[tuple[int, str]]:
    """(requests in the downloader, slot) for each slot of the queue."""
    return list(queue._downloader_interface.stats(pqueues))


def next_slot(queue: DownloaderAwarePriorityQueue, ready: list[tuple[int, str]], update_state: bool) -> str:
    """The slot Scrapy's downloader-aware queue would serve next among the ready ones."""
    return queue._next_slot(ready, update_state=update_state)


def slot_folder(key: str, slot: str) -> Path:
    """The folder of a slot's queue in JOBDIR."""
    return Path(key, _path_safe(slot))

"""Where a crawl's pages came from: cnn.com, which archives, a replay, or the bundled sample."""

from pathlib import Path

from mali_news.archives.capture import Capture
from mali_news.archives.registry import TITLES

# The file that marks a replay folder as the bundled sample pages (fixtures/site): pages written
# for the tests in CNN's structure, under real addresses, that must never be taken for CNN's text.
SAMPLE_MARKER = "SAMPLE.md"


def is_sample(replay: str) -> bool:
    return bool(replay) and (Path(replay).expanduser() / SAMPLE_MARKER).is_file()


def page_origin(replay: str, capture: Capture | None) -> str:
    """A story's origin: "sample", "replay", the archive of its capture ("wayback"), or "live"."""
    if replay:
        return "sample" if is_sample(replay) else "replay"
    return capture.archive if capture is not None else "live"


def run_origin(replay: str, archive_requests: dict[str, int]) -> str:
    """A crawl's origin in words: "the bundled sample pages (fixtures/site)", "replay of
    crawl.warc.gz", or "cnn.com and the Wayback Machine (212 requests)"."""
    if replay:
        return (f"the bundled sample pages ({replay})" if is_sample(replay) else f"replay of {replay}")
    archives = [f"{TITLES.get(name, name)} ({n} requests)"
                for name, n in sorted(archive_requests.items()) if n]
    return " and ".join(["cnn.com", *archives])

"""Real archive answers as others recorded them (tests/recorded/*.json, with their source), replayed."""

import json
import sys
from dataclasses import dataclass
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from mali_news.archives.wayback import parse_timestamp

FOLDER = Path(__file__).with_name("recorded")
RECORDED_HOST = "https://web.archive.org"


@dataclass(frozen=True)
class Recorded:
    """One answer: its status, headers (names and values as sent) and a short body, what it is,
    what the crawl does with it, and where it was recorded."""

    name: str
    source: dict[str, Any]
    what: str
    crawl_does: str
    request: str
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    body: str
    timestamp: str = ""
    original: str = ""

    def header(self, name: str) -> str:
        return next((value for key, value in self.headers if key.lower() == name.lower()), "")

    def replay(self, base: str, timestamp: str = "", original: str = "", target: str = "",
               target_timestamp: str = "") -> tuple[int, list[tuple[str, str]], str]:
        """The answer for another page: the recorded archive host, timestamps and addresses in
        every header replaced by the stand-in's (a redirect's target by target), nothing else."""
        swaps: list[tuple[str, str]] = [(RECORDED_HOST, base.rstrip("/"))]
        location = self.header("Location")
        if location and target:
            recorded_target = location.split("id_/", 1)[1]
            recorded_stamp = location.split("/web/", 1)[1][:14]
            swaps += [(recorded_target, target), (recorded_stamp, target_timestamp or timestamp)]
        if self.original and original:
            swaps.append((self.original, original))
        if self.timestamp and timestamp:
            swaps.append((self.timestamp, timestamp))
        headers = []
        for name, value in self.headers:
            if name.lower() == "memento-datetime" and timestamp:
                # The capture's own time, in the header's form (an HTTP date).
                value = format_datetime(parse_timestamp(timestamp), usegmt=True)
            for old, new in sorted(swaps, key=lambda swap: -len(swap[0])):
                value = value.replace(old, new)
            headers.append((name, value))
        return self.status, headers, self.body


def load(name: str) -> Recorded:
    data = json.loads((FOLDER / f"{name}.json").read_text(encoding="utf-8"))
    return Recorded(name=name, source=data["source"], what=data["what"], crawl_does=data["crawl_does"],
                    request=data["request"], status=data["status"], reason=data["reason"],
                    headers=tuple((k, v) for k, v in data["headers"]), body=data["body"],
                    timestamp=data.get("timestamp", ""), original=data.get("original", ""))


def every() -> list[Recorded]:
    return [load(path.stem) for path in sorted(FOLDER.glob("*.json"))]


def _source(recorded: Recorded) -> str:
    source = recorded.source
    where = f"{source['repository']} `{source['path'].rsplit('/', 1)[-1]}`"
    return where + (" (derived: see the file)" if "derived" in source else "")


def markdown_table() -> str:
    """The crawling guide's table "The archive's answers and what the crawl does"."""
    rows = ["| answer | status | Memento-Datetime | what the crawl does | recorded in |",
            "|---|---|---|---|---|"]
    for recorded in every():
        # Only an answer for a capture address can be a memento; an index's answer never is.
        memento = "n/a"
        if "/web/" in recorded.request:
            memento = "yes" if recorded.header("Memento-Datetime") else "no"
        rows.append(f"| {recorded.what} | {recorded.status} | {memento} | {recorded.crawl_does} | "
                    f"{_source(recorded)} |")
    return "\n".join(rows)


if __name__ == "__main__":
    sys.stdout.write(markdown_table() + "\n")

"""What the corpus covers by kind and month (found, stored, dropped, failed), and the checklist's recall."""

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from sqlalchemy import Connection, text

from mali_news.archives.registry import NAMES
from mali_news.db.storydate import story_date
from mali_news.urls import canonical_url, date_from_url, url_kind

_KINDS = {"article": "story", "blog_post": "blog_post", "transcript": "transcript"}


@dataclass(frozen=True)
class KnownStory:
    url: str
    kind: str
    title: str
    published: str


def checklist() -> list[KnownStory]:
    """The bundled list of known Mali coverage (mali_news/data/checklist.csv)."""
    with resources.files("mali_news").joinpath("data/checklist.csv").open(encoding="utf-8") as f:
        return [KnownStory(row["url"], row["kind"], row["title"], row["published"])
                for row in csv.DictReader(f)]


@dataclass
class Cell:
    found: int = 0
    stored: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)
    queued: int = 0


def _kind_and_month(url: str, kind: str | None = None, published: Any = None) -> tuple[str, str]:
    when = published or date_from_url(url)
    month = str(when)[:7] if when else "unknown"
    return kind or _KINDS.get(url_kind(url), "other"), month


def coverage(conn: Connection, known: list[KnownStory] | None = None) -> dict[str, Any]:
    """A JSON-ready report: per kind and month, what was found (stored stories, and every
    candidate of the discovery routes), stored, dropped by reason, failed, still queued; and
    the checklist's recall with the addresses the corpus lacks."""
    cells: dict[tuple[str, str], Cell] = defaultdict(Cell)
    stored = set()
    stories = text(f"SELECT a.url, a.kind, {story_date('a')} FROM articles a")
    for url, kind, published in conn.execute(stories):
        stored.add(url)
        cell = cells[_kind_and_month(url, kind, published)]
        cell.found += 1
        cell.stored += 1
    for url, status, reason in conn.execute(text("SELECT url, status, reason FROM candidates")):
        if url in stored:
            continue
        cell = cells[_kind_and_month(url)]
        cell.found += 1
        if status == "dropped":
            cell.dropped[reason or "unknown"] += 1
        elif status == "failed":
            cell.failed[reason or "unknown"] += 1
        else:
            cell.queued += 1
    addresses = {url for (url,) in conn.execute(text("SELECT url FROM article_urls"))} | stored
    known = checklist() if known is None else known
    missing = [story for story in known
               if story.url not in addresses and canonical_url(story.url) not in addresses]
    return {
        "archives": archives(conn),
        "skipped_captures": skipped_captures(conn, stored),
        "by_kind_and_month": [
            {"kind": kind, "month": month, "found": c.found, "stored": c.stored,
             "dropped": dict(sorted(c.dropped.items())), "failed": dict(sorted(c.failed.items())),
             "queued": c.queued}
            for (kind, month), c in sorted(cells.items())],
        "checklist": {
            "known": len(known), "stored": len(known) - len(missing),
            "recall": round((len(known) - len(missing)) / len(known), 3) if known else None,
            "missing": [{"url": s.url, "kind": s.kind, "title": s.title} for s in missing],
        },
    }


def skipped_captures(conn: Connection, stored: set[str]) -> list[dict[str, Any]]:
    """Per story, the captures an archive served that were not the story (an archived error, a
    redirect elsewhere, a loop), and whether another capture of it was stored."""
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    rows = conn.execute(text("SELECT url, archive, capture_url, status, reason FROM skipped_captures "
                             "ORDER BY url, seen_at, id"))
    for url, archive, capture_url, status, reason in rows:
        found[url].append({"archive": archive, "capture_url": capture_url, "status": status,
                           "reason": reason})
    return [{"url": url, "stored": url in stored, "captures": captures} for url, captures in found.items()]


def archives(conn: Connection) -> dict[str, dict[str, int]]:
    """Per archive: the candidates its index found, the stories stored from it, the candidates
    it found that failed or are not fetched yet, and its index queries not read to their end."""
    candidates = Counter(conn.execute(text("SELECT source, status FROM candidates")).all())
    origins = Counter(origin for (origin,) in conn.execute(text("SELECT origin FROM articles")))
    listings = Counter(source for (source,) in conn.execute(text(
        "SELECT source FROM discovery_listings WHERE status = 'pending'")))
    found = {}
    # Each archive's discovery route has the archive's name.
    for name in NAMES:
        found[name] = {"found": sum(n for (source, _), n in candidates.items() if source == name),
                       "stored": origins[name], "failed": candidates[(name, "failed")],
                       "left": candidates[(name, "queued")], "queries_left": listings[name]}
    return found


def format_coverage(report: dict[str, Any]) -> str:
    lines = []
    # A corpus no archive contributed to (live, replay, the sample) has no archive table.
    if any(any(row.values()) for row in report["archives"].values()):
        lines.append(f"{'archive':<11} {'found':>6} {'stored':>6} {'failed':>6} {'left':>6}  "
                     "index queries left")
        for name, row in report["archives"].items():
            lines.append(f"{name:<11} {row['found']:>6} {row['stored']:>6} {row['failed']:>6} "
                         f"{row['left']:>6}  {row['queries_left']}")
        lines.append("")
    lines.append(f"{'kind':<11} {'month':<8} {'found':>6} {'stored':>6} {'queued':>6}  dropped / failed")
    for row in report["by_kind_and_month"]:
        reasons = ", ".join([f"{r} {n}" for r, n in row["dropped"].items()]
                            + [f"failed {r} {n}" for r, n in row["failed"].items()])
        lines.append(f"{row['kind']:<11} {row['month']:<8} {row['found']:>6} {row['stored']:>6} "
                     f"{row['queued']:>6}  {reasons}".rstrip())
    if report.get("skipped_captures"):
        lines += ["", "Captures skipped, not the story (the story stored from another capture, or failed):"]
        for story in report["skipped_captures"]:
            outcome = "stored" if story["stored"] else "not stored"
            lines.append(f"  {story['url']} ({outcome})")
            lines += [f"    {c['reason']} (HTTP {c['status']}, {c['archive']}): {c['capture_url']}"
                      for c in story["captures"]]
    known = report["checklist"]
    lines.append("")
    recall = "n/a" if known["recall"] is None else f"{known['recall']:.3f}"
    lines.append(f"Checklist: {known['stored']} of {known['known']} known pages stored (recall {recall})")
    lines += [f"  missing {s['kind']}: {s['url']}  {s['title']}".rstrip() for s in known["missing"]]
    return "\n".join(lines)

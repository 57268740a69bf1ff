"""Who is quoted, measured: speaker precision and recall, and the kind of source, on passages written
in the coverage's style (bench/data/quotes_*.tsv), each read alone as a story's text.

Each line is a passage (its paragraphs split by " || ") and the attributions a reader finds in it,
"speaker|category|kind" joined by " ;; " (none: empty). A found speaker matches an expected one of
the same passage when they are the same words, ignoring case and a leading "the".

Run: python bench/quotes.py [--errors]
"""

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Targets

from mali_news.reference.quotes import find_quotes

DATA = Path(__file__).resolve().parent / "data"
# The set the rules were written against, and one written after them and never used to tune them.
SETS = (("labelled", DATA / "quotes_eval.tsv", False), ("held out", DATA / "quotes_heldout.tsv", False),
        ("held out 2", DATA / "quotes_heldout2.tsv", False), ("held out 3", DATA / "quotes_heldout3.tsv", False),
        ("held out 4", DATA / "quotes_heldout4.tsv", True))


def labelled(path: Path) -> list[tuple[str, list[tuple[str, str, str]]]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        if not line.strip() or line.startswith("#"):
            continue
        passage, _, expected = line.partition("\t")
        found = [tuple(part.strip().split("|")) for part in expected.split(";;") if part.strip()]
        rows.append((passage, [(s, c, k) for s, c, k in found]))
    return rows


def key(speaker: str) -> str:
    return re.sub(r"^the\s+", "", speaker.strip(), flags=re.I).lower()


def score(rows: list[tuple[str, list[tuple[str, str, str]]]], errors: bool) -> dict[str, float]:
    tp = fp = fn = right_category = right_kind = 0
    started = time.perf_counter()
    found_all = [find_quotes(list(enumerate(passage.split(" || ")))) for passage, _ in rows]
    seconds = time.perf_counter() - started
    for (passage, gold), found in zip(rows, found_all, strict=True):
        expected = Counter(key(s) for s, _, _ in gold)
        ours = Counter(key(q.speaker) for q in found)
        matched = expected & ours
        tp += sum(matched.values())
        fp += sum((ours - expected).values())
        fn += sum((expected - ours).values())
        # Each found speaker takes the first expected one of the same words not yet taken.
        waiting = list(gold)
        for quote in found:
            same = next((g for g in waiting if key(g[0]) == key(quote.speaker)), None)
            if same is not None:
                waiting.remove(same)
                _, category, kind = same
                right_category += quote.category == category
                right_kind += quote.kind == kind
                if errors and (quote.category, quote.kind) != (category, kind):
                    print(f"    {quote.speaker!r}: {quote.category}/{quote.kind}, expected {category}/{kind}: "
                          f"{passage}")
        if errors and matched != expected | ours:
            print(f"    extra {sorted((ours - expected).elements())} missed {sorted((expected - ours).elements())}: "
                  f"{passage}")
    found_n = sum(len(f) for f in found_all)
    return {"precision": tp / (tp + fp) if tp + fp else 1.0, "recall": tp / (tp + fn) if tp + fn else 1.0,
            "category": right_category / tp if tp else 1.0, "kind": right_kind / tp if tp else 1.0,
            "tp": tp, "fp": fp, "fn": fn, "found": found_n, "ms_per_passage": 1000 * seconds / max(len(rows), 1)}


def cost_per_story(repeat: int = 50) -> tuple[float, int, int]:
    """(ms a story, stories, statements): find_quotes over the story blocks of the bundled sample's
    stories (fixtures/site), parsed as the crawl parses them."""
    from parsel import Selector

    from mali_news.parsers import parse_page
    from mali_news.reference.quotes import story_blocks

    site = Path(__file__).resolve().parent.parent / "fixtures" / "site"
    stories = []
    for path in sorted(site.rglob("*.html")):
        url = "http://" + path.relative_to(site).as_posix()
        page = parse_page(Selector(text=path.read_text(encoding="utf-8", errors="replace")), url)
        if page is not None and page.article is not None:
            blocks = [(i, b.kind, b.text) for i, b in enumerate(page.article.blocks)]
            stories.append(story_blocks(blocks))
    statements = sum(len(find_quotes(blocks)) for blocks in stories)
    started = time.perf_counter()
    for _ in range(repeat):
        for blocks in stories:
            find_quotes(blocks)
    return 1000 * (time.perf_counter() - started) / (repeat * len(stories)), len(stories), statements


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--errors", action="store_true", help="print every wrong, extra or missed speaker")
    args = parser.parse_args()
    targets = Targets()
    for name, path, judged in SETS:
        if not path.exists():
            print(f"{name}: {path.name} not written yet")
            continue
        rows = labelled(path)
        result = score(rows, args.errors)
        print(f"{name}: {len(rows)} passages, {sum(len(g) for _, g in rows)} attributions "
              f"({result['ms_per_passage']:.2f} ms a passage)")
        print(f"  speakers  precision {result['precision']:.3f}  recall {result['recall']:.3f}  "
              f"(true {result['tp']}, false {result['fp']}, missed {result['fn']})")
        print(f"  category right for {result['category']:.3f} of the speakers found; kind {result['kind']:.3f}")
        if judged:
            targets.check(f"{name} speaker precision >= 0.95", result["precision"] >= 0.95,
                          f"{result['precision']:.3f}")
            targets.check(f"{name} speaker recall >= 0.90", result["recall"] >= 0.90, f"{result['recall']:.3f}")
            targets.check(f"{name} category >= 0.85", result["category"] >= 0.85, f"{result['category']:.3f}")
    ms, stories, statements = cost_per_story()
    print(f"cost: {ms:.2f} ms a story ({stories} stories of the bundled sample, {statements} statements)")
    targets.check("a story's quotes cost about a millisecond (<= 1.5 ms)", ms <= 1.5, f"{ms:.2f} ms")
    targets.exit()


if __name__ == "__main__":
    main()

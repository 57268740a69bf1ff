"""Precision and recall of place and actor mentions on a labelled set of sentences written for this
project (bench/data/mentions_eval.tsv), each read alone as a story's body.

Run: python bench/mentions.py [--errors]
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Targets

from mali_news.reference.mentions import actor_finder, place_finder

DATA = Path(__file__).resolve().parent / "data"
# The set the rules were written against, and one written after them and never used to tune them.
SETS = (("labelled", DATA / "mentions_eval.tsv"), ("held out", DATA / "mentions_heldout.tsv"),
        ("held out 2", DATA / "mentions_heldout2.tsv"), ("held out 3", DATA / "mentions_heldout3.tsv"))


def labelled(path: Path) -> list[tuple[str, set[str], set[str]]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, places, actors = line.split("\t")
        rows.append((text, {p for p in places.split(",") if p}, {a for a in actors.split(",") if a}))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--errors", action="store_true", help="print every wrong or missed mention")
    args = parser.parse_args()
    finders = {"places": place_finder(), "actors": actor_finder()}
    targets = Targets()
    for name, path in SETS:
        rows = labelled(path)
        started = time.perf_counter()
        found = [({m.id for m in finders["places"].find(text)}, {m.id for m in finders["actors"].find(text)})
                 for text, _, _ in rows]
        seconds = time.perf_counter() - started
        print(f"{name}: {len(rows)} sentences, {sum(len(p) for _, p, _ in rows)} place and "
              f"{sum(len(a) for _, _, a in rows)} actor mentions ({seconds * 1000:.0f} ms)")
        for index, kind in enumerate(("places", "actors")):
            gold = [row[1 + index] for row in rows]
            ours = [pair[index] for pair in found]
            tp = sum(len(g & o) for g, o in zip(gold, ours, strict=True))
            fp = sum(len(o - g) for g, o in zip(gold, ours, strict=True))
            fn = sum(len(g - o) for g, o in zip(gold, ours, strict=True))
            precision = tp / (tp + fp) if tp + fp else 1.0
            recall = tp / (tp + fn) if tp + fn else 1.0
            print(f"  {kind:<7} precision {precision:.3f}  recall {recall:.3f}  (true {tp}, false {fp}, missed {fn})")
            targets.check(f"{name} {kind} precision >= 0.97", precision >= 0.97, f"{precision:.3f}")
            targets.check(f"{name} {kind} recall >= 0.95", recall >= 0.95, f"{recall:.3f}")
            if args.errors:
                for (text, *_), g, o in zip(rows, gold, ours, strict=True):
                    if g != o:
                        print(f"    {kind}: extra {sorted(o - g)} missed {sorted(g - o)}: {text}")
    targets.exit()


if __name__ == "__main__":
    main()

"""Full-text search latency over a generated corpus of 100,000 articles (median must be under 50 ms).

Run: python bench/search.py [--articles 100000] [--db PATH to keep the generated corpus]
"""

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Targets, machine

from mali_news.corpus.search import search
from mali_news.db import migrate
from mali_news.db.engine import make_engine
from mali_news.db.opening import open_corpus

PLACES = ["Mali", "Bamako", "Timbuktu", "Gao", "Kidal", "Mopti", "Konna", "Diabaly", "Sevare", "Tessalit", "Menaka", "Hombori"]
GROUPS = ["MNLA", "Ansar-Dine", "MUJAO", "AQIM", "Tuareg", "France", "ECOWAS", "MINUSMA"]
QUERIES = [
    "Timbuktu", "manuscripts", "Timbuktu manuscripts", '"Ansar Dine"', "Kidal OR Tessalit",
    "refugee*", "election NOT coup", "Gao market", "hostage Algeria", "MUJAO", "Hombori bridge",
    "troops withdraw", "Mali", "ceasefire talks Ouagadougou", '"French troops"', "drought",
    "Bamako hotel attack", "AQIM Belmokhtar", "Sevare airport", "humanitarian aid convoy",
]


def vocabulary(rng: random.Random, size: int = 5000) -> list[str]:
    syllables = ["ba", "ko", "ti", "mu", "ga", "re", "la", "sa", "ne", "do", "ki", "ma", "lu", "fe", "ro", "si", "ta", "wa"]
    words = {"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(size)}
    english = ["troops", "militants", "convoy", "desert", "market", "refugees", "minister", "election", "ceasefire", "airport", "mosque", "manuscripts", "border", "patrol", "village", "aid", "water", "fuel", "road", "bridge", "mayor", "envoy", "hostage", "drought", "coup", "withdraw", "talks", "humanitarian", "attack", "hotel", "French", "soldiers"]
    return english + sorted(words)


def generate(path: Path, n: int, seed: int = 2013) -> None:
    """A corpus of n articles with Zipf-like word frequencies, written through the real schema."""
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    rng = random.Random(seed)
    words = vocabulary(rng)
    weights = [1 / (rank + 1) for rank in range(len(words))]
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    rows = []
    for i in range(n):
        place, group = rng.choice(PLACES), rng.choice(GROUPS).replace("-", " ")
        body = " ".join(rng.choices(words, weights, k=220))
        body = f"{place} (CNN) -- {group} fighters near {place}. {body}. {rng.choice(PLACES)} {rng.choice(words)}."
        day = f"2012-{1 + i % 12:02d}-{1 + i % 28:02d} 12:00:00"
        rows.append((f"https://www.cnn.com/2013/01/01/world/africa/story-{i}/index.html", "x", "legacy",
                     f"{group} and the fight for {place} ({i})", body, f"{place} highlight", 230,
                     "h", "h", 1, day, day, day, day))
        if len(rows) == 5000 or i == n - 1:
            with conn:
                conn.executemany(
                    "INSERT INTO articles (url, source_url, layout, title, body, highlights_text, "
                    "word_count, content_hash, page_hash, version, version_at, published_at, "
                    "first_seen_at, last_crawled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            rows = []
    conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('optimize')")
    conn.commit()
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="generate (or reuse) the corpus here")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "corpus.sqlite"
        if not path.exists():
            started = time.perf_counter()
            generate(path, args.articles)
            print(f"  generated {args.articles:,} articles in {time.perf_counter() - started:.0f} s "
                  f"({path.stat().st_size / 2**20:.0f} MiB)")
        engine = open_corpus(str(path))
        timings: dict[str, float] = {}
        with engine.connect() as conn:
            for query in QUERIES:
                runs = []
                for _ in range(args.repeats):
                    started = time.perf_counter()
                    hits = search(conn, query, limit=20)
                    runs.append(time.perf_counter() - started)
                timings[query] = statistics.median(runs)
                print(f"  {query:<32} {timings[query] * 1000:7.1f} ms  {len(hits):3d} hits")
        engine.dispose()
    median = statistics.median(timings.values())
    print(f"  median over {len(QUERIES)} queries: {median * 1000:.1f} ms "
          f"(slowest {max(timings.values()) * 1000:.1f} ms)")
    targets = Targets()
    targets.check("median query < 50 ms", median < 0.05, f"{median * 1000:.1f} ms")
    targets.exit()


if __name__ == "__main__":
    main()

"""Enrichment over a generated corpus: seconds for mentions and for the recycled-background
clusters, and how many of the planted recycled paragraphs the detector finds (and what else).

Run: python bench/enrich.py [--stories 2000] [--paragraphs 25]
"""

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine
from sqlalchemy import text

from mali_news.corpus.enrich import refresh_mentions
from mali_news.db.background import refresh_background
from mali_news.db.engine import init_db, make_engine
from mali_news.db.writes import write_articles
from mali_news.items import ArticleItem, Block

PLACES = ["Gao", "Timbuktu", "Kidal", "Konna", "Bamako", "Mopti", "Diabaly", "Sévaré", "Tessalit"]


def corpus(stories: int, paragraphs: int, seed: int = 7) -> tuple[list[ArticleItem], set[tuple[int, int]]]:
    """Stories of random words; one paragraph in eight is a printing of one of 200 background
    paragraphs, as printed or with its last word changed. Returns the planted (story, block)
    pairs that are later printings."""
    rng = random.Random(seed)
    words = [f"w{n}" for n in range(20_000)]
    pool = [" ".join(rng.choices(words, k=rng.randint(25, 45))) + f" near {rng.choice(PLACES)}."
            for _ in range(200)]
    printed: dict[int, set[int]] = {}
    planted: set[tuple[int, int]] = set()
    items = []
    start = datetime(2012, 1, 1, tzinfo=UTC)
    for story in range(stories):
        blocks = []
        for position in range(paragraphs):
            if rng.random() < 1 / 8:
                which = rng.randrange(len(pool))
                paragraph = pool[which]
                if rng.random() < 0.5:
                    paragraph = paragraph.rsplit(" ", 1)[0] + " this week."
                if printed.get(which, set()) - {story}:
                    planted.add((story, position))
                printed.setdefault(which, set()).add(story)
            else:
                paragraph = " ".join(rng.choices(words, k=rng.randint(15, 60))) + f", in {rng.choice(PLACES)}."
            blocks.append(Block("paragraph", paragraph))
        body = "\n\n".join(b.text for b in blocks)
        items.append(ArticleItem(
            url=f"https://www.cnn.com/2013/01/25/world/africa/story-{story}/index.html",
            source_url=f"https://www.cnn.com/2013/01/25/world/africa/story-{story}/index.html",
            layout="legacy", title=f"Mali story {story}", blocks=blocks, story=blocks, body=body,
            word_count=len(body.split()), published_at=start + timedelta(hours=story)))
    return items, planted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stories", type=int, default=2000)
    parser.add_argument("--paragraphs", type=int, default=25)
    args = parser.parse_args()
    items, planted = corpus(args.stories, args.paragraphs)
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/bench.sqlite")
        sessions = init_db(engine)
        with sessions() as session, session.begin():
            write_articles(session, items, datetime.now(UTC))
        with engine.begin() as conn:
            started = time.perf_counter()
            place_rows, _ = refresh_mentions(conn)
            mentions_s = time.perf_counter() - started
            started = time.perf_counter()
            summary = refresh_background(conn)
            background_s = time.perf_counter() - started
            found = {(int(url.split("story-")[1].split("/")[0]), position) for url, position in conn.execute(text(
                "SELECT a.url, m.position FROM paragraph_cluster_members m JOIN articles a ON a.id = m.article_id "
                "WHERE m.background"))}
        engine.dispose()
    n = args.stories * args.paragraphs
    print(machine())
    print(f"{args.stories} stories, {n} paragraphs, {len(planted)} planted later printings")
    print(f"mentions:   {mentions_s:6.2f} s ({args.stories / mentions_s:,.0f} stories/s, {place_rows} place rows)")
    print(f"background: {background_s:6.2f} s ({n / background_s:,.0f} paragraphs/s, "
          f"{summary.clusters} clusters)")
    print(f"recall {len(found & planted) / len(planted):.3f}, precision {len(found & planted) / len(found):.3f} "
          f"({len(found - planted)} marked that were not planted)")


if __name__ == "__main__":
    main()

"""Accuracy on the archived pages: headline, first publication and story text of mali_news and
trafilatura against the benchmark author's hand-corrected text (../shared/cnn/pages/corrected).

Run: python bench/accuracy.py
"""

import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# The tests' reading of the corrected text and their token F1: one definition for both.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import SHARED_PAGES, SHARED_SOURCES, Targets
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler
from trafilatura import bare_extraction

from mali_news.parsers import page_root, parse_page
from mali_news.pipelines.body import BodyPipeline
from mali_news.pipelines.byline import BylinePipeline
from mali_news.pipelines.timestamps import TimestampPipeline
from mali_news.pipelines.validate import ValidationPipeline
from tests.extraction_helpers import DATELINE_RE, corrected, token_f1


def main() -> None:
    if not (SHARED_PAGES / "corrected").is_dir():
        sys.exit("bench/accuracy.py needs ../shared/cnn/pages/corrected beside the checkout")
    with open(SHARED_SOURCES, encoding="utf-8") as handle:
        pages = [(row["file"], row["article_url"]) for row in csv.DictReader(handle, delimiter="\t")
                 if (SHARED_PAGES / "corrected" / row["file"].replace(".html", ".txt")).is_file()]
    crawler = get_crawler()
    crawler.stats.open_spider()
    cleaning = [cls.from_crawler(crawler) for cls in (ValidationPipeline, BylinePipeline, BodyPipeline,
                                                       TimestampPipeline)]
    print(f"{'page':<48} {'ours F1':>8} {'traf. F1':>8}  title ours/traf.  published (ours)")
    ours_f1, traf_f1, ours_titles, traf_titles, minutes = [], [], 0, 0, 0
    for name, url in pages:
        body = (SHARED_PAGES / name).read_bytes()
        item = parse_page(page_root(HtmlResponse(url, body=body)), url).article
        for pipeline in cleaning:
            item = pipeline.process_item(item)
        headline, paragraphs = corrected(SHARED_PAGES / "corrected" / name.replace(".html", ".txt"))
        story = " ".join(paragraphs)
        ours = " ".join(DATELINE_RE.sub("", block.text) for block in item.blocks if block.in_story)
        found = bare_extraction(body, url=url, with_metadata=True)
        theirs = " ".join(DATELINE_RE.sub("", line) for line in (found.text or "").splitlines())
        ours_f1.append(token_f1(ours, story))
        traf_f1.append(token_f1(theirs, story))
        ours_titles += item.title == headline
        traf_titles += (found.title or "") == headline
        minutes += item.published_precision == "minute"
        print(f"{name[:48]:<48} {ours_f1[-1]:8.4f} {traf_f1[-1]:8.4f}  {item.title == headline!s:>5}/"
              f"{(found.title or '') == headline!s:<5}  {item.published_at} ({item.published_precision})")
    count = len(pages)
    print(f"mean token F1: ours {sum(ours_f1) / count:.4f}, trafilatura {sum(traf_f1) / count:.4f}; "
          f"exact headlines: ours {ours_titles}/{count}, trafilatura {traf_titles}/{count}; "
          f"first publication to the minute: {minutes}/{count}")
    targets = Targets()
    targets.check("story text F1 >= 0.99 on every page", min(ours_f1) >= 0.99, f"lowest {min(ours_f1):.4f}")
    targets.check("every headline exact", ours_titles == count, f"{ours_titles}/{count}")
    targets.check("first publication to the minute on every page", minutes == count, f"{minutes}/{count}")
    targets.exit()


if __name__ == "__main__":
    main()

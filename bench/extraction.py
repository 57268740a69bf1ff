"""Extraction speed: our parse + clean of every article page, against trafilatura and a bare lxml parse.

Run: python bench/extraction.py [--repeats 7]
     python bench/extraction.py --only ours|bare --repeats N   (one loop, N times after a warm-up:
     for instruction counts under valgrind, which a busy machine does not change)
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import lxml.html
from common import Targets, article_pages, best_of, machine
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from mali_news.parsers import page_root, parse_page
from mali_news.pipelines.body import BodyPipeline
from mali_news.pipelines.byline import BylinePipeline
from mali_news.pipelines.highlights import HighlightsPipeline
from mali_news.pipelines.timestamps import TimestampPipeline
from mali_news.pipelines.validate import ValidationPipeline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--only", choices=("ours", "bare"), default=None)
    args = parser.parse_args()
    pages = article_pages()
    total_mb = sum(len(body) for _, body in pages) / 2**20
    crawler = get_crawler()
    crawler.stats.open_spider()
    cleaning = [cls.from_crawler(crawler) for cls in (ValidationPipeline, BylinePipeline,
                                                       HighlightsPipeline, BodyPipeline,
                                                       TimestampPipeline)]

    # As the crawl does: Scrapy's response, our selector on its bytes (see spiders/cnn_mali.py).
    responses = [HtmlResponse(url=url, body=body, headers={"Content-Type": "text/html; charset=utf-8"})
                 for url, body in pages]

    def ours() -> None:
        for response in responses:
            item = parse_page(page_root(response), response.url).article
            for pipeline in cleaning:
                item = pipeline.process_item(item)

    def bare_parse() -> None:
        for _, body in pages:
            lxml.html.fromstring(body)

    def trafilatura_extract() -> None:
        from trafilatura import bare_extraction

        for url, body in pages:
            bare_extraction(body, url=url, with_metadata=True)

    if args.only:
        work = ours if args.only == "ours" else bare_parse
        work()  # lazy imports and caches are not the loop's cost
        for _ in range(args.repeats):
            work()
        return

    print(f"machine: {machine()}")
    print(f"pages: {len(pages)} article pages, {total_mb:.1f} MiB, median of {args.repeats} runs")
    ours_s = best_of(args.repeats, ours)
    bare_s = best_of(args.repeats, bare_parse)
    traf_s = best_of(max(3, args.repeats // 2), trafilatura_extract)
    for name, seconds in (("mali_news parse + clean", ours_s), ("bare lxml parse", bare_s),
                          ("trafilatura bare_extraction", traf_s)):
        print(f"  {name:<28} {seconds * 1000:8.1f} ms  {len(pages) / seconds:8.1f} pages/s")
    targets = Targets()
    targets.check("throughput >= 5x trafilatura", traf_s / ours_s >= 5,
                  f"{traf_s / ours_s:.1f}x trafilatura's pages per second")
    targets.check("time <= 2x the bare lxml parse", ours_s / bare_s <= 2,
                  f"{ours_s / bare_s:.2f}x the bare parse time")
    targets.exit()


if __name__ == "__main__":
    main()

"""The store pipeline with one fault a test injects: the first worker to store the story named by
FAULTY_STORE_URL fails on it with a non-database error (a full disk), every time it tries that
copy of the article; FAULTY_STORE_MARKER (a file) makes that happen in one worker only."""

import os

from mali_news.items import ArticleItem
from mali_news.pipelines.store import StorePipeline


class FaultyStorePipeline(StorePipeline):
    doomed: ArticleItem | None = None

    def _write(self, items: list[ArticleItem]) -> None:
        for item in items:
            if item.url == os.environ.get("FAULTY_STORE_URL") and self.doomed is None and self._claim():
                FaultyStorePipeline.doomed = item
            if item is self.doomed:
                raise OSError(28, "No space left on device (injected by the test)")
        super()._write(items)

    @staticmethod
    def _claim() -> bool:
        try:
            os.close(os.open(os.environ["FAULTY_STORE_MARKER"], os.O_CREAT | os.O_EXCL))
        except FileExistsError:
            return False
        return True

"""One crawl at a time per database: an exclusive lock file that dies with its process."""

import fcntl
import logging
import os
from pathlib import Path
from typing import IO, Self

from scrapy import signals
from scrapy.crawler import Crawler

from mali_news.db.opening import lock_path_for
from mali_news.errors import CrawlLockedError

logger = logging.getLogger(__name__)


class CrawlLockExtension:
    """Holds an flock() on the lock file for the whole crawl; the kernel drops it if we die."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.handle: IO[str] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        path = Path(settings.get("MALI_NEWS_LOCK_FILE") or
                    lock_path_for(settings.get("MALI_NEWS_DATABASE_URL")))
        if worker := settings.get("MALI_NEWS_WORKER_NAME"):
            # Workers of a shared crawl write together; the lock keeps one copy of each worker.
            path = path.with_name(f"{path.name}.{worker}")
        ext = cls(path)
        ext.acquire()
        crawler.signals.connect(ext.release, signal=signals.engine_stopped)
        return ext

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            handle = self.path.open("a+")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                handle.close()
                raise CrawlLockedError(
                    f"another crawl ({holder}) is writing to this database; lock file {self.path}"
                ) from None
            # A crawl that ends removes its lock file: the file locked here may be that removed
            # one, while a third crawl locks a new file under the same name. Lock the name's file.
            try:
                if os.stat(self.path).st_ino == os.fstat(handle.fileno()).st_ino:
                    break
            except FileNotFoundError:
                pass
            handle.close()
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        self.handle = handle
        logger.info("Holding the crawl lock %s", self.path)

    def release(self) -> None:
        if self.handle is not None:
            # Removed while still held, so no other crawl can be holding this same file.
            self.path.unlink(missing_ok=True)
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None

"""`scrapy crawl`: the same checks, one-line answers, exit statuses and summary as `mali-news crawl`."""

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from mali_news.config import checks
from mali_news.running import (
    ExitStatus,
    Interrupted,
    exit_on_ctrl_c,
    quiet_for_a_terminal,
    run_crawl,
    without_empty_corpus,
)


class Command(ScrapyCrawlCommand):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        try:
            # Before Scrapy opens the log file (it would end in a traceback) and logs its start.
            checks.check_log_file(self.settings)
            checks.check_setting_names(self.settings)
        except checks.SettingError as exc:
            print(f"scrapy crawl: {exc}", file=sys.stderr)
            raise SystemExit(exc.status) from None
        # Scrapy sets up its process next: a Ctrl-C there is not a traceback either.
        exit_on_ctrl_c("scrapy crawl")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("name one spider: scrapy crawl cnn_mali")
        assert self.crawler_process is not None and self.settings is not None
        if sys.stderr.isatty() and not self.settings.get("LOG_FILE"):
            self.settings.set("MALI_NEWS_SUMMARY", True, priority="cmdline")
            self.settings.set("MALI_NEWS_PROGRESS_BAR", True, priority="cmdline")
            quiet_for_a_terminal()
        checks.from_environment(self.settings)
        process, database = self.crawler_process, self.settings.get("MALI_NEWS_DATABASE_URL")
        try:
            self.exitcode = int(without_empty_corpus(database, lambda: run_crawl(
                process, args[0], opts.spargs, prog="scrapy crawl")))
        except Interrupted:
            self.exitcode = int(ExitStatus.INTERRUPTED)

"""Ordinary mistakes and what each gets: the cases behind the README's "Bad input and what it
gets" table, run by tests/test_bad_input.py (`python -m tests.badinput` prints the table)."""

import sys
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Case:
    case: str  # the README's words for the mistake
    argv: tuple[str, ...]  # mali-news arguments; {tmp} is a fresh folder, {corpus} a copy of a corpus there
    status: int
    message: str  # what stderr says, one line ({tmp} filled in); "" when nothing goes wrong
    shown: str  # the README's words for the message
    prepare: str = ""  # what the folder holds first (tests/test_bad_input.py)
    env: dict[str, str] = field(default_factory=dict)


CASES = (
    Case("a mistyped `MALI_NEWS_REPLAY` folder", ("crawl", "-s", "MALI_NEWS_REPLAY={tmp}/mirorr"), 2,
         "mali-news crawl: setting MALI_NEWS_REPLAY: no such folder or WARC file (got '{tmp}/mirorr')",
         "`setting MALI_NEWS_REPLAY: no such folder or WARC file (got '...')`; no request is made"),
    Case("a mistyped setting name", ("crawl", "-s", "MALI_NEWS_REPALY=fixtures/site"), 2,
         "mali-news crawl: setting MALI_NEWS_REPALY: no such setting; did you mean MALI_NEWS_REPLAY? "
         "(got 'fixtures/site')",
         "`setting MALI_NEWS_REPALY: no such setting; did you mean MALI_NEWS_REPLAY? (got '...')`"),
    Case("a mistyped Scrapy setting", ("crawl", "-s", "DOWNLOAD_DELAYY=1"), 2,
         "mali-news crawl: setting DOWNLOAD_DELAYY: no such setting of Scrapy's or the project's; did you "
         "mean DOWNLOAD_DELAY? (got '1')",
         "`setting DOWNLOAD_DELAYY: no such setting of Scrapy's or the project's; did you mean "
         "DOWNLOAD_DELAY? (got '1')` (the same from `scrapy crawl`)"),
    Case("a reversed date range", ("crawl", "-s", "MALI_NEWS_DATE_RANGE=2014-01-01..2012-01-01"), 2,
         "mali-news crawl: setting MALI_NEWS_DATE_RANGE: the first day is after the last "
         "(got '2014-01-01..2012-01-01')",
         "`setting MALI_NEWS_DATE_RANGE: the first day is after the last (got '...')`"),
    Case("a number that is not one", ("crawl", "-s", "MALI_NEWS_MAX_PAGE_BYTES=abc"), 2,
         "mali-news crawl: setting MALI_NEWS_MAX_PAGE_BYTES: not a whole number (got 'abc')",
         "`setting MALI_NEWS_MAX_PAGE_BYTES: not a whole number (got 'abc')`"),
    Case("a bad setting in the environment", ("crawl",), 2,
         "mali-news crawl: setting MALI_NEWS_DEPTH: not a whole number (got 'two')",
         "`setting MALI_NEWS_DEPTH: not a whole number (got 'two')` (every `MALI_NEWS_` setting may come "
         "from the environment)", env={"MALI_NEWS_DEPTH": "two"}),
    Case("a log file in a folder that does not exist", ("crawl", "--log-file", "{tmp}/logs/crawl.log"), 2,
         "mali-news crawl: setting LOG_FILE: the log file's folder {tmp}/logs does not exist; create it "
         "first (got '{tmp}/logs/crawl.log')",
         "`setting LOG_FILE: the log file's folder ... does not exist; create it first` (the same from "
         "`harvest` and `scrapy crawl --logfile`); no corpus is made"),
    Case("`harvest` with its log file in a folder that does not exist",
         ("harvest", "--db", "{tmp}/c.sqlite", "--log-file", "{tmp}/logs/crawl.log"), 2,
         "mali-news harvest: setting LOG_FILE: the log file's folder {tmp}/logs does not exist; create "
         "it first (got '{tmp}/logs/crawl.log')",
         "`setting LOG_FILE: the log file's folder ... does not exist; create it first`"),
    Case("a bad spider argument", ("crawl", "-a", "depth=abc"), 2,
         "mali-news crawl: argument depth: not a whole number (got 'abc')",
         "`argument depth: not a whole number (got 'abc')`"),
    Case("an unknown discovery route", ("crawl", "-a", "discover=foo"), 2,
         "mali-news crawl: argument discover: discover takes links, sitemaps, wayback, commoncrawl or all "
         "(comma-separated), not foo (got 'foo')",
         "`argument discover: discover takes links, sitemaps, wayback, commoncrawl or all ...`"),
    Case("an archive that is not one", ("crawl", "-a", "source=wayback,archive"), 2,
         "mali-news crawl: argument source: must be live, or archives in order of preference "
         "(wayback, commoncrawl, comma-separated) (got 'wayback,archive')",
         "`argument source: must be live, or archives in order of preference (wayback, commoncrawl, "
         "comma-separated) (got 'wayback,archive')`"),
    Case("a Common Crawl crawl that is no crawl's", (
        "crawl", "-s", "MALI_NEWS_COMMONCRAWL_CRAWLS=CC-MAIN-2013-20,CC-MAIN-2013-99"), 2,
         "mali-news crawl: setting MALI_NEWS_COMMONCRAWL_CRAWLS: 'CC-MAIN-2013-99' is not a Common "
         "Crawl crawl (CC-MAIN-2012, CC-MAIN-2013-20 ...) (got 'CC-MAIN-2013-20,CC-MAIN-2013-99')",
         "`setting MALI_NEWS_COMMONCRAWL_CRAWLS: 'CC-MAIN-2013-99' is not a Common Crawl crawl ...`"),
    Case("`crawl` into another program's SQLite file",
         ("crawl", "-s", "MALI_NEWS_DATABASE_URL=sqlite:///{tmp}/other.sqlite", "-s", "MALI_NEWS_REPLAY=fixtures/site"),
         2, "mali-news crawl: {tmp}/other.sqlite is not a mali_news corpus (it has the tables recipes); "
            "it is left unchanged",
         "`FILE is not a mali_news corpus (it has the tables ...); it is left unchanged`; the file is unchanged",
         prepare="foreign"),
    Case("`db upgrade` of a mistyped file name", ("db", "upgrade", "--db", "{tmp}/typo.sqlite"), 2,
         "mali-news db: no database file at {tmp}/typo.sqlite; `mali-news db upgrade --create` makes a new "
         "corpus there",
         "`no database file at FILE; mali-news db upgrade --create makes a new corpus there`; nothing is created"),
    Case("a reading command on a missing file", ("stats", "--db", "{tmp}/typo.sqlite"), 2,
         "mali-news stats: no database file at {tmp}/typo.sqlite",
         "`no database file at FILE`; nothing is created"),
    Case("a file name with `#`, `?` or `%`", ("stats", "--db", "{tmp}/h#x?%41.sqlite"), 0, "",
         "that very file is read (never `h`, never `pctA.sqlite`)", prepare="odd-name"),
    Case("a corpus written by a newer release", ("stats", "--db", "{corpus}"), 2,
         "mali-news stats: {corpus} was written by a newer mali_news, revision 9999_later; this release knows "
         "up to {head}",
         "`FILE was written by a newer mali_news, revision X; this release knows up to Y`", prepare="newer"),
    Case("a damaged database file", ("stats", "--db", "{corpus}"), 1,
         "mali-news stats: cannot read {corpus}: database disk image is malformed",
         "`cannot read FILE: database disk image is malformed` (SQLite's words), from every command",
         prepare="damaged"),
    Case("`db current` on a damaged file", ("db", "current", "--db", "{corpus}"), 1,
         "mali-news db: cannot read {corpus}: ",
         "`cannot read FILE: ...`, never \"up to date\"", prepare="damaged"),
    Case("`export --out` into a missing folder", ("export", "--db", "{corpus}", "--out", "{tmp}/no/x.jsonl"), 2,
         "mali-news export: cannot write {tmp}/no/x.jsonl: no folder {tmp}/no",
         "`cannot write PATH: no folder FOLDER`"),
    Case("`export --out /dev/full`", ("export", "--db", "{corpus}", "--out", "/dev/full"), 2,
         "mali-news export: cannot write /dev/full: No space left on device",
         "`cannot write /dev/full: No space left on device`; the device stays a device"),
    Case("`export --out` a symbolic link", ("export", "--db", "{corpus}", "--out", "{tmp}/latest.jsonl"), 0,
         "exported 11 articles to {tmp}/latest.jsonl",
         "written through to the link's target; the link stays a link", prepare="link"),
    Case("`report --out` into a missing folder", ("report", "--db", "{corpus}", "--out", "{tmp}/no/r.html"), 2,
         "mali-news report: cannot write {tmp}/no/r.html: no folder {tmp}/no",
         "`cannot write PATH: no folder FOLDER`, before the report is built"),
    Case("`export --exclude-background` of stories stored before typed blocks",
         ("export", "--db", "{corpus}", "--exclude-background", "--out", "{tmp}/x.jsonl"), 0,
         "exported 11 articles to {tmp}/x.jsonl",
         "their `body` as stored (nothing to leave out), never an empty one", prepare="no-blocks"),
    Case("`search --limit 0`", ("search", "Mali", "--db", "{corpus}", "--limit", "0"), 2,
         "mali-news search: argument --limit: must be 1 or more (got '0') (see mali-news search -h)",
         "`argument --limit: must be 1 or more (got '0')`"),
    Case("`enrich` while a crawl writes to the corpus", ("enrich", "--db", "{corpus}"), 2,
         "mali-news enrich: another crawl (pid ",
         "`another crawl (pid N) is writing to this database; lock file FILE`", prepare="locked"),
)


def markdown_table() -> str:
    lines = ["| mistake | status | what it gets |", "|---|---|---|"]
    lines += [f"| {case.case} | {case.status} | {case.shown} |" for case in CASES]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(markdown_table() + "\n")

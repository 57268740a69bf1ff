"""Every setting and spider argument checked in one place: one line, status 2, before any request."""

import subprocess
import sys

import pytest
from scrapy.settings import Settings

from mali_news.config import checks
from mali_news.config.checks import ArgumentError, SettingError, check_settings, from_environment
from mali_news.spiders.arguments import CrawlArguments
from tests.helpers import ROOT, SITE, project_settings


def settings(**overrides: object) -> Settings:
    return Settings(project_settings(**overrides))


def test_every_project_setting_has_a_check():
    assert checks.known() == sorted(checks.CHECKS)


def test_the_project_defaults_pass():
    check_settings(settings())


@pytest.mark.parametrize(("name", "value", "message"), [
    ("MALI_NEWS_DATE_RANGE", "2014-01-01..2012-01-01",
     "setting MALI_NEWS_DATE_RANGE: the first day is after the last (got '2014-01-01..2012-01-01')"),
    ("MALI_NEWS_DATE_RANGE", "2013", "setting MALI_NEWS_DATE_RANGE: not FIRST..LAST"),
    ("MALI_NEWS_MAX_PAGE_BYTES", "abc", "setting MALI_NEWS_MAX_PAGE_BYTES: not a whole number (got 'abc')"),
    ("MALI_NEWS_MAX_PAGE_BYTES", "0", "setting MALI_NEWS_MAX_PAGE_BYTES: must be more than 0 (got '0')"),
    ("MALI_NEWS_STORE_BATCH_SIZE", "ten", "setting MALI_NEWS_STORE_BATCH_SIZE: not a whole number"),
    ("MALI_NEWS_RETRY_BACKOFF", "-1", "setting MALI_NEWS_RETRY_BACKOFF: must be 0 or more (got '-1')"),
    ("MALI_NEWS_TOPIC_MIN_SCORE", "high", "setting MALI_NEWS_TOPIC_MIN_SCORE: not a number (got 'high')"),
    ("MALI_NEWS_DEPTH", "-2", "setting MALI_NEWS_DEPTH: must be 0 or more"),
    ("MALI_NEWS_FIND_BACKGROUND", "maybe", "setting MALI_NEWS_FIND_BACKGROUND: not on or off"),
    ("MALI_NEWS_DISCOVER", "links,rss", "setting MALI_NEWS_DISCOVER: discover takes links, sitemaps"),
    ("MALI_NEWS_WAYBACK_URL", "web.archive.org", "setting MALI_NEWS_WAYBACK_URL: not an http(s) address"),
    ("MALI_NEWS_DATABASE_URL", "::nonsense::",
     "setting MALI_NEWS_DATABASE_URL: not a SQLAlchemy database URL"),
    ("MALI_NEWS_REDIS_URL", "localhost:6379", "setting MALI_NEWS_REDIS_URL: not a Redis URL"),
    ("MALI_NEWS_REPLAY", "/no/such/mirror", "setting MALI_NEWS_REPLAY: no such folder or WARC file"),
    ("MALI_NEWS_REPLAY", str(ROOT / "README.md"), "setting MALI_NEWS_REPLAY: a file that is not a .warc"),
    ("MALI_NEWS_REPALY", str(SITE),
     "setting MALI_NEWS_REPALY: no such setting; did you mean MALI_NEWS_REPLAY?"),
])
def test_a_bad_value_names_the_setting_and_what_is_wrong(name, value, message):
    with pytest.raises(SettingError) as raised:
        check_settings(settings(**{name: value}))
    assert str(raised.value).startswith(message)
    assert raised.value.status == 2


def test_an_unreadable_replay_folder_is_refused(tmp_path, monkeypatch):
    # Permissions cannot take a folder away from root (CI runs as root): os.access says no.
    monkeypatch.setattr(checks.os, "access", lambda path, mode: False)
    with pytest.raises(SettingError, match="MALI_NEWS_REPLAY: cannot be read"):
        check_settings(settings(MALI_NEWS_REPLAY=str(tmp_path)))


def test_the_environment_carries_every_setting_and_s_wins_over_it():
    values = Settings(project_settings())
    from_environment(values, {"MALI_NEWS_DEPTH": "1", "MALI_NEWS_DATE_RANGE": "2013-01-01..",
                              "MALI_NEWS_SCREENSHOT": "x.png", "OTHER": "y"})
    assert values.getint("MALI_NEWS_DEPTH") == 1
    assert values.get("MALI_NEWS_DATE_RANGE") == "2013-01-01.."
    assert "MALI_NEWS_SCREENSHOT" not in values  # not a setting: the environment's own business
    values = Settings(project_settings())
    values.set("MALI_NEWS_DEPTH", 0, priority="cmdline")
    from_environment(values, {"MALI_NEWS_DEPTH": "1"})
    assert values.getint("MALI_NEWS_DEPTH") == 0


@pytest.mark.parametrize(("arguments", "message"), [
    ({"depth": "abc"}, "argument depth: not a whole number (got 'abc')"),
    ({"depth": "-1"}, "argument depth: must be 0 or more (got '-1')"),
    ({"discover": "foo"}, "argument discover: discover takes links, sitemaps, wayback, commoncrawl or all"),
    ({"source": "cache"}, "argument source: must be live, or archives in order of preference "
                          "(wayback, commoncrawl, comma-separated) (got 'cache')"),
    ({"source": "live,wayback"}, "argument source: must be live, or archives"),
    ({"source": "wayback,wayback"}, "argument source: must be live, or archives"),
    ({"wayback_date": "Jan 2013"}, "argument wayback_date: must be YYYYMMDD"),
])
def test_a_bad_spider_argument(arguments, message):
    with pytest.raises(ArgumentError) as raised:
        CrawlArguments.parse(**arguments)
    assert str(raised.value).startswith(message) and raised.value.status == 2


@pytest.mark.parametrize("command", [
    ["mali-news", "crawl", "-s", "MALI_NEWS_DATE_RANGE=2014-01-01..2012-01-01"],
    ["mali-news", "crawl", "-a", "depth=abc"],
    ["mali-news", "crawl", "-a", "discover=foo"],
    ["mali-news", "crawl", "-s", "MALI_NEWS_REPLAY=/no/such/mirror"],
    ["scrapy", "crawl", "cnn_mali", "-s", "MALI_NEWS_MAX_PAGE_BYTES=abc"],
    ["scrapy", "crawl", "cnn_mali", "-a", "depth=abc"],
    ["scrapy", "crawl", "cnn_mali", "-s", "MALI_NEWS_REPALY=fixtures/site"],
    ["scrapy", "crawl", "cnn_mali", "-s", "DOWNLOAD_DELAYY=1"],
    # Checked before Scrapy opens the file: a traceback otherwise.
    ["scrapy", "crawl", "cnn_mali", "--logfile", "/no/such/folder/crawl.log"],
    ["mali-news", "crawl", "--log-file", "/no/such/folder/crawl.log"],
], ids=lambda command: " ".join(command[1:]))
def test_a_bad_value_ends_the_crawl_before_any_request(command, tmp_path):
    db = tmp_path / "c.sqlite"
    program = [sys.executable, "-m", "mali_news.cli" if command[0] == "mali-news" else "scrapy"]
    result = subprocess.run([*program, *command[1:], "-s", f"MALI_NEWS_DATABASE_URL=sqlite:///{db}"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert result.returncode == 2, result.stderr[-2000:]
    errors = [line for line in result.stderr.splitlines()
              if line.startswith(("setting ", "argument ", "mali-news crawl: ", "scrapy crawl: "))]
    assert len(errors) == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert "Spider opened" not in result.stderr and not db.exists()

"""Scrapy settings for mali_news; every project setting is prefixed MALI_NEWS_."""

import os

from mali_news.reference.gazetteer import topic_words
from mali_news.urls import OTHER_PUBLICATIONS

BOT_NAME = "mali_news"
SPIDER_MODULES = ["mali_news.spiders"]
NEWSPIDER_MODULE = "mali_news.spiders"

# Politeness: CNN is a shared resource and this is a slow, archival crawl.
# USER_AGENT is built by the spider from the version and MALI_NEWS_CONTACT unless set here.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 4
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
RETRY_ENABLED = True
RETRY_TIMES = 3
# Seconds before the first retry of a request, doubled for each next one, at most _MAX.
MALI_NEWS_RETRY_BACKOFF = 2.0
MALI_NEWS_RETRY_BACKOFF_MAX = 60.0
# A server's Retry-After is honoured in full up to this many seconds (an hour): a longer one is
# taken as this long rather than stalling the crawl for days.
MALI_NEWS_RETRY_AFTER_MAX = 3600.0
# Larger pages are not downloaded (DOWNLOAD_MAXSIZE follows this unless set itself).
MALI_NEWS_MAX_PAGE_BYTES = 4 * 1024 * 1024
# Who to contact about the crawl; it goes into the User-Agent of every request.
MALI_NEWS_CONTACT = ""
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"
# `scrapy crawl` answers as `mali-news crawl` does (mali_news/commands/crawl.py).
COMMANDS_MODULE = "mali_news.commands"
FEED_EXPORT_ENCODING = "utf-8"

DOWNLOADER_MIDDLEWARES = {
    # A candidate found through its section is judged on cnn.com's page first: before the
    # Wayback middleware turns it into an archive request.
    "mali_news.downloadermiddlewares.triage.TriageMiddleware": 30,
    # Before robots.txt (100) and offsite (50): they then see the archive's address.
    "mali_news.downloadermiddlewares.wayback.WaybackMiddleware": 40,
    # After it: a page the Wayback Machine lacks comes back as a request for the next archive.
    "mali_news.downloadermiddlewares.commoncrawl.CommonCrawlMiddleware": 45,
    # Retries wait longer each time (and honour Retry-After) instead of hammering a failing host.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "mali_news.downloadermiddlewares.retry.BackoffRetryMiddleware": 550,
    # Only HTML reaches the spider; the gate sees answers after retries and redirects are done.
    "mali_news.downloadermiddlewares.contentgate.ContentGateMiddleware": 560,
    # Sees a response before RedirectMiddleware (600) does.
    "mali_news.downloadermiddlewares.offsiteredirect.OffsiteRedirectMiddleware": 650,
    # Close to the downloader: it archives the bytes as they came, still compressed.
    "mali_news.downloadermiddlewares.warccapture.WarcCaptureMiddleware": 900,
    # Close to the downloader, so retries, redirects and stats still see replayed responses.
    "mali_news.downloadermiddlewares.replay.ReplayMiddleware": 950,
    # Closest to the downloader: it sees every answer of an archive first (a 429 pauses the
    # archive before a retry could be counted) and every request last, as it is sent.
    "mali_news.downloadermiddlewares.archivelimits.ArchiveLimitsMiddleware": 980,
}

# One lane per download slot (each host, each archive endpoint); a lane of an archive waits in
# the scheduler until its endpoint's pace allows the next request and the archive is not paused.
SCHEDULER_PRIORITY_QUEUE = "mali_news.archives.pqueues.PacedPriorityQueue"

SPIDER_MIDDLEWARES = {
    # Closest to the spider: a recently fetched story is never scheduled at all.
    "mali_news.spidermiddlewares.recrawl.RecrawlMiddleware": 950,
    # An off-topic page reached by a link: neither its article nor its links go further.
    "mali_news.spidermiddlewares.topic.TopicMiddleware": 900,
    # What passed the topic rule, from an archive, with -a versions=all: its other captures.
    "mali_news.spidermiddlewares.versions.VersionsMiddleware": 850,
}

ITEM_PIPELINES = {
    "mali_news.pipelines.validate.ValidationPipeline": 100,
    "mali_news.pipelines.byline.BylinePipeline": 200,
    "mali_news.pipelines.highlights.HighlightsPipeline": 210,
    "mali_news.pipelines.body.BodyPipeline": 220,
    "mali_news.pipelines.timestamps.TimestampPipeline": 300,
    "mali_news.pipelines.provenance.ProvenancePipeline": 350,
    "mali_news.pipelines.dedupe.DedupePipeline": 400,
    "mali_news.pipelines.mentions.MentionsPipeline": 500,
    "mali_news.pipelines.quotes.QuotesPipeline": 510,
    "mali_news.pipelines.store.StorePipeline": 900,
}

EXTENSIONS = {
    # The lock comes first: a crawl that cannot take it must change nothing.
    "mali_news.extensions.lock.CrawlLockExtension": 0,
    "mali_news.extensions.failurelog.FailureLogExtension": 300,
    # Seeds fetched, and the spider's requested stories kept in JOBDIR across a pause.
    "mali_news.extensions.crawlstate.CrawlStateExtension": 350,
    "mali_news.extensions.fetchlog.FetchLogExtension": 400,
    # What discovery found and what became of it; progress a person can follow.
    "mali_news.extensions.candidates.CandidatesExtension": 450,
    # The captures an archive served that were not the story, with their status and why.
    "mali_news.extensions.skippedcaptures.SkippedCapturesExtension": 455,
    "mali_news.extensions.progress.ProgressExtension": 460,
    # After the store's last batch: the corpus' recycled paragraphs, found again.
    "mali_news.extensions.background.BackgroundExtension": 470,
    "mali_news.extensions.crawlrun.CrawlRunExtension": 500,
    "mali_news.extensions.worker.WorkerExtension": 600,
}

# Where the corpus goes: any SQLAlchemy URL; the environment variable of the same name wins
# over this default, and -s MALI_NEWS_DATABASE_URL=... over both.
MALI_NEWS_DATABASE_URL = os.environ.get("MALI_NEWS_DATABASE_URL", "sqlite:///mali_news.sqlite")
# Articles written per transaction (whole articles only).
MALI_NEWS_STORE_BATCH_SIZE = 100
# Story pages fetched less than this many seconds ago are not fetched again (0: always fetch).
MALI_NEWS_RECRAWL_AFTER = 24 * 60 * 60
# The lock file that keeps two crawls off one database; empty: beside the SQLite file, or in
# the temp folder for other databases.
MALI_NEWS_LOCK_FILE = ""

# Answer every request from here instead of the network: a wget --mirror style folder, a
# .warc/.warc.gz file, or a folder of WARC files.
MALI_NEWS_REPLAY = ""
# Write every response the crawl receives, with its request, to gzipped WARC files here.
MALI_NEWS_WARC_DIR = ""
# Start a new WARC file when the current one is this large.
MALI_NEWS_WARC_MAX_BYTES = 1024 * 1024 * 1024

# A shared crawl on several machines: the Redis server holding the frontier (scrapy-redis's
# queue and duplicate filter, seeds, stories seen, pages taken), and this worker's name.
MALI_NEWS_REDIS_URL = os.environ.get("MALI_NEWS_REDIS_URL", "")
MALI_NEWS_WORKER_NAME = ""
# The group of workers whose requests reach the archives from one address: they keep each
# archive's pace, pauses and probing together, in Redis (empty: the whole shared crawl is one
# group, "shared"). Workers with addresses of their own name groups of their own, and add paces.
MALI_NEWS_EGRESS = os.environ.get("MALI_NEWS_EGRESS", "")
# The local address the archives' requests leave from, on a machine with several (empty: the
# system's choice). Workers of one machine that leave by different addresses are different
# groups (MALI_NEWS_EGRESS).
MALI_NEWS_BIND_ADDRESS = os.environ.get("MALI_NEWS_BIND_ADDRESS", "")
# Seconds between a worker's heartbeats; a worker silent for three is taken for dead.
MALI_NEWS_WORKER_HEARTBEAT = 5.0
# Seconds a worker waits with nothing to do, anywhere, before it stops (0: never).
MALI_NEWS_WORKER_IDLE_CLOSE = 30.0

# The Wayback Machine, for -a source=wayback, pasted archive addresses and the archive route.
MALI_NEWS_WAYBACK_URL = "https://web.archive.org"
# Its limits, per address: 24 index (CDX) queries a minute, the hard limit the archive set in
# 2024 (the `wayback` library's default since 0.5.1), and 60 captures a minute. Each endpoint is
# paced on its own: a capture never waits behind an index query.
MALI_NEWS_WAYBACK_INDEX_PER_MINUTE = 24.0
MALI_NEWS_WAYBACK_CAPTURES_PER_MINUTE = 60.0
# Common Crawl, for -a source=...,commoncrawl and the commoncrawl discovery route: its URL index
# (a CDX server per crawl), the host of its WARC files, and the crawls that can hold 2012-2013
# pages, earliest first. Its index is one small shared server: 20 queries a minute; records are
# byte ranges of large files, 60 a minute. A 503 "Slow Down" pauses it like a 429.
MALI_NEWS_COMMONCRAWL_INDEX_URL = "https://index.commoncrawl.org"
MALI_NEWS_COMMONCRAWL_DATA_URL = "https://data.commoncrawl.org"
MALI_NEWS_COMMONCRAWL_CRAWLS = "CC-MAIN-2012,CC-MAIN-2013-20,CC-MAIN-2013-48,CC-MAIN-2014-10"
MALI_NEWS_COMMONCRAWL_INDEX_PER_MINUTE = 20.0
MALI_NEWS_COMMONCRAWL_DATA_PER_MINUTE = 60.0
# The archive's own 429 or 503 (not a memento's: that is the page's answer from 2013) pauses all
# of it for its Retry-After, else this many seconds. Only while the first requests after a pause
# are refused again does the pause double, up to _MAX, and the endpoint's pace halve (it climbs
# back after a clean minute). The archive's staff: 429s ignored for over a minute get the
# address blocked at its firewall for an hour.
MALI_NEWS_ARCHIVE_PAUSE = 60.0
MALI_NEWS_ARCHIVE_PAUSE_MAX = 960.0
# An archive that refuses, drops or times out connections is probed, at growing intervals, for
# up to this many seconds (the archive's block lasts an hour) before the crawl ends and leaves
# what is left for the next run.
MALI_NEWS_ARCHIVE_BLOCKED_WAIT = 3600.0
# Seconds a query of the archive's index may take (it scans every capture under its prefix)
# before the same query over narrower spans replaces it: a year by its months, a month by tens
# of days.
MALI_NEWS_ARCHIVE_INDEX_TIMEOUT = 90.0
# Judge a candidate found through its section on cnn.com's re-served page before asking the
# archive for it (only what passes the topic rule, or cannot be judged, is fetched there).
MALI_NEWS_LIVE_TRIAGE = True

# Where story addresses come from (-a discover=...): links (the seed's links, two hops),
# sitemaps (CNN's monthly sitemaps), archive (the Wayback Machine's index), or all.
MALI_NEWS_DISCOVER = "links"
# The sitemap index is read from these robots.txt files' Sitemap: lines, unless the sitemaps
# (an index or monthly ones) are named here.
MALI_NEWS_SITEMAP_ROBOTS = ["https://www.cnn.com/robots.txt"]
MALI_NEWS_SITEMAP_URLS: list[str] = []
# Sections where CNN filed Mali stories whose address names no place (france-troops-...): a
# sitemap or archive address under one of them is a candidate whatever its slug.
MALI_NEWS_DISCOVERY_SECTIONS = ["world/africa"]
# The archive route's prefix queries, month by month over MALI_NEWS_DATE_RANGE: stories on each
# host (the index keys www. and edition. apart), each blog's posts, each host's transcripts.
MALI_NEWS_ARCHIVE_STORY_HOSTS = ["cnn.com", "edition.cnn.com"]
MALI_NEWS_ARCHIVE_BLOG_HOSTS = [
    "news.blogs.cnn.com", "security.blogs.cnn.com", "globalpublicsquare.blogs.cnn.com",
    "outfront.blogs.cnn.com", "ac360.blogs.cnn.com", "amanpour.blogs.cnn.com",
]
MALI_NEWS_ARCHIVE_TRANSCRIPT_HOSTS = ["cnn.com", "edition.cnn.com", "transcripts.cnn.com"]
# A transcript's address names no subject, only its show: the shows whose transcripts are
# fetched and judged by the topic rule (empty: every show, thousands of pages a month). These
# carried the Mali coverage: Amanpour, OutFront, Newsroom, AC360, GPS, The Situation Room,
# Connect the World, CNN International's desk.
MALI_NEWS_ARCHIVE_TRANSCRIPT_SHOWS = ["ampr", "ebo", "cnr", "acd", "fzgps", "sitroom", "ctw", "i_ins"]
# Lines per page of the archive's answers (it pages on with a resume key).
MALI_NEWS_ARCHIVE_PAGE_SIZE = 1000
# Seconds between the progress lines in the log (0: none); on a terminal, mali-news crawl
# also shows a progress bar (MALI_NEWS_PROGRESS_BAR).
MALI_NEWS_PROGRESS_INTERVAL = 60.0
MALI_NEWS_PROGRESS_BAR = False
# A progress line whose figures did not change since the last one is written only after this many
# seconds (a crawl waiting out an archive for an hour writes 6 lines, not 60).
MALI_NEWS_PROGRESS_QUIET = 600.0
# A summary when the crawl ends (stored, dropped and failed by reason, the corpus, what next):
# set by mali-news crawl and scrapy crawl on a terminal; under cron a good crawl prints nothing.
MALI_NEWS_SUMMARY = False

# Publications on cnn.com hosts that are not CNN's news (a host counts with every host under
# it): their pages are never stored, and are counted as mali_news/dropped/other_publication.
# Stories and blog posts come from www.cnn.com, edition.cnn.com, the *.blogs.cnn.com blogs and
# CNN's transcripts.
MALI_NEWS_OTHER_PUBLICATIONS = list(OTHER_PUBLICATIONS)

MALI_NEWS_SEED_URLS = ["http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html"]
MALI_NEWS_DEPTH = 2

# The topic rule (mali_news/reference/topic.py). Strong words name the conflict; weak ones are common
# elsewhere (a Mr. Gao, Niger's Sahel) and count only beside a strong one. Both lists are
# reference data (mali_news/data/topic.csv), beside the places and actors whose names they are.
MALI_NEWS_TOPIC_STRONG = list(topic_words("strong"))
MALI_NEWS_TOPIC_WEAK = list(topic_words("weak"))
# A strong word in the title weighs this much, in the text 1; a weak word beside a strong one
# MALI_NEWS_TOPIC_WEAK_WEIGHT. A page is on topic from MALI_NEWS_TOPIC_MIN_SCORE.
MALI_NEWS_TOPIC_TITLE_WEIGHT = 3.0
MALI_NEWS_TOPIC_WEAK_WEIGHT = 0.5
MALI_NEWS_TOPIC_MIN_SCORE = 2.0
# The days a page reached by a link must fall in (start URLs are always stored): FIRST..LAST,
# either end may be left open. A page whose date is unknown is kept.
MALI_NEWS_DATE_RANGE = "2012-01-01..2013-12-31"
# After a crawl that stored stories, mark the paragraphs that recur (nearly) word for word in
# an earlier story as recycled background (paragraph_clusters; `mali-news enrich` does it too).
MALI_NEWS_FIND_BACKGROUND = True

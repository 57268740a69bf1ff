"""Request meta keys that more than one module reads or writes."""

# The request is for a start URL (always stored, always fetched, counted as a seed).
SEED = "mali_news_seed"
# How many links away from a start URL the page is.
HOPS = "mali_news_hops"
# A request for a page's archived copy, and which (the key's text keeps its name from before Common
# Crawl, so that a paused crawl's saved requests still read): {"timestamp": "..."} for one capture
# (a pasted archive address, or one the index named); {"date": "YYYYMMDD"} for the capture nearest
# that date; {"date": "", "near": "..."} for the first capture after the page's own day, or, for an
# address that names no day, the one nearest the capture of the page that linked to it.
ARCHIVE_REQUEST = "mali_news_wayback"
# Its "archives" key: the archives to ask, in order of preference (["wayback"] when absent); a
# page one of them lacks, or cannot give while it is out of reach, is asked of the next. Its
# "record" key: the Common Crawl Record its index named (read at once, without a lookup).
# Set by the Wayback middleware: "playback" or "capture" while a capture is fetched, "cdx" while
# the archive's index is asked.
WAYBACK_STAGE = "mali_news_wayback_stage"
# Set by an archive's middleware while it asks for a page: the page's own address (the key's text
# is from before Common Crawl, for paused crawls).
ORIGINAL = "mali_news_wayback_original"
# Set by an archive's middleware on the page it gives: the capture it was read from (an
# archives.capture.Capture), which the parser puts on the item and the store writes as it is.
CAPTURE = "mali_news_capture"
# Set with it by the Wayback middleware: the story's CNN addresses its archived redirects went
# through.
ADDRESSES = "mali_news_addresses"
# The captures of the story that were not the story (an archived error, a redirect elsewhere, a
# loop): [{"archive", "capture_url", "status", "reason"}], carried from archive to archive.
SKIPPED = "mali_news_skipped_captures"
# Set by the Common Crawl middleware: the record it is reading (an archives.commoncrawl.Record).
COMMONCRAWL_RECORD = "mali_news_commoncrawl_record"
# Set by the Common Crawl middleware: "index" while a crawl's index is asked, "data" while a record
# is fetched.
COMMONCRAWL_STAGE = "mali_news_commoncrawl_stage"
# Set by the paced queue: the lane token a request was let go with, and when (the archive middleware
# gives the token back when the answer comes).
LANE_TOKEN = "mali_news_lane_token"
LANE_TAKEN_AT = "mali_news_lane_taken_at"
# A request that only asks whether an archive can be reached at all (no pacing, no retries).
PROBE = "mali_news_probe"
# Set by a middleware that gives a request up (IgnoreRequest): its reason ("no_capture").
FAILURE = "mali_news_failure"
# The discovery route whose answer a sitemap, robots.txt or index page is ("sitemaps", "wayback").
DISCOVERY_ROUTE = "mali_news_discovery_route"
# The discovery route that found the page ("sitemaps", "wayback", "commoncrawl"): it is a candidate.
DISCOVERED = "mali_news_discovered"
# Why a discovery route took the page for a candidate: "slug" (a topic word in its address),
# "caption", "section", "show" (a transcript's address names only its show) or "index".
CANDIDATE_WHY = "mali_news_candidate_why"
# Set by the triage middleware while a candidate's live page on cnn.com is judged: the archive
# fetch (ARCHIVE_REQUEST) that waits for the verdict; then the verdict the archive fetch came with.
TRIAGE = "mali_news_triage"
TRIAGE_URL = "mali_news_triage_url"
TRIAGED = "mali_news_triaged"
# Set by a middleware that leaves a page on purpose (off topic, judged on its live page): the
# reason, so that it is recorded as dropped, not failed.
DROPPED = "mali_news_dropped"
# A request for another archived version of a story (-a versions=all): its links are not followed
# and it asks for no more versions.
VERSION = "mali_news_version"
# Set by the spider on a parsed page's response: (title, text, published) for the topic middleware.
TOPIC = "mali_news_topic"
# How many times a shared crawl has put the page back in its queue because its article could
# not be stored.
STORE_RETRIES = "mali_news_store_retries"
# What a request needs to be made again by another worker of a shared crawl.
CLAIMED = (HOPS, SEED, ARCHIVE_REQUEST, STORE_RETRIES, DISCOVERED, CANDIDATE_WHY)

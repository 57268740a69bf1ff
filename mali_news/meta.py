"""Request meta keys that more than one module reads or writes."""

# The request is for a start URL (always stored, always fetched, counted as a seed).
SEED = "mali_news_seed"
# How many links away from a start URL the page is.
HOPS = "mali_news_hops"
# Where the page is read from the Wayback Machine: {"date": "YYYYMMDD"} for the capture nearest
# that date, {"timestamp": "..."} for one capture (a pasted archive address).
WAYBACK = "mali_news_wayback"
# Set by the Wayback middleware: "cdx" while the archive's index is asked, then "capture".
WAYBACK_STAGE = "mali_news_wayback_stage"
# Set by the Wayback middleware: the original address, the capture's address and timestamp.
WAYBACK_ORIGINAL = "mali_news_wayback_original"
CAPTURE_URL = "mali_news_capture_url"
CAPTURED_AT = "mali_news_captured_at"
# Set by a middleware that gives a request up (IgnoreRequest): its reason ("no_capture").
FAILURE = "mali_news_failure"
# The discovery route that found the page ("sitemaps", "archive"): it is a candidate.
DISCOVERED = "mali_news_discovered"
# Set by the spider on a parsed page's response: (title, text, published) for the topic middleware.
TOPIC = "mali_news_topic"
# How many times a shared crawl has put the page back in its queue because its article could
# not be stored.
STORE_RETRIES = "mali_news_store_retries"
# What a request needs to be made again by another worker of a shared crawl.
CLAIMED = (HOPS, SEED, WAYBACK, STORE_RETRIES, DISCOVERED)

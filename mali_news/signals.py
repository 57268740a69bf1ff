"""The project's own signals."""

# Sent by the store pipeline after a batch is committed: urls=[canonical URLs written or found
# unchanged], sources=[the addresses they were fetched from]. The shared frontier releases
# those stories' claims then, not before.
articles_stored = object()

# Sent by the store pipeline for articles it could not store: urls=[canonical URLs],
# sources=[the addresses they were fetched from], errors=["<exception>: <message>"]. A shared
# crawl puts their pages back in the queue instead of marking them done.
articles_failed = object()

# Sent by a discovery route for each address it finds: url=the story's key, found_url=the
# address as found, source="sitemaps", "wayback" or "commoncrawl", capture=the capture it named
# (or None), why="slug", "section", ...
candidate_found = object()

# Sent when a page is left without an article: url=its key, status="dropped" (off_topic,
# out_of_window, unparsable, unknown_layout, robots_disallowed ...), "failed" (http_404,
# no_capture, not_the_story ...) or "followed" (a hub, read for its links), reason=that word.
page_left = object()

# Sent when an archive is paused (a 429 or 503) or found out of reach: archive="wayback",
# until=the moment it may be asked again (time.monotonic(); inf while it is probed). What waits to
# be written is written now, not after a pause that may last an hour.
archive_paused = object()

# Sent by an index route when it starts a new pass over an index: source="wayback",
# planned={listing key: ListingState}. The previous pass's records are replaced.
listings_planned = object()

# Sent by an index route as it reads an index query: key=the listing's key, state=its
# ListingState (resume key, status, pages and candidates so far).
listing_progress = object()

# Sent by an archive middleware for each capture it served that is not the story: url=the
# story's key, archive="wayback", capture_url, status=the page's status then (or the archive's
# own), reason="archived_503", "archived_redirect_elsewhere", "redirect_loop" ...
capture_skipped = object()

"""The project's own signals."""

# Sent by the store pipeline after a batch is committed: urls=[canonical URLs written or found
# unchanged]. The shared frontier releases those stories' claims then, not before.
articles_stored = object()

# Sent by the store pipeline for articles it could not store: urls=[canonical URLs],
# sources=[the addresses they were fetched from], errors=["<exception>: <message>"]. A shared
# crawl puts their pages back in the queue instead of marking them done.
articles_failed = object()

"""The project's own signals."""

# Sent by the store pipeline after a batch is committed: urls=[canonical URLs written or found
# unchanged]. The shared frontier releases those stories' claims then, not before.
articles_stored = object()

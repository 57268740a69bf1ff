"""The web archives: their protocols, pace and hand-over, and the capture a page was read from."""

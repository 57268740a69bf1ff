"""The crawl's settings beyond settings.py: their checks, and the settings derived from them."""

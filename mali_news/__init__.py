"""Crawl CNN's coverage of the 2012-2013 Mali conflict into a research corpus."""

__version__ = "0.1.0"

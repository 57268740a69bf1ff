"""Crawler extensions."""

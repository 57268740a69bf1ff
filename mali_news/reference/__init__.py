"""Bundled reference data: the gazetteer, the actors, the key dates, and finding them in text."""

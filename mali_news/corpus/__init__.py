"""Reading the stored corpus: statistics, search, exports and the visual report."""

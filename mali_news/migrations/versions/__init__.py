"""One small, named revision per schema change."""

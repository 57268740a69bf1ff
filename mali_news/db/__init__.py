"""The corpus database: models, engine and writes."""

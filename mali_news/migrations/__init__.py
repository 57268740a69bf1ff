"""Alembic migrations of the corpus schema, shipped in the package."""

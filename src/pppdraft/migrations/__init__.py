"""Alembic migrations of the drafts database (`Store` runs them on opening a database)."""

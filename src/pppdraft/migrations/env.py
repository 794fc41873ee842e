"""Alembic environment: runs on the connection `Store` hands over (never a config file)."""

from __future__ import annotations

from alembic import context

from pppdraft.store import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
)
with context.begin_transaction():
    context.run_migrations()

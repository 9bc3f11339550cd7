"""Alembic environment: runs against the portal's own engine and metadata."""
from __future__ import annotations

from alembic import context

from portal.extensions import db
from portal.search.fulltext import modelled

config = context.config
connection = config.attributes["connection"]
context.configure(connection=connection, target_metadata=db.metadata, render_as_batch=True,
                  compare_type=True, include_name=modelled)
with context.begin_transaction():
    context.run_migrations()

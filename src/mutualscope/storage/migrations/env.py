"""Alembic environment: always driven through mutualscope.storage.schema with a connection."""

from __future__ import annotations

from alembic import context

from mutualscope.storage.fulltext import include_name
from mutualscope.storage.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable when run outside mutualscope
    raise RuntimeError("run migrations through `mutualscope db upgrade`")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()

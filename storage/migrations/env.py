"""Alembic environment: runs on the connection storage.schema hands over."""

from __future__ import annotations

from alembic import context

from storage.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through storage.schema.upgrade(engine)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    # Each migration commits with the alembic_version row that records it.
    transaction_per_migration=True,
)
with context.begin_transaction():
    context.run_migrations()

"""PostgreSQL: an index of the essays newest first, for search to walk.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29

A search ordered newest first (``published_at DESC NULLS LAST, id DESC``)
for a common term walks the essays in that order and stops at its limit.
The ``published_at`` index read backwards gives NULLS FIRST, so PostgreSQL
could not walk it for this order and sorted every match instead. SQLite
puts NULLs first in ascending order: its backwards walk of ``published_at``
is already this order.
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX ix_articles_newest ON articles (published_at DESC NULLS LAST, id DESC)"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_articles_newest")

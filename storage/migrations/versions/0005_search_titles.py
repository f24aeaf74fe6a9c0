"""PostgreSQL search: the titles' tokens in a table of their own, under a GIN index.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29

Relevance puts title matches first, newest first, and reads
``essay_search_titles`` for it, never a document (some 20 kB each in
TOAST: ranking every match by ``ts_rank`` over them took 3 s for a term in
every essay of 100,000). A table rather than a column: adding a column
would rewrite every row of ``essay_search`` and so insert each into its
GIN index again, posting by posting (over 10 minutes for 100,000 essays).
It is filled from the titles of the essays indexed so far (whatever form
their documents have). SQLite has nothing to change.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE TABLE essay_search_titles ("
        " search_rowid BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,"
        " title TSVECTOR NOT NULL)"
    )
    # Imported here: only an archive being upgraded needs the indexer.
    from storage.search.backend import copy_rows
    from storage.search.text import tsvector_literal

    session = Session(bind=op.get_bind())
    titles = session.execute(
        sa.text(
            "SELECT s.search_rowid, a.title FROM essay_search s"
            " JOIN articles a ON a.id = s.search_rowid"
        )
    ).all()
    copy_rows(
        session,
        "essay_search_titles (search_rowid, title)",
        ((rowid, tsvector_literal(title)) for rowid, title in titles),
    )
    op.execute("CREATE INDEX ix_essay_search_titles_title ON essay_search_titles USING GIN (title)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE essay_search_titles")

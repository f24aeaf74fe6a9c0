"""Chinese full-text search and the public views analysts query.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29

The search table is backend-specific (FTS5 on SQLite, a GIN-indexed
tsvector on PostgreSQL); ``essay_search_rows`` says which search row holds
each essay. The views ``essays`` and ``essay_copies`` are the stable public
schema (with the ``crawl_runs`` table): one SQL text for both backends but
the day of publication, which is computed in Beijing time by each
backend's own date function. The essays an archive already holds are
indexed by ``storage.schema.upgrade`` once the schema is at its head.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

BEIJING_DAY = {
    "sqlite": "strftime('%Y-%m-%d', a.published_at, '+8 hours')",
    "postgresql": "to_char(a.published_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')",
}

ESSAYS_VIEW = """
CREATE VIEW essays AS
SELECT
    a.id,
    a.url,
    a.title,
    c.name AS category,
    a.published_at,
    {day} AS published_day,
    substr({day}, 1, 7) AS published_month,
    a.date_precision,
    a.date_source,
    a.raw_date,
    a.date_problem,
    a.pages,
    length(a.body) AS characters,
    (SELECT count(*) FROM articles AS d WHERE d.duplicate_of_id = a.id) AS copies,
    a.content_hash,
    a.first_fetched_at,
    a.last_fetched_at,
    a.last_seen_at,
    a.gone_at,
    a.body
FROM articles AS a
LEFT JOIN categories AS c ON c.id = a.category_id
WHERE a.duplicate_of_id IS NULL
"""

ESSAY_COPIES_VIEW = """
CREATE VIEW essay_copies AS
SELECT
    d.id AS copy_id,
    d.url AS copy_url,
    d.title AS copy_title,
    dc.name AS copy_category,
    d.duplicate_kind AS kind,
    d.similarity,
    a.id AS essay_id,
    a.url AS essay_url,
    a.title AS essay_title,
    ac.name AS essay_category
FROM articles AS d
JOIN articles AS a ON a.id = d.duplicate_of_id
LEFT JOIN categories AS dc ON dc.id = d.category_id
LEFT JOIN categories AS ac ON ac.id = a.category_id
"""

SEARCH_TABLE = {
    "sqlite": (
        "CREATE VIRTUAL TABLE essay_search USING fts5("
        "body, title, content='', tokenize='unicode61 remove_diacritics 0')",
    ),
    "postgresql": (
        "CREATE TABLE essay_search ("
        " search_rowid BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,"
        " document TSVECTOR NOT NULL)",
        "CREATE INDEX ix_essay_search_document ON essay_search USING GIN (document)",
    ),
}


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        "essay_search_rows",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("search_rowid", sa.BigInteger(), nullable=False),
        sa.Column("signature", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_essay_search_rows_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_essay_search_rows")),
        sa.UniqueConstraint("search_rowid", name=op.f("uq_essay_search_rows_search_rowid")),
    )
    for statement in SEARCH_TABLE[dialect]:
        op.execute(statement)
    op.execute(ESSAYS_VIEW.format(day=BEIJING_DAY[dialect]))
    op.execute(ESSAY_COPIES_VIEW)
    # The essays already archived are indexed by storage.schema.upgrade once
    # the schema is at its head: the indexer writes today's search tables,
    # which later migrations change.


def downgrade() -> None:
    op.execute("DROP VIEW essay_copies")
    op.execute("DROP VIEW essays")
    op.execute("DROP TABLE essay_search")
    op.drop_table("essay_search_rows")

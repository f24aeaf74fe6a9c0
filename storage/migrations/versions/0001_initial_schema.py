"""Initial schema: essays, their pages, categories, dedupe index, crawl runs, failures.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "categories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_categories")),
        sa.UniqueConstraint("name", name=op.f("uq_categories_name")),
    )
    op.create_table(
        "crawl_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("spider", sa.String(length=100), nullable=False),
        sa.Column(
            "started_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=20), server_default="running", nullable=False),
        sa.Column("finish_reason", sa.Text(), nullable=True),
        sa.Column("arguments", sa.JSON(), nullable=False),
        sa.Column("stats", sa.JSON(), nullable=True),
        sa.Column("host", sa.String(length=255), nullable=True),
        sa.Column("pid", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crawl_runs")),
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("raw_date", sa.Text(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("date_precision", sa.String(length=10), nullable=True),
        sa.Column("date_source", sa.String(length=10), server_default="none", nullable=False),
        sa.Column("date_problem", sa.String(length=40), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("minhash", sa.LargeBinary(), nullable=True),
        sa.Column("duplicate_of_id", sa.Integer(), nullable=True),
        sa.Column("duplicate_kind", sa.String(length=10), nullable=True),
        sa.Column("similarity", sa.Double(), nullable=True),
        sa.Column("pages", sa.Integer(), server_default="1", nullable=False),
        sa.Column("first_fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["category_id"], ["categories.id"], name=op.f("fk_articles_category_id_categories")
        ),
        sa.ForeignKeyConstraint(
            ["duplicate_of_id"], ["articles.id"], name=op.f("fk_articles_duplicate_of_id_articles")
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["crawl_runs.id"], name=op.f("fk_articles_run_id_crawl_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
        sa.UniqueConstraint("url", name=op.f("uq_articles_url")),
    )
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_articles_category_id"), ["category_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_articles_content_hash"), ["content_hash"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_articles_duplicate_of_id"), ["duplicate_of_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_articles_published_at"), ["published_at"], unique=False
        )

    op.create_table(
        "failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=100), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default="1", nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["run_id"], ["crawl_runs.id"], name=op.f("fk_failures_run_id_crawl_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_failures")),
        sa.UniqueConstraint("url", name=op.f("uq_failures_url")),
    )
    with op.batch_alter_table("failures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_failures_reason"), ["reason"], unique=False)
        batch_op.create_index(batch_op.f("ix_failures_run_id"), ["run_id"], unique=False)

    op.create_table(
        "article_pages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("page_no", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("encoding", sa.String(length=40), nullable=False),
        sa.Column("html_zlib", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_pages_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article_pages")),
        sa.UniqueConstraint("article_id", "page_no", name=op.f("uq_article_pages_article_id")),
    )
    op.create_table(
        "canonical_hashes",
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_canonical_hashes_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("content_hash", name=op.f("pk_canonical_hashes")),
    )
    op.create_table(
        "minhash_bands",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("band", sa.Integer(), nullable=False),
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_minhash_bands_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minhash_bands")),
    )
    with op.batch_alter_table("minhash_bands", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_minhash_bands_article_id"), ["article_id"], unique=False
        )
        batch_op.create_index("ix_minhash_bands_key_band", ["key", "band"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("minhash_bands", schema=None) as batch_op:
        batch_op.drop_index("ix_minhash_bands_key_band")
        batch_op.drop_index(batch_op.f("ix_minhash_bands_article_id"))

    op.drop_table("minhash_bands")
    op.drop_table("canonical_hashes")
    op.drop_table("article_pages")
    with op.batch_alter_table("failures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_failures_run_id"))
        batch_op.drop_index(batch_op.f("ix_failures_reason"))

    op.drop_table("failures")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_articles_published_at"))
        batch_op.drop_index(batch_op.f("ix_articles_duplicate_of_id"))
        batch_op.drop_index(batch_op.f("ix_articles_content_hash"))
        batch_op.drop_index(batch_op.f("ix_articles_category_id"))

    op.drop_table("articles")
    op.drop_table("crawl_runs")
    op.drop_table("categories")

"""Scheduled crawls: essay versions, gone/seen marks, validators, run counts.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

RUN_COUNTS = (
    "pages_fetched",
    "essays_new",
    "essays_updated",
    "essays_unchanged",
    "essays_gone",
    "copies",
    "failures",
    "retries",
)


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch_op:
        batch_op.add_column(sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("gone_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("etag", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("last_modified", sa.Text(), nullable=True))
    op.execute("UPDATE articles SET last_seen_at = last_fetched_at")
    op.create_table(
        "essay_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_essay_versions_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["crawl_runs.id"], name=op.f("fk_essay_versions_run_id_crawl_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_essay_versions")),
        sa.UniqueConstraint("article_id", "version", name=op.f("uq_essay_versions_article_id")),
    )
    op.create_index(
        op.f("ix_essay_versions_article_id"), "essay_versions", ["article_id"], unique=False
    )
    with op.batch_alter_table("crawl_runs") as batch_op:
        batch_op.add_column(sa.Column("job", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("exit_code", sa.Integer(), nullable=True))
        for name in RUN_COUNTS:
            batch_op.add_column(sa.Column(name, sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(
            sa.Column("bytes_received", sa.BigInteger(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("failure_reasons", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("category_entries", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("health_problems", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("crawl_runs") as batch_op:
        for name in (
            "health_problems",
            "category_entries",
            "failure_reasons",
            "bytes_received",
            *reversed(RUN_COUNTS),
            "exit_code",
            "job",
        ):
            batch_op.drop_column(name)
    op.drop_index(op.f("ix_essay_versions_article_id"), table_name="essay_versions")
    op.drop_table("essay_versions")
    with op.batch_alter_table("articles") as batch_op:
        for name in ("last_modified", "etag", "gone_at", "last_seen_at"):
            batch_op.drop_column(name)

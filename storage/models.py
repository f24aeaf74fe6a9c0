"""The archive's tables as SQLAlchemy 2.x typed models.

One schema serves SQLite and PostgreSQL: no dialect-specific column types;
timestamps are timezone-aware (SQLite stores them as ISO strings with their
offset, PostgreSQL as ``timestamptz``). Constraint names follow the metadata's
naming convention so Alembic migrations can refer to them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class AwareDateTime(TypeDecorator[datetime]):
    """A timezone-aware instant on every backend.

    SQLite has no timestamp type and SQLAlchemy's SQLite DateTime drops the
    offset, so instants are stored in UTC and read back as UTC-aware values.
    PostgreSQL's timestamptz does the same natively.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: the archive stores instants only")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: AwareDateTime(),
        dict[str, Any]: JSON,
    }


class Category(Base):
    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    url: Mapped[str | None] = mapped_column(Text)


class Article(Base):
    """One archived essay page (a canonical essay or a copy of one)."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    title: Mapped[str] = mapped_column(Text)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"), index=True)
    # NULL for an exact copy: its body is its canonical's body.
    body: Mapped[str | None] = mapped_column(Text)
    raw_date: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(index=True)
    date_precision: Mapped[str | None] = mapped_column(String(10))
    date_source: Mapped[str] = mapped_column(String(10), server_default="none")
    date_problem: Mapped[str | None] = mapped_column(String(40))
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"), index=True)
    duplicate_kind: Mapped[str | None] = mapped_column(String(10))
    similarity: Mapped[float | None]
    pages: Mapped[int] = mapped_column(Integer, server_default="1")
    first_fetched_at: Mapped[datetime]
    last_fetched_at: Mapped[datetime]
    # The last time a crawl saw the page answer with this essay (changed or not).
    last_seen_at: Mapped[datetime | None]
    # Set when the page answers 404 or a soft 404; the essay is kept, never deleted.
    gone_at: Mapped[datetime | None]
    # HTTP validators of the first page, sent back on refresh (If-None-Match / -Modified-Since).
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))


class EssayVersion(Base):
    """One text an essay had. Rows exist only for essays whose text changed:
    the first change writes the old text as version 1 and the new as version 2.
    """

    __tablename__ = "essay_versions"
    __table_args__ = (UniqueConstraint("article_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int]
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    fetched_at: Mapped[datetime]
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))


class ArticlePage(Base):
    """The raw HTML of one page of an essay, zlib-compressed, for re-cleaning."""

    __tablename__ = "article_pages"
    __table_args__ = (UniqueConstraint("article_id", "page_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    page_no: Mapped[int]
    url: Mapped[str] = mapped_column(Text)
    encoding: Mapped[str] = mapped_column(String(40))
    html_zlib: Mapped[bytes] = mapped_column(LargeBinary)


class CanonicalHash(Base):
    """Which article is canonical for a content hash.

    The primary key makes "first writer wins" a database guarantee: two
    workers storing two exact copies at once cannot both become canonical.
    """

    __tablename__ = "canonical_hashes"

    content_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))


class MinhashBand(Base):
    """LSH band keys of canonical essays: near-copy candidates by index lookup."""

    __tablename__ = "minhash_bands"
    # Key first: candidates are looked up by "key IN (...)", one index probe a band.
    __table_args__ = (Index("ix_minhash_bands_key_band", "key", "band"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    band: Mapped[int]
    key: Mapped[int] = mapped_column(BigInteger)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )


class CrawlRun(Base):
    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    spider: Mapped[str] = mapped_column(String(100))
    started_at: Mapped[datetime] = mapped_column(server_default=func.now())
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20), server_default="running")
    finish_reason: Mapped[str | None] = mapped_column(Text)
    arguments: Mapped[dict[str, Any]] = mapped_column(default=dict)
    stats: Mapped[dict[str, Any] | None]
    host: Mapped[str | None] = mapped_column(String(255))
    pid: Mapped[int | None]
    job: Mapped[str | None] = mapped_column(String(200))
    exit_code: Mapped[int | None]
    # Counts, kept as columns so the crawl_runs view and SQL can read them.
    pages_fetched: Mapped[int] = mapped_column(Integer, server_default="0")
    essays_new: Mapped[int] = mapped_column(Integer, server_default="0")
    essays_updated: Mapped[int] = mapped_column(Integer, server_default="0")
    essays_unchanged: Mapped[int] = mapped_column(Integer, server_default="0")
    essays_gone: Mapped[int] = mapped_column(Integer, server_default="0")
    copies: Mapped[int] = mapped_column(Integer, server_default="0")
    failures: Mapped[int] = mapped_column(Integer, server_default="0")
    retries: Mapped[int] = mapped_column(Integer, server_default="0")
    bytes_received: Mapped[int] = mapped_column(BigInteger, server_default="0")
    failure_reasons: Mapped[dict[str, Any] | None]
    # List entries seen per category: a category that drops to zero means the markup changed.
    category_entries: Mapped[dict[str, Any] | None]
    health_problems: Mapped[dict[str, Any] | None]


class Failure(Base):
    """A URL that did not become an archived essay, with the latest reason."""

    __tablename__ = "failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    status: Mapped[int | None]
    reason: Mapped[str] = mapped_column(String(100), index=True)
    detail: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, server_default="1")
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    resolved_at: Mapped[datetime | None]

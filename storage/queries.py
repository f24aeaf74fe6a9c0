"""Reading the archive: the records people export and inspect."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from storage.models import Article, Category, Failure


@dataclass(frozen=True)
class ExportRecord:
    url: str
    title: str
    category: str | None
    published_at: datetime | None
    date_precision: str | None
    raw_date: str | None
    body: str
    pages: int
    content_hash: str
    duplicate_of: str | None
    duplicate_kind: str | None
    fetched_at: datetime


def export_records(session: Session, batch_size: int = 500) -> Iterator[ExportRecord]:
    """Every archived essay, copies included, in URL order, streamed."""
    canonical = aliased(Article)
    statement = (
        select(
            Article.url,
            Article.title,
            Category.name,
            Article.published_at,
            Article.date_precision,
            Article.raw_date,
            # An exact copy's body is its canonical's.
            func.coalesce(Article.body, canonical.body, ""),
            Article.pages,
            Article.content_hash,
            canonical.url,
            Article.duplicate_kind,
            Article.last_fetched_at,
        )
        .outerjoin(Category, Article.category_id == Category.id)
        .outerjoin(canonical, Article.duplicate_of_id == canonical.id)
        .order_by(Article.url)
        .execution_options(yield_per=batch_size)
    )
    for row in session.execute(statement):
        yield ExportRecord(*row)  # type: ignore[call-arg]  # row columns in field order


def failure_counts(session: Session) -> dict[str, int]:
    """Unresolved failures by reason."""
    rows = session.execute(
        select(Failure.reason, func.count())
        .where(Failure.resolved_at.is_(None))
        .group_by(Failure.reason)
        .order_by(Failure.reason)
    )
    return {reason: count for reason, count in rows}


@dataclass(frozen=True)
class ClusterMember:
    url: str
    title: str
    category: str | None
    kind: str | None  # None for the canonical essay
    similarity: float | None


@dataclass(frozen=True)
class Cluster:
    canonical: ClusterMember
    copies: list[ClusterMember]


def duplicate_clusters(session: Session, limit: int | None = None) -> list[Cluster]:
    """Canonical essays with their copies, largest cluster first."""
    sizes = (
        select(Article.duplicate_of_id.label("canonical_id"), func.count().label("copies"))
        .where(Article.duplicate_of_id.is_not(None))
        .group_by(Article.duplicate_of_id)
        .subquery()
    )
    order = select(sizes.c.canonical_id).order_by(sizes.c.copies.desc(), sizes.c.canonical_id)
    canonical_ids = list(session.scalars(order.limit(limit) if limit else order))
    if not canonical_ids:
        return []
    member_rows = session.execute(
        select(
            Article.id,
            Article.duplicate_of_id,
            Article.url,
            Article.title,
            Category.name,
            Article.duplicate_kind,
            Article.similarity,
        )
        .outerjoin(Category, Article.category_id == Category.id)
        .where(Article.id.in_(canonical_ids) | Article.duplicate_of_id.in_(canonical_ids))
        .order_by(Article.url)
    )
    canonicals: dict[int, ClusterMember] = {}
    copies: dict[int, list[ClusterMember]] = {}
    for article_id, canonical_id, url, title, category, kind, similarity in member_rows:
        member = ClusterMember(url, title, category, kind, similarity)
        if canonical_id is None:
            canonicals[article_id] = member
        else:
            copies.setdefault(canonical_id, []).append(member)
    return [Cluster(canonicals[cid], copies[cid]) for cid in canonical_ids if cid in canonicals]

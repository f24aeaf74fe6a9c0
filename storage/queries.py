"""Reading the archive: the records people export and inspect."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, aliased

from storage.models import Article, Category, EssayVersion, Failure
from storage.search.query import EssayFilter, filter_clauses, matching_ids, needs_check


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


def export_records(
    session: Session, essay_filter: EssayFilter | None = None, batch_size: int = 500
) -> Iterator[ExportRecord]:
    """The essays the filter keeps (all, copies included, without one), in URL order, streamed."""
    essay_filter = essay_filter or EssayFilter(include_duplicates=True)
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
        .where(*filter_clauses(essay_filter))
        .order_by(Article.url)
        .execution_options(yield_per=batch_size)
    )
    query = essay_filter.query
    if query is not None:
        statement = statement.where(Article.id.in_(matching_ids(session, query)))
    check = query is not None and needs_check(session, query)
    for row in session.execute(statement):
        record = ExportRecord(*row)  # type: ignore[call-arg]  # row columns in field order
        if not check or (query is not None and query.matches(record.title, record.body)):
            yield record


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


@dataclass(frozen=True)
class VersionRecord:
    version: int
    title: str
    body: str
    content_hash: str
    fetched_at: datetime


@dataclass(frozen=True)
class CopyRecord:
    url: str
    title: str
    category: str | None
    kind: str | None
    similarity: float | None


@dataclass(frozen=True)
class EssayDetail:
    """One archived essay in full, as ``fanwen show`` prints it."""

    url: str
    title: str
    category: str | None
    body: str
    pages: int
    published_at: datetime | None
    date_precision: str | None
    date_source: str
    raw_date: str | None
    date_problem: str | None
    content_hash: str
    first_fetched_at: datetime
    last_fetched_at: datetime
    last_seen_at: datetime | None
    gone_at: datetime | None
    # For a copy: its canonical essay; for a canonical essay: its copies.
    canonical: CopyRecord | None
    kind: str | None
    similarity: float | None
    copies: list[CopyRecord] = field(default_factory=list)
    versions: list[VersionRecord] = field(default_factory=list)


def essay_detail(session: Session, url: str) -> EssayDetail | None:
    article = session.scalar(select(Article).where(Article.url == url))
    if article is None:
        return None
    category = _category_name(session, article.category_id)
    canonical = None
    body = article.body
    if article.duplicate_of_id is not None:
        original = session.get(Article, article.duplicate_of_id)
        assert original is not None  # a foreign key
        canonical = CopyRecord(
            original.url,
            original.title,
            _category_name(session, original.category_id),
            None,
            None,
        )
        body = body if body is not None else original.body
    copies = [
        CopyRecord(copy_url, title, name, kind, similarity)
        for copy_url, title, name, kind, similarity in session.execute(
            select(
                Article.url,
                Article.title,
                Category.name,
                Article.duplicate_kind,
                Article.similarity,
            )
            .outerjoin(Category, Article.category_id == Category.id)
            .where(Article.duplicate_of_id == article.id)
            .order_by(Article.url)
        )
    ]
    versions = [
        VersionRecord(
            version.version, version.title, version.body, version.content_hash, version.fetched_at
        )
        for version in session.scalars(
            select(EssayVersion)
            .where(EssayVersion.article_id == article.id)
            .order_by(EssayVersion.version)
        )
    ]
    return EssayDetail(
        url=article.url,
        title=article.title,
        category=category,
        body=body or "",
        pages=article.pages,
        published_at=article.published_at,
        date_precision=article.date_precision,
        date_source=article.date_source,
        raw_date=article.raw_date,
        date_problem=article.date_problem,
        content_hash=article.content_hash,
        first_fetched_at=article.first_fetched_at,
        last_fetched_at=article.last_fetched_at,
        last_seen_at=article.last_seen_at,
        gone_at=article.gone_at,
        canonical=canonical,
        kind=article.duplicate_kind,
        similarity=article.similarity,
        copies=copies,
        versions=versions,
    )


def _category_name(session: Session, category_id: int | None) -> str | None:
    if category_id is None:
        return None
    return session.scalar(select(Category.name).where(Category.id == category_id))


@dataclass(frozen=True)
class ArchiveStats:
    essays: int  # canonical essays
    copies_exact: int
    copies_near: int
    by_category: dict[str, int]
    # (month "YYYY-MM" in Beijing time, category) -> canonical essays
    by_month: dict[tuple[str, str], int]
    dated: int
    by_date_source: dict[str, int]
    first_day: str | None
    last_day: str | None
    date_problems: dict[str, int]
    gone: int
    failures: dict[str, int]

    @property
    def archived(self) -> int:
        return self.essays + self.copies_exact + self.copies_near

    @property
    def duplicate_rate(self) -> float:
        return (self.copies_exact + self.copies_near) / self.archived if self.archived else 0.0


NO_CATEGORY = "(none)"


def archive_stats(session: Session) -> ArchiveStats:
    """Counts over the public ``essays`` view (canonical essays) and the copies."""
    copies = dict(
        session.execute(
            select(Article.duplicate_kind, func.count())
            .where(Article.duplicate_of_id.is_not(None))
            .group_by(Article.duplicate_kind)
        ).all()
    )

    def grouped(sql: str) -> list[Any]:
        return list(session.execute(text(sql)))

    by_category = {
        name or NO_CATEGORY: count
        for name, count in grouped(
            "SELECT category, count(*) FROM essays GROUP BY category ORDER BY category"
        )
    }
    by_month = {
        (month, name or NO_CATEGORY): count
        for month, name, count in grouped(
            "SELECT published_month, category, count(*) FROM essays"
            " WHERE published_month IS NOT NULL"
            " GROUP BY published_month, category ORDER BY published_month, category"
        )
    }
    by_source = {
        source: count
        for source, count in grouped(
            "SELECT date_source, count(*) FROM essays GROUP BY date_source ORDER BY date_source"
        )
    }
    problems = {
        problem: count
        for problem, count in grouped(
            "SELECT date_problem, count(*) FROM essays WHERE date_problem IS NOT NULL"
            " GROUP BY date_problem ORDER BY date_problem"
        )
    }
    essays, dated, first_day, last_day, gone = session.execute(
        text(
            "SELECT count(*), count(published_at), min(published_day), max(published_day),"
            " count(gone_at) FROM essays"
        )
    ).one()
    return ArchiveStats(
        essays=essays,
        copies_exact=copies.get("exact", 0),
        copies_near=copies.get("near", 0),
        by_category=by_category,
        by_month=by_month,
        dated=dated,
        by_date_source=by_source,
        first_day=first_day,
        last_day=last_day,
        date_problems=problems,
        gone=gone,
        failures=failure_counts(session),
    )

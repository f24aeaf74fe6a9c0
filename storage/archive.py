"""Writing to the archive: essays, their pages, failures and crawl runs.

Every function takes a Session owned by the caller and neither commits nor
swallows errors: the store pipeline decides what one transaction holds.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from storage.dedupe import NearMatching, link_essay
from storage.dialect import upsert
from storage.models import Article, ArticlePage, CanonicalHash, Category, Failure

StoreOutcome = Literal["new", "updated", "unchanged"]


@dataclass
class PageRecord:
    url: str
    html: str
    encoding: str


@dataclass
class EssayRecord:
    """An essay as the pipelines hand it to the archive."""

    url: str
    title: str
    body: str
    content_hash: str
    fetched_at: datetime
    pages: list[PageRecord]
    category: str | None = None
    category_url: str | None = None
    raw_date: str | None = None
    published_at: datetime | None = None
    date_precision: str | None = None
    date_source: str = "none"
    date_problem: str | None = None
    minhash: bytes | None = None
    band_keys: list[int] = field(default_factory=list)


@dataclass
class StoredEssay:
    article_id: int
    outcome: StoreOutcome
    duplicate_of: str | None = None
    duplicate_kind: str | None = None
    similarity: float | None = None


@dataclass
class FailureRecord:
    url: str
    reason: str
    seen_at: datetime
    status: int | None = None
    attempts: int = 1
    detail: str | None = None


def category_id(session: Session, name: str, url: str | None) -> int:
    # A batch holds many essays of few categories: look each up once per transaction.
    known: dict[str, int] = session.info.setdefault("category_ids", {})
    if name in known:
        return known[name]
    statement = (
        upsert(session, Category)
        .values(name=name, url=url)
        .on_conflict_do_nothing(index_elements=["name"])
    )
    session.execute(statement)
    found = session.scalar(select(Category.id).where(Category.name == name))
    assert found is not None  # inserted or already there: the row exists now
    known[name] = found
    return found


def store_essay(
    session: Session,
    essay: EssayRecord,
    run_id: int | None,
    near: NearMatching | None = None,
) -> StoredEssay:
    """Insert or update one essay and link it to its canonical (storage.dedupe)."""
    category = category_id(session, essay.category, essay.category_url) if essay.category else None
    article = session.scalar(select(Article).where(Article.url == essay.url))
    if article is None:
        outcome: StoreOutcome = "new"
        article = Article(url=essay.url, first_fetched_at=essay.fetched_at)
        session.add(article)
    else:
        changed = article.content_hash != essay.content_hash or article.title != essay.title
        outcome = "updated" if changed else "unchanged"
        if article.content_hash != essay.content_hash:
            _release_canonical(session, article)
    article.title = essay.title
    # The body goes in with the row; only an exact copy gives it up later.
    article.body = essay.body
    article.category_id = category
    article.raw_date = essay.raw_date
    article.published_at = essay.published_at
    article.date_precision = essay.date_precision
    article.date_source = essay.date_source
    article.date_problem = essay.date_problem
    article.content_hash = essay.content_hash
    article.minhash = essay.minhash
    article.pages = len(essay.pages)
    article.last_fetched_at = essay.fetched_at
    article.run_id = run_id
    session.flush()
    _store_pages(session, article.id, essay.pages, replace=outcome != "new")
    link = link_essay(session, article, essay.body, near, fresh=outcome == "new")
    duplicate_of = None
    if link.canonical_id is not None:
        duplicate_of = session.scalar(select(Article.url).where(Article.id == link.canonical_id))
    stored = StoredEssay(article.id, outcome, duplicate_of, link.kind, link.similarity)
    session.execute(
        update(Failure)
        .where(Failure.url == essay.url, Failure.resolved_at.is_(None))
        .values(resolved_at=essay.fetched_at)
        .execution_options(synchronize_session=False)
    )
    return stored


def _release_canonical(session: Session, article: Article) -> None:
    """An essay whose text changed stops being canonical for its old text."""
    session.execute(
        delete(CanonicalHash).where(
            CanonicalHash.content_hash == article.content_hash,
            CanonicalHash.article_id == article.id,
        )
    )


def _store_pages(session: Session, article_id: int, pages: list[PageRecord], replace: bool) -> None:
    if replace:
        session.execute(delete(ArticlePage).where(ArticlePage.article_id == article_id))
    session.add_all(
        ArticlePage(
            article_id=article_id,
            page_no=number,
            url=page.url,
            encoding=page.encoding,
            # Level 1: twice as fast as 6 on essay pages for ~3% more bytes.
            html_zlib=zlib.compress(page.html.encode("utf-8"), 1),
        )
        for number, page in enumerate(pages, start=1)
    )


def record_failure(session: Session, failure: FailureRecord, run_id: int | None) -> None:
    statement = upsert(session, Failure).values(
        url=failure.url,
        status=failure.status,
        reason=failure.reason,
        detail=failure.detail,
        attempts=failure.attempts,
        first_seen=failure.seen_at,
        last_seen=failure.seen_at,
        run_id=run_id,
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["url"],
            set_={
                "status": statement.excluded.status,
                "reason": statement.excluded.reason,
                "detail": statement.excluded.detail,
                "attempts": Failure.attempts + statement.excluded.attempts,
                "last_seen": statement.excluded.last_seen,
                "run_id": statement.excluded.run_id,
                "resolved_at": None,
            },
        )
    )

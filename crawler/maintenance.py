"""Re-running the archive's rules over what it already holds, without re-crawling.

``reclean`` re-applies the current cleaning rules to the stored raw HTML of
every essay; ``rebuild_links`` recomputes every duplicate link in one pass
(after a threshold or cleaning change), then the search index. Both run in
ONE transaction: the archive is either wholly re-linked or untouched.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, aliased

from crawler import minhash
from crawler.fingerprint import content_hash
from crawler.site_profile import SiteProfile
from crawler.text import clean_essay
from storage.dedupe import NearMatching, link_essay
from storage.models import Article, ArticlePage, CanonicalHash, MinhashBand
from storage.search import rebuild_index

Progress = Callable[[int], None]


@dataclass
class RebuildSummary:
    essays: int = 0
    exact: int = 0
    near: int = 0


@dataclass
class RecleanSummary:
    essays: int = 0
    changed: int = 0
    without_pages: int = 0


def essay_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Article)) or 0


def rebuild_links(
    session: Session, threshold: float | None, advance: Progress | None = None
) -> RebuildSummary:
    """Every article re-linked from scratch, smallest URL first (so it is canonical)."""
    _materialize_copy_bodies(session)
    session.execute(delete(MinhashBand))
    session.execute(delete(CanonicalHash))
    session.execute(
        update(Article).values(duplicate_of_id=None, duplicate_kind=None, similarity=None)
    )
    summary = RebuildSummary()
    ids = list(session.scalars(select(Article.id).order_by(Article.url)))
    for start in range(0, len(ids), 500):
        chunk = session.scalars(
            select(Article).where(Article.id.in_(ids[start : start + 500])).order_by(Article.url)
        ).all()
        for article in chunk:
            body = article.body or ""
            near = None
            if threshold is not None:
                signature = minhash.signature(body)
                article.minhash = minhash.signature_bytes(signature)
                near = NearMatching(minhash.band_keys(signature), minhash.jaccard, threshold)
            link = link_essay(session, article, body, near)
            session.flush()
            summary.essays += 1
            summary.exact += link.kind == "exact"
            summary.near += link.kind == "near"
            if advance is not None:
                advance(1)
        session.expunge_all()
    # Bodies and links changed under the index: write it afresh (a rebuild
    # also drops the search rows superseded since the last one).
    rebuild_index(session)
    return summary


def reclean(
    session: Session, profile: SiteProfile, advance: Progress | None = None
) -> RecleanSummary:
    """Bodies and hashes recomputed from the stored pages with the current rules."""
    summary = RecleanSummary()
    ids = list(session.scalars(select(Article.id).order_by(Article.url)))
    for start in range(0, len(ids), 500):
        chunk = session.scalars(
            select(Article).where(Article.id.in_(ids[start : start + 500]))
        ).all()
        pages = _pages_by_article(session, [article.id for article in chunk])
        for article in chunk:
            summary.essays += 1
            if advance is not None:
                advance(1)
            stored = pages.get(article.id)
            if not stored:
                summary.without_pages += 1
                continue
            urls, htmls = zip(*stored, strict=True)
            body = "\n".join(clean_essay(htmls, profile, urls))
            new_hash = content_hash(body)
            if new_hash != article.content_hash or (article.body or body) != body:
                summary.changed += 1
            # Every body is written back in full; rebuild_links then decides
            # which copies give theirs up for their canonical's.
            article.body = body
            article.content_hash = new_hash
        session.flush()
        session.expunge_all()
    return summary


def _pages_by_article(session: Session, article_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """Each essay's stored pages, in order: (URL, HTML)."""
    pages: dict[int, list[tuple[str, str]]] = {}
    rows = session.execute(
        select(ArticlePage.article_id, ArticlePage.url, ArticlePage.html_zlib)
        .where(ArticlePage.article_id.in_(article_ids))
        .order_by(ArticlePage.article_id, ArticlePage.page_no)
    )
    for article_id, url, html_zlib in rows:
        html = zlib.decompress(html_zlib).decode("utf-8")
        pages.setdefault(article_id, []).append((url, html))
    return pages


def _materialize_copy_bodies(session: Session) -> None:
    """Give exact copies their canonical's text back before links are recomputed."""
    canonical = aliased(Article)
    body_of_canonical = (
        select(canonical.body).where(canonical.id == Article.duplicate_of_id).scalar_subquery()
    )
    session.execute(
        update(Article)
        .where(Article.body.is_(None), Article.duplicate_of_id.is_not(None))
        .values(body=body_of_canonical)
        .execution_options(synchronize_session=False)
    )

"""Linking copies to one canonical essay, in the database.

The dedupe index lives in two tables: ``canonical_hashes`` (content hash ->
the article that is canonical for it; its primary key makes two concurrent
writers of one text agree) and ``minhash_bands`` (LSH band keys of canonical
essays, indexed, so near-copy candidates are an index lookup, not a scan).

Which copy is canonical does not depend on crawl order: it is the one with
the smallest URL. A later essay with a smaller URL takes the cluster over.
That makes a crawl, its replay, a crawl in two halves and several workers
end with the same clusters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from storage.dialect import upsert
from storage.models import Article, CanonicalHash, MinhashBand

Similarity = Callable[[str, str], float]


@dataclass(frozen=True)
class NearMatching:
    """How near copies are found: band keys of the essay, the real similarity, the bar."""

    band_keys: list[int]
    similarity: Similarity
    threshold: float


@dataclass(frozen=True)
class Link:
    canonical_id: int | None  # None: the article is canonical itself
    kind: str | None = None
    similarity: float | None = None


def link_essay(
    session: Session,
    article: Article,
    body: str,
    near: NearMatching | None,
    fresh: bool = False,
) -> Link:
    """Make ``article`` canonical or a copy; re-point a cluster it takes over.

    ``fresh``: the article was inserted in this transaction, so it has no
    band keys to replace.
    """
    owner = _claim_hash(session, article)
    if owner.id != article.id:
        if article.url < owner.url and owner.duplicate_of_id is None:
            _take_over(session, article, body, owner, "exact", 1.0, near)
            return Link(None)
        return _copy_of(session, article, body, owner, "exact", 1.0)
    if near is not None:
        match = _nearest(session, article, body, near)
        if match is not None:
            canonical, similarity = match
            if article.url < canonical.url:
                _take_over(session, article, body, canonical, "near", similarity, near)
                return Link(None)
            return _copy_of(session, article, body, canonical, "near", similarity)
        _index_bands(session, article.id, near.band_keys, replace=not fresh)
    _make_canonical(article, body)
    return Link(None)


def _claim_hash(session: Session, article: Article) -> Article:
    claimed = session.execute(
        upsert(session, CanonicalHash)
        .values(content_hash=article.content_hash, article_id=article.id)
        .on_conflict_do_nothing(index_elements=["content_hash"])
        .returning(CanonicalHash.article_id)
    ).first()
    if claimed is not None:
        return article  # the first with this text: no second query
    owner = session.scalar(
        select(Article)
        .join(CanonicalHash, CanonicalHash.article_id == Article.id)
        .where(CanonicalHash.content_hash == article.content_hash)
    )
    assert owner is not None  # claimed earlier, by this or another writer
    return owner


def _copy_of(
    session: Session, article: Article, body: str, target: Article, kind: str, similarity: float
) -> Link:
    if target.duplicate_of_id is not None:
        # The text's owner is itself a near copy: link to the cluster's canonical.
        kind, similarity = "near", target.similarity or similarity
        canonical = session.get(Article, target.duplicate_of_id)
        assert canonical is not None
        target = canonical
    article.duplicate_of_id = target.id
    article.duplicate_kind = kind
    article.similarity = similarity
    # An exact copy's text is its canonical's; a near copy keeps its own.
    article.body = None if kind == "exact" else body
    return Link(target.id, kind, similarity)


def _make_canonical(article: Article, body: str) -> None:
    article.body = body
    article.duplicate_of_id = None
    article.duplicate_kind = None
    article.similarity = None


def _take_over(
    session: Session,
    article: Article,
    body: str,
    previous: Article,
    kind: str,
    similarity: float,
    near: NearMatching | None,
) -> None:
    """``article`` becomes canonical for ``previous``'s cluster."""
    _make_canonical(article, body)
    session.flush()
    members = list(session.scalars(select(Article).where(Article.duplicate_of_id == previous.id)))
    previous_body = previous.body or ""
    previous.duplicate_of_id = article.id
    previous.duplicate_kind = kind
    previous.similarity = similarity
    if kind == "exact":
        previous.body = None
    session.execute(
        update(CanonicalHash)
        .where(CanonicalHash.article_id == previous.id)
        .values(article_id=article.id)
        .where(CanonicalHash.content_hash == article.content_hash)
    )
    for member in members:
        member.duplicate_of_id = article.id
        if member.content_hash == article.content_hash:
            member.duplicate_kind, member.similarity, member.body = "exact", 1.0, None
        else:
            member_body = member.body if member.body is not None else previous_body
            member.body = member_body
            member.duplicate_kind = "near"
            member.similarity = near.similarity(body, member_body) if near else similarity
    session.execute(delete(MinhashBand).where(MinhashBand.article_id == previous.id))
    if near is not None:
        _index_bands(session, article.id, near.band_keys)


def _nearest(
    session: Session, article: Article, body: str, near: NearMatching
) -> tuple[Article, float] | None:
    """The most similar canonical essay at or above the threshold, if any."""
    if not near.band_keys:
        return None
    # "key IN (...)" is one probe of the (key, band) index per band; a row-value
    # "(band, key) IN (...)" is not indexable on SQLite and scans the table.
    wanted = set(enumerate(near.band_keys))
    rows = session.execute(
        select(MinhashBand.band, MinhashBand.key, MinhashBand.article_id).where(
            MinhashBand.key.in_(near.band_keys)
        )
    )
    candidate_ids = {
        article_id
        for band, key, article_id in rows
        if (band, key) in wanted and article_id != article.id
    }
    if not candidate_ids:
        return None
    best: tuple[Article, float] | None = None
    for candidate in session.scalars(
        select(Article).where(Article.id.in_(candidate_ids)).order_by(Article.url)
    ):
        if candidate.duplicate_of_id is not None or candidate.body is None:
            continue
        # The candidate's real similarity, not the signature's estimate.
        similarity = near.similarity(body, candidate.body)
        if similarity >= near.threshold and (best is None or similarity > best[1]):
            best = (candidate, similarity)
    return best


def _index_bands(
    session: Session, article_id: int, band_keys: list[int], replace: bool = True
) -> None:
    if replace:
        session.execute(delete(MinhashBand).where(MinhashBand.article_id == article_id))
    if band_keys:
        session.execute(
            insert(MinhashBand),
            [
                {"band": band, "key": key, "article_id": article_id}
                for band, key in enumerate(band_keys)
            ],
        )

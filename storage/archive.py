"""Writing to the archive: essays and their pages, links to their canonical, failures.

Every function takes a Session owned by the caller and neither commits nor
swallows errors: the store pipeline decides what one transaction holds.
Essays are written a batch at a time with one statement per table (an
executemany where rows differ), not one ORM object per row: the write costs
a few statements per batch instead of several per essay.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session, aliased

from storage.bulk import insert_rows, table_of, update_rows
from storage.dedupe import Link, Linkable, NearRule, link_essays, same_text
from storage.dialect import serialize_writers, upsert
from storage.models import (
    Article,
    ArticlePage,
    CanonicalHash,
    Category,
    Failure,
    MinhashBand,
)
from storage.records import EssayRecord, FailureRecord, PageRecord, StoredEssay, StoreOutcome
from storage.refresh import (
    GONE_REASONS,
    ArchivedRow,
    mark_gone,
    mark_refreshed,
    mark_seen,
    write_versions,
)

__all__ = [
    "GONE_REASONS",
    "EssayRecord",
    "FailureRecord",
    "PageRecord",
    "StoredEssay",
    "mark_gone",
    "mark_seen",
    "record_failure",
    "store_essay",
    "store_essays",
]


def store_essays(
    session: Session, essays: Sequence[EssayRecord], run_id: int | None, near: NearRule | None
) -> list[StoredEssay]:
    """Insert or refresh a batch of essays and link each to its canonical (storage.dedupe).

    A new essay is inserted; an archived one whose text or title changed is
    rewritten and gets a version row; an unchanged one is only marked seen.
    The result is in the order of ``essays``.
    """
    serialize_writers(session)
    stored: list[StoredEssay | None] = [None] * len(essays)
    for round_ in _rounds(essays):
        for index, result in zip(
            round_, _store_round(session, [essays[i] for i in round_], run_id, near), strict=True
        ):
            stored[index] = result
    return [result for result in stored if result is not None]


def store_essay(
    session: Session, essay: EssayRecord, run_id: int | None, near: NearRule | None = None
) -> StoredEssay:
    """``store_essays`` for one essay."""
    return store_essays(session, [essay], run_id, near)[0]


def _rounds(essays: Sequence[EssayRecord]) -> Iterator[list[int]]:
    """Indexes of ``essays`` in groups of distinct URLs: a URL twice in a batch is stored twice."""
    pending = list(range(len(essays)))
    while pending:
        seen: set[str] = set()
        round_: list[int] = []
        later: list[int] = []
        for index in pending:
            (later if essays[index].url in seen else round_).append(index)
            seen.add(essays[index].url)
        yield round_
        pending = later


_canonical = aliased(Article)


def _store_round(
    session: Session, essays: list[EssayRecord], run_id: int | None, near: NearRule | None
) -> list[StoredEssay]:
    """Essays of distinct URLs."""
    archived = _archived(session, [essay.url for essay in essays])
    outcomes = {essay.url: _outcome(essay, archived.get(essay.url)) for essay in essays}
    fresh = [essay for essay in essays if outcomes[essay.url] == "new"]
    changed = [essay for essay in essays if outcomes[essay.url] == "updated"]
    unchanged = [essay for essay in essays if outcomes[essay.url] == "unchanged"]
    categories = _category_ids(session, [*fresh, *changed])
    ids = {url: row.id for url, row in archived.items()}
    ids.update(_insert_articles(session, fresh, categories, run_id))
    write_versions(session, changed, archived, run_id)
    _rewrite_articles(session, changed, archived, categories, run_id)
    mark_refreshed(session, unchanged, archived, run_id)
    _store_pages(session, [*fresh, *changed], ids, replaced=[ids[e.url] for e in changed])
    _resolve_failures(session, essays)
    # A new text is linked afresh; a new title alone keeps the essay's link.
    relinked = [e for e in changed if _text_changed(e, archived[e.url])]
    orphans = _release(session, [archived[essay.url] for essay in relinked], near)
    links = link_essays(
        session,
        [
            *(Linkable(ids[e.url], e.url, e.content_hash, e.body, e.band_keys) for e in fresh),
            *(Linkable(ids[e.url], e.url, e.content_hash, e.body, e.band_keys) for e in relinked),
            *orphans,
        ],
        near,
    )
    results = []
    for essay in essays:
        article_id = ids[essay.url]
        link = links[article_id] if article_id in links else _kept_link(archived[essay.url])
        results.append(
            StoredEssay(
                article_id, outcomes[essay.url], link.canonical_url, link.kind, link.similarity
            )
        )
    return results


def _archived(session: Session, urls: list[str]) -> dict[str, ArchivedRow]:
    """The batch's essays already archived, with what a refresh compares and keeps."""
    rows = session.execute(
        select(
            Article.id,
            Article.url,
            Article.title,
            Article.body,
            Article.content_hash,
            Article.last_fetched_at,
            Article.run_id,
            Article.duplicate_of_id,
            Article.duplicate_kind,
            Article.similarity,
            _canonical.url.label("canonical_url"),
            _canonical.body.label("canonical_body"),
        )
        .outerjoin(_canonical, _canonical.id == Article.duplicate_of_id)
        .where(Article.url.in_(urls))
    )
    return {row.url: row for row in rows.all()}


def _outcome(essay: EssayRecord, row: ArchivedRow | None) -> StoreOutcome:
    if row is None:
        return "new"
    if _text_changed(essay, row) or row.title != essay.title:
        return "updated"
    return "unchanged"


def _text_changed(essay: EssayRecord, row: ArchivedRow) -> bool:
    """Whether the fetched text is not the stored one (an exact copy's is its canonical's).

    The text itself, not the content hash: the hash drops decimal points and
    signs, so "15亿元" edited to "1.5亿元" hashes alike.
    """
    stored = row.body if row.body is not None else row.canonical_body
    return stored is None or not same_text(essay.body, stored)


def _kept_link(row: ArchivedRow) -> Link:
    if row.duplicate_of_id is None:
        return Link(None)
    return Link(row.duplicate_of_id, row.duplicate_kind, row.similarity, row.canonical_url)


def _category_ids(session: Session, essays: Sequence[EssayRecord]) -> dict[str, int]:
    """Category name -> id, created on first sight: a batch holds few categories."""
    wanted = {essay.category: essay.category_url for essay in essays if essay.category}
    if not wanted:
        return {}
    session.execute(
        upsert(session, table_of(Category)).on_conflict_do_nothing(index_elements=["name"]),
        [{"name": name, "url": url} for name, url in wanted.items()],
    )
    rows = session.execute(select(Category.name, Category.id).where(Category.name.in_(wanted)))
    return dict(rows.all())


def _content_columns(
    essay: EssayRecord, categories: dict[str, int], run_id: int | None
) -> dict[str, Any]:
    """What a fetch of the essay sets, on a new row or a rewritten one."""
    return {
        "title": essay.title,
        "body": essay.body,
        "category_id": categories.get(essay.category) if essay.category else None,
        "raw_date": essay.raw_date,
        "published_at": essay.published_at,
        "date_precision": essay.date_precision,
        "date_source": essay.date_source,
        "date_problem": essay.date_problem,
        "content_hash": essay.content_hash,
        "minhash": essay.minhash,
        "pages": len(essay.pages),
        "last_fetched_at": essay.fetched_at,
        "last_seen_at": essay.fetched_at,
        "gone_at": None,
        "etag": essay.etag,
        "last_modified": essay.last_modified,
        "run_id": run_id,
    }


def _insert_articles(
    session: Session, essays: list[EssayRecord], categories: dict[str, int], run_id: int | None
) -> dict[str, int]:
    if not essays:
        return {}
    rows = [
        {"url": essay.url, "first_fetched_at": essay.fetched_at}
        | _content_columns(essay, categories, run_id)
        for essay in essays
    ]
    # The body goes in with the row; only an exact copy gives it up when linked.
    articles = table_of(Article)
    inserted = session.execute(
        insert(articles).returning(articles.c.url, articles.c.id, sort_by_parameter_order=True),
        rows,
    )
    return dict(inserted.all())


def _rewrite_articles(
    session: Session,
    essays: list[EssayRecord],
    archived: dict[str, ArchivedRow],
    categories: dict[str, int],
    run_id: int | None,
) -> None:
    """A changed essay's row takes the new fetch; a new text drops its old link."""
    rows = []
    for essay in essays:
        row = archived[essay.url]
        columns = _content_columns(essay, categories, run_id) | {"id": row.id}
        if _text_changed(essay, row):
            columns |= {"duplicate_of_id": None, "duplicate_kind": None, "similarity": None}
        else:
            columns |= {
                "duplicate_of_id": row.duplicate_of_id,
                "duplicate_kind": row.duplicate_kind,
                "similarity": row.similarity,
            }
            if row.duplicate_kind == "exact":
                # Same text under a new title: still its canonical's text, not stored twice.
                columns["body"] = None
        rows.append(columns)
    update_rows(session, Article, rows)


def _store_pages(
    session: Session, essays: list[EssayRecord], ids: dict[str, int], replaced: list[int]
) -> None:
    if replaced:
        session.execute(delete(ArticlePage).where(ArticlePage.article_id.in_(replaced)))
    rows = [
        {
            "article_id": ids[essay.url],
            "page_no": number,
            "url": page.url,
            "encoding": page.encoding,
            # Level 1: twice as fast as 6 on essay pages for ~3% more bytes.
            "html_zlib": zlib.compress(page.html.encode("utf-8"), 1),
        }
        for essay in essays
        for number, page in enumerate(essay.pages, start=1)
    ]
    insert_rows(session, ArticlePage, rows)


def _resolve_failures(session: Session, essays: list[EssayRecord]) -> None:
    """A URL that yields an essay, or a page of one, now is no longer a failure.

    Its pages count too: a continuation page that failed once (a 503) and
    answers now would otherwise stay among the open failures for good.
    """
    fetched = {page.url: essay.fetched_at for essay in essays for page in essay.pages}
    fetched.update((essay.url, essay.fetched_at) for essay in essays)
    open_failures = session.execute(
        select(Failure.id, Failure.url).where(
            Failure.url.in_(fetched), Failure.resolved_at.is_(None)
        )
    ).all()
    if open_failures:
        update_rows(
            session,
            Failure,
            [{"id": failure.id, "resolved_at": fetched[failure.url]} for failure in open_failures],
        )


def _release(
    session: Session, old_rows: list[ArchivedRow], near: NearRule | None
) -> list[Linkable]:
    """Essays whose text changed stop being canonical for their old text.

    Their clusters' copies still hold the old text: each gets it back (an
    exact copy stored none) and is linked again, so the smallest URL among
    them becomes the old text's canonical.
    """
    if not old_rows:
        return []
    ids = [row.id for row in old_rows]
    session.execute(delete(CanonicalHash).where(CanonicalHash.article_id.in_(ids)))
    session.execute(delete(MinhashBand).where(MinhashBand.article_id.in_(ids)))
    old_bodies = {row.id: row.body for row in old_rows}
    members = session.execute(
        select(
            Article.id,
            Article.url,
            Article.content_hash,
            Article.body,
            Article.duplicate_of_id,
            Article.minhash,
        ).where(Article.duplicate_of_id.in_(ids))
    ).all()
    if not members:
        return []
    update_rows(
        session,
        Article,
        [
            {
                "id": member.id,
                "body": member.body
                if member.body is not None
                else old_bodies[member.duplicate_of_id],
                "duplicate_of_id": None,
                "duplicate_kind": None,
                "similarity": None,
            }
            for member in members
        ],
    )
    return [
        Linkable(
            member.id,
            member.url,
            member.content_hash,
            member.body if member.body is not None else old_bodies[member.duplicate_of_id] or "",
            near.band_keys(member.minhash) if near and member.minhash else (),
        )
        for member in members
    ]


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

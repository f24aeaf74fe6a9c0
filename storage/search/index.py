"""Keeping the search index current: ``index_essays`` is the one way in.

The store pipeline calls it once per batch with the essays it stored; the
maintenance commands rebuild the whole index after re-cleaning or
re-linking. It reads the essays' current state from the database, so it is
correct whatever changed them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterator

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session, aliased

from storage.models import Article
from storage.search import backend
from storage.search.rows import SearchRow

CHUNK = 500
# Essays read and COPYed at a time by a PostgreSQL rebuild.
BULK_CHUNK = 2000


def index_essays(session: Session, article_ids: Collection[int]) -> None:
    """(Re)write the search rows of these essays from their current text.

    An exact copy has no body of its own and is indexed with its
    canonical's, so the exact copies of these essays are re-indexed too.
    Essays whose title and text are unchanged since they were indexed cost
    one read.
    """
    ids = sorted(set(article_ids))
    sqlite = session.get_bind().dialect.name == "sqlite"
    next_rowid = backend.next_rowid(session) if sqlite else 0
    for start in range(0, len(ids), CHUNK):
        members = _with_copies(session, ids[start : start + CHUNK])
        known = dict(
            session.execute(
                select(SearchRow.article_id, SearchRow.signature).where(
                    SearchRow.article_id.in_(members)
                )
            ).all()
        )
        texts: list[backend.IndexedText] = []
        rows: list[dict[str, object]] = []
        for article_id, title, body in _current_texts(session, members):
            signature = _signature(title, body)
            if known.get(article_id) == signature:
                continue
            rowid = next_rowid if sqlite else article_id
            next_rowid += 1
            texts.append(backend.IndexedText(rowid, title, body))
            rows.append({"article_id": article_id, "search_rowid": rowid, "signature": signature})
        if not texts:
            continue
        backend.write(session, texts)
        replaced = [row["article_id"] for row in rows]
        session.execute(delete(SearchRow).where(SearchRow.article_id.in_(replaced)))
        session.execute(insert(SearchRow), rows)


def rebuild_index(session: Session) -> None:
    """Index every essay from scratch (drops the rows left behind on SQLite).

    On PostgreSQL the GIN index is dropped and built again once the rows
    are in (``backend.bulk_load``), in the session's transaction.
    """
    ids = list(session.scalars(select(Article.id).order_by(Article.id)))
    if session.get_bind().dialect.name == "sqlite":
        backend.clear(session)
        session.execute(delete(SearchRow))
        index_essays(session, ids)
        backend.optimize(session)
        return
    with backend.bulk_load(session) as tables:
        for start in range(0, len(ids), BULK_CHUNK):
            texts = list(_current_texts(session, ids[start : start + BULK_CHUNK]))
            backend.copy_texts(
                session,
                tables,
                [backend.IndexedText(id_, title, body) for id_, title, body in texts],
            )
            backend.copy_rows(
                session,
                "essay_search_rows (article_id, search_rowid, signature)",
                ((id_, id_, _signature(title, body)) for id_, title, body in texts),
            )


def left_behind_rows(session: Session) -> int:
    """SQLite: FTS rows no essay points to any more (a rebuild drops them)."""
    if session.get_bind().dialect.name != "sqlite":
        return 0
    total = session.scalar(select(func.count()).select_from(backend.fts_table())) or 0
    live = session.scalar(select(func.count()).select_from(SearchRow)) or 0
    return total - live


def _with_copies(session: Session, ids: list[int]) -> list[int]:
    copies = session.scalars(
        select(Article.id).where(Article.duplicate_of_id.in_(ids), Article.body.is_(None))
    )
    return sorted({*ids, *copies})


def _current_texts(session: Session, ids: list[int]) -> Iterator[tuple[int, str, str]]:
    canonical = aliased(Article)
    statement = (
        select(Article.id, Article.title, func.coalesce(Article.body, canonical.body, ""))
        .outerjoin(canonical, Article.duplicate_of_id == canonical.id)
        .where(Article.id.in_(ids))
    )
    for row in session.execute(statement):
        yield row[0], row[1], row[2]


def _signature(title: str, body: str) -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(title.encode("utf-8"))
    digest.update(b"\0")
    digest.update(body.encode("utf-8"))
    return digest.hexdigest()

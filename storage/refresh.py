"""Scheduled crawls: versions of essays whose text changed, seen and gone marks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from storage.bulk import insert_rows, update_rows
from storage.models import Article, EssayVersion
from storage.records import EssayRecord

# An archived essay's row as a refresh reads it (storage.archive._archived).
ArchivedRow = Row[*tuple[Any, ...]]
# The failure reasons that say an archived essay is gone from the site.
GONE_REASONS = frozenset({"http_404", "http_410", "soft_404"})


def mark_refreshed(
    session: Session,
    essays: list[EssayRecord],
    archived: dict[str, ArchivedRow],
    run_id: int | None,
) -> None:
    """An unchanged essay: only when it was seen, its validators and the run move."""
    if essays:
        update_rows(
            session,
            Article,
            [
                {
                    "id": archived[essay.url].id,
                    "last_fetched_at": essay.fetched_at,
                    "last_seen_at": essay.fetched_at,
                    "gone_at": None,
                    "etag": essay.etag,
                    "last_modified": essay.last_modified,
                    "run_id": run_id,
                }
                for essay in essays
            ],
        )


def write_versions(
    session: Session,
    essays: list[EssayRecord],
    archived: dict[str, ArchivedRow],
    run_id: int | None,
) -> None:
    """The new text as the next version; on an essay's first change, its old text as version 1."""
    if not essays:
        return
    ids = [archived[essay.url].id for essay in essays]
    latest = dict(
        session.execute(
            select(EssayVersion.article_id, func.max(EssayVersion.version))
            .where(EssayVersion.article_id.in_(ids))
            .group_by(EssayVersion.article_id)
        ).all()
    )
    rows = []
    for essay in essays:
        old = archived[essay.url]
        version = latest.get(old.id)
        if version is None:
            rows.append(
                {
                    "article_id": old.id,
                    "version": 1,
                    "title": old.title,
                    # An exact copy's text was its canonical's.
                    "body": old.body if old.body is not None else old.canonical_body,
                    "content_hash": old.content_hash,
                    "fetched_at": old.last_fetched_at,
                    "run_id": old.run_id,
                }
            )
            version = 1
        rows.append(
            {
                "article_id": old.id,
                "version": version + 1,
                "title": essay.title,
                "body": essay.body,
                "content_hash": essay.content_hash,
                "fetched_at": essay.fetched_at,
                "run_id": run_id,
            }
        )
    insert_rows(session, EssayVersion, rows)


def mark_seen(session: Session, urls: dict[str, datetime]) -> set[str]:
    """Archived essays that answered "not modified": seen again, not gone. Returns those found."""
    if not urls:
        return set()
    found = dict(
        session.execute(select(Article.url, Article.id).where(Article.url.in_(urls))).all()
    )
    if found:
        update_rows(
            session,
            Article,
            [{"id": found[url], "last_seen_at": urls[url], "gone_at": None} for url in found],
        )
    return set(found)


def mark_gone(session: Session, url: str, at: datetime) -> bool:
    """An archived essay that now answers 404, 410 or a soft 404: marked gone, never deleted.

    True only when it was not gone already: a run counts the essays it finds
    gone, not those it checks again and finds still gone.
    """
    article = session.execute(select(Article.id, Article.gone_at).where(Article.url == url)).first()
    if article is None or article.gone_at is not None:
        return False
    update_rows(session, Article, [{"id": article.id, "gone_at": at}])
    return True

"""What an incremental crawl needs to know about the archive before it starts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Article, Failure


@dataclass(frozen=True)
class KnownEssay:
    last_fetched_at: datetime
    etag: str | None
    last_modified: str | None
    # When it was found gone (a 404 or a soft 404), None while it is not.
    gone_at: datetime | None = None

    @property
    def checked_at(self) -> datetime:
        """The last time the site answered for it: its last fetch, or finding it gone."""
        return self.gone_at if self.gone_at is not None else self.last_fetched_at


def known_essays(session: Session) -> dict[str, KnownEssay]:
    """Every archived essay URL with what a refresh needs (one row each, streamed)."""
    rows = session.execute(
        select(
            Article.url,
            Article.last_fetched_at,
            Article.etag,
            Article.last_modified,
            Article.gone_at,
        ).execution_options(yield_per=10_000)
    )
    return {
        url: KnownEssay(fetched, etag, modified, gone_at)
        for url, fetched, etag, modified, gone_at in rows
    }


def settled_failures(
    session: Session, settled: Callable[[str, int | None], bool]
) -> dict[str, datetime]:
    """URLs whose open failure would not change on a refetch, with when it was last seen."""
    rows = session.execute(
        select(Failure.url, Failure.reason, Failure.status, Failure.last_seen)
        .where(Failure.resolved_at.is_(None))
        .execution_options(yield_per=10_000)
    )
    return {url: seen for url, reason, status, seen in rows if settled(reason, status)}

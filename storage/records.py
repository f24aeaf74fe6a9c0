"""What the pipelines hand the archive and what it answers: plain records, no database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

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
    etag: str | None = None
    last_modified: str | None = None


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

"""Items the spider yields and the pipelines complete.

An :class:`EssayItem` leaves the spider holding only what was fetched: the
pages' HTML in order and the few strings the spider read off them. The
pipelines fill the rest in order (clean text -> normalize date -> validate
-> dedupe -> store). A :class:`FetchFailure` is what could not become an
essay; it passes through the pipelines untouched and is stored as a failure.
An :class:`EssaySeen` says an archived essay answered "not modified" (304):
the store only marks it seen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class PageSnapshot:
    """One fetched page of an essay, decoded to text."""

    url: str
    html: str
    encoding: str
    status: int = 200


@dataclass
class EssayItem:
    # Filled by the spider.
    url: str
    fetched_at: datetime
    pages: list[PageSnapshot]
    title: str | None = None
    category: str | None = None
    category_url: str | None = None
    info_line: str | None = None
    # The list entry's date, year resolved ("2020-03-02"), carried from the
    # list page as the date fallback.
    list_date: str | None = None
    # The first page's HTTP validators, sent back when the essay is refreshed.
    etag: str | None = None
    last_modified: str | None = None
    # Filled by CleanTextPipeline.
    paragraphs: list[str] = field(default_factory=list)
    # Filled by NormalizeDatePipeline.
    raw_date: str | None = None
    published_at: datetime | None = None
    date_precision: str | None = None
    date_source: str = "none"
    date_problem: str | None = None
    # Filled by DedupePipeline (fingerprints) and StorePipeline (links).
    content_hash: str | None = None
    minhash: bytes | None = None
    band_keys: list[int] = field(default_factory=list)
    duplicate_of: str | None = None
    duplicate_kind: str | None = None
    similarity: float | None = None

    @property
    def body(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass
class FetchFailure:
    """A URL that did not yield an essay, and why."""

    url: str
    reason: str
    status: int | None = None
    attempts: int = 1
    detail: str | None = None


@dataclass
class EssaySeen:
    """An archived essay the server reported unchanged (HTTP 304 to a conditional request)."""

    url: str
    seen_at: datetime

"""StorePipeline: essays and failures into the archive, in all-or-nothing batches.

Items wait in a batch until ``ARCHIVE_BATCH_SIZE`` of them are pending or the
``ARCHIVE_FLUSH_SECONDS`` timer fires; the batch is written in one
transaction. ``process_item`` returns only after that transaction commits, so
Scrapy's ``item_scraped`` (and every ``archive/*`` stat) means "committed".
If the archive cannot be written, the batch's items are dropped as not
stored, the crawl stops with finish reason ``archive_write_failed``, and the
next run fetches them again.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import deferred_from_coro
from sqlalchemy import Engine
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from twisted.internet.task import LoopingCall

from crawler import minhash
from crawler.items import EssayItem, EssaySeen, FetchFailure
from crawler.pipelines.validate import EssayRejected
from crawler.run_record import close_run, open_run
from storage.archive import (
    GONE_REASONS,
    EssayRecord,
    FailureRecord,
    PageRecord,
    mark_gone,
    mark_seen,
    record_failure,
    store_essays,
)
from storage.database import make_engine, resolve_db_url, session_factory
from storage.dedupe import NearRule
from storage.schema import upgrade
from storage.search import index_essays

logger = logging.getLogger(__name__)

StoredItem = EssayItem | EssaySeen | FetchFailure


class ArchiveWriteFailed(DropItem):
    """The batch holding this item could not be committed."""


class StorePipeline:
    def __init__(
        self,
        crawler: Crawler,
        db_url: str,
        batch_size: int,
        flush_seconds: float,
        near_threshold: float | None,
    ) -> None:
        self.crawler = crawler
        assert crawler.stats is not None
        assert crawler.stats is not None
        self.stats: StatsCollector = crawler.stats
        self.db_url = db_url
        self.batch_size = max(1, batch_size)
        self.flush_seconds = flush_seconds
        self.near = (
            NearRule(minhash.jaccard, near_threshold, minhash.stored_band_keys)
            if near_threshold is not None
            else None
        )
        self.run_id: int | None = None
        self.failed = False
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        self._pending: list[tuple[StoredItem, asyncio.Future[None]]] = []
        self._rejected: list[FailureRecord] = []
        self._timer: LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        settings = crawler.settings
        pipeline = cls(
            crawler,
            db_url=resolve_db_url(setting=settings.get("ARCHIVE_DB_URL")),
            batch_size=settings.getint("ARCHIVE_BATCH_SIZE", 100),
            flush_seconds=settings.getfloat("ARCHIVE_FLUSH_SECONDS", 0.5),
            near_threshold=(
                settings.getfloat("ARCHIVE_NEAR_THRESHOLD", 0.8)
                if settings.getbool("ARCHIVE_NEAR_DEDUPE", True)
                else None
            ),
        )
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    # -- lifecycle -------------------------------------------------------------
    def open_spider(self) -> None:
        self._engine = make_engine(self.db_url)
        upgrade(self._engine)
        self._sessions = session_factory(self._engine)
        with self._sessions.begin() as session:
            self.run_id = open_run(session, self.crawler, self.db_url)
        self.stats.set_value("archive/run_id", self.run_id)
        self._timer = LoopingCall(self._flush)
        self._timer.start(self.flush_seconds, now=False)

    def close_spider(self) -> None:
        if self._timer is not None and self._timer.running:
            self._timer.stop()
        self._flush()

    def spider_closed(self, reason: str) -> None:
        if self._sessions is None or self.run_id is None:
            return
        try:
            with self._sessions.begin() as session:
                close_run(session, self.crawler, self.run_id, reason, self.failed)
        except SQLAlchemyError as exc:
            logger.error(
                "could not record the end of crawl run %s: %s", self.run_id, _one_line(exc)
            )
        finally:
            if self._engine is not None:
                self._engine.dispose()

    # -- items -----------------------------------------------------------------------
    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, StoredItem):
            return item
        committed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append((item, committed))
        if len(self._pending) >= self.batch_size or self._nothing_else_coming():
            self._flush()
        await committed
        return item

    def _nothing_else_coming(self) -> bool:
        """No download in flight and none scheduled: waiting for the timer is waste."""
        engine = self.crawler.engine
        if engine is None or engine.scheduler is None:
            return False
        return not engine.downloader.active and not engine.scheduler.has_pending_requests()

    def item_dropped(self, item: Any, exception: BaseException) -> None:
        if isinstance(exception, EssayRejected):
            self._rejected.append(
                FailureRecord(exception.url, exception.reason, seen_at=datetime.now(UTC))
            )

    def _flush(self) -> None:
        batch, self._pending = self._pending, []
        rejected, self._rejected = self._rejected, []
        if not batch and not rejected:
            return
        if self.failed or self._sessions is None:
            self._fail(batch, "the archive is not writable")
            return
        try:
            outcomes = self._commit(batch, rejected)
        except (OperationalError, InterfaceError) as exc:
            # The database itself is gone, locked, full or read-only: stop.
            self._fail(batch, _one_line(exc))
            return
        except Exception:
            # One bad item must not sink the batch or the crawl: store the
            # rest one by one and record what cannot be stored.
            logger.exception("batch of %d could not be committed; storing one by one", len(batch))
            outcomes = self._commit_one_by_one(batch, rejected)
        self._report(outcomes, rejected)
        for _, committed in batch:
            if not committed.done():
                committed.set_result(None)

    def _commit(
        self,
        batch: list[tuple[StoredItem, asyncio.Future[None]]],
        rejected: list[FailureRecord],
    ) -> list[str]:
        """One transaction for the batch; the ``archive/*`` stats it earns once committed."""
        assert self._sessions is not None
        with self._sessions.begin() as session:
            outcomes, article_ids = self._write(session, [item for item, _ in batch])
            for failure in rejected:
                record_failure(session, failure, self.run_id)
            index_essays(session, article_ids)
        return outcomes

    def _commit_one_by_one(
        self,
        batch: list[tuple[StoredItem, asyncio.Future[None]]],
        rejected: list[FailureRecord],
    ) -> list[str]:
        outcomes = []
        for item, committed in batch:
            try:
                outcomes.extend(self._commit([(item, committed)], []))
            except (OperationalError, InterfaceError):
                raise
            except Exception as exc:
                failure = FailureRecord(
                    item.url, "store_error", datetime.now(UTC), detail=_one_line(exc)
                )
                self._commit([], [failure])
                outcomes.append("failures/store_error")
                committed.set_exception(ArchiveWriteFailed(f"not stored: {_one_line(exc)}"))
        self._commit([], rejected)
        return outcomes

    def _report(self, outcomes: list[str], rejected: list[FailureRecord]) -> None:
        """Stats for what was committed, and only that."""
        self.stats.inc_value("archive/batches")
        for outcome in [*outcomes, *(f"failures/{failure.reason}" for failure in rejected)]:
            self.stats.inc_value(f"archive/{outcome}")
            if outcome.startswith("failures/"):
                self.stats.inc_value("archive/failures")

    def _write(self, session: Session, items: list[StoredItem]) -> tuple[list[str], list[int]]:
        """Failures, then essays in one batch write, then 304s: stat names and stored ids.

        Failures first: a URL that fails, then yields its essay within one
        batch ends resolved, as it would one item at a time.
        """
        outcomes = []
        for failure in (item for item in items if isinstance(item, FetchFailure)):
            outcomes.extend(self._write_failure(session, failure))
        essays = [item for item in items if isinstance(item, EssayItem)]
        stored = store_essays(
            session, [_essay_record(item) for item in essays], self.run_id, self.near
        )
        for item, result in zip(essays, stored, strict=True):
            item.duplicate_of = result.duplicate_of
            item.duplicate_kind = result.duplicate_kind
            item.similarity = result.similarity
            outcomes.append(f"essays_{result.outcome}")
            if result.duplicate_kind:
                outcomes.append(f"copies_{result.duplicate_kind}")
        seen = {item.url: item.seen_at for item in items if isinstance(item, EssaySeen)}
        # A 304 for a URL no longer archived (deleted by hand) counts as nothing.
        outcomes.extend("essays_unchanged" for _ in mark_seen(session, seen))
        return outcomes, [result.article_id for result in stored]

    def _write_failure(self, session: Session, item: FetchFailure) -> list[str]:
        now = datetime.now(UTC)
        record_failure(
            session,
            FailureRecord(
                item.url,
                item.reason,
                seen_at=now,
                status=item.status,
                attempts=item.attempts,
                detail=item.detail,
            ),
            self.run_id,
        )
        failed = f"failures/{item.reason}"
        # An archived essay that now answers 404 is also gone (crawler.health
        # does not count it against the crawl's failure rate).
        if item.reason in GONE_REASONS and mark_gone(session, item.url, now):
            return ["essays_gone", failed]
        return [failed]

    def _fail(self, batch: list[tuple[Any, asyncio.Future[None]]], message: str) -> None:
        first = not self.failed
        self.failed = True
        self.stats.inc_value("archive/not_stored", len(batch))
        for _, committed in batch:
            if not committed.done():
                committed.set_exception(
                    ArchiveWriteFailed(f"not stored, archive write failed: {message}")
                )
        if first:
            logger.error("archive write failed, stopping the crawl: %s", message)
            self.stats.set_value("archive/error", message)
            assert self.crawler.engine is not None
            deferred_from_coro(
                self.crawler.engine.close_spider_async(reason="archive_write_failed")
            )


def _essay_record(item: EssayItem) -> EssayRecord:
    assert item.title is not None and item.content_hash is not None  # validated upstream
    return EssayRecord(
        url=item.url,
        title=item.title,
        body=item.body,
        content_hash=item.content_hash,
        fetched_at=item.fetched_at,
        pages=[PageRecord(page.url, page.html, page.encoding) for page in item.pages],
        category=item.category,
        category_url=item.category_url,
        raw_date=item.raw_date,
        published_at=item.published_at,
        date_precision=item.date_precision,
        date_source=item.date_source,
        date_problem=item.date_problem,
        minhash=item.minhash,
        band_keys=item.band_keys,
        etag=item.etag,
        last_modified=item.last_modified,
    )


def _one_line(exc: BaseException) -> str:
    original = getattr(exc, "orig", None) or exc
    return f"{type(original).__name__}: {str(original).splitlines()[0] if str(original) else ''}"

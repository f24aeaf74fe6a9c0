"""StorePipeline: essays and failures into the archive, in all-or-nothing batches.

Items wait in a batch until ``ARCHIVE_BATCH_SIZE`` of them are pending or the
``ARCHIVE_FLUSH_SECONDS`` timer fires; the batch is written in one
transaction by a :class:`~crawler.batch_writer.BatchWriter`, in the crawl's
archive-writer process (``crawler.offload``) so that the database work runs
beside the engine, not on its core. One batch is written at a time; items
arriving meanwhile gather into the next. ``process_item`` returns only after
its batch's transaction commits, so Scrapy's ``item_scraped`` (and every
``archive/*`` stat) means "committed". If the archive cannot be written, the
batch's items are dropped as not stored, the crawl stops with finish reason
``archive_write_failed``, and the next run fetches them again.
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
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from twisted.internet.task import LoopingCall

from crawler.batch_writer import (
    BatchOutcome,
    StoredItem,
    WriterConfig,
    close_writer,
    one_line,
    write_batch,
)
from crawler.items import EssayItem
from crawler.offload import shared_stage
from crawler.pipelines.validate import EssayRejected
from crawler.run_record import close_run, open_run
from storage.archive import FailureRecord
from storage.database import make_engine, resolve_db_url, session_factory
from storage.schema import upgrade

logger = logging.getLogger(__name__)

__all__ = ["ArchiveWriteFailed", "StorePipeline", "StoredItem"]

WRITER_STAGE = "writer"


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
        self.stats: StatsCollector = crawler.stats
        self.db_url = db_url
        self.batch_size = max(1, batch_size)
        self.flush_seconds = flush_seconds
        self.near_threshold = near_threshold
        self.writer = shared_stage(crawler, WRITER_STAGE, work_per_item=1, max_processes=1)
        self.run_id: int | None = None
        self.failed = False
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        self._pending: list[tuple[StoredItem, asyncio.Future[None]]] = []
        self._rejected: list[FailureRecord] = []
        self._writing: asyncio.Task[None] | None = None
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

    @property
    def config(self) -> WriterConfig:
        return WriterConfig(self.db_url, self.run_id, self.near_threshold)

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

    async def close_spider(self) -> None:
        if self._timer is not None and self._timer.running:
            self._timer.stop()
        while self._writing is not None or self._pending or self._rejected:
            if self._writing is None:
                self._flush()
            if self._writing is not None:
                await asyncio.shield(self._writing)
        if self.writer.in_child:
            await self.writer.run(close_writer, self.config)
        close_writer(self.config)  # the one that wrote here before the child was ready

    def spider_closed(self, reason: str) -> None:
        if self._sessions is None or self.run_id is None:
            return
        try:
            with self._sessions.begin() as session:
                close_run(session, self.crawler, self.run_id, reason, self.failed)
        except SQLAlchemyError as exc:
            logger.error("could not record the end of crawl run %s: %s", self.run_id, one_line(exc))
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
        """Send what is pending to the writer, unless a batch is being written."""
        if self._writing is not None or not (self._pending or self._rejected):
            return
        batch, self._pending = self._pending, []
        rejected, self._rejected = self._rejected, []
        self._writing = asyncio.ensure_future(self._write(batch, rejected))

    async def _write(
        self, batch: list[tuple[StoredItem, asyncio.Future[None]]], rejected: list[FailureRecord]
    ) -> None:
        try:
            if self.failed or self._sessions is None:
                self._fail(batch, "the archive is not writable")
                return
            items = [item for item, _ in batch]
            outcome = await self.writer.run(
                write_batch, self.config, items, rejected, work=len(items)
            )
            self._settle(batch, outcome)
        except Exception as exc:
            # The writer's own failures come back as an outcome; this is a
            # failure to reach it at all.
            self._fail(batch, one_line(exc))
        finally:
            self._writing = None
        # A full batch may have gathered while this one was written.
        if len(self._pending) >= self.batch_size or self._nothing_else_coming():
            self._flush()

    def _settle(
        self, batch: list[tuple[StoredItem, asyncio.Future[None]]], outcome: BatchOutcome
    ) -> None:
        """Stats for what was committed, and only that; then let the items go on."""
        if outcome.unusable is not None:
            self._fail(batch, outcome.unusable)
            return
        if outcome.problem:
            logger.error(outcome.problem)
        self.stats.inc_value("archive/batches")
        for name in outcome.outcomes:
            self.stats.inc_value(f"archive/{name}")
            if name.startswith("failures/"):
                self.stats.inc_value("archive/failures")
        for index, (item, committed) in enumerate(batch):
            link = outcome.links.get(index)
            if link is not None and isinstance(item, EssayItem):
                item.duplicate_of = link.duplicate_of
                item.duplicate_kind = link.duplicate_kind
                item.similarity = link.similarity
            if committed.done():
                continue
            if index in outcome.errors:
                committed.set_exception(ArchiveWriteFailed(f"not stored: {outcome.errors[index]}"))
            else:
                committed.set_result(None)

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

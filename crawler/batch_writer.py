"""Writing one batch of items to the archive in one transaction.

This is the store pipeline's work that needs no Scrapy: the pipeline
gathers items into batches and reports what a batch's commit earned; a
:class:`BatchWriter` turns a batch into one transaction and says what it
committed. The writer runs in the crawl's own process or in a child process
(``crawler.offload``), so everything it takes and returns pickles, and
nothing it does is visible to Scrapy before its answer comes back: an item
is reported stored only after the answer says its transaction committed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from crawler import minhash
from crawler.items import EssayItem, EssaySeen, FetchFailure
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
from storage.database import make_engine, session_factory
from storage.dedupe import NearRule
from storage.search import index_essays

StoredItem = EssayItem | EssaySeen | FetchFailure


@dataclass(frozen=True)
class WriterConfig:
    """All a writer needs, in a form that crosses a process boundary."""

    db_url: str
    run_id: int | None
    near_threshold: float | None


@dataclass(frozen=True)
class EssayLink:
    """What the store decided about one essay of the batch."""

    duplicate_of: str | None
    duplicate_kind: str | None
    similarity: float | None


@dataclass
class BatchOutcome:
    """What one batch's commit earned.

    ``outcomes``: one ``archive/`` stat name per committed fact.
    ``links``: per essay (by its index in the batch), its canonical.
    ``errors``: items (by index) that could not be stored, with the reason;
    their failure is recorded instead. ``unusable``: the database cannot be
    written at all, and nothing of the batch was committed. ``problem``: a
    message for the crawl's log (the writer may run where no log is kept).
    """

    outcomes: list[str] = field(default_factory=list)
    links: dict[int, EssayLink] = field(default_factory=dict)
    errors: dict[int, str] = field(default_factory=dict)
    unusable: str | None = None
    problem: str | None = None


class BatchWriter:
    def __init__(self, config: WriterConfig) -> None:
        self.run_id = config.run_id
        self.near = (
            NearRule(minhash.jaccard, config.near_threshold, minhash.stored_band_keys)
            if config.near_threshold is not None
            else None
        )
        self.engine: Engine = make_engine(config.db_url)
        self.sessions: sessionmaker[Session] = session_factory(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def write(self, items: list[StoredItem], rejected: list[FailureRecord]) -> BatchOutcome:
        """The batch in one transaction; item by item if one of them cannot be stored."""
        try:
            return self._commit(items, rejected)
        except (OperationalError, InterfaceError) as exc:
            # The database itself is gone, locked, full or read-only: stop.
            return BatchOutcome(unusable=one_line(exc))
        except Exception as exc:
            # One bad item must not sink the batch or the crawl: store the
            # rest one by one and record what cannot be stored.
            problem = f"batch of {len(items)} could not be committed ({one_line(exc)})"
            try:
                outcome = self._commit_one_by_one(items, rejected)
            except (OperationalError, InterfaceError) as exc:
                return BatchOutcome(unusable=one_line(exc))
            outcome.problem = f"{problem}; stored one by one"
            return outcome

    def _commit(self, items: list[StoredItem], rejected: list[FailureRecord]) -> BatchOutcome:
        outcome = BatchOutcome()
        with self.sessions.begin() as session:
            article_ids = self._write(session, items, outcome)
            for failure in rejected:
                record_failure(session, failure, self.run_id)
            index_essays(session, article_ids)
        outcome.outcomes.extend(f"failures/{failure.reason}" for failure in rejected)
        return outcome

    def _commit_one_by_one(
        self, items: list[StoredItem], rejected: list[FailureRecord]
    ) -> BatchOutcome:
        outcome = BatchOutcome()
        for index, item in enumerate(items):
            try:
                single = self._commit([item], [])
            except (OperationalError, InterfaceError):
                raise
            except Exception as exc:
                reason = one_line(exc)
                failure = FailureRecord(item.url, "store_error", datetime.now(UTC), detail=reason)
                outcome.outcomes.extend(self._commit([], [failure]).outcomes)
                outcome.errors[index] = reason
                continue
            outcome.outcomes.extend(single.outcomes)
            if 0 in single.links:
                outcome.links[index] = single.links[0]
        outcome.outcomes.extend(self._commit([], rejected).outcomes)
        return outcome

    def _write(self, session: Session, items: list[StoredItem], outcome: BatchOutcome) -> list[int]:
        """Failures, then essays in one batch write, then 304s: the stored essays' ids.

        Failures first: a URL that fails, then yields its essay within one
        batch ends resolved, as it would one item at a time.
        """
        for item in items:
            if isinstance(item, FetchFailure):
                outcome.outcomes.extend(self._write_failure(session, item))
        essays = [(index, item) for index, item in enumerate(items) if isinstance(item, EssayItem)]
        stored = store_essays(
            session, [essay_record(item) for _, item in essays], self.run_id, self.near
        )
        for (index, _), result in zip(essays, stored, strict=True):
            outcome.links[index] = EssayLink(
                result.duplicate_of, result.duplicate_kind, result.similarity
            )
            outcome.outcomes.append(f"essays_{result.outcome}")
            if result.duplicate_kind:
                outcome.outcomes.append(f"copies_{result.duplicate_kind}")
        seen = {item.url: item.seen_at for item in items if isinstance(item, EssaySeen)}
        # A 304 for a URL no longer archived (deleted by hand) counts as nothing.
        outcome.outcomes.extend("essays_unchanged" for _ in mark_seen(session, seen))
        return [result.article_id for result in stored]

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


# One writer per crawl, in whichever process runs it: ``write_batch`` is what
# a child process is sent, so it finds its writer by the crawl's config.
_writers: dict[WriterConfig, BatchWriter] = {}


def write_batch(
    config: WriterConfig, items: list[StoredItem], rejected: list[FailureRecord]
) -> BatchOutcome:
    writer = _writers.get(config)
    if writer is None:
        writer = _writers[config] = BatchWriter(config)
    return writer.write(items, rejected)


def close_writer(config: WriterConfig) -> None:
    writer = _writers.pop(config, None)
    if writer is not None:
        writer.close()


def essay_record(item: EssayItem) -> EssayRecord:
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


def one_line(exc: BaseException) -> str:
    original = getattr(exc, "orig", None) or exc
    return f"{type(original).__name__}: {str(original).splitlines()[0] if str(original) else ''}"

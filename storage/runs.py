"""Crawl runs as records: one row a run, opened at its start and completed at its end."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.models import CrawlRun, Failure


def start_run(
    session: Session,
    spider: str,
    arguments: dict[str, Any],
    host: str,
    pid: int,
    job: str | None = None,
) -> int:
    run = CrawlRun(spider=spider, arguments=arguments, host=host, pid=pid, job=job)
    session.add(run)
    session.flush()
    return run.id


def previous_run(session: Session, job: str | None, before_id: int) -> CrawlRun | None:
    """The latest run of the same job (or of no job) that started before ``before_id``."""
    job_filter = CrawlRun.job.is_(None) if job is None else CrawlRun.job == job
    return session.scalar(
        select(CrawlRun)
        .where(job_filter, CrawlRun.id < before_id)
        .order_by(CrawlRun.id.desc())
        .limit(1)
    )


def last_finished_run(session: Session, job: str | None, before_id: int) -> CrawlRun | None:
    """The latest run of the same job that walked the whole site to its end."""
    job_filter = CrawlRun.job.is_(None) if job is None else CrawlRun.job == job
    return session.scalar(
        select(CrawlRun)
        .where(
            job_filter,
            CrawlRun.id < before_id,
            CrawlRun.finish_reason == "finished",
        )
        .order_by(CrawlRun.id.desc())
        .limit(1)
    )


def mark_stale_runs(session: Session, host: str, alive: Callable[[int], bool]) -> list[int]:
    """Runs left ``running`` by a process of this host that no longer exists are interrupted.

    A run on another host cannot be checked from here; it stays as it is.
    """
    stale = [
        run.id
        for run in session.scalars(
            select(CrawlRun).where(CrawlRun.status == "running", CrawlRun.host == host)
        )
        if run.pid is None or not alive(run.pid)
    ]
    if stale:
        session.execute(
            update(CrawlRun)
            .where(CrawlRun.id.in_(stale))
            .values(status="interrupted", finish_reason="process_died")
        )
    return stale


def recent_runs(session: Session, limit: int) -> list[CrawlRun]:
    return list(session.scalars(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(limit)))


def open_failures(
    session: Session, run_id: int | None, reason: str | None, limit: int
) -> list[Failure]:
    """Failures not resolved since, the latest first; of one run, or of one reason."""
    query = select(Failure).where(Failure.resolved_at.is_(None))
    if run_id is not None:
        query = query.where(Failure.run_id == run_id)
    if reason is not None:
        query = query.where(Failure.reason == reason)
    return list(session.scalars(query.order_by(Failure.last_seen.desc(), Failure.url).limit(limit)))

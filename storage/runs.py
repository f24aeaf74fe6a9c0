"""Crawl runs as records: one row a run, opened at its start and completed at its end."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from storage.models import CrawlRun


def start_run(session: Session, spider: str, arguments: dict[str, Any], host: str, pid: int) -> int:
    run = CrawlRun(spider=spider, arguments=arguments, host=host, pid=pid)
    session.add(run)
    session.flush()
    return run.id


def finish_run(
    session: Session,
    run_id: int,
    status: str,
    reason: str,
    stats: dict[str, Any],
    finished_at: datetime,
) -> None:
    session.execute(
        update(CrawlRun)
        .where(CrawlRun.id == run_id)
        .values(status=status, finish_reason=reason, stats=stats, finished_at=finished_at)
    )

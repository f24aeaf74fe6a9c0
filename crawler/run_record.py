"""The crawl-run row: opened when the spider opens, completed when it closes.

The row carries the run's arguments, its status (``running``, ``finished``,
``failed``, ``interrupted``), its counts and its health, so a scheduler or a
person on call reads how the night went from the database, not from logs.
"""

from __future__ import annotations

import os
import resource
import socket
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector
from sqlalchemy import update
from sqlalchemy.orm import Session

from crawler.health import Health, assess, category_entries, failure_reasons
from storage.database import masked
from storage.models import CrawlRun
from storage.runs import last_finished_run, mark_stale_runs, start_run

# Scrapy's finish reason -> the run's status.
RUN_STATUS = {"finished": "finished", "shutdown": "interrupted"}


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True


def open_run(session: Session, crawler: Crawler, db_url: str) -> int:
    """Mark this host's dead ``running`` rows interrupted, then start this run's row."""
    host = socket.gethostname()
    mark_stale_runs(session, host, process_alive)
    settings = crawler.settings
    spider = crawler.spider
    arguments = {
        "start_urls": list(getattr(spider, "start_urls", [])),
        "db": masked(db_url),
        "replay": settings.get("ARCHIVE_REPLAY_PATH"),
        "warc": settings.get("ARCHIVE_WARC_PATH"),
        "refresh_after_days": settings.getfloat("ARCHIVE_REFRESH_AFTER_DAYS"),
        "stop_after_known": settings.getint("ARCHIVE_STOP_AFTER_KNOWN"),
        "full": settings.getbool("ARCHIVE_FULL"),
        "max_failure_rate": settings.getfloat("ARCHIVE_MAX_FAILURE_RATE"),
        "redis": masked(settings["REDIS_URL"]) if settings.get("REDIS_URL") else None,
        "worker": settings.get("ARCHIVE_WORKER_ID"),
    }
    return start_run(
        session,
        spider.name if spider else "?",
        arguments,
        host,
        os.getpid(),
        job=settings.get("ARCHIVE_JOB"),
    )


def run_status(finish_reason: str, write_failed: bool) -> str:
    if write_failed:
        return "failed"
    if finish_reason.startswith("closespider_"):
        return "finished"
    return RUN_STATUS.get(finish_reason, "failed")


def close_run(
    session: Session,
    crawler: Crawler,
    run_id: int,
    finish_reason: str,
    write_failed: bool,
) -> Health:
    """Judge the run against the previous complete one and complete its row."""
    assert crawler.stats is not None
    stats = crawler.stats.get_stats()
    job = crawler.settings.get("ARCHIVE_JOB")
    previous = last_finished_run(session, job, run_id)
    previous_entries = previous.category_entries if previous is not None else None
    if crawler.settings.get("ARCHIVE_WORKER_ID"):
        # A worker of a shared crawl sees only its share of the list pages.
        previous_entries = None
    health = assess(
        "archive_write_failed" if write_failed else finish_reason,
        stats,
        previous_entries,
        crawler.settings.getfloat("ARCHIVE_MAX_FAILURE_RATE", 0.2),
    )
    crawler.stats.set_value("archive/exit_code", health.exit_code)
    record_cpu(crawler.stats)
    for problem, message in health.problems.items():
        crawler.stats.set_value(f"archive/health/{problem}", message)
    session.execute(
        update(CrawlRun)
        .where(CrawlRun.id == run_id)
        .values(
            status=run_status(finish_reason, write_failed),
            finish_reason=finish_reason,
            finished_at=datetime.now(UTC),
            exit_code=health.exit_code,
            health_problems=health.problems or None,
            stats=_jsonable(crawler.stats.get_stats()),
            **run_counts(stats),
        )
    )
    return health


def run_counts(stats: Mapping[str, Any]) -> dict[str, Any]:
    def count(key: str) -> int:
        return int(stats.get(key, 0))

    return {
        "pages_fetched": count("downloader/response_count"),
        "essays_new": count("archive/essays_new"),
        "essays_updated": count("archive/essays_updated"),
        "essays_unchanged": count("archive/essays_unchanged"),
        "essays_gone": count("archive/essays_gone"),
        "copies": count("archive/copies_exact") + count("archive/copies_near"),
        "failures": count("archive/failures"),
        "retries": count("retry/count"),
        "bytes_received": count("downloader/response_bytes"),
        "failure_reasons": failure_reasons(stats) or None,
        "category_entries": category_entries(stats) or None,
    }


def _jsonable(stats: Mapping[str, Any]) -> dict[str, Any]:
    return {
        key: value.isoformat() if isinstance(value, datetime) else value
        for key, value in stats.items()
        if isinstance(value, str | int | float | bool | datetime) or value is None
    }


def record_cpu(stats: StatsCollector) -> None:
    """CPU seconds of the crawl's process and of its pipeline children (crawler.offload).

    By the time the run closes, the children have exited and been waited
    for, so their time is in ``RUSAGE_CHILDREN``.
    """
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    stats.set_value("process/cpu_s", round(own.ru_utime + own.ru_stime, 3))
    stats.set_value("process/children_cpu_s", round(children.ru_utime + children.ru_stime, 3))

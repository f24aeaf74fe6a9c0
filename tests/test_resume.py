"""A crawl stopped mid-run -- cleanly by a signal, or by kill -9 -- resumes to the same archive.

The crawls are real ``fanwen crawl --job`` processes against the fixture site
over HTTP on 127.0.0.1, slowed down (one request at a time, a small delay)
so that the test can stop them in the middle.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fanwen_runner import FAST, REPO, by_path, export, fanwen
from golden_records import comparable
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from crawler.health import EXIT_LOCKED, EXIT_NOT_FINISHED
from crawler.webarchive import serve_fixture_site
from storage.database import make_engine, session_factory
from storage.models import Article, ArticlePage, CrawlRun

FIXTURES = REPO / "fixtures" / "site"
# The fixtures' failing URLs are a fifth of the site; a resumed half of it may pass 20%.
TOLERANT = ("--max-failure-rate", "0.5")
SLOW = ("-s", "DOWNLOAD_DELAY=0.15", "-s", "CONCURRENT_REQUESTS=1", "-s", "ARCHIVE_BATCH_SIZE=3")


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serve_fixture_site(FIXTURES) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def uninterrupted(site: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db_url = f"sqlite:///{tmp_path_factory.mktemp('reference') / 'reference.db'}"
    run = fanwen("crawl", "--start-url", site, "--db", db_url, *FAST)
    assert run.returncode == 0, run.stderr
    return {path: comparable(record) for path, record in by_path(export(db_url)).items()}


def crawl_args(site: str, db_url: str, jobs: Path) -> list[str]:
    return [
        "crawl",
        "--start-url",
        site,
        "--db",
        db_url,
        *FAST,
        *TOLERANT,
        "--job",
        "nightly",
        "-s",
        f"ARCHIVE_JOBS_DIR={jobs}",
    ]


def archived(db_url: str) -> int:
    engine = make_engine(db_url)
    try:
        with session_factory(engine)() as session:
            return session.scalar(select(func.count()).select_from(Article)) or 0
    finally:
        engine.dispose()


def start_and_stop_midway(args: list[str], db_url: str, stop: signal.Signals) -> int:
    """Start a slow crawl, send ``stop`` once some essays are committed; its exit code."""
    process = subprocess.Popen(
        [sys.executable, "-m", "crawler", *args, *SLOW],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if archived(db_url) >= 9:
                break
        except OperationalError:
            pass  # the crawl has not created the schema yet
        time.sleep(0.1)
    assert process.poll() is None, "the crawl ended before it could be stopped"
    os.kill(process.pid, stop)
    return process.wait(timeout=60)


def archive_state(db_url: str) -> tuple[int, int, list[str]]:
    engine = make_engine(db_url)
    with session_factory(engine)() as session:
        articles = session.scalar(select(func.count()).select_from(Article)) or 0
        pages = session.scalar(select(func.count()).select_from(ArticlePage)) or 0
        statuses = list(session.scalars(select(CrawlRun.status).order_by(CrawlRun.id)))
    engine.dispose()
    return articles, pages, statuses


def test_kill_9_mid_run_then_resume_gives_the_uninterrupted_archive(
    site: str, uninterrupted: dict[str, Any], tmp_path: Path
) -> None:
    db_url = f"sqlite:///{tmp_path / 'killed.db'}"
    args = crawl_args(site, db_url, tmp_path / "jobs")
    assert start_and_stop_midway(args, db_url, signal.SIGKILL) == -signal.SIGKILL
    stored_before = archived(db_url)
    assert 9 <= stored_before < len(uninterrupted)
    assert (tmp_path / "jobs" / "nightly" / "running").exists()

    resumed = fanwen(*args)
    assert resumed.returncode == 0, resumed.stderr
    assert "the last run of job 'nightly' was killed" in resumed.stderr
    records = {path: comparable(record) for path, record in by_path(export(db_url)).items()}
    assert records == uninterrupted
    articles, pages, statuses = archive_state(db_url)
    assert articles == len(uninterrupted)
    # One stored page per essay page fetched: nothing stored twice.
    reference_pages = sum(record["pages"] for record in uninterrupted.values())
    assert pages == reference_pages
    # The killed run's row is recognised as interrupted by the next start.
    assert statuses == ["interrupted", "finished"]


def test_sigterm_ends_the_run_cleanly_and_the_job_resumes_its_frontier(
    site: str, uninterrupted: dict[str, Any], tmp_path: Path
) -> None:
    db_url = f"sqlite:///{tmp_path / 'stopped.db'}"
    args = crawl_args(site, db_url, tmp_path / "jobs")
    assert start_and_stop_midway(args, db_url, signal.SIGTERM) == EXIT_NOT_FINISHED
    _, _, statuses = archive_state(db_url)
    assert statuses == ["interrupted"]
    # The frontier was saved for the next run, and the run ended cleanly.
    state = tmp_path / "jobs" / "nightly" / "state"
    assert (state / "requests.seen").exists()
    assert not (tmp_path / "jobs" / "nightly" / "running").exists()

    resumed = fanwen(*args)
    assert resumed.returncode == 0, resumed.stderr
    assert "was killed" not in resumed.stderr
    records = {path: comparable(record) for path, record in by_path(export(db_url)).items()}
    assert records == uninterrupted
    articles, pages, statuses = archive_state(db_url)
    assert articles == len(uninterrupted)
    assert pages == sum(record["pages"] for record in uninterrupted.values())
    assert statuses == ["interrupted", "finished"]
    assert not state.exists()


def test_two_crawls_of_one_job_at_once_the_second_refuses(site: str, tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'locked.db'}"
    args = crawl_args(site, db_url, tmp_path / "jobs")
    first = subprocess.Popen(
        [sys.executable, "-m", "crawler", *args, *SLOW],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    marker = tmp_path / "jobs" / "nightly" / "running"
    deadline = time.monotonic() + 30
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    second = fanwen(*args)
    assert first.poll() is None, "the first crawl ended before the second started"
    assert second.returncode == EXIT_LOCKED
    assert second.stderr.strip() == (
        f"fanwen crawl: another run of job 'nightly' is running (pid {first.pid}); "
        "this one does not start"
    )
    _, stderr = first.communicate(timeout=120)
    assert first.returncode == 0, stderr
    # Only the first run has a row: the refused one never opened the archive.
    assert archive_state(db_url)[2] == ["finished"]

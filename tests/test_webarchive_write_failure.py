"""A WARC recording that cannot be written stops the crawl as an unwritable archive does.

Real failures, no fakes: ``/dev/full`` answers every write with ENOSPC, and a
file-size limit (RLIMIT_FSIZE, the crawl's process only) makes the WARC fail
mid-crawl with EFBIG while the archive, in PostgreSQL, is written by another
process. Python ignores SIGXFSZ, so the write fails instead of the process.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

from fanwen_runner import FAST, REPO, export
from sqlalchemy import select

from crawler.health import EXIT_ARCHIVE_WRITE_FAILED
from crawler.webarchive import WarcSource, serve_fixture_site
from storage.database import make_engine, session_factory
from storage.models import CrawlRun, Failure

FIXTURES = REPO / "fixtures" / "site"
WARC_LIMIT = 100_000  # bytes: some 10 of the site's 51 pages
SITE_FAILURE_REASONS = {"http_404", "soft_404", "missing_title", "empty_body"}


def limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (WARC_LIMIT, WARC_LIMIT))


def crawl(db_url: str, warc: Path, limited: bool) -> subprocess.CompletedProcess[str]:
    with serve_fixture_site(FIXTURES) as base_url:
        command = [sys.executable, "-m", "crawler", "crawl", "--start-url", base_url]
        return subprocess.run(
            [*command, "--db", db_url, "--warc", str(warc), "--no-progress", *FAST],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=300,
            preexec_fn=limit_file_size if limited else None,
        )


def run_row(db_url: str) -> tuple[str, str | None, int | None]:
    engine = make_engine(db_url)
    with session_factory(engine)() as session:
        row = session.execute(select(CrawlRun.status, CrawlRun.finish_reason, CrawlRun.exit_code))
        status, reason, code = row.one()
    engine.dispose()
    return status, reason, code


def failure_reasons(db_url: str) -> set[str]:
    engine = make_engine(db_url)
    with session_factory(engine)() as session:
        reasons = set(session.scalars(select(Failure.reason)))
    engine.dispose()
    return reasons


def test_a_full_disk_at_the_first_record_stops_the_crawl_in_one_line(
    postgres_db_url: str,
) -> None:
    run = crawl(postgres_db_url, Path("/dev/full"), limited=False)
    assert (run.returncode, run.stderr.splitlines()[-1]) == (
        EXIT_ARCHIVE_WRITE_FAILED,
        "fanwen crawl: cannot write the WARC /dev/full: No space left on device (exit code 3)",
    )
    assert "Traceback" not in run.stderr
    assert run_row(postgres_db_url) == ("failed", "warc_write_failed", EXIT_ARCHIVE_WRITE_FAILED)
    assert export(postgres_db_url) == []


def test_a_recording_that_fails_mid_crawl_stops_it_and_stays_readable(
    postgres_db_url: str, tmp_path: Path
) -> None:
    warc = tmp_path / "site.warc"
    run = crawl(postgres_db_url, warc, limited=True)
    assert (run.returncode, run.stderr.splitlines()[-1]) == (
        EXIT_ARCHIVE_WRITE_FAILED,
        f"fanwen crawl: cannot write the WARC {warc}: File too large (exit code 3)",
    )
    assert "Traceback" not in run.stderr
    assert run_row(postgres_db_url) == ("failed", "warc_write_failed", EXIT_ARCHIVE_WRITE_FAILED)
    # The pages already downloaded are the site's answers: at most the fixture
    # site's own failures (tests/faults/site_outcomes.py), never an OSError.
    assert failure_reasons(postgres_db_url) <= SITE_FAILURE_REASONS
    # The half-written record was cut off: the file loads, every record whole.
    recorded = WarcSource.load(warc).urls
    assert 0 < len(recorded) < 51
    assert warc.stat().st_size <= WARC_LIMIT

"""Faults in the archive itself: read-only, locked by another writer, full.

Each test runs the real ``fanwen crawl`` (replaying the bundled fixture site,
or the fault server when the crawl must last long enough to be interrupted)
into a real SQLite file with the fault switched on, then checks what the
archive holds, and runs again with the fault gone. A batch is all or
nothing: what the failed run stored is exactly what a clean run stores for
those essays, the summary counts only that, and the second run completes the
archive. README.md in this folder tables the outcomes.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fanwen_runner import FAST, REPO, Run, by_path, export, fanwen
from fault_server import FaultServer
from golden_records import comparable, expected_archive
from site_outcomes import SITE_FAILURES, failure_rows

from crawler.health import EXIT_ARCHIVE_WRITE_FAILED
from storage.database import SQLITE_BUSY_TIMEOUT_SECONDS, make_engine
from storage.schema import upgrade

pytestmark = pytest.mark.slow

FIXTURES = REPO / "fixtures" / "site"
LOCK_HOLDER = Path(__file__).with_name("archive_lock.py")
# The schema takes 28 pages of 4 KB and the fixture site about 108: the cap
# lets the first batches in and fills the file in the middle of the crawl.
MAX_PAGE_COUNT = 60
BATCH_SIZE = 5
LOCK_SECONDS = 10
COPY_LINK = ("duplicate_of", "duplicate_kind")
WRITE_FAILED = f"(exit code {EXIT_ARCHIVE_WRITE_FAILED})"


def resume(db_url: str, *args: str) -> Run:
    """The run after a failed one: it fetches only what is not archived yet, so the
    site's own failures are a larger share of its URLs than the health limit allows."""
    return crawl(db_url, *args, "-s", "ARCHIVE_MAX_FAILURE_RATE=1.0")


def crawl(db_url: str, *settings: str) -> Run:
    return fanwen(
        "crawl", "--db", db_url, "-s", f"ARCHIVE_BATCH_SIZE={BATCH_SIZE}", *FAST, *settings
    )


def summary_count(run: Run, row: str) -> int:
    """A count from the summary table the crawl prints (0 when the row is absent)."""
    match = re.search(rf"{re.escape(row)}\W*(\d+)", run.stdout)
    return int(match[1]) if match else 0


def last_line(run: Run) -> str:
    return run.stderr.strip().splitlines()[-1]


def stored_essays(db_url: str) -> dict[str, dict[str, Any]]:
    return {path: comparable(record) for path, record in by_path(export(db_url)).items()}


def without_copy_links(records: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {
        path: {key: value for key, value in record.items() if key not in COPY_LINK}
        for path, record in records.items()
    }


def copy_pairs(records: dict[str, dict[str, Any]]) -> set[tuple[frozenset[str], str]]:
    """Which essays are copies of which, and how: an exact pair's canonical is the one
    stored first, which an interrupted crawl may change."""
    return {
        (frozenset({path, record["duplicate_of"]}), record["duplicate_kind"])
        for path, record in records.items()
        if record["duplicate_of"]
    }


def assert_nothing_half_written(db_url: str, path: Path) -> None:
    """Every essay in the archive is whole, as a clean run stores it; the file is sound."""
    stored = stored_essays(db_url)
    expected = expected_archive()
    assert without_copy_links(stored) == without_copy_links(
        {essay: expected[essay] for essay in stored}
    )
    assert {record["duplicate_of"] for record in stored.values()} <= {None, *stored}
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def assert_complete(db_url: str) -> None:
    stored = stored_essays(db_url)
    assert without_copy_links(stored) == without_copy_links(expected_archive())
    assert copy_pairs(stored) == copy_pairs(expected_archive())
    assert failure_rows(db_url) == SITE_FAILURES


def fresh_archive(path: Path) -> str:
    db_url = f"sqlite:///{path}"
    engine = make_engine(db_url)
    upgrade(engine)
    engine.dispose()
    return db_url


@contextmanager
def archive_locked(path: Path, seconds: float, *, after_first_essay: bool) -> Iterator[None]:
    """Another process holding the archive's write lock (tests/faults/archive_lock.py)."""
    args = [sys.executable, str(LOCK_HOLDER), str(path), str(seconds)]
    if after_first_essay:
        args.append("--after-first-essay")
    with subprocess.Popen(args, stdout=subprocess.PIPE, text=True) as holder:
        try:
            if not after_first_essay:
                assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
            yield
            assert holder.wait(timeout=60) == 0
        finally:
            holder.kill()


# -- read-only ------------------------------------------------------------------------


@contextmanager
def immutable(path: Path) -> Iterator[None]:
    """``chattr +i``: refused even to root, unlike ``chmod 0444``."""
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not installed")
    made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"this filesystem has no immutable files: {made.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


@pytest.mark.parametrize("how", ["chattr_immutable", "sqlite_mode_ro"])
def test_read_only_archive_stops_the_crawl_in_one_line(tmp_path: Path, how: str) -> None:
    path = tmp_path / "archive.db"
    db_url = fresh_archive(path)
    if how == "chattr_immutable":
        with immutable(path):
            run = crawl(db_url)
    else:
        run = crawl(f"sqlite:///file:{path}?mode=ro&uri=true")
    assert run.returncode == EXIT_ARCHIVE_WRITE_FAILED
    assert "Traceback" not in run.stderr
    assert re.fullmatch(
        r"fanwen crawl: cannot write the archive \S+: attempt to write a readonly database "
        + re.escape(WRITE_FAILED),
        last_line(run),
    )
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM crawl_runs").fetchone() == (0,)
    assert crawl(db_url).returncode == 0
    assert_complete(db_url)


# -- locked by another writer ---------------------------------------------------------


def test_a_writer_holding_the_archive_10_s_is_waited_out(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    db_url = fresh_archive(path)
    started = time.monotonic()
    with archive_locked(path, LOCK_SECONDS, after_first_essay=False):
        run = crawl(db_url)
    waited = time.monotonic() - started
    assert run.returncode == 0, run.stderr
    # The wait is the lock's, bounded by the documented busy timeout.
    assert LOCK_SECONDS <= waited < SQLITE_BUSY_TIMEOUT_SECONDS
    assert_complete(db_url)


def test_a_lock_held_past_the_busy_timeout_stops_the_crawl(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    db_url = f"sqlite:///{path}"
    # The same server (the same host and port) for both runs: the same essay URLs.
    with FaultServer(FIXTURES, {}) as server:
        # Slow enough (one request at a time, 50 ms apart) for the lock to land mid-crawl.
        with archive_locked(path, 4, after_first_essay=True):
            run = crawl(
                f"{db_url}?timeout=1",
                "--start-url",
                server.base_url,
                "-s",
                "CONCURRENT_REQUESTS_PER_DOMAIN=1",
                "-s",
                "DOWNLOAD_DELAY=0.05",
            )
        assert run.returncode == EXIT_ARCHIVE_WRITE_FAILED
        assert "Traceback" not in run.stderr
        assert (
            last_line(run) == f"fanwen crawl: OperationalError: database is locked {WRITE_FAILED}"
        )
        stored = stored_essays(db_url)
        assert 0 < len(stored) < len(expected_archive())
        assert summary_count(run, "essays stored (new)") == len(stored)
        assert summary_count(run, "NOT stored (archive write failed)") > 0
        assert_nothing_half_written(db_url, path)
        assert resume(db_url, "--start-url", server.base_url).returncode == 0
    assert_complete(db_url)


# -- disk full --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def full_disk_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Run, Path]:
    path = tmp_path_factory.mktemp("full") / "archive.db"
    return crawl(f"sqlite:///{path}?max_page_count={MAX_PAGE_COUNT}"), path


def test_full_disk_stops_the_crawl_in_one_line(full_disk_run: tuple[Run, Path]) -> None:
    run, _ = full_disk_run
    assert run.returncode == EXIT_ARCHIVE_WRITE_FAILED
    assert "Traceback" not in run.stderr
    assert last_line(run) == (
        f"fanwen crawl: OperationalError: database or disk is full {WRITE_FAILED}"
    )


def test_full_disk_reports_only_committed_batches(full_disk_run: tuple[Run, Path]) -> None:
    run, path = full_disk_run
    with sqlite3.connect(path) as db:
        essays, copies = db.execute(
            "SELECT count(*), count(duplicate_kind) FROM articles"
        ).fetchone()
        pages = db.execute("SELECT count(*) FROM article_pages").fetchone()[0]
    assert 0 < essays < len(expected_archive())
    assert summary_count(run, "essays stored (new)") == essays
    assert summary_count(run, "exact copies") + summary_count(run, "near copies") == copies
    assert summary_count(run, "NOT stored (archive write failed)") > 0
    assert pages >= essays


def test_full_disk_leaves_nothing_half_written(full_disk_run: tuple[Run, Path]) -> None:
    _, path = full_disk_run
    assert_nothing_half_written(f"sqlite:///{path}", path)


def test_the_next_run_with_room_completes_the_archive(
    full_disk_run: tuple[Run, Path], tmp_path: Path
) -> None:
    _, full = full_disk_run
    # A copy (with its WAL, if any) leaves the other tests the failed run's file.
    for suffix in ("", "-wal"):
        if Path(f"{full}{suffix}").exists():
            shutil.copy(f"{full}{suffix}", tmp_path / f"archive.db{suffix}")
    db_url = f"sqlite:///{tmp_path / 'archive.db'}"
    run = resume(db_url)
    assert run.returncode == 0, run.stderr
    assert_complete(db_url)

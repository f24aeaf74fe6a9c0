"""The pipeline's child processes, in a real crawl of a generated site over HTTP.

Killing them mid-crawl must cost no essay: their calls run again in the
crawl's process and the archive ends as an uninterrupted crawl's.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fanwen_runner import FAST, REPO, export
from generated_site import served_generated_site
from sqlalchemy import select

from storage.database import make_engine, session_factory
from storage.models import CrawlRun

pytestmark = pytest.mark.slow

ESSAYS = 300
CHILDREN_FIRST = ("-s", "ARCHIVE_PIPELINE_PROCESSES_AFTER=0")
# The crawl to be killed archives about 35 essays a second, in commits of 15 to
# 30 (measured here: six commits between 30 and 150 essays). Unpaced, the
# essays fetched while the children start are written as one batch: here the
# archive went 0, 41, 274, 300, and on CI it went from under 30 to over 150 in
# one commit, with no "mid-way" to catch.
PACED = ("-s", "DOWNLOAD_DELAY=0.02")


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with served_generated_site(tmp_path_factory.mktemp("site"), ESSAYS) as url:
        yield url


def crawl(site_url: str, db: Path, *settings: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "crawler", "crawl", "--no-progress", "--start-url", site_url]
    return subprocess.Popen(
        [*command, "--db", f"sqlite:///{db}", *CHILDREN_FIRST, *FAST, *settings],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def archived(db: Path) -> int:
    try:
        with contextlib.closing(sqlite3.connect(db, timeout=5)) as connection:
            return int(connection.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:  # not created yet
        return 0


def pipeline_children(pid: int) -> list[int]:
    """The crawl's spawned workers (not multiprocessing's resource tracker)."""
    found = []
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        command = Path(f"/proc/{child}/cmdline").read_bytes()
        if b"spawn_main" in command:
            found.append(int(child))
    return found


def without_fetch_time(db: Path) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k != "fetched_at"} for r in export(f"sqlite:///{db}")]


def run_stats(db: Path) -> dict[str, Any]:
    engine = make_engine(f"sqlite:///{db}")
    with session_factory(engine)() as session:
        stats = session.scalars(select(CrawlRun.stats)).one()
    engine.dispose()
    assert stats is not None
    return stats


def test_killed_children_cost_no_essay(site_url: str, tmp_path: Path) -> None:
    with crawl(site_url, tmp_path / "whole.db") as whole:
        _, stderr = whole.communicate(timeout=300)
    assert whole.returncode == 0, stderr[-2000:]

    db = tmp_path / "killed.db"
    # The context closes the pipes whatever happens (a leaked pipe would fail
    # a later test with an unraisable ResourceWarning).
    with crawl(site_url, db, *PACED) as process:
        try:
            deadline = time.monotonic() + 120
            children: list[int] = []
            # Kill them with work in hand: children running, essays committed, more to come.
            while time.monotonic() < deadline and process.poll() is None:
                children = pipeline_children(process.pid)
                if len(children) == 2 and 30 <= archived(db) <= ESSAYS // 2:
                    break
                time.sleep(0.02)
            assert len(children) == 2 and process.poll() is None, "never caught the crawl mid-way"
            for child in children:
                os.kill(child, signal.SIGKILL)
            _, stderr = process.communicate(timeout=300)
        finally:
            process.kill()
    assert process.returncode == 0, stderr[-2000:]
    assert "process died; its work goes on in the crawl's own process" in stderr

    assert without_fetch_time(db) == without_fetch_time(tmp_path / "whole.db")
    stats = run_stats(db)
    # Every essay counted once as stored. A batch the writer committed just
    # before it died is written again, finds its essays archived and counts
    # them unchanged rather than new: the archive is exact, the split not.
    stored = stats["archive/essays_new"] + stats.get("archive/essays_unchanged", 0)
    assert stored == run_stats(tmp_path / "whole.db")["archive/essays_new"] == ESSAYS
    # At most half the essays were committed at the kill, so at least one
    # batch met the dead writer and was written again in the crawl's process.
    assert stats["offload/writer/redone_in_crawl"] >= 1

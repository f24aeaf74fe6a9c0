"""Two `fanwen crawl --redis` workers, real Redis, real PostgreSQL, a generated site over HTTP.

The site has 1,000 essays (about 1,250 pages with multi-page essays and
lists; 10% exact or near copies): enough for both workers to be busy at
once, small enough to keep this file near a minute. The distributed archive
must equal a single-process crawl of the same site, record for record.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fanwen_runner import FAST, REPO, by_path, export, fanwen
from generated_site import served_generated_site
from redis import Redis
from redis_server import redis_server, redis_server_bin
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from storage.database import make_engine
from storage.schema import upgrade

pytestmark = pytest.mark.slow

ESSAYS = 1000
# Quick to notice a dead worker, quick to stop once the crawl is done.
WORKER = ("--idle-timeout", "2", "-s", "ARCHIVE_REDIS_WORKER_TTL=3", *FAST)


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    if redis_server_bin() is None:
        pytest.skip("redis-server is not installed (apt-get install -y redis-server)")
    with (
        tempfile.TemporaryDirectory(prefix="fanwen-redis-") as folder,
        redis_server(Path(folder)) as url,
    ):
        yield url


@pytest.fixture
def frontier(redis_url: str) -> str:
    Redis.from_url(redis_url).flushdb()
    return redis_url


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with served_generated_site(tmp_path_factory.mktemp("site"), ESSAYS) as url:
        yield url


def new_database(server_url: str) -> str:
    name = f"archive_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    # Migrate before the workers start: two workers migrating one empty
    # database at once race on CREATE TABLE alembic_version (storage/schema.py
    # takes no lock yet), and one of them exits 1.
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def single_process_archive(postgres_url: str, site_url: str) -> dict[str, dict[str, Any]]:
    db = new_database(postgres_url)
    run = fanwen("crawl", "--start-url", site_url, "--db", db, *FAST)
    assert run.returncode == 0, run.stderr
    return comparable(db)


def differences(
    got: dict[str, dict[str, Any]], expected: dict[str, dict[str, Any]]
) -> dict[str, dict[str, tuple[Any, Any]]]:
    """Per URL path, the fields that differ: (got, expected); a missing record is all fields."""
    found: dict[str, dict[str, tuple[Any, Any]]] = {}
    for path in sorted(got.keys() | expected.keys()):
        mine, theirs = got.get(path, {}), expected.get(path, {})
        fields = {
            name: (mine.get(name), theirs.get(name))
            for name in sorted(mine.keys() | theirs.keys())
            if mine.get(name) != theirs.get(name)
        }
        if fields:
            found[path] = fields
    return found


def comparable(db: str) -> dict[str, dict[str, Any]]:
    """The export by URL path, without the one field that differs between crawls."""
    records = by_path(export(db))
    for record in records.values():
        del record["fetched_at"]
    return records


StartWorker = Callable[[str, str], subprocess.Popen[str]]


@pytest.fixture
def start_worker() -> Iterator[StartWorker]:
    """Starts `fanwen crawl --redis` workers; kills what a test leaves running.

    Whatever the test's outcome, every worker is reaped and its pipes closed:
    a pipe left to the garbage collector fails a later test with an
    unraisable ResourceWarning.
    """
    started: list[subprocess.Popen[str]] = []

    def start(redis_url: str, db: str) -> subprocess.Popen[str]:
        worker = subprocess.Popen(
            [sys.executable, "-m", "crawler", "crawl", "--redis", redis_url, "--db", db, *WORKER],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.kill()
        worker.communicate()


def finish(worker: subprocess.Popen[str]) -> tuple[int, str]:
    _, stderr = worker.communicate(timeout=240)
    return worker.returncode, stderr


def frontier_status(redis_url: str) -> dict[str, int]:
    run = fanwen("seed", "--redis", redis_url)
    assert run.returncode == 0, run.stderr
    return {
        name: int(count)
        for name, count in (line.split("\t") for line in run.stdout.split("\n") if line)
    }


def seed(redis_url: str, site_url: str) -> None:
    run = fanwen("seed", "--redis", redis_url, "--start-url", site_url)
    assert run.returncode == 0, run.stderr


def run_rows(db: str) -> list[tuple[str, int, int]]:
    engine = create_engine(db)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT status, pid, id FROM crawl_runs ORDER BY id")).all()
    engine.dispose()
    return [(status, pid, run_id) for status, pid, run_id in rows]


def test_two_workers_build_the_archive_a_single_crawl_builds(
    frontier: str,
    postgres_url: str,
    site_url: str,
    single_process_archive: dict[str, Any],
    start_worker: StartWorker,
) -> None:
    db = new_database(postgres_url)
    seed(frontier, site_url)
    workers = [start_worker(frontier, db) for _ in range(2)]
    outcomes = [finish(worker) for worker in workers]

    assert [code for code, _ in outcomes] == [0, 0], [err[-2000:] for _, err in outcomes]
    assert differences(comparable(db), single_process_archive) == {}
    assert [status for status, _, _ in run_rows(db)] == ["finished", "finished"]
    status = frontier_status(frontier)
    assert (status["queued"], status["claimed"], status["held_back"], status["workers"]) == (
        0,
        0,
        0,
        0,
    )


def test_a_worker_killed_mid_crawl_loses_nothing(
    frontier: str,
    postgres_url: str,
    site_url: str,
    single_process_archive: dict[str, Any],
    start_worker: StartWorker,
) -> None:
    db = new_database(postgres_url)
    seed(frontier, site_url)
    doomed, survivor = start_worker(frontier, db), start_worker(frontier, db)
    redis = Redis.from_url(frontier)
    claimed_key = None
    deadline = time.monotonic() + 60
    while claimed_key is None and time.monotonic() < deadline:
        # Kill it with work in hand: requests claimed, essays pending commit.
        keys = [key.decode() for key in redis.keys(f"essays_redis:claimed:*:{doomed.pid}:*")]
        if keys and redis.llen(keys[0]) and redis.scard("essays_redis:dupefilter") > 300:
            claimed_key = keys[0]
        time.sleep(0.05)
    assert claimed_key is not None, "the doomed worker never had work in hand"
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.communicate()

    code, stderr = finish(survivor)

    assert code == 0, stderr[-2000:]
    assert differences(comparable(db), single_process_archive) == {}
    assert redis.llen(claimed_key) == 0
    # The survivor's row says finished; the killed worker's row never closed.
    assert {pid: status for status, pid, _ in run_rows(db)} == {
        doomed.pid: "running",
        survivor.pid: "finished",
    }


def test_seed_refuses_a_url_without_a_host(frontier: str) -> None:
    run = fanwen("seed", "--redis", frontier, "--start-url", "renrenfanwen/home")

    assert (run.returncode, run.stderr.splitlines()[-1]) == (
        2,
        "Error: not an http(s) URL: 'renrenfanwen/home'",
    )


def test_a_worker_with_nothing_seeded_says_so_in_one_line(frontier: str, db_url: str) -> None:
    run = fanwen("crawl", "--redis", frontier, "--db", db_url)

    assert run.returncode == 2
    assert run.stderr.splitlines()[-1] == (
        f"Error: nothing to crawl at {frontier}: give --start-url, "
        "or run `fanwen seed --redis URL --start-url URL` first"
    )


def test_an_unreachable_redis_is_one_line_with_the_password_masked(db_url: str) -> None:
    run = fanwen("crawl", "--redis", "redis://:s3cret@127.0.0.1:1/0", "--db", db_url)

    assert run.returncode == 1
    assert "s3cret" not in run.stderr
    assert run.stderr.startswith("Error: cannot reach Redis at redis://:***@127.0.0.1:1/0: ")
    assert len(run.stderr.strip().splitlines()) == 1


def test_frontier_status_after_seeding(frontier: str) -> None:
    seed(frontier, "http://127.0.0.1:9/")

    assert frontier_status(frontier) == {
        "queued": 0,
        "start_urls": 1,
        "held_back": 0,
        "claimed": 0,
        "seen": 0,
        "workers": 0,
    }
    assert Redis.from_url(frontier).smembers("essays_redis:hosts") == {b"127.0.0.1:9"}


def test_a_worker_fetches_no_essay_the_archive_holds(
    frontier: str, postgres_url: str, site_url: str, start_worker: StartWorker
) -> None:
    """Incremental like a single crawl: archived essays are skipped, not fetched again."""
    db = new_database(postgres_url)
    first = fanwen("crawl", "--start-url", site_url, "--db", db, *FAST)
    assert first.returncode == 0, first.stderr
    before = comparable(db)
    seed(frontier, site_url)
    code, stderr = finish(start_worker(frontier, db))

    assert code == 0, stderr[-2000:]
    engine = create_engine(db)
    with engine.connect() as connection:
        runs = connection.execute(
            text(
                "SELECT essays_new, essays_updated, essays_unchanged, pages_fetched"
                " FROM crawl_runs ORDER BY id"
            )
        ).all()
        essay_pages = connection.execute(text("SELECT count(*) FROM article_pages")).scalar_one()
    engine.dispose()
    (new_first, _, _, pages_first), second = runs
    assert new_first == ESSAYS
    # The worker fetched the home and list pages again, and not one essay page.
    assert tuple(second) == (0, 0, 0, pages_first - essay_pages)
    assert comparable(db) == before

"""Shared fixtures: a real SQLite archive file per test."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fanwen_runner import fanwen
from hypothesis import settings
from pg_server import postgres_bin, postgres_server
from sqlalchemy import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from storage.database import make_engine, session_factory
from storage.schema import upgrade

REPO = Path(__file__).resolve().parent.parent
FIXTURE_SITE = REPO / "fixtures" / "site"

# Hypothesis' per-example deadline is a timing assert, and speed is the
# benchmarks' business (bench/): none here. Locally each run draws new
# examples; CI (.ci/run sets FANWEN_HYPOTHESIS_PROFILE=ci) draws a fixed set
# derived from each test's name, so a run on a fresh machine tests what ran
# here, and a new counterexample is found on a developer's run, not a merge's.
settings.register_profile("dev", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, database=None)
settings.load_profile(os.environ.get("FANWEN_HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty archive on each backend: a SQLite file, and a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'archive.db'}"
    return str(request.getfixturevalue("postgres_db_url"))


@pytest.fixture
def postgres_db_url(postgres_url: str) -> str:
    """A fresh, empty database on the session's PostgreSQL server."""
    server = make_url(postgres_url)
    name = f"test_{uuid.uuid4().hex[:12]}"
    admin = make_engine(server.render_as_string(hide_password=False))
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return server.set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return session_factory(engine)


@pytest.fixture(scope="session")
def bundled_archive(tmp_path_factory: pytest.TempPathFactory) -> str:
    """An archive of the bundled fixture site (``fanwen crawl`` with no start URL),
    crawled once for every test that only reads one."""
    url = f"sqlite:///{tmp_path_factory.mktemp('bundled') / 'archive.db'}"
    run = fanwen("crawl", "--db", url)
    assert run.returncode == 0, run.stderr
    return url


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server for the session (skipped, visibly, without binaries)."""
    if postgres_bin() is None:
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) are not installed")
    # Not under pytest's temp root: that is private to root, and the server
    # runs as the postgres user when the tests run as root.
    folder = Path(tempfile.mkdtemp(prefix="fanwen-pg-"))
    try:
        with postgres_server(folder) as url:
            yield url
    finally:
        shutil.rmtree(folder, ignore_errors=True)

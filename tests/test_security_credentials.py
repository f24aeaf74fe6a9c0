"""No credentials in settings files; passwords never shown in logs, output or crawl_runs."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fanwen_runner import REPO, Run, fanwen
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from storage.database import masked

PASSWORD = "s3cret-Pa55word"
SETTINGS_FILES = [REPO / "crawler" / "settings.py", REPO / "scrapy.cfg"]
# scheme://user:password@ -- any URL carrying a password.
URL_WITH_PASSWORD = re.compile(r"[a-z][a-z0-9+.-]*://[^\s/@:]*:[^\s/@]+@", re.IGNORECASE)
SECRET_NAMES = re.compile(r"PASSWORD|SECRET|TOKEN|CREDENTIAL|_URL$")


@pytest.mark.parametrize("path", SETTINGS_FILES, ids=lambda path: path.name)
def test_settings_files_hold_no_url_with_a_password(path: Path) -> None:
    assert URL_WITH_PASSWORD.findall(path.read_text("utf-8")) == []


def test_url_and_secret_settings_are_unset_in_the_settings_module() -> None:
    module = ast.parse((REPO / "crawler" / "settings.py").read_text("utf-8"))
    found = {
        target.id: ast.literal_eval(node.value)
        for node in module.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name) and SECRET_NAMES.search(target.id)
    }
    assert "ARCHIVE_DB_URL" in found
    assert {name: value for name, value in found.items() if value is not None} == {}


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (f"postgresql://fanwen:{PASSWORD}@db.internal:5432/archive", "postgresql://fanwen:***@db.internal:5432/archive"),
        (f"postgresql+psycopg://fanwen:{PASSWORD}@db/archive?sslmode=require", "postgresql+psycopg://fanwen:***@db/archive?sslmode=require"),
        (f"redis://:{PASSWORD}@127.0.0.1:6379/0", "redis://:***@127.0.0.1:6379/0"),
        ("redis://fanwen:p%40ss%3Aword@cache/1", "redis://fanwen:***@cache/1"),
        ("sqlite:///archive.db", "sqlite:///archive.db"),
        (f"not a url {PASSWORD}", "<invalid database URL>"),
    ],
)  # fmt: skip
def test_masked_hides_the_password(url: str, shown: str) -> None:
    assert masked(url) == shown


# -- a real crawl into a real PostgreSQL, with a password in its URL --------------------


def with_password(postgres_url: str) -> str:
    # The test server trusts local connections, so any password is accepted.
    return make_url(postgres_url).set(password=PASSWORD).render_as_string(hide_password=False)


def crawl_run_rows(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM crawl_runs")).all()
    return [repr(tuple(row)) for row in rows]


def logged_crawl(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> tuple[Run, str]:
    log = tmp_path / "crawl.log"
    run = fanwen("crawl", *args, "-s", "LOG_LEVEL=DEBUG", "-s", f"LOG_FILE={log}", env=env)
    return run, log.read_text("utf-8")


@pytest.fixture
def archive_engine(postgres_url: str) -> Iterator[Engine]:
    engine = create_engine(postgres_url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    yield engine
    engine.dispose()


@pytest.mark.slow
def test_crawl_with_db_option_never_shows_the_password(
    tmp_path: Path, postgres_url: str, archive_engine: Engine
) -> None:
    run, log = logged_crawl(tmp_path, "--db", with_password(postgres_url))
    assert run.returncode == 0, run.stderr
    rows = crawl_run_rows(archive_engine)
    assert len(rows) == 1
    assert "***" in rows[0]
    assert [PASSWORD in shown for shown in (run.stdout, run.stderr, log, *rows)] == [False] * 4


@pytest.mark.slow
def test_crawl_with_db_url_from_the_environment_never_shows_the_password(
    tmp_path: Path, postgres_url: str, archive_engine: Engine
) -> None:
    run, log = logged_crawl(tmp_path, env={"ARCHIVE_DB_URL": with_password(postgres_url)})
    assert run.returncode == 0, run.stderr
    rows = crawl_run_rows(archive_engine)
    assert len(rows) == 1
    assert [PASSWORD in shown for shown in (run.stdout, run.stderr, log, *rows)] == [False] * 4


def test_unreachable_database_is_named_without_its_password(tmp_path: Path) -> None:
    run = fanwen("crawl", "--db", f"postgresql://fanwen:{PASSWORD}@127.0.0.1:1/archive")
    assert run.returncode != 0
    assert PASSWORD not in run.stdout + run.stderr

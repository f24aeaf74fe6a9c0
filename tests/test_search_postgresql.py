"""The same search on a real PostgreSQL server: the same essays as SQLite for every query."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from fanwen_runner import fanwen
from sqlalchemy import text
from test_search import QUERIES

from storage.database import make_engine, session_factory
from storage.search import EssayFilter, parse_query, search

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def archives(postgres_url: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    engine = make_engine(postgres_url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    sqlite_url = f"sqlite:///{tmp_path_factory.mktemp('pg-search') / 'archive.db'}"
    for url in (postgres_url, sqlite_url):
        run = fanwen("crawl", "--db", url)
        assert run.returncode == 0, run.stderr
    return postgres_url, sqlite_url


def results(db_url: str, essay_filter: EssayFilter) -> list[str]:
    engine = make_engine(db_url)
    with session_factory(engine)() as session:
        urls = [hit.url for hit in search(session, essay_filter, sort="date", limit=1000)]
    engine.dispose()
    return urls


@pytest.mark.parametrize("query", [*QUERIES, "党建工作", '"工作 总结" -2020', "孙少平"])
@pytest.mark.parametrize("include_duplicates", [False, True])
def test_postgresql_finds_what_sqlite_finds(
    archives: tuple[str, str], query: str, include_duplicates: bool
) -> None:
    postgres, sqlite = archives
    essay_filter = EssayFilter(parse_query(query), include_duplicates=include_duplicates)
    assert results(postgres, essay_filter) == results(sqlite, essay_filter)


def test_cli_search_and_export_on_postgresql(archives: tuple[str, str], tmp_path: Path) -> None:
    postgres, sqlite = archives
    run = fanwen("search", "党建", "--db", postgres, "--format", "csv", "--limit", "3")
    assert run.returncode == 0, run.stderr
    assert len(run.stdout.splitlines()) == 4
    exports = [
        fanwen("export", "--db", url, "--query", "党建工作", "--exclude-duplicates")
        for url in (postgres, sqlite)
    ]
    assert exports[0].stderr.strip() == "exported 8 records"
    urls = [[json.loads(line)["url"] for line in run.stdout.splitlines()] for run in exports]
    assert urls[0] == urls[1]


def test_the_public_views_on_postgresql(archives: tuple[str, str]) -> None:
    postgres, sqlite = archives
    frames = []
    for url in (postgres, sqlite):
        engine = make_engine(url)
        frames.append(
            pd.read_sql(
                "SELECT url, category, published_day, published_month, copies FROM essays"
                " ORDER BY url",
                engine,
            )
        )
        engine.dispose()
    pd.testing.assert_frame_equal(frames[0], frames[1], check_dtype=False)

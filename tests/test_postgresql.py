"""The archive on a real PostgreSQL server: same crawl, same records, constraints under races."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from fanwen_runner import by_path, export, fanwen
from golden_records import comparable, expected_archive
from sqlalchemy import delete, select, text

from storage.archive import EssayRecord, PageRecord, store_essay
from storage.database import make_engine, session_factory
from storage.models import Article, CanonicalHash
from storage.schema import upgrade

pytestmark = pytest.mark.slow


@pytest.fixture
def clean_postgres(postgres_url: str) -> str:
    engine = make_engine(postgres_url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return postgres_url


def test_fixture_crawl_into_postgresql_gives_the_expected_archive(clean_postgres: str) -> None:
    run = fanwen("crawl", "--db", clean_postgres)
    assert run.returncode == 0, run.stderr
    records = by_path(export(clean_postgres))
    assert {path: comparable(record) for path, record in records.items()} == expected_archive()


def essay(url: str) -> EssayRecord:
    return EssayRecord(
        url=url,
        title="党建调研报告",
        body="同一篇文章。",
        content_hash="same-text",
        fetched_at=datetime(2026, 11, 29, tzinfo=UTC),
        pages=[PageRecord(url, "<p>同一篇文章。</p>", "utf-8")],
    )


@pytest.mark.parametrize("first_writer", ["http://x.test/b/2.html", "http://x.test/a/1.html"])
def test_two_writers_storing_exact_copies_at_once_end_with_one_canonical(
    clean_postgres: str, first_writer: str
) -> None:
    engine = make_engine(clean_postgres, pool_size=4)
    upgrade(engine)
    sessions = session_factory(engine)
    urls = ["http://x.test/a/1.html", "http://x.test/b/2.html"]
    second_writer = next(url for url in urls if url != first_writer)
    first_stored = threading.Event()
    errors: list[BaseException] = []

    def first() -> None:
        try:
            with sessions.begin() as session:
                store_essay(session, essay(first_writer), None)
                first_stored.set()
                # Hold the transaction open: the second writer's claim on the
                # same hash must wait for this commit, not race past it.
                session.execute(text("SELECT pg_sleep(0.3)"))
        except BaseException as exc:
            errors.append(exc)

    def second() -> None:
        try:
            first_stored.wait(5)
            with sessions.begin() as session:
                store_essay(session, essay(second_writer), None)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert errors == []
    with sessions() as session:
        rows = dict(session.execute(select(Article.url, Article.duplicate_of_id)).all())
        ids = dict(session.execute(select(Article.url, Article.id)).all())
        owners = session.scalars(select(CanonicalHash.article_id)).all()
        session.execute(delete(Article))
    engine.dispose()
    canonical = "http://x.test/a/1.html"  # the smaller URL, whoever wrote first
    assert rows == {canonical: None, "http://x.test/b/2.html": ids[canonical]}
    assert owners == [ids[canonical]]

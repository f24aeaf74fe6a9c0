"""Two writers on a real PostgreSQL server: copies stored at the same moment end in one cluster."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from archive_essays import FETCHED, NEAR, essay, exact_copy, near_copy, text
from sqlalchemy import Engine, select
from sqlalchemy import text as sql
from sqlalchemy.orm import Session, aliased, sessionmaker

from storage.archive import EssayRecord, store_essays
from storage.database import make_engine, session_factory
from storage.models import Article, EssayVersion
from storage.schema import upgrade

ROUNDS = 20
KINDS = ("near", "exact")


@pytest.fixture
def pg_engine(postgres_url: str) -> Iterator[Engine]:
    engine = make_engine(postgres_url, pool_size=4)
    with engine.begin() as connection:
        connection.execute(sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    upgrade(engine)
    yield engine
    engine.dispose()


def store_at_once(sessions: sessionmaker[Session], batches: list[list[EssayRecord]]) -> None:
    """Each batch in its own thread and transaction, released together."""
    start = threading.Barrier(len(batches))
    errors: list[BaseException] = []

    def write(batch: list[EssayRecord]) -> None:
        try:
            with sessions.begin() as session:
                start.wait(5)
                store_essays(session, batch, None, NEAR)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(batch,)) for batch in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []


def test_two_writers_storing_exact_and_near_copies_at_once_end_with_one_canonical_each(
    pg_engine: Engine,
) -> None:
    sessions = session_factory(pg_engine)
    for number in range(ROUNDS):
        original = text(100 + number)
        # Alternate which writer holds the smaller URL of each pair. Exact and
        # near pairs go in separate rounds: an exact pair in the same batches
        # would make the second writer wait on the content hash's key, and so
        # see the first writer's band keys whatever the lock.
        first, second = ("a", "b") if number % 2 else ("b", "a")
        name = KINDS[number % 2]
        copy = exact_copy(original) if name == "exact" else near_copy(original)
        store_at_once(
            sessions,
            [
                [essay(f"http://x.test/{first}/{name}{number}.html", original)],
                [essay(f"http://x.test/{second}/{name}{number}.html", copy)],
            ],
        )
    canonical = aliased(Article)
    with sessions() as session:
        links = {
            url: (of, kind)
            for url, of, kind in session.execute(
                select(Article.url, canonical.url, Article.duplicate_kind).outerjoin(
                    canonical, canonical.id == Article.duplicate_of_id
                )
            )
        }
    expected = {}
    for number in range(ROUNDS):
        name = KINDS[number % 2]
        # The smaller URL is canonical, whichever writer committed first.
        expected[f"http://x.test/a/{name}{number}.html"] = (None, None)
        expected[f"http://x.test/b/{name}{number}.html"] = (
            f"http://x.test/a/{name}{number}.html",
            name,
        )
    assert links == expected


def test_a_changed_essay_is_versioned_on_postgresql(pg_engine: Engine) -> None:
    sessions = session_factory(pg_engine)
    url, later = "http://x.test/a/1.html", FETCHED + timedelta(days=1)
    with sessions.begin() as session:
        store_essays(session, [essay(url, text(1))], None, NEAR)
    with sessions.begin() as session:
        (updated,) = store_essays(session, [essay(url, text(2), fetched_at=later)], None, NEAR)
    with sessions() as session:
        rows = session.execute(
            select(EssayVersion.version, EssayVersion.body, EssayVersion.fetched_at).order_by(
                EssayVersion.version
            )
        ).all()
    assert updated.outcome == "updated"
    assert [tuple(row) for row in rows] == [(1, text(1), FETCHED), (2, text(2), later)]

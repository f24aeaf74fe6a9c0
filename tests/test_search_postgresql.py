"""The same search on a real PostgreSQL server: the same essays as SQLite for every query."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from archive_essays import NEAR, essay
from archive_essays import text as random_text
from fanwen_runner import fanwen
from sqlalchemy import func, make_url, select, text, update
from sqlalchemy.orm import Session
from test_search import (
    ABSENT,
    COMMON_FILTERS,
    EXCLUSIONS,
    LIMITS,
    QUERIES,
    RARE_FILTERS,
    build_many,
    expected_order,
    many_terms,
    ranked,
    reference,
)

from storage.archive import store_essays
from storage.database import make_engine, session_factory
from storage.models import Article
from storage.schema import migrate, upgrade
from storage.search import EssayFilter, index_essays, parse_query, rebuild_index, search
from storage.search import query as search_query
from storage.search.backend import bulk_load
from storage.search.text import document_literal, tokens

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


@pytest.mark.parametrize("document_read", [0, 10**9])
@pytest.mark.parametrize("query", ["党建", "党建工作", '"工作 总结" -2020'])
@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_walking_the_dates_and_gathering_the_matches_find_the_same_essays(
    archives: tuple[str, str],
    monkeypatch: pytest.MonkeyPatch,
    document_read: int,
    query: str,
    sort: str,
) -> None:
    """A document read priced at 0 makes every search walk, at 10**9 none."""
    postgres, sqlite = archives
    monkeypatch.setattr(search_query, "DOCUMENT_READ", document_read)
    essay_filter = EssayFilter(parse_query(query), categories=("党建",), include_duplicates=True)
    engine = make_engine(postgres)
    with session_factory(engine)() as session:
        hits = search(session, essay_filter, sort=sort, limit=1000)  # type: ignore[arg-type]
        # The walk's planner settings are put back.
        assert session.scalar(text("SELECT current_setting('enable_sort')")) == "on"
    engine.dispose()
    found = [hit.url for hit in hits]
    expected = results(sqlite, essay_filter)  # newest first
    assert (found if sort == "date" else sorted(found)) == (
        expected if sort == "date" else sorted(expected)
    )


GIN_DEFINITIONS = [
    "CREATE INDEX ix_essay_search_document ON public.essay_search USING gin (document)",
    "CREATE INDEX ix_essay_search_titles_title ON public.essay_search_titles USING gin (title)",
]


def gin_indexes(session: Session) -> list[str]:
    return list(
        session.scalars(
            text(
                "SELECT indexdef FROM pg_indexes WHERE indexdef LIKE '% USING gin %'"
                " ORDER BY indexname"
            )
        )
    )


@pytest.fixture(scope="module")
def rebuilt(archives: tuple[str, str]) -> tuple[str, str]:
    """The crawled archives, the PostgreSQL index rebuilt in bulk (the same essays either way)."""
    engine = make_engine(archives[0])
    with session_factory(engine).begin() as session:
        rebuild_index(session)
    engine.dispose()
    return archives


@pytest.mark.parametrize("query", [*QUERIES[:6], "党建工作", '"工作 总结" -2020', "孙少平"])
def test_a_rebuilt_index_finds_what_sqlite_finds(rebuilt: tuple[str, str], query: str) -> None:
    postgres, sqlite = rebuilt
    essay_filter = EssayFilter(parse_query(query), include_duplicates=True)
    assert results(postgres, essay_filter) == results(sqlite, essay_filter)


def test_the_rebuilt_gin_indexes_are_there_and_answer_the_index_query(
    rebuilt: tuple[str, str],
) -> None:
    engine = make_engine(rebuilt[0])
    with session_factory(engine)() as session:
        assert gin_indexes(session) == GIN_DEFINITIONS
        # The fixture archive is small enough for a sequential scan to win:
        # without one, the planner must show it can use the index.
        session.execute(text("SET LOCAL enable_seqscan = off"))
        plan = session.scalars(
            text(
                "EXPLAIN SELECT search_rowid FROM essay_search"
                " WHERE document @@ CAST(:query AS tsquery)"
            ),
            {"query": parse_query("党建工作").tsquery()},
        ).all()
    engine.dispose()
    assert any("Bitmap Index Scan on ix_essay_search_document" in line for line in plan)


def test_a_rebuilt_document_holds_title_and_body_tokens_without_positions(
    rebuilt: tuple[str, str],
) -> None:
    assert document_literal("党建党建", "党建工作。") == "'党建' '建党' '建工' '工作'"
    engine = make_engine(rebuilt[0])
    with session_factory(engine)() as session:
        stored, expected = session.execute(
            text(
                "SELECT s.document::text, CAST(:literal AS tsvector)::text"
                " FROM essay_search s JOIN articles a ON a.id = s.search_rowid"
                " WHERE a.url LIKE '%/dangjian/123988.html'"
            ),
            {
                "literal": document_literal(
                    *session.execute(
                        select(Article.title, Article.body).where(
                            Article.url.like("%/dangjian/123988.html")
                        )
                    ).one()
                )
            },
        ).one()
    engine.dispose()
    assert stored == expected


def test_a_failed_rebuild_leaves_the_old_index_searchable(rebuilt: tuple[str, str]) -> None:
    postgres, sqlite = rebuilt
    essay_filter = EssayFilter(parse_query("党建"), include_duplicates=True)
    engine = make_engine(postgres)
    sessions = session_factory(engine)
    with (
        pytest.raises(RuntimeError, match="disk full"),
        sessions.begin() as session,
        bulk_load(session),
    ):
        # Half way: the indexes are gone and the tables are empty.
        assert gin_indexes(session) == []
        assert session.scalar(text("SELECT count(*) FROM essay_search_titles")) == 0
        raise RuntimeError("disk full")
    with sessions() as session:
        assert gin_indexes(session) == GIN_DEFINITIONS
    engine.dispose()
    assert results(postgres, essay_filter) == results(sqlite, essay_filter)


def test_a_crawl_batch_indexes_into_the_rebuilt_gin_index(rebuilt: tuple[str, str]) -> None:
    engine = make_engine(rebuilt[0])
    with session_factory(engine)() as session:
        url = session.scalar(select(Article.url).where(Article.url.like("%/dangjian/123988.html")))
        article_id = session.scalar(select(Article.id).where(Article.url == url))
        assert article_id is not None
        session.execute(
            update(Article)
            .where(Article.id == article_id)
            .values(title="乡村振兴", body="乡村振兴的新篇章。")
        )
        index_essays(session, [article_id])
        new = search(session, EssayFilter(parse_query("振兴的新篇")), limit=10)
        old = search(session, EssayFilter(parse_query("冬训")), limit=1000)
        session.rollback()
    engine.dispose()
    assert [hit.url for hit in new] == [url]
    assert url not in [hit.url for hit in old]


# Two essays as 0003 indexed them on PostgreSQL: the title's tokens weighted A, with positions.
ESSAYS_AT_0003 = [
    (1, "党建工作", "乡村振兴的新篇章。", "2026-11-28"),
    (2, "乡村振兴", "振兴乡村", "2026-11-01"),
]
DOCUMENTS_AT_0003 = {
    1: "'党建':1A '建工':2A '工作':3A '乡村':4 '村振':5 '振兴':6 '兴的':7 '的新':8 '新篇':9 '篇章':10",
    2: "'乡村':1A,6 '村振':2A '振兴':3A,4 '兴乡':5",
}


def test_an_archive_indexed_at_0003_upgrades_and_puts_title_matches_first(db_url: str) -> None:
    engine = make_engine(db_url)
    with engine.begin() as connection:
        migrate(connection, "0003")
    with session_factory(engine).begin() as session:
        for article_id, title, body, published in ESSAYS_AT_0003:
            session.execute(
                text(
                    "INSERT INTO articles (id, url, title, body, published_at, content_hash,"
                    " pages, first_fetched_at, last_fetched_at) VALUES (:id, :url, :title,"
                    " :body, :published, 'h', 1, '2026-11-29', '2026-11-29')"
                ),
                {
                    "id": article_id,
                    "url": f"http://x.test/{article_id}.html",
                    "title": title,
                    "body": body,
                    "published": published,
                },
            )
        if engine.dialect.name == "sqlite":
            index_essays(session, [1, 2])
        else:
            for article_id, document in DOCUMENTS_AT_0003.items():
                session.execute(
                    text("INSERT INTO essay_search VALUES (:id, CAST(:document AS tsvector))"),
                    {"id": article_id, "document": document},
                )
    upgrade(engine)
    with session_factory(engine)() as session:
        relevance = search(session, EssayFilter(parse_query("振兴")))
        newest = search(session, EssayFilter(parse_query("振兴")), sort="date")
    engine.dispose()
    assert [hit.url for hit in relevance] == ["http://x.test/2.html", "http://x.test/1.html"]
    assert [hit.url for hit in newest] == ["http://x.test/1.html", "http://x.test/2.html"]


BEIJING = ZoneInfo("Asia/Shanghai")


def test_relevance_puts_the_title_holding_the_term_before_one_holding_its_bigrams(
    db_url: str,
) -> None:
    # The newer title holds 20 and 02, the bigrams of 2020, but not 2020,
    # which only its body holds: a body match, after the older title match.
    in_title, in_body = "http://x.test/d/a.html", "http://x.test/d/b.html"
    records = [
        essay(
            in_title,
            random_text(1) + "\n无关内容。",
            title="2020年工作总结",
            published_at=datetime(2021, 1, 1, tzinfo=BEIJING),
            date_source="page",
        ),
        essay(
            in_body,
            random_text(2) + "\n回顾2020年的工作。",
            title="在2021年春节团拜会上的讲话",
            published_at=datetime(2021, 2, 1, tzinfo=BEIJING),
            date_source="page",
        ),
    ]
    engine = make_engine(db_url)
    upgrade(engine)
    with session_factory(engine).begin() as session:
        stored = store_essays(session, records, None, NEAR)
        index_essays(session, [essay.article_id for essay in stored])
    with session_factory(engine)() as session:
        relevance = search(session, EssayFilter(parse_query("2020")))
        newest = search(session, EssayFilter(parse_query("2020")), sort="date")
        titled = search(session, EssayFilter(parse_query("2020 -回顾")))
    engine.dispose()
    assert [hit.url for hit in relevance] == [in_title, in_body]
    assert [hit.url for hit in newest] == [in_body, in_title]
    assert [hit.url for hit in titled] == [in_title]


@pytest.fixture(scope="module")
def many_postgresql(postgres_url: str) -> Iterator[str]:
    """test_search's archive of common terms, in a database of its own on the server."""
    server = make_url(postgres_url)
    name = f"many_{uuid.uuid4().hex[:12]}"
    admin = make_engine(postgres_url)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    url = server.set(database=name).render_as_string(hide_password=False)
    build_many(url)
    yield url


@pytest.mark.parametrize("essay_filter", [*COMMON_FILTERS, *RARE_FILTERS])
def test_postgresql_ranks_title_matches_first_newest_first_whatever_the_limit(
    many_postgresql: str, essay_filter: EssayFilter
) -> None:
    expected = expected_order(many_postgresql, essay_filter)
    for limit, urls in zip(LIMITS, ranked(many_postgresql, essay_filter, LIMITS), strict=True):
        assert urls == expected[:limit], limit


def test_five_hundred_exclusions_and_three_hundred_terms_on_postgresql(
    archives: tuple[str, str],
) -> None:
    postgres, sqlite = archives
    engine = make_engine(sqlite)
    with session_factory(engine)() as session:
        body = session.scalar(select(Article.body).order_by(func.length(Article.body).desc()))
        terms = list(dict.fromkeys(tokens(body or "")))[:300]
        queries = [
            "党建 " + many_terms(EXCLUSIONS, "-"),
            many_terms(terms) + " " + many_terms(ABSENT, "-"),
        ]
        expected = [reference(session, query) for query in queries]
    engine.dispose()
    for query, matches in zip(queries, expected, strict=True):
        urls = results(postgres, EssayFilter(parse_query(query)))
        assert urls == results(sqlite, EssayFilter(parse_query(query)))
        assert set(urls) == matches
        assert matches

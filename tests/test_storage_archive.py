"""Writing essays and failures to a real SQLite archive."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from storage.archive import EssayRecord, FailureRecord, PageRecord, record_failure, store_essay
from storage.models import Article, ArticlePage, Failure
from storage.queries import export_records, failure_counts

FETCHED = datetime(2026, 11, 29, 4, 0, tzinfo=UTC)
BEIJING = timezone(timedelta(hours=8))


def essay(
    url: str, body: str = "第一段。\n第二段。", content_hash: str = "h1", **fields: object
) -> EssayRecord:
    record = EssayRecord(
        url=url,
        title="党建调研报告",
        body=body,
        content_hash=content_hash,
        fetched_at=FETCHED,
        pages=[PageRecord(url, "<html>页</html>", "gb18030")],
        category="党建",
        category_url="http://x.test/dangjian/",
    )
    for name, value in fields.items():
        setattr(record, name, value)
    return record


def test_new_then_unchanged_then_updated(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        assert store_essay(session, essay("http://x.test/a/1.html"), None).outcome == "new"
    with sessions.begin() as session:
        assert store_essay(session, essay("http://x.test/a/1.html"), None).outcome == "unchanged"
    with sessions.begin() as session:
        changed = essay("http://x.test/a/1.html", body="改过的正文。", content_hash="h2")
        assert store_essay(session, changed, None).outcome == "updated"
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Article)) == 1
        assert session.scalar(select(Article.body)) == "改过的正文。"


def test_exact_copy_links_to_the_first_and_does_not_store_the_body_twice(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as session:
        first = store_essay(session, essay("http://x.test/a/1.html"), None)
        copy = store_essay(session, essay("http://x.test/b/9.html"), None)
    assert (first.duplicate_of, first.duplicate_kind) == (None, None)
    assert (copy.duplicate_of, copy.duplicate_kind, copy.similarity) == (
        "http://x.test/a/1.html",
        "exact",
        1.0,
    )
    with sessions() as session:
        bodies = {url: body for url, body in session.execute(select(Article.url, Article.body))}
        records = {record.url: record for record in export_records(session)}
    assert bodies == {
        "http://x.test/a/1.html": "第一段。\n第二段。",
        "http://x.test/b/9.html": None,
    }
    assert records["http://x.test/b/9.html"].body == "第一段。\n第二段。"
    assert records["http://x.test/b/9.html"].duplicate_of == "http://x.test/a/1.html"


def test_same_title_different_body_stays_separate(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        store_essay(session, essay("http://x.test/a/1.html", content_hash="h1"), None)
        other = store_essay(
            session, essay("http://x.test/a/2.html", "别的。", content_hash="h9"), None
        )
    assert other.duplicate_of is None


def test_published_at_keeps_the_instant(sessions: sessionmaker[Session]) -> None:
    published = datetime(2020, 3, 2, 13, 29, 16, tzinfo=BEIJING)
    with sessions.begin() as session:
        store_essay(session, essay("http://x.test/a/1.html", published_at=published), None)
    with sessions() as session:
        stored = session.scalar(select(Article.published_at))
    assert stored == published
    assert stored is not None and stored.utcoffset() == timedelta(0)


def test_pages_are_kept_compressed_and_replaced_on_recrawl(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        store_essay(session, essay("http://x.test/a/1.html"), None)
    with sessions.begin() as session:
        store_essay(session, essay("http://x.test/a/1.html"), None)
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(ArticlePage)) == 1


def test_failures_are_upserted_and_resolved_by_a_later_success(
    sessions: sessionmaker[Session],
) -> None:
    url = "http://x.test/a/1.html"
    with sessions.begin() as session:
        record_failure(
            session, FailureRecord(url, "http_503", FETCHED, status=503, attempts=4), None
        )
        record_failure(
            session, FailureRecord(url, "http_503", FETCHED, status=503, attempts=4), None
        )
    with sessions() as session:
        assert session.scalar(select(Failure.attempts)) == 8
        assert failure_counts(session) == {"http_503": 1}
    with sessions.begin() as session:
        store_essay(session, essay(url), None)
    with sessions() as session:
        assert failure_counts(session) == {}

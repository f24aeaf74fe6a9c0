"""The batch write path on a real SQLite file: links in any order, refreshes, versions, seen, gone."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import timedelta

import pytest
from archive_essays import FETCHED, NEAR, essay, near_copy, text
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased, sessionmaker

from storage.archive import EssayRecord, mark_gone, mark_seen, record_failure, store_essays
from storage.models import Article, ArticlePage, CrawlRun, EssayVersion, Failure
from storage.records import FailureRecord, PageRecord

BASE = "http://x.test"


def respaced(body: str) -> str:
    """The body with other whitespace only: the same text, an exact copy.

    (``archive_essays.exact_copy`` also re-punctuates: the same content hash,
    but another text, so a near copy.)
    """
    return body.replace("\n", "\n\u3000\u3000 ")


T1, T2 = text(1), text(2)
# Urls in the order they sort: /0/0 is a near copy with the smallest URL.
CLUSTER_ESSAYS = [
    (f"{BASE}/a/1.html", T1),
    (f"{BASE}/b/2.html", respaced(T1)),
    (f"{BASE}/c/3.html", near_copy(T1, "本文为转载。")),
    (f"{BASE}/0/0.html", near_copy(T1, "编者按：值得一读。")),
    (f"{BASE}/e/5.html", T2),
    (f"{BASE}/f/6.html", respaced(T2)),
]

Clusters = dict[str, tuple[str | None, str | None]]


def clusters(sessions: sessionmaker[Session]) -> Clusters:
    canonical = aliased(Article)
    with sessions() as session:
        rows = session.execute(
            select(Article.url, canonical.url, Article.duplicate_kind).outerjoin(
                canonical, canonical.id == Article.duplicate_of_id
            )
        )
        return {
            url.removeprefix(BASE): (of and of.removeprefix(BASE), kind) for url, of, kind in rows
        }


def store(sessions: sessionmaker[Session], batches: Sequence[Sequence[EssayRecord]]) -> None:
    for batch in batches:
        with sessions.begin() as session:
            store_essays(session, batch, None, NEAR)


EXPECTED_CLUSTERS = {
    "/0/0.html": (None, None),
    "/a/1.html": ("/0/0.html", "near"),
    # An exact copy of a near copy is a near copy of the cluster's canonical.
    "/b/2.html": ("/0/0.html", "near"),
    "/c/3.html": ("/0/0.html", "near"),
    "/e/5.html": (None, None),
    "/f/6.html": ("/e/5.html", "exact"),
}


@pytest.mark.parametrize(
    "batching",
    ["one batch", "one batch reversed", "one by one", "one by one reversed", "two halves"],
)
def test_copies_link_to_the_smallest_url_however_they_are_batched(
    sessions: sessionmaker[Session], batching: str
) -> None:
    essays = [essay(url, body) for url, body in CLUSTER_ESSAYS]
    if "reversed" in batching:
        essays.reverse()
    batches = {
        "one batch": [essays],
        "one batch reversed": [essays],
        "one by one": [[e] for e in essays],
        "one by one reversed": [[e] for e in essays],
        "two halves": [essays[3:], essays[:3]],
    }[batching]
    store(sessions, batches)
    assert clusters(sessions) == EXPECTED_CLUSTERS


# An original, a near copy and an exact copy, URLs in that order.
TRIO = [
    (f"{BASE}/a/1.html", T1),
    (f"{BASE}/b/2.html", near_copy(T1, "本文为转载。")),
    (f"{BASE}/c/3.html", respaced(T1)),
]


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_an_original_takes_over_whatever_order_its_copies_came_in(
    sessions: sessionmaker[Session], order: tuple[int, ...]
) -> None:
    # Seen in a two-worker crawl: the exact copy first, then the near copy (which
    # took it over), then the original, which must lead the cluster all the same.
    store(sessions, [[essay(*TRIO[index])] for index in order])
    assert clusters(sessions) == {
        "/a/1.html": (None, None),
        "/b/2.html": ("/a/1.html", "near"),
        "/c/3.html": ("/a/1.html", "exact"),
    }


def test_a_url_twice_in_one_batch_is_stored_once_then_refreshed(
    sessions: sessionmaker[Session],
) -> None:
    later = FETCHED + timedelta(hours=1)
    with sessions.begin() as session:
        stored = store_essays(
            session,
            [essay(f"{BASE}/a/1.html", T1), essay(f"{BASE}/a/1.html", T2, fetched_at=later)],
            None,
            NEAR,
        )
    assert [result.outcome for result in stored] == ["new", "updated"]
    with sessions() as session:
        assert session.scalars(select(Article.body)).all() == [T2]


def new_run(sessions: sessionmaker[Session]) -> int:
    with sessions.begin() as session:
        run = CrawlRun(spider="essays")
        session.add(run)
        session.flush()
        return run.id


def article(sessions: sessionmaker[Session], url: str) -> Article:
    with sessions() as session:
        found = session.scalar(select(Article).where(Article.url == url))
        assert found is not None
        return found


def versions(sessions: sessionmaker[Session], url: str) -> list[tuple[object, ...]]:
    with sessions() as session:
        rows = session.execute(
            select(
                EssayVersion.version,
                EssayVersion.title,
                EssayVersion.body,
                EssayVersion.fetched_at,
                EssayVersion.run_id,
            )
            .join(Article, Article.id == EssayVersion.article_id)
            .where(Article.url == url)
            .order_by(EssayVersion.version)
        )
        return [tuple(row) for row in rows]


def test_refreshes_move_seen_marks_and_version_changed_text(
    sessions: sessionmaker[Session],
) -> None:
    url = f"{BASE}/a/1.html"
    first, second, third = new_run(sessions), new_run(sessions), new_run(sessions)
    day = timedelta(days=1)
    with sessions.begin() as session:
        (new,) = store_essays(
            session, [essay(url, T1, etag='"v1"', last_modified="Mon, 1 Dec")], first, NEAR
        )
    stored = article(sessions, url)
    assert (new.outcome, stored.last_seen_at, stored.etag, stored.last_modified) == (
        "new",
        FETCHED,
        '"v1"',
        "Mon, 1 Dec",
    )
    # Re-spaced only: the same text. Only the marks, validators and run move.
    with sessions.begin() as session:
        (unchanged,) = store_essays(
            session,
            [essay(url, respaced(T1), fetched_at=FETCHED + day, etag='"v2"')],
            second,
            NEAR,
        )
    stored = article(sessions, url)
    assert unchanged.outcome == "unchanged"
    assert (stored.body, stored.first_fetched_at, stored.last_fetched_at, stored.last_seen_at) == (
        T1,
        FETCHED,
        FETCHED + day,
        FETCHED + day,
    )
    assert (stored.etag, stored.last_modified, stored.run_id) == ('"v2"', None, second)
    assert versions(sessions, url) == []
    with sessions.begin() as session:
        (updated,) = store_essays(
            session, [essay(url, T2, fetched_at=FETCHED + 2 * day)], third, NEAR
        )
    assert updated.outcome == "updated"
    assert versions(sessions, url) == [
        (1, "党建调研报告", T1, FETCHED + day, second),
        (2, "党建调研报告", T2, FETCHED + 2 * day, third),
    ]
    with sessions.begin() as session:
        (retitled,) = store_essays(
            session, [essay(url, T2, title="新标题", fetched_at=FETCHED + 3 * day)], third, NEAR
        )
    assert retitled.outcome == "updated"
    assert versions(sessions, url)[2:] == [(3, "新标题", T2, FETCHED + 3 * day, third)]
    with sessions() as session:
        assert session.scalar(select(Article.body)) == T2
        assert len(session.scalars(select(ArticlePage.id)).all()) == 1


def test_an_exact_copy_that_changes_keeps_its_canonical_text_as_version_one(
    sessions: sessionmaker[Session],
) -> None:
    copy_url = f"{BASE}/b/2.html"
    store(sessions, [[essay(f"{BASE}/a/1.html", T1), essay(copy_url, respaced(T1))]])
    assert article(sessions, copy_url).body is None
    later = FETCHED + timedelta(days=1)
    with sessions.begin() as session:
        (updated,) = store_essays(session, [essay(copy_url, T2, fetched_at=later)], None, NEAR)
    assert (updated.outcome, updated.duplicate_of) == ("updated", None)
    assert versions(sessions, copy_url) == [
        (1, "党建调研报告", T1, FETCHED, None),
        (2, "党建调研报告", T2, later, None),
    ]
    assert clusters(sessions) == {"/a/1.html": (None, None), "/b/2.html": (None, None)}


def test_a_canonical_that_changes_hands_its_cluster_to_its_smallest_copy(
    sessions: sessionmaker[Session],
) -> None:
    store(
        sessions,
        [
            [
                essay(f"{BASE}/a/1.html", T1),
                essay(f"{BASE}/c/3.html", respaced(T1)),
                essay(f"{BASE}/b/2.html", respaced(T1)),
            ]
        ],
    )
    with sessions.begin() as session:
        store_essays(session, [essay(f"{BASE}/a/1.html", T2)], None, NEAR)
    assert clusters(sessions) == {
        "/a/1.html": (None, None),
        "/b/2.html": (None, None),
        "/c/3.html": ("/b/2.html", "exact"),
    }
    # The new canonical holds the old text (its own was never stored); its copy still none.
    handed_over = [article(sessions, f"{BASE}/{path}").body for path in ("b/2.html", "c/3.html")]
    assert handed_over == [T1, None]


def test_seen_and_gone_marks(sessions: sessionmaker[Session]) -> None:
    url = f"{BASE}/a/1.html"
    store(sessions, [[essay(url, T1)]])
    first_gone, second_gone = FETCHED + timedelta(days=1), FETCHED + timedelta(days=2)
    with sessions.begin() as session:
        assert (
            mark_gone(session, url, first_gone),
            mark_gone(session, f"{BASE}/x.html", first_gone),
        ) == (True, False)
    with sessions.begin() as session:
        # Still gone: nothing new to count.
        assert mark_gone(session, url, second_gone) is False
    assert article(sessions, url).gone_at == first_gone  # the first time it was found gone
    seen = FETCHED + timedelta(days=3)
    with sessions.begin() as session:
        assert mark_seen(session, {url: seen, f"{BASE}/x.html": seen}) == {url}
    stored = article(sessions, url)
    assert (stored.last_seen_at, stored.gone_at, stored.last_fetched_at) == (seen, None, FETCHED)
    with sessions.begin() as session:
        mark_gone(session, url, second_gone)
    store(sessions, [[essay(url, T1, fetched_at=seen)]])
    assert article(sessions, url).gone_at is None


def test_a_page_that_answers_now_is_no_longer_a_failure(sessions: sessionmaker[Session]) -> None:
    url, page_2, other = f"{BASE}/a/1.html", f"{BASE}/a/1_2.html", f"{BASE}/x/9.html"
    with sessions.begin() as session:
        for failed in (page_2, other):
            record_failure(session, FailureRecord(failed, "http_503", FETCHED, 503), None)
    whole = essay(url, text(1), fetched_at=FETCHED + timedelta(days=1))
    whole.pages = [*whole.pages, PageRecord(page_2, "<html><p>第二页</p></html>", "gb18030")]
    store(sessions, [[whole]])
    with sessions() as session:
        resolved = dict(session.execute(select(Failure.url, Failure.resolved_at)).all())
    assert resolved == {page_2: FETCHED + timedelta(days=1), other: None}

"""The content hash proposes an exact copy; only the same text makes one (a real archive)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import timedelta

import pytest
from archive_essays import FETCHED, NEAR, essay, text
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased, sessionmaker

from crawler.fingerprint import content_hash
from storage.archive import EssayRecord, store_essays
from storage.dedupe import NearRule
from storage.models import Article, CanonicalHash, EssayVersion
from storage.queries import export_records

BASE = "http://x.test"
PREAMBLE = text(7)
# /dangjian/951.html and /dangjian/952.html of the exploratory repro: one
# content hash (the hash drops decimal points, signs and symbols), two texts.
TEXT_951 = f"{PREAMBLE}\n财政收入15亿元，比上年增长12%。冬季气温-5℃，年龄≥35岁。"
TEXT_952 = f"{PREAMBLE}\n财政收入1.5亿元，比上年增长1.2%。冬季气温5℃，年龄≤35岁。"
# The same text as 951 in other whitespace: an exact copy.
RESPACED_951 = TEXT_951.replace("\n", "\n\u3000\u3000 ")
# 951 re-posted with full-width digits and ASCII punctuation: the same hash, other characters.
FULL_WIDTH_951 = f"{PREAMBLE}\n财政收入１５亿元,比上年增长１２％.冬季气温-５℃,年龄≥３５岁."

Links = dict[str, tuple[str | None, str | None, str | None]]


def store(
    sessions: sessionmaker[Session],
    batches: Sequence[Sequence[EssayRecord]],
    near: NearRule | None = NEAR,
    run_id: int | None = None,
) -> list[str]:
    outcomes = []
    for batch in batches:
        with sessions.begin() as session:
            outcomes += [stored.outcome for stored in store_essays(session, batch, run_id, near)]
    return outcomes


def links(sessions: sessionmaker[Session]) -> Links:
    """URL path -> (its canonical's path, kind, its own stored body)."""
    canonical = aliased(Article)
    with sessions() as session:
        rows = session.execute(
            select(Article.url, canonical.url, Article.duplicate_kind, Article.body).outerjoin(
                canonical, canonical.id == Article.duplicate_of_id
            )
        )
        return {
            url.removeprefix(BASE): (of and of.removeprefix(BASE), kind, body)
            for url, of, kind, body in rows
        }


def exported_bodies(sessions: sessionmaker[Session]) -> dict[str, str]:
    with sessions() as session:
        return {record.url.removeprefix(BASE): record.body for record in export_records(session)}


def hash_owner(sessions: sessionmaker[Session]) -> list[str]:
    with sessions() as session:
        return [
            url.removeprefix(BASE)
            for url in session.scalars(
                select(Article.url).join(CanonicalHash, CanonicalHash.article_id == Article.id)
            )
        ]


@pytest.mark.parametrize("reverse", [False, True])
def test_same_hash_other_numbers_is_a_near_copy_keeping_its_own_text(
    sessions: sessionmaker[Session], reverse: bool
) -> None:
    # The premise of every test here: without it they would prove nothing.
    assert content_hash(TEXT_951) == content_hash(TEXT_952) == content_hash(FULL_WIDTH_951)
    essays = [
        essay(f"{BASE}/dangjian/951.html", TEXT_951),
        essay(f"{BASE}/dangjian/952.html", TEXT_952),
    ]
    store(sessions, [[e] for e in (essays[::-1] if reverse else essays)])
    assert links(sessions) == {
        "/dangjian/951.html": (None, None, TEXT_951),
        "/dangjian/952.html": ("/dangjian/951.html", "near", TEXT_952),
    }
    assert exported_bodies(sessions) == {
        "/dangjian/951.html": TEXT_951,
        "/dangjian/952.html": TEXT_952,
    }


def test_without_the_near_rule_another_text_is_canonical_and_leaves_the_hash_to_the_first(
    sessions: sessionmaker[Session],
) -> None:
    store(
        sessions,
        [
            [essay(f"{BASE}/dangjian/952.html", TEXT_952)],
            [essay(f"{BASE}/dangjian/951.html", TEXT_951)],
            [essay(f"{BASE}/dangjian/953.html", TEXT_952.replace("\n", "\n\n"))],
        ],
        near=None,
    )
    assert links(sessions) == {
        "/dangjian/951.html": (None, None, TEXT_951),
        "/dangjian/952.html": (None, None, TEXT_952),
        # A true copy of the hash's first text is still an exact copy of it.
        "/dangjian/953.html": ("/dangjian/952.html", "exact", None),
    }
    assert hash_owner(sessions) == ["/dangjian/952.html"]


def test_a_full_width_repost_keeps_its_own_characters(sessions: sessionmaker[Session]) -> None:
    store(
        sessions,
        [
            [essay(f"{BASE}/dangjian/951.html", TEXT_951)],
            [essay(f"{BASE}/zhuanzai/1.html", FULL_WIDTH_951, category="转载")],
        ],
    )
    assert links(sessions) == {
        "/dangjian/951.html": (None, None, TEXT_951),
        "/zhuanzai/1.html": ("/dangjian/951.html", "near", FULL_WIDTH_951),
    }
    assert exported_bodies(sessions)["/zhuanzai/1.html"] == FULL_WIDTH_951


# A true exact copy in another category, and another text of the same hash, URLs in this order.
TRIO = [
    (f"{BASE}/a/1.html", TEXT_951, "党建"),
    (f"{BASE}/b/2.html", TEXT_952, "党建"),
    (f"{BASE}/c/3.html", RESPACED_951, "心得体会"),
]


@pytest.mark.parametrize("batched", [False, True])
@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_only_the_same_text_is_an_exact_copy_whatever_the_order(
    sessions: sessionmaker[Session], order: tuple[int, ...], batched: bool
) -> None:
    essays = [essay(url, body, category=category) for url, body, category in TRIO]
    ordered = [essays[index] for index in order]
    store(sessions, [ordered] if batched else [[e] for e in ordered])
    assert links(sessions) == {
        "/a/1.html": (None, None, TEXT_951),
        "/b/2.html": ("/a/1.html", "near", TEXT_952),
        "/c/3.html": ("/a/1.html", "exact", None),
    }
    assert exported_bodies(sessions) == {
        "/a/1.html": TEXT_951,
        "/b/2.html": TEXT_952,
        "/c/3.html": TEXT_951,
    }


def versions(sessions: sessionmaker[Session], url: str) -> list[tuple[object, ...]]:
    with sessions() as session:
        rows = session.execute(
            select(EssayVersion.version, EssayVersion.body, EssayVersion.fetched_at)
            .join(Article, Article.id == EssayVersion.article_id)
            .where(Article.url == url)
            .order_by(EssayVersion.version)
        )
        return [tuple(row) for row in rows]


def test_an_edit_of_a_decimal_point_or_a_sign_is_an_update(sessions: sessionmaker[Session]) -> None:
    url, later = f"{BASE}/dangjian/951.html", FETCHED + timedelta(days=1)
    assert store(sessions, [[essay(url, TEXT_951)]]) == ["new"]
    assert store(sessions, [[essay(url, TEXT_952, fetched_at=later)]]) == ["updated"]
    assert links(sessions) == {"/dangjian/951.html": (None, None, TEXT_952)}
    assert versions(sessions, url) == [(1, TEXT_951, FETCHED), (2, TEXT_952, later)]


def test_an_exact_copy_edited_to_another_text_of_its_hash_gets_its_own_body(
    sessions: sessionmaker[Session],
) -> None:
    copy_url, later = f"{BASE}/c/3.html", FETCHED + timedelta(days=1)
    store(sessions, [[essay(f"{BASE}/a/1.html", TEXT_951), essay(copy_url, RESPACED_951)]])
    assert store(sessions, [[essay(copy_url, TEXT_952, fetched_at=later)]]) == ["updated"]
    assert links(sessions) == {
        "/a/1.html": (None, None, TEXT_951),
        "/c/3.html": ("/a/1.html", "near", TEXT_952),
    }
    # Version 1 is the text the copy had: its canonical's.
    assert versions(sessions, copy_url) == [(1, TEXT_951, FETCHED), (2, TEXT_952, later)]

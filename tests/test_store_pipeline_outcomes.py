"""StorePipeline's committed outcomes as stats: new, updated, unchanged (304 too), gone, copies."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta

import pytest
from archive_essays import FETCHED, essay, exact_copy, text
from scrapy.utils.test import get_crawler
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crawler.items import EssayItem, EssaySeen, FetchFailure, PageSnapshot
from crawler.pipelines.store import StoredItem, StorePipeline
from storage.models import Article, Failure

BASE = "http://x.test"


def essay_item(url: str, body: str, fetched_days: int = 0) -> EssayItem:
    record = essay(url, body)
    return EssayItem(
        url=url,
        fetched_at=FETCHED + timedelta(days=fetched_days),
        pages=[PageSnapshot(url, record.pages[0].html, "utf-8")],
        title=record.title,
        paragraphs=body.split("\n"),
        content_hash=record.content_hash,
        minhash=record.minhash,
        band_keys=record.band_keys,
    )


@pytest.fixture
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


def flush(
    pipeline: StorePipeline, loop: asyncio.AbstractEventLoop, items: list[StoredItem]
) -> dict[str, int]:
    """One batch through the pipeline's commit; the archive/ stats it added."""
    before = dict(pipeline.stats.get_stats())

    async def commit() -> None:
        pipeline._pending = [(item, loop.create_future()) for item in items]
        futures = [future for _, future in pipeline._pending]
        pipeline._flush()
        await asyncio.gather(*futures)

    loop.run_until_complete(commit())
    after = pipeline.stats.get_stats()
    return {
        key: value - before.get(key, 0)
        for key, value in after.items()
        if key.startswith("archive/") and key != "archive/batches" and value != before.get(key, 0)
    }


def test_each_committed_outcome_counts_once(
    sessions: sessionmaker[Session], db_url: str, loop: asyncio.AbstractEventLoop
) -> None:
    crawler = get_crawler(settings_dict={"ARCHIVE_DB_URL": db_url})
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline._sessions = sessions
    first = flush(
        pipeline,
        loop,
        [
            essay_item(f"{BASE}/a/1.html", text(1)),
            essay_item(f"{BASE}/b/2.html", exact_copy(text(1))),
            essay_item(f"{BASE}/c/3.html", text(3)),
            essay_item(f"{BASE}/d/4.html", text(4)),
        ],
    )
    assert first == {"archive/essays_new": 4, "archive/copies_exact": 1}
    second = flush(
        pipeline,
        loop,
        [
            essay_item(f"{BASE}/a/1.html", text(1), fetched_days=1),
            essay_item(f"{BASE}/c/3.html", text(30), fetched_days=1),
            EssaySeen(f"{BASE}/d/4.html", FETCHED + timedelta(days=1)),
            FetchFailure(f"{BASE}/b/2.html", "http_404", status=404),
            FetchFailure(f"{BASE}/x/9.html", "http_404", status=404),
        ],
    )
    assert second == {
        "archive/essays_unchanged": 2,
        "archive/essays_updated": 1,
        "archive/essays_gone": 1,
        # The gone essay's 404 is a failure row too, as any 404.
        "archive/failures": 2,
        "archive/failures/http_404": 2,
    }
    with sessions() as session:
        gone = dict(session.execute(select(Article.url, Article.gone_at)).all())
        failed = session.scalars(select(Failure.url).order_by(Failure.url)).all()
    assert gone[f"{BASE}/b/2.html"] is not None
    assert [url for url, at in gone.items() if at is not None] == [f"{BASE}/b/2.html"]
    assert failed == [f"{BASE}/b/2.html", f"{BASE}/x/9.html"]


@pytest.mark.parametrize(
    ("reason", "status", "gone"),
    [
        ("http_404", 404, True),
        ("http_410", 410, True),  # "Gone": HTTP's own word for a deleted page
        ("soft_404", 200, True),
        ("http_503", 503, False),
        ("http_403", 403, False),
        ("timeout", None, False),
    ],
)
def test_an_archived_essay_is_gone_only_on_an_answer_that_says_so(
    sessions: sessionmaker[Session],
    db_url: str,
    loop: asyncio.AbstractEventLoop,
    reason: str,
    status: int | None,
    gone: bool,
) -> None:
    crawler = get_crawler(settings_dict={"ARCHIVE_DB_URL": db_url})
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline._sessions = sessions
    flush(pipeline, loop, [essay_item(f"{BASE}/a/1.html", text(1))])
    outcome = flush(pipeline, loop, [FetchFailure(f"{BASE}/a/1.html", reason, status=status)])
    assert outcome == {
        **({"archive/essays_gone": 1} if gone else {}),
        "archive/failures": 1,
        f"archive/failures/{reason}": 1,
    }
    with sessions() as session:
        gone_at = session.scalars(select(Article.gone_at)).one()
    assert (gone_at is not None) == gone

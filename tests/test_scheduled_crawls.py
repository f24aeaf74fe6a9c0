"""Nightly runs against a site that changes between them: new, updated, gone, versions.

Each run is the real ``fanwen crawl --job nightly`` in a child process,
against the fixture site served over HTTP on 127.0.0.1 with ETags (so the
refresh of an unchanged essay is a conditional request answered 304).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from changing_site import ChangingSite
from fanwen_runner import FAST, Run, export, fanwen
from local_http import free_port
from sqlalchemy import select

from crawler.health import EXIT_MARKUP_CHANGED
from crawler.webarchive import serve_fixture_site
from storage.database import make_engine, session_factory
from storage.models import Article, CrawlRun, EssayVersion

EDITED = "/xindetihui/123260.html"
DELETED = "/xindetihui/123188.html"
ADDED = "/xindetihui/126001.html"
NEW_TEXT = "这一段在第二次抓取之前被网站编辑改写了，旧的版本仍然保存在档案里。"


class Nightly:
    """One archive, one job, one site on one port across runs."""

    def __init__(self, tmp_path: Path) -> None:
        self.site = ChangingSite.copy_of_fixtures(tmp_path / "site")
        self.port = free_port()
        self.db_url = f"sqlite:///{tmp_path / 'archive.db'}"
        self.jobs = tmp_path / "jobs"

    def crawl(self, *extra: str) -> Run:
        with serve_fixture_site(self.site.folder, port=self.port, validators=True) as base:
            return fanwen(
                "crawl",
                "--start-url",
                base,
                "--db",
                self.db_url,
                *FAST,
                "--job",
                "nightly",
                "-s",
                f"ARCHIVE_JOBS_DIR={self.jobs}",
                *extra,
            )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def runs(self) -> list[dict[str, Any]]:
        run = fanwen("runs", "--db", self.db_url, "--format", "json")
        assert run.returncode == 0, run.stderr
        return [json.loads(line) for line in reversed(run.stdout.splitlines())]


COUNTS = ("new", "updated", "unchanged", "gone", "exit_code", "status")


def counts(run: dict[str, Any]) -> dict[str, Any]:
    return {name: run[name] for name in COUNTS}


@pytest.fixture
def nightly(tmp_path: Path) -> Iterator[Nightly]:
    yield Nightly(tmp_path)


def test_three_runs_count_new_updated_gone_and_keep_versions(nightly: Nightly) -> None:
    first = nightly.crawl("--refresh-after", "0")
    assert first.returncode == 0, first.stderr
    archived = len(export(nightly.db_url))

    nightly.site.add_essay(
        template="/xindetihui/120712.html",
        path=ADDED,
        title="夏季防汛演练心得体会",
        paragraphs=[
            "六月初，单位组织了一次防汛应急演练，全体职工按照预案分组行动，检验了应急队伍的反应速度。",
            "演练让我认识到，防汛工作没有旁观者，只有把预案练熟、把物资备足，真正的汛情来临时才能从容应对。",
        ],
        list_page="/xindetihui/",
    )
    nightly.site.edit_paragraph(EDITED, 1, NEW_TEXT)
    nightly.site.delete(DELETED)
    second = nightly.crawl("--refresh-after", "0")
    assert second.returncode == 0, second.stderr
    third = nightly.crawl("--refresh-after", "0")
    assert third.returncode == 0, third.stderr

    runs = nightly.runs()
    assert [counts(run) for run in runs] == [
        {
            "new": archived,
            "updated": 0,
            "unchanged": 0,
            "gone": 0,
            "exit_code": 0,
            "status": "finished",
        },
        {
            "new": 1,
            "updated": 1,
            "unchanged": archived - 2,
            "gone": 1,
            "exit_code": 0,
            "status": "finished",
        },
        {
            "new": 0,
            "updated": 0,
            "unchanged": archived,
            "gone": 0,
            "exit_code": 0,
            "status": "finished",
        },
    ]
    assert [run["job"] for run in runs] == ["nightly"] * 3

    engine = make_engine(nightly.db_url)
    with session_factory(engine)() as session:
        edited = session.scalars(select(Article).where(Article.url == nightly.url(EDITED))).one()
        versions = session.scalars(
            select(EssayVersion)
            .where(EssayVersion.article_id == edited.id)
            .order_by(EssayVersion.version)
        ).all()
        deleted = session.scalars(select(Article).where(Article.url == nightly.url(DELETED))).one()
    engine.dispose()
    assert [(v.version, v.run_id) for v in versions] == [(1, runs[0]["id"]), (2, runs[1]["id"])]
    assert NEW_TEXT not in versions[0].body and NEW_TEXT in versions[1].body
    assert versions[1].content_hash == edited.content_hash != versions[0].content_hash
    # Gone is a mark, never a deletion: the essay and its text stay.
    assert deleted.gone_at is not None and deleted.title
    assert runs[1]["failure_reasons"]["http_404"] >= 1


def test_an_unchanged_run_refetches_nothing_it_does_not_have_to(nightly: Nightly) -> None:
    assert nightly.crawl().returncode == 0
    nightly.site.add_essay(
        template="/dangjian/121330.html",
        path="/dangjian/126002.html",
        title="支部书记抓党建述职报告",
        paragraphs=["一年来，我认真履行党建工作第一责任人职责，坚持把抓好党建作为最大的政绩。"],
        list_page="/dangjian/",
    )
    second = nightly.crawl("--stop-after-known", "1")
    assert second.returncode == 0, second.stderr
    run = nightly.runs()[-1]
    assert counts(run) == {
        "new": 1,
        "updated": 0,
        "unchanged": 0,
        "gone": 0,
        "exit_code": 0,
        "status": "finished",
    }
    engine = make_engine(nightly.db_url)
    with session_factory(engine)() as session:
        stats = session.scalars(select(CrawlRun.stats).where(CrawlRun.id == run["id"])).one()
    engine.dispose()
    assert stats is not None
    # 党建 has three list pages: page 1 holds the new essay, page 2 nothing new, so
    # with --stop-after-known 1 page 3 is not fetched; each other category stops at page 1.
    assert stats["essays/list_pages"] == 2 + 3
    assert stats["essays/categories_stopped_at_known"] == 4


def test_a_list_that_stops_matching_fails_the_run_with_exit_code_4(nightly: Nightly) -> None:
    assert nightly.crawl().returncode == 0
    nightly.site.empty_list("/xindetihui/")
    second = nightly.crawl()
    assert second.returncode == EXIT_MARKUP_CHANGED, second.stderr
    assert "no list entries now, some last time, in: xindetihui (exit code 4)" in second.stderr
    assert nightly.runs()[-1]["problems"] == {
        "markup_changed": "no list entries now, some last time, in: xindetihui"
    }


def test_an_essay_moved_by_a_301_is_archived_at_its_new_url_on_refresh(
    nightly: Nightly,
) -> None:
    assert nightly.crawl().returncode == 0
    moved = "/xindetihui/099999.html"
    nightly.site.move(EDITED, moved)
    # Every essay due: the refresh asks the old URL with its ETag. The new URL
    # serves the same bytes, so the same ETag: with the old URL's validators
    # carried over the redirect it answered 304 and was never archived.
    refresh = nightly.crawl("--refresh-after", "0")
    assert refresh.returncode == 0, refresh.stderr
    assert counts(nightly.runs()[-1]) == {
        "new": 1,
        "updated": 0,
        "unchanged": 32,
        "gone": 0,
        "exit_code": 0,
        "status": "finished",
    }
    assert nightly.url(moved) in {record["url"] for record in export(nightly.db_url)}

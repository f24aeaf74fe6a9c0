"""End to end: the fixture site over real HTTP on 127.0.0.1 into a real SQLite file.

The expected records are tests/golden/fixture_essays.json, written from the
fixtures' intent, not from the crawler's output.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from fanwen_runner import FAST, REPO, Run, by_path, export, fanwen
from golden_records import GOLDEN, comparable, expected_record
from sqlalchemy import select

from crawler.health import EXIT_FAILURE_RATE
from crawler.webarchive import serve_fixture_site
from storage.database import make_engine, session_factory
from storage.models import CrawlRun, Failure

pytestmark = pytest.mark.slow

FIXTURES = REPO / "fixtures" / "site"
EXPECTED_FAILURES = {
    "/dangjian/100456.html": "http_404",
    "/diaoyanbaogao/100731.html": "http_404",
    "/fanwendaquan/101208.html": "http_404",
    "/xindetihui/100988.html": "http_404",
    "/dangjian/123377.html": "http_404",
    "/dangjian/122640.html": "soft_404",
    "/dangjian/122590.html": "missing_title",
    "/diaoyanbaogao/122980.html": "empty_body",
}


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serve_fixture_site(FIXTURES) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def live_crawl(site: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, Run]:
    folder = tmp_path_factory.mktemp("live")
    db_url = f"sqlite:///{folder / 'live.db'}"
    warc = folder / "site.warc.gz"
    run = fanwen("crawl", "--start-url", site, "--db", db_url, "--warc", str(warc), *FAST)
    return db_url, warc, run


def failures(db_url: str) -> dict[str, tuple[str, int | None]]:
    engine = make_engine(db_url)
    with session_factory(engine)() as session:
        rows = session.execute(select(Failure.url, Failure.reason, Failure.status)).all()
    engine.dispose()
    return {urlsplit(url).path: (reason, status) for url, reason, status in rows}


@pytest.fixture(scope="module")
def live_records(live_crawl: tuple[str, Path, Run]) -> dict[str, dict[str, Any]]:
    db_url, _, run = live_crawl
    assert run.returncode == 0, run.stderr
    return by_path(export(db_url))


@pytest.mark.parametrize("golden", GOLDEN, ids=[g["path"] for g in GOLDEN])
def test_live_crawl_archives_each_essay_as_expected(
    live_records: dict[str, dict[str, Any]], golden: dict[str, Any]
) -> None:
    assert comparable(live_records[golden["path"]]) == expected_record(golden)


def test_live_crawl_archives_exactly_the_essays(live_records: dict[str, dict[str, Any]]) -> None:
    assert sorted(live_records) == sorted(golden["path"] for golden in GOLDEN)


def test_live_crawl_records_every_failure_with_its_reason(
    live_crawl: tuple[str, Path, Run],
) -> None:
    found = {path: reason for path, (reason, _) in failures(live_crawl[0]).items()}
    assert found == EXPECTED_FAILURES


def test_live_crawl_run_is_a_finished_record(live_crawl: tuple[str, Path, Run]) -> None:
    engine = make_engine(live_crawl[0])
    with session_factory(engine)() as session:
        run = session.scalars(select(CrawlRun)).one()
    engine.dispose()
    assert (run.status, run.finish_reason, run.finished_at is not None) == (
        "finished",
        "finished",
        True,
    )
    assert run.stats is not None and run.stats["archive/essays_new"] == len(GOLDEN)
    # What the run cost: its own process, and its pipeline children (none here).
    assert run.stats["process/cpu_s"] > 0
    assert isinstance(run.stats["process/children_cpu_s"], float)


def test_crawl_prints_a_summary(live_crawl: tuple[str, Path, Run]) -> None:
    summary = live_crawl[2].stdout
    assert re.search(rf"essays stored \(new\)\s*│\s*{len(GOLDEN)}\s*│", summary), summary
    assert re.search(r"http_404\s*│\s*5\s*│", summary), summary


def test_replaying_the_warc_gives_the_same_archive(
    live_crawl: tuple[str, Path, Run], tmp_path: Path
) -> None:
    live_db, warc, _ = live_crawl
    replay_db = f"sqlite:///{tmp_path / 'replay.db'}"
    run = fanwen("crawl", "--replay", str(warc), "--db", replay_db)
    assert run.returncode == 0, run.stderr

    def without_fetch_time(db_url: str) -> list[dict[str, Any]]:
        return [{k: v for k, v in r.items() if k != "fetched_at"} for r in export(db_url)]

    assert without_fetch_time(replay_db) == without_fetch_time(live_db)


def test_pipeline_work_in_child_processes_gives_the_same_archive(
    live_crawl: tuple[str, Path, Run], site: str, tmp_path: Path
) -> None:
    """Cleaning, fingerprints and the batch writes done in child processes from the first item."""
    db_url = f"sqlite:///{tmp_path / 'children.db'}"
    run = fanwen(
        "crawl",
        "--start-url",
        site,
        "--db",
        db_url,
        "-s",
        "ARCHIVE_PIPELINE_PROCESSES_AFTER=0",
        *FAST,
    )
    assert run.returncode == 0, run.stderr
    engine = make_engine(db_url)
    with session_factory(engine)() as session:
        stats = session.scalars(select(CrawlRun.stats)).one()
    engine.dispose()
    assert stats is not None
    # Every essay page was cleaned in a child (the archived ones and the two
    # rejected after cleaning), every archived one fingerprinted there, and
    # every batch written there (then the writer closed).
    cleaned, fingerprinted = len(GOLDEN) + 2, len(GOLDEN)
    assert stats["offload/pipeline/in_child"] == cleaned + fingerprinted
    assert stats["offload/writer/in_child"] == stats["archive/batches"] + 1
    assert "offload/pipeline/in_crawl" not in stats and "offload/writer/in_crawl" not in stats

    def without_fetch_time(db_url: str) -> list[dict[str, Any]]:
        return [{k: v for k, v in r.items() if k != "fetched_at"} for r in export(db_url)]

    assert without_fetch_time(db_url) == without_fetch_time(live_crawl[0])
    assert failures(db_url) == failures(live_crawl[0])


def test_fanwen_crawl_without_arguments_replays_the_bundled_fixtures(tmp_path: Path) -> None:
    run = fanwen("crawl", cwd=tmp_path, env={"ARCHIVE_DB_URL": ""})
    assert run.returncode == 0, run.stderr
    records = by_path(export(f"sqlite:///{tmp_path / 'archive.db'}"))
    assert {path: comparable(r) for path, r in records.items()} == {
        golden["path"]: expected_record(golden) for golden in GOLDEN
    }


def test_recrawl_updates_rows_instead_of_duplicating_them(site: str, tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'twice.db'}"
    first = fanwen("crawl", "--start-url", site, "--db", db_url, *FAST)
    second = fanwen("crawl", "--start-url", site, "--db", db_url, *FAST)
    assert (first.returncode, second.returncode) == (0, 0), second.stderr
    assert len(export(db_url)) == len(GOLDEN)
    assert "essays unchanged" in second.stdout


def test_scrapy_crawl_works_from_the_checkout(site: str, tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'scrapy.db'}"
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "essays",
            "-a",
            f"start_url={site}",
            "-s",
            f"ARCHIVE_DB_URL={db_url}",
            "-s",
            "AUTOTHROTTLE_ENABLED=False",
            "-s",
            "LOG_LEVEL=WARNING",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    assert len(export(db_url)) == len(GOLDEN)


def test_bad_pages_end_as_failures_and_the_crawl_goes_on(tmp_path: Path) -> None:
    """A truncated page (Content-Length longer than the body) is a failure; the rest is archived."""
    site_copy = tmp_path / "site"
    shutil.copytree(FIXTURES, site_copy)
    manifest_path = site_copy / "manifest.json"
    manifest = json.loads(manifest_path.read_text("utf-8"))
    truncated = "/dangjian/121502.html"
    for page in manifest["pages"]:
        if page["path"] == truncated:
            body = (site_copy / page["file"]).read_text("utf-8").encode(page["encode"])
            page["headers"]["Content-Length"] = str(len(body) + 5000)
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    db_url = f"sqlite:///{tmp_path / 'bad.db'}"
    with serve_fixture_site(site_copy) as base_url:
        run = fanwen(
            "crawl",
            "--start-url",
            base_url,
            "--db",
            db_url,
            *FAST,
            "-s",
            "RETRY_TIMES=1",
            "-s",
            "DOWNLOAD_TIMEOUT=5",
            "--max-failure-rate",
            "0.15",
        )
    # The crawl goes on; with the fixtures' own 8 failures, 9 of the 47 URLs
    # tried (33 essays, 5 list pages, 9 failures) failed: past a 15% limit,
    # which the exit code reports.
    assert run.returncode == EXIT_FAILURE_RATE, run.stderr
    assert run.stderr.splitlines()[-1] == (
        "fanwen crawl: 19.1% of URLs failed (limit 15%) (exit code 5)"
    )
    assert failures(db_url)[truncated][0] == "truncated_body"
    archived = by_path(export(db_url))
    assert sorted(archived) == sorted(g["path"] for g in GOLDEN if g["path"] != truncated)


def clusters(records: dict[str, dict[str, Any]]) -> dict[str, tuple[str, str]]:
    return {
        path: (record["duplicate_of"], record["duplicate_kind"])
        for path, record in records.items()
        if record["duplicate_of"]
    }


def test_a_crawl_in_two_halves_ends_with_the_same_archive(
    site: str, live_records: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    db_url = f"sqlite:///{tmp_path / 'halves.db'}"
    first = fanwen(
        "crawl",
        "--start-url",
        site,
        "--db",
        db_url,
        *FAST,
        "-s",
        "CLOSESPIDER_ITEMCOUNT=10",
        "-s",
        "CONCURRENT_REQUESTS=1",
        "-s",
        "ARCHIVE_BATCH_SIZE=1",
    )
    assert first.returncode == 0, first.stderr
    assert len(export(db_url)) < len(GOLDEN)
    # The fixtures' 8 failing URLs are a fifth of the site: in the smaller
    # second half they pass the default 20% failure rate.
    second = fanwen(
        "crawl", "--start-url", site, "--db", db_url, *FAST, "--max-failure-rate", "0.5"
    )
    assert second.returncode == 0, second.stderr
    records = by_path(export(db_url))
    assert clusters(records) == clusters(live_records)
    assert {p: comparable(r) for p, r in records.items()} == {
        p: comparable(r) for p, r in live_records.items()
    }

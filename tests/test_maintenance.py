"""Re-linking and re-cleaning an existing archive, without re-crawling."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fanwen_runner import by_path, export, fanwen
from sqlalchemy import update

from storage.database import make_engine, session_factory
from storage.models import Article
from storage.search import left_behind_rows

pytestmark = pytest.mark.slow

NEAR_COPY = "/diaoyanbaogao/124436.html"
EXACT_COPY = "/xindetihui/123188.html"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("crawled")
    run = fanwen("crawl", "--db", f"sqlite:///{folder / 'archive.db'}")
    assert run.returncode == 0, run.stderr
    return folder / "archive.db"


@pytest.fixture
def archive(crawled: Path, tmp_path: Path) -> str:
    copy = tmp_path / "archive.db"
    shutil.copy(crawled, copy)
    return f"sqlite:///{copy}"


def links(db_url: str) -> dict[str, tuple[str | None, str | None]]:
    return {
        path: (record["duplicate_of"], record["duplicate_kind"])
        for path, record in by_path(export(db_url)).items()
        if record["duplicate_of"]
    }


CRAWL_LINKS = {
    NEAR_COPY: ("/dangjian/124410.html", "near"),
    EXACT_COPY: ("/fanwendaquan/122105.html", "exact"),
}


def test_rebuild_reproduces_the_crawl_links(archive: str) -> None:
    run = fanwen("dedupe", "--rebuild", "--db", archive)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "33 essays: 1 exact copies, 1 near copies"
    assert links(archive) == CRAWL_LINKS


def test_rebuild_with_a_higher_threshold_unlinks_the_near_copy(archive: str) -> None:
    run = fanwen("dedupe", "--rebuild", "--threshold", "0.95", "--db", archive)
    assert run.returncode == 0, run.stderr
    assert links(archive) == {EXACT_COPY: CRAWL_LINKS[EXACT_COPY]}


def test_reclean_restores_bodies_from_the_stored_pages(archive: str) -> None:
    before = export(archive)
    engine = make_engine(archive)
    with session_factory(engine).begin() as session:
        session.execute(update(Article).values(body="被改坏的正文", content_hash="broken"))
    engine.dispose()
    run = fanwen("reclean", "--db", archive)
    assert run.returncode == 0, run.stderr
    assert "33 essays recleaned, 33 bodies changed" in run.stdout
    assert export(archive) == before


def test_dupes_lists_clusters_largest_first(archive: str) -> None:
    run = fanwen("dupes", "--db", archive, "--format", "json")
    assert run.returncode == 0, run.stderr
    clusters = [json.loads(line) for line in run.stdout.splitlines()]
    summary = [
        (
            c["canonical"]["url"].split("/", 3)[3],
            [(m["url"].split("/", 3)[3], m["kind"]) for m in c["copies"]],
        )
        for c in clusters
    ]
    assert summary == [
        ("dangjian/124410.html", [("diaoyanbaogao/124436.html", "near")]),
        ("fanwendaquan/122105.html", [("xindetihui/123188.html", "exact")]),
    ]


def test_commands_on_a_missing_archive_fail_in_one_line(tmp_path: Path) -> None:
    run = fanwen("dupes", "--db", f"sqlite:///{tmp_path / 'none.db'}")
    assert run.returncode == 2
    assert run.stderr.strip().splitlines()[-1] == (
        f"Error: no archive at {tmp_path / 'none.db'} (run `fanwen crawl` first, or give --db)"
    )
    assert "Traceback" not in run.stderr


def test_reclean_and_rebuild_leave_a_current_search_index(archive: str) -> None:
    for command in (("reclean",), ("dedupe", "--rebuild")):
        run = fanwen(*command, "--db", archive)
        assert run.returncode == 0, run.stderr
        found = fanwen("search", "党建", "--db", archive, "--format", "json", "--limit", "50")
        assert len(found.stdout.splitlines()) == 10
    engine = make_engine(archive)
    with session_factory(engine)() as session:
        assert left_behind_rows(session) == 0
    engine.dispose()

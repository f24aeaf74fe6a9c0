"""``fanwen serve`` in a real headless Chromium: search a two-character term, see the essay."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fanwen_runner import fanwen
from local_http import http_get, served_archive

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    archive = tmp_path_factory.mktemp("serve") / "archive.db"
    run = fanwen("crawl", "--db", f"sqlite:///{archive}")
    assert run.returncode == 0, run.stderr
    with served_archive(archive) as base:
        yield base
    # Stopping `fanwen serve` stops Datasette with it.
    with pytest.raises(OSError):
        http_get(f"{base}/-/versions.json")


def test_the_archive_is_served_read_only(server: str) -> None:
    status, body = http_get(f"{server}/-/databases.json")
    assert status == 200
    assert [(db["name"], db["is_mutable"]) for db in json.loads(body)] == [("archive", False)]
    status, body = http_get(f"{server}/archive.json?sql=delete+from+articles")
    assert status == 400
    assert json.loads(body)["error"] == "Statement must be a SELECT"
    status, body = http_get(f"{server}/archive/essays.json?_shape=array&_size=max")
    assert status == 200
    assert len(json.loads(body)) == 31


def test_canned_queries_and_facets_are_there(server: str) -> None:
    status, body = http_get(f"{server}/archive/essays_per_month.json?_shape=array&_size=max")
    assert status == 200
    assert sum(row["essays"] for row in json.loads(body)) == 30  # one essay has no date
    status, body = http_get(f"{server}/archive/largest_duplicate_clusters.json?_shape=array")
    assert [row["copies"] for row in json.loads(body)] == [1, 1]
    status, body = http_get(f"{server}/archive/latest_failures.json?_shape=array")
    assert len(json.loads(body)) == 8
    status, body = http_get(f"{server}/archive/essays.json?_facet=category&_size=0")
    facet = json.loads(body)["facet_results"]["category"]["results"]
    assert {row["value"]: row["count"] for row in facet} == {
        "党建": 14,
        "心得体会": 5,
        "范文大全": 7,
        "调研报告": 5,
    }


def test_a_two_character_search_in_chromium_shows_the_essay(server: str) -> None:
    if shutil.which("chromium") is None and not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{server}/archive/search_essays")
            page.fill("input[name=q]", "党建")
            page.locator("form input[type=submit]").first.click()
            page.wait_for_selector("table.rows-and-columns td")
            titles = page.locator("table.rows-and-columns td.col-title").all_inner_texts()
            page.screenshot(path=str(ARTIFACTS / "datasette_search_党建.png"), full_page=True)
        finally:
            browser.close()
    assert "党建工作述职报告" in titles
    assert "党建调研报告" in titles
    assert len(titles) == 10

"""``fanwen serve`` in a real headless Chromium: search a two-character term, see the essay."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from fanwen_runner import REPO, fanwen

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


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    archive = tmp_path_factory.mktemp("serve") / "archive.db"
    run = fanwen("crawl", "--db", f"sqlite:///{archive}")
    assert run.returncode == 0, run.stderr
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "crawler",
            "serve",
            "--db",
            f"sqlite:///{archive}",
            "--port",
            str(port),
        ],
        cwd=REPO,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if _get(f"{base}/-/versions.json")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("fanwen serve did not answer within 30 s")
        yield base
    finally:
        process.terminate()
        process.wait(10)
    # Stopping `fanwen serve` stops Datasette with it.
    with pytest.raises(OSError):
        _get(f"{base}/-/versions.json")


def test_the_archive_is_served_read_only(server: str) -> None:
    status, body = _get(f"{server}/-/databases.json")
    assert status == 200
    assert [(db["name"], db["is_mutable"]) for db in json.loads(body)] == [("archive", False)]
    status, body = _get(f"{server}/archive.json?sql=delete+from+articles")
    assert status == 400
    assert json.loads(body)["error"] == "Statement must be a SELECT"
    status, body = _get(f"{server}/archive/essays.json?_shape=array&_size=max")
    assert status == 200
    assert len(json.loads(body)) == 31


def test_canned_queries_and_facets_are_there(server: str) -> None:
    status, body = _get(f"{server}/archive/essays_per_month.json?_shape=array&_size=max")
    assert status == 200
    assert sum(row["essays"] for row in json.loads(body)) == 30  # one essay has no date
    status, body = _get(f"{server}/archive/largest_duplicate_clusters.json?_shape=array")
    assert [row["copies"] for row in json.loads(body)] == [1, 1]
    status, body = _get(f"{server}/archive/latest_failures.json?_shape=array")
    assert len(json.loads(body)) == 8
    status, body = _get(f"{server}/archive/essays.json?_facet=category&_size=0")
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

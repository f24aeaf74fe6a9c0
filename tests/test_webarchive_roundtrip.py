"""Record a crawl of a served fixture site to WARC, then replay it offline.

Each crawl runs in its own subprocess (see webarchive_helpers.run_crawl).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from webarchive_helpers import (
    BASE_URL,
    CRAWL_SITE_FILES,
    CRAWL_SITE_PAGES,
    GZIP_PAGE,
    CrawlResult,
    WarcEntry,
    read_warc,
    run_crawl,
    write_fixture_site,
)

from crawler.webarchive import replay_start_urls, serve_fixture_site

pytestmark = pytest.mark.slow


@dataclass
class Recorded:
    base_url: str
    warc: Path
    crawl: CrawlResult


@dataclass
class Replayed:
    missing_url: str
    rerecorded_warc: Path
    crawl: CrawlResult


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Recorded:
    root = tmp_path_factory.mktemp("record")
    site = write_fixture_site(root / "site", CRAWL_SITE_PAGES, CRAWL_SITE_FILES)
    warc = root / "crawl.warc.gz"
    with serve_fixture_site(site) as base_url:
        crawl = run_crawl(root / "run", [base_url], {"ARCHIVE_WARC_PATH": str(warc)})
    return Recorded(base_url, warc, crawl)


@pytest.fixture(scope="module")
def replayed(recorded: Recorded, tmp_path_factory: pytest.TempPathFactory) -> Replayed:
    # The server is gone: any network request would fail, not replay.
    root = tmp_path_factory.mktemp("replay")
    missing_url = f"{recorded.base_url}never-recorded.html"
    rerecorded = root / "replay.warc.gz"
    settings = {"ARCHIVE_REPLAY_PATH": str(recorded.warc), "ARCHIVE_WARC_PATH": str(rerecorded)}
    crawl = run_crawl(root / "run", [*replay_start_urls(recorded.warc), missing_url], settings)
    return Replayed(missing_url, rerecorded, crawl)


def page_item(base_url: str, path: str, encoding: str, title: str, text: str) -> dict[str, Any]:
    url = base_url + path
    return {"url": url, "status": 200, "encoding": encoding, "title": title, "text": text}


def expected_items(base_url: str) -> list[dict[str, Any]]:
    return [
        page_item(base_url, "", "gb18030", "人人范文网", "范文大全"),
        page_item(base_url, "a.html", "gb18030", "党建调研报告", "镕基层党建"),
        page_item(base_url, "b.html", "utf-8", "压缩的范文", "喆的总结"),
        # /old.html answered 301 to /c.html.
        page_item(base_url, "c.html", "utf-8", "工作总结", "堃的工作总结"),
        {
            "url": f"{base_url}gone.html",
            "error": "HttpError",
            "message": "Ignoring non-200 response",
        },
        {
            "url": f"{base_url}plus/download.php?aid=1",
            "error": "IgnoreRequest",
            "message": "Forbidden by robots.txt",
        },
    ]


def responses_by_path(entries: list[WarcEntry], base_url: str) -> dict[str, WarcEntry]:
    return {
        (entry.url or "").removeprefix(base_url): entry
        for entry in entries
        if entry.type == "response"
    }


def test_record_crawl_yields_every_page(recorded: Recorded) -> None:
    assert recorded.crawl.items == expected_items(recorded.base_url)


def test_record_opens_the_warc_with_its_start_urls(recorded: Recorded) -> None:
    warcinfo = read_warc(recorded.warc)[0]
    fields = warcinfo.payload.decode().splitlines()
    assert (warcinfo.type, fields[1:]) == (
        "warcinfo",
        ["format: WARC File Format 1.1", f"fanwen-start-urls: {recorded.base_url}"],
    )


def test_record_writes_a_request_response_pair_per_download(recorded: Recorded) -> None:
    entries = read_warc(recorded.warc)[1:]
    pairs = sorted(
        (
            (response.url or "").removeprefix(recorded.base_url),
            response.http_head,
            request.http_head,
            request.concurrent_to == response.record_id,
        )
        for response, request in zip(entries[0::2], entries[1::2], strict=True)
    )
    assert pairs == [
        ("", "HTTP/1.0 200 OK", "GET / HTTP/1.1", True),
        ("a.html", "HTTP/1.0 200 OK", "GET /a.html HTTP/1.1", True),
        ("b.html", "HTTP/1.0 200 OK", "GET /b.html HTTP/1.1", True),
        ("c.html", "HTTP/1.0 200 OK", "GET /c.html HTTP/1.1", True),
        ("gone.html", "HTTP/1.0 404 Not Found", "GET /gone.html HTTP/1.1", True),
        ("old.html", "HTTP/1.0 301 Moved Permanently", "GET /old.html HTTP/1.1", True),
        ("robots.txt", "HTTP/1.0 200 OK", "GET /robots.txt HTTP/1.1", True),
    ]


def test_record_keeps_the_gzip_body_as_received(recorded: Recorded) -> None:
    response = responses_by_path(read_warc(recorded.warc), recorded.base_url)["b.html"]
    headers = {name: value for name, value in response.http_headers if name != "Date"}
    assert (headers, response.payload) == (
        {
            "Content-Encoding": "gzip",
            "Content-Length": str(len(GZIP_PAGE)),
            "Content-Type": "text/html; charset=utf-8",
            "Server": headers["Server"],
        },
        GZIP_PAGE,
    )


def test_record_counts_responses_and_bytes(recorded: Recorded) -> None:
    stats = recorded.crawl.stats
    assert (stats["webarchive/recorded"], stats["webarchive/bytes"]) == (
        7,
        recorded.warc.stat().st_size,
    )


def test_replay_yields_the_recorded_items(recorded: Recorded, replayed: Replayed) -> None:
    items = [item for item in replayed.crawl.items if item["url"] != replayed.missing_url]
    assert items == recorded.crawl.items


def test_replay_sends_an_unrecorded_url_to_the_errback(replayed: Replayed) -> None:
    [item] = [item for item in replayed.crawl.items if item["url"] == replayed.missing_url]
    assert item == {
        "url": replayed.missing_url,
        "error": "NotInRecording",
        "message": f"not in recording: {replayed.missing_url}",
    }


def test_replay_answers_robots_txt_and_every_page(replayed: Replayed) -> None:
    stats = replayed.crawl.stats
    assert {key: stats.get(key) for key in ("webarchive/replayed", "webarchive/missing")} == {
        "webarchive/replayed": 7,
        "webarchive/missing": 1,
    }


def test_replay_records_nothing_again(replayed: Replayed) -> None:
    assert [entry.type for entry in read_warc(replayed.rerecorded_warc)] == ["warcinfo"]


def test_replay_of_a_fixture_without_robots_txt_allows_all(tmp_path: Path) -> None:
    # No robots.txt in the recording: NotInRecording, which RobotsTxtMiddleware
    # takes as "no rules", without logging an error.
    pages = [page for page in CRAWL_SITE_PAGES if page["path"] != "/robots.txt"]
    site = write_fixture_site(tmp_path / "site", pages, CRAWL_SITE_FILES)
    crawl = run_crawl(tmp_path / "run", [BASE_URL], {"ARCHIVE_REPLAY_PATH": str(site)})
    download = {
        "url": f"{BASE_URL}plus/download.php?aid=1",
        "error": "NotInRecording",
        "message": f"not in recording: {BASE_URL}plus/download.php?aid=1",
    }
    expected = [*expected_items(BASE_URL)[:-1], download]
    assert (crawl.items, crawl.stats.get("log_count/ERROR")) == (expected, None)

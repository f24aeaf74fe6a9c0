from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

import pytest
from scrapy import Spider
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler
from webarchive_helpers import BASE_URL, RecordedResponse, write_fixture_site, write_warc

from crawler.webarchive import (
    NotInRecording,
    RecordingError,
    ReplayMiddleware,
    open_recording,
    replay_start_urls,
)
from crawler.webarchive.stored import RECORDED_AT_META

ARTICLE = '<meta charset="gb2312"><title>党建调研报告</title><p>朱镕基</p>'
GZIPPED = gzip.compress(b"<p>gzip</p>", mtime=0)


@pytest.fixture
def site_folder(tmp_path: Path) -> Path:
    pages = [
        {
            "path": "/dangjian/1.html",
            "headers": {"Content-Type": "text/html"},
            "file": "1.html",
            "encode": "gbk",
        },
        {"path": "/html/1.html", "status": 301, "headers": {"Location": "/dangjian/1.html"}},
        {
            "path": "/b.html",
            "headers": {"Content-Type": "text/html", "Content-Encoding": "gzip"},
            "file": "b.gz",
        },
    ]
    files = {"1.html": ARTICLE.encode("utf-8"), "b.gz": GZIPPED}
    return write_fixture_site(tmp_path / "site", pages, files)


def replay_middleware(path: Path) -> ReplayMiddleware:
    return ReplayMiddleware.from_crawler(get_crawler(Spider, {"ARCHIVE_REPLAY_PATH": str(path)}))


def test_not_configured_without_a_path() -> None:
    with pytest.raises(NotConfigured):
        ReplayMiddleware.from_crawler(get_crawler(Spider, {}))


def test_answers_an_html_page_with_its_encoding_detected(site_folder: Path) -> None:
    response = replay_middleware(site_folder).process_request(Request(f"{BASE_URL}dangjian/1.html"))
    assert isinstance(response, HtmlResponse)
    assert (response.status, response.encoding, response.text, response.flags) == (
        200,
        "gb18030",
        ARTICLE,
        ["replayed"],
    )


def test_answers_a_redirect_for_redirect_middleware(site_folder: Path) -> None:
    response = replay_middleware(site_folder).process_request(Request(f"{BASE_URL}html/1.html"))
    assert (response.status, dict(response.headers.to_unicode_dict()), response.body) == (
        301,
        {"Location": "/dangjian/1.html"},
        b"",
    )


def test_leaves_a_compressed_body_to_http_compression_middleware(site_folder: Path) -> None:
    response = replay_middleware(site_folder).process_request(Request(f"{BASE_URL}b.html"))
    assert (dict(response.headers.to_unicode_dict()), response.body) == (
        {"Content-Type": "text/html", "Content-Encoding": "gzip"},
        GZIPPED,
    )


def test_answers_from_a_warc(tmp_path: Path) -> None:
    warc = write_warc(
        tmp_path / "crawl.warc.gz", [RecordedResponse(f"{BASE_URL}1.html", body=b"<p>1</p>")]
    )
    response = replay_middleware(warc).process_request(Request(f"{BASE_URL}1.html"))
    assert (type(response), response.body) == (HtmlResponse, b"<p>1</p>")


def test_gives_the_time_a_warc_record_was_made_with_its_response(tmp_path: Path) -> None:
    recorded = RecordedResponse(f"{BASE_URL}1.html", warc_date="2024-03-05T04:00:00Z")
    warc = write_warc(tmp_path / "crawl.warc.gz", [recorded])
    request = Request(f"{BASE_URL}1.html")
    response = replay_middleware(warc).process_request(request)
    assert response.meta[RECORDED_AT_META] == datetime(2024, 3, 5, 4, 0, tzinfo=UTC)


def test_a_fixture_page_carries_no_recording_time(site_folder: Path) -> None:
    response = replay_middleware(site_folder).process_request(Request(f"{BASE_URL}dangjian/1.html"))
    assert RECORDED_AT_META not in response.meta


def test_raises_not_in_recording_for_a_missing_url(site_folder: Path) -> None:
    with pytest.raises(NotInRecording) as raised:
        replay_middleware(site_folder).process_request(Request(f"{BASE_URL}dangjian/2.html"))
    assert (str(raised.value), raised.value.url) == (
        f"not in recording: {BASE_URL}dangjian/2.html",
        f"{BASE_URL}dangjian/2.html",
    )


def test_not_in_recording_is_an_ignored_request() -> None:
    assert issubclass(NotInRecording, IgnoreRequest)


def test_counts_replayed_and_missing(site_folder: Path) -> None:
    middleware = replay_middleware(site_folder)
    middleware.process_request(Request(f"{BASE_URL}dangjian/1.html"))
    middleware.process_request(Request(f"{BASE_URL}html/1.html"))
    with pytest.raises(NotInRecording):
        middleware.process_request(Request(f"{BASE_URL}robots.txt"))
    stats = middleware.crawler.stats
    assert stats is not None
    assert {key: stats.get_value(key) for key in ("webarchive/replayed", "webarchive/missing")} == {
        "webarchive/replayed": 2,
        "webarchive/missing": 1,
    }


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("nowhere", "no such file or folder"),
        ("empty", "neither a fixture folder (manifest.json) nor a .warc[.gz] file"),
        ("notes.txt", "neither a fixture folder (manifest.json) nor a .warc[.gz] file"),
    ],
)
def test_open_recording_refuses_a_path_it_cannot_replay(
    tmp_path: Path, name: str, message: str
) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes.txt").write_text("notes", "utf-8")
    with pytest.raises(RecordingError) as raised:
        open_recording(tmp_path / name)
    assert str(raised.value) == f"{tmp_path / name}: {message}"


def test_replay_start_urls_of_a_fixture_site_is_its_base_url(site_folder: Path) -> None:
    assert replay_start_urls(site_folder) == [BASE_URL]


def test_replay_start_urls_of_a_warc_are_its_start_urls(tmp_path: Path) -> None:
    warcinfo = {"fanwen-start-urls": f"{BASE_URL}dangjian/"}
    warc = write_warc(tmp_path / "crawl.warc.gz", [RecordedResponse(f"{BASE_URL}1.html")], warcinfo)
    assert replay_start_urls(warc) == [f"{BASE_URL}dangjian/"]


def test_a_warc_is_loaded_once_until_it_is_written_again(tmp_path: Path) -> None:
    warc = write_warc(tmp_path / "crawl.warc.gz", [RecordedResponse(f"{BASE_URL}1.html")])
    first = open_recording(warc)
    assert open_recording(warc) is first  # the start URLs and the middleware share it
    write_warc(warc, [RecordedResponse(f"{BASE_URL}1.html"), RecordedResponse(f"{BASE_URL}2.html")])
    again = open_recording(warc)
    assert again is not first
    assert again.lookup(f"{BASE_URL}2.html") is not None

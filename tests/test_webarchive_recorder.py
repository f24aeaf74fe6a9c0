from __future__ import annotations

import gzip
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import pytest
import scrapy
from scrapy import Spider
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from scrapy.utils.test import get_crawler
from webarchive_helpers import WarcEntry, read_warc

from crawler.webarchive import WarcRecorderMiddleware

URL = "http://www.renrenfanwen.test/dangjian/list_3_2.html?order=date"
GZIPPED = gzip.compress("<p>党建调研报告</p>".encode("gbk"), mtime=0)


class Recording:
    """A recorder between spider_opened and spider_closed, as in a crawl."""

    def __init__(self, path: Path, start_urls: list[str]) -> None:
        self.crawler = get_crawler(Spider, {"ARCHIVE_WARC_PATH": str(path)})
        self.recorder = WarcRecorderMiddleware.from_crawler(self.crawler)
        self.spider = Spider(name="essays", start_urls=start_urls)
        self.recorder.spider_opened(self.spider)

    def close(self) -> None:
        self.recorder.spider_closed(self.spider)


@pytest.fixture
def warc_path(tmp_path: Path) -> Path:
    return tmp_path / "out" / "crawl.warc.gz"


@pytest.fixture
def recording(warc_path: Path) -> Iterator[Recording]:
    recording = Recording(warc_path, ["http://www.renrenfanwen.test/"])
    yield recording
    recording.close()


def record_one(recording: Recording, response: Response) -> list[WarcEntry]:
    request = Request(URL, headers={"User-Agent": "fanwen", "Accept-Encoding": "gzip"})
    assert recording.recorder.process_response(request, response) is response
    recording.close()
    return read_warc(recording.recorder.path)


def gzip_response(flags: list[str] | None = None) -> Response:
    headers = {
        "Content-Type": "text/html",
        "Content-Encoding": "gzip",
        "Transfer-Encoding": "chunked",
    }
    return Response(URL, headers=headers, body=GZIPPED, flags=flags, protocol="HTTP/1.1")


def test_not_configured_without_a_path() -> None:
    with pytest.raises(NotConfigured):
        WarcRecorderMiddleware.from_crawler(get_crawler(Spider, {}))


def test_opens_with_a_warcinfo_naming_the_start_urls(warc_path: Path) -> None:
    Recording(
        warc_path, ["http://www.renrenfanwen.test/", "http://www.renrenfanwen.test/搜索"]
    ).close()
    [warcinfo] = read_warc(warc_path)
    assert (warcinfo.type, warcinfo.payload.decode()) == (
        "warcinfo",
        f"software: fanwen-archive (Scrapy {scrapy.__version__}; warcio {version('warcio')})\r\n"
        "format: WARC File Format 1.1\r\n"
        "fanwen-start-urls: http://www.renrenfanwen.test/"
        " http://www.renrenfanwen.test/%E6%90%9C%E7%B4%A2\r\n",
    )


def test_records_the_response_as_received(recording: Recording) -> None:
    _, response, _ = record_one(recording, gzip_response())
    assert response == WarcEntry(
        type="response",
        url=URL,
        http_head="HTTP/1.1 200 OK",
        # Transfer-Encoding dropped: Scrapy de-chunked the body.
        http_headers=[("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
        payload=GZIPPED,
        record_id=response.record_id,
        concurrent_to=None,
    )


def test_records_the_request_with_its_host(recording: Recording) -> None:
    _, response, request = record_one(recording, gzip_response())
    assert request == WarcEntry(
        type="request",
        url=URL,
        http_head="GET /dangjian/list_3_2.html?order=date HTTP/1.1",
        http_headers=[
            ("Host", "www.renrenfanwen.test"),
            ("User-Agent", "fanwen"),
            ("Accept-Encoding", "gzip"),
        ],
        payload=b"",
        record_id=request.record_id,
        concurrent_to=response.record_id,
    )


def test_records_the_status_line_of_a_redirect(recording: Recording) -> None:
    redirect = Response(URL, status=301, headers={"Location": "/dangjian/1.html"})
    _, response, _ = record_one(recording, redirect)
    assert (response.http_head, response.http_headers, response.payload) == (
        "HTTP/1.1 301 Moved Permanently",
        [("Location", "/dangjian/1.html")],
        b"",
    )


# "partial" is an HTTP/1.0 body ended by closing the connection: whole, as far
# as anyone can tell.
@pytest.mark.parametrize(
    ("flags", "truncated"),
    [
        ([], None),
        (["partial"], None),
        (["dataloss"], "disconnect"),
        (["download_stopped"], "unspecified"),
    ],
)
def test_marks_a_body_cut_short(
    recording: Recording, flags: list[str], truncated: str | None
) -> None:
    _, response, _ = record_one(recording, gzip_response(flags=flags))
    assert response.truncated == truncated


def test_skips_a_replayed_response(recording: Recording) -> None:
    entries = record_one(recording, gzip_response(flags=["replayed"]))
    assert [entry.type for entry in entries] == ["warcinfo"]


def test_counts_responses_and_bytes(recording: Recording, warc_path: Path) -> None:
    record_one(recording, gzip_response())
    stats = recording.crawler.stats
    assert stats is not None
    assert {key: stats.get_value(key) for key in ("webarchive/recorded", "webarchive/bytes")} == {
        "webarchive/recorded": 1,
        "webarchive/bytes": warc_path.stat().st_size,
    }


def test_appends_a_second_run(recording: Recording, warc_path: Path) -> None:
    record_one(recording, gzip_response())
    Recording(warc_path, ["http://www.renrenfanwen.test/"]).close()
    assert [entry.type for entry in read_warc(warc_path)] == [
        "warcinfo",
        "response",
        "request",
        "warcinfo",
    ]


@pytest.mark.parametrize(("name", "magic"), [("crawl.warc.gz", b"\x1f\x8b"), ("crawl.warc", b"WA")])
def test_compresses_by_the_file_name(tmp_path: Path, name: str, magic: bytes) -> None:
    Recording(tmp_path / name, []).close()
    assert (tmp_path / name).read_bytes()[:2] == magic

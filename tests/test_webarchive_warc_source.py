from __future__ import annotations

from pathlib import Path

import pytest
from webarchive_helpers import RecordedResponse, write_warc

from crawler.webarchive import RecordingError, StoredResponse, WarcSource

BASE = "http://www.renrenfanwen.test/"
ARTICLE = "<p>党建调研报告</p>".encode("gbk")
WARCINFO = {"software": "another crawler", "fanwen-start-urls": f"{BASE} {BASE}dangjian/"}


@pytest.mark.parametrize("compress", [True, False])
def test_lookup_answers_a_recorded_response(tmp_path: Path, compress: bool) -> None:
    path = write_warc(
        tmp_path / "crawl.warc",
        [RecordedResponse(f"{BASE}1.html", body=ARTICLE)],
        compress=compress,
    )
    assert WarcSource.load(path).lookup(f"{BASE}1.html") == StoredResponse(
        200, {"Content-Type": "text/html"}, ARTICLE
    )


def test_lookup_answers_none_for_an_unrecorded_url(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "crawl.warc.gz", [RecordedResponse(f"{BASE}1.html")])
    assert WarcSource.load(path).lookup(f"{BASE}2.html") is None


def test_lookup_answers_the_last_of_two_recordings(tmp_path: Path) -> None:
    responses = [
        RecordedResponse(f"{BASE}1.html", "503 Service Unavailable", (), b"busy"),
        RecordedResponse(f"{BASE}1.html", body=ARTICLE),
    ]
    source = WarcSource.load(write_warc(tmp_path / "crawl.warc.gz", responses))
    assert source.lookup(f"{BASE}1.html") == StoredResponse(
        200, {"Content-Type": "text/html"}, ARTICLE
    )


def test_lookup_ignores_the_fragment(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "crawl.warc.gz", [RecordedResponse(f"{BASE}1.html")])
    assert WarcSource.load(path).lookup(f"{BASE}1.html#comments") == StoredResponse(
        200, {"Content-Type": "text/html"}, b""
    )


def test_lookup_keeps_a_compressed_body_compressed(tmp_path: Path) -> None:
    headers = (("Content-Encoding", "gzip"),)
    response = RecordedResponse(f"{BASE}1.html", headers=headers, body=b"\x1f\x8b gzip bytes")
    source = WarcSource.load(write_warc(tmp_path / "crawl.warc.gz", [response]))
    assert source.lookup(f"{BASE}1.html") == StoredResponse(
        200, {"Content-Encoding": "gzip"}, b"\x1f\x8b gzip bytes"
    )


def test_lookup_removes_chunked_framing_another_crawler_kept(tmp_path: Path) -> None:
    headers = (("Content-Type", "text/plain"), ("Transfer-Encoding", "chunked"))
    response = RecordedResponse(
        f"{BASE}1.html", headers=headers, body=b"4\r\nfan \r\n3\r\nwen\r\n0\r\n\r\n"
    )
    source = WarcSource.load(write_warc(tmp_path / "crawl.warc.gz", [response]))
    assert source.lookup(f"{BASE}1.html") == StoredResponse(
        200, {"Content-Type": "text/plain"}, b"fan wen"
    )


def test_lookup_combines_a_repeated_header(tmp_path: Path) -> None:
    headers = (("Cache-Control", "no-cache"), ("Cache-Control", "no-store"))
    source = WarcSource.load(
        write_warc(tmp_path / "crawl.warc.gz", [RecordedResponse(f"{BASE}1.html", headers=headers)])
    )
    assert source.lookup(f"{BASE}1.html") == StoredResponse(
        200, {"Cache-Control": "no-cache, no-store"}, b""
    )


def test_start_urls_come_from_every_warcinfo_once(tmp_path: Path) -> None:
    first = write_warc(tmp_path / "a.warc.gz", [RecordedResponse(f"{BASE}1.html")], WARCINFO)
    resumed = write_warc(tmp_path / "b.warc.gz", [RecordedResponse(f"{BASE}2.html")], WARCINFO)
    appended = tmp_path / "crawl.warc.gz"
    appended.write_bytes(first.read_bytes() + resumed.read_bytes())
    assert WarcSource.load(appended).start_urls == [BASE, f"{BASE}dangjian/"]


def test_start_urls_fall_back_to_the_first_response(tmp_path: Path) -> None:
    responses = [RecordedResponse(f"{BASE}2.html"), RecordedResponse(f"{BASE}1.html")]
    path = write_warc(tmp_path / "crawl.warc.gz", responses, {"software": "wget"})
    assert WarcSource.load(path).start_urls == [f"{BASE}2.html"]


def test_start_urls_are_empty_without_responses(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "crawl.warc.gz", [], {"software": "wget"})
    assert WarcSource.load(path).start_urls == []


def test_urls_lists_each_recorded_url_once(tmp_path: Path) -> None:
    responses = [RecordedResponse(f"{BASE}2.html"), RecordedResponse(f"{BASE}1.html")] * 2
    path = write_warc(tmp_path / "crawl.warc.gz", responses)
    assert WarcSource.load(path).urls == [f"{BASE}2.html", f"{BASE}1.html"]


def test_load_refuses_a_file_that_is_no_warc(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(b"<html>not a warc</html>\n")
    with pytest.raises(RecordingError) as raised:
        WarcSource.load(path)
    assert str(raised.value) == (
        f"{path}: not a readable WARC: "
        "Unknown archive format, first line: ['<html>not', 'a', 'warc</html>']"
    )


def test_load_refuses_a_truncated_body(tmp_path: Path) -> None:
    responses = [RecordedResponse(f"{BASE}1.html", body=ARTICLE)]
    whole = write_warc(tmp_path / "whole.warc", responses, compress=False)
    path = tmp_path / "cut.warc"
    # The record's closing CRLF CRLF and the body's last 6 bytes are gone.
    path.write_bytes(whole.read_bytes()[:-10])
    with pytest.raises(RecordingError) as raised:
        WarcSource.load(path)
    assert str(raised.value) == f"{path}: record at offset 0 is truncated"

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fanwen_runner import fanwen
from webarchive_helpers import RecordedResponse, write_warc

from crawler.webarchive import RecordingError, StoredResponse, WarcSource

BASE = "http://www.renrenfanwen.test/"
ARTICLE = "<p>党建调研报告</p>".encode("gbk")
# RecordedResponse's WARC-Date: every answer carries it.
RECORDED_AT = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)


def answered(status: int, headers: dict[str, str], body: bytes) -> StoredResponse:
    return StoredResponse(status, headers, body, RECORDED_AT)


WARCINFO = {"software": "another crawler", "fanwen-start-urls": f"{BASE} {BASE}dangjian/"}


@pytest.mark.parametrize("compress", [True, False])
def test_lookup_answers_a_recorded_response(tmp_path: Path, compress: bool) -> None:
    path = write_warc(
        tmp_path / "crawl.warc",
        [RecordedResponse(f"{BASE}1.html", body=ARTICLE)],
        compress=compress,
    )
    assert WarcSource.load(path).lookup(f"{BASE}1.html") == answered(
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
    assert source.lookup(f"{BASE}1.html") == answered(200, {"Content-Type": "text/html"}, ARTICLE)


def test_lookup_ignores_the_fragment(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "crawl.warc.gz", [RecordedResponse(f"{BASE}1.html")])
    assert WarcSource.load(path).lookup(f"{BASE}1.html#comments") == answered(
        200, {"Content-Type": "text/html"}, b""
    )


def test_lookup_keeps_a_compressed_body_compressed(tmp_path: Path) -> None:
    headers = (("Content-Encoding", "gzip"),)
    response = RecordedResponse(f"{BASE}1.html", headers=headers, body=b"\x1f\x8b gzip bytes")
    source = WarcSource.load(write_warc(tmp_path / "crawl.warc.gz", [response]))
    assert source.lookup(f"{BASE}1.html") == answered(
        200, {"Content-Encoding": "gzip"}, b"\x1f\x8b gzip bytes"
    )


def test_lookup_removes_chunked_framing_another_crawler_kept(tmp_path: Path) -> None:
    headers = (("Content-Type", "text/plain"), ("Transfer-Encoding", "chunked"))
    response = RecordedResponse(
        f"{BASE}1.html", headers=headers, body=b"4\r\nfan \r\n3\r\nwen\r\n0\r\n\r\n"
    )
    source = WarcSource.load(write_warc(tmp_path / "crawl.warc.gz", [response]))
    assert source.lookup(f"{BASE}1.html") == answered(
        200, {"Content-Type": "text/plain"}, b"fan wen"
    )


def test_lookup_combines_a_repeated_header(tmp_path: Path) -> None:
    headers = (("Cache-Control", "no-cache"), ("Cache-Control", "no-store"))
    source = WarcSource.load(
        write_warc(tmp_path / "crawl.warc.gz", [RecordedResponse(f"{BASE}1.html", headers=headers)])
    )
    assert source.lookup(f"{BASE}1.html") == answered(
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


def test_start_urls_fall_back_past_robots_txt_to_the_first_html_page(tmp_path: Path) -> None:
    # Crawlers fetch robots.txt first; replay would start there and find nothing.
    responses = [
        RecordedResponse(f"{BASE}robots.txt", headers=(("Content-Type", "text/plain"),)),
        RecordedResponse(f"{BASE}old.html", "301 Moved Permanently", (("Location", "/2.html"),)),
        RecordedResponse(f"{BASE}2.html"),
        RecordedResponse(f"{BASE}1.html"),
    ]
    path = write_warc(tmp_path / "crawl.warc.gz", responses, {"software": "wget"})
    assert WarcSource.load(path).start_urls == [f"{BASE}2.html"]


def test_start_urls_fall_back_to_the_home_page_when_recorded(tmp_path: Path) -> None:
    responses = [
        RecordedResponse(f"{BASE}robots.txt", headers=(("Content-Type", "text/plain"),)),
        RecordedResponse(f"{BASE}2.html"),
        RecordedResponse(BASE),
    ]
    path = write_warc(tmp_path / "crawl.warc.gz", responses, {"software": "wget"})
    assert WarcSource.load(path).start_urls == [BASE]


@pytest.mark.parametrize("warcinfo", [None, {"software": "wget"}])
def test_load_refuses_a_recording_without_responses(tmp_path: Path, warcinfo: Any) -> None:
    path = write_warc(tmp_path / "crawl.warc.gz", [], warcinfo)
    with pytest.raises(RecordingError) as raised:
        WarcSource.load(path)
    assert str(raised.value) == f"{path}: holds no HTTP response to replay"


def test_load_refuses_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(b"")
    with pytest.raises(RecordingError) as raised:
        WarcSource.load(path)
    assert str(raised.value) == f"{path}: holds no HTTP response to replay"


NOT_MODIFIED = RecordedResponse(f"{BASE}1.html", "304 Not Modified", (), b"")
FULL = RecordedResponse(f"{BASE}1.html", body=ARTICLE)


@pytest.mark.parametrize(
    ("responses", "answer"),
    [
        # A refresh appended a 304 to the recording: the page stays as recorded.
        ([FULL, NOT_MODIFIED], answered(200, {"Content-Type": "text/html"}, ARTICLE)),
        ([NOT_MODIFIED, FULL], answered(200, {"Content-Type": "text/html"}, ARTICLE)),
        # A 304 is an answer all the same when it is the only one.
        ([NOT_MODIFIED], answered(304, {}, b"")),
    ],
    ids=["304_after_200", "200_after_304", "304_alone"],
)
def test_a_304_never_replaces_a_full_answer(
    tmp_path: Path, responses: list[RecordedResponse], answer: StoredResponse
) -> None:
    source = WarcSource.load(write_warc(tmp_path / "crawl.warc.gz", responses))
    assert source.lookup(f"{BASE}1.html") == answer


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


@pytest.mark.parametrize("cut", [0, 50], ids=["empty_file", "cut_in_first_record"])
def test_fanwen_crawl_refuses_a_recording_without_responses_in_one_line(
    tmp_path: Path, cut: int
) -> None:
    whole = write_warc(tmp_path / "whole.warc.gz", [RecordedResponse(f"{BASE}1.html")], WARCINFO)
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(whole.read_bytes()[:cut])
    run = fanwen("crawl", "--replay", str(path), "--db", f"sqlite:///{tmp_path / 'a.db'}")
    assert (run.returncode, run.stderr.splitlines()[-1]) == (
        2,
        f"Error: {path}: holds no HTTP response to replay",
    )
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "a.db").exists()

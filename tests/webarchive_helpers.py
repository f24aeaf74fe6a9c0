"""Helpers for the webarchive tests: tiny fixture sites, a link-following
spider, and a crawl run in a subprocess.

Crawls run in a fresh ``python`` process each: a Twisted reactor cannot be
restarted, and a record run followed by a replay run needs two crawls.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Request, Response, TextResponse
from twisted.python.failure import Failure
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = TESTS_DIR.parent
BASE_URL = "http://www.renrenfanwen.test/"
RECORDER = "crawler.webarchive.WarcRecorderMiddleware"
REPLAY = "crawler.webarchive.ReplayMiddleware"
DOWNLOADER_MIDDLEWARES = {REPLAY: 950, RECORDER: 960}


def write_fixture_site(
    folder: Path,
    pages: Sequence[object],
    files: Mapping[str, bytes] | None = None,
    base_url: str = BASE_URL,
) -> Path:
    """Write ``manifest.json`` and the page files under ``folder``; return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in (files or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    manifest = {"base_url": base_url, "pages": pages}
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    return folder


def html_page(title: str, text: str, links: list[str], charset: str = "gb2312") -> str:
    anchors = "".join(f'<a href="{href}">{href}</a>' for href in links)
    return (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        f"<title>{title}</title></head><body><p>{text}</p>{anchors}</body></html>"
    )


# A site of the essay site's shapes (SITE.md): GBK pages with the charset only
# in <meta>, a gzip-encoded page, an old URL answering 301, a deleted essay
# (404), a /plus/ link robots.txt forbids.
GZIP_PAGE = gzip.compress(
    html_page("压缩的范文", "喆的总结", ["/"], charset="utf-8").encode("utf-8"), mtime=0
)
CRAWL_SITE_FILES = {
    "robots.txt": b"User-agent: *\nDisallow: /plus/\n",
    "index.html": html_page(
        "人人范文网",
        "范文大全",
        ["/a.html", "/b.html", "/old.html", "/gone.html", "/plus/download.php?aid=1"],
    ).encode("utf-8"),
    "a.html": html_page("党建调研报告", "镕基层党建", ["/"]).encode("utf-8"),
    "b.html.gz": GZIP_PAGE,
    "c.html": html_page("工作总结", "堃的工作总结", ["/a.html"], charset="utf-8").encode("utf-8"),
    "gone.html": html_page("系统提示", "文章不存在或已被删除", []).encode("utf-8"),
}
HTML = {"Content-Type": "text/html"}
CRAWL_SITE_PAGES: list[dict[str, Any]] = [
    {"path": "/robots.txt", "headers": {"Content-Type": "text/plain"}, "file": "robots.txt"},
    {"path": "/", "headers": HTML, "file": "index.html", "encode": "gbk"},
    {"path": "/a.html", "headers": HTML, "file": "a.html", "encode": "gbk"},
    {
        "path": "/b.html",
        "headers": {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"},
        "file": "b.html.gz",
    },
    {"path": "/old.html", "status": 301, "headers": {"Location": "/c.html"}},
    {"path": "/c.html", "headers": HTML, "file": "c.html"},
    {"path": "/gone.html", "status": 404, "headers": HTML, "file": "gone.html", "encode": "gbk"},
]


@dataclass(frozen=True)
class WarcEntry:
    """One WARC record, its payload as stored (not de-chunked, not decompressed)."""

    type: str
    url: str | None
    http_head: str | None
    http_headers: list[tuple[str, str]]
    payload: bytes
    record_id: str
    concurrent_to: str | None
    truncated: str | None = None


def read_warc(path: Path) -> list[WarcEntry]:
    entries = []
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            http = record.http_headers
            entries.append(
                WarcEntry(
                    type=record.rec_type,
                    url=record.rec_headers.get_header("WARC-Target-URI"),
                    http_head=f"{http.protocol} {http.statusline}" if http else None,
                    http_headers=list(http.headers) if http else [],
                    payload=record.raw_stream.read(),
                    record_id=record.rec_headers.get_header("WARC-Record-ID"),
                    concurrent_to=record.rec_headers.get_header("WARC-Concurrent-To"),
                    truncated=record.rec_headers.get_header("WARC-Truncated"),
                )
            )
    return entries


@dataclass(frozen=True)
class RecordedResponse:
    url: str
    status_line: str = "200 OK"
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "text/html"),)
    body: bytes = b""
    warc_date: str = "2026-11-29T03:00:00Z"  # the record's WARC-Date


def write_warc(
    path: Path,
    responses: list[RecordedResponse],
    warcinfo: Mapping[str, str] | None = None,
    *,
    compress: bool = True,
) -> Path:
    """Write a WARC as another crawler might: warcio directly, no recorder."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=compress, warc_version="1.1")
        if warcinfo is not None:
            writer.write_record(writer.create_warcinfo_record(path.name, dict(warcinfo)))
        for response in responses:
            http_headers = StatusAndHeaders(
                response.status_line, list(response.headers), protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                response.url,
                "response",
                payload=BytesIO(response.body),
                length=len(response.body),
                http_headers=http_headers,
                warc_headers_dict={"WARC-Date": response.warc_date},
            )
            writer.write_record(record)
    return path


class LinkSpider(scrapy.Spider):
    """Follows every link; yields one item per page and one per failure."""

    name = "webarchive-links"

    def __init__(self, start_urls: list[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_urls = start_urls

    async def start(self) -> AsyncIterator[Request]:
        for url in self.start_urls:
            yield Request(url, callback=self.parse, errback=self.on_error)

    def parse(self, response: Response) -> Iterator[dict[str, Any] | Request]:
        assert isinstance(response, TextResponse)
        yield {
            "url": response.url,
            "status": response.status,
            "encoding": response.encoding,
            "title": response.css("title::text").get(),
            "text": response.css("p::text").get(),
        }
        for href in response.css("a::attr(href)").getall():
            yield response.follow(href, callback=self.parse, errback=self.on_error)

    def on_error(self, failure: Failure) -> Iterator[dict[str, Any]]:
        yield {
            "url": failure.request.url,  # type: ignore[attr-defined]
            "error": failure.type.__name__ if failure.type else None,
            "message": str(failure.value),
        }


@dataclass
class CrawlResult:
    items: list[dict[str, Any]]
    stats: dict[str, Any]
    log: str


def run_crawl(workdir: Path, start_urls: list[str], settings: dict[str, Any]) -> CrawlResult:
    """Crawl with :class:`LinkSpider` in a subprocess that treats warnings as errors."""
    workdir.mkdir(parents=True, exist_ok=True)
    spec: dict[str, Any] = {
        "start_urls": start_urls,
        "settings": settings,
        "items": str(workdir / "items.jsonl"),
        "stats": str(workdir / "stats.json"),
    }
    spec_path = workdir / "crawl.json"
    spec_path.write_text(json.dumps(spec), "utf-8")
    script = (
        f"import sys; sys.path.insert(0, {str(TESTS_DIR)!r}); "
        "import webarchive_helpers; webarchive_helpers.crawl_main(sys.argv[1])"
    )
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", script, str(spec_path)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    items_path = Path(spec["items"])
    lines = items_path.read_text("utf-8").splitlines() if items_path.exists() else []
    items = sorted((json.loads(line) for line in lines), key=lambda item: item["url"])
    stats = json.loads(Path(spec["stats"]).read_text("utf-8"))
    return CrawlResult(items, stats, done.stderr)


def crawl_main(spec_path: str) -> None:
    """The subprocess side of :func:`run_crawl`."""
    spec = json.loads(Path(spec_path).read_text("utf-8"))
    settings = {
        "DOWNLOADER_MIDDLEWARES": DOWNLOADER_MIDDLEWARES,
        "ROBOTSTXT_OBEY": True,
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,
        "LOG_LEVEL": "INFO",
        "FEEDS": {spec["items"]: {"format": "jsonlines", "encoding": "utf-8"}},
        **spec["settings"],
    }
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(LinkSpider)
    process.crawl(crawler, start_urls=spec["start_urls"])
    process.start()
    assert crawler.stats is not None
    stats = crawler.stats.get_stats()
    Path(spec["stats"]).write_text(json.dumps(stats, default=str), "utf-8")

"""Record every response the crawler downloads into a WARC/1.1 file.

Enabled by ``ARCHIVE_WARC_PATH`` (``crawl.warc.gz``: gzip-compressed record by
record, as the WARC spec's annex D recommends; a name not ending in ``.gz`` is
written uncompressed). A run appends to an existing file, so that a paused and
resumed crawl (JOBDIR) keeps its first half; each run opens with its own
``warcinfo`` record.

A recording that cannot be written (no such folder, disk full) stops the
crawl as an archive that cannot be written does: finish reason
``warc_write_failed``, exit code 3, one line. The page whose record failed
goes on to the spider (it was downloaded, it is not a failure of the site),
a half-written record is cut off so the file stays readable, and nothing
more is recorded.

Give it priority 960 in DOWNLOADER_MIDDLEWARES, next to the download handler:
its process_response then runs before any other, and sees each response as
received: body still compressed (HttpCompressionMiddleware, 590, has not
decoded it yet), 3xx answers before RedirectMiddleware (600) follows them, and
5xx answers before RetryMiddleware (550) retries them.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable
from http import HTTPStatus
from importlib.metadata import version
from io import BytesIO
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro
from w3lib.url import safe_url_string
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.webarchive.stored import REPLAYED_FLAG, START_URLS_FIELD

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response
    from scrapy.http.headers import Headers
    from scrapy.spiders import Spider
    from scrapy.statscollectors import StatsCollector

# Scrapy hands the body over de-chunked (RFC 9112, section 7.1), so the
# header no longer describes it.
DROPPED_RESPONSE_HEADERS = frozenset({b"transfer-encoding"})
# A body Scrapy kept although it was cut short (DOWNLOAD_FAIL_ON_DATALOSS =
# False; a StopDownload) is marked with the WARC/1.1 WARC-Truncated field.
TRUNCATION_BY_FLAG = {"dataloss": "disconnect", "download_stopped": "unspecified"}
WRITE_FAILED = "warc_write_failed"
ERROR_STAT = "webarchive/error"

logger = logging.getLogger(__name__)


class WarcRecorderMiddleware:
    crawler: Crawler

    def __init__(self, path: Path, stats: StatsCollector) -> None:
        self.path = path
        self.stats = stats
        self._file: IO[bytes] | None = None
        # warcio writes each record here first; the file gets it in one piece.
        self._pending = BytesIO()
        self._writer: Any = None  # warcio.warcwriter.WARCWriter, untyped
        self.failed = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        path = crawler.settings.get("ARCHIVE_WARC_PATH")
        if not path:
            raise NotConfigured  # silently off, as Scrapy's own optional components are
        o = cls(Path(path), crawler.stats)
        crawler.signals.connect(o.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(o.spider_closed, signal=signals.spider_closed)
        o.crawler = crawler
        return o

    def spider_opened(self, spider: Spider) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Unbuffered: a write that fails leaves nothing behind in a buffer.
            self._file = self.path.open("ab", buffering=0)
        except OSError as exc:
            self._fail(exc)
            return
        self._writer = WARCWriter(self._pending, gzip=self.path.suffix == ".gz", warc_version="1.1")
        start_urls = [safe_url_string(url) for url in getattr(spider, "start_urls", [])]
        info = {
            "software": (
                f"fanwen-archive (Scrapy {scrapy.__version__}; warcio {version('warcio')})"
            ),
            "format": "WARC File Format 1.1",
            START_URLS_FIELD: " ".join(start_urls),
        }
        self._write(self._writer.create_warcinfo_record(self.path.name, info))

    def spider_closed(self, spider: Spider) -> None:
        self._close()

    def _close(self) -> None:
        file, self._file, self._writer = self._file, None, None
        if file is not None:
            try:
                file.close()
            except OSError as exc:  # the last buffered bytes did not fit either
                self._fail(exc)

    def _fail(self, exc: OSError) -> None:
        """Stop recording, and the crawl: the recording asked for cannot be made."""
        if self.failed:
            return
        self.failed = True
        message = f"cannot write the WARC {self.path}: {exc.strerror or exc}"
        logger.error(message)
        self.stats.set_value(ERROR_STAT, message)
        self._close()
        if self.crawler.engine is not None:
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=WRITE_FAILED))

    def process_response(self, request: Request, response: Response) -> Response:
        if REPLAYED_FLAG in response.flags or self.failed:
            return response
        writer = self._writer
        assert writer is not None, "spider_opened opens the WARC before any response"
        http_response = StatusAndHeaders(
            f"{response.status} {_reason_phrase(response.status)}",
            _header_lines(response.headers, DROPPED_RESPONSE_HEADERS),
            protocol=response.protocol or "HTTP/1.1",
        )
        warc_headers = {}
        if response.ip_address is not None:
            warc_headers["WARC-IP-Address"] = str(response.ip_address)
        for flag, reason in TRUNCATION_BY_FLAG.items():
            if flag in response.flags:
                warc_headers["WARC-Truncated"] = reason
        response_record = writer.create_warc_record(
            response.url,
            "response",
            payload=BytesIO(response.body),
            length=len(response.body),
            http_headers=http_response,
            warc_headers_dict=warc_headers,
        )
        request_record = writer.create_warc_record(
            response.url,
            "request",
            payload=BytesIO(request.body),
            length=len(request.body),
            http_headers=_request_head(request),
        )
        self._write_pair(request_record, response_record)
        return response

    def _write(self, record: Any) -> None:
        self._written(lambda: self._writer.write_record(record))

    def _write_pair(self, request_record: Any, response_record: Any) -> None:
        # Writes the response, then the request marked WARC-Concurrent-To it.
        if self._written(
            lambda: self._writer.write_request_response_pair(request_record, response_record)
        ):
            self.stats.inc_value("webarchive/recorded")

    def _written(self, write: Callable[[], object]) -> bool:
        """Append what ``write`` makes, whole or not at all; on failure, stop recording.

        A record is made in memory, then written with as many calls as the
        system needs; if one fails (disk full, file too large), the file is
        cut back to where the record began, so it ends with a whole record.
        """
        file = self._file
        assert file is not None
        self._pending.seek(0)
        self._pending.truncate()
        write()
        record = memoryview(self._pending.getvalue())
        start = file.seek(0, os.SEEK_END)
        try:
            while record:
                record = record[file.write(record) or 0 :]
        except OSError as exc:
            with contextlib.suppress(OSError):
                file.truncate(start)
            self._fail(exc)
            return False
        self.stats.inc_value("webarchive/bytes", file.tell() - start)
        return True


def _request_head(request: Request) -> StatusAndHeaders:
    parts = urlsplit(request.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    lines = _header_lines(request.headers, frozenset())
    # The download handler adds Host itself; the WARC should show it.
    if not any(name.lower() == "host" for name, _ in lines):
        lines.insert(0, ("Host", parts.netloc))
    return StatusAndHeaders(f"{request.method} {target} HTTP/1.1", lines)


def _header_lines(headers: Headers, dropped: frozenset[bytes]) -> list[tuple[str, str]]:
    # Header bytes are ISO-8859-1 octets (RFC 9110, section 5.5). warcio
    # %-encodes any non-ASCII value when it writes them.
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        if name.lower() not in dropped
        for value in values
    ]


def _reason_phrase(status: int) -> str:
    # Scrapy keeps no reason phrase; the standard one stands in for it.
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""

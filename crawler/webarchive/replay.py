"""Answer every request from a recording, with no network.

Enabled by ``ARCHIVE_REPLAY_PATH``: a fixture folder (it holds manifest.json)
or a ``.warc`` / ``.warc.gz`` file. Give it priority 950 in
DOWNLOADER_MIDDLEWARES: every other middleware (robots.txt at 100, retries,
redirects, decompression at 590, cookies, stats at 850) then sees the
recorded response as it saw the live one, and the recorder (960) is never
asked to download it. A URL the recording lacks raises
:class:`NotInRecording`, which reaches the request's errback; for robots.txt
it means "allow all", as any IgnoreRequest does in RobotsTxtMiddleware. A WARC
record's time (WARC-Date) goes with its response (``RECORDED_AT_META``): the
crawl reads it as the time of the fetch.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http.headers import Headers
from scrapy.responsetypes import responsetypes

from crawler.webarchive.fixture_site import MANIFEST_NAME, FixtureSite
from crawler.webarchive.stored import (
    RECORDED_AT_META,
    REPLAYED_FLAG,
    Recording,
    RecordingError,
)
from crawler.webarchive.warc_source import WarcSource

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response
    from scrapy.statscollectors import StatsCollector

WARC_SUFFIXES = (".warc", ".warc.gz")


class NotInRecording(IgnoreRequest):
    def __init__(self, url: str) -> None:
        super().__init__(f"not in recording: {url}")
        self.url = url


class ReplayMiddleware:
    crawler: Crawler

    def __init__(self, recording: Recording, stats: StatsCollector) -> None:
        self.recording = recording
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        path = crawler.settings.get("ARCHIVE_REPLAY_PATH")
        if not path:
            raise NotConfigured  # silently off, as Scrapy's own optional components are
        o = cls(open_recording(path), crawler.stats)
        o.crawler = crawler
        return o

    def process_request(self, request: Request) -> Response:
        stored = self.recording.lookup(request.url)
        if stored is None:
            self.stats.inc_value("webarchive/missing")
            raise NotInRecording(request.url)
        headers = Headers(stored.headers)
        # The class the download handler would have chosen (HtmlResponse for
        # text/html, with its <meta charset> detection), by the same call.
        response_class = responsetypes.from_args(headers=headers, url=request.url, body=stored.body)
        self.stats.inc_value("webarchive/replayed")
        if stored.recorded_at is not None:
            request.meta[RECORDED_AT_META] = stored.recorded_at
        return response_class(
            url=request.url,
            status=stored.status,
            headers=headers,
            body=stored.body,
            flags=[REPLAYED_FLAG],
            request=request,
        )


def open_recording(path: str | os.PathLike[str]) -> Recording:
    path = Path(path)
    if (path / MANIFEST_NAME).is_file():
        return FixtureSite.load(path)
    if path.is_file() and path.name.endswith(WARC_SUFFIXES):
        stat = path.stat()
        return _load_warc(path.resolve(), (stat.st_ino, stat.st_size, stat.st_mtime_ns))
    if not path.exists():
        raise RecordingError(f"{path}: no such file or folder")
    raise RecordingError(f"{path}: neither a fixture folder (manifest.json) nor a .warc[.gz] file")


@lru_cache(maxsize=2)
def _load_warc(path: Path, version: tuple[int, int, int]) -> WarcSource:
    """A WARC's index, loaded once per version of the file.

    A replay opens its recording twice, for the start URLs (``fanwen crawl``)
    and in the middleware; loading reads and decompresses the whole file
    (0.26 ms of CPU per essay). A WARC written to since is another version.
    """
    return WarcSource.load(path)


def replay_start_urls(path: str | os.PathLike[str]) -> list[str]:
    """Where a replay of ``path`` starts: the fixture's base URL, the WARC's start URLs."""
    return open_recording(path).start_urls

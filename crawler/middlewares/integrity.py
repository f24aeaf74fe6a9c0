"""GzipIntegrityMiddleware: a cut gzip body is a failed download, not a short essay.

Scrapy's HttpCompressionMiddleware keeps whatever a truncated gzip stream
decodes to, so a connection that dies mid-body would archive the essay's
first paragraphs as if they were all of it. This middleware sees the body
before decompression (priority above 590) and checks that the gzip stream
reaches its end; if not, the request is retried like any transient error,
and finally fails as ``truncated_body``.
"""

from __future__ import annotations

import zlib

from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response


class TruncatedBody(IgnoreRequest):
    """The body ended before its own encoding said it would."""


def gzip_complete(body: bytes) -> bool:
    decoder = zlib.decompressobj(wbits=31)  # 31: gzip header and trailer
    try:
        # Decode in bounded steps: a complete stream need not be held inflated.
        remaining = body
        while remaining and not decoder.eof:
            decoder.decompress(remaining, 1 << 20)
            remaining = decoder.unconsumed_tail
    except zlib.error:
        return False
    return decoder.eof


class GzipIntegrityMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> GzipIntegrityMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        encoding = (response.headers.get(b"Content-Encoding") or b"").strip().lower()
        if encoding not in (b"gzip", b"x-gzip") or gzip_complete(response.body):
            return response
        assert self.crawler.spider is not None  # responses flow only while a spider runs
        retry = get_retry_request(request, spider=self.crawler.spider, reason="truncated_gzip_body")
        if retry is not None:
            return retry
        raise TruncatedBody(f"truncated body: {request.url}")

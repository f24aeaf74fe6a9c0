"""BodyIntegrityMiddleware: a body cut short is a failed download, not a short essay.

Two ways a body can end early without the HTTP layer failing:

- **A cut gzip stream.** Scrapy's HttpCompressionMiddleware keeps whatever a
  truncated gzip stream decodes to, so a connection that dies mid-body would
  archive the essay's first paragraphs as if they were all of it. The gzip
  stream itself says whether it reached its end.
- **A close-delimited body** (no Content-Length, not chunked: the body ends
  when the server closes the connection; Scrapy flags such a response
  ``partial``). A clean close mid-page looks exactly like the end, so such
  an HTML body must show its own end: its ``</body>`` or ``</html>``. A
  template that never writes either, served without a length, therefore
  ends as ``truncated_body`` too: a recorded failure, where the other way
  round a cut essay would be archived as whole. (A body whose length the
  server stated is taken as whole: some templates never close ``</html>``.)

This middleware sees the body before decompression (priority above 590). A
cut body is retried like any transient error, and finally fails as
``truncated_body``.
"""

from __future__ import annotations

import re
import zlib

from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response

DOCUMENT_END = re.compile(rb"</\s*(?:body|html)\s*>", re.IGNORECASE)


class TruncatedBody(IgnoreRequest):
    """The body ended before its own encoding, or its document, said it would."""


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


def document_complete(body: bytes) -> bool:
    """The HTML document's closing tag arrived."""
    return DOCUMENT_END.search(body) is not None


def _is_html(response: Response) -> bool:
    content_type = (response.headers.get(b"Content-Type") or b"").lower()
    return not content_type or b"html" in content_type


class BodyIntegrityMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BodyIntegrityMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        encoding = (response.headers.get(b"Content-Encoding") or b"").strip().lower()
        if encoding in (b"gzip", b"x-gzip"):
            if gzip_complete(response.body):
                return response
            return self._retry(request, "truncated_gzip_body")
        if self._cut_without_length(response):
            return self._retry(request, "truncated_close_delimited_body")
        return response

    @staticmethod
    def _cut_without_length(response: Response) -> bool:
        """A close-delimited HTML body (Scrapy's ``partial``) whose document did not end."""
        return (
            "partial" in response.flags
            and 200 <= response.status < 300
            and bool(response.body)  # an empty body is the empty_response rule's
            and _is_html(response)
            and not document_complete(response.body)
        )

    def _retry(self, request: Request, reason: str) -> Request:
        assert self.crawler.spider is not None  # responses flow only while a spider runs
        retry = get_retry_request(request, spider=self.crawler.spider, reason=reason)
        if retry is None:
            raise TruncatedBody(f"truncated body: {request.url}")
        return retry

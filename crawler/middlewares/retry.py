"""Retries that back off: exponential delays, and the server's ``Retry-After``.

Scrapy's RetryMiddleware re-queues a failed request at once. A server that
answers 503 or 429 is asking for less load, so the retry waits first:
``ARCHIVE_RETRY_BACKOFF_BASE * 2**attempt`` seconds (capped at
``ARCHIVE_RETRY_BACKOFF_MAX``), or what ``Retry-After`` says (seconds or an
HTTP date, capped at ``ARCHIVE_RETRY_AFTER_MAX``). The wait holds the
request's downloader slot, which is the point: the same site gets fewer
requests meanwhile. Which statuses and exceptions are retried, and how many
times, stays Scrapy's (RETRY_HTTP_CODES, RETRY_TIMES, RETRY_EXCEPTIONS);
404 is not among them. A replayed answer is retried at once: the recording
answers the same whenever it is asked, and there is no server to spare.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request, Spider
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.settings import BaseSettings

from crawler.webarchive.stored import REPLAYED_FLAG


def backoff_delay(attempt: int, base: float, cap: float) -> float:
    """Seconds to wait before retry number ``attempt + 1`` (attempt counts from 0)."""
    return float(min(cap, base * 2**attempt))


def retry_after_delay(value: str | None, now: datetime, cap: float) -> float | None:
    """The wait a ``Retry-After`` header asks for, or None when it says nothing usable."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # not "²", which isdigit() takes and float() not
        return min(cap, float(value))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(cap, max(0.0, (when - now).total_seconds()))


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.backoff_base = settings.getfloat("ARCHIVE_RETRY_BACKOFF_BASE", 0.5)
        self.backoff_max = settings.getfloat("ARCHIVE_RETRY_BACKOFF_MAX", 30.0)
        self.retry_after_max = settings.getfloat("ARCHIVE_RETRY_AFTER_MAX", 60.0)

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request) and REPLAYED_FLAG not in response.flags:
            header = response.headers.get(b"Retry-After")
            asked = retry_after_delay(
                header.decode("latin-1") if header else None,
                datetime.now(UTC),
                self.retry_after_max,
            )
            await self._wait(request, asked)
        return result

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception, spider: Spider | None = None
    ) -> Request | Response | None:
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await self._wait(request, None)
        return result

    async def _wait(self, request: Request, asked: float | None) -> None:
        attempt = request.meta.get("retry_times", 0)
        delay = (
            asked
            if asked is not None
            else backoff_delay(attempt, self.backoff_base, self.backoff_max)
        )
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("retry/backoff_ms", round(delay * 1000))
        if delay > 0:
            await asyncio.sleep(delay)

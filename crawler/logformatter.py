"""Log lines that name an essay by its URL instead of dumping the whole item.

An essay item holds the HTML of all its pages; Scrapy's default formatter
would print every byte of it for each scraped or dropped item.
"""

from __future__ import annotations

from typing import Any

from scrapy import Spider
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from twisted.python.failure import Failure


class ItemName:
    """Stands in for an item in a log line: its type and URL."""

    def __init__(self, item: Any) -> None:
        self.item = item

    def __repr__(self) -> str:
        url = getattr(self.item, "url", None)
        return f"<{type(self.item).__name__} {url}>" if url else repr(self.item)[:200]

    __str__ = __repr__


class ArchiveLogFormatter(LogFormatter):
    def scraped(
        self, item: Any, response: Response | Failure | None, spider: Spider
    ) -> LogFormatterResult:
        return super().scraped(ItemName(item), response, spider)

    def dropped(
        self,
        item: Any,
        exception: BaseException,
        response: Response | Failure | None,
        spider: Spider,
    ) -> LogFormatterResult:
        return super().dropped(ItemName(item), exception, response, spider)

    def item_error(
        self,
        item: Any,
        exception: BaseException,
        response: Response | Failure | None,
        spider: Spider,
    ) -> LogFormatterResult:
        return super().item_error(ItemName(item), exception, response, spider)

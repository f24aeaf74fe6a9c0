"""ValidatePipeline: an essay needs a title and a body to be archived.

A rejected essay is dropped with :class:`EssayRejected`, whose ``reason``
the store pipeline records as a failure row; it is never an unhandled error.
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.items import EssayItem

DEFAULT_MAX_TITLE_LENGTH = 500


class EssayRejected(DropItem):
    def __init__(self, reason: str, url: str) -> None:
        # INFO, not WARNING: a rejected essay is an expected, recorded failure.
        super().__init__(f"{reason}: {url}", log_level="INFO")
        self.reason = reason
        self.url = url


class ValidatePipeline:
    def __init__(self, max_title_length: int) -> None:
        self.max_title_length = max_title_length

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler.settings.getint("ARCHIVE_MAX_TITLE_LENGTH", DEFAULT_MAX_TITLE_LENGTH))

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, EssayItem):
            return item
        if not item.title:
            raise EssayRejected("missing_title", item.url)
        if len(item.title) > self.max_title_length:
            raise EssayRejected("title_too_long", item.url)
        if not any(paragraph.strip() for paragraph in item.paragraphs):
            raise EssayRejected("empty_body", item.url)
        return item

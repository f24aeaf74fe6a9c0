"""NormalizeDatePipeline: when the essay was published, and how we know.

The info line's date wins (source ``page``); a missing or unusable one falls
back to the list entry's date (``list``), then to a date in the URL (``url``).
``raw_date`` is always the string ``published_at`` was read from. A page date
that is not a date (0000-00-00, impossible, in the future) leaves its reason
in ``date_problem``, whatever the fallback found.
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from crawler.dates import date_from_url, find_raw_date, parse_date
from crawler.items import EssayItem
from crawler.site_profile import SiteProfile, load_profile


class NormalizeDatePipeline:
    def __init__(self, profile: SiteProfile) -> None:
        self.profile = profile

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NormalizeDatePipeline:
        return cls(load_profile(crawler.settings.get("ARCHIVE_SITE_PROFILE")))

    def process_item(self, item: Any) -> Any:
        if isinstance(item, EssayItem):
            self._date(item)
        return item

    def _date(self, item: EssayItem) -> None:
        raw = find_raw_date(item.info_line, self.profile) if item.info_line else None
        if raw:
            parsed = parse_date(raw, item.fetched_at, self.profile.timezone)
            item.raw_date, item.date_problem = raw, parsed.problem
            if parsed.instant is not None:
                item.published_at, item.date_precision = parsed.instant, parsed.precision
                item.date_source = "page"
                return
        for source, fallback in (("list", item.list_date), ("url", date_from_url(item.url))):
            if not fallback:
                continue
            parsed = parse_date(fallback, item.fetched_at, self.profile.timezone)
            if parsed.instant is not None:
                item.raw_date = fallback
                item.published_at, item.date_precision = parsed.instant, parsed.precision
                item.date_source = source
                return

"""CleanTextPipeline: the essay's paragraphs from its pages' HTML."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from crawler.items import EssayItem
from crawler.site_profile import SiteProfile, load_profile
from crawler.text import clean_essay


class CleanTextPipeline:
    def __init__(self, profile: SiteProfile) -> None:
        self.profile = profile

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CleanTextPipeline:
        return cls(load_profile(crawler.settings.get("ARCHIVE_SITE_PROFILE")))

    def process_item(self, item: Any) -> Any:
        if isinstance(item, EssayItem):
            item.paragraphs = clean_essay([page.html for page in item.pages], self.profile)
        return item

"""CleanTextPipeline: the essay's paragraphs from its pages' HTML.

Cleaning is the pipeline's heaviest pure work: it runs in the crawl's shared
pipeline process (``crawler.offload``), beside the engine rather than on its
core.
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from crawler.items import EssayItem
from crawler.offload import ProcessStage, shared_stage
from crawler.site_profile import SiteProfile, load_profile
from crawler.text import clean_essay

PIPELINE_STAGE = "pipeline"
# Cleaning and the fingerprints (DedupePipeline): two calls per essay.
PIPELINE_CALLS_PER_ITEM = 2


class CleanTextPipeline:
    def __init__(self, profile: SiteProfile, stage: ProcessStage) -> None:
        self.profile = profile
        self.stage = stage

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CleanTextPipeline:
        return cls(
            load_profile(crawler.settings.get("ARCHIVE_SITE_PROFILE")),
            shared_stage(crawler, PIPELINE_STAGE, work_per_item=PIPELINE_CALLS_PER_ITEM),
        )

    async def process_item(self, item: Any) -> Any:
        if isinstance(item, EssayItem):
            htmls = [page.html for page in item.pages]
            urls = [page.url for page in item.pages]
            item.paragraphs = await self.stage.run(clean_essay, htmls, self.profile, urls)
        return item

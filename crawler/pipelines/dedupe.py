"""DedupePipeline: the fingerprints that link copies to their canonical essay.

The link itself is made by the store pipeline inside the batch transaction,
against the unique-indexed dedupe tables, so that concurrent writers rely on
database constraints rather than on this process's memory. The fingerprints
are computed in the crawl's shared pipeline process (``crawler.offload``).
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.items import EssayItem
from crawler.minhash import fingerprints
from crawler.offload import ProcessStage, shared_stage
from crawler.pipelines.clean import PIPELINE_CALLS_PER_ITEM, PIPELINE_STAGE


class DedupePipeline:
    """Content hash for exact copies; MinHash signature and LSH band keys for near ones."""

    def __init__(self, near: bool, stage: ProcessStage) -> None:
        self.near = near
        self.stage = stage

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        if not crawler.settings.getbool("ARCHIVE_DEDUPE_ENABLED", True):
            raise NotConfigured
        return cls(
            near=crawler.settings.getbool("ARCHIVE_NEAR_DEDUPE", True),
            stage=shared_stage(crawler, PIPELINE_STAGE, work_per_item=PIPELINE_CALLS_PER_ITEM),
        )

    async def process_item(self, item: Any) -> Any:
        if isinstance(item, EssayItem):
            item.content_hash, item.minhash, item.band_keys = await self.stage.run(
                fingerprints, item.body, self.near
            )
        return item

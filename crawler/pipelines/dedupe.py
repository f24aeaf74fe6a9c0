"""DedupePipeline: the fingerprints that link copies to their canonical essay.

The link itself is made by the store pipeline inside the batch transaction,
against the unique-indexed dedupe tables, so that concurrent writers rely on
database constraints rather than on this process's memory.
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler import minhash
from crawler.fingerprint import content_hash
from crawler.items import EssayItem


class DedupePipeline:
    """Content hash for exact copies; MinHash signature and LSH band keys for near ones."""

    def __init__(self, near: bool) -> None:
        self.near = near

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        if not crawler.settings.getbool("ARCHIVE_DEDUPE_ENABLED", True):
            raise NotConfigured
        return cls(near=crawler.settings.getbool("ARCHIVE_NEAR_DEDUPE", True))

    def process_item(self, item: Any) -> Any:
        if isinstance(item, EssayItem):
            item.content_hash = content_hash(item.body)
            if self.near:
                signature = minhash.signature(item.body)
                item.minhash = minhash.signature_bytes(signature)
                item.band_keys = minhash.band_keys(signature)
        return item

"""DedupePipeline: the fingerprints that link copies to their canonical essay.

The link itself is made by the store pipeline inside the batch transaction,
against the unique-indexed dedupe tables, so that concurrent writers rely on
database constraints rather than on this process's memory.
"""

from __future__ import annotations

from typing import Any

from crawler.fingerprint import content_hash
from crawler.items import EssayItem


class DedupePipeline:
    def process_item(self, item: Any) -> Any:
        if isinstance(item, EssayItem):
            item.content_hash = content_hash(item.body)
        return item

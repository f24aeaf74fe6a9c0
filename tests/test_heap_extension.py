"""The start-up heap is frozen for the crawl's length, and only for it."""

from __future__ import annotations

import gc

import pytest
from scrapy import Spider, signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from crawler.extensions.heap import FreezeStartupHeap


def test_the_heap_is_frozen_while_the_spider_is_open_and_thawed_after() -> None:
    # Scrapy's own extensions off: theirs would need a running reactor.
    crawler = get_crawler(Spider, {"ARCHIVE_GC_FREEZE": True, "EXTENSIONS_BASE": {}})
    extension = FreezeStartupHeap.from_crawler(crawler)  # signals hold it weakly
    assert gc.get_freeze_count() == 0 and not extension.frozen
    crawler.signals.send_catch_log(signals.spider_opened, spider=Spider("s"))
    try:
        # The objects alive at that moment (this test's included) are frozen.
        assert gc.get_freeze_count() > 1000
    finally:
        crawler.signals.send_catch_log(signals.spider_closed, spider=Spider("s"), reason="done")
    assert gc.get_freeze_count() == 0


def test_it_can_be_turned_off() -> None:
    with pytest.raises(NotConfigured):
        FreezeStartupHeap.from_crawler(get_crawler(Spider, {"ARCHIVE_GC_FREEZE": False}))


def test_the_projects_crawls_enable_it() -> None:
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawler.settings")
    assert settings.getdict("EXTENSIONS") == {"crawler.extensions.heap.FreezeStartupHeap": 0}
    assert settings.getbool("ARCHIVE_GC_FREEZE") is True

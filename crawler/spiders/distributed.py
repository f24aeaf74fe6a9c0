"""The `essays_redis` spider: the essays spider as one worker of a shared Redis frontier.

Parsing is the essays spider's. What changes is where work comes from and
when a worker stops:

- Start URLs come from Redis (``fanwen seed``), each taken by one worker;
  the sites to follow are the seeded hosts, read from Redis.
- Links the essays spider holds back until the lists are exhausted (home,
  related, old URLs) are held in Redis, and released only when the *whole*
  crawl is idle: no request queued or claimed by any live worker. One worker
  running out of lists while another still walks them must not release them,
  or an essay could be reached before its list entry and lose its list date.
- A worker skips the essays the archive already holds, as a single crawl
  does, but refreshes none and walks every list page (see ``start``).
- A worker closes after the whole crawl has been quiet for
  ``MAX_IDLE_TIME_BEFORE_CLOSE`` seconds (0: never), not when it alone is idle,
  so it is still there to reclaim a dead worker's requests.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider

from crawler.distributed import (
    DEFAULT_IDLE_TIMEOUT,
    SPIDER_NAME,
    Frontier,
    NothingSeeded,
    QuietPeriod,
)
from crawler.spiders.essays import EssaysSpider


class RedisEssaysSpider(EssaysSpider):
    name = SPIDER_NAME
    frontier: Frontier
    worker: str
    quiet: QuietPeriod

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> RedisEssaysSpider:
        frontier = Frontier.from_settings(crawler.settings)
        seeds = frontier.seeds()
        if not seeds:
            raise NothingSeeded("nothing seeded: run `fanwen seed --redis URL --start-url URL`")
        spider = super().from_crawler(crawler, *args, start_url=seeds, **kwargs)
        assert isinstance(spider, RedisEssaysSpider)
        spider.frontier = frontier
        spider.worker = crawler.settings.get("ARCHIVE_WORKER_ID", "")
        spider.quiet = QuietPeriod(
            crawler.settings.getint("MAX_IDLE_TIME_BEFORE_CLOSE", DEFAULT_IDLE_TIMEOUT)
        )
        # The essays spider's off-site filter is _follow(), which learns hosts
        # seeded after this worker started; Scrapy's OffsiteMiddleware would not.
        spider.allowed_domains = []
        crawler.signals.connect(spider._on_activity, signal=signals.response_received)
        return spider

    async def start(self) -> AsyncIterator[Any]:
        self._load_plan()
        self.plan = self.plan.for_shared_crawl()
        for request in self._take_start_requests():
            yield request

    def _take_start_requests(self) -> list[Any]:
        requests = []
        for url in self.frontier.take_start_urls():
            self._learn_host(urlsplit(url).netloc)
            request = self._request_for(url, start=True)
            if request is not None:
                requests.append(request)
        return requests

    def _learn_host(self, host: str) -> None:
        self._allowed_hosts.add(host)
        self.start_urls = self.frontier.seeds()  # RedirectGuardMiddleware reads these

    def _follow(self, url: str) -> bool:
        host = urlsplit(url).netloc
        if host not in self._allowed_hosts and self.frontier.is_seeded_host(host):
            self._learn_host(host)
        return super()._follow(url)

    def _hold_back(self, urls: list[str]) -> None:
        self.frontier.hold_back([url for url in urls if self._follow(url)])

    def _on_activity(self) -> None:
        self.quiet.busy()

    def _on_idle(self) -> None:
        """This worker has nothing in flight: find work for the crawl, or count the quiet."""
        self.frontier.reclaim_dead()
        requests = self._take_start_requests()
        if not requests and self.frontier.others_busy(self.worker):
            self.quiet.busy()
            raise DontCloseSpider
        if not requests:
            requests = [
                request
                for request in map(self._request_for, self.frontier.take_held_back())
                if request is not None
            ]
        for request in requests:
            self.crawler.engine.crawl(request)
        if requests:
            self.quiet.busy()
            raise DontCloseSpider
        if not self.quiet.over():
            raise DontCloseSpider

"""The yardstick: a bare Scrapy spider walking the same site with the same selectors.

    python bench/bare_spider.py --start-url http://127.0.0.1:PORT/ [-s NAME=VALUE ...]

It reads the pages the ``essays`` spider reads (home -> nav categories ->
list pages through the pager -> essays -> their ``_2``, ``_3`` pages, and
the related lists, which the dupe filter stops), with the selectors and URL
patterns of ``crawler.site_profile.DEFAULT_PROFILE``, and yields one raw dict
per essay (url, title, the content blocks' HTML joined). Nothing follows it:
no pipelines, no cleaning, no storage. The settings are the project's
(reactor, retries, timeouts, robots.txt, User-Agent) without its item
pipelines, downloader middlewares and extensions, then the ``-s`` pairs, as on
``fanwen crawl``; so the gap between the two is what the archive adds.

At the end it prints one JSON line: {"items": N, "responses": N, "finish_reason": ...}.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Request, Response
from scrapy.settings import Settings

from crawler.site_profile import DEFAULT_PROFILE, ESSAY_PAGE_LINKS

PROFILE = DEFAULT_PROFILE


class BareEssaysSpider(scrapy.Spider):
    name = "bare_essays"

    def __init__(self, start_url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_url = start_url
        self.host = urlsplit(start_url).netloc

    async def start(self) -> AsyncIterator[Request]:
        yield Request(self.start_url, callback=self.parse_home)

    def _ours(self, url: str) -> bool:
        return urlsplit(url).netloc == self.host

    def parse_home(self, response: Response) -> Iterator[Request]:
        for href in response.css(PROFILE.nav_links).getall():
            url = response.urljoin(href)
            if self._ours(url) and PROFILE.category_re.match(urlsplit(url).path):
                yield Request(url, callback=self.parse_list)

    def parse_list(self, response: Response) -> Iterator[Request]:
        for entry in response.css(PROFILE.list_entries):
            href = entry.css(PROFILE.list_entry_link).get()
            if href:
                yield Request(response.urljoin(href), callback=self.parse_essay)
        for href in response.css(PROFILE.pager_links).getall():
            url = response.urljoin(href)
            path = urlsplit(url).path
            if self._ours(url) and (
                PROFILE.list_page_re.match(path) or PROFILE.category_re.match(path)
            ):
                yield Request(url, callback=self.parse_list)

    def parse_essay(self, response: Response) -> Iterator[Any]:
        essay = {
            "url": response.url,
            "title": " ".join(response.css(f"{PROFILE.article_title} ::text").getall()).strip(),
            "content": response.css(PROFILE.content).get() or "",
        }
        for href in response.css(PROFILE.related_links).getall():
            url = response.urljoin(href)
            if self._ours(url) and PROFILE.article_re.match(urlsplit(url).path):
                yield Request(url, callback=self.parse_essay)
        yield from self._continue(essay, self._continuations(response))

    def parse_continuation(self, response: Response) -> Iterator[Any]:
        essay = response.meta["essay"]
        essay["content"] += response.css(PROFILE.content).get() or ""
        yield from self._continue(essay, response.meta["remaining"])

    def _continuations(self, response: Response) -> list[str]:
        first = PROFILE.article_re.match(urlsplit(response.url).path)
        numbered: dict[int, str] = {}
        if first is None:
            return []
        for href in response.xpath(ESSAY_PAGE_LINKS, essay_id=first["id"]).getall():
            url = response.urljoin(href)
            match = PROFILE.continuation_re.match(urlsplit(url).path)
            if match and match["id"] == first["id"]:
                numbered.setdefault(int(match["page"]), url)
        return [numbered[number] for number in sorted(numbered) if number >= 2]

    def _continue(self, essay: dict[str, str], remaining: list[str]) -> Iterator[Any]:
        if not remaining:
            yield essay
            return
        yield Request(
            remaining[0],
            callback=self.parse_continuation,
            meta={"essay": essay, "remaining": remaining[1:]},
            dont_filter=True,
        )


def bare_settings(pairs: list[str]) -> Settings:
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    # Nothing of the archive's own: Scrapy's default components only.
    settings.set("ITEM_PIPELINES", {}, priority="project")
    settings.set("DOWNLOADER_MIDDLEWARES", {}, priority="project")
    settings.set("EXTENSIONS", {}, priority="project")
    settings.set("LOG_FORMATTER", "scrapy.logformatter.LogFormatter", priority="project")
    settings.set("LOG_LEVEL", "WARNING", priority="cmdline")
    for pair in pairs:
        name, _, value = pair.partition("=")
        settings.set(name.strip(), value, priority="cmdline")
    return settings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--start-url", required=True)
    parser.add_argument(
        "-s", "--set", dest="pairs", action="append", default=[], metavar="NAME=VALUE"
    )
    args = parser.parse_args(argv)
    process = CrawlerProcess(bare_settings(args.pairs))
    crawler = process.create_crawler(BareEssaysSpider)
    process.crawl(crawler, start_url=args.start_url)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    print(
        json.dumps(
            {
                "items": stats.get("item_scraped_count", 0),
                "responses": stats.get("response_received_count", 0),
                "finish_reason": stats.get("finish_reason"),
            }
        )
    )


if __name__ == "__main__":
    main()

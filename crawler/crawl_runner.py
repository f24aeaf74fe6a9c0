"""Running the essays spider in-process, as ``fanwen crawl`` does.

Settings come from :mod:`crawler.settings` (whatever the working directory),
then the command's options, then ``-s NAME=VALUE`` pairs, which win, as they
do on ``scrapy crawl``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings

from crawler.spiders.essays import EssaysSpider

# The bundled fixtures sit beside the packages in a checkout.
BUNDLED_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "site"


class SettingError(ValueError):
    """A ``-s`` pair that is not NAME=VALUE, or whose value its setting cannot take."""


# What a setting's default says its values are, and how to say so. A whole
# default need not mean whole values: Scrapy reads DOWNLOAD_DELAY (default 0)
# and DOWNLOAD_TIMEOUT (180) as floats, so a number is all that is asked.
_KINDS: tuple[tuple[type, str, str], ...] = (
    (bool, "getbool", "true or false (1 or 0)"),
    (int, "getfloat", "a number"),
    (float, "getfloat", "a number"),
)


def parse_setting_pairs(pairs: Iterable[str]) -> dict[str, str]:
    """``-s NAME=VALUE`` pairs, each value checked against its setting's type.

    Scrapy reads a value only when a component asks for it, mid-crawl, where
    ``RETRY_TIMES=abc`` ended the run with a traceback or an unexplained exit
    1; here it is a one-line usage error before anything starts.
    """
    settings = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise SettingError(f"-s takes NAME=VALUE, got {pair!r}")
        settings[name.strip()] = value
    _check_types(settings)
    return settings


def _check_types(overrides: dict[str, str]) -> None:
    defaults = Settings()
    defaults.setmodule("crawler.settings", priority="project")
    given = Settings(overrides)
    for name, value in overrides.items():
        default = defaults.get(name)
        for kind, getter, wanted in _KINDS:
            if isinstance(default, kind):
                try:
                    getattr(given, getter)(name)
                except ValueError:
                    raise SettingError(f"-s {name}={value}: {name} takes {wanted}") from None
                break


def project_settings(options: dict[str, Any], overrides: dict[str, str]) -> Settings:
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    for name, value in options.items():
        if value is not None:
            settings.set(name, value, priority="cmdline")
    for name, value in overrides.items():
        settings.set(name, value, priority="cmdline")
    return settings


@dataclass
class CrawlResult:
    stats: dict[str, Any]
    finish_reason: str


def run_crawl(
    settings: Settings,
    start_urls: list[str],
    on_crawler: Callable[[Crawler], None] | None = None,
    spider_cls: type[Spider] = EssaysSpider,
) -> CrawlResult:
    """Run one crawl to its end in this process (the Twisted reactor runs once).

    ``start_urls`` go to the spider as its ``start_url`` argument; a spider
    that finds its start elsewhere (a worker of a shared frontier) gets none.
    """
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spider_cls)
    if on_crawler is not None:
        on_crawler(crawler)
    if start_urls:
        process.crawl(crawler, start_url=start_urls)
    else:
        process.crawl(crawler)
    process.start()
    try:
        stats = crawler.stats.get_stats()
    except RuntimeError:  # the crawl never started (Scrapy logged why): no stats to read
        stats = {}
    return CrawlResult(stats=stats, finish_reason=str(stats.get("finish_reason", "unknown")))

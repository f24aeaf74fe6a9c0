"""The essays spider's callbacks on responses built from the fixture pages."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import FIXTURE_SITE
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from crawler.items import EssayItem, FetchFailure
from crawler.spiders.essays import EssaysSpider
from crawler.webarchive import FixtureSite

BASE = "http://www.renrenfanwen.test"


@pytest.fixture(scope="module")
def fixture_site() -> FixtureSite:
    return FixtureSite.load(FIXTURE_SITE)


@pytest.fixture
def spider() -> EssaysSpider:
    crawler = get_crawler(EssaysSpider)
    crawler.stats.open_spider()  # type: ignore[union-attr]
    spider = EssaysSpider.from_crawler(crawler, start_url=BASE + "/")
    crawler.spider = spider
    return spider


def response(site: FixtureSite, path: str, meta: dict[str, Any] | None = None) -> HtmlResponse:
    stored = site.lookup(BASE + path)
    assert stored is not None, path
    request = Request(BASE + path, meta=meta or {})
    return HtmlResponse(
        BASE + path, status=stored.status, headers=stored.headers, body=stored.body, request=request
    )


def test_home_requests_every_category_and_holds_essays_back(
    spider: EssaysSpider, fixture_site: FixtureSite
) -> None:
    requests = list(spider.parse_home(response(fixture_site, "/")))
    assert [r.url for r in requests] == [
        BASE + "/dangjian/",
        BASE + "/diaoyanbaogao/",
        BASE + "/fanwendaquan/",
        BASE + "/xindetihui/",
    ]
    assert BASE + "/html/121877.html" in spider._held_back
    assert not any("/plus/" in url or "//m." in url for url in spider._held_back)


def test_list_page_requests_essays_with_their_list_dates_and_the_next_pages(
    spider: EssaysSpider, fixture_site: FixtureSite
) -> None:
    requests = list(spider.parse_list(response(fixture_site, "/dangjian/")))
    essays = [r for r in requests if r.callback == spider.parse_essay]
    lists = {r.url for r in requests if r.callback == spider.parse_list}
    # The pager links the page itself too (首页); the dupe filter drops that one.
    assert lists == {
        BASE + "/dangjian/",
        BASE + "/dangjian/list_3_2.html",
        BASE + "/dangjian/list_3_3.html",
    }
    assert all(r.meta["list_category"] == "党建" for r in essays)
    assert all(r.meta["list_date"] and len(r.meta["list_date"]) == 10 for r in essays)


def test_last_list_page_requests_no_page_beyond_the_pager_total(
    spider: EssaysSpider, fixture_site: FixtureSite
) -> None:
    requests = list(spider.parse_list(response(fixture_site, "/dangjian/list_3_3.html")))
    pages = {r.url for r in requests if r.callback == spider.parse_list}
    assert pages == {
        BASE + "/dangjian/",
        BASE + "/dangjian/list_3_2.html",
        BASE + "/dangjian/list_3_3.html",
    }


def test_pager_links_beyond_the_pagers_own_total_are_not_followed(
    spider: EssaysSpider, fixture_site: FixtureSite
) -> None:
    trap = response(fixture_site, "/dangjian/list_3_3.html")
    current = '<span class="current">3</span>'
    assert current in trap.text
    body = trap.text.replace(current, current + '<a href="/dangjian/list_3_4.html">4</a>')
    requests = list(spider.parse_list(trap.replace(body=body.encode("gb18030"))))
    assert BASE + "/dangjian/list_3_4.html" not in {r.url for r in requests}
    assert spider.crawler.stats.get_value("essays/list_pages_capped") == 1  # type: ignore[union-attr]


def test_multi_page_essay_asks_for_its_next_page_before_yielding(
    spider: EssaysSpider, fixture_site: FixtureSite
) -> None:
    (request,) = spider.parse_essay(response(fixture_site, "/dangjian/124870.html"))
    assert isinstance(request, Request)
    assert request.url == BASE + "/dangjian/124870_2.html"
    assert request.meta["remaining"] == [BASE + "/dangjian/124870_3.html"]
    (third,) = spider.parse_continuation(
        response(fixture_site, "/dangjian/124870_2.html", request.meta)
    )
    (essay,) = spider.parse_continuation(
        response(fixture_site, "/dangjian/124870_3.html", third.meta)
    )
    assert isinstance(essay, EssayItem)
    assert [page.url for page in essay.pages] == [
        BASE + "/dangjian/124870.html",
        BASE + "/dangjian/124870_2.html",
        BASE + "/dangjian/124870_3.html",
    ]


def test_soft_404_is_a_failure_not_an_essay(
    spider: EssaysSpider, fixture_site: FixtureSite
) -> None:
    (failure,) = spider.parse_essay(response(fixture_site, "/dangjian/122640.html"))
    assert failure == FetchFailure(BASE + "/dangjian/122640.html", "soft_404", status=200)


def test_a_soft_404_continuation_page_ends_the_essay_with_its_pages_so_far(
    spider: EssaysSpider, fixture_site: FixtureSite
) -> None:
    (request,) = spider.parse_essay(response(fixture_site, "/dangjian/124870.html"))
    message = (
        "<html><head><title>系统提示_人人范文网</title></head><body><div class='content'>"
        "对不起，您访问的文章不存在或已被删除！</div></body></html>"
    )
    page_2 = HtmlResponse(
        request.url,
        status=200,
        body=message.encode("gb18030"),
        encoding="gb18030",
        request=request,
    )
    failure, essay = spider.parse_continuation(page_2)
    assert failure == FetchFailure(BASE + "/dangjian/124870_2.html", "soft_404", status=200)
    assert isinstance(essay, EssayItem)
    assert [page.url for page in essay.pages] == [BASE + "/dangjian/124870.html"]


def test_gb18030_page_keeps_characters_outside_gb2312(
    spider: EssaysSpider, fixture_site: FixtureSite
) -> None:
    (essay,) = spider.parse_essay(response(fixture_site, "/diaoyanbaogao/123720.html"))
    assert isinstance(essay, EssayItem)
    html = essay.pages[0].html
    assert all(char in html for char in "镕喆昇堃")
    assert "\ufffd" not in html

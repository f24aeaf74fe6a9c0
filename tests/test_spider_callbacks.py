"""The essays spider's callbacks on responses built from the fixture pages."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from conftest import FIXTURE_SITE
from scrapy.exceptions import DownloadTimeoutError
from scrapy.http import HtmlResponse, Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from crawler.items import EssayItem, FetchFailure
from crawler.middlewares.redirects import RedirectLoop
from crawler.spiders.essays import EssaysSpider
from crawler.webarchive import FixtureSite
from crawler.webarchive.stored import RECORDED_AT_META

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


@pytest.mark.parametrize(
    ("body", "encoding", "reason", "goes_on"),
    [
        (
            "<html><head><title>系统提示_人人范文网</title></head><body>"
            "<div class='content'>对不起，您访问的文章不存在或已被删除！</div></body></html>",
            "gb18030",
            "soft_404",
            True,
        ),
        ("", "gb18030", "empty_response", False),
        ("%PDF-1.4 ...", None, "not_html", True),
    ],
)
def test_a_continuation_page_that_holds_no_page_of_the_essay(
    spider: EssaysSpider,
    fixture_site: FixtureSite,
    body: str,
    encoding: str | None,
    reason: str,
    goes_on: bool,
) -> None:
    (request,) = spider.parse_essay(response(fixture_site, "/dangjian/124870.html"))
    page_2 = BASE + "/dangjian/124870_2.html"
    answer: Response = (
        HtmlResponse(page_2, body=body.encode(encoding), encoding=encoding, request=request)
        if encoding
        else Response(page_2, body=body.encode(), request=request)
    )
    failure, after = spider.parse_continuation(answer)
    assert failure == FetchFailure(page_2, reason, status=200)
    if goes_on:
        assert isinstance(after, Request)
        assert after.url == BASE + "/dangjian/124870_3.html"
        assert [page.url for page in after.meta["essay"].pages] == [BASE + "/dangjian/124870.html"]
    else:
        assert after == FetchFailure(
            BASE + "/dangjian/124870.html",
            "incomplete_essay",
            detail=f"page {page_2} failed: {reason}",
        )


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (HtmlResponse(BASE + "/dangjian/9.html", body=b"  "), "empty_response"),
        (Response(BASE + "/dangjian/9.html", body=b"\x89PNG\r\n"), "not_html"),
    ],
)
def test_an_essay_url_that_answers_no_page(
    spider: EssaysSpider, answer: Response, reason: str
) -> None:
    assert list(spider.parse_essay(answer)) == [FetchFailure(answer.url, reason, status=200)]


def _page_2_failure(spider: EssaysSpider, fixture_site: FixtureSite, error: Exception) -> Failure:
    """The failure of the fixture's three-page essay's page 2, as its errback gets it."""
    (request,) = spider.parse_essay(response(fixture_site, "/dangjian/124870.html"))
    failure = Failure(error)
    failure.request = request  # type: ignore[attr-defined]
    return failure


def _page_2_answered(
    spider: EssaysSpider, fixture_site: FixtureSite, status: int, message: str
) -> Failure:
    """Page 2 of the three-page essay answered ``status`` (an HttpError for its errback)."""
    page_2 = BASE + "/dangjian/124870_2.html"
    answer = HtmlResponse(page_2, status=status, body=b"", request=Request(page_2))
    return _page_2_failure(spider, fixture_site, HttpError(answer, message))


def test_a_page_gone_for_good_is_skipped_and_the_essay_goes_on(
    spider: EssaysSpider, fixture_site: FixtureSite
) -> None:
    page_2 = BASE + "/dangjian/124870_2.html"
    failure = _page_2_answered(spider, fixture_site, 404, "Not Found")
    recorded, page_3 = spider.on_continuation_error(failure)
    assert recorded == FetchFailure(page_2, "http_404", status=404, attempts=1, detail="Not Found")
    assert isinstance(page_3, Request)
    assert page_3.url == BASE + "/dangjian/124870_3.html"
    assert [page.url for page in page_3.meta["essay"].pages] == [BASE + "/dangjian/124870.html"]


def test_a_page_gone_for_good_is_not_asked_for_again_when_a_later_pager_lists_it(
    spider: EssaysSpider, fixture_site: FixtureSite
) -> None:
    failure = _page_2_answered(spider, fixture_site, 404, "Not Found")
    _, page_3_request = spider.on_continuation_error(failure)
    # Page 3's pager lists page 2 again: the essay ends, with pages 1 and 3.
    page_3 = response(fixture_site, "/dangjian/124870_3.html", page_3_request.meta)
    (essay,) = spider.parse_continuation(page_3)
    assert isinstance(essay, EssayItem)
    assert [page.url for page in essay.pages] == [
        BASE + "/dangjian/124870.html",
        BASE + "/dangjian/124870_3.html",
    ]


def test_a_page_that_may_answer_later_leaves_the_essay_for_the_next_run(
    spider: EssaysSpider, fixture_site: FixtureSite
) -> None:
    failure = _page_2_failure(spider, fixture_site, DownloadTimeoutError("took too long"))
    recorded, essay = spider.on_continuation_error(failure)
    page_2 = BASE + "/dangjian/124870_2.html"
    assert recorded == FetchFailure(page_2, "timeout", attempts=1, detail="took too long")
    assert essay == FetchFailure(
        BASE + "/dangjian/124870.html", "incomplete_essay", detail=f"page {page_2} failed: timeout"
    )


def test_list_pages_are_found_in_dedecms_own_pager(spider: EssaysSpider) -> None:
    url = BASE + "/dangjian/list_3_2.html"
    html = (
        "<html><body><div class='position'><a href='/dangjian/'>党建</a></div>"
        "<ul class='list'><li><a href='/dangjian/7.html'>述职报告</a></li></ul>"
        "<div class='dede_pages'><ul class='pagelist'><li><a href='list_3_1.html'>上一页</a></li>"
        "<li class='thisclass'><a>2</a></li><li><a href='list_3_3.html'>3</a></li>"
        "<li><a href='/diaoyanbaogao/list_5_2.html'>调研报告</a></li>"
        "<li><span class='pageinfo'>共 <strong>3</strong>页<strong>55</strong>条</span></li>"
        "</ul></div></body></html>"
    )
    page = HtmlResponse(url, body=html.encode("gb18030"), encoding="gb18030")
    urls = [request.url for request in spider.parse_list(page)]
    assert urls == [
        BASE + "/dangjian/7.html",
        BASE + "/dangjian/",
        BASE + "/dangjian/list_3_1.html",
        BASE + "/dangjian/list_3_3.html",
    ]


def test_a_redirect_loop_is_recorded_under_the_url_that_was_linked(
    spider: EssaysSpider,
) -> None:
    linked, old = BASE + "/dangjian/1003.html", BASE + "/html/1003.html"
    request = Request(old, meta={"redirect_urls": [linked]})
    failure = Failure(RedirectLoop(f"redirect loop: {old} -> {linked}", 301))
    failure.request = request  # type: ignore[attr-defined]
    assert list(spider.on_error(failure)) == [
        FetchFailure(
            linked,
            "redirect_loop",
            status=301,
            attempts=1,
            detail=f"redirect loop: {old} -> {linked}",
        )
    ]


def test_a_soft_404_list_page_is_a_failure(spider: EssaysSpider) -> None:
    url = BASE + "/xiaoxi/"
    message = (
        "<html><head><title>系统提示</title></head><body>"
        "<div class='msg'>您访问的页面不存在！</div></body></html>"
    )
    page = HtmlResponse(url, body=message.encode("gb18030"), encoding="gb18030")
    assert list(spider.parse_list(page)) == [FetchFailure(url, "soft_404", status=200)]


def test_gb18030_page_keeps_characters_outside_gb2312(
    spider: EssaysSpider, fixture_site: FixtureSite
) -> None:
    (essay,) = spider.parse_essay(response(fixture_site, "/diaoyanbaogao/123720.html"))
    assert isinstance(essay, EssayItem)
    html = essay.pages[0].html
    assert all(char in html for char in "镕喆昇堃")
    assert "\ufffd" not in html


def _long_essay_page(number: int, total: int) -> HtmlResponse:
    """Page ``number`` of a ``total``-page essay whose pager links every page."""
    url = BASE + ("/dangjian/1004.html" if number == 1 else f"/dangjian/1004_{number}.html")
    pager = "".join(
        f"<a href='1004{'' if page == 1 else f'_{page}'}.html'>{page}</a>"
        for page in range(1, total + 1)
    )
    html = (
        "<html><head><title>长篇报告_人人范文网</title></head><body><div class='article'>"
        f"<h1>长篇报告</h1><div class='content'><p>第{number}页的内容。</p></div>"
        f"<div class='pages'>{pager}</div></div></body></html>"
    )
    return HtmlResponse(url, body=html.encode("gb18030"), encoding="gb18030", request=Request(url))


def _read_essay(spider: EssaysSpider, total: int) -> list[Any]:
    """Everything the spider yields, following its page requests through a ``total``-page essay."""
    out = list(spider.parse_essay(_long_essay_page(1, total)))
    while isinstance(out[-1], Request):
        request = out.pop()
        number = int(request.url.rsplit("_", 1)[1].split(".")[0])
        page = _long_essay_page(number, total).replace(request=request)
        out.extend(spider.parse_continuation(page))
    return out


def test_an_essay_longer_than_the_cap_is_archived_cut_and_the_cut_recorded(
    spider: EssaysSpider, caplog: pytest.LogCaptureFixture
) -> None:
    assert spider.max_essay_pages == 50
    with caplog.at_level("WARNING"):
        (essay,) = _read_essay(spider, 60)
    assert isinstance(essay, EssayItem)
    assert [page.url for page in essay.pages] == [BASE + "/dangjian/1004.html"] + [
        BASE + f"/dangjian/1004_{number}.html" for number in range(2, 51)
    ]
    assert spider.crawler.stats.get_value("essays/pages_capped") == 10  # type: ignore[union-attr]
    assert [r.getMessage() for r in caplog.records if r.levelname == "WARNING"] == [
        f"{BASE}/dangjian/1004.html: essay cut at 50 pages of the 60 its pager lists "
        "(ARCHIVE_MAX_ESSAY_PAGES=50)"
    ]


def test_an_essay_as_long_as_the_cap_is_whole_and_records_no_cut(
    spider: EssaysSpider, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("WARNING"):
        (essay,) = _read_essay(spider, 50)
    assert isinstance(essay, EssayItem)
    assert len(essay.pages) == 50
    assert essay.pages[-1].url == BASE + "/dangjian/1004_50.html"
    assert spider.crawler.stats.get_value("essays/pages_capped") is None  # type: ignore[union-attr]
    assert [r for r in caplog.records if r.levelname == "WARNING"] == []


RECORDED = datetime(2024, 3, 5, 4, 0, tzinfo=UTC)


def test_a_replayed_list_reads_month_days_against_the_time_it_was_recorded(
    spider: EssaysSpider,
) -> None:
    url = BASE + "/dangjian/list_3_2.html"
    html = (
        "<html><body><div class='position'><a href='/dangjian/'>党建</a></div>"
        "<ul class='list'><li><a href='/dangjian/7.html'>述职报告</a>"
        "<span class='date'>03-01</span></li></ul></body></html>"
    )
    # Replayed in 2026 or later, recorded on 2024-03-05: 03-01 is 2024-03-01.
    replayed = Request(url, meta={RECORDED_AT_META: RECORDED})
    page = HtmlResponse(url, body=html.encode("gb18030"), encoding="gb18030", request=replayed)
    (essay,) = [r for r in spider.parse_list(page) if r.callback == spider.parse_essay]
    assert essay.meta["list_date"] == "2024-03-01"


def test_a_replayed_essay_was_fetched_when_it_was_recorded(
    spider: EssaysSpider, fixture_site: FixtureSite
) -> None:
    replayed = response(fixture_site, "/xindetihui/123188.html", {RECORDED_AT_META: RECORDED})
    (essay,) = spider.parse_essay(replayed)
    assert isinstance(essay, EssayItem)
    assert essay.fetched_at == RECORDED
    live = response(fixture_site, "/xindetihui/123188.html")
    (essay,) = spider.parse_essay(live)
    assert isinstance(essay, EssayItem)
    assert essay.fetched_at > RECORDED


@pytest.mark.parametrize(
    ("url", "counted"),
    [
        (BASE + "/xindetihui/", {"essays/list_failed/xindetihui": 1}),
        (BASE + "/dangjian/list_3_2.html", {"essays/list_failed/dangjian": 1}),
        (BASE + "/dangjian/124870.html", {}),
    ],
)
def test_a_list_page_that_failed_is_counted_for_its_category(
    spider: EssaysSpider, url: str, counted: dict[str, int]
) -> None:
    unavailable = HtmlResponse(url, status=503, body=b"", request=Request(url))
    failure = Failure(HttpError(unavailable, "Service Unavailable"))
    failure.request = Request(url)  # type: ignore[attr-defined]
    (recorded,) = spider.on_error(failure)
    assert recorded.reason == "http_503"
    stats = spider.crawler.stats.get_stats()  # type: ignore[union-attr]
    assert {k: v for k, v in stats.items() if k.startswith("essays/list_failed/")} == counted


def test_a_list_resolves_its_links_against_its_base_href(spider: EssaysSpider) -> None:
    url = BASE + "/dangjian/"
    html = (
        "<html><head><base href='/'></head><body>"
        "<div class='position'><a href='dangjian/'>党建</a></div>"
        "<ul class='list'><li><a href='dangjian/7.html'>述职报告</a>"
        "<span class='date'>2020-03-01</span></li></ul></body></html>"
    )
    page = HtmlResponse(url, body=html.encode("gb18030"), encoding="gb18030")
    (essay,) = [r for r in spider.parse_list(page) if r.callback == spider.parse_essay]
    # A browser goes to /dangjian/7.html, not /dangjian/dangjian/7.html.
    assert (essay.url, essay.meta["list_category_url"]) == (
        BASE + "/dangjian/7.html",
        BASE + "/dangjian/",
    )


@pytest.mark.parametrize(
    ("status", "incomplete"),
    [(404, False), (410, False), (401, True), (403, True), (413, True), (431, True)],
)
def test_a_page_refused_for_the_crawlers_own_request_leaves_the_essay_for_the_next_run(
    spider: EssaysSpider, fixture_site: FixtureSite, status: int, incomplete: bool
) -> None:
    # 431: a request whose headers are too large (a cookie jar a site flooded),
    # 401/403: a firewall's refusal. Neither says the page is gone.
    page_2 = BASE + "/dangjian/124870_2.html"
    failure = _page_2_answered(spider, fixture_site, status, "refused")
    recorded, after = spider.on_continuation_error(failure)
    assert recorded.reason == f"http_{status}"
    if incomplete:
        assert after == FetchFailure(
            BASE + "/dangjian/124870.html",
            "incomplete_essay",
            detail=f"page {page_2} failed: http_{status}",
        )
    else:
        assert isinstance(after, Request) and after.url == BASE + "/dangjian/124870_3.html"

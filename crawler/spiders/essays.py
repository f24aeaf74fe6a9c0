"""The `essays` spider: home -> categories -> list pages -> essays and their pages.

It only yields requests and items. Selectors and URL patterns come from the
site profile (``ARCHIVE_SITE_PROFILE``), page reading from :mod:`crawler.pages`.

Essays linked from outside the category lists (the home page's latest
essays, old ``/html/`` URLs, an essay's related list) are held back until the
lists are exhausted, so that an essay is first reached from its list entry
and carries that entry's date; the rest are requested when the spider would
otherwise go idle. Held-back links are kept in ``spider.state``, so a run
paused with a JOBDIR resumes with them.

What the archive already holds is not fetched again unless it is due for a
refresh (:mod:`crawler.incremental`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from parsel import Selector
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Request, Response, TextResponse
from twisted.python.failure import Failure

from crawler import pages
from crawler.dates import resolve_list_dates
from crawler.encoding import decode_page
from crawler.failures import INCOMPLETE_ESSAY, failure_reason, is_settled
from crawler.health import CATEGORY_ENTRIES_STAT, LIST_FAILED_STAT
from crawler.incremental import RefreshPlan, load_plan
from crawler.items import EssayItem, EssaySeen, FetchFailure, PageSnapshot
from crawler.site_profile import PageKind, SiteProfile, load_profile
from crawler.webarchive.stored import RECORDED_AT_META


class EssaysSpider(scrapy.Spider):
    name = "essays"

    def __init__(self, start_url: str | list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_urls = _split_urls(start_url)
        if not self.start_urls:
            raise ValueError("the essays spider needs -a start_url=URL (several: comma-separated)")
        self.allowed_domains = sorted({urlsplit(url).hostname or "" for url in self.start_urls})
        self._allowed_hosts = {urlsplit(url).netloc for url in self.start_urls}
        self._held_back: dict[str, None] = {}
        self.plan = RefreshPlan()
        # Per category slug: consecutive list pages without an unseen essay.
        self._known_pages: dict[str, int] = {}
        # (host, essay id) of archived essays: an old /html/ID.html URL of one is not fetched.
        self._known_ids: set[tuple[str, str]] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> EssaysSpider:
        spider: EssaysSpider = super().from_crawler(crawler, *args, **kwargs)
        spider._init_settings(crawler)
        crawler.signals.connect(spider._on_idle, signal=signals.spider_idle)
        crawler.signals.connect(spider._save_state, signal=signals.spider_closed)
        return spider

    def _init_settings(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.profile: SiteProfile = load_profile(settings.get("ARCHIVE_SITE_PROFILE"))
        self.max_list_pages = settings.getint("ARCHIVE_MAX_LIST_PAGES", 1000)
        self.max_essay_pages = settings.getint("ARCHIVE_MAX_ESSAY_PAGES", 50)

    async def start(self) -> AsyncIterator[Any]:
        stats = self.crawler.stats
        self._load_plan()
        self._held_back.update(dict.fromkeys(self._state().get("held_back", [])))
        for url in self.start_urls:
            request = self._request_for(url, start=True)
            if request is not None:
                yield request
        due = self.plan.due_urls()
        stats.set_value("essays/refresh_due", len(due))
        for url in due:
            yield self._refresh_request(url)

    def _load_plan(self) -> None:
        """What the archive already holds: what to skip and what to refresh."""
        run_id = self.crawler.stats.get_value("archive/run_id")
        self.plan = load_plan(self.settings, run_id, datetime.now(UTC))
        self._known_ids = {
            essay_id for url in self.plan.known if (essay_id := self._essay_id(url)) is not None
        }

    def _state(self) -> dict[str, Any]:
        # Scrapy's SpiderState extension sets `state` when a JOBDIR is given.
        state: dict[str, Any] = getattr(self, "state", {})
        return state

    def _save_state(self) -> None:
        if hasattr(self, "state"):
            self.state["held_back"] = list(self._held_back)

    def _refresh_request(self, url: str) -> Request:
        """Refetch an archived essay, with the validators of its last answer."""
        return Request(
            url,
            callback=self.parse_essay,
            errback=self.on_error,
            headers=self.plan.conditional_headers(url),
            # 304 is "unchanged", an answer, not an error.
            meta={"handle_httpstatus_list": [304], "refresh": True},
        )

    # -- routing -----------------------------------------------------------
    def _request_for(self, url: str, start: bool = False, **meta: Any) -> Request | None:
        """The request for a page of a kind the spider reads; None for other pages."""
        callbacks = {
            PageKind.HOME: self.parse_home,
            PageKind.CATEGORY: self.parse_list,
            PageKind.LIST: self.parse_list,
            PageKind.ARTICLE: self.parse_essay,
            PageKind.OLD_ARTICLE: self.parse_essay,  # answers 301 to the essay's URL
        }
        kind = pages.page_kind(url, self.profile)
        if (kind is PageKind.ARTICLE and self.plan.skip(url)) or (
            kind is PageKind.OLD_ARTICLE and self._essay_id(url) in self._known_ids
        ):
            self.crawler.stats.inc_value("essays/skipped_known")
            return None
        callback = callbacks.get(kind)
        if callback is None and start:
            callback = self.parse_home  # any other start page: read its links
        if callback is None:
            return None
        return Request(url, callback=callback, errback=self.on_error, meta=meta)

    def _essay_id(self, url: str) -> tuple[str, str] | None:
        """An essay's id, from its URL or its old /html/ URL, with the host it belongs to."""
        parts = urlsplit(url)
        for pattern in (self.profile.article_re, self.profile.old_article_re):
            match = pattern.match(parts.path)
            if match:
                return parts.netloc, match["id"]
        return None

    def _follow(self, url: str) -> bool:
        host = urlsplit(url).netloc
        return host in self._allowed_hosts and pages.followable(url, host, self.profile)

    def _hold_back(self, urls: list[str]) -> None:
        for url in urls:
            if self._follow(url):
                self._held_back.setdefault(url, None)

    def _on_idle(self) -> None:
        if not self._held_back:
            return
        held_back, self._held_back = list(self._held_back), {}
        for url in held_back:
            request = self._request_for(url)
            if request is not None:
                self.crawler.engine.crawl(request)
        raise DontCloseSpider

    # -- navigation ----------------------------------------------------------
    def parse_home(self, response: Response) -> Iterator[Request]:
        selector = self._selector(response)
        base = pages.document_base(selector, response.url)
        for url in pages.links(selector, self.profile.nav_links, base):
            if self._follow(url) and pages.page_kind(url, self.profile) is PageKind.CATEGORY:
                request = self._request_for(url)
                if request is not None:
                    yield request
        self._hold_back(pages.links(selector, "a::attr(href)", base))

    def parse_list(self, response: Response) -> Iterator[Request | FetchFailure]:
        selector = self._selector(response)
        base = pages.document_base(selector, response.url)
        category, category_url = pages.breadcrumb_category(selector, base, self.profile)
        entries = pages.list_entries(selector, base, self.profile)
        if not entries and pages.is_soft_404(selector, self.profile):
            self._count_list_failure(response.url)
            yield FetchFailure(response.url, "soft_404", status=response.status)
            return
        slug = pages.category_slug(response.url, self.profile) or "?"
        self.crawler.stats.inc_value(f"{CATEGORY_ENTRIES_STAT}{slug}", len(entries))
        self.crawler.stats.inc_value("essays/list_pages")
        if not entries:
            self.crawler.stats.inc_value("essays/list_pages_empty")
        list_dates = resolve_list_dates(
            [entry.raw_date for entry in entries], _fetched_at(response)
        )
        for entry, list_date in zip(entries, list_dates, strict=True):
            if self._follow(entry.url):
                request = self._request_for(
                    entry.url,
                    list_date=list_date,
                    list_category=category,
                    list_category_url=category_url,
                )
                if request is not None:
                    yield request
        unseen = [entry for entry in entries if not self.plan.skip(entry.url)]
        if self.plan.stop_after_known is None:
            yield from self._next_list_pages(selector, response, base)
            return
        known_pages = 0 if unseen else self._known_pages.get(slug, 0) + 1
        self._known_pages[slug] = known_pages
        if known_pages >= self.plan.stop_after_known:
            self.crawler.stats.inc_value("essays/categories_stopped_at_known")
            return
        # Newest first, one page after another, so the walk can stop.
        number = pages.list_page_number(response.url, self.profile)
        for request in self._next_list_pages(selector, response, base):
            if pages.list_page_number(request.url, self.profile) == number + 1:
                yield request

    def _next_list_pages(
        self, selector: Selector, response: Response, base: str
    ) -> Iterator[Request]:
        # Caps against pagination traps: the pager's own total, and a maximum
        # number of list pages per category; the dupe filter stops loops.
        total = pages.pager_total(selector, self.profile)
        cap = min(total, self.max_list_pages) if total else self.max_list_pages
        slug = pages.category_slug(response.url, self.profile)
        for url in pages.links(selector, self.profile.pager_links, base):
            if not self._follow(url) or pages.category_slug(url, self.profile) != slug:
                continue
            kind = pages.page_kind(url, self.profile)
            if kind is PageKind.LIST and pages.list_page_number(url, self.profile) > cap:
                self.crawler.stats.inc_value("essays/list_pages_capped")
                continue
            if kind in (PageKind.LIST, PageKind.CATEGORY):
                request = self._request_for(url)
                if request is not None:
                    yield request

    # -- essays ----------------------------------------------------------------
    def parse_essay(self, response: Response) -> Iterator[Any]:
        if response.status == 304:
            yield EssaySeen(response.url, _fetched_at(response))
            return
        snapshot, selector = self._snapshot(response)
        problem = self._no_essay_page(response, selector)
        if problem is not None:
            yield FetchFailure(response.url, problem, status=response.status)
            return
        base = pages.document_base(selector, response.url)
        category, category_url = pages.breadcrumb_category(selector, base, self.profile)
        essay = EssayItem(
            url=response.url,
            fetched_at=_fetched_at(response),
            pages=[snapshot],
            title=pages.essay_title(selector, self.profile),
            category=category or response.meta.get("list_category"),
            category_url=category_url or response.meta.get("list_category_url"),
            info_line=pages.info_line(selector, self.profile),
            list_date=response.meta.get("list_date"),
            etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"),
        )
        self._hold_back(pages.links(selector, self.profile.related_links, base))
        remaining = pages.continuation_urls(selector, response.url, self.profile, base)
        yield from self._continue_essay(essay, remaining)

    def parse_continuation(self, response: Response) -> Iterator[Any]:
        essay: EssayItem = response.meta["essay"]
        snapshot, selector = self._snapshot(response)
        problem = self._no_essay_page(response, selector)
        skipped: frozenset[str] = response.meta.get("skipped", frozenset())
        if problem is not None:
            # As for a page that fails to download.
            page_failure = FetchFailure(response.url, problem, status=response.status)
            yield from self._without_page(essay, page_failure, response.meta["remaining"], skipped)
            return
        essay.pages.append(snapshot)
        # A pager may show only a window of pages: merge what this page lists,
        # but the pages fetched already, or gone for good.
        remaining = dict.fromkeys(response.meta["remaining"])
        base = pages.document_base(selector, response.url)
        for url in pages.continuation_urls(selector, essay.url, self.profile, base):
            if url in remaining or url in skipped:
                continue
            if all(page.url != url for page in essay.pages):
                remaining[url] = None
        yield from self._continue_essay(essay, sorted(remaining, key=_page_number), skipped)

    def _continue_essay(
        self, essay: EssayItem, remaining: list[str], skipped: frozenset[str] = frozenset()
    ) -> Iterator[Any]:
        """The essay's next page, or the essay itself when none is left.

        ``skipped``: its pages that were gone for good, never asked for again.
        """
        if remaining and len(essay.pages) >= self.max_essay_pages:
            self._cap_essay(essay, remaining)
            remaining = []
        if not remaining:
            yield essay
            return
        yield Request(
            remaining[0],
            callback=self.parse_continuation,
            errback=self.on_continuation_error,
            meta={"essay": essay, "remaining": remaining[1:], "skipped": skipped},
            dont_filter=True,  # an essay's pages belong to its chain, whatever was seen before
        )

    def _cap_essay(self, essay: EssayItem, remaining: list[str]) -> None:
        """Record the pages a cap leaves out: archived cut short, but never silently.

        The cap guards against pagination traps (a pager that links pages
        without end); a genuinely long essay is cut too, so the run says so.
        """
        self.crawler.stats.inc_value("essays/pages_capped", len(remaining))
        self.logger.warning(
            "%s: essay cut at %d pages of the %d its pager lists (ARCHIVE_MAX_ESSAY_PAGES=%d)",
            essay.url,
            len(essay.pages),
            len(essay.pages) + len(remaining),
            self.max_essay_pages,
        )

    # -- failures --------------------------------------------------------------
    def on_error(self, failure: Failure) -> Iterator[FetchFailure]:
        fetch_failure = _fetch_failure(failure)
        self._count_list_failure(fetch_failure.url)
        yield fetch_failure

    def _count_list_failure(self, url: str) -> None:
        """A category's list page that could not be read: its entries say nothing this run."""
        if pages.page_kind(url, self.profile) in (PageKind.CATEGORY, PageKind.LIST):
            slug = pages.category_slug(url, self.profile) or "?"
            self.crawler.stats.inc_value(f"{LIST_FAILED_STAT}{slug}")

    def on_continuation_error(self, failure: Failure) -> Iterator[Any]:
        request = failure.request  # type: ignore[attr-defined]
        yield from self._without_page(
            request.meta["essay"],
            _fetch_failure(failure),
            request.meta["remaining"],
            request.meta.get("skipped", frozenset()),
        )

    def _without_page(
        self,
        essay: EssayItem,
        page_failure: FetchFailure,
        remaining: list[str],
        skipped: frozenset[str],
    ) -> Iterator[Any]:
        """A page of the essay failed: the essay goes on without it, or waits for a next run.

        A page that is gone for good (a 404, a soft 404, not HTML) is a failure
        of its own, and the essay goes on with its other pages. A page that
        may answer later (a timeout, a 5xx, an empty answer) leaves the essay
        incomplete: it is not archived as if whole, but recorded as a failure
        (``incomplete_essay``) and fetched again by the next run.
        """
        yield page_failure
        if is_settled(page_failure.reason, page_failure.status):
            yield from self._continue_essay(essay, remaining, skipped | {page_failure.url})
            return
        yield FetchFailure(
            essay.url,
            INCOMPLETE_ESSAY,
            detail=f"page {page_failure.url} failed: {page_failure.reason}",
        )

    def _no_essay_page(self, response: Response, selector: Selector) -> str | None:
        """Why a 200 answer holds no page of an essay, or None.

        An empty answer may be a server's passing fault (fetched again next
        run); an image or a PDF, or the CMS's message box, is an answer.
        """
        if not response.body.strip():
            return "empty_response"
        if not isinstance(response, TextResponse):
            return "not_html"
        if pages.is_soft_404(selector, self.profile):
            return "soft_404"
        return None

    # -- decoding ----------------------------------------------------------------
    def _snapshot(self, response: Response) -> tuple[PageSnapshot, Selector]:
        if not isinstance(response, TextResponse):
            text, encoding = response.body.decode("utf-8", errors="ignore"), "binary"
            self.crawler.stats.inc_value("essays/not_text")
            return PageSnapshot(response.url, text, encoding, response.status), Selector(text)
        decoded = decode_page(response.body, response.encoding)
        if decoded.problem:
            self.crawler.stats.inc_value("essays/encoding_repaired")
            self.logger.info("%s: %s", response.url, decoded.problem)
        snapshot = PageSnapshot(response.url, decoded.text, decoded.encoding, response.status)
        if decoded.encoding == response.encoding and not decoded.problem:
            return snapshot, response.selector
        return snapshot, Selector(text=decoded.text)

    def _selector(self, response: Response) -> Selector:
        return self._snapshot(response)[1]


def _fetch_failure(failure: Failure) -> FetchFailure:
    request = failure.request  # type: ignore[attr-defined]
    reason, status = failure_reason(failure)
    url = request.url
    if reason == "redirect_loop":
        # Under the URL that was linked, which the next run would ask for again.
        url = request.meta.get("redirect_urls", [url])[0]
    return FetchFailure(
        url=url,
        reason=reason,
        status=status,
        attempts=request.meta.get("retry_times", 0) + 1,
        detail=failure.getErrorMessage()[:500],
    )


def _fetched_at(response: Response) -> datetime:
    """When the page was fetched: now, or in a replay, when it was recorded."""
    request = response.request
    recorded: datetime | None = request.meta.get(RECORDED_AT_META) if request else None
    return recorded or datetime.now(UTC)


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _split_urls(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else value.replace(",", " ").split()
    return [url.strip() for url in items if url.strip()]


def _page_number(url: str) -> int:
    stem = urlsplit(url).path.rsplit("/", 1)[-1].split(".", 1)[0]
    suffix = stem.rsplit("_", 1)[-1]
    return int(suffix) if suffix.isdigit() else 1

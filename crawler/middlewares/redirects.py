"""RedirectGuardMiddleware: a redirect that leads nowhere becomes a recorded failure.

Scrapy drops a redirect to another host (the off-site filter) and a redirect
back to a URL already fetched (the dupe filter) when they are scheduled, so
the original request's errback never learns the essay was lost. This
middleware sits before RedirectMiddleware (a higher priority number sees the
response first) and fails the request itself, with a reason the spider's
errback records.

It also takes the validators (``If-None-Match``, ``If-Modified-Since``) off a
request a redirect made: they were the old URL's, and Scrapy copies them onto
the request to the new one. An essay moved to a new URL (301) would answer
the old page's ETag with a 304 there, and the new URL would never be
archived.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# A conditional request's validators, which belong to the URL they came from.
VALIDATORS = (b"If-None-Match", b"If-Modified-Since")


class RedirectFailed(IgnoreRequest):
    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class OffsiteRedirect(RedirectFailed):
    """A redirect to a host the crawl does not cover."""


class RedirectLoop(RedirectFailed):
    """A redirect back to a URL this request already passed through."""


class TooManyRedirects(RedirectFailed):
    """One redirect more than REDIRECT_MAX_TIMES (or the request's redirect_ttl) allows.

    RedirectMiddleware would drop it with a bare IgnoreRequest ("max
    redirections reached"), recorded as no more than "ignored".
    """


class RedirectGuardMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectGuardMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if request.meta.get("redirect_urls"):
            for validator in VALIDATORS:
                request.headers.pop(validator, None)

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get(b"Location")
        if response.status not in REDIRECT_STATUSES or not location:
            return response
        target = urljoin(request.url, location.decode("latin-1"))
        allowed = {urlsplit(url).netloc for url in getattr(self.crawler.spider, "start_urls", [])}
        if allowed and urlsplit(target).netloc not in allowed:
            raise OffsiteRedirect(f"offsite redirect: {request.url} -> {target}", response.status)
        seen = {*request.meta.get("redirect_urls", ()), request.url}
        if target in seen:
            raise RedirectLoop(f"redirect loop: {request.url} -> {target}", response.status)
        # RedirectMiddleware's own limit, checked as it checks it.
        most = self.crawler.settings.getint("REDIRECT_MAX_TIMES")
        hops = len(request.meta.get("redirect_urls", ())) + 1
        if not request.meta.get("redirect_ttl", most) or hops > most:
            first = request.meta.get("redirect_urls", [request.url])[0]
            message = f"too many redirects: {hops - 1} from {first}, the next to {target}"
            raise TooManyRedirects(message, response.status)
        return response

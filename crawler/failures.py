"""Naming why a request failed: the reasons stored in the failures table."""

from __future__ import annotations

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import (
    ConnectError,
    ConnectionLost,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed

from crawler.middlewares.integrity import TruncatedBody
from crawler.middlewares.redirects import OffsiteRedirect, RedirectLoop, TooManyRedirects

# Failure reasons, most specific first.
_NETWORK_REASONS: tuple[tuple[type[BaseException], str], ...] = (
    # Scrapy's own download errors (2.14+), then Twisted's for older paths.
    (CannotResolveHostError, "dns_error"),
    (DownloadTimeoutError, "timeout"),
    (DownloadConnectionRefusedError, "connection_error"),
    # DOWNLOAD_MAXSIZE: the page is refused, never held whole.
    (DownloadCancelledError, "too_large"),
    (ResponseDataLossError, "truncated_body"),
    (DownloadFailedError, "response_failed"),
    (DNSLookupError, "dns_error"),
    (TimeoutError, "timeout"),
    (TCPTimedOutError, "timeout"),
    (ConnectError, "connection_error"),
    (ConnectionLost, "connection_lost"),
    (ResponseFailed, "response_failed"),
)


_IGNORED_REASONS: tuple[tuple[type[BaseException], str], ...] = (
    (OffsiteRedirect, "offsite_redirect"),
    (RedirectLoop, "redirect_loop"),
    (TooManyRedirects, "too_many_redirects"),
    (TruncatedBody, "truncated_body"),
)


def failure_reason(failure: Failure) -> tuple[str, int | None]:
    """(reason, HTTP status) for a request's errback failure."""
    error = failure.value
    if isinstance(error, HttpError):
        status: int = error.response.status
        return f"http_{status}", status
    for exception_type, reason in _NETWORK_REASONS:
        if isinstance(error, exception_type):
            return reason, None
    for exception_type, reason in _IGNORED_REASONS:
        if isinstance(error, exception_type):
            return reason, getattr(error, "status", None)
    if isinstance(error, IgnoreRequest):
        message = failure.getErrorMessage()
        if message.startswith("not in recording"):
            return "not_in_recording", None
        if "robots.txt" in message:
            return "robots_disallowed", None
        if "DOWNLOAD_MAXSIZE" in message:
            # HttpCompressionMiddleware's refusal of a body that inflates past
            # the limit (a gzip bomb): a plain IgnoreRequest, told by its message.
            return "too_large", None
        return "ignored", None
    return type(failure.value).__name__, None


# An essay one of whose pages failed for now (a timeout, a 5xx): not archived
# as if whole, and due again next run.
INCOMPLETE_ESSAY = "incomplete_essay"

# Answers that fetching again soon would not change: the URL is not refetched
# until it is due for a refresh (ARCHIVE_REFRESH_AFTER_DAYS), like an essay.
SETTLED_REASONS = frozenset(
    {
        "soft_404",
        "not_html",
        "missing_title",
        "title_too_long",
        "empty_body",
        "offsite_redirect",
        "redirect_loop",
        "too_many_redirects",
        "robots_disallowed",
        "too_large",
    }
)
# Client errors that say nothing lasting about the page: a timeout, too many
# requests, a request of the crawler's own too large (413, 414, 431: a cookie
# jar a site flooded), and the refusals a site's firewall hands a crawler
# for a while (401, 403). Fetched again next run, never held for the refresh
# age; a page of an essay that answers one leaves the essay incomplete.
TRANSIENT_STATUSES = frozenset({401, 403, 408, 413, 414, 429, 431})


def is_settled(reason: str, status: int | None) -> bool:
    """A client error (but the transient ones) or a page that is not an essay."""
    if reason in SETTLED_REASONS:
        return True
    return status is not None and 400 <= status < 500 and status not in TRANSIENT_STATUSES

"""Naming why a request failed: the reasons stored in the failures table."""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest, ResponseDataLossError
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

# Failure reasons, most specific first.
_NETWORK_REASONS: tuple[tuple[type[BaseException], str], ...] = (
    (DNSLookupError, "dns_error"),
    (TimeoutError, "timeout"),
    (TCPTimedOutError, "timeout"),
    (ConnectError, "connection_error"),
    (ConnectionLost, "connection_lost"),
    (ResponseDataLossError, "truncated_body"),
    (ResponseFailed, "response_failed"),
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
    if isinstance(error, IgnoreRequest):
        message = failure.getErrorMessage()
        if message.startswith("not in recording"):
            return "not_in_recording", None
        if "robots.txt" in message:
            return "robots_disallowed", None
        return "ignored", None
    return type(failure.value).__name__, None

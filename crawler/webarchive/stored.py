"""What a recording answers, and the names its writer and readers share.

A recording is either a fixture site (a folder of saved pages, see
:mod:`crawler.webarchive.fixture_site`) or a WARC file written by
:class:`~crawler.webarchive.recorder.WarcRecorderMiddleware` (or by any other
crawler). Replay asks both the same question through :class:`Recording`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

# The response flag ReplayMiddleware sets, so that the recorder never records
# a replayed response again.
REPLAYED_FLAG = "replayed"

# The warcinfo field holding the crawl's start URLs, space separated (a URL
# escaped by safe_url_string never contains a space).
START_URLS_FIELD = "fanwen-start-urls"

# The request meta key under which ReplayMiddleware gives the time a replayed
# response was recorded (a WARC record's WARC-Date): what the crawl reads as
# the time of the fetch, so that dates a page writes relative to it (3天前, a
# list's month-day) read the same in every replay.
RECORDED_AT_META = "fanwen_recorded_at"


@dataclass(frozen=True)
class StoredResponse:
    """An HTTP response as it came off the wire: body not yet de-compressed.

    Recordings share their instances between lookups: treat ``headers`` as
    read-only.
    """

    status: int
    headers: dict[str, str]
    body: bytes
    # When it was recorded (timezone-aware), if the recording says.
    recorded_at: datetime | None = None


class RecordingError(ValueError):
    """A recording cannot be opened; the message is one line."""


class Recording(Protocol):
    @property
    def start_urls(self) -> list[str]: ...

    def lookup(self, url: str) -> StoredResponse | None: ...

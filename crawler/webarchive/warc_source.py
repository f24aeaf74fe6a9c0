"""Read a WARC (gzip-compressed or not) as a recording: URL -> response.

Loading scans the file once and keeps, per URL, only the offset of its last
``response`` record (a URL recorded twice, by a resumed or repeated crawl,
answers as recorded last), except that a 304 never replaces a full answer:
it answered a conditional request (a refresh), which replay does not send.
Bodies stay on disk and are read back on lookup:
a 20k-essay recording is about 250 MB, which the index holds in a few MB; one
lookup opens the file, seeks and decompresses one gzip member (WARC spec
annex D: one record per member, so any record can be read on its own).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit, urlunsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader
from warcio.exceptions import ArchiveLoadFailed

from crawler.webarchive.stored import START_URLS_FIELD, RecordingError, StoredResponse


class WarcSource:
    def __init__(self, path: Path, offsets: dict[str, int], start_urls: list[str]) -> None:
        self.path = path
        self._offsets = offsets
        self._start_urls = start_urls

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> WarcSource:
        path = Path(path)
        offsets: dict[str, int] = {}
        full_answers: set[str] = set()  # URLs with a recorded answer other than 304
        start_urls: list[str] = []
        first_page: str | None = None
        try:
            with path.open("rb") as stream:
                records = ArchiveIterator(stream)
                for record in records:
                    if record.rec_type == "warcinfo":
                        start_urls += _warcinfo_start_urls(record.content_stream().read())
                    elif record.rec_type == "response" and record.http_headers:
                        key = _url_key(record.rec_headers.get_header("WARC-Target-URI"))
                        status = record.http_headers.get_statuscode()
                        page = first_page is None and _is_html_page(record.http_headers)
                        offset = records.get_record_offset()  # reads the record to its end
                        if getattr(record.raw_stream, "limit", 0):
                            raise RecordingError(f"{path}: record at offset {offset} is truncated")
                        if status == "304" and key in full_answers:
                            continue
                        if status != "304":
                            full_answers.add(key)
                        offsets[key] = offset
                        if page:
                            first_page = key
        # warcio ends quietly on a file cut inside a WARC header block, and
        # trips with AttributeError on one cut inside an HTTP header block.
        except (OSError, ArchiveLoadFailed, AttributeError) as exc:
            raise RecordingError(f"{path}: not a readable WARC: {_first_line(exc)}") from None
        if not offsets:
            raise RecordingError(f"{path}: holds no HTTP response to replay")
        if not start_urls:
            # No warcinfo (another crawler's WARC): its site's home page if
            # recorded, else its first HTML page (not robots.txt, which
            # crawlers fetch first).
            start_urls = [_start_of(first_page or next(iter(offsets)), offsets)]
        # A resumed crawl appends a warcinfo repeating the start URLs.
        return cls(path, offsets, list(dict.fromkeys(start_urls)))

    @property
    def start_urls(self) -> list[str]:
        return self._start_urls

    @property
    def urls(self) -> list[str]:
        return list(self._offsets)

    def lookup(self, url: str) -> StoredResponse | None:
        offset = self._offsets.get(_url_key(url))
        if offset is None:
            return None
        with self.path.open("rb") as stream:
            stream.seek(offset)
            record = next(iter(ArchiveIterator(stream)))
            return _stored_response(record)


def _stored_response(record: Any) -> StoredResponse:
    http = record.http_headers
    chunked = (http.get_header("Transfer-Encoding") or "").lower() == "chunked"
    headers: dict[str, str] = {}
    for name, value in http.headers:
        if name.lower() == "transfer-encoding":
            continue
        # Repeated fields combine into one (RFC 9110, section 5.3); a
        # repeated Set-Cookie does not survive this, which replay can bear.
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    # Our recorder stores bodies de-chunked; other crawlers' WARCs may keep
    # the chunked framing, which Scrapy's download handler would have removed.
    # Content-Encoding stays: HttpCompressionMiddleware decodes, as live.
    stream = ChunkedDataReader(record.raw_stream) if chunked else record.raw_stream
    recorded_at = _warc_date(record.rec_headers.get_header("WARC-Date"))
    return StoredResponse(int(http.get_statuscode()), headers, stream.read(), recorded_at)


def _warc_date(value: str | None) -> datetime | None:
    """A WARC-Date (W3C-ISO8601, UTC), or None when missing or unreadable."""
    if not value:
        return None
    try:
        recorded = datetime.fromisoformat(value)
    except ValueError:
        return None
    return recorded if recorded.tzinfo is not None else recorded.replace(tzinfo=UTC)


def _is_html_page(http: Any) -> bool:
    """A 2xx answer whose body is HTML."""
    status = http.get_statuscode() or ""
    content_type = (http.get_header("Content-Type") or "").lower()
    return status.startswith("2") and "html" in content_type


def _start_of(page: str, recorded: dict[str, int]) -> str:
    """The home page of ``page``'s site when the recording holds it, else ``page``."""
    parts = urlsplit(page)
    home = urlunsplit((parts.scheme, parts.netloc, "/", "", ""))
    return home if home in recorded else page


def _warcinfo_start_urls(fields: bytes) -> list[str]:
    urls: list[str] = []
    for line in fields.decode("utf-8", errors="replace").splitlines():
        name, _, value = line.partition(":")
        if name.strip().lower() == START_URLS_FIELD:
            urls += value.split()
    return urls


def _first_line(exc: Exception) -> str:
    # warcio's messages run over several lines (a gzip advice paragraph).
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


def _url_key(url: str) -> str:
    # The fragment never reaches the server, and Scrapy keeps it on requests.
    return urldefrag(url).url

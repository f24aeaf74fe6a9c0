"""The fixture site over HTTP on 127.0.0.1, with faults switched on per URL path.

::

    faults = {"/dangjian/121330.html": ServerError(500, heal_after=1)}
    with FaultServer(FIXTURE_SITE, faults) as server:
        server.base_url          # "http://127.0.0.1:PORT/"
        server.requests(path)    # how many times the path was asked for

A fault decides the whole answer on the wire (status line, headers, body,
how the connection ends), so it can send what no well-behaved server does:
a reset in the middle of the body, a Content-Length the body never reaches,
a gzip stream cut short. Paths without a fault are answered from the fixture
site as ``crawler.webarchive.serve_fixture_site`` answers them; a
:class:`PaginationTrap` also answers paths the site does not have.

Every answer closes its connection (HTTP/1.0), so one request is one
connection and a reset touches no other request.
"""

from __future__ import annotations

import re
import socket
import struct
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol
from urllib.parse import urlsplit

from crawler.webarchive import FixtureSite, StoredResponse

HOST = "127.0.0.1"


class Fault(Protocol):
    def answer(self, wire: Wire, attempt: int, page: StoredResponse | None) -> None:
        """Answer the ``attempt``-th request (1-based) for the path; ``page`` is the site's."""


class Wire:
    """What a fault may do to one connection: write raw bytes, stall, reset."""

    def __init__(self, handler: BaseHTTPRequestHandler, server: FaultServer, path: str) -> None:
        self._handler = handler
        self.server = server
        self.path = path
        self.target = handler.path  # as requested: query string included
        self.host = handler.headers.get("Host", "")

    def send(
        self,
        status: int,
        headers: dict[str, str],
        body: bytes,
        *,
        content_length: int | None = None,
    ) -> None:
        """A whole answer; ``content_length`` overrides the true length when given."""
        length = str(content_length or len(body))
        without_length = {k: v for k, v in headers.items() if k.lower() != "content-length"}
        self.send_head(status, {**without_length, "Content-Length": length})
        self.write(body)

    def send_head(self, status: int, headers: dict[str, str]) -> None:
        self._handler.send_response(status)
        for name, value in headers.items():
            self._handler.send_header(name, value)
        self._handler.end_headers()

    def write(self, data: bytes) -> None:
        self._handler.wfile.write(data)
        self._handler.wfile.flush()

    def reset(self) -> None:
        """Close with RST instead of FIN (SO_LINGER on, timeout 0)."""
        self._handler.wfile.flush()
        connection: socket.socket = self._handler.connection
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        connection.close()
        self._handler.close_connection = True

    def serve(self, page: StoredResponse | None) -> None:
        """The fixture site's own answer."""
        if page is None:
            self.send(404, {"Content-Type": "text/plain"}, b"not in fixture site\n")
        else:
            self.send(page.status, page.headers, page.body)


# -- faults -------------------------------------------------------------------


@dataclass(frozen=True)
class ServerError:
    """``status`` for the first ``heal_after`` requests (all of them if None), then the page."""

    status: int
    heal_after: int | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def answer(self, wire: Wire, attempt: int, page: StoredResponse | None) -> None:
        if self.heal_after is not None and attempt > self.heal_after:
            wire.serve(page)
            return
        wire.send(self.status, {"Content-Type": "text/html", **self.headers}, b"<h1>busy</h1>")


@dataclass(frozen=True)
class ResetMidBody:
    """Headers and half the body, then a TCP reset; the page itself once healed."""

    heal_after: int | None = None

    def answer(self, wire: Wire, attempt: int, page: StoredResponse | None) -> None:
        assert page is not None
        if self.heal_after is not None and attempt > self.heal_after:
            wire.serve(page)
            return
        headers = {k: v for k, v in page.headers.items() if k.lower() != "content-length"}
        wire.send_head(page.status, {**headers, "Content-Length": str(len(page.body))})
        wire.write(page.body[: len(page.body) // 2])
        time.sleep(0.3)  # let the client read the half: an RST discards what it has not read
        wire.reset()


@dataclass(frozen=True)
class TruncatedGzip:
    """``Content-Encoding: gzip`` whose stream stops just after the essay's first ``</p>``.

    The stream is flushed at the cut, so what decompresses is exactly the page
    up to there; the gzip trailer (CRC and length) never comes. Content-Length
    matches the bytes sent: only the gzip stream tells that it is cut.
    """

    def answer(self, wire: Wire, attempt: int, page: StoredResponse | None) -> None:
        assert page is not None
        cut = page.body.index(b"</p>", page.body.index(b'id="content"')) + len(b"</p>")
        compressor = zlib.compressobj(wbits=31)  # 31: a gzip header and trailer
        stream = compressor.compress(page.body[:cut]) + compressor.flush(zlib.Z_SYNC_FLUSH)
        wire.send(page.status, {**page.headers, "Content-Encoding": "gzip"}, stream)


@dataclass(frozen=True)
class CloseDelimited:
    """No Content-Length: the body ends where the connection closes (cleanly).

    ``cut``: the close comes just after the essay's first ``</p>``. ``end_tags``
    False: the whole page, less its ``</body>`` and ``</html>`` (templates that
    never write them).
    """

    cut: bool = False
    end_tags: bool = True

    def answer(self, wire: Wire, attempt: int, page: StoredResponse | None) -> None:
        assert page is not None
        body = page.body
        if self.cut:
            body = body[: body.index(b"</p>", body.index(b'id="content"')) + len(b"</p>")]
        if not self.end_tags:
            body = re.sub(rb"</(body|html)>", b"", body)
        headers = {k: v for k, v in page.headers.items() if k.lower() != "content-length"}
        wire.send_head(page.status, headers)
        wire.write(body)


@dataclass(frozen=True)
class GzipBomb:
    """A small gzip body that inflates past DOWNLOAD_MAXSIZE (``inflated`` bytes of zeros)."""

    inflated: int

    def answer(self, wire: Wire, attempt: int, page: StoredResponse | None) -> None:
        assert page is not None
        compressor = zlib.compressobj(wbits=31)
        stream = compressor.compress(bytes(self.inflated)) + compressor.flush()
        wire.send(page.status, {**page.headers, "Content-Encoding": "gzip"}, stream)


@dataclass(frozen=True)
class ShortBody:
    """A Content-Length ``missing`` bytes longer than the body sent, then a clean close."""

    missing: int = 5000

    def answer(self, wire: Wire, attempt: int, page: StoredResponse | None) -> None:
        assert page is not None
        wire.send(
            page.status, page.headers, page.body, content_length=len(page.body) + self.missing
        )


@dataclass(frozen=True)
class Stall:
    """Nothing at all for ``seconds``, then the page (to a client long gone)."""

    seconds: float

    def answer(self, wire: Wire, attempt: int, page: StoredResponse | None) -> None:
        time.sleep(self.seconds)
        wire.serve(page)


@dataclass(frozen=True)
class Redirect:
    """``status`` to ``location(wire)``: a loop back to the path, or another host."""

    location: Callable[[Wire], str]
    status: int = 302

    def answer(self, wire: Wire, attempt: int, page: StoredResponse | None) -> None:
        wire.send(self.status, {"Location": self.location(wire)}, b"")


@dataclass(frozen=True)
class Streamed:
    """The page, then filler inside an HTML comment up to ``size`` bytes, no Content-Length."""

    size: int
    chunk: int = 256 * 1024

    def answer(self, wire: Wire, attempt: int, page: StoredResponse | None) -> None:
        assert page is not None
        headers = {k: v for k, v in page.headers.items() if k.lower() != "content-length"}
        wire.send_head(page.status, headers)
        wire.write(page.body + b"<!--")
        sent = len(page.body) + 4
        filler = b" " * self.chunk
        while sent < self.size:
            try:
                wire.write(filler)
            except OSError:
                return  # the client gave up: what a crawler with a size cap does
            sent += len(filler)
        wire.write(b"-->")


@dataclass(frozen=True)
class Rewrite:
    """The page with its bytes rewritten by ``rewrite(body) -> (body, extra headers)``."""

    rewrite: Callable[[bytes], tuple[bytes, dict[str, str]]]

    def answer(self, wire: Wire, attempt: int, page: StoredResponse | None) -> None:
        assert page is not None
        body, headers = self.rewrite(page.body)
        wire.send(page.status, {**page.headers, **headers}, body)


@dataclass(frozen=True)
class PaginationTrap:
    """List pages without end: ``/{slug}/list_{typeid}_N.html`` for every N past ``first``.

    Page ``first`` (a real list page) and every page after it are served with
    page ``first``'s entries and a pager whose 下一页 links to N + 1. The pager total is
    missing on even pages and a lie (N + 1) on odd ones.
    """

    slug: str
    typeid: int
    first: int

    @property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(rf"/{self.slug}/list_{self.typeid}_(\d+)\.html")

    def page_number(self, path: str) -> int | None:
        match = self.pattern.fullmatch(path)
        return int(match[1]) if match else None

    def answer(self, wire: Wire, attempt: int, page: StoredResponse | None) -> None:
        number = self.page_number(wire.path)
        assert number is not None
        first_path = f"/{self.slug}/list_{self.typeid}_{self.first}.html"
        real = wire.server.site.lookup(f"http://fixture{first_path}")
        assert real is not None
        html = real.body.decode("gbk")
        pager = (
            f'<div class="pages"><a href="/{self.slug}/">首页</a>'
            f'<a href="/{self.slug}/list_{self.typeid}_{number - 1}.html">上一页</a>'
            f'<span class="current">{number}</span>'
            f'<a href="/{self.slug}/list_{self.typeid}_{number + 1}.html">下一页</a>'
            + (
                ""
                if number % 2 == 0
                else f'<span class="pageinfo">共 <strong>{number + 1}</strong>页</span>'
            )
            + "</div>"
        )
        html = re.sub(r'<div class="pages">.*?</div>', pager, html, count=1, flags=re.S)
        wire.send(200, real.headers, html.encode("gbk"))


# -- the server -----------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer

    def do_GET(self) -> None:
        fault_server = self.server.fault_server
        # Faults go by path alone; the site answers the whole target (with query).
        path = urlsplit(self.path).path
        url = f"http://fixture{self.path}" if self.path.startswith("/") else self.path
        wire = Wire(self, fault_server, path)
        attempt = fault_server.count(path, wire.host)
        page = fault_server.site.lookup(url)
        fault = fault_server.fault_for(path)
        if fault is None:
            wire.serve(page)
        else:
            fault.answer(wire, attempt, page)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # one stderr line per request otherwise


class _HTTPServer(ThreadingHTTPServer):
    fault_server: FaultServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hangs up on a stalled or huge answer is the point of
        # the fault, not an error of the server.
        pass


class FaultServer:
    def __init__(self, site_folder: Path, faults: dict[str, Fault]) -> None:
        self.site = FixtureSite.load(site_folder, any_host=True)
        self.faults = faults
        self._counts: Counter[str] = Counter()
        self._hosts: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._server = _HTTPServer((HOST, 0), _Handler)
        self._server.fault_server = self
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.02},
            name="fault-server",
            daemon=True,
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    def count(self, path: str, host: str) -> int:
        """Count a request; its number for this path, from 1."""
        with self._lock:
            self._counts[path] += 1
            self._hosts[host] += 1
            return self._counts[path]

    def requests(self, path: str) -> int:
        with self._lock:
            return self._counts[path]

    def requests_matching(self, pattern: re.Pattern[str]) -> int:
        with self._lock:
            return sum(n for path, n in self._counts.items() if pattern.fullmatch(path))

    def requests_to_host(self, host: str) -> int:
        with self._lock:
            return self._hosts[host]

    def fault_for(self, path: str) -> Fault | None:
        if path in self.faults:
            return self.faults[path]
        for fault in self.faults.values():
            if isinstance(fault, PaginationTrap) and (fault.page_number(path) or 0) >= fault.first:
                return fault
        return None

    def __enter__(self) -> FaultServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

"""Serve a fixture site over HTTP on 127.0.0.1, in a background thread.

::

    with serve_fixture_site("fixtures/site") as base_url:  # "http://127.0.0.1:PORT/"
        ...

Every manifest entry is answered with its status, headers and body whatever
the Host header says; unknown paths answer 404. A ``Content-Length`` given in
the manifest is sent as it is, so a fixture can model a truncated body (the
connection closes after each answer, HTTP/1.0 style); otherwise the server
sends the body's length.

With ``validators=True`` a 200 answer carries an ``ETag`` (a digest of its
body) and a request whose ``If-None-Match`` names it gets ``304 Not
Modified``, as a web server with static files does.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from crawler.webarchive.fixture_site import FixtureSite

logger = logging.getLogger(__name__)

HOST = "127.0.0.1"


class FixtureRequestHandler(BaseHTTPRequestHandler):
    server_version = "FixtureSite"

    def __init__(self, *args: Any, site: FixtureSite, validators: bool, **kwargs: Any) -> None:
        # BaseRequestHandler answers inside __init__: set the site first.
        self.site = site
        self.validators = validators
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, *, send_body: bool) -> None:
        # The site answers any host; a request target in absolute form (as a
        # proxy would receive it) is a URL already.
        url = self.path if not self.path.startswith("/") else f"http://fixture{self.path}"
        stored = self.site.lookup(url)
        if stored is None:
            status, headers, body = 404, {"Content-Type": "text/plain"}, b"not in fixture site\n"
        else:
            status, headers, body = stored.status, stored.headers, stored.body
        if self.validators and status == 200:
            etag = f'"{hashlib.sha256(body).hexdigest()[:20]}"'
            headers = {**headers, "ETag": etag}
            if self.headers.get("If-None-Match") == etag:
                status, body = 304, b""
                headers = {"ETag": etag}
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if not any(name.lower() == "content-length" for name in headers):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        # Quiet: the default writes a line to stderr per request.
        pass


class FixtureHTTPServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # The default prints a traceback to stderr. A client that hangs up
        # early (a cancelled crawl) is routine; anything else is a real error.
        exc = sys.exc_info()[1]
        level = logging.DEBUG if isinstance(exc, ConnectionError) else logging.ERROR
        logger.log(level, "Error answering %s", client_address, exc_info=True)


@contextmanager
def serve_fixture_site(
    folder: str | os.PathLike[str], port: int = 0, validators: bool = False
) -> Iterator[str]:
    """Serve the fixture site in ``folder``; yield its base URL. Port 0 picks a free one."""
    site = FixtureSite.load(folder, any_host=True)
    handler = partial(FixtureRequestHandler, site=site, validators=validators)
    server = FixtureHTTPServer((HOST, port), handler)
    # serve_forever checks for shutdown() once per poll interval (0.5 s by
    # default); a short one keeps a test's teardown short.
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.02},
        name="fixture-site",
        daemon=True,
    )
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()

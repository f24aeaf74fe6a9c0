"""Retries wait: what Retry-After asks for, else an exponential backoff.

A real crawl against the fixture site over HTTP, where two essay pages fail
once (503 with ``Retry-After: 1``, and a bare 500) before answering.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from functools import partial
from typing import Any, ClassVar

import pytest
from fanwen_runner import FAST, REPO, by_path, export, fanwen
from sqlalchemy import select
from webarchive_helpers import RecordedResponse, write_warc

from crawler.webarchive.fixture_site import FixtureSite
from crawler.webarchive.server import HOST, FixtureHTTPServer, FixtureRequestHandler
from storage.database import make_engine, session_factory
from storage.models import CrawlRun

ASKS_TO_WAIT = "/dangjian/121330.html"
FAILS_ONCE = "/xindetihui/120712.html"


class FlakyHandler(FixtureRequestHandler):
    """The fixture site, but the first request for two essays fails."""

    seen: ClassVar[dict[str, list[float]]] = defaultdict(list)

    def do_GET(self) -> None:
        self.seen[self.path].append(time.monotonic())
        first = len(self.seen[self.path]) == 1
        if first and self.path in (ASKS_TO_WAIT, FAILS_ONCE):
            self.send_response(503 if self.path == ASKS_TO_WAIT else 500)
            if self.path == ASKS_TO_WAIT:
                self.send_header("Retry-After", "1")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        super().do_GET()


@pytest.fixture
def flaky_site() -> Iterator[tuple[str, dict[str, list[float]]]]:
    site = FixtureSite.load(REPO / "fixtures" / "site", any_host=True)
    seen: ClassVar[dict[str, list[float]]] = defaultdict(list)
    handler: Any = type("Handler", (FlakyHandler,), {"seen": seen})
    server = FixtureHTTPServer((HOST, 0), partial(handler, site=site, validators=False))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02})
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}/", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_retries_wait_for_retry_after_or_back_off(flaky_site: Any, tmp_path: Any) -> None:
    base_url, seen = flaky_site
    db_url = f"sqlite:///{tmp_path / 'archive.db'}"
    run = fanwen(
        "crawl",
        "--start-url",
        base_url,
        "--db",
        db_url,
        *FAST,
        "-s",
        "ARCHIVE_RETRY_BACKOFF_BASE=0.4",
    )
    assert run.returncode == 0, run.stderr
    waited_as_asked = seen[ASKS_TO_WAIT][1] - seen[ASKS_TO_WAIT][0]
    backed_off = seen[FAILS_ONCE][1] - seen[FAILS_ONCE][0]
    assert len(seen[ASKS_TO_WAIT]) == len(seen[FAILS_ONCE]) == 2
    assert waited_as_asked >= 1.0
    assert backed_off >= 0.4
    archived = by_path(export(db_url))
    assert {ASKS_TO_WAIT, FAILS_ONCE} <= set(archived)
    engine = make_engine(db_url)
    with session_factory(engine)() as session:
        retries, failures = session.execute(
            select(CrawlRun.retries, CrawlRun.failure_reasons)
        ).one()
    engine.dispose()
    assert retries == 2
    # Healed URLs are essays, not failures.
    assert "http_503" not in failures and "http_500" not in failures


def test_a_replayed_answer_is_retried_without_waiting(tmp_path: Any) -> None:
    # Live this would wait 30 s at each of RETRY_TIMES (3) retries; a
    # recording answers the same at once.
    busy = RecordedResponse(
        "http://127.0.0.1:9/dangjian/1.html",
        "503 Service Unavailable",
        (("Content-Type", "text/html"), ("Retry-After", "30")),
        b"<h1>busy</h1>",
    )
    warc = write_warc(tmp_path / "busy.warc.gz", [busy])
    db_url = f"sqlite:///{tmp_path / 'archive.db'}"
    run = fanwen("crawl", "--replay", str(warc), "--db", db_url, "--max-failure-rate", "1")
    assert run.returncode == 0, run.stderr
    engine = make_engine(db_url)
    with session_factory(engine)() as session:
        retries, stats = session.execute(select(CrawlRun.retries, CrawlRun.stats)).one()
    engine.dispose()
    assert (retries, stats.get("retry/backoff_ms", 0)) == (3, 0)

"""What a crawl of the fixture site leaves in the archive, read back for the fault tests."""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import select

from storage.database import make_engine, session_factory
from storage.models import Failure

# The fixture site's own failures (tests/test_crawl_e2e.py), there in every crawl.
SITE_FAILURES = {
    "/dangjian/100456.html": ("http_404", 404, 1),
    "/diaoyanbaogao/100731.html": ("http_404", 404, 1),
    "/fanwendaquan/101208.html": ("http_404", 404, 1),
    "/xindetihui/100988.html": ("http_404", 404, 1),
    "/dangjian/123377.html": ("http_404", 404, 1),
    "/dangjian/122640.html": ("soft_404", 200, 1),
    "/dangjian/122590.html": ("missing_title", None, 1),
    "/diaoyanbaogao/122980.html": ("empty_body", None, 1),
}


def failure_rows(db_url: str) -> dict[str, tuple[str, int | None, int | None]]:
    """The failures table by URL path: (reason, status, attempts)."""
    engine = make_engine(db_url)
    with session_factory(engine)() as session:
        rows = session.execute(
            select(Failure.url, Failure.reason, Failure.status, Failure.attempts)
        ).all()
    engine.dispose()
    return {
        urlsplit(url).path: (reason, status, attempts) for url, reason, status, attempts in rows
    }

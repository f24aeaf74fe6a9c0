"""What the crawl benchmark measures and how: the code under test, the
interpreter that runs it, and the crawl options every run shares."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

# The code under test: where ``crawler`` imports from (the checkout, or a
# snapshot put first on PYTHONPATH so that commits landing mid-run change nothing).
_CRAWLER = importlib.util.find_spec("crawler")
PROJECT = Path(_CRAWLER.origin).resolve().parent.parent if _CRAWLER and _CRAWLER.origin else Path()
PYTHON = sys.executable
BENCH = Path(__file__).resolve().parent
CONCURRENCY = 16
# A local server is not a site to be polite to (README: "a local mirror fast").
FAST = [
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    f"CONCURRENT_REQUESTS_PER_DOMAIN={CONCURRENCY}",
    "-s",
    f"CONCURRENT_REQUESTS={CONCURRENCY}",
    "-s",
    "ROBOTSTXT_OBEY=True",
]

"""What a person sees of a crawl: a live line while it runs, a table at the end."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.live import Live
from rich.table import Table
from rich.text import Text
from scrapy import signals
from scrapy.crawler import Crawler

from crawler.health import failure_reasons


class CrawlProgress:
    """A one-line live status on a terminal, fed by the crawler's signals."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.pages = 0
        self.items = 0
        self.dropped = 0
        self._live = Live(self._render(), console=console, transient=True, refresh_per_second=4)

    def connect(self, crawler: Crawler) -> None:
        crawler.signals.connect(self._on_response, signal=signals.response_received)
        crawler.signals.connect(self._on_item, signal=signals.item_scraped)
        crawler.signals.connect(self._on_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self._live.start, signal=signals.spider_opened)
        crawler.signals.connect(self._stop, signal=signals.spider_closed)

    def _stop(self) -> None:
        self._live.stop()

    def _on_response(self) -> None:
        self.pages += 1
        self._live.update(self._render())

    def _on_item(self) -> None:
        self.items += 1
        self._live.update(self._render())

    def _on_dropped(self) -> None:
        self.dropped += 1
        self._live.update(self._render())

    def _render(self) -> Text:
        return Text(
            f"crawling: {self.pages} pages fetched, {self.items} records committed, "
            f"{self.dropped} rejected"
        )


# Pages a cap against pagination traps left unfetched: shown only when some were.
CAPPED = (
    ("essays/pages_capped", "essay pages past ARCHIVE_MAX_ESSAY_PAGES, not fetched"),
    ("essays/list_pages_capped", "list pages past ARCHIVE_MAX_LIST_PAGES, not fetched"),
)


def summary_table(stats: dict[str, Any]) -> Table:
    """The end-of-crawl summary: what was archived, what failed and why, how fast."""
    table = Table(title="crawl summary", show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    rows = [
        ("essays stored (new)", stats.get("archive/essays_new", 0)),
        ("essays updated", stats.get("archive/essays_updated", 0)),
        ("essays unchanged", stats.get("archive/essays_unchanged", 0)),
        ("essays gone (404 now)", stats.get("archive/essays_gone", 0)),
        ("skipped, already archived", stats.get("essays/skipped_known", 0)),
        ("exact copies", stats.get("archive/copies_exact", 0)),
        ("near copies", stats.get("archive/copies_near", 0)),
    ]
    failures = failure_reasons(stats)
    rows.append(("failures", sum(failures.values())))
    rows.extend((f"  {reason}", count) for reason, count in sorted(failures.items()))
    if stats.get("archive/not_stored"):
        rows.append(("NOT stored (archive write failed)", stats["archive/not_stored"]))
    rows.extend((what, stats[stat]) for stat, what in CAPPED if stats.get(stat))
    pages = stats.get("response_received_count", 0)
    elapsed = float(stats.get("elapsed_time_seconds", 0) or 0)
    rows.append(("pages fetched", pages))
    rows.append(("elapsed", f"{elapsed:.2f} s"))
    rows.append(("pages/s", f"{pages / elapsed:.1f}" if elapsed > 0 else "-"))
    rows.append(("retries", stats.get("retry/count", 0)))
    rows.append(("finish reason", stats.get("finish_reason", "?")))
    rows.append(("crawl run", stats.get("archive/run_id", "-")))
    rows.append(("exit code", stats.get("archive/exit_code", "-")))
    for what, count in rows:
        table.add_row(what, str(count))
    return table

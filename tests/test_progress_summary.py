"""The end-of-crawl summary table: the rows a run's stats call for."""

from __future__ import annotations

from typing import Any

from rich.console import Console

from crawler.progress import summary_table

BASE_STATS = {"archive/essays_new": 3, "response_received_count": 5, "finish_reason": "finished"}


def rows(stats: dict[str, Any]) -> dict[str, str]:
    console = Console(width=200, record=True, color_system=None)
    console.print(summary_table(stats))
    cells = (
        [cell.strip() for cell in line.strip("│").split("│")]
        for line in console.export_text().splitlines()
        if line.startswith("│")
    )
    return {what: count for what, count in cells}


def test_pages_a_cap_left_unfetched_are_shown() -> None:
    found = rows({**BASE_STATS, "essays/pages_capped": 10, "essays/list_pages_capped": 3})
    assert found["essay pages past ARCHIVE_MAX_ESSAY_PAGES, not fetched"] == "10"
    assert found["list pages past ARCHIVE_MAX_LIST_PAGES, not fetched"] == "3"


def test_no_cap_row_when_no_cap_was_met() -> None:
    found = rows(BASE_STATS)
    assert [what for what in found if "past ARCHIVE_MAX" in what] == []
    assert found["essays stored (new)"] == "3"

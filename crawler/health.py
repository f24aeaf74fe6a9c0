"""Is a finished crawl healthy? The answer is the process's exit code.

A crawler rarely crashes when a site changes: its selectors stop matching and
it archives nothing, successfully. So a run is judged against the previous
complete run of the same job, not only by how it ended.

Exit codes (also in the README and ``fanwen crawl --help``):

    0  healthy
    1  the crawl did not finish (interrupted, or failed in Scrapy)
    2  usage error (bad option, missing archive)
    3  the archive (or the WARC recording asked for) could not be written
    4  a category that had list entries last time has none now: markup changed
    5  the share of failed URLs passed --max-failure-rate
    6  another run of the same job holds the lock
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

EXIT_OK = 0
EXIT_NOT_FINISHED = 1
EXIT_USAGE = 2
EXIT_ARCHIVE_WRITE_FAILED = 3
EXIT_MARKUP_CHANGED = 4
EXIT_FAILURE_RATE = 5
EXIT_LOCKED = 6

CATEGORY_ENTRIES_STAT = "essays/category_entries/"
# Categories one of whose list pages failed this run: their entries say nothing.
LIST_FAILED_STAT = "essays/list_failed/"
FAILURE_REASON_STAT = "archive/failures/"


@dataclass(frozen=True)
class Health:
    exit_code: int
    problems: dict[str, str] = field(default_factory=dict)


def finished(finish_reason: str) -> bool:
    """Ran out of work, or stopped at a CLOSESPIDER_* limit it was given."""
    return finish_reason == "finished" or finish_reason.startswith("closespider_")


def category_entries(stats: Mapping[str, Any]) -> dict[str, int]:
    """List entries seen this run, per category slug."""
    return {
        key[len(CATEGORY_ENTRIES_STAT) :]: int(value)
        for key, value in stats.items()
        if key.startswith(CATEGORY_ENTRIES_STAT)
    }


def categories_unread(stats: Mapping[str, Any]) -> set[str]:
    """Category slugs a list page of which failed this run."""
    return {key[len(LIST_FAILED_STAT) :] for key in stats if key.startswith(LIST_FAILED_STAT)}


def failure_reasons(stats: Mapping[str, Any]) -> dict[str, int]:
    """Failures committed this run, per reason."""
    return {
        key[len(FAILURE_REASON_STAT) :]: int(value)
        for key, value in stats.items()
        if key.startswith(FAILURE_REASON_STAT)
    }


def failure_rate(stats: Mapping[str, Any]) -> float:
    """Failed URLs over URLs attempted: essays, list pages and failures.

    An essay found deleted is an answer, not a failure. List pages count: a
    nightly run of an unchanged site reads its lists and few essays, and one
    failed essay among them is not the whole run failing.
    """
    gone = int(stats.get("archive/essays_gone", 0))
    failures = int(stats.get("archive/failures", 0)) - gone
    essays = sum(
        int(stats.get(f"archive/essays_{outcome}", 0))
        for outcome in ("new", "updated", "unchanged", "gone")
    )
    attempted = failures + essays + int(stats.get("essays/list_pages", 0))
    return failures / attempted if attempted else 0.0


def assess(
    finish_reason: str,
    stats: Mapping[str, Any],
    previous_entries: Mapping[str, int] | None,
    max_failure_rate: float,
) -> Health:
    """The exit code of a run and every problem found; the most severe code wins."""
    problems: dict[str, str] = {}
    codes: list[int] = []
    # The archive, or the WARC recording asked for.
    write_error = stats.get("archive/error") or stats.get("webarchive/error")
    if finish_reason in ("archive_write_failed", "warc_write_failed") or write_error:
        problems["archive_write_failed"] = str(write_error or finish_reason)
        codes.append(EXIT_ARCHIVE_WRITE_FAILED)
    elif not finished(finish_reason):
        problems["not_finished"] = f"the crawl ended with {finish_reason!r}"
        codes.append(EXIT_NOT_FINISHED)
    if finish_reason == "finished" and previous_entries:
        # Only a run that walked everything can tell that a category went empty,
        # and only of a category whose list pages it read: one that failed to
        # download (a 503) is a failure, counted as such, not a markup change.
        now = category_entries(stats)
        unread = categories_unread(stats)
        emptied = sorted(
            slug
            for slug, before in previous_entries.items()
            if before and not now.get(slug) and slug not in unread
        )
        if emptied:
            problems["markup_changed"] = "no list entries now, some last time, in: " + ", ".join(
                emptied
            )
            codes.append(EXIT_MARKUP_CHANGED)
    rate = failure_rate(stats)
    if rate > max_failure_rate:
        problems["failure_rate"] = f"{rate:.1%} of URLs failed (limit {max_failure_rate:.0%})"
        codes.append(EXIT_FAILURE_RATE)
    # Severity order: a write failure, then an unfinished crawl, then the rest.
    for code in (
        EXIT_ARCHIVE_WRITE_FAILED,
        EXIT_NOT_FINISHED,
        EXIT_MARKUP_CHANGED,
        EXIT_FAILURE_RATE,
    ):
        if code in codes:
            return Health(code, problems)
    return Health(EXIT_OK, problems)

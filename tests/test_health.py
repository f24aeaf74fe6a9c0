"""Run health, retry delays, the refresh plan and the job lock, as plain functions."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crawler.health import (
    EXIT_ARCHIVE_WRITE_FAILED,
    EXIT_FAILURE_RATE,
    EXIT_MARKUP_CHANGED,
    EXIT_NOT_FINISHED,
    EXIT_OK,
    Health,
    assess,
    failure_rate,
)
from crawler.incremental import RefreshPlan
from crawler.jobs import JobLocked, JobNameError, running_job
from crawler.middlewares.retry import backoff_delay, retry_after_delay
from storage.known import KnownEssay

NOW = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)
HEALTHY_STATS = {
    "archive/essays_new": 90,
    "archive/failures": 10,
    "essays/category_entries/dangjian": 40,
    "essays/category_entries/xindetihui": 20,
}


def test_a_finished_run_like_the_last_one_is_healthy() -> None:
    previous = {"dangjian": 35, "xindetihui": 20}
    assert assess("finished", HEALTHY_STATS, previous, 0.2) == Health(EXIT_OK, {})


def test_a_category_gone_empty_is_a_markup_change() -> None:
    stats = {**HEALTHY_STATS, "essays/category_entries/xindetihui": 0}
    previous = {"dangjian": 35, "xindetihui": 20, "fanwendaquan": 0}
    assert assess("finished", stats, previous, 0.2) == Health(
        EXIT_MARKUP_CHANGED,
        {"markup_changed": "no list entries now, some last time, in: xindetihui"},
    )


def test_a_category_whose_list_page_failed_is_no_markup_change() -> None:
    # xindetihui's list page answered 503: a failure, counted in the rate.
    stats = {
        **HEALTHY_STATS,
        "essays/category_entries/xindetihui": 0,
        "essays/list_failed/xindetihui": 1,
    }
    previous = {"dangjian": 35, "xindetihui": 20}
    assert assess("finished", stats, previous, 0.2) == Health(EXIT_OK, {})


def test_a_category_missing_altogether_is_a_markup_change_too() -> None:
    previous = {"dangjian": 35, "xindetihui": 20, "diaoyanbaogao": 7}
    health = assess("finished", HEALTHY_STATS, previous, 0.2)
    assert health.exit_code == EXIT_MARKUP_CHANGED
    assert health.problems["markup_changed"].endswith("in: diaoyanbaogao")


def test_an_unfinished_run_cannot_judge_its_categories() -> None:
    assert assess("shutdown", {"archive/essays_new": 3}, {"dangjian": 35}, 0.2) == Health(
        EXIT_NOT_FINISHED, {"not_finished": "the crawl ended with 'shutdown'"}
    )


def test_the_failure_rate_limit_and_the_most_severe_code_wins() -> None:
    stats = {"archive/essays_new": 7, "archive/failures": 3, "archive/error": "disk full"}
    assert failure_rate(stats) == pytest.approx(0.3)
    assert assess("finished", {**stats, "archive/error": ""}, None, 0.2) == Health(
        EXIT_FAILURE_RATE, {"failure_rate": "30.0% of URLs failed (limit 20%)"}
    )
    health = assess("archive_write_failed", stats, None, 0.2)
    assert health.exit_code == EXIT_ARCHIVE_WRITE_FAILED
    assert set(health.problems) == {"archive_write_failed", "failure_rate"}


def test_list_pages_read_are_urls_attempted() -> None:
    # A quiet nightly run: nine list pages, no new essay, one new essay that failed.
    stats = {"essays/list_pages": 9, "archive/failures": 1}
    assert failure_rate(stats) == pytest.approx(0.1)
    assert assess("finished", stats, None, 0.2) == Health(EXIT_OK, {})


def test_an_essay_found_deleted_is_not_a_failure_of_the_crawl() -> None:
    stats = {"archive/essays_unchanged": 8, "archive/essays_gone": 2, "archive/failures": 2}
    assert failure_rate(stats) == 0.0


def test_backoff_doubles_up_to_its_cap() -> None:
    assert [backoff_delay(n, 0.5, 3.0) for n in range(5)] == [0.5, 1.0, 2.0, 3.0, 3.0]


def test_retry_after_in_seconds_or_as_a_date() -> None:
    assert retry_after_delay("7", NOW, 60) == 7.0
    assert retry_after_delay("3600", NOW, 60) == 60.0
    assert retry_after_delay("Sun, 29 Nov 2026 03:00:20 GMT", NOW, 60) == 20.0
    assert retry_after_delay("Sun, 29 Nov 2026 02:00:00 GMT", NOW, 60) == 0.0
    assert retry_after_delay("soon", NOW, 60) is None
    assert retry_after_delay(None, NOW, 60) is None


def test_the_refresh_plan_skips_archived_and_settled_urls_until_due() -> None:
    fresh = KnownEssay(NOW - timedelta(days=2), '"a"', None)
    old = KnownEssay(NOW - timedelta(days=40), None, "Mon, 01 Jun 2026 00:00:00 GMT")
    gone = KnownEssay(NOW - timedelta(days=40), None, None, gone_at=NOW - timedelta(days=5))
    gone_long_ago = KnownEssay(NOW - timedelta(days=90), None, None, NOW - timedelta(days=60))
    plan = RefreshPlan(
        known={
            "http://s/a/1.html": fresh,
            "http://s/a/2.html": old,
            "http://s/a/3.html": gone,
            "http://s/a/7.html": gone_long_ago,
        },
        failed={
            "http://s/a/4.html": NOW - timedelta(days=1),
            "http://s/a/5.html": NOW - timedelta(days=31),
        },
        refresh_before=NOW - timedelta(days=30),
        stop_after_known=2,
    )
    assert [plan.skip(f"http://s/a/{n}.html") for n in range(1, 7)] == [
        True,
        True,
        True,
        True,
        False,
        False,
    ]
    # A gone essay is due again from when it was found gone.
    assert plan.due_urls() == ["http://s/a/2.html", "http://s/a/7.html"]
    # --full: everything, gone or not.
    assert replace(plan, refresh_before=NOW).due_urls() == [
        "http://s/a/1.html",
        "http://s/a/2.html",
        "http://s/a/3.html",
        "http://s/a/7.html",
    ]
    assert plan.conditional_headers("http://s/a/1.html") == {"If-None-Match": '"a"'}
    assert plan.conditional_headers("http://s/a/2.html") == {
        "If-Modified-Since": "Mon, 01 Jun 2026 00:00:00 GMT"
    }


def test_a_job_lock_refuses_a_second_holder_and_recovers_after_a_kill(tmp_path: Path) -> None:
    with running_job(tmp_path, "nightly") as job:
        assert not job.recovered
        (job.state_dir / "requests.seen").parent.mkdir(parents=True)
        (job.state_dir / "requests.seen").write_text("abc\n")
        with (
            pytest.raises(JobLocked, match="another run of job 'nightly' is running"),
            running_job(tmp_path, "nightly"),
        ):
            pass
    # A clean end leaves the state for a resume and no marker.
    assert (tmp_path / "nightly" / "state" / "requests.seen").exists()
    # A process killed outright leaves the marker: its state is not trusted.
    (tmp_path / "nightly" / "running").write_text("12345\n")
    with running_job(tmp_path, "nightly") as job:
        assert job.recovered
        assert not job.state_dir.exists()


def test_a_job_name_is_a_plain_name(tmp_path: Path) -> None:
    with pytest.raises(JobNameError), running_job(tmp_path, "../elsewhere"):
        pass


@pytest.mark.parametrize("value", ["\u00b2", "\u0661\u0662", "1 0", "soon"])
def test_a_retry_after_no_reader_can_use_asks_for_nothing(value: str) -> None:
    # "²" and Arabic-Indic digits pass str.isdigit() and fail float().
    assert retry_after_delay(value, NOW, 60.0) is None

"""``fanwen crawl``: run the essay spider into the archive and print a summary."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console

from crawler.cli.app import main
from crawler.cli.common import (
    NumberRange,
    OutputFile,
    archive_url,
    db_option,
    redis_option,
    start_url_option,
    table_console,
)
from crawler.crawl_runner import (
    BUNDLED_FIXTURES,
    CrawlResult,
    SettingError,
    parse_setting_pairs,
    project_settings,
    run_crawl,
)
from crawler.health import (
    EXIT_ARCHIVE_WRITE_FAILED,
    EXIT_LOCKED,
    EXIT_NOT_FINISHED,
    EXIT_OK,
    finished,
)
from crawler.jobs import JobLocked, JobNameError, running_job
from crawler.progress import CrawlProgress, summary_table
from crawler.site_profile import ProfileError, load_profile
from crawler.webarchive import RecordingError, replay_start_urls
from storage.database import ArchiveNotWritable, check_writable

# A century: the oldest essay that still gets refetched. Far more would take
# the refresh cutoff before year 1, which a datetime cannot hold.
MAX_REFRESH_DAYS = 36_525


@main.command()
@start_url_option
@db_option
@click.option(
    "--replay",
    type=click.Path(exists=True, path_type=Path),
    help="Answer every request from this WARC file or fixture folder, offline.",
)
@click.option(
    "--warc",
    # The recorder creates the missing folders.
    type=OutputFile(make_folders=True),
    help="Record every request and response to this .warc.gz file.",
)
@click.option(
    "--profile",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A TOML site profile for a sister site of the same CMS.",
)
@click.option(
    "-s",
    "--set",
    "pairs",
    multiple=True,
    metavar="NAME=VALUE",
    help="Any Scrapy or ARCHIVE_* setting, as on `scrapy crawl -s`. Repeatable.",
)
@click.option(
    "--job",
    metavar="NAME",
    help="Run as the scheduled job NAME: one run at a time (a lock), a resumable "
    "frontier in jobs/NAME/, health judged against the job's previous run.",
)
@click.option(
    "--refresh-after",
    type=NumberRange(0, MAX_REFRESH_DAYS),
    default=None,
    metavar="DAYS",
    help=f"Refetch archived essays older than this (default 30; 0 refetches all; "
    f"at most {MAX_REFRESH_DAYS}).",
)
@click.option(
    "--stop-after-known",
    type=click.IntRange(min=0),
    default=None,
    metavar="K",
    help="Stop a category after K list pages in a row with no unseen essay (default 2; "
    "0 walks every page).",
)
@click.option("--full", is_flag=True, help="Walk every list page and refetch every essay.")
@click.option(
    "--max-failure-rate",
    type=NumberRange(0.0, 1.0),
    default=None,
    metavar="RATE",
    help="Exit with code 5 when more than this share of URLs failed (default 0.2).",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a live status line (default: when stderr is a terminal).",
)
@redis_option
@click.option(
    "--idle-timeout",
    type=click.IntRange(min=0),
    metavar="SECONDS",
    help="With --redis: stop once the whole crawl has been quiet this long (0: never; 30).",
)
def crawl(
    start_urls: tuple[str, ...],
    db: str | None,
    replay: Path | None,
    warc: Path | None,
    profile: Path | None,
    pairs: tuple[str, ...],
    job: str | None,
    refresh_after: float | None,
    stop_after_known: int | None,
    full: bool,
    max_failure_rate: float | None,
    progress: bool | None,
    redis_url: str | None,
    idle_timeout: int | None,
) -> None:
    """Crawl a site into the archive and print a summary.

    With no --start-url and no --replay it replays the bundled fixtures, so
    `fanwen crawl` works offline on a fresh checkout.

    \b
    Examples:
      fanwen crawl
      fanwen crawl --start-url https://www.example.com/ --db sqlite:///site.db
      fanwen crawl --start-url http://127.0.0.1:8000/ --warc site.warc.gz \\
          -s AUTOTHROTTLE_ENABLED=False -s CONCURRENT_REQUESTS_PER_DOMAIN=16
      fanwen crawl --replay site.warc.gz --db sqlite:///replayed.db
      fanwen crawl --job nightly --start-url https://www.example.com/
      fanwen crawl --redis redis://10.0.0.5/0 --db postgresql://archive@10.0.0.6/archive

    \b
    Exit codes:
      0  healthy
      1  the crawl did not finish (interrupted, or failed in Scrapy)
      2  usage error
      3  the archive (or the --warc recording) could not be written
      4  a category that had list entries last time has none: markup changed
      5  more URLs failed than --max-failure-rate allows
      6  another run of the same --job is running
    """
    try:
        overrides = parse_setting_pairs(pairs)
        if profile is not None:
            load_profile(profile)  # fail now, in one line, rather than mid-crawl
    except (SettingError, ProfileError) as exc:
        raise click.UsageError(str(exc)) from exc
    # Before a worker seeds the shared frontier: nothing starts on a bad URL.
    db_url = archive_url(db, overrides.get("ARCHIVE_DB_URL"))
    if idle_timeout is not None and not redis_url:
        raise click.UsageError("--idle-timeout is for a worker of a shared crawl: give --redis")
    # A worker of a shared crawl: --start-url seeds it; the frontier holds the rest.
    worker = None
    if redis_url:
        # Imported here, as the worker spider is below: Redis and scrapy-redis
        # are for workers of a shared crawl only.
        from crawler.cli.seed_command import worker_settings

        worker = worker_settings(redis_url, start_urls, idle_timeout)
    if worker is None and not start_urls and replay is None:
        if not (BUNDLED_FIXTURES / "manifest.json").is_file():
            raise click.UsageError("give --start-url or --replay (no bundled fixtures found)")
        replay = BUNDLED_FIXTURES
    urls = list(start_urls)
    if not urls and replay is not None:
        try:
            urls = replay_start_urls(replay)
        except RecordingError as exc:
            raise click.UsageError(str(exc)) from exc
    console = Console(stderr=True)
    show_progress = console.is_terminal if progress is None else progress
    settings = project_settings(
        {
            "ARCHIVE_DB_URL": db_url,
            "ARCHIVE_REPLAY_PATH": str(replay) if replay else None,
            "ARCHIVE_WARC_PATH": str(warc) if warc else None,
            "ARCHIVE_SITE_PROFILE": str(profile) if profile else None,
            # The summary table reports; the log is for trouble.
            "LOG_LEVEL": "WARNING",
            "ARCHIVE_JOB": job,
            "ARCHIVE_REFRESH_AFTER_DAYS": refresh_after,
            "ARCHIVE_STOP_AFTER_KNOWN": stop_after_known,
            "ARCHIVE_FULL": True if full else None,
            "ARCHIVE_MAX_FAILURE_RATE": max_failure_rate,
            **(worker or {}),
        },
        overrides,
    )
    try:
        # A read-only, locked or unreachable archive fails here in one line;
        # once Scrapy has opened the spider it would fail with a traceback.
        check_writable(settings["ARCHIVE_DB_URL"])
    except ArchiveNotWritable as exc:
        click.echo(f"fanwen crawl: {exc} (exit code {EXIT_ARCHIVE_WRITE_FAILED})", err=True)
        sys.exit(EXIT_ARCHIVE_WRITE_FAILED)
    watcher = CrawlProgress(console) if show_progress else None
    on_crawler = watcher.connect if watcher else None

    def crawl_once() -> CrawlResult:
        if worker is not None:
            # Imported here: the worker spider pulls in scrapy-redis and redis.
            from crawler.spiders.distributed import RedisEssaysSpider

            return run_crawl(settings, [], on_crawler=on_crawler, spider_cls=RedisEssaysSpider)
        return run_crawl(settings, urls, on_crawler=on_crawler)

    if job is None:
        result = crawl_once()
    else:
        jobs_dir = Path(settings.get("ARCHIVE_JOBS_DIR", "jobs"))
        try:
            with running_job(jobs_dir, job) as running:
                if running.recovered:
                    click.echo(
                        f"fanwen crawl: the last run of job {job!r} was killed; its saved "
                        "frontier is dropped and the lists are walked again",
                        err=True,
                    )
                settings.set("JOBDIR", str(running.state_dir), priority="cmdline")
                result = crawl_once()
                if finished(result.finish_reason):
                    # The frontier is for resuming this run; the next run starts afresh.
                    running.clear_state()
        except JobNameError as exc:
            raise click.UsageError(str(exc)) from exc
        except JobLocked as exc:
            click.echo(f"fanwen crawl: {exc}", err=True)
            sys.exit(EXIT_LOCKED)
    table_console().print(summary_table(result.stats))
    code = crawl_exit_code(result)
    if code != EXIT_OK:
        problems = [
            str(value) for key, value in result.stats.items() if key.startswith("archive/health/")
        ]
        message = "; ".join(problems) or f"crawl ended: {result.finish_reason}"
        click.echo(f"fanwen crawl: {message} (exit code {code})", err=True)
        sys.exit(code)


def crawl_exit_code(result: CrawlResult) -> int:
    """The run's health, as the store pipeline judged it; without one, how it ended."""
    code = result.stats.get("archive/exit_code")
    if code is not None:
        return int(code)
    return EXIT_OK if finished(result.finish_reason) else EXIT_NOT_FINISHED
